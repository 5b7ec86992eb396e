//! The rules of reports that server functions (`api`) and the server's plain
//! routes (the multipart upload, Open311) share: filing a checked report, a staff
//! action or reply, who may see a report, and a report's page data. Server only.

use super::db::{self, ReportRow};
use super::lifecycle::{Status, Step, transition};
use super::model::{
    Description, IdempotencyKey, NearbyQuery, ReportInput, ReportSummary, ReportView, reply_text,
};
use crate::accounts::policy::{Action, authorize};
use crate::accounts::session::{self, Visitor};
use crate::db::Db;
use crate::error::{AppError, Problem};
use crate::places::model::CommuneCode;

/// The report with this code, which the visitor may see: rejected ones (spam,
/// abuse) only staff of its commune.
pub(crate) async fn visible_report(db: &Db, code: &str) -> Result<ReportRow, AppError> {
    let report = db::report(db, code).await?.ok_or(AppError::NotFound)?;
    if report.summary.status == Status::Rejected && !handles(report.commune) {
        return Err(AppError::NotFound);
    }
    Ok(report)
}

/// Whether the visitor is staff of `commune`.
pub(crate) fn handles(commune: i64) -> bool {
    authorize(session::current_role(), Action::HandleReports { commune }).is_ok()
}

pub(crate) async fn view_of(
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

/// Who sends a report: a signed-in resident, or another system with its
/// Open311 key (with the place in words, when it gives no position).
pub enum Source {
    Resident(i64),
    System { key: i64, address: String },
}

/// What a report or a reply carries besides its text: photos (processed,
/// `photos::process`) and a voice note (checked, `voice::check`).
#[derive(Default)]
pub struct Attachments {
    pub photos: Vec<super::photos::Photo>,
    pub voice: Option<super::voice::VoiceNote>,
}

/// Checks a report and files it with its photos (already processed) for
/// `source`; returns its tracking code. Shared by the form without photos
/// (this module's server function), the upload with photos (the server's
/// `POST /reports/upload`) and Open311's `POST requests.json`.
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

/// The commune's staff members, to give reports to.
pub(crate) async fn staff_of(db: &Db, commune: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(crate::staff::db::commune_members(db, commune)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.name))
        .collect())
}

/// A report of the officer's commune, with internal notes, for `visitor`
/// (who must be staff of its commune).
pub(crate) async fn handled_report_for(
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

pub(crate) async fn handled_report(db: &Db, code: &str) -> Result<(ReportRow, Visitor), AppError> {
    handled_report_for(db, session::current_visitor(), code).await
}

/// A staff step on a report by `visitor`, with photos of the fix; shared with the
/// server's upload route (`POST /staff/reports/upload`).
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

/// The open reports of the category near the place (shared by the server
/// function and the HTML fragment the report form's island shows).
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
