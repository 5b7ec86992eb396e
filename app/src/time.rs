//! Dates as people in Vietnam read them: dd/mm/yyyy in Asia/Ho_Chi_Minh (UTC+7
//! all year; Vietnam has no daylight saving time).

const VIETNAM_OFFSET_MS: i64 = 7 * 60 * 60 * 1000;

/// `29/11/2026 21:05` for UTC epoch milliseconds.
pub fn date_time(ms: i64) -> String {
    let local = ms + VIETNAM_OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{day:02}/{month:02}/{year} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

/// `29/11/2026` for UTC epoch milliseconds.
pub fn date(ms: i64) -> String {
    date_time(ms)[..10].to_owned()
}

/// The day of the week (1 Monday … 7 Sunday) and the minute of the day, in
/// Vietnam, at UTC epoch milliseconds `ms`: what "open now" is decided on.
pub fn weekday_and_minute(ms: i64) -> (u8, u16) {
    let local = ms + VIETNAM_OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    // 1970-01-01 was a Thursday.
    let weekday = ((days + 3).rem_euclid(7) + 1) as u8;
    let minute = (local.rem_euclid(86_400_000) / 60_000) as u16;
    (weekday, minute)
}

/// `2026-11-30`: the date in Vietnam at `ms`, as holidays are listed.
pub fn iso_date(ms: i64) -> String {
    let days = (ms + VIETNAM_OFFSET_MS).div_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `2026-11-30T08:16:00+07:00`: ISO 8601 in Vietnam time, as Open311 writes dates.
pub fn iso_date_time(ms: i64) -> String {
    let local = ms + VIETNAM_OFFSET_MS;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400_000));
    let seconds = local.rem_euclid(86_400_000) / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+07:00",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// `2027-09-02` or `02/09/2027` → `2027-09-02`, for a real date.
pub fn parse_date(text: &str) -> Option<String> {
    let numbers: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [a, b, c] = numbers.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let year: u32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((2000..=2100).contains(&year) && (1..=days).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// `30/11/2026` for `2026-11-30` (any other text as it is).
pub fn day_label(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [year, month, day] => format!("{day}/{month}/{year}"),
        _ => iso.to_owned(),
    }
}

/// UTC milliseconds of an ISO 8601 date (`2026-11-30`, Vietnam midnight) or
/// date and time with an offset (`2026-11-30T08:16:00+07:00`, `…Z`).
pub fn parse_iso(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_at(text.len().min(10));
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || parts.next().is_some() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let (clock, offset_ms) = match rest.strip_prefix('T') {
        None if rest.is_empty() => ("00:00:00", VIETNAM_OFFSET_MS),
        None => return None,
        Some(rest) => {
            if let Some(clock) = rest.strip_suffix('Z') {
                (clock, 0)
            } else {
                let at = rest.rfind(['+', '-'])?;
                let (clock, offset) = rest.split_at(at);
                let sign = if offset.starts_with('-') { -1 } else { 1 };
                let (h, m) = offset[1..].split_once(':')?;
                let minutes = h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?;
                (clock, sign * minutes * 60_000)
            }
        }
    };
    let mut clock = clock.split(':');
    let h: i64 = clock.next()?.parse().ok()?;
    let m: i64 = clock.next()?.parse().ok()?;
    let s: i64 = clock
        .next()
        .unwrap_or("0")
        .split('.')
        .next()?
        .parse()
        .ok()?;
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days * 86_400_000 + ((h * 60 + m) * 60 + s) * 1000 - offset_ms)
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnam_time() {
        assert_eq!(date_time(0), "01/01/1970 07:00");
        // 2026-11-29T20:58:00Z is the next morning in Hà Nội.
        assert_eq!(date_time(1_795_985_880_000), "30/11/2026 03:58");
        // 2024-02-29T16:59:00Z: leap day, still the 29th in Vietnam until 17:00 UTC.
        assert_eq!(date_time(1_709_225_940_000), "29/02/2024 23:59");
    }

    #[test]
    fn iso_dates_round_trip() {
        let at = 1_795_985_880_000;
        assert_eq!(iso_date_time(at), "2026-11-30T03:58:00+07:00");
        assert_eq!(parse_iso(&iso_date_time(at)), Some(at));
        assert_eq!(parse_iso("2026-11-29T20:58:00Z"), Some(at));
        assert_eq!(parse_iso("2026-11-30"), Some(at - (3 * 60 + 58) * 60_000));
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-11-30T25:00:00Z",
            "2026-11-30X",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn weekdays_and_dates_in_vietnam() {
        // 2026-11-29T20:58Z is Monday 30/11/2026, 03:58 in Hà Nội.
        assert_eq!(weekday_and_minute(1_795_985_880_000), (1, 3 * 60 + 58));
        assert_eq!(iso_date(1_795_985_880_000), "2026-11-30");
        // 1970-01-01T00:00Z: Thursday, 07:00.
        assert_eq!(weekday_and_minute(0), (4, 420));
    }
}
