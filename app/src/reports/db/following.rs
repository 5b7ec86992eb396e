//! Residents following a report.

use crate::db::{Db, now_ms};
use crate::error::AppError;

#[tracing::instrument(skip(db))]
pub async fn is_following(db: &Db, report: i64, user: i64) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from report_followers where report_id = $1 and user_id = $2",
    )
    .bind(report)
    .bind(user)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// "I have this problem too" (again: nothing changes).
#[tracing::instrument(skip(db))]
pub async fn follow(db: &Db, report: i64, user: i64) -> Result<(), AppError> {
    sqlx::query(
        "insert into report_followers (report_id, user_id, created_at) values ($1, $2, $3) \
         on conflict (report_id, user_id) do nothing",
    )
    .bind(report)
    .bind(user)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}
