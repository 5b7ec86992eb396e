//! Writes to the directory (server only): staff save, verify and archive entries
//! of their own commune, one at a time or a whole CSV file in one transaction.
//! Every statement names the commune, so an id of another commune's entry
//! matches nothing and is reported as unknown.

use std::collections::HashMap;

use sqlx::Row;

use super::model::{Entry, EntrySummary};
use crate::db::{Db, Executor, now_ms};
use crate::directory::model::Area;
use crate::error::{AppError, FieldProblem, Problem};
use crate::places::search::fold;

/// Every entry of the commune, archived ones included (last), by name.
#[tracing::instrument(skip(db))]
pub async fn entries(db: &Db, commune: i64) -> Result<Vec<EntrySummary>, AppError> {
    let rows = sqlx::query(
        "select s.id, s.name, s.area, s.kind, v.name as village_name, s.archived_at, s.verified_at \
         from directory_services s left join villages v on v.id = s.village_id \
         where s.commune_code = $1 \
         order by case when s.archived_at is null then 0 else 1 end, s.name, s.id",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let area: String = row.try_get("area")?;
        list.push(EntrySummary {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            area: Area::parse(&area).unwrap_or(Area::Health),
            kind: row.try_get("kind")?,
            village: row.try_get("village_name")?,
            archived: row.try_get::<Option<i64>, _>("archived_at")?.is_some(),
            verified_at_ms: row.try_get("verified_at")?,
        });
    }
    Ok(list)
}

/// The commune's villages by folded name (so "thon an tao" finds "Thôn An Tảo").
#[tracing::instrument(skip(db))]
pub async fn villages(db: &Db, commune: i64) -> Result<HashMap<String, i64>, AppError> {
    let rows = sqlx::query("select id, name from villages where commune_code = $1")
        .bind(commune)
        .fetch_all(db)
        .await?;
    let mut villages = HashMap::new();
    for row in &rows {
        let name: String = row.try_get("name")?;
        villages.insert(fold(&name), row.try_get("id")?);
    }
    Ok(villages)
}

/// The ids of the commune's entries.
#[tracing::instrument(skip(db))]
async fn entry_ids(db: &Db, commune: i64) -> Result<std::collections::HashSet<i64>, AppError> {
    let ids: Vec<i64> =
        sqlx::query_scalar("select id from directory_services where commune_code = $1")
            .bind(commune)
            .fetch_all(db)
            .await?;
    Ok(ids.into_iter().collect())
}

/// Checks what only the database knows (the village is one of the commune's,
/// the id is one of its entries) for each `(line, entry)`. Returns each entry
/// with its village id, and the problems found.
#[allow(clippy::type_complexity)]
#[tracing::instrument(skip(db, entries))]
pub async fn resolve(
    db: &Db,
    commune: i64,
    entries: Vec<(u32, Entry)>,
) -> Result<(Vec<(Entry, Option<i64>)>, Vec<FieldProblem>), AppError> {
    let villages = villages(db, commune).await?;
    let ids = entry_ids(db, commune).await?;
    let mut problems = Vec::new();
    let mut resolved = Vec::with_capacity(entries.len());
    for (line, entry) in entries {
        let village = match entry.village.as_str() {
            "" => None,
            name => match villages.get(&fold(name)) {
                Some(id) => Some(*id),
                None => {
                    problems.push(FieldProblem {
                        line,
                        field: "village".into(),
                        problem: Problem::UnknownVillage,
                    });
                    None
                }
            },
        };
        if let Some(id) = entry.id
            && !ids.contains(&id)
        {
            problems.push(FieldProblem {
                line,
                field: "id".into(),
                problem: Problem::UnknownEntry,
            });
        }
        resolved.push((entry, village));
    }
    Ok((resolved, problems))
}

/// Saves entries (new ones and changes) of the commune in one transaction: all
/// or none. Returns the ids, each with whether it was new.
#[tracing::instrument(skip(db, entries))]
pub async fn save<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    commune: i64,
    entries: &[(Entry, Option<i64>)],
) -> Result<Vec<(i64, bool)>, AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let mut organizations: HashMap<String, i64> = HashMap::new();
    let mut saved = Vec::with_capacity(entries.len());
    for (entry, village) in entries {
        let organization = match entry.organization.as_str() {
            "" => None,
            name => Some(match organizations.get(name) {
                Some(id) => *id,
                None => {
                    let id = organization_id(&mut tx, commune, name, now).await?;
                    organizations.insert(name.to_owned(), id);
                    id
                }
            }),
        };
        let (search_name, search_text) = crate::directory::db::search_forms(
            &entry.name,
            entry.kind.vi,
            &entry.description,
            &entry.offers,
        );
        // Both statements take the entry's fields as $1–$15; then the update
        // takes the id and commune, the insert the commune.
        let sql = match entry.id {
            Some(_) => {
                "update directory_services set organization_id = $1, area = $2, kind = $3, \
                   name = $4, search_name = $5, search_text = $6, description = $7, offers = $8, \
                   village_id = $9, address = $10, latitude = $11, longitude = $12, status = $13, \
                   status_note = $14, is_demo = 0, updated_at = $15 \
                 where id = $16 and commune_code = $17 returning id"
            }
            // A new entry was checked by whoever entered it: verified now.
            None => {
                "insert into directory_services (organization_id, area, kind, name, search_name, \
                   search_text, description, offers, village_id, address, latitude, longitude, status, \
                   status_note, updated_at, commune_code, verified_at, created_at, is_demo) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15, \
                   $15, 0) returning id"
            }
        };
        let query = sqlx::query_scalar::<_, i64>(sql)
            .bind(organization)
            .bind(entry.kind.area.code())
            .bind(entry.kind.code)
            .bind(&entry.name)
            .bind(&search_name)
            .bind(&search_text)
            .bind(&entry.description)
            .bind(&entry.offers)
            .bind(*village)
            .bind(&entry.address)
            .bind(entry.position.map(|p| p.latitude))
            .bind(entry.position.map(|p| p.longitude))
            .bind(entry.status.code())
            .bind(&entry.status_note)
            .bind(now);
        let query = match entry.id {
            Some(id) => query.bind(id).bind(commune),
            None => query.bind(commune),
        };
        let id = query
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Problem::UnknownEntry)?;
        saved.push((id, entry.id.is_none()));
        if entry.id.is_some() {
            // The phones, hours and days closed are replaced as a whole.
            for statement in [
                "delete from directory_phones where service_id = $1",
                "delete from directory_schedules where service_id = $1",
                "delete from directory_closures where service_id = $1",
            ] {
                sqlx::query(statement).bind(id).execute(&mut *tx).await?;
            }
        }
        for (position, (phone, label)) in entry.phones.iter().enumerate() {
            sqlx::query(
                "insert into directory_phones (service_id, number, label, position) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(phone.dial())
            .bind(label)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        for interval in entry.hours.intervals() {
            sqlx::query(
                "insert into directory_schedules (service_id, weekday, opens_at, closes_at) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(i64::from(interval.weekday))
            .bind(i64::from(interval.opens))
            .bind(i64::from(interval.closes))
            .execute(&mut *tx)
            .await?;
        }
        crate::directory::db::write_week_hours(&mut tx, id).await?;
        for closure in &entry.closures {
            sqlx::query(
                "insert into directory_closures (service_id, on_date, note) values ($1, $2, $3)",
            )
            .bind(id)
            .bind(&closure.date)
            .bind(&closure.note)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(saved)
}

/// The id of the commune's organization of this name, created when missing.
#[tracing::instrument(skip(tx, name))]
async fn organization_id(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    commune: i64,
    name: &str,
    now: i64,
) -> Result<i64, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "select id from directory_organizations where commune_code = $1 and name = $2",
    )
    .bind(commune)
    .bind(name)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "insert into directory_organizations (commune_code, name, created_at, updated_at) \
         values ($1, $2, $3, $3) returning id",
    )
    .bind(commune)
    .bind(name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Records that staff checked the entry today. False when the commune has no such entry.
#[tracing::instrument(skip(db))]
pub async fn mark_verified<'e>(
    db: impl Executor<'e>,
    commune: i64,
    id: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "update directory_services set verified_at = $1 where id = $2 and commune_code = $3",
    )
    .bind(now_ms())
    .bind(id)
    .bind(commune)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Archives the entry (residents no longer see it; it is kept) or restores it.
#[tracing::instrument(skip(db))]
pub async fn set_archived<'e>(
    db: impl Executor<'e>,
    commune: i64,
    id: i64,
    archived: bool,
) -> Result<bool, AppError> {
    let now = now_ms();
    let done = sqlx::query(
        "update directory_services set archived_at = $1, updated_at = $2 \
         where id = $3 and commune_code = $4",
    )
    .bind(archived.then_some(now))
    .bind(now)
    .bind(id)
    .bind(commune)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The name of one of the commune's entries (archived or not).
#[tracing::instrument(skip(db))]
pub async fn entry_name(db: &Db, commune: i64, id: i64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select name from directory_services where id = $1 and commune_code = $2",
    )
    .bind(id)
    .bind(commune)
    .fetch_optional(db)
    .await?)
}
