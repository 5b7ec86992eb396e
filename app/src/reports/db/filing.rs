//! Filing a report: once per idempotency key, in one transaction with its
//! photos, voice note and first deadline.

use super::media::{store_photos, store_voice};
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};
use crate::reports::deadlines::WorkingTime;
use crate::reports::model::{Category, Description, IdempotencyKey, tracking_code};
use crate::reports::photos::Photo;
use crate::reports::voice::VoiceNote;

/// A report as filed, checked.
pub struct NewReport {
    pub commune: i64,
    pub province_name: String,
    pub category: Category,
    /// The resident who sent it; None when another system sent it (`api_key`).
    pub reporter: Option<i64>,
    /// The Open311 key it came with.
    pub api_key: Option<i64>,
    /// Where, in words (Open311 `address_string`).
    pub address: String,
    pub description: Description,
    pub village: Option<i64>,
    pub position: Option<(f64, f64)>,
    pub hide_name: bool,
    pub urgent: bool,
    /// Said rather than typed (checked: `voice::check`).
    pub voice: Option<VoiceNote>,
}

/// What a report says, as a digest: a report sent again with the same
/// idempotency key must say the same, photos included.
fn digest(report: &NewReport, photos: &[Photo]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let fields = format!(
        "{}\n{}\n{:?}\n{:?}\n{}\n{}\n{}\n",
        report.commune,
        report.category.id,
        report.village,
        report.position,
        report.hide_name,
        report.urgent,
        report.description.as_str(),
    );
    hash.update(fields.as_bytes());
    for photo in photos {
        hash.update(Sha256::digest(&photo.jpeg));
    }
    if let Some(voice) = &report.voice {
        hash.update(b"voice");
        hash.update(Sha256::digest(&voice.bytes));
    }
    hex::encode(hash.finalize())
}

/// The report this person filed before with this idempotency key: its code
/// when it said the same, `IdempotencyKeyReused` when it said something else.
#[tracing::instrument(skip(db, key, digest))]
async fn filed_before(
    db: &Db,
    reporter: i64,
    key: &IdempotencyKey,
    digest: &str,
) -> Result<Option<String>, AppError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "select code, client_digest from reports where reporter_id = $1 and client_key = $2",
    )
    .bind(reporter)
    .bind(key.as_str())
    .fetch_optional(db)
    .await?;
    match row {
        None => Ok(None),
        Some((code, Some(before))) if before == digest => Ok(Some(code)),
        Some(_) => Err(Problem::IdempotencyKeyReused.into()),
    }
}

/// The metric counting reports answered from their idempotency key: a phone's
/// outbox sent again what the server already had.
pub const OUTBOX_REPLAYS: &str = "xaso_outbox_replays_total";

/// Files a report with its photos, deadlines and first timeline entry; returns
/// its code. With an idempotency key (`client`, reports from a resident's
/// outbox), a report the same person filed before with that key is not filed
/// again: its code comes back, also when two copies arrive at once. A new
/// report counts against the sender's `limits` (a replay does not).
#[tracing::instrument(skip_all)]
pub async fn file(
    db: &Db,
    report: &NewReport,
    photos: &[Photo],
    working: &WorkingTime,
    client: Option<&IdempotencyKey>,
    limits: &[(crate::throttle::Limit, &str)],
) -> Result<String, AppError> {
    let client = match (client, report.reporter) {
        (Some(key), Some(reporter)) => Some((key, reporter, digest(report, photos))),
        _ => None,
    };
    if let Some((key, reporter, digest)) = &client
        && let Some(code) = filed_before(db, *reporter, key, digest).await?
    {
        metrics::counter!(OUTBOX_REPLAYS).increment(1);
        return Ok(code);
    }
    crate::throttle::attempt(db, limits).await?.keep();
    match insert(db, report, photos, working, client.as_ref()).await {
        // The same key at the same moment: the other copy won the unique index.
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() && client.is_some() => {
            let (key, reporter, digest) = client.as_ref().expect("checked above");
            let code = filed_before(db, *reporter, key, digest)
                .await?
                .ok_or(AppError::Internal)?;
            metrics::counter!(OUTBOX_REPLAYS).increment(1);
            Ok(code)
        }
        result => result.map_err(AppError::from),
    }
}

#[tracing::instrument(skip_all)]
async fn insert(
    db: &Db,
    report: &NewReport,
    photos: &[Photo],
    working: &WorkingTime,
    client: Option<&(&IdempotencyKey, i64, String)>,
) -> Result<String, sqlx::Error> {
    let now = now_ms();
    let acknowledge_by = working.acknowledge_by(now, report.urgent);
    let resolve_by = working.resolve_by(now, report.category.resolve_days.max(1) as u32);
    let mut tx = db.begin().await?;
    // The code needs the id: a unique placeholder first.
    let placeholder = format!("pending-{:016x}", rand::random::<u64>());
    let id: i64 = sqlx::query_scalar(
        "insert into reports (code, commune_code, category_id, reporter_id, description, village_id, \
           latitude, longitude, hide_name, urgent, status, acknowledge_by, resolve_by, created_at, updated_at, \
           api_key_id, address, client_key, client_digest) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', $11, $12, $13, $13, $14, $15, $16, $17) \
         returning id",
    )
    .bind(&placeholder)
    .bind(report.commune)
    .bind(report.category.id)
    .bind(report.reporter)
    .bind(report.description.as_str())
    .bind(report.village)
    .bind(report.position.map(|p| p.0))
    .bind(report.position.map(|p| p.1))
    .bind(i64::from(report.hide_name))
    .bind(i64::from(report.urgent))
    .bind(acknowledge_by)
    .bind(resolve_by)
    .bind(now)
    .bind(report.api_key)
    .bind(&report.address)
    .bind(client.map(|c| c.0.as_str()))
    .bind(client.map(|c| c.2.as_str()))
    .fetch_one(&mut *tx)
    .await?;
    let year: i64 = crate::time::iso_date(now)[..4].parse().unwrap_or(2026);
    let code = tracking_code(&report.province_name, year, id);
    sqlx::query("update reports set code = $1 where id = $2")
        .bind(&code)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into report_events (report_id, actor_id, kind, status, created_at) \
         values ($1, $2, 'filed', 'new', $3)",
    )
    .bind(id)
    .bind(report.reporter)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(reporter) = report.reporter {
        sqlx::query(
            "insert into report_followers (report_id, user_id, created_at) values ($1, $2, $3)",
        )
        .bind(id)
        .bind(reporter)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    store_photos(&mut tx, id, None, photos, now).await?;
    store_voice(&mut tx, id, None, report.voice.as_ref(), now).await?;
    tx.commit().await?;
    Ok(code)
}
