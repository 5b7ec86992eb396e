//! Moderation: staff of the report's commune hide from the public the text of a
//! report, the text of a public reply, or a photo (abuse, a person's private
//! details, a photo of someone's face). Nothing is deleted: the original stays
//! in the database for staff, and the audit log records who hid what, the
//! original text and why. The commune admin may show it again, with a reason,
//! audited the same way.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    crate::db::{Executor, now_ms},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::guard::{Change, audit},
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

/// Hides `target` of report `report` (`hide`), or shows a hidden one again;
/// returns what it is (the text, or the photo's address) for the audit log.
/// `NothingToHide` / `NothingToShow` when the report has no such thing in the
/// other state.
#[cfg(feature = "ssr")]
pub async fn set_hidden<'e>(
    db: impl Executor<'e>,
    report: i64,
    target: Target,
    hide: bool,
) -> Result<String, AppError> {
    // Hiding sets the time where none is set; showing clears one that is set.
    let at = hide.then(now_ms);
    let was_hidden = i64::from(!hide);
    let original: Option<String> = match target {
        Target::Text => {
            sqlx::query_scalar(
                "update reports set text_hidden_at = $1 where id = $2 \
                 and (case when text_hidden_at is null then 0 else 1 end) = $3 \
                 returning description",
            )
            .bind(at)
            .bind(report)
            .bind(was_hidden)
            .fetch_optional(db)
            .await?
        }
        // Only public replies with a text: internal notes are never public.
        Target::Event(id) => {
            sqlx::query_scalar(
                "update report_events set hidden_at = $1 where id = $2 and report_id = $3 \
                 and (case when hidden_at is null then 0 else 1 end) = $4 \
                 and public = 1 and body <> '' returning body",
            )
            .bind(at)
            .bind(id)
            .bind(report)
            .bind(was_hidden)
            .fetch_optional(db)
            .await?
        }
        Target::Photo(id) => sqlx::query_scalar::<_, i64>(
            "update report_photos set hidden_at = $1 where id = $2 and report_id = $3 \
             and (case when hidden_at is null then 0 else 1 end) = $4 returning id",
        )
        .bind(at)
        .bind(id)
        .bind(report)
        .bind(was_hidden)
        .fetch_optional(db)
        .await?
        .map(paths::photo),
    };
    original.ok_or_else(|| {
        if hide {
            Problem::NothingToHide.into()
        } else {
            Problem::NothingToShow.into()
        }
    })
}

/// The reason a moderation step gives, trimmed: required, and no longer than
/// a reply.
#[cfg(feature = "ssr")]
fn reason_of(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Problem::ReasonMissing.into());
    }
    if reason.chars().count() > super::model::REPLY_MAX {
        return Err(Problem::TextTooLong.into());
    }
    Ok(reason)
}

/// Hides or shows again `target` of the report `code` with `reason`, audited
/// with what it is, in one transaction.
#[cfg(feature = "ssr")]
async fn moderate(code: &str, target: &str, reason: &str, hide: bool) -> Result<(), AppError> {
    let db = crate::state::use_db()?;
    let (report, visitor) = super::service::handled_report(&db, code).await?;
    if !hide {
        // Any of the commune's staff may hide; only its admin undoes it.
        crate::accounts::policy::authorize(
            Some(visitor.role),
            crate::accounts::policy::Action::UndoModeration {
                commune: report.commune,
            },
        )?;
    }
    let missing = if hide {
        Problem::NothingToHide
    } else {
        Problem::NothingToShow
    };
    let target = Target::parse(target).ok_or(missing)?;
    let reason = reason_of(reason)?;
    let mut tx = db.begin().await?;
    let original = set_hidden(&mut *tx, report.id, target, hide).await?;
    let detail = format!(
        "{} · {} · «{original}» · {reason}",
        report.summary.code,
        target.code()
    );
    let action = if hide {
        AuditAction::HideContent
    } else {
        AuditAction::ShowContent
    };
    let change = Change::in_commune(report.commune, visitor.user_id, action);
    audit(&mut tx, change.detail(&detail)).await?;
    Ok(tx.commit().await?)
}

/// Hides a report's text, a reply or a photo from the public, with the reason.
#[server(endpoint = "staff/reports/hide")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn hide_content(code: String, target: String, reason: String) -> Result<(), AppError> {
    finish(
        "hide",
        moderate(&code, &target, &reason, true).await,
        &Done::ContentHidden.at(&paths::staff::report(code.trim())),
    )
}

/// Shows again what was hidden (the commune admin only), with the reason.
#[server(endpoint = "staff/reports/show")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn show_content(code: String, target: String, reason: String) -> Result<(), AppError> {
    finish(
        "show",
        moderate(&code, &target, &reason, false).await,
        &Done::ContentShown.at(&paths::staff::report(code.trim())),
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
