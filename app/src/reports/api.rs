//! Server functions of reports: filing (signed-in residents), reading (anyone),
//! following, the reporter's "is it fixed?" and rating, and the staff's queue
//! and actions. Every change checks the lifecycle (`lifecycle::transition`) and,
//! for staff, the policy for the report's own commune.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(not(feature = "ssr"))]
use super::model::ReportInput;
use super::model::{NewReportForm, Queue, ReportList, ReportSummary, ReportView};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::db::{self, ReportFilter},
    super::lifecycle::{Status, Step, transition},
    super::model::{NearbyQuery, ReportInput},
    super::service::{
        Attachments, Source, act_checked, file_checked, handled_report, nearby_for, reply_checked,
        staff_of, view_of, visible_report,
    },
    crate::accounts::policy::Action,
    crate::accounts::session::{self},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::places::model::CommuneCode,
};

#[server(input = GetUrl, endpoint = "reports/form")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_report_form(commune: String) -> Result<NewReportForm, AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        let commune = crate::guard::named_commune(&db, &commune).await?;
        let categories = db::categories(&db, commune.code).await?;
        let home = crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code)).await?;
        Ok(NewReportForm {
            owner: session::outbox_owner(visitor.user_id),
            center: db::commune_center(&db, commune.code).await?,
            commune,
            categories,
            villages: home.villages.into_iter().map(|v| (v.id, v.name)).collect(),
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Files a report (without photos) in `commune` for the signed-in person.
#[server(endpoint = "reports/file")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn file_report(commune: String, report: ReportInput) -> Result<String, AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        file_checked(
            &db,
            Source::Resident(visitor.user_id),
            &commune,
            report,
            Attachments::default(),
            None,
            &session::client_address(),
        )
        .await
    };
    let result = result.await;
    let success = match &result {
        Ok(code) => Done::ReportFiled.at(&paths::report(code)),
        Err(_) => paths::NEW_REPORT.to_owned(),
    };
    finish("report", result, &success)
}

#[server(input = GetUrl, endpoint = "reports/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_reports(
    commune: String,
    #[server(default)] status: String,
    #[server(default)] mine: String,
    #[server(default)] category: String,
    #[server(default)] village: String,
) -> Result<ReportList, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let commune = crate::guard::named_commune(&db, &commune).await?;
        let status = match status.trim() {
            "" => None,
            code => Some(Status::parse(code).ok_or(Problem::UnknownStatus)?),
        };
        let mine = !mine.trim().is_empty();
        let reporter = if mine {
            Some(session::require_visitor()?.user_id)
        } else {
            None
        };
        let id = |text: &str, problem: Problem| -> Result<Option<i64>, AppError> {
            match text.trim() {
                "" => Ok(None),
                id => id.parse().map(Some).map_err(|_| problem.into()),
            }
        };
        let category = id(&category, Problem::UnknownCategory)?;
        let village = id(&village, Problem::UnknownVillage)?;
        let mut reports = db::list(
            &db,
            commune.code,
            ReportFilter {
                status,
                reporter,
                category,
                village,
                ..ReportFilter::default()
            },
        )
        .await?;
        let home = crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code)).await?;
        // Spam and abuse stay out of public lists.
        if !mine {
            reports.retain(|r| r.status != Status::Rejected);
        }
        Ok(ReportList {
            owner: session::current_visitor().map(|v| session::outbox_owner(v.user_id)),
            categories: db::categories(&db, commune.code).await?,
            villages: home.villages.into_iter().map(|v| (v.id, v.name)).collect(),
            category,
            village,
            commune,
            reports,
            status,
            mine,
            now_ms: crate::db::now_ms(),
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "reports/one")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_report(code: String) -> Result<ReportView, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let report = visible_report(&db, &code).await?;
        crate::places::service::adopt_if_none(report.commune);
        let visitor = session::current_visitor();
        // Seeing the report is reading what was new about it.
        if let Some(visitor) = &visitor {
            crate::notifications::db::mark_read(&db, visitor.user_id, Some(report.id)).await?;
        }
        view_of(&db, report, visitor.as_ref(), false).await
    };
    result.await.map_err(AppError::with_status)
}

/// "I have this problem too."
#[server(endpoint = "reports/follow")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn follow_report(code: String) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        let report = visible_report(&db, &code).await?;
        db::follow(&db, report.id, visitor.user_id).await
    };
    finish(
        "follow",
        result.await,
        &Done::ReportFollowed.at(&paths::report(code.trim())),
    )
}

/// The reporter answers "is it fixed?": `fixed` = "yes" closes the report,
/// anything else reopens it (within 14 days of "resolved").
#[server(endpoint = "reports/confirm")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn confirm_report(code: String, fixed: String) -> Result<(), AppError> {
    let yes = fixed.trim() == "yes";
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        let report = visible_report(&db, &code).await?;
        if report.reporter_id != Some(visitor.user_id) {
            return Err(AppError::Forbidden);
        }
        let step = if yes { Step::Confirm } else { Step::Reopen };
        let since = report.resolved_at_ms.map(|at| crate::db::now_ms() - at);
        let to = transition(report.summary.status, step, since)?;
        let change = db::Change {
            from: report.summary.status,
            to,
            actor: visitor.user_id,
            body: "",
            duplicate_of: None,
            photos: &[],
        };
        db::change_status(&db, report.id, change).await
    };
    let done = if yes {
        Done::ReportClosed
    } else {
        Done::ReportReopened
    };
    finish(
        "confirm",
        result.await,
        &done.at(&paths::report(code.trim())),
    )
}

/// The reporter rates the handling of a closed report, 1 to 5, once.
#[server(endpoint = "reports/rate")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn rate_report(
    code: String,
    rating: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        let report = visible_report(&db, &code).await?;
        if report.reporter_id != Some(visitor.user_id) {
            return Err(AppError::Forbidden);
        }
        let rating: i64 = rating
            .trim()
            .parse()
            .ok()
            .filter(|r| (1..=5).contains(r))
            .ok_or(Problem::RatingInvalid)?;
        let comment = comment.trim();
        if comment.chars().count() > super::model::REPLY_MAX {
            return Err(Problem::TextTooLong.into());
        }
        db::rate(&db, report.id, rating, comment).await
    };
    finish(
        "rate",
        result.await,
        &Done::ReportRated.at(&paths::report(code.trim())),
    )
}

/// The staff's queue: the open reports of their commune, nearest deadline
/// first, narrowed by category, village and who they are given to (`assignee`:
/// a person's id, `none` for nobody yet).
#[server(input = GetUrl, endpoint = "staff/reports")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_queue(
    #[server(default)] category: String,
    #[server(default)] village: String,
    #[server(default)] assignee: String,
) -> Result<Queue, AppError> {
    let result = async {
        crate::guard::staff_only()?;
        let db = crate::state::use_db()?;
        let commune = crate::guard::existing_commune(&db, "").await?;
        let visitor = crate::guard::allowed(Action::HandleReports {
            commune: commune.code,
        })?;
        let id = |text: &str, problem: Problem| -> Result<Option<i64>, AppError> {
            match text.trim() {
                "" => Ok(None),
                "none" => Ok(Some(0)),
                id => id.parse().map(Some).map_err(|_| problem.into()),
            }
        };
        let filter = ReportFilter {
            queue: true,
            category: id(&category, Problem::UnknownCategory)?,
            village: id(&village, Problem::UnknownVillage)?,
            assignee: id(&assignee, Problem::NotStaffHere)?,
            ..ReportFilter::default()
        };
        let reports = db::list(&db, commune.code, filter).await?;
        let now = crate::db::now_ms();
        let escalated = if matches!(
            visitor.role,
            crate::accounts::model::Role::CommuneAdmin { .. }
        ) {
            let mut open = db::list(
                &db,
                commune.code,
                ReportFilter {
                    queue: true,
                    ..ReportFilter::default()
                },
            )
            .await?;
            open.retain(|r| r.overdue(now));
            open
        } else {
            Vec::new()
        };
        let categories = db::categories(&db, commune.code).await?;
        let home = crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code)).await?;
        Ok(Queue {
            staff: staff_of(&db, commune.code).await?,
            categories,
            villages: home.villages.into_iter().map(|v| (v.id, v.name)).collect(),
            category: filter.category,
            village: filter.village,
            assignee: filter.assignee,
            me: visitor.user_id,
            escalated,
            list: ReportList {
                commune,
                reports,
                status: None,
                mine: false,
                now_ms: now,
                categories: Vec::new(),
                villages: Vec::new(),
                category: None,
                village: None,
                owner: None,
            },
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Gives a report to a staff member of its commune (`user` empty: to nobody).
#[server(endpoint = "staff/reports/assign")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn assign_report(code: String, #[server(default)] user: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (report, _) = handled_report(&db, &code).await?;
        let user = match user.trim() {
            "" => None,
            id => {
                let id: i64 = id.parse().map_err(|_| Problem::NotStaffHere)?;
                if !staff_of(&db, report.commune)
                    .await?
                    .iter()
                    .any(|(u, _)| *u == id)
                {
                    return Err(Problem::NotStaffHere.into());
                }
                Some(id)
            }
        };
        db::assign(&db, report.id, user).await
    };
    finish(
        "assign",
        result.await,
        &Done::ReportUpdated.at(&paths::staff::report(code.trim())),
    )
}

#[server(input = GetUrl, endpoint = "staff/reports/one")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_handled_report(code: String) -> Result<ReportView, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (report, visitor) = handled_report(&db, &code).await?;
        view_of(&db, report, Some(&visitor), true).await
    };
    result.await.map_err(AppError::with_status)
}

/// A staff step on a report: `acknowledge`, `start`, `resolve` (with a public
/// reply), `not_responsible` (saying to whom it was referred), `duplicate` (of
/// the report `duplicate_of`) or `reject` (with a reason).
#[server(endpoint = "staff/reports/act")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn act_on_report(
    code: String,
    step: String,
    #[server(default)] body: String,
    #[server(default)] duplicate_of: String,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let visitor = session::current_visitor();
        act_checked(&db, visitor, &code, &step, &body, &duplicate_of, &[]).await
    };
    finish(
        "act",
        result.await,
        &Done::ReportUpdated.at(&paths::staff::report(code.trim())),
    )
}

/// A public reply (residents see it) or, with `internal`, a note only staff see.
#[server(endpoint = "staff/reports/reply")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn reply_to_report(
    code: String,
    body: String,
    #[server(default)] internal: String,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let visitor = session::current_visitor();
        reply_checked(&db, visitor, &code, &body, !internal.is_empty(), &[], None).await
    };
    finish(
        "reply",
        result.await,
        &Done::ReportUpdated.at(&paths::staff::report(code.trim())),
    )
}

/// Open reports of this category near this place (same village, or within
/// 100 m), shown on the form before a duplicate is filed. Anyone may ask: the
/// reports are public.
#[server(input = GetUrl, endpoint = "reports/nearby")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_nearby(
    commune: String,
    category: String,
    #[server(default)] village: String,
    #[server(default)] latitude: String,
    #[server(default)] longitude: String,
) -> Result<Vec<ReportSummary>, AppError> {
    let db = crate::state::use_db()?;
    let place = NearbyQuery {
        commune,
        category,
        village,
        latitude,
        longitude,
    };
    nearby_for(&db, &place).await.map_err(AppError::with_status)
}
