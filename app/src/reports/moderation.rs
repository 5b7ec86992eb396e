//! Moderation: staff of the report's commune hide from the public the text of a
//! report, the text of a public reply, or a photo (abuse, a person's private
//! details, a photo of someone's face). Nothing is deleted: the original stays
//! in the database for staff, and the audit log records who hid what, the
//! original text and why.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::db::{Executor, now_ms},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::staff::db::{AuditScope, Change, audit},
    crate::staff::model::AuditAction,
};

/// What can be hidden, as the moderation form names it: `text` (the report's
/// own), `event-{id}` (a reply) or `photo-{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Text,
    Event(i64),
    Photo(i64),
}

impl Target {
    pub fn parse(text: &str) -> Option<Target> {
        let text = text.trim();
        if text == "text" {
            return Some(Target::Text);
        }
        let (kind, id) = text.split_once('-')?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "event" => Some(Target::Event(id)),
            "photo" => Some(Target::Photo(id)),
            _ => None,
        }
    }

    pub fn code(self) -> String {
        match self {
            Target::Text => "text".to_owned(),
            Target::Event(id) => format!("event-{id}"),
            Target::Photo(id) => format!("photo-{id}"),
        }
    }
}

/// Hides `target` of report `report`; returns what the public saw (the text,
/// or the photo's number) for the audit log. `NothingToHide` when the report
/// has no such (visible) thing.
#[cfg(feature = "ssr")]
pub async fn hide<'e>(
    db: impl Executor<'e>,
    report: i64,
    target: Target,
) -> Result<String, AppError> {
    let now = now_ms();
    let original: Option<String> =
        match target {
            Target::Text => sqlx::query_scalar(
                "update reports set text_hidden_at = $1 where id = $2 and text_hidden_at is null \
                 returning description",
            )
            .bind(now)
            .bind(report)
            .fetch_optional(db)
            .await?,
            // Only public replies with a text: internal notes are never public.
            Target::Event(id) => {
                sqlx::query_scalar(
                    "update report_events set hidden_at = $1 where id = $2 and report_id = $3 \
                 and hidden_at is null and public = 1 and body <> '' returning body",
                )
                .bind(now)
                .bind(id)
                .bind(report)
                .fetch_optional(db)
                .await?
            }
            Target::Photo(id) => sqlx::query_scalar::<_, i64>(
                "update report_photos set hidden_at = $1 where id = $2 and report_id = $3 \
                 and hidden_at is null returning id",
            )
            .bind(now)
            .bind(id)
            .bind(report)
            .fetch_optional(db)
            .await?
            .map(|id| format!("/photos/{id}")),
        };
    original.ok_or(Problem::NothingToHide.into())
}

/// Hides a report's text, a reply or a photo from the public, with the reason.
#[server(endpoint = "staff/reports/hide")]
pub async fn hide_content(code: String, target: String, reason: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::db::use_db()?;
        let (report, visitor) = super::api::handled_report(&db, &code).await?;
        let target = Target::parse(&target).ok_or(Problem::NothingToHide)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Problem::ReasonMissing.into());
        }
        if reason.chars().count() > super::model::REPLY_MAX {
            return Err(Problem::TextTooLong.into());
        }
        let mut tx = db.begin().await?;
        let original = hide(&mut *tx, report.id, target).await?;
        let detail = format!(
            "{} · {} · «{original}» · {reason}",
            report.summary.code,
            target.code()
        );
        let scope = AuditScope::Commune(report.commune);
        let change = Change::new(scope, visitor.user_id, AuditAction::HideContent);
        audit(&mut tx, change.detail(&detail)).await?;
        Ok(tx.commit().await?)
    };
    finish(
        "hide",
        result.await,
        &Done::ContentHidden.at(&format!("/staff/reports/{}", code.trim())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        for target in [Target::Text, Target::Event(12), Target::Photo(3)] {
            assert_eq!(Target::parse(&target.code()), Some(target));
        }
        for bad in [
            "", "event-", "event-0", "photo--1", "report-1", "photo-x", "text-1",
        ] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }
}
