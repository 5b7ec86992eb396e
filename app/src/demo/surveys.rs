//! The demo commune's survey, open for residents to answer.

use super::DEMO_COMMUNE;
use crate::db::{Db, now_ms};
use crate::error::AppError;

/// The demo commune's survey: the new-rural template, open for 30 days from
/// the day it is seeded and published. Only when the commune has no survey.
#[tracing::instrument(skip_all)]
pub async fn seed(db: &Db) -> Result<(), AppError> {
    let existing: i64 = sqlx::query_scalar("select count(*) from surveys where commune_code = $1")
        .bind(DEMO_COMMUNE)
        .fetch_one(db)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let (input, questions) = crate::surveys::model::new_rural_template();
    let now = now_ms();
    let details = crate::surveys::model::SurveyInput {
        opens: crate::time::iso_date(now),
        closes: crate::time::iso_date(now + 30 * 86_400_000),
        ..input
    }
    .check()
    .map_err(|_| AppError::Internal)?;
    let id =
        crate::surveys::db::create_survey(db, DEMO_COMMUNE, &details, &questions, None).await?;
    sqlx::query("update surveys set is_demo = 1 where id = $1")
        .bind(id)
        .execute(db)
        .await?;
    crate::surveys::db::publish(db, id).await
}
