//! The dashboards' queries (server only). Every figure is an aggregate the
//! database computes over an index (`reports_by_commune`,
//! `reports_by_commune_status`, …); no query loads the reports themselves,
//! except the open ones with a position for the map (at most `MAP_LIMIT`).
//!
//! Which reports a figure counts:
//! - received, resolved, within the deadline, reopened, ratings and waiting
//!   times: the reports filed in the period (one cohort, so that the shares
//!   are of the same reports);
//! - open by status or category, overdue and the map: the reports open now;
//! - the weekly chart: filed, and resolved, in each of the period's last 12 weeks.

use sqlx::Row;

use super::model::{
    AreaFigures, CommuneRow, MapPoint, Period, ReportFigures, STALE_AFTER_MS, Share, WEEKS, Waits,
    Week, average_rating, percentile_rank,
};
use crate::db::Db;
use crate::error::AppError;
use crate::reports::lifecycle::Status;

const WEEK_MS: i64 = 7 * 86_400_000;
const MAP_LIMIT: i64 = 500;
/// The statuses of a report that was resolved (a confirmed fix is `closed`).
const RESOLVED: &str = "('resolved', 'closed')";
const OPEN: &str = "('new', 'acknowledged', 'in_progress')";

/// The reports a commune figure counts: `$1` the commune, `$2` the village
/// (0: every village).
const OF_COMMUNE: &str = "r.commune_code = $1 and ($2 = 0 or r.village_id = $2)";

/// Totals of the reports filed in the period (`$3` ≤ created_at < `$4`).
#[derive(Default)]
struct Totals {
    received: i64,
    resolved: i64,
    within: i64,
    ever_resolved: i64,
    reopened: i64,
    ratings: i64,
    stars: i64,
    acknowledged: i64,
    resolve_timed: i64,
}

#[tracing::instrument(skip_all)]
async fn totals(
    db: &Db,
    commune: i64,
    village: i64,
    (start, end): (i64, i64),
) -> Result<Totals, AppError> {
    let sql = format!(
        "select count(*) as received, \
           coalesce(sum(case when r.status in {RESOLVED} then 1 else 0 end), 0) as resolved, \
           coalesce(sum(case when r.status in {RESOLVED} and r.resolved_at <= r.resolve_by then 1 else 0 end), 0) as within, \
           coalesce(sum(case when r.resolved_at is not null then 1 else 0 end), 0) as ever_resolved, \
           coalesce(sum(case when r.resolved_at is not null and r.reopened > 0 then 1 else 0 end), 0) as reopened, \
           count(r.rating) as ratings, coalesce(cast(sum(r.rating) as bigint), 0) as stars, \
           count(r.acknowledge_minutes) as acknowledged, count(r.resolve_minutes) as resolve_timed \
         from reports r where {OF_COMMUNE} and r.created_at >= $3 and r.created_at < $4"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(commune)
        .bind(village)
        .bind(start)
        .bind(end)
        .fetch_one(db)
        .await?;
    Ok(Totals {
        received: row.try_get("received")?,
        resolved: row.try_get("resolved")?,
        within: row.try_get("within")?,
        ever_resolved: row.try_get("ever_resolved")?,
        reopened: row.try_get("reopened")?,
        ratings: row.try_get("ratings")?,
        stars: row.try_get("stars")?,
        acknowledged: row.try_get("acknowledged")?,
        resolve_timed: row.try_get("resolve_timed")?,
    })
}

/// The median and 90th percentile of `column` (working minutes) over the
/// `count` reports of the period that have it: the values at their ranks, by
/// `limit 1 offset`, which both engines run on the sorted index range.
#[tracing::instrument(skip_all)]
async fn waits(
    db: &Db,
    column: &'static str,
    count: i64,
    commune: i64,
    village: i64,
    (start, end): (i64, i64),
) -> Result<Waits, AppError> {
    let at_rank = |percent: i64| async move {
        let Some(rank) = percentile_rank(count, percent) else {
            return Ok::<_, AppError>(None);
        };
        let sql = format!(
            "select r.{column} from reports r where {OF_COMMUNE} \
             and r.created_at >= $3 and r.created_at < $4 and r.{column} is not null \
             order by r.{column} limit 1 offset cast($5 as bigint)"
        );
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(commune)
            .bind(village)
            .bind(start)
            .bind(end)
            .bind(rank - 1)
            .fetch_optional(db)
            .await?)
    };
    Ok(Waits {
        count,
        median: at_rank(50).await?,
        p90: at_rank(90).await?,
    })
}

/// The figures of the reports of `commune` (in `village`, when not 0).
#[tracing::instrument(skip(db, period))]
pub async fn report_figures(
    db: &Db,
    commune: i64,
    village: i64,
    period: &Period,
    now: i64,
) -> Result<ReportFigures, AppError> {
    let bounds = period.bounds_ms();
    let totals = totals(db, commune, village, bounds).await?;
    let acknowledge = waits(
        db,
        "acknowledge_minutes",
        totals.acknowledged,
        commune,
        village,
        bounds,
    )
    .await?;
    let resolve = waits(
        db,
        "resolve_minutes",
        totals.resolve_timed,
        commune,
        village,
        bounds,
    )
    .await?;

    let by_status: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select r.status, count(*) from reports r where {OF_COMMUNE} and r.status in {OPEN} \
         group by r.status"
    )))
    .bind(commune)
    .bind(village)
    .fetch_all(db)
    .await?;
    let open_by_status = Status::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| {
            let n = by_status
                .iter()
                .find(|(code, _)| code == s.code())
                .map_or(0, |(_, n)| *n);
            (s.code().to_owned(), n)
        })
        .collect();
    let open_by_category: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select c.name, count(*) as n from reports r join report_categories c on c.id = r.category_id \
         where {OF_COMMUNE} and r.status in {OPEN} group by c.name order by n desc, c.name"
    )))
    .bind(commune)
    .bind(village)
    .fetch_all(db)
    .await?;
    let overdue_now: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "select count(*) from reports r where {OF_COMMUNE} and r.status in {OPEN} \
         and ((r.status = 'new' and r.acknowledge_by < $3) or r.resolve_by < $3)"
    )))
    .bind(commune)
    .bind(village)
    .bind(now)
    .fetch_one(db)
    .await?;

    let weeks = weeks(db, commune, village, bounds.1).await?;

    let placed = sqlx::query(sqlx::AssertSqlSafe(format!(
        "select r.code, r.latitude, r.longitude, c.name from reports r \
         join report_categories c on c.id = r.category_id \
         where {OF_COMMUNE} and r.status in {OPEN} and r.latitude is not null and r.longitude is not null \
         order by r.created_at desc limit {MAP_LIMIT}"
    )))
    .bind(commune)
    .bind(village)
    .fetch_all(db)
    .await?;
    let open_map = placed
        .iter()
        .map(|row| {
            Ok(MapPoint {
                code: row.try_get(0)?,
                latitude: row.try_get(1)?,
                longitude: row.try_get(2)?,
                category: row.try_get(3)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let open: i64 = by_status.iter().map(|(_, n)| n).sum();

    Ok(ReportFigures {
        received: totals.received,
        resolved: totals.resolved,
        open_by_status,
        open_by_category,
        weeks,
        acknowledge,
        resolve,
        within_deadline: Share {
            part: totals.within,
            whole: totals.resolved,
        },
        overdue_now,
        reopened: Share {
            part: totals.reopened,
            whole: totals.ever_resolved,
        },
        rating: average_rating(totals.stars, totals.ratings),
        ratings: totals.ratings,
        open_unplaced: (open - open_map.len() as i64).max(0),
        open_map,
    })
}

/// The Monday (UTC ms, Vietnam midnight) of the week that holds `ms`.
fn monday_of(ms: i64) -> i64 {
    let offset = 7 * 3_600_000;
    let day = (ms + offset).div_euclid(86_400_000);
    // 1970-01-01 was a Thursday: Monday is 3 days before.
    let monday = day - (day + 3).rem_euclid(7);
    monday * 86_400_000 - offset
}

/// Received and resolved per week, the `WEEKS` weeks up to the one that holds
/// the end of the period (and not beyond the period's last day).
#[tracing::instrument(skip(db))]
async fn weeks(db: &Db, commune: i64, village: i64, end: i64) -> Result<Vec<Week>, AppError> {
    let first = monday_of(end - 1) - (WEEKS as i64 - 1) * WEEK_MS;
    // The last week stops where the period does.
    let last = (first + WEEKS as i64 * WEEK_MS).min(end);
    let count = |column: &'static str, resolved_only: bool| async move {
        let only = if resolved_only {
            format!(" and r.status in {RESOLVED}")
        } else {
            String::new()
        };
        let sql = format!(
            "select (r.{column} - $3) / {WEEK_MS} as week, count(*) from reports r \
             where {OF_COMMUNE} and r.{column} >= $3 and r.{column} < $4{only} group by week"
        );
        let rows: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(commune)
            .bind(village)
            .bind(first)
            .bind(last)
            .fetch_all(db)
            .await?;
        Ok::<_, AppError>(rows)
    };
    let received = count("created_at", false).await?;
    let resolved = count("resolved_at", true).await?;
    let of = |rows: &[(i64, i64)], week: i64| {
        rows.iter().find(|(w, _)| *w == week).map_or(0, |(_, n)| *n)
    };
    Ok((0..WEEKS as i64)
        .map(|week| Week {
            starts: crate::time::iso_date(first + week * WEEK_MS),
            received: of(&received, week),
            resolved: of(&resolved, week),
        })
        .collect())
}

/// Entries per area of the directory, and those not verified for six months.
#[tracing::instrument(skip(db))]
pub async fn directory_figures(
    db: &Db,
    commune: i64,
    now: i64,
) -> Result<Vec<AreaFigures>, AppError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "select area, count(*), \
           coalesce(sum(case when verified_at is null or verified_at < $2 then 1 else 0 end), 0) \
         from directory_services where commune_code = $1 and archived_at is null group by area",
    )
    .bind(commune)
    .bind(now - STALE_AFTER_MS)
    .fetch_all(db)
    .await?;
    Ok(crate::directory::model::Area::ALL
        .iter()
        .map(|area| {
            let (entries, stale) = rows
                .iter()
                .find(|(a, _, _)| a == area.code())
                .map_or((0, 0), |(_, n, s)| (*n, *s));
            AreaFigures {
                area: area.code().to_owned(),
                entries,
                stale,
            }
        })
        .collect())
}

/// The commune's latest published survey that opened by the end of the period.
#[tracing::instrument(skip(db, period))]
pub async fn latest_survey(
    db: &Db,
    commune: i64,
    period: &Period,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "select id from surveys where commune_code = $1 and published_at is not null and opens_on <= $2 \
         order by opens_on desc, id desc limit 1",
    )
    .bind(commune)
    .bind(&period.to)
    .fetch_optional(db)
    .await?)
}

/// Satisfied answers of scale questions and matrix rows, of all answers on the
/// scale, per (commune, survey's scale): `choice` is the level, and a level
/// above the middle of the survey's own scale is satisfied.
fn satisfaction_from(rows: &[(i64, String, i64, i64)]) -> Vec<(i64, Share)> {
    let mut shares: Vec<(i64, Share)> = Vec::new();
    for (key, scale, level, n) in rows {
        let levels = scale.lines().filter(|l| !l.trim().is_empty()).count();
        let satisfied = crate::surveys::model::satisfied(*level, levels);
        let at = match shares.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                shares.push((*key, Share::default()));
                shares.len() - 1
            }
        };
        shares[at].1.whole += n;
        if satisfied {
            shares[at].1.part += n;
        }
    }
    shares
}

/// The satisfaction of one survey's sent answers.
#[tracing::instrument(skip(db))]
pub async fn survey_satisfaction(db: &Db, survey: i64) -> Result<Share, AppError> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "select s.id, s.scale, a.choice, count(*) from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         join survey_questions q on q.id = a.question_id \
         join surveys s on s.id = r.survey_id \
         where s.id = $1 and r.submitted_at is not null and q.kind in ('scale', 'matrix') \
         group by s.id, s.scale, a.choice",
    )
    .bind(survey)
    .fetch_all(db)
    .await?;
    Ok(satisfaction_from(&rows)
        .first()
        .map(|(_, s)| *s)
        .unwrap_or_default())
}

/// The headline figures of the public record: the commune's reports filed in
/// the period, and the median working minutes to resolve them.
pub struct Headline {
    pub received: i64,
    pub resolved: i64,
    pub within_deadline: Share,
    pub rating: Option<f64>,
    pub ratings: i64,
    pub resolve_median: Option<i64>,
}

#[tracing::instrument(skip(db, period))]
pub async fn headline(db: &Db, commune: i64, period: &Period) -> Result<Headline, AppError> {
    let bounds = period.bounds_ms();
    let t = totals(db, commune, 0, bounds).await?;
    let resolve = waits(db, "resolve_minutes", t.resolve_timed, commune, 0, bounds).await?;
    Ok(Headline {
        received: t.received,
        resolved: t.resolved,
        within_deadline: Share {
            part: t.within,
            whole: t.resolved,
        },
        rating: average_rating(t.stars, t.ratings),
        ratings: t.ratings,
        resolve_median: resolve.median,
    })
}

/// The latest survey of the commune with published results.
#[tracing::instrument(skip(db))]
pub async fn latest_published_results(
    db: &Db,
    commune: i64,
) -> Result<Option<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "select id, title from surveys where commune_code = $1 and results_published_at is not null \
         order by closes_on desc, id desc limit 1",
    )
    .bind(commune)
    .fetch_optional(db)
    .await?)
}

/// One row per commune of the province, with the period's figures: five
/// grouped queries, whatever the number of reports.
#[tracing::instrument(skip(db, period))]
pub async fn province_rows(
    db: &Db,
    province: i64,
    period: &Period,
) -> Result<Vec<CommuneRow>, AppError> {
    let (start, end) = period.bounds_ms();
    let communes: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "select code, name, search_name, enabled, smart_pilot from communes where province_code = $1 \
         order by search_name, code",
    )
    .bind(province)
    .fetch_all(db)
    .await?;
    let reports: Vec<(i64, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select r.commune_code, count(*), \
           coalesce(sum(case when r.status in {RESOLVED} then 1 else 0 end), 0), \
           coalesce(sum(case when r.status in {RESOLVED} and r.resolved_at <= r.resolve_by then 1 else 0 end), 0), \
           coalesce(sum(case when r.acknowledged_at is not null then 1 else 0 end), 0), \
           count(r.rating), coalesce(cast(sum(r.rating) as bigint), 0) \
         from reports r join communes c on c.code = r.commune_code \
         where c.province_code = $1 and r.created_at >= $2 and r.created_at < $3 \
         group by r.commune_code"
    )))
    .bind(province)
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?;
    let verified: Vec<(i64, i64)> = sqlx::query_as(
        "select d.commune_code, count(*) from directory_services d \
         join communes c on c.code = d.commune_code \
         where c.province_code = $1 and d.archived_at is null and d.verified_at is not null \
         group by d.commune_code",
    )
    .bind(province)
    .fetch_all(db)
    .await?;
    let responses: Vec<(i64, i64)> = sqlx::query_as(
        "select s.commune_code, count(*) from survey_responses r \
         join surveys s on s.id = r.survey_id join communes c on c.code = s.commune_code \
         where c.province_code = $1 and r.submitted_at >= $2 and r.submitted_at < $3 \
         group by s.commune_code",
    )
    .bind(province)
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?;
    let answers: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "select s.commune_code, s.scale, a.choice, count(*) from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         join survey_questions q on q.id = a.question_id \
         join surveys s on s.id = r.survey_id join communes c on c.code = s.commune_code \
         where c.province_code = $1 and r.submitted_at >= $2 and r.submitted_at < $3 \
           and q.kind in ('scale', 'matrix') \
         group by s.commune_code, s.scale, a.choice",
    )
    .bind(province)
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?;
    let satisfaction = satisfaction_from(&answers);
    Ok(communes
        .into_iter()
        .map(|(code, name, sort_name, enabled, smart_pilot)| {
            let enabled = enabled == 1;
            let (received, resolved, within, handled, ratings, stars) = reports
                .iter()
                .find(|r| r.0 == code)
                .map_or((0, 0, 0, 0, 0, 0), |r| (r.1, r.2, r.3, r.4, r.5, r.6));
            let has_verified = verified.iter().any(|(c, n)| *c == code && *n > 0);
            let answered = responses.iter().any(|(c, n)| *c == code && *n > 0);
            CommuneRow {
                code,
                name,
                sort_name: sort_name.trim().to_owned(),
                enabled,
                smart_pilot: smart_pilot == 1,
                service_online: enabled && (has_verified || handled > 0),
                feedback_online: enabled && answered,
                received,
                resolved,
                within_deadline: Share {
                    part: within,
                    whole: resolved,
                },
                ratings,
                stars,
                satisfaction: satisfaction
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map(|(_, s)| *s)
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// The commune's villages, for the village filter.
#[tracing::instrument(skip(db))]
pub async fn villages(db: &Db, commune: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(
        sqlx::query_as("select id, name from villages where commune_code = $1 order by name")
            .bind(commune)
            .fetch_all(db)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_vietnam() {
        // Monday 30/11/2026 00:00 in Vietnam is 29/11 17:00 UTC.
        let monday = crate::time::parse_iso("2026-11-30").unwrap();
        assert_eq!(monday_of(monday), monday);
        assert_eq!(monday_of(monday + 6 * 86_400_000 + 3_600_000), monday);
        assert_eq!(monday_of(monday - 1), monday - WEEK_MS);
    }

    #[test]
    fn satisfaction_follows_each_surveys_scale() {
        let five = "1\n2\n3\n4\n5".to_owned();
        let three = "a\nb\nc".to_owned();
        let rows = vec![
            (1, five.clone(), 5, 2),
            (1, five.clone(), 3, 2),
            (2, three.clone(), 3, 1),
            (2, three, 2, 3),
        ];
        assert_eq!(
            satisfaction_from(&rows),
            vec![
                (1, Share { part: 2, whole: 4 }),
                (2, Share { part: 1, whole: 4 })
            ]
        );
    }
}
