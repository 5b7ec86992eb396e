//! Photos and voice notes: stored with the report or event that brought them,
//! and read back only by those who may see them.

use crate::db::Db;
use crate::error::AppError;
use crate::reports::photos::Photo;
use crate::reports::voice::VoiceNote;
use sqlx::Row;

/// Stores processed photos of a report, or of one of its events (a reply).
#[tracing::instrument(skip(tx, photos))]
pub(crate) async fn store_photos(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report: i64,
    event: Option<i64>,
    photos: &[Photo],
    now: i64,
) -> Result<(), sqlx::Error> {
    for (position, photo) in photos.iter().enumerate() {
        sqlx::query(
            "insert into report_photos (report_id, event_id, position, data, thumbnail, width, height, \
               created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(report)
        .bind(event)
        .bind(position as i64)
        .bind(&photo.jpeg)
        .bind(&photo.thumbnail)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Stores a checked voice note of a report, or of one of its events (a reply).
#[tracing::instrument(skip(tx, voice))]
pub(super) async fn store_voice(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report: i64,
    event: Option<i64>,
    voice: Option<&VoiceNote>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(voice) = voice else {
        return Ok(());
    };
    sqlx::query(
        "insert into report_voice_notes (report_id, event_id, data, container, duration_ms, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(report)
    .bind(event)
    .bind(&voice.bytes)
    .bind(voice.container.as_str())
    .bind(i64::from(voice.duration_ms))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A photo's JPEG bytes (or its thumbnail's), when it may be shown: not of a
/// rejected report; of an internal note, or hidden, only when `role` handles
/// the reports of its commune. The flag says it is for staff only (no shared
/// cache may keep it).
#[tracing::instrument(skip(db, role))]
pub async fn photo_bytes(
    db: &Db,
    id: i64,
    thumbnail: bool,
    role: Option<crate::accounts::model::Role>,
) -> Result<Option<(Vec<u8>, bool)>, AppError> {
    // One statement; only the column differs.
    macro_rules! photo_sql {
        ($column:literal) => {
            concat!(
                "select p.",
                $column,
                " as bytes, p.hidden_at, r.commune_code, \
                   case when p.event_id is null then 1 else e.public end as public \
                 from report_photos p \
                 join reports r on r.id = p.report_id \
                 left join report_events e on e.id = p.event_id \
                 where p.id = $1 and r.status <> 'rejected'"
            )
        };
    }
    let sql = if thumbnail {
        photo_sql!("thumbnail")
    } else {
        photo_sql!("data")
    };
    let Some(row) = sqlx::query(sql).bind(id).fetch_optional(db).await? else {
        return Ok(None);
    };
    let Some(hidden) = staff_only_allowed(&row, role)? else {
        return Ok(None);
    };
    Ok(Some((row.try_get("bytes")?, hidden)))
}

/// Whether a photo or voice note (its row's `hidden_at`, `public` and
/// `commune_code`) may be given to `role`: Some(true) when it is for staff
/// only (hidden by moderation, or of an internal note) and `role` handles
/// the reports of its commune, Some(false) when it is public, None otherwise.
fn staff_only_allowed(
    row: &sqlx::any::AnyRow,
    role: Option<crate::accounts::model::Role>,
) -> Result<Option<bool>, AppError> {
    let staff_only = row.try_get::<Option<i64>, _>("hidden_at")?.is_some()
        || row.try_get::<i64, _>("public")? != 1;
    let commune: i64 = row.try_get("commune_code")?;
    let staff = crate::accounts::policy::authorize(
        role,
        crate::accounts::policy::Action::HandleReports { commune },
    )
    .is_ok();
    Ok((!staff_only || staff).then_some(staff_only))
}

/// A voice note's bytes and container, when it may be heard: as its text may
/// be read (not of a rejected report; of an internal note, or hidden, only
/// when `role` handles the reports of its commune). The flag says it is for
/// staff only (no shared cache may keep it).
#[tracing::instrument(skip(db, role))]
pub async fn voice_bytes(
    db: &Db,
    id: i64,
    role: Option<crate::accounts::model::Role>,
) -> Result<Option<(Vec<u8>, crate::reports::voice::Container, bool)>, AppError> {
    let row = sqlx::query(
        "select v.data, v.container, r.commune_code, \
           case when v.event_id is null then r.text_hidden_at else e.hidden_at end as hidden_at, \
           case when v.event_id is null then 1 else e.public end as public \
         from report_voice_notes v \
         join reports r on r.id = v.report_id \
         left join report_events e on e.id = v.event_id \
         where v.id = $1 and r.status <> 'rejected'",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(hidden) = staff_only_allowed(&row, role)? else {
        return Ok(None);
    };
    let container: String = row.try_get("container")?;
    let container =
        crate::reports::voice::Container::from_db(&container).ok_or(AppError::Internal)?;
    Ok(Some((row.try_get("data")?, container, hidden)))
}
