//! Queries of Web Push (server only): the server's VAPID keys, the phones'
//! subscriptions and their topics, and the queue of messages to push, which a
//! background worker takes jobs from (see the server's `push` module).

use sqlx::Row;

use super::model::{AnnouncementTopic, Subscription, Topics};
use crate::db::{Db, now_ms};
use crate::error::AppError;

/// The server's VAPID key pair (private, public; base64url), if made yet.
#[tracing::instrument(skip_all)]
pub async fn vapid_keys(db: &Db) -> Result<Option<(String, String)>, AppError> {
    Ok(
        sqlx::query_as("select private_key, public_key from push_vapid where id = 1")
            .fetch_optional(db)
            .await?,
    )
}

/// Keeps a new key pair unless another server made one first; returns the one kept.
#[tracing::instrument(skip_all)]
pub async fn keep_vapid_keys(
    db: &Db,
    private_key: &str,
    public_key: &str,
) -> Result<(String, String), AppError> {
    sqlx::query(
        "insert into push_vapid (id, private_key, public_key, created_at) values (1, $1, $2, $3) \
         on conflict (id) do nothing",
    )
    .bind(private_key)
    .bind(public_key)
    .bind(now_ms())
    .execute(db)
    .await?;
    vapid_keys(db).await?.ok_or(AppError::Internal)
}

/// The most phones one account keeps subscribed: a person has a phone or two
/// and maybe an office PC; more is a script filling the push queue.
pub const MAX_SUBSCRIPTIONS: i64 = 5;

/// Subscribes a phone for `user` with `topics`. A phone is one endpoint: when
/// another person signs in on it, the subscription becomes theirs. Beyond
/// `MAX_SUBSCRIPTIONS` the account's least recently updated phones are dropped.
#[tracing::instrument(skip(db, subscription, topics))]
pub async fn subscribe(
    db: &Db,
    user: i64,
    subscription: &Subscription,
    topics: Topics,
) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "insert into push_subscriptions (user_id, endpoint, p256dh, auth, reports, announcements, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) \
         on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, \
           auth = excluded.auth, reports = excluded.reports, announcements = excluded.announcements, \
           failures = 0, updated_at = excluded.updated_at",
    )
    .bind(user)
    .bind(&subscription.endpoint)
    .bind(&subscription.p256dh)
    .bind(&subscription.auth)
    .bind(i64::from(topics.reports))
    .bind(topics.announcements.code())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let extra: Vec<i64> = sqlx::query_scalar(
        "select id from push_subscriptions where user_id = $1 \
         order by updated_at desc, id desc limit 1000 offset cast($2 as bigint)",
    )
    .bind(user)
    .bind(MAX_SUBSCRIPTIONS)
    .fetch_all(&mut *tx)
    .await?;
    for id in extra {
        remove_subscription_in(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes `user`'s subscription of this endpoint (nothing when there is none).
#[tracing::instrument(skip(db, endpoint))]
pub async fn unsubscribe(db: &Db, user: i64, endpoint: &str) -> Result<(), AppError> {
    sqlx::query("delete from push_subscriptions where user_id = $1 and endpoint = $2")
        .bind(user)
        .bind(endpoint.trim())
        .execute(db)
        .await?;
    Ok(())
}

/// The topics of `user`'s subscription of this endpoint.
#[tracing::instrument(skip(db, endpoint))]
pub async fn topics(db: &Db, user: i64, endpoint: &str) -> Result<Option<Topics>, AppError> {
    let row = sqlx::query(
        "select reports, announcements from push_subscriptions where user_id = $1 and endpoint = $2",
    )
    .bind(user)
    .bind(endpoint.trim())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let announcements: String = row.try_get("announcements")?;
    Ok(Some(Topics {
        reports: row.try_get::<i64, _>("reports")? == 1,
        announcements: AnnouncementTopic::parse(&announcements).unwrap_or_default(),
    }))
}

/// A message to push, with what sending it needs.
#[derive(Clone, Debug)]
pub struct PushJob {
    pub id: i64,
    pub subscription_id: i64,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub payload: String,
    pub urgency: String,
    pub attempts: i64,
    /// The language of the person it goes to.
    pub lang: String,
}

/// Takes up to `limit` jobs that are due, holding each for `lease_ms` so that
/// no other worker (of this server or another) sends it meanwhile. A job is
/// taken by a conditional update, which works alike on both engines.
#[tracing::instrument(skip(db))]
pub async fn take_due(db: &Db, limit: i64, lease_ms: i64) -> Result<Vec<PushJob>, AppError> {
    let now = now_ms();
    let due: Vec<i64> = sqlx::query_scalar(
        "select id from push_jobs where next_attempt_at <= $1 and locked_until <= $1 \
         order by priority, next_attempt_at, id limit cast($2 as bigint)",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?;
    let mut taken = Vec::with_capacity(due.len());
    for id in due {
        let claimed = sqlx::query(
            "update push_jobs set locked_until = $2, attempts = attempts + 1 \
             where id = $1 and locked_until <= $3",
        )
        .bind(id)
        .bind(now + lease_ms)
        .bind(now)
        .execute(db)
        .await?;
        if claimed.rows_affected() == 1 {
            taken.push(id);
        }
    }
    if taken.is_empty() {
        return Ok(Vec::new());
    }
    let ids = taken
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "select j.id, j.subscription_id, j.payload, j.urgency, j.attempts, s.endpoint, s.p256dh, s.auth, u.lang \
         from push_jobs j join push_subscriptions s on s.id = j.subscription_id \
         join users u on u.id = s.user_id where j.id in ({ids}) order by j.id"
    )))
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PushJob {
                id: row.try_get("id")?,
                subscription_id: row.try_get("subscription_id")?,
                endpoint: row.try_get("endpoint")?,
                p256dh: row.try_get("p256dh")?,
                auth: row.try_get("auth")?,
                payload: row.try_get("payload")?,
                urgency: row.try_get("urgency")?,
                attempts: row.try_get("attempts")?,
                lang: row.try_get("lang")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The push queue as an operator watches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Queue {
    /// Messages waiting, due or not.
    pub length: i64,
    /// How long the oldest due message has waited, in ms (0: none is due).
    pub oldest_due_ms: i64,
}

#[tracing::instrument(skip(db))]
pub async fn queue(db: &Db) -> Result<Queue, AppError> {
    let now = now_ms();
    let (length, oldest): (i64, Option<i64>) = sqlx::query_as(
        "select count(*), min(case when next_attempt_at <= $1 then next_attempt_at end) from push_jobs",
    )
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(Queue {
        length,
        oldest_due_ms: oldest.map_or(0, |at| (now - at).max(0)),
    })
}

/// The job was delivered (or will never be): it is done.
#[tracing::instrument(skip(db))]
pub async fn finish(db: &Db, job: i64) -> Result<(), AppError> {
    sqlx::query("delete from push_jobs where id = $1")
        .bind(job)
        .execute(db)
        .await?;
    Ok(())
}

/// The job failed for now: it is tried again at `at`.
#[tracing::instrument(skip(db, error))]
pub async fn retry(db: &Db, job: i64, at: i64, error: &str) -> Result<(), AppError> {
    sqlx::query(
        "update push_jobs set next_attempt_at = $2, locked_until = 0, last_error = $3 where id = $1",
    )
    .bind(job)
    .bind(at)
    .bind(error.chars().take(500).collect::<String>())
    .execute(db)
    .await?;
    Ok(())
}

/// The push service says this subscription is gone (404, 410): it is removed,
/// with its waiting jobs.
#[tracing::instrument(skip(db))]
pub async fn remove_subscription(db: &Db, subscription: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    remove_subscription_in(&mut tx, subscription).await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip(tx))]
async fn remove_subscription_in(
    tx: &mut sqlx::AnyConnection,
    subscription: i64,
) -> Result<(), AppError> {
    sqlx::query("delete from push_jobs where subscription_id = $1")
        .bind(subscription)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from push_subscriptions where id = $1")
        .bind(subscription)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A subscription whose messages fail for good this many times in a row is
/// dropped: a dead or hostile endpoint does not keep the worker busy.
pub const MAX_FAILURES: i64 = 3;

/// A message reached the phone: the subscription works.
#[tracing::instrument(skip(db))]
pub async fn delivered(db: &Db, subscription: i64) -> Result<(), AppError> {
    sqlx::query("update push_subscriptions set failures = 0 where id = $1 and failures <> 0")
        .bind(subscription)
        .execute(db)
        .await?;
    Ok(())
}

/// A message to this subscription failed for good (dropped, or out of
/// attempts); after `MAX_FAILURES` in a row the subscription is removed.
/// Returns whether it was.
#[tracing::instrument(skip(db))]
pub async fn failed(db: &Db, subscription: i64) -> Result<bool, AppError> {
    let failures: Option<i64> = sqlx::query_scalar(
        "update push_subscriptions set failures = failures + 1 where id = $1 returning failures",
    )
    .bind(subscription)
    .fetch_optional(db)
    .await?;
    if failures.is_some_and(|n| n >= MAX_FAILURES) {
        remove_subscription(db, subscription).await?;
        return Ok(true);
    }
    Ok(false)
}
