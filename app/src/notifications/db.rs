//! Queries of the inbox (server only).

use sqlx::Row;

use super::model::{Notification, NotificationSubject};
use crate::db::{Db, now_ms};
use crate::error::AppError;
use crate::reports::lifecycle::Status;
use crate::reports::model::EventKind;

/// A person's latest notifications (100), newest first: of reports and of
/// announcements.
#[tracing::instrument(skip(db))]
pub async fn notifications(db: &Db, user: i64) -> Result<Vec<Notification>, AppError> {
    let rows = sqlx::query(
        "select n.kind, n.status, n.created_at, n.read_at, r.code, c.name as category_name, \
           a.id as announcement_id, a.title as announcement_title, a.kind as announcement_kind \
         from notifications n left join reports r on r.id = n.report_id \
         left join report_categories c on c.id = r.category_id \
         left join announcements a on a.id = n.announcement_id \
         where n.user_id = $1 order by n.created_at desc, n.id desc limit 100",
    )
    .bind(user)
    .fetch_all(db)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let status: Option<String> = row.try_get("status")?;
        let subject = match row.try_get::<Option<i64>, _>("announcement_id")? {
            Some(id) => NotificationSubject::Announcement {
                id,
                title: row.try_get("announcement_title")?,
                alert: row.try_get::<String, _>("announcement_kind")? == "alert",
            },
            None => NotificationSubject::Report {
                code: row.try_get("code")?,
                category: row.try_get("category_name")?,
            },
        };
        list.push(Notification {
            subject,
            kind: EventKind::from_db(&kind),
            status: status.as_deref().and_then(Status::parse),
            at_ms: row.try_get("created_at")?,
            read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
        });
    }
    Ok(list)
}

/// Marks a person's notifications read: those of one report, or all.
#[tracing::instrument(skip(db))]
pub async fn mark_read(db: &Db, user: i64, report: Option<i64>) -> Result<(), AppError> {
    sqlx::query(
        "update notifications set read_at = $1 \
         where user_id = $2 and read_at is null and ($3 = 0 or report_id = $3)",
    )
    .bind(now_ms())
    .bind(user)
    .bind(report.unwrap_or(0))
    .execute(db)
    .await?;
    Ok(())
}
