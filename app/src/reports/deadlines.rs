//! Deadlines in working time: a report must be acknowledged within 8 working
//! hours (4 when urgent) and resolved within its category's target in working
//! days. Working time is government hours in Vietnam (Monday to Friday,
//! 07:30–11:30 and 13:30–17:00 by default) minus the commune's holidays; the
//! clock stops at lunch, at night, at weekends and on holidays.

use std::collections::BTreeSet;

const VIETNAM_OFFSET_MS: i64 = 7 * 60 * 60 * 1000;
const DAY_MS: i64 = 86_400_000;
const MINUTE_MS: i64 = 60_000;

/// Hours to acknowledge a report, and when it is urgent.
pub const ACKNOWLEDGE_HOURS: u32 = 8;
pub const ACKNOWLEDGE_HOURS_URGENT: u32 = 4;
/// Working days to resolve a report when its category sets no target.
pub const DEFAULT_RESOLVE_DAYS: u32 = 5;

/// When a commune works: for each weekday (index 0 Monday … 6 Sunday) its
/// periods in minutes after midnight, and the dates (`yyyy-mm-dd`) it does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingTime {
    pub week: [Vec<(u16, u16)>; 7],
    pub holidays: BTreeSet<String>,
}

impl Default for WorkingTime {
    /// Government hours, Monday to Friday, without holidays.
    fn default() -> Self {
        let office = vec![(450, 690), (810, 1020)];
        WorkingTime {
            week: [
                office.clone(),
                office.clone(),
                office.clone(),
                office.clone(),
                office,
                Vec::new(),
                Vec::new(),
            ],
            holidays: BTreeSet::new(),
        }
    }
}

impl WorkingTime {
    /// Working minutes in a full working day (Monday's periods), which is what
    /// "a working day" of a resolve target counts.
    pub fn day_minutes(&self) -> u32 {
        let monday: u32 = self.week[0]
            .iter()
            .map(|(opens, closes)| u32::from(closes - opens))
            .sum();
        if monday > 0 { monday } else { 480 }
    }

    /// The moment (UTC ms) that is `minutes` of working time after `start`.
    /// Starting outside working time, the clock starts at the next period.
    pub fn add(&self, start_ms: i64, minutes: u32) -> i64 {
        let local = start_ms + VIETNAM_OFFSET_MS;
        let mut day = local.div_euclid(DAY_MS);
        let mut minute_of_day = (local.rem_euclid(DAY_MS) / MINUTE_MS) as u16;
        let mut left = minutes;
        // A commune with no working time at all would never reach a deadline;
        // ten years of days is the bound.
        for _ in 0..3660 {
            if !self.is_holiday(day) {
                let weekday = (day + 3).rem_euclid(7) as usize;
                for &(opens, closes) in &self.week[weekday] {
                    if closes <= minute_of_day {
                        continue;
                    }
                    let from = opens.max(minute_of_day);
                    let available = u32::from(closes - from);
                    if left <= available {
                        let at = i64::from(from) + i64::from(left);
                        // The deadline falls exactly at the end of a period: fine.
                        return day * DAY_MS + at * MINUTE_MS - VIETNAM_OFFSET_MS;
                    }
                    left -= available;
                }
            }
            day += 1;
            minute_of_day = 0;
        }
        start_ms + 3660 * DAY_MS
    }

    /// When a report filed at `filed_ms` must be acknowledged.
    pub fn acknowledge_by(&self, filed_ms: i64, urgent: bool) -> i64 {
        let hours = if urgent {
            ACKNOWLEDGE_HOURS_URGENT
        } else {
            ACKNOWLEDGE_HOURS
        };
        self.add(filed_ms, hours * 60)
    }

    /// When a report filed at `filed_ms` must be resolved, `days` working days on.
    pub fn resolve_by(&self, filed_ms: i64, days: u32) -> i64 {
        self.add(filed_ms, days * self.day_minutes())
    }

    /// Working minutes between `start_ms` and `end_ms` (0 when `end_ms` comes
    /// first): how long a report waited, on the clock its deadlines run on.
    /// The dashboards keep this when a report is acknowledged or resolved,
    /// because SQL cannot count working time.
    pub fn minutes_between(&self, start_ms: i64, end_ms: i64) -> i64 {
        if end_ms <= start_ms {
            return 0;
        }
        let (start, end) = (start_ms + VIETNAM_OFFSET_MS, end_ms + VIETNAM_OFFSET_MS);
        let first = start.div_euclid(DAY_MS);
        // Ten years of days at most, as `add` does.
        let last = end.div_euclid(DAY_MS).min(first + 3660);
        let mut total = 0;
        for day in first..=last {
            if self.is_holiday(day) {
                continue;
            }
            let weekday = (day + 3).rem_euclid(7) as usize;
            for &(opens, closes) in &self.week[weekday] {
                let from = (day * DAY_MS + i64::from(opens) * MINUTE_MS).max(start);
                let to = (day * DAY_MS + i64::from(closes) * MINUTE_MS).min(end);
                if to > from {
                    total += to - from;
                }
            }
        }
        total / MINUTE_MS
    }

    fn is_holiday(&self, day: i64) -> bool {
        !self.holidays.is_empty() && self.holidays.contains(&crate::time::iso_date(day * DAY_MS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTC ms of a Vietnam local time.
    fn at(date: &str, time: &str) -> i64 {
        let (y, rest) = date.split_at(4);
        let m: i64 = rest[1..3].parse().unwrap();
        let d: i64 = rest[4..6].parse().unwrap();
        let y: i64 = y.parse().unwrap();
        // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
        let y2 = if m <= 2 { y - 1 } else { y };
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        let (h, min) = time.split_once(':').unwrap();
        let minutes: i64 = h.parse::<i64>().unwrap() * 60 + min.parse::<i64>().unwrap();
        days * DAY_MS + minutes * MINUTE_MS - VIETNAM_OFFSET_MS
    }

    fn shown(ms: i64) -> String {
        crate::time::date_time(ms)
    }

    #[test]
    fn within_one_morning() {
        let office = WorkingTime::default();
        // Monday 30/11/2026 08:00 + 2 h = 10:00.
        assert_eq!(
            shown(office.add(at("2026-11-30", "08:00"), 120)),
            "30/11/2026 10:00"
        );
    }

    #[test]
    fn the_lunch_break_does_not_count() {
        let office = WorkingTime::default();
        // 10:30 + 2 h: one hour before lunch, one after (13:30 → 14:30).
        assert_eq!(
            shown(office.add(at("2026-11-30", "10:30"), 120)),
            "30/11/2026 14:30"
        );
        // Filed at lunch: the clock starts at 13:30.
        assert_eq!(
            shown(office.add(at("2026-11-30", "12:00"), 60)),
            "30/11/2026 14:30"
        );
    }

    #[test]
    fn eight_hours_from_friday_afternoon_end_on_monday() {
        let office = WorkingTime::default();
        // Friday 04/12/2026 16:00: 1 h on Friday, 4 h Monday morning, 3 h after lunch.
        let filed = at("2026-12-04", "16:00");
        assert_eq!(
            shown(office.acknowledge_by(filed, false)),
            "07/12/2026 16:30"
        );
        // Urgent: 4 h → 1 h Friday + 3 h Monday morning.
        assert_eq!(
            shown(office.acknowledge_by(filed, true)),
            "07/12/2026 10:30"
        );
    }

    #[test]
    fn weekends_and_nights_wait_for_monday() {
        let office = WorkingTime::default();
        // Saturday evening: the clock starts Monday 07:30.
        assert_eq!(
            shown(office.add(at("2026-12-05", "20:00"), 30)),
            "07/12/2026 08:00"
        );
        // Exactly at the end of a period.
        assert_eq!(
            shown(office.add(at("2026-12-07", "07:30"), 240)),
            "07/12/2026 11:30"
        );
    }

    #[test]
    fn holidays_are_skipped() {
        let mut office = WorkingTime::default();
        office.holidays.insert("2026-12-07".into());
        office.holidays.insert("2026-12-08".into());
        // Friday 16:00 + 8 h, Monday and Tuesday off: ends Wednesday 16:30.
        assert_eq!(
            shown(office.acknowledge_by(at("2026-12-04", "16:00"), false)),
            "09/12/2026 16:30"
        );
    }

    #[test]
    fn resolve_targets_count_working_days() {
        let office = WorkingTime::default();
        assert_eq!(office.day_minutes(), 450);
        // Monday 09:00 + 5 working days = next Monday 09:00.
        assert_eq!(
            shown(office.resolve_by(at("2026-11-30", "09:00"), DEFAULT_RESOLVE_DAYS)),
            "07/12/2026 09:00"
        );
    }

    #[test]
    fn minutes_between_count_only_working_time() {
        let mut office = WorkingTime::default();
        // Within one morning.
        assert_eq!(
            office.minutes_between(at("2026-11-30", "08:00"), at("2026-11-30", "10:00")),
            120
        );
        // Friday 16:00 to Monday 08:30: 60 on Friday, 60 on Monday.
        assert_eq!(
            office.minutes_between(at("2026-12-04", "16:00"), at("2026-12-07", "08:30")),
            120
        );
        // The other way round of `add`, across lunch and a holiday.
        office.holidays.insert("2026-12-07".into());
        let filed = at("2026-12-04", "16:00");
        assert_eq!(office.minutes_between(filed, office.add(filed, 480)), 480);
        // Backwards is nothing.
        assert_eq!(office.minutes_between(filed, filed - 1), 0);
    }

    #[test]
    fn no_working_time_at_all_still_ends() {
        let never = WorkingTime {
            week: Default::default(),
            holidays: BTreeSet::new(),
        };
        let start = at("2026-11-30", "09:00");
        assert!(never.add(start, 60) > start);
    }
}
