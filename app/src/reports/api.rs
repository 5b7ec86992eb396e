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
use {
    super::db::{self, ReportFilter, ReportRow},
    super::lifecycle::{Status, Step, transition},
    super::model::{Description, IdempotencyKey, ReportInput, reply_text},
    crate::accounts::policy::{Action, authorize},
    crate::accounts::session::{self, Visitor},
    crate::db::Db,
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::places::model::CommuneCode,
};

/// The report with this code, which the visitor may see: rejected ones (spam,
/// abuse) only staff of its commune.
#[cfg(feature = "ssr")]
async fn visible_report(db: &Db, code: &str) -> Result<ReportRow, AppError> {
    let report = db::report(db, code).await?.ok_or(AppError::NotFound)?;
    if report.summary.status == Status::Rejected && !handles(report.commune) {
        return Err(AppError::NotFound);
    }
    Ok(report)
}

/// Whether the visitor is staff of `commune`.
#[cfg(feature = "ssr")]
fn handles(commune: i64) -> bool {
    authorize(session::current_role(), Action::HandleReports { commune }).is_ok()
}

#[cfg(feature = "ssr")]
async fn view_of(
    db: &Db,
    report: ReportRow,
    visitor: Option<&Visitor>,
    with_notes: bool,
) -> Result<ReportView, AppError> {
    let commune = crate::places::db::commune_for_page(db, CommuneCode::from_db(report.commune))
        .await?
        .ok_or(AppError::NotFound)?;
    let db::Timeline {
        photos,
        voice,
        events,
    } = db::timeline(db, report.id, with_notes).await?;
    let user = visitor.map(|v| v.user_id);
    let mine = user.is_some() && user == report.reporter_id;
    let following = match user {
        Some(user) => db::is_following(db, report.id, user).await?,
        None => false,
    };
    let since_resolved = report.resolved_at_ms.map(|at| crate::db::now_ms() - at);
    let can_confirm =
        mine && transition(report.summary.status, Step::Reopen, since_resolved).is_ok();
    Ok(ReportView {
        commune,
        // Hidden text is for staff only; the original stays in the database.
        description: if report.text_hidden && !with_notes {
            String::new()
        } else {
            report.description
        },
        text_hidden: report.text_hidden,
        address: report.address,
        reporter: (!report.hide_name)
            .then_some(report.reporter_name)
            .flatten(),
        position: report.position,
        photos,
        voice,
        events,
        mine,
        following,
        can_confirm,
        can_unhide: with_notes
            && authorize(
                visitor.map(|v| v.role),
                Action::UndoModeration {
                    commune: report.commune,
                },
            )
            .is_ok(),
        rating: report.rating,
        rating_comment: report.rating_comment,
        resolved_at_ms: report.resolved_at_ms,
        assignable: if with_notes {
            staff_of(db, report.commune).await?
        } else {
            Vec::new()
        },
        templates: if with_notes {
            super::settings::db::templates(db, report.commune, Some(report.category_id)).await?
        } else {
            Vec::new()
        },
        summary: report.summary,
        now_ms: crate::db::now_ms(),
    })
}

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

/// Who sends a report: a signed-in resident, or another system with its
/// Open311 key (with the place in words, when it gives no position).
#[cfg(feature = "ssr")]
pub enum Source {
    Resident(i64),
    System { key: i64, address: String },
}

/// What a report or a reply carries besides its text: photos (processed,
/// `photos::process`) and a voice note (checked, `voice::check`).
#[cfg(feature = "ssr")]
#[derive(Default)]
pub struct Attachments {
    pub photos: Vec<super::photos::Photo>,
    pub voice: Option<super::voice::VoiceNote>,
}

/// Checks a report and files it with its photos (already processed) for
/// `source`; returns its tracking code. Shared by the form without photos
/// (this module's server function), the upload with photos (the server's
/// `POST /reports/upload`) and Open311's `POST requests.json`.
#[cfg(feature = "ssr")]
pub async fn file_checked(
    db: &Db,
    source: Source,
    commune: &str,
    input: ReportInput,
    attachments: Attachments,
    client: Option<&IdempotencyKey>,
    from_address: &str,
) -> Result<String, AppError> {
    let commune = crate::guard::named_commune(db, commune).await?;
    let category: i64 = input
        .category
        .trim()
        .parse()
        .map_err(|_| Problem::UnknownCategory)?;
    let category = db::categories(db, commune.code)
        .await?
        .into_iter()
        .find(|c| c.id == category)
        .ok_or(Problem::UnknownCategory)?;
    // Said aloud, the description may be short: a few words for the lists.
    let Attachments { photos, voice } = attachments;
    let description = Description::parse_with_voice(&input.description, voice.is_some())?;
    let village = match input.village.trim() {
        "" => None,
        id => {
            let id: i64 = id.parse().map_err(|_| Problem::UnknownVillage)?;
            crate::staff::db::village_name(db, commune.code, id)
                .await?
                .ok_or(Problem::UnknownVillage)?;
            Some(id)
        }
    };
    let position = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => None,
        (lat, lon) => {
            let p = crate::directory::model::Position::parse(lat, lon)?;
            Some((p.latitude, p.longitude))
        }
    };
    if photos.len() > super::photos::MAX_PHOTOS {
        return Err(Problem::TooManyPhotos.into());
    }
    use crate::throttle::{OPEN311_KEY, REPORT_ACCOUNT, REPORT_ADDRESS};
    let sender = match &source {
        Source::Resident(id) => id.to_string(),
        Source::System { key, .. } => key.to_string(),
    };
    // Another system's address was counted (with its wrong keys) before its
    // key was checked; here its key's reports are.
    let limits: &[_] = match &source {
        Source::Resident(_) => &[
            (REPORT_ACCOUNT, sender.as_str()),
            (REPORT_ADDRESS, from_address),
        ],
        Source::System { .. } => &[(OPEN311_KEY, sender.as_str())],
    };
    let (reporter, api_key, address) = match source {
        Source::Resident(id) => (Some(id), None, String::new()),
        Source::System { key, address } => {
            let address = address.trim().to_owned();
            if address.chars().count() > super::model::ADDRESS_MAX {
                return Err(Problem::TextTooLong.into());
            }
            if position.is_none() && address.is_empty() {
                return Err(Problem::PlaceMissing.into());
            }
            (None, Some(key), address)
        }
    };
    let report = db::NewReport {
        commune: commune.code,
        province_name: commune.province_name.clone(),
        category,
        reporter,
        api_key,
        address,
        description,
        village,
        position,
        hide_name: !input.hide_name.is_empty(),
        urgent: !input.urgent.is_empty(),
        voice,
    };
    let (working, _) = db::working_time(db, commune.code).await?;
    db::file(db, &report, &photos, &working, client, limits).await
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
        Ok(code) => Done::ReportFiled.at(&format!("/reports/{code}")),
        Err(_) => "/reports/new".to_owned(),
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
        crate::places::api::adopt_if_none(report.commune);
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
        &Done::ReportFollowed.at(&format!("/reports/{}", code.trim())),
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
        &done.at(&format!("/reports/{}", code.trim())),
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
        &Done::ReportRated.at(&format!("/reports/{}", code.trim())),
    )
}

/// The commune's staff members, to give reports to.
#[cfg(feature = "ssr")]
async fn staff_of(db: &Db, commune: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(crate::staff::db::commune_members(db, commune)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.name))
        .collect())
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
        &Done::ReportUpdated.at(&format!("/staff/reports/{}", code.trim())),
    )
}

/// A report of the officer's commune, with internal notes, for `visitor`
/// (who must be staff of its commune).
#[cfg(feature = "ssr")]
async fn handled_report_for(
    db: &Db,
    visitor: Option<Visitor>,
    code: &str,
) -> Result<(ReportRow, Visitor), AppError> {
    let role = visitor.as_ref().map(|v| v.role);
    authorize(role, Action::EnterStaffArea)?;
    let report = db::report(db, code).await?.ok_or(AppError::NotFound)?;
    authorize(
        role,
        Action::HandleReports {
            commune: report.commune,
        },
    )
    // Another commune's report: as if it did not exist.
    .map_err(|_| AppError::NotFound)?;
    Ok((report, visitor.ok_or(AppError::Unauthenticated)?))
}

#[cfg(feature = "ssr")]
pub(crate) async fn handled_report(db: &Db, code: &str) -> Result<(ReportRow, Visitor), AppError> {
    handled_report_for(db, session::current_visitor(), code).await
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

/// A staff step on a report by `visitor`, with photos of the fix; shared with the
/// server's upload route (`POST /staff/reports/upload`).
#[cfg(feature = "ssr")]
pub async fn act_checked(
    db: &Db,
    visitor: Option<Visitor>,
    code: &str,
    step: &str,
    body: &str,
    duplicate_of: &str,
    photos: &[super::photos::Photo],
) -> Result<(), AppError> {
    let (report, visitor) = handled_report_for(db, visitor, code).await?;
    let step = match step.trim() {
        "acknowledge" => Step::Acknowledge,
        "start" => Step::StartWork,
        "resolve" => Step::Resolve,
        "not_responsible" => Step::NotResponsible,
        "duplicate" => Step::Duplicate,
        "reject" => Step::Reject,
        _ => return Err(Problem::IllegalTransition.into()),
    };
    let to = transition(report.summary.status, step, None)?;
    // What each step must say publicly.
    let body = match step {
        Step::Resolve | Step::NotResponsible | Step::Reject => reply_text(body)?,
        _ => body.trim().chars().take(super::model::REPLY_MAX).collect(),
    };
    let duplicate_of = if step == Step::Duplicate {
        let original = db::id_in_commune(db, report.commune, duplicate_of)
            .await?
            .filter(|id| *id != report.id)
            .ok_or(Problem::UnknownReport)?;
        Some(original)
    } else {
        None
    };
    if photos.len() > super::photos::MAX_PHOTOS {
        return Err(Problem::TooManyPhotos.into());
    }
    let change = db::Change {
        from: report.summary.status,
        to,
        actor: visitor.user_id,
        body: &body,
        duplicate_of,
        photos,
    };
    db::change_status(db, report.id, change).await
}

/// A public reply (or, `internal`, a note) by `visitor`, with photos; shared
/// with the server's upload route.
#[cfg(feature = "ssr")]
pub async fn reply_checked(
    db: &Db,
    visitor: Option<Visitor>,
    code: &str,
    body: &str,
    internal: bool,
    photos: &[super::photos::Photo],
    voice: Option<&super::voice::VoiceNote>,
) -> Result<(), AppError> {
    let (report, visitor) = handled_report_for(db, visitor, code).await?;
    let body = reply_text(body)?;
    if photos.len() > super::photos::MAX_PHOTOS {
        return Err(Problem::TooManyPhotos.into());
    }
    db::add_reply(
        db,
        report.id,
        visitor.user_id,
        &body,
        !internal,
        photos,
        voice,
    )
    .await
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
        &Done::ReportUpdated.at(&format!("/staff/reports/{}", code.trim())),
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
        &Done::ReportUpdated.at(&format!("/staff/reports/{}", code.trim())),
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

/// Where a report is being written, as the form has it (every field as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NearbyQuery {
    pub commune: String,
    pub category: String,
    pub village: String,
    pub latitude: String,
    pub longitude: String,
}

/// The open reports of the category near the place (shared by the server
/// function and the HTML fragment the report form's island shows).
#[cfg(feature = "ssr")]
pub async fn nearby_for(db: &Db, place: &NearbyQuery) -> Result<Vec<ReportSummary>, AppError> {
    let commune = crate::guard::named_commune(db, &place.commune).await?;
    let category: i64 = match place.category.trim() {
        "" => return Ok(Vec::new()),
        id => id.parse().map_err(|_| Problem::UnknownCategory)?,
    };
    let village = match place.village.trim() {
        "" => None,
        id => Some(id.parse().map_err(|_| Problem::UnknownVillage)?),
    };
    let position = match (place.latitude.trim(), place.longitude.trim()) {
        ("", "") => None,
        (lat, lon) => {
            let p = crate::directory::model::Position::parse(lat, lon)?;
            Some((p.latitude, p.longitude))
        }
    };
    db::nearby(db, commune.code, category, village, position).await
}
