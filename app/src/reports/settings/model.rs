//! What a commune admin sets for the handling of reports, as the settings page
//! shows it and as its forms send it: categories with their resolve targets,
//! the working time deadlines count (hours per weekday, days off), reply
//! templates, and the Open311 keys of other systems.

use serde::{Deserialize, Serialize};

use crate::error::{FieldProblem, Problem};
use crate::hours::{Closure, Interval, WEEKDAYS, clock, parse_closures, parse_day};
use crate::places::model::CommuneSummary;
use crate::reports::deadlines::WorkingTime;
use crate::reports::model::Category;
use crate::reports::model::Template;

/// The longest category name, template title and key name.
pub const NAME_MAX: usize = 100;
/// Working days a category may give to resolve a report.
pub const RESOLVE_DAYS: std::ops::RangeInclusive<i64> = 1..=90;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryUse {
    pub category: Category,
    /// Reports filed in it: a category in use cannot be removed.
    pub reports: i64,
}

/// An Open311 key as the admin sees it (never the key itself, which is shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub created_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    /// Reports filed with it.
    pub reports: i64,
}

/// The settings page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    pub commune: CommuneSummary,
    pub categories: Vec<CategoryUse>,
    pub working: WorkingTimeInput,
    pub templates: Vec<Template>,
    pub keys: Vec<ApiKey>,
    /// A key just issued, shown this once.
    pub new_key: Option<String>,
}

/// The working-time form: a day's hours as `07:30-11:30, 13:30-17:00` (empty:
/// no work that day) and the days off, one per line: `02/09/2027 Quốc khánh`.
/// Its fields are named `working[mon]` … `working[sun]`, `working[holidays]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingTimeInput {
    #[serde(default)]
    pub mon: String,
    #[serde(default)]
    pub tue: String,
    #[serde(default)]
    pub wed: String,
    #[serde(default)]
    pub thu: String,
    #[serde(default)]
    pub fri: String,
    #[serde(default)]
    pub sat: String,
    #[serde(default)]
    pub sun: String,
    #[serde(default)]
    pub holidays: String,
}

/// Working time as checked: the periods of the week and the days off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedWorkingTime {
    pub periods: Vec<Interval>,
    pub holidays: Vec<Closure>,
}

impl WorkingTimeInput {
    pub fn days(&self) -> [&str; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    /// The form of stored working time.
    pub fn from_stored(working: &WorkingTime, holidays: &[Closure]) -> Self {
        let day = |i: usize| {
            working.week[i]
                .iter()
                .map(|(opens, closes)| format!("{}-{}", clock(*opens), clock(*closes)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        WorkingTimeInput {
            mon: day(0),
            tue: day(1),
            wed: day(2),
            thu: day(3),
            fri: day(4),
            sat: day(5),
            sun: day(6),
            holidays: holidays
                .iter()
                .map(|c| {
                    let (y, rest) = c.date.split_at(4);
                    let date = format!("{}/{}/{y}", &rest[4..6], &rest[1..3]);
                    format!("{date} {}", c.note).trim_end().to_owned()
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Checks every day and the days off; on failure, each wrong field. A week
    /// without any working period is refused: no deadline could ever fall.
    pub fn check(&self) -> Result<CheckedWorkingTime, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut periods = Vec::new();
        for (i, (text, field)) in self.days().into_iter().zip(WEEKDAYS).enumerate() {
            match parse_day(text, i as u8 + 1) {
                Ok(day) => periods.extend(day),
                Err(problem) => problems.push(FieldProblem {
                    line: 0,
                    field: field.to_owned(),
                    problem,
                }),
            }
        }
        if problems.is_empty() && periods.is_empty() {
            problems.push(FieldProblem {
                line: 0,
                field: "mon".to_owned(),
                problem: Problem::WorkingTimeEmpty,
            });
        }
        let holidays = parse_closures(&self.holidays).unwrap_or_else(|problem| {
            problems.push(FieldProblem {
                line: 0,
                field: "holidays".to_owned(),
                problem,
            });
            Vec::new()
        });
        if problems.is_empty() {
            Ok(CheckedWorkingTime { periods, holidays })
        } else {
            Err(problems)
        }
    }
}

impl CheckedWorkingTime {
    pub fn working_time(&self) -> WorkingTime {
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for period in &self.periods {
            week[usize::from(period.weekday - 1)].push((period.opens, period.closes));
        }
        WorkingTime {
            week,
            holidays: self.holidays.iter().map(|c| c.date.clone()).collect(),
        }
    }
}

/// A name (of a category, template or key): trimmed, not empty, not too long.
pub fn name(text: &str, missing: Problem) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(missing);
    }
    if text.chars().count() > NAME_MAX {
        return Err(Problem::TextTooLong);
    }
    Ok(text.to_owned())
}

/// Working days to resolve, 1 to 90.
pub fn resolve_days(text: &str) -> Result<i64, Problem> {
    text.trim()
        .parse()
        .ok()
        .filter(|days| RESOLVE_DAYS.contains(days))
        .ok_or(Problem::ResolveDaysInvalid)
}

/// The Open311 `service_code` of a new category: its name folded to ASCII
/// words joined by `_` ("Cây xanh đô thị" → `cay_xanh_do_thi`), made unique
/// among `taken` with a number.
#[cfg(feature = "ssr")]
pub fn category_code(name: &str, taken: &[String]) -> String {
    let mut base = crate::places::search::fold(name).replace(' ', "_");
    base.truncate(40);
    let base = if base.is_empty() {
        "loai".to_owned()
    } else {
        base
    };
    let mut code = base.clone();
    let mut n = 2;
    while taken.contains(&code) {
        code = format!("{base}_{n}");
        n += 1;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> WorkingTimeInput {
        let day = "07:30-11:30, 13:30-17:00".to_owned();
        WorkingTimeInput {
            mon: day.clone(),
            tue: day.clone(),
            wed: day.clone(),
            thu: day.clone(),
            fri: day,
            ..WorkingTimeInput::default()
        }
    }

    #[test]
    fn government_hours_round_trip() {
        let mut input = office();
        input.holidays = "02/09/2027 Quốc khánh\n2027-01-01".into();
        let checked = input.check().unwrap();
        let working = checked.working_time();
        assert_eq!(working.week, WorkingTime::default().week);
        assert!(working.holidays.contains("2027-09-02"));
        let back = WorkingTimeInput::from_stored(&working, &checked.holidays);
        assert_eq!(back.mon, "07:30-11:30, 13:30-17:00");
        assert_eq!(back.sat, "");
        assert_eq!(back.holidays, "01/01/2027\n02/09/2027 Quốc khánh");
    }

    #[test]
    fn every_wrong_field_is_named() {
        let mut input = office();
        input.tue = "13:30-11:00".into();
        input.sat = "8h-11h".into();
        input.holidays = "31/02/2027".into();
        let problems = input.check().unwrap_err();
        let fields: Vec<_> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("tue", Problem::HoursEndBeforeStart),
                ("sat", Problem::HoursInvalid),
                ("holidays", Problem::ClosureInvalid)
            ]
        );
    }

    #[test]
    fn a_week_without_work_is_refused() {
        let problems = WorkingTimeInput::default().check().unwrap_err();
        assert_eq!(problems[0].problem, Problem::WorkingTimeEmpty);
    }

    #[test]
    fn names_and_days() {
        assert_eq!(
            name("  Cây xanh ", Problem::NameMissing).unwrap(),
            "Cây xanh"
        );
        assert_eq!(name(" ", Problem::NameMissing), Err(Problem::NameMissing));
        assert_eq!(
            name(&"a".repeat(101), Problem::NameMissing),
            Err(Problem::TextTooLong)
        );
        assert_eq!(resolve_days("7"), Ok(7));
        for bad in ["0", "91", "", "năm", "2.5"] {
            assert_eq!(resolve_days(bad), Err(Problem::ResolveDaysInvalid), "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn codes_are_ascii_and_unique() {
        assert_eq!(category_code("Cây xanh đô thị", &[]), "cay_xanh_do_thi");
        let taken = vec!["cay_xanh".to_owned(), "cay_xanh_2".to_owned()];
        assert_eq!(category_code("Cây xanh", &taken), "cay_xanh_3");
        assert_eq!(category_code("!!!", &[]), "loai");
    }
}
