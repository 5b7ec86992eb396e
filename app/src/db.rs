//! The database handle shared by every feature's `db` module (server only).
//!
//! One pool, two engines: sqlx's `Any` driver over SQLite (embedded default) or
//! PostgreSQL. Queries are portable SQL with hand-written `$n` placeholders,
//! timestamps are UTC epoch milliseconds in `bigint`, and flags are 0/1 integers
//! because the `Any` driver cannot decode SQLite booleans.
//!
//! A bound `limit`/`offset`, or a bound pattern right of `like`, is written
//! `cast($n as …)`: SQLite compiles a statement again whenever such a bare
//! parameter is bound anew (its value might change the plan), which turned
//! every directory page into a fresh parse of its queries (`sqlite3Reprepare`
//! in perf).

pub type Db = sqlx::AnyPool;

/// What a query runs on: the pool (`&db`), or a transaction (`&mut *tx`) when
/// the change must go together with others, such as its audit line.
pub trait Executor<'e>: sqlx::Executor<'e, Database = sqlx::Any> {}
impl<'e, E: sqlx::Executor<'e, Database = sqlx::Any>> Executor<'e> for E {}

/// Now, as UTC epoch milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// For `map_err`: a query that failed on a unique constraint (a duplicate phone
/// number, a second role) becomes the field error `problem`; anything else is
/// the usual database error.
pub fn unique_as(
    problem: crate::error::Problem,
) -> impl FnOnce(sqlx::Error) -> crate::error::AppError {
    move |error| match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => problem.into(),
        _ => error.into(),
    }
}
