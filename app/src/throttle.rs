//! Throttles and rate limits (server only), kept in the database so that they
//! hold across several app servers on one PostgreSQL.
//!
//! An attempt is written *before* it is checked or done, then the attempts of
//! its bucket and key within the window are counted. A request that finds more
//! than the limit takes its own row back and is refused. Because every row is
//! committed before its request counts, of N requests arriving at the same
//! moment the k-th to commit sees at least k rows: at most `max` get through,
//! however the requests interleave (the race of "count, check, then record"
//! that let 20 parallel wrong passwords all be checked cannot happen).

use sqlx::Row;

use crate::db::{Db, now_ms};
use crate::error::AppError;

const MINUTE: i64 = 60 * 1000;

/// What is limited, how often, over which window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: i64,
    pub window_ms: i64,
}

/// Wrong passwords or reset codes for one phone number: 5 in 15 minutes.
pub const SIGN_IN_PHONE: Limit = Limit {
    bucket: "sign-in-phone",
    max: 5,
    window_ms: 15 * MINUTE,
};
/// Wrong passwords or reset codes from one address, whatever the number.
pub const SIGN_IN_ADDRESS: Limit = Limit {
    bucket: "sign-in-address",
    max: 30,
    window_ms: 15 * MINUTE,
};
/// Sign-ups from one address. Sign-up says whether a number has an account,
/// so it may not answer faster than sign-in does: 30 per 15 minutes, still
/// two a minute for a commune hall's "digital day" on one Wi-Fi.
pub const SIGN_UP_ADDRESS: Limit = Limit {
    bucket: "sign-up-address",
    max: 30,
    window_ms: 15 * MINUTE,
};
// Sign-up answers no faster than sign-in (per address and hour): checked
// when the crate is built.
const _: () = assert!(
    SIGN_UP_ADDRESS.max * 60 * MINUTE / SIGN_UP_ADDRESS.window_ms
        <= SIGN_IN_ADDRESS.max * 60 * MINUTE / SIGN_IN_ADDRESS.window_ms
);

/// Reports filed by one account, and from one address (many phones share an
/// address behind a carrier's NAT, so that limit is wider).
pub const REPORT_ACCOUNT: Limit = Limit {
    bucket: "report-account",
    max: 10,
    window_ms: 60 * MINUTE,
};
pub const REPORT_ADDRESS: Limit = Limit {
    bucket: "report-address",
    max: 60,
    window_ms: 60 * MINUTE,
};
/// Reports another system files with one Open311 key, and from one address.
pub const OPEN311_KEY: Limit = Limit {
    bucket: "open311-key",
    max: 120,
    window_ms: 60 * MINUTE,
};
pub const OPEN311_ADDRESS: Limit = Limit {
    bucket: "open311-address",
    max: 120,
    window_ms: 60 * MINUTE,
};
/// Push subscriptions (and changes of topics) by one account, and from one address.
pub const PUSH_ACCOUNT: Limit = Limit {
    bucket: "push-account",
    max: 10,
    window_ms: 60 * MINUTE,
};
pub const PUSH_ADDRESS: Limit = Limit {
    bucket: "push-address",
    max: 60,
    window_ms: 60 * MINUTE,
};

/// Rows older than this are of no use to any limit.
const KEEP_MS: i64 = 24 * 60 * MINUTE;

/// The attempts a request recorded, to take back when they should not count
/// (a sign-in that succeeded was not a failure).
#[derive(Debug, Default)]
#[must_use]
pub struct Attempt {
    ids: Vec<i64>,
}

/// Records one attempt under each `(limit, key)` and checks them all: refused
/// with `TooManyAttempts` (429, and the minutes to wait) when any is over its
/// limit, in which case nothing stays recorded.
#[tracing::instrument(skip_all, fields(buckets = ?checks.iter().map(|(l, _)| l.bucket).collect::<Vec<_>>()))]
pub async fn attempt(db: &Db, checks: &[(Limit, &str)]) -> Result<Attempt, AppError> {
    let now = now_ms();
    let mut recorded = Attempt::default();
    for (limit, key) in checks {
        let id: i64 = sqlx::query_scalar(
            "insert into attempts (bucket, key, created_at) values ($1, $2, $3) returning id",
        )
        .bind(limit.bucket)
        .bind(*key)
        .bind(now)
        .fetch_one(db)
        .await?;
        recorded.ids.push(id);
    }
    let mut wait_minutes = None;
    for (limit, key) in checks {
        if let Some(minutes) = over(db, *limit, key, now).await? {
            wait_minutes = Some(wait_minutes.unwrap_or(0).max(minutes));
        }
    }
    match wait_minutes {
        None => Ok(recorded),
        Some(minutes) => {
            recorded.take_back(db).await?;
            Err(AppError::TooManyAttempts { minutes })
        }
    }
}

/// Minutes until `key` is under `limit` again, when it is over it now (its own
/// row counted): the lock lasts until the `max`-th most recent attempt leaves
/// the window.
async fn over(db: &Db, limit: Limit, key: &str, now: i64) -> Result<Option<i64>, AppError> {
    let since = now - limit.window_ms;
    let row = sqlx::query(
        "select count(*) as n, max(created_at) as newest from attempts \
         where bucket = $1 and key = $2 and created_at > $3",
    )
    .bind(limit.bucket)
    .bind(key)
    .bind(since)
    .fetch_one(db)
    .await?;
    let count: i64 = row.try_get("n")?;
    if count <= limit.max {
        return Ok(None);
    }
    let kept: Option<i64> = sqlx::query_scalar(
        "select created_at from attempts where bucket = $1 and key = $2 and created_at > $3 \
         order by created_at desc, id desc limit 1 offset cast($4 as bigint)",
    )
    .bind(limit.bucket)
    .bind(key)
    .bind(since)
    .bind(limit.max - 1)
    .fetch_optional(db)
    .await?;
    let until = kept.unwrap_or(now) + limit.window_ms;
    Ok(Some(((until - now + MINUTE - 1) / MINUTE).max(1)))
}

impl Attempt {
    /// Takes the recorded attempts back: they do not count.
    pub async fn take_back(self, db: &Db) -> Result<(), AppError> {
        for id in self.ids {
            sqlx::query("delete from attempts where id = $1")
                .bind(id)
                .execute(db)
                .await?;
        }
        Ok(())
    }

    /// Keeps the attempts (a failure, or a limited action that was done).
    pub fn keep(self) {}
}

/// Forgets every attempt of `key` under `limit`: after a correct password the
/// number's earlier failures no longer count.
pub async fn clear(db: &Db, limit: Limit, key: &str) -> Result<(), AppError> {
    sqlx::query("delete from attempts where bucket = $1 and key = $2")
        .bind(limit.bucket)
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

/// Removes attempts too old to count for any limit; the server runs it now and
/// then (see the server's housekeeping).
pub async fn forget_old(db: &Db) -> Result<u64, AppError> {
    let done = sqlx::query("delete from attempts where created_at <= $1")
        .bind(now_ms() - KEEP_MS)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_named_once_and_fit_the_keep_time() {
        let all = [
            SIGN_IN_PHONE,
            SIGN_IN_ADDRESS,
            SIGN_UP_ADDRESS,
            REPORT_ACCOUNT,
            REPORT_ADDRESS,
            OPEN311_KEY,
            OPEN311_ADDRESS,
            PUSH_ACCOUNT,
            PUSH_ADDRESS,
        ];
        for (i, a) in all.iter().enumerate() {
            assert!(a.window_ms <= KEEP_MS && a.max > 0);
            for b in &all[i + 1..] {
                assert_ne!(a.bucket, b.bucket);
            }
        }
    }
}
