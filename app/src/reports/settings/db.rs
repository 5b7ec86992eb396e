//! Queries of the report settings (server only).

use sqlx::Row;

use super::model::{ApiKey, CategoryUse, CheckedWorkingTime};
use crate::db::{Db, Executor, now_ms};
use crate::error::{AppError, Problem};
use crate::reports::model::Template;

/// Replaces the commune's working time, in one transaction.
#[tracing::instrument(skip(db, checked))]
pub async fn save_working_time<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    commune: i64,
    checked: &CheckedWorkingTime,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    for sql in [
        "delete from report_working_hours where commune_code = $1",
        "delete from report_holidays where commune_code = $1",
    ] {
        sqlx::query(sql).bind(commune).execute(&mut *tx).await?;
    }
    for period in &checked.periods {
        sqlx::query(
            "insert into report_working_hours (commune_code, weekday, opens, closes) \
             values ($1, $2, $3, $4)",
        )
        .bind(commune)
        .bind(i64::from(period.weekday))
        .bind(i64::from(period.opens))
        .bind(i64::from(period.closes))
        .execute(&mut *tx)
        .await?;
    }
    for day in &checked.holidays {
        sqlx::query("insert into report_holidays (commune_code, day, note) values ($1, $2, $3)")
            .bind(commune)
            .bind(&day.date)
            .bind(&day.note)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The commune's categories with how many reports each has.
#[tracing::instrument(skip(db))]
pub async fn category_uses(db: &Db, commune: i64) -> Result<Vec<CategoryUse>, AppError> {
    let categories = crate::reports::db::categories(db, commune).await?;
    // One count for all of them, not a query per category.
    let counts: std::collections::HashMap<i64, i64> = sqlx::query_as(
        "select category_id, count(*) from reports where commune_code = $1 group by category_id",
    )
    .bind(commune)
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    Ok(categories
        .into_iter()
        .map(|category| CategoryUse {
            reports: counts.get(&category.id).copied().unwrap_or(0),
            category,
        })
        .collect())
}

/// Adds a category at the end of the list.
#[tracing::instrument(skip(db, code, name))]
pub async fn add_category(
    db: &mut sqlx::AnyConnection,
    commune: i64,
    code: &str,
    name: &str,
    days: i64,
) -> Result<i64, AppError> {
    let position: i64 = sqlx::query_scalar(
        "select coalesce(max(position), 0) + 1 from report_categories where commune_code = $1",
    )
    .bind(commune)
    .fetch_one(&mut *db)
    .await?;
    let id = sqlx::query_scalar(
        "insert into report_categories (commune_code, code, name, resolve_days, position, created_at) \
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(commune)
    .bind(code)
    .bind(name)
    .bind(days)
    .bind(position)
    .bind(now_ms())
    .fetch_one(&mut *db)
    .await?;
    Ok(id)
}

/// Renames a category and sets its target (reports already filed keep their
/// deadlines).
#[tracing::instrument(skip(db, name))]
pub async fn update_category<'e>(
    db: impl Executor<'e>,
    commune: i64,
    id: i64,
    name: &str,
    days: i64,
) -> Result<(), AppError> {
    let changed = sqlx::query(
        "update report_categories set name = $1, resolve_days = $2 \
         where id = $3 and commune_code = $4",
    )
    .bind(name)
    .bind(days)
    .bind(id)
    .bind(commune)
    .execute(db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Problem::UnknownCategory.into());
    }
    Ok(())
}

/// Removes a category no report uses (its templates go with it).
#[tracing::instrument(skip(db))]
pub async fn remove_category<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    commune: i64,
    id: i64,
) -> Result<String, AppError> {
    let mut tx = db.begin().await?;
    // A write first: on SQLite a transaction that reads and then writes fails
    // at once ("database is locked") when another write came in between; one
    // that starts by writing waits for its turn instead.
    let name: String = sqlx::query_scalar(
        "update report_categories set position = position where id = $1 and commune_code = $2          returning name",
    )
    .bind(id)
    .bind(commune)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Problem::UnknownCategory)?;
    let used: i64 = sqlx::query_scalar("select count(*) from reports where category_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if used > 0 {
        return Err(Problem::CategoryInUse.into());
    }
    // Without any category nobody could report (and the defaults would come back).
    let left: i64 =
        sqlx::query_scalar("select count(*) from report_categories where commune_code = $1")
            .bind(commune)
            .fetch_one(&mut *tx)
            .await?;
    if left <= 1 {
        return Err(Problem::LastCategory.into());
    }
    sqlx::query("delete from reply_templates where category_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from report_categories where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(name)
}

/// The commune's reply templates; with `category`, those offered for it
/// (its own and the ones for every category).
#[tracing::instrument(skip(db))]
pub async fn templates(
    db: &Db,
    commune: i64,
    category: Option<i64>,
) -> Result<Vec<Template>, AppError> {
    let rows = sqlx::query(
        "select id, category_id, title, body from reply_templates where commune_code = $1 \
           and ($2 = 0 or category_id is null or category_id = $2) \
         order by category_id is not null, title, id",
    )
    .bind(commune)
    .bind(category.unwrap_or(0))
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Template {
                id: row.try_get("id")?,
                category_id: row.try_get("category_id")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

#[tracing::instrument(skip(db, title, body))]
pub async fn add_template<'e>(
    db: impl Executor<'e>,
    commune: i64,
    category: Option<i64>,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into reply_templates (commune_code, category_id, title, body, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(commune)
    .bind(category)
    .bind(title)
    .bind(body)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// Removes a template of the commune; returns its title.
#[tracing::instrument(skip(db))]
pub async fn remove_template<'e>(
    db: impl Executor<'e>,
    commune: i64,
    id: i64,
) -> Result<String, AppError> {
    let title: String = sqlx::query_scalar(
        "delete from reply_templates where id = $1 and commune_code = $2 returning title",
    )
    .bind(id)
    .bind(commune)
    .fetch_optional(db)
    .await?
    .ok_or(Problem::UnknownTemplate)?;
    Ok(title)
}

#[tracing::instrument(skip(db))]
pub async fn api_keys(db: &Db, commune: i64) -> Result<Vec<ApiKey>, AppError> {
    let rows = sqlx::query(
        "select k.id, k.name, k.created_at, k.revoked_at, \
           (select count(*) from reports r where r.api_key_id = k.id) as reports \
         from open311_keys k where k.commune_code = $1 order by k.created_at desc, k.id desc",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ApiKey {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                created_at_ms: row.try_get("created_at")?,
                revoked_at_ms: row.try_get("revoked_at")?,
                reports: row.try_get("reports")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Stores a new key by its hash.
#[tracing::instrument(skip(db, name, key_hash))]
pub async fn add_api_key<'e>(
    db: impl Executor<'e>,
    commune: i64,
    name: &str,
    key_hash: &str,
    by: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into open311_keys (commune_code, name, key_hash, created_by, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(commune)
    .bind(name)
    .bind(key_hash)
    .bind(by)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// Revokes a key of the commune; returns its name.
#[tracing::instrument(skip(db))]
pub async fn revoke_api_key<'e>(
    db: impl Executor<'e>,
    commune: i64,
    id: i64,
) -> Result<String, AppError> {
    let name: String = sqlx::query_scalar(
        "update open311_keys set revoked_at = $1 \
         where id = $2 and commune_code = $3 and revoked_at is null returning name",
    )
    .bind(now_ms())
    .bind(id)
    .bind(commune)
    .fetch_optional(db)
    .await?
    .ok_or(Problem::UnknownApiKey)?;
    Ok(name)
}

/// The key (id, commune) a live api_key hash belongs to.
#[tracing::instrument(skip_all)]
pub async fn api_key_by_hash(db: &Db, key_hash: &str) -> Result<Option<(i64, i64)>, AppError> {
    let row = sqlx::query(
        "select id, commune_code from open311_keys where key_hash = $1 and revoked_at is null",
    )
    .bind(key_hash)
    .fetch_optional(db)
    .await?;
    row.map(|row| Ok((row.try_get("id")?, row.try_get("commune_code")?)))
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
}
