//! Staff handling: status changes, replies, assignment, and the reporter's
//! rating; each notifies the report's followers in its own transaction.

use super::media::{store_photos, store_voice};
use super::settings::working_time;
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};
use crate::reports::lifecycle::Status;
use crate::reports::model::EventKind;
use crate::reports::photos::Photo;
use crate::reports::voice::VoiceNote;

/// A status change: from, to, by whom, its public text (a reply, a referral, a
/// reason), the report it duplicates, and photos (evidence of the fix).
pub struct Change<'a> {
    pub from: Status,
    pub to: Status,
    pub actor: i64,
    pub body: &'a str,
    pub duplicate_of: Option<i64>,
    pub photos: &'a [Photo],
}

/// Moves the report as `change` says. Fails with `IllegalTransition` when
/// another change came first.
#[tracing::instrument(skip(db, change))]
pub async fn change_status(db: &Db, report: i64, change: Change<'_>) -> Result<(), AppError> {
    let Change {
        from,
        to,
        actor,
        body,
        duplicate_of,
        photos,
    } = change;
    let now = now_ms();
    // How long it waited, in working minutes, for the dashboards: read before
    // the transaction (on SQLite a transaction must start with its write).
    let (commune, filed, reopened_at, resolve_days): (i64, i64, Option<i64>, i64) = sqlx::query_as(
        "select r.commune_code, r.created_at, r.reopened_at, c.resolve_days \
             from reports r join report_categories c on c.id = r.category_id where r.id = $1",
    )
    .bind(report)
    .fetch_one(db)
    .await?;
    // "Not fixed yet" starts the clock again: a new resolve deadline from now,
    // by the category's target, and the next resolution is timed from here.
    let reopening = from == Status::Resolved && to == Status::InProgress;
    // Only the first step out of `new`, a resolution and a reopening need the
    // commune's working time: other steps skip reading it.
    let (waited, new_deadline) = if from == Status::New || to == Status::Resolved || reopening {
        let (working, _) = working_time(db, commune).await?;
        let start = match reopened_at {
            Some(at) if to == Status::Resolved => at,
            _ => filed,
        };
        let deadline = reopening.then(|| working.resolve_by(now, resolve_days.clamp(1, 90) as u32));
        (working.minutes_between(start, now), deadline)
    } else {
        (0, None)
    };
    let mut tx = db.begin().await?;
    // The first step out of `new`, whatever it is, is the acknowledgement the
    // deadline asks for; "not fixed yet" counts as a reopening.
    let changed = sqlx::query(
        "update reports set status = $1, updated_at = $2, \
           acknowledged_at = case when $5 = 'new' then coalesce(acknowledged_at, $2) else acknowledged_at end, \
           acknowledge_minutes = case when $5 = 'new' then coalesce(acknowledge_minutes, $6) \
             else acknowledge_minutes end, \
           resolved_at = case when $1 = 'resolved' then $2 else resolved_at end, \
           resolve_minutes = case when $1 = 'resolved' then $6 else resolve_minutes end, \
           reopened = case when $5 = 'resolved' and $1 = 'in_progress' then reopened + 1 else reopened end, \
           reopened_at = case when $5 = 'resolved' and $1 = 'in_progress' then $2 else reopened_at end, \
           resolve_by = coalesce($7, resolve_by), \
           duplicate_of = coalesce($3, duplicate_of) \
         where id = $4 and status = $5",
    )
    .bind(to.code())
    .bind(now)
    .bind(duplicate_of)
    .bind(report)
    .bind(from.code())
    .bind(waited)
    .bind(new_deadline)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(Problem::IllegalTransition.into());
    }
    let event: i64 = sqlx::query_scalar(
        "insert into report_events (report_id, actor_id, kind, status, body, resolve_by, created_at) \
         values ($1, $2, 'status', $3, $4, $5, $6) returning id",
    )
    .bind(report)
    .bind(actor)
    .bind(to.code())
    .bind(body)
    .bind(new_deadline)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    store_photos(&mut tx, report, Some(event), photos, now).await?;
    notify(&mut tx, report, actor, EventKind::Status, Some(to), now).await?;
    if let Some(original) = duplicate_of {
        // The followers move to the report it duplicates.
        sqlx::query(
            "insert into report_followers (report_id, user_id, created_at) \
             select $1, user_id, $2 from report_followers where report_id = $3 \
             on conflict (report_id, user_id) do nothing",
        )
        .bind(original)
        .bind(now)
        .bind(report)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A public reply or an internal note.
#[tracing::instrument(skip(db, body, photos, voice))]
pub async fn add_reply(
    db: &Db,
    report: i64,
    actor: i64,
    body: &str,
    public: bool,
    photos: &[Photo],
    voice: Option<&VoiceNote>,
) -> Result<(), AppError> {
    let kind = if public {
        EventKind::Reply
    } else {
        EventKind::Note
    };
    let now = now_ms();
    let mut tx = db.begin().await?;
    let event: i64 = sqlx::query_scalar(
        "insert into report_events (report_id, actor_id, kind, body, public, created_at) \
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(report)
    .bind(actor)
    .bind(kind.code())
    .bind(body)
    .bind(i64::from(public))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    store_photos(&mut tx, report, Some(event), photos, now).await?;
    store_voice(&mut tx, report, Some(event), voice, now).await?;
    if public {
        notify(&mut tx, report, actor, EventKind::Reply, None, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Tells the report's reporter and followers (but not `actor`) of a public
/// change: a notification each, and a push message to each of their phones
/// that asked for report updates (sent by the push worker, after the commit).
#[tracing::instrument(skip(tx, kind, status))]
pub(super) async fn notify(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report: i64,
    actor: i64,
    kind: EventKind,
    status: Option<Status>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into notifications (user_id, report_id, kind, status, created_at) \
         select f.user_id, $1, $2, $3, $4 from report_followers f join users u on u.id = f.user_id \
         where f.report_id = $1 and f.user_id <> $5 and u.deleted_at is null",
    )
    .bind(report)
    .bind(kind.code())
    .bind(status.map(Status::code))
    .bind(now)
    .bind(actor)
    .execute(&mut **tx)
    .await?;
    let (code, category): (String, String) = sqlx::query_as(
        "select r.code, c.name from reports r join report_categories c on c.id = r.category_id \
         where r.id = $1",
    )
    .bind(report)
    .fetch_one(&mut **tx)
    .await?;
    let event = crate::push::model::PushEvent::Report {
        code,
        category,
        status,
        reply: kind == EventKind::Reply,
    };
    sqlx::query(
        "insert into push_jobs (subscription_id, payload, urgency, next_attempt_at, created_at) \
         select s.id, $2, 'normal', $3, $3 from push_subscriptions s \
         join report_followers f on f.user_id = s.user_id \
         where f.report_id = $1 and f.user_id <> $4 and s.reports = 1",
    )
    .bind(report)
    .bind(event.to_json())
    .bind(now)
    .bind(actor)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The reporter's rating of the handling, once.
#[tracing::instrument(skip(db, comment))]
pub async fn rate(db: &Db, report: i64, rating: i64, comment: &str) -> Result<(), AppError> {
    let done = sqlx::query(
        "update reports set rating = $1, rating_comment = $2 where id = $3 and rating is null \
           and status = 'closed'",
    )
    .bind(rating)
    .bind(comment)
    .bind(report)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Problem::AlreadyRated.into());
    }
    Ok(())
}

/// Gives the report to a staff member of its commune, or to nobody.
#[tracing::instrument(skip(db))]
pub async fn assign(db: &Db, report: i64, user: Option<i64>) -> Result<(), AppError> {
    sqlx::query("update reports set assigned_to = $1 where id = $2")
        .bind(user)
        .bind(report)
        .execute(db)
        .await?;
    Ok(())
}
