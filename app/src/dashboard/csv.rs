//! CSV exports of the dashboards (server only), UTF-8 with a BOM so that Excel
//! shows the Vietnamese. Column names are stable codes, as in the survey
//! exports, so that a spreadsheet built on them keeps working in any language.

use super::model::{CommuneDashboard, CommuneRow, ProvinceDashboard, Share};
use crate::error::AppError;

fn write(rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut out = crate::spreadsheet::CsvFile::new();
    for row in rows {
        out.row(&row)?;
    }
    out.finish()
}

/// `12.5`: shares use a dot, whatever the language; empty when there is none.
fn decimal(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn optional(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Every figure of the commune dashboard, one per line: `figure`, `item`
/// (a status, category, week, area or criterion; empty for a single figure)
/// and `value`.
pub fn commune(d: &CommuneDashboard) -> Result<Vec<u8>, AppError> {
    let r = &d.reports;
    let mut rows: Vec<Vec<String>> = vec![
        vec!["figure".into(), "item".into(), "value".into()],
        line("commune", "", &d.commune.name),
        line("period_from", "", &d.period.from),
        line("period_to", "", &d.period.to),
        line(
            "village",
            "",
            &d.village
                .and_then(|v| d.villages.iter().find(|(id, _)| *id == v))
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
        ),
        line("received", "", &r.received.to_string()),
        line("resolved", "", &r.resolved.to_string()),
        line(
            "acknowledge_minutes_median",
            "",
            &optional(r.acknowledge.median),
        ),
        line("acknowledge_minutes_p90", "", &optional(r.acknowledge.p90)),
        line("resolve_minutes_median", "", &optional(r.resolve.median)),
        line("resolve_minutes_p90", "", &optional(r.resolve.p90)),
        line("within_deadline", "", &r.within_deadline.part.to_string()),
        line(
            "within_deadline_percent",
            "",
            &decimal(r.within_deadline.percent()),
        ),
        line("overdue_now", "", &r.overdue_now.to_string()),
        line("reopened", "", &r.reopened.part.to_string()),
        line("reopened_percent", "", &decimal(r.reopened.percent())),
        line("rating_average", "", &decimal(r.rating)),
        line("ratings", "", &r.ratings.to_string()),
    ];
    for (status, n) in &r.open_by_status {
        rows.push(line("open_by_status", status, &n.to_string()));
    }
    for (category, n) in &r.open_by_category {
        rows.push(line("open_by_category", category, &n.to_string()));
    }
    for week in &r.weeks {
        rows.push(line(
            "week_received",
            &week.starts,
            &week.received.to_string(),
        ));
        rows.push(line(
            "week_resolved",
            &week.starts,
            &week.resolved.to_string(),
        ));
    }
    for area in &d.directory {
        rows.push(line(
            "directory_entries",
            &area.area,
            &area.entries.to_string(),
        ));
        rows.push(line(
            "directory_not_verified_6_months",
            &area.area,
            &area.stale.to_string(),
        ));
    }
    if let Some(survey) = &d.survey {
        rows.push(line("survey", "", &survey.title));
        rows.push(line("survey_responses", "", &survey.responses.to_string()));
        rows.push(line(
            "survey_participation_percent",
            "",
            &decimal(survey.participation),
        ));
        for (label, _, index) in &survey.criteria {
            rows.push(line("satisfaction_index", label, &decimal(*index)));
        }
    }
    write(rows)
}

fn line(figure: &str, item: &str, value: &str) -> Vec<String> {
    vec![figure.to_owned(), item.to_owned(), value.to_owned()]
}

/// One line per commune, then the province's totals.
pub fn province(d: &ProvinceDashboard) -> Result<Vec<u8>, AppError> {
    let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
    let share = |s: Share| decimal(s.percent());
    let row = |code: String, r: &CommuneRow| {
        vec![
            code,
            r.name.clone(),
            flag(r.enabled),
            flag(r.smart_pilot),
            flag(r.service_online),
            flag(r.feedback_online),
            r.received.to_string(),
            r.resolved.to_string(),
            r.within_deadline.part.to_string(),
            share(r.within_deadline),
            decimal(r.rating()),
            r.ratings.to_string(),
            share(r.satisfaction),
        ]
    };
    let mut rows = vec![
        [
            "commune_code",
            "commune",
            "enabled",
            "smart_village_pilot",
            "essential_service_online",
            "feedback_online",
            "received",
            "resolved",
            "within_deadline",
            "within_deadline_percent",
            "rating_average",
            "ratings",
            "satisfaction_index",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for r in &d.rows {
        rows.push(row(r.code.to_string(), r));
    }
    let mut total = d.totals();
    total.name = d.province.name.clone();
    total.enabled = d.rows.iter().any(|r| r.enabled);
    let mut totals = row("total".into(), &total);
    // The flags of the totals line are counts of communes.
    let count = |f: fn(&CommuneRow) -> bool| d.rows.iter().filter(|r| f(r)).count().to_string();
    totals[2] = count(|r| r.enabled);
    totals[3] = count(|r| r.smart_pilot);
    totals[4] = count(|r| r.service_online);
    totals[5] = count(|r| r.feedback_online);
    rows.push(totals);
    write(rows)
}
