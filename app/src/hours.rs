//! Opening hours and days closed, as a service or a commune office keeps them
//! (Vietnam time): the directory's entries and the reports' working time use
//! them alike. Both sides: the server checks them, pages show them.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// The weekday fields, Monday (1) to Sunday (7).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// How long a closure's note may be, in characters.
const NOTE_MAX: usize = 300;

/// How many closures a list may hold.
const CLOSURES_MAX: usize = 60;

/// One opening interval: on `weekday` (1 Monday … 7 Sunday) from `opens` to
/// `closes`, in minutes after midnight, Vietnam time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    pub weekday: u8,
    pub opens: u16,
    pub closes: u16,
}

/// A week of opening hours: several intervals a day, none overlapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours(Vec<Interval>);

/// When a service is next open, or until when it is open now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenStatus {
    /// Open now, until `closes` (minutes after midnight) today.
    OpenUntil { closes: u16 },
    /// Closed; opens next on `weekday` at `opens` (minutes after midnight).
    ClosedUntil { weekday: u8, opens: u16 },
    /// No opening hours are listed.
    Unknown,
}

/// `07:30` → 450 minutes.
pub fn parse_clock(text: &str) -> Result<u16, Problem> {
    let (hours, minutes) = text.trim().split_once(':').ok_or(Problem::HoursInvalid)?;
    let hours: u16 = hours.parse().map_err(|_| Problem::HoursInvalid)?;
    let minutes: u16 = minutes.parse().map_err(|_| Problem::HoursInvalid)?;
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(Problem::HoursInvalid);
    }
    Ok(hours * 60 + minutes)
}

/// 450 → `07:30`.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl OpeningHours {
    /// Hours read back from the database, where only checked hours are stored.
    pub fn from_db(intervals: Vec<Interval>) -> Self {
        OpeningHours(intervals)
    }

    /// Checks every interval (a real weekday, ends after it starts) and that no
    /// two intervals of a day overlap; keeps them sorted.
    pub fn new(mut intervals: Vec<Interval>) -> Result<Self, Problem> {
        for interval in &intervals {
            if !(1..=7).contains(&interval.weekday) || interval.closes > 24 * 60 {
                return Err(Problem::HoursInvalid);
            }
            if interval.closes <= interval.opens {
                return Err(Problem::HoursEndBeforeStart);
            }
        }
        intervals.sort_by_key(|i| (i.weekday, i.opens));
        for pair in intervals.windows(2) {
            if pair[0].weekday == pair[1].weekday && pair[1].opens < pair[0].closes {
                return Err(Problem::HoursOverlap);
            }
        }
        Ok(OpeningHours(intervals))
    }

    pub fn intervals(&self) -> &[Interval] {
        &self.0
    }

    /// Whether the service is open at `weekday` and `minute` (Vietnam time), on a
    /// day that is not one of its closures, and if not, when it opens next.
    /// `closed_on(days_ahead)` tells whether the day `days_ahead` from today is a
    /// listed closure (a holiday).
    pub fn status(&self, weekday: u8, minute: u16, closed_on: impl Fn(u8) -> bool) -> OpenStatus {
        if self.0.is_empty() {
            return OpenStatus::Unknown;
        }
        if !closed_on(0)
            && let Some(now) = self
                .0
                .iter()
                .find(|i| i.weekday == weekday && i.opens <= minute && minute < i.closes)
        {
            return OpenStatus::OpenUntil { closes: now.closes };
        }
        // The next opening within the coming week (today later on counts).
        for days_ahead in 0..8u8 {
            if closed_on(days_ahead) {
                continue;
            }
            let day = (weekday - 1 + days_ahead) % 7 + 1;
            let next = self
                .0
                .iter()
                .filter(|i| i.weekday == day)
                .find(|i| days_ahead > 0 || i.opens > minute);
            if let Some(next) = next {
                return OpenStatus::ClosedUntil {
                    weekday: day,
                    opens: next.opens,
                };
            }
        }
        OpenStatus::Unknown
    }
}

/// A day a service is closed although its hours say open (a holiday).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// `yyyy-mm-dd` in Vietnam.
    pub date: String,
    pub note: String,
}

/// One day's hours as typed: `07:30-11:30, 13:30-17:00` (empty: closed).
pub fn parse_day(text: &str, weekday: u8) -> Result<Vec<Interval>, Problem> {
    let mut intervals = Vec::new();
    for span in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let (opens, closes) = span
            .split_once(['-', '–', '—'])
            .ok_or(Problem::HoursInvalid)?;
        intervals.push(Interval {
            weekday,
            opens: parse_clock(opens)?,
            closes: parse_clock(closes)?,
        });
    }
    // Checks the order and overlaps of this day alone, so the error names it.
    OpeningHours::new(intervals.clone())?;
    Ok(intervals)
}

/// Days closed, one per line (or separated by `;`): a date, `yyyy-mm-dd` or
/// `dd/mm/yyyy`, then an optional note: `02/09/2027 Nghỉ lễ Quốc khánh`.
pub fn parse_closures(text: &str) -> Result<Vec<Closure>, Problem> {
    let mut closures = Vec::new();
    for line in text
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let (date, note) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let date = crate::time::parse_date(date).ok_or(Problem::ClosureInvalid)?;
        if note.trim().chars().count() > NOTE_MAX {
            return Err(Problem::TextTooLong);
        }
        closures.push(Closure {
            date,
            note: note.trim().to_owned(),
        });
    }
    if closures.len() > CLOSURES_MAX {
        return Err(Problem::TextTooLong);
    }
    closures.sort_by(|a, b| a.date.cmp(&b.date));
    closures.dedup_by(|a, b| a.date == b.date);
    Ok(closures)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(list: &[(u8, &str, &str)]) -> Result<OpeningHours, Problem> {
        OpeningHours::new(
            list.iter()
                .map(|(weekday, opens, closes)| Interval {
                    weekday: *weekday,
                    opens: parse_clock(opens).unwrap(),
                    closes: parse_clock(closes).unwrap(),
                })
                .collect(),
        )
    }

    /// Government hours: Monday to Friday, 07:30–11:30 and 13:30–17:00.
    fn office() -> OpeningHours {
        let mut list = Vec::new();
        for day in 1..=5 {
            list.push((day, "07:30", "11:30"));
            list.push((day, "13:30", "17:00"));
        }
        hours(&list).unwrap()
    }

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("07:30"), Ok(450));
        assert_eq!(parse_clock("24:00"), Ok(1440));
        assert_eq!(clock(450), "07:30");
        for bad in ["7", "07:60", "25:00", "24:01", "ab:cd", ""] {
            assert_eq!(parse_clock(bad), Err(Problem::HoursInvalid), "{bad}");
        }
    }

    #[test]
    fn hours_are_checked() {
        assert_eq!(
            hours(&[(1, "11:00", "07:00")]),
            Err(Problem::HoursEndBeforeStart)
        );
        assert_eq!(
            hours(&[(1, "07:00", "07:00")]),
            Err(Problem::HoursEndBeforeStart)
        );
        assert_eq!(
            hours(&[(1, "07:00", "11:30"), (1, "11:00", "17:00")]),
            Err(Problem::HoursOverlap)
        );
        assert!(
            hours(&[(1, "07:00", "11:30"), (1, "11:30", "17:00")]).is_ok(),
            "touching is fine"
        );
        assert!(hours(&[(1, "07:00", "11:30"), (2, "07:00", "11:30")]).is_ok());
        assert_eq!(hours(&[(8, "07:00", "11:30")]), Err(Problem::HoursInvalid));
    }

    #[test]
    fn open_now_and_next_opening() {
        let office = office();
        let open = |_: u8| false;
        // Tuesday 09:00: open until 11:30.
        assert_eq!(
            office.status(2, 540, open),
            OpenStatus::OpenUntil { closes: 690 }
        );
        // Tuesday 12:00: lunch, opens again at 13:30.
        assert_eq!(
            office.status(2, 720, open),
            OpenStatus::ClosedUntil {
                weekday: 2,
                opens: 810
            }
        );
        // Friday 17:00: closed, opens Monday 07:30.
        assert_eq!(
            office.status(5, 1020, open),
            OpenStatus::ClosedUntil {
                weekday: 1,
                opens: 450
            }
        );
        // Sunday: Monday morning.
        assert_eq!(
            office.status(7, 600, open),
            OpenStatus::ClosedUntil {
                weekday: 1,
                opens: 450
            }
        );
        // A holiday today (Tuesday 09:00) closes it; Wednesday is next.
        assert_eq!(
            office.status(2, 540, |days| days == 0),
            OpenStatus::ClosedUntil {
                weekday: 3,
                opens: 450
            }
        );
        assert_eq!(
            OpeningHours::default().status(2, 540, open),
            OpenStatus::Unknown
        );
    }
}
