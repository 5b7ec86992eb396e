//! What the commune set for its reports: working time and categories.

use crate::db::{Db, now_ms};
use crate::error::AppError;
use crate::hours::Closure;
use crate::reports::deadlines::WorkingTime;
use crate::reports::model::{Category, DEFAULT_CATEGORIES};
use sqlx::Row;

/// The commune's working time: its own periods, or government hours when it
/// has set none; and its days off.
#[tracing::instrument(skip(db))]
pub async fn working_time(db: &Db, commune: i64) -> Result<(WorkingTime, Vec<Closure>), AppError> {
    let rows = sqlx::query(
        "select weekday, opens, closes from report_working_hours where commune_code = $1 \
         order by weekday, opens",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let mut working = WorkingTime::default();
    if !rows.is_empty() {
        working.week = Default::default();
        for row in &rows {
            let weekday: i64 = row.try_get("weekday")?;
            let opens: i64 = row.try_get("opens")?;
            let closes: i64 = row.try_get("closes")?;
            working.week[(weekday - 1).clamp(0, 6) as usize].push((opens as u16, closes as u16));
        }
    }
    let holidays =
        sqlx::query("select day, note from report_holidays where commune_code = $1 order by day")
            .bind(commune)
            .fetch_all(db)
            .await?
            .iter()
            .map(|row| {
                Ok(Closure {
                    date: row.try_get("day")?,
                    note: row.try_get("note")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    working.holidays = holidays.iter().map(|c| c.date.clone()).collect();
    Ok((working, holidays))
}

/// The commune's categories, created from the defaults the first time.
#[tracing::instrument(skip(db))]
pub async fn categories(db: &Db, commune: i64) -> Result<Vec<Category>, AppError> {
    let existing: i64 =
        sqlx::query_scalar("select count(*) from report_categories where commune_code = $1")
            .bind(commune)
            .fetch_one(db)
            .await?;
    if existing == 0 {
        let now = now_ms();
        for (position, (code, name, days)) in DEFAULT_CATEGORIES.iter().enumerate() {
            // Two first visits at once: the second insert of a code does nothing.
            sqlx::query(
                "insert into report_categories (commune_code, code, name, resolve_days, position, created_at) \
                 values ($1, $2, $3, $4, $5, $6) on conflict (commune_code, code) do nothing",
            )
            .bind(commune)
            .bind(*code)
            .bind(*name)
            .bind(*days)
            .bind(position as i64)
            .bind(now)
            .execute(db)
            .await?;
        }
    }
    let rows = sqlx::query(
        "select id, code, name, resolve_days from report_categories where commune_code = $1 \
         order by position, id",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Category {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                resolve_days: row.try_get("resolve_days")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}
