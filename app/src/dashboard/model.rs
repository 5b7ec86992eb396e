//! What the dashboards show: the period they cover, the figures of one commune,
//! one row per commune of a province, and the public record of a commune. The
//! database computes the counts (see `db.rs`); these types carry them and do the
//! little arithmetic left (shares, percentiles' ranks).

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::places::model::{CommuneSummary, Province};

const DAY_MS: i64 = 86_400_000;
/// The longest period a dashboard covers: five years (with their leap days).
pub const MAX_PERIOD_DAYS: i64 = 5 * 365 + 2;
/// The plan's target: the share of communes that offer an essential service
/// online and collect residents' satisfaction online.
pub const TARGET_PERCENT: f64 = 40.0;
/// Entries not verified for this long are "to check".
pub const STALE_AFTER_MS: i64 = 183 * DAY_MS;
/// Weeks of the received/resolved chart.
pub const WEEKS: usize = 12;

/// The period selector's choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
        PeriodKind::Custom,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
            PeriodKind::Custom => "custom",
        }
    }
}

/// The days a dashboard counts, both included, as `yyyy-mm-dd` in Vietnam.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: String,
    pub to: String,
}

impl Period {
    /// The period the selector asks for on `today` (`yyyy-mm-dd`): this month,
    /// quarter or year so far, or the custom dates (`yyyy-mm-dd` or
    /// `dd/mm/yyyy`). Empty means this month.
    pub fn parse(kind: &str, from: &str, to: &str, today: &str) -> Result<Period, Problem> {
        let (year, month) = (&today[..4], today[5..7].parse::<u32>().unwrap_or(1));
        let starting = |m: u32| format!("{year}-{m:02}-01");
        let (kind, from) = match kind.trim() {
            "" | "month" => (PeriodKind::Month, starting(month)),
            "quarter" => (PeriodKind::Quarter, starting((month - 1) / 3 * 3 + 1)),
            "year" => (PeriodKind::Year, starting(1)),
            "custom" => {
                let from = crate::time::parse_date(from).ok_or(Problem::PeriodInvalid)?;
                let to = crate::time::parse_date(to).ok_or(Problem::PeriodInvalid)?;
                let period = Period {
                    kind: PeriodKind::Custom,
                    from,
                    to,
                };
                let (start, end) = period.bounds_ms();
                if end <= start {
                    return Err(Problem::PeriodBackwards);
                }
                if end - start > MAX_PERIOD_DAYS * DAY_MS {
                    return Err(Problem::PeriodTooLong);
                }
                return Ok(period);
            }
            _ => return Err(Problem::PeriodInvalid),
        };
        Ok(Period {
            kind,
            from,
            to: today.to_owned(),
        })
    }

    /// UTC milliseconds from the first day's midnight to the midnight after the
    /// last day, in Vietnam.
    pub fn bounds_ms(&self) -> (i64, i64) {
        let start = crate::time::parse_iso(&self.from).unwrap_or(0);
        let end = crate::time::parse_iso(&self.to).unwrap_or(0) + DAY_MS;
        (start, end)
    }

    /// The query string that asks for this period (and `village`).
    pub fn query(&self, village: Option<i64>) -> String {
        let mut query = format!("period={}", self.kind.code());
        if self.kind == PeriodKind::Custom {
            query.push_str(&format!("&from={}&to={}", self.from, self.to));
        }
        if let Some(village) = village {
            query.push_str(&format!("&village={village}"));
        }
        query
    }
}

/// A part of a whole, as counted; shown as a percentage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub part: i64,
    pub whole: i64,
}

impl Share {
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 * 100.0 / self.whole as f64)
    }
}

/// The 1-based rank of the `percent`-th percentile of `n` values, by the
/// nearest-rank method (the value itself, never an interpolation): the median
/// of 1, 2, 3, 4 is 2, their 90th percentile 4.
pub fn percentile_rank(n: i64, percent: i64) -> Option<i64> {
    (n > 0).then(|| ((n * percent + 99) / 100).clamp(1, n))
}

/// How long reports waited, in working minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waits {
    /// Reports counted.
    pub count: i64,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

/// Reports received and resolved in one week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// Its Monday, `yyyy-mm-dd`.
    pub starts: String,
    pub received: i64,
    pub resolved: i64,
}

/// An open report with a position, for the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    pub code: String,
    pub latitude: f64,
    pub longitude: f64,
    pub category: String,
}

/// What the reports of a commune (or a village) show for a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportFigures {
    /// Filed in the period.
    pub received: i64,
    /// Of those, resolved (or closed after their resolution).
    pub resolved: i64,
    /// Open now, by status code, in the lifecycle's order.
    pub open_by_status: Vec<(String, i64)>,
    /// Open now, by category name.
    pub open_by_category: Vec<(String, i64)>,
    pub weeks: Vec<Week>,
    pub acknowledge: Waits,
    pub resolve: Waits,
    /// Of the resolved, those resolved by their deadline.
    pub within_deadline: Share,
    /// Open now and past a deadline.
    pub overdue_now: i64,
    /// Of those resolved at least once, those their reporter reopened.
    pub reopened: Share,
    /// Average rating of the handling (1–5) and how many ratings.
    pub rating: Option<f64>,
    pub ratings: i64,
    pub open_map: Vec<MapPoint>,
    /// Open reports without a position.
    pub open_unplaced: i64,
}

/// The directory of one area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFigures {
    /// `health`, `education`, …
    pub area: String,
    pub entries: i64,
    /// Not verified in the last six months (or never).
    pub stale: i64,
}

/// The latest survey's participation and satisfaction per criterion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyFigures {
    pub id: i64,
    pub title: String,
    pub responses: i64,
    /// Responses per 100 adults, when the commune set its population (of the
    /// village chosen, when one is and its population is known).
    pub participation: Option<f64>,
    /// Participation per village, for the villages whose adults are known:
    /// name, responses, responses per 100 adults.
    pub villages: Vec<(String, i64, Option<f64>)>,
    /// Each criterion's label, answers and index (0–100).
    pub criteria: Vec<(String, i64, Option<f64>)>,
}

/// `/staff/dashboard`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneDashboard {
    pub commune: CommuneSummary,
    pub period: Period,
    /// The village the figures are limited to.
    pub village: Option<i64>,
    pub villages: Vec<(i64, String)>,
    pub reports: ReportFigures,
    pub directory: Vec<AreaFigures>,
    pub survey: Option<SurveyFigures>,
}

/// One commune of the province dashboard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommuneRow {
    pub code: i64,
    pub name: String,
    /// The name folded (lower case, no diacritics), to sort by.
    pub sort_name: String,
    pub enabled: bool,
    pub smart_pilot: bool,
    /// A directory area with verified entries, or reports handled in the period.
    pub service_online: bool,
    /// Survey answers sent in the period.
    pub feedback_online: bool,
    pub received: i64,
    pub resolved: i64,
    pub within_deadline: Share,
    /// Ratings of the handling, and their sum (stars).
    pub ratings: i64,
    pub stars: i64,
    /// Satisfied answers of the period's surveys.
    pub satisfaction: Share,
}

impl CommuneRow {
    /// The average rating, 1–5.
    pub fn rating(&self) -> Option<f64> {
        average_rating(self.stars, self.ratings)
    }
}

/// The average of `ratings` ratings that add up to `stars`, 1–5.
pub fn average_rating(stars: i64, ratings: i64) -> Option<f64> {
    (ratings > 0).then(|| stars as f64 / ratings as f64)
}

/// `/staff/province`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceDashboard {
    pub province: Province,
    pub period: Period,
    pub rows: Vec<CommuneRow>,
}

impl ProvinceDashboard {
    /// Communes offering an essential service online, of all the province's.
    pub fn service_share(&self) -> Share {
        self.share(|r| r.service_online)
    }

    /// Communes collecting satisfaction online.
    pub fn feedback_share(&self) -> Share {
        self.share(|r| r.feedback_online)
    }

    /// Communes doing both, which is what the plan's target counts.
    pub fn both_share(&self) -> Share {
        self.share(|r| r.service_online && r.feedback_online)
    }

    pub fn pilots(&self) -> i64 {
        self.rows.iter().filter(|r| r.smart_pilot).count() as i64
    }

    fn share(&self, counted: impl Fn(&CommuneRow) -> bool) -> Share {
        Share {
            part: self.rows.iter().filter(|r| counted(r)).count() as i64,
            whole: self.rows.len() as i64,
        }
    }

    /// The province's totals: counts summed, so that shares and the rating
    /// are over every report of the province, not averages of communes.
    pub fn totals(&self) -> CommuneRow {
        let mut total = CommuneRow::default();
        for row in &self.rows {
            total.received += row.received;
            total.resolved += row.resolved;
            total.within_deadline.part += row.within_deadline.part;
            total.within_deadline.whole += row.within_deadline.whole;
            total.ratings += row.ratings;
            total.stars += row.stars;
            total.satisfaction.part += row.satisfaction.part;
            total.satisfaction.whole += row.satisfaction.whole;
        }
        total
    }
}

/// `/c/:code/record`: how a commune handles what residents report, for everyone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneRecord {
    pub commune: CommuneSummary,
    pub period: Period,
    pub received: i64,
    pub resolved: i64,
    /// Median working minutes to resolve.
    pub resolve_median: Option<i64>,
    pub within_deadline: Share,
    pub rating: Option<f64>,
    pub ratings: i64,
    /// The latest survey whose results are published: its title and index.
    pub satisfaction: Option<(String, Share)>,
}

/// What the period selector sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Selection {
    /// A commune's or province's code; empty: the visitor's own.
    pub place: String,
    pub period: String,
    pub from: String,
    pub to: String,
    /// A village id; empty: the whole commune.
    pub village: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_of_the_selector() {
        let month = Period::parse("", "", "", "2026-11-30").unwrap();
        assert_eq!(
            (month.from.as_str(), month.to.as_str()),
            ("2026-11-01", "2026-11-30")
        );
        let quarter = Period::parse("quarter", "", "", "2026-11-30").unwrap();
        assert_eq!(quarter.from, "2026-10-01");
        assert_eq!(
            Period::parse("quarter", "", "", "2026-03-02").unwrap().from,
            "2026-01-01"
        );
        assert_eq!(
            Period::parse("year", "", "", "2026-11-30").unwrap().from,
            "2026-01-01"
        );
        let custom = Period::parse("custom", "01/02/2026", "2026-02-28", "2026-11-30").unwrap();
        assert_eq!(
            (custom.from.as_str(), custom.to.as_str()),
            ("2026-02-01", "2026-02-28")
        );
        // One day: the whole of it.
        let (start, end) = Period::parse("custom", "2026-02-01", "2026-02-01", "2026-11-30")
            .unwrap()
            .bounds_ms();
        assert_eq!(end - start, DAY_MS);
        assert_eq!(
            custom.query(Some(7)),
            "period=custom&from=2026-02-01&to=2026-02-28&village=7"
        );
    }

    #[test]
    fn bad_periods_are_refused() {
        let today = "2026-11-30";
        assert_eq!(
            Period::parse("week", "", "", today),
            Err(Problem::PeriodInvalid)
        );
        assert_eq!(
            Period::parse("custom", "", "2026-01-01", today),
            Err(Problem::PeriodInvalid)
        );
        assert_eq!(
            Period::parse("custom", "2026-31-01", "2026-02-01", today),
            Err(Problem::PeriodInvalid)
        );
        assert_eq!(
            Period::parse("custom", "2026-03-01", "2026-02-28", today),
            Err(Problem::PeriodBackwards)
        );
        assert_eq!(
            Period::parse("custom", "2020-01-01", "2025-12-31", today),
            Err(Problem::PeriodTooLong)
        );
        assert!(Period::parse("custom", "2021-01-01", "2025-12-31", today).is_ok());
    }

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(percentile_rank(0, 50), None);
        assert_eq!(percentile_rank(1, 50), Some(1));
        assert_eq!(percentile_rank(4, 50), Some(2));
        assert_eq!(percentile_rank(5, 50), Some(3));
        assert_eq!(percentile_rank(4, 90), Some(4));
        assert_eq!(percentile_rank(10, 90), Some(9));
        assert_eq!(percentile_rank(11, 90), Some(10));
    }

    #[test]
    fn shares_and_targets() {
        assert_eq!(Share { part: 1, whole: 4 }.percent(), Some(25.0));
        assert_eq!(Share::default().percent(), None);
        let row = |service, feedback| CommuneRow {
            service_online: service,
            feedback_online: feedback,
            ..CommuneRow::default()
        };
        let dashboard = ProvinceDashboard {
            province: Province {
                code: 33,
                name: "Hưng Yên".into(),
                commune_count: 4,
            },
            period: Period::parse("", "", "", "2026-11-30").unwrap(),
            rows: vec![
                row(true, true),
                row(true, false),
                row(false, false),
                row(false, true),
            ],
        };
        assert_eq!(dashboard.service_share(), Share { part: 2, whole: 4 });
        assert_eq!(dashboard.feedback_share(), Share { part: 2, whole: 4 });
        assert_eq!(dashboard.both_share(), Share { part: 1, whole: 4 });
    }
}
