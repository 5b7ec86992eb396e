//! Reports with photos and a voice note: `POST /reports/upload` (multipart:
//! `commune`, `report[…]` as in the form, up to four `photos` and one `voice`),
//! staff steps and replies with photos (evidence of a fix) and replies with a
//! voice note at `POST /staff/reports/upload`, and the files themselves at
//! `GET /photos/{id}`, `/photos/{id}/thumb` and `/voice/{id}`. The photos are
//! checked and re-encoded (`app::reports::photos`) off the async threads, the
//! voice note checked (`app::reports::voice`), before anything is stored; a
//! refused file files nothing.

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;

use app::accounts::session::CurrentVisitor;
use app::error::{AppError, Problem};
use app::forms::Done;
use app::reports::model::{IdempotencyKey, ReportInput};
use app::reports::photos::{MAX_BYTES, MAX_PHOTOS, Photo};
use app::reports::service::Attachments;
use app::state::AppState;

use crate::form_replies::{failure, wants_html};
use app::paths;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        // Files are read chunk by chunk and refused one by one past MAX_BYTES
        // with a translated error; the body limit only stops abuse beyond that.
        .route(
            paths::REPORT_UPLOAD,
            post(upload).layer(DefaultBodyLimit::max(
                (MAX_PHOTOS + 1) * MAX_BYTES + app::reports::voice::MAX_BYTES + 1024 * 1024,
            )),
        )
        .route(
            paths::staff::REPORT_UPLOAD,
            post(staff_upload).layer(DefaultBodyLimit::max(
                (MAX_PHOTOS + 1) * MAX_BYTES + app::reports::voice::MAX_BYTES + 1024 * 1024,
            )),
        )
        .route(paths::VOICE_ROUTE, get(voice))
        .route(
            paths::PHOTO_ROUTE,
            get(
                |state: State<AppState>, id: Path<String>, request: Request| {
                    photo(state, id, false, request)
                },
            ),
        )
        .route(
            paths::PHOTO_THUMB_ROUTE,
            get(
                |state: State<AppState>, id: Path<String>, request: Request| {
                    photo(state, id, true, request)
                },
            ),
        )
}

/// A multipart form's text fields, its `photos` and its `voice`, each checked and
/// re-encoded as soon as it has arrived (each file at most MAX_BYTES, at most
/// MAX_PHOTOS), so that a request holds one raw file at a time, never four. A
/// refused file does not stop the reading: the rest of the body is read and
/// dropped, so that the browser, still sending, gets the translated answer
/// rather than a reset connection.
async fn read_form(
    mut form: Multipart,
) -> Result<(HashMap<String, String>, Attachments), AppError> {
    let mut fields = HashMap::new();
    let mut photos = Vec::new();
    let mut voice = None;
    let mut refused: Option<AppError> = None;
    while let Some(mut field) = form.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "voice" {
            let limit = (app::reports::voice::MAX_BYTES, Problem::VoiceTooLarge);
            let Some(bytes) = read_file(&mut field, limit, &mut refused).await? else {
                continue;
            };
            if voice.is_some() {
                refused = Some(Problem::VoiceInvalid.into());
                continue;
            }
            // Reading headers and timestamps only: quick, on this thread.
            match app::reports::voice::check(bytes) {
                Ok(note) => voice = Some(note),
                Err(problem) => refused = Some(problem.into()),
            }
            continue;
        }
        if name != "photos" {
            let value = field.text().await.map_err(malformed)?;
            fields.insert(name, value);
            continue;
        }
        let limit = (MAX_BYTES, Problem::PhotoTooLarge);
        let Some(bytes) = read_file(&mut field, limit, &mut refused).await? else {
            continue;
        };
        if photos.len() == MAX_PHOTOS {
            refused = Some(Problem::TooManyPhotos.into());
            photos.clear();
            continue;
        }
        match process(bytes).await {
            Ok(photo) => photos.push(photo),
            Err(error) => {
                refused = Some(error);
                photos.clear();
            }
        }
    }
    match refused {
        Some(error) => Err(error),
        None => Ok((fields, Attachments { photos, voice })),
    }
}

fn malformed(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::Invalid(Problem::PhotoTooLarge)
    } else {
        AppError::Invalid(Problem::PhotoInvalid)
    }
}

/// Reads one file part chunk by chunk, refusing it (in `refused`) as soon as
/// it passes `limit`'s size, and reading on without keeping anything once a
/// file was refused. The bytes, when the file is kept; None when it is refused
/// or empty (an empty file input still sends an empty part).
async fn read_file(
    field: &mut axum::extract::multipart::Field<'_>,
    (max, too_large): (usize, Problem),
    refused: &mut Option<AppError>,
) -> Result<Option<Vec<u8>>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(malformed)? {
        if refused.is_some() {
            continue;
        }
        bytes.extend_from_slice(&chunk);
        if bytes.len() > max {
            *refused = Some(too_large.into());
            bytes = Vec::new();
        }
    }
    Ok((refused.is_none() && !bytes.is_empty()).then_some(bytes))
}

/// Decoding takes memory in proportion to the picture's pixels: at most one
/// decode per core runs at once and the others wait, so 20 uploads of four
/// photos at the same moment cost a few pictures' worth of memory, not eighty.
fn decoding() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(app::cores()))
}

/// Checks and re-encodes one file, off the async threads.
async fn process(bytes: Vec<u8>) -> Result<Photo, AppError> {
    let _permit = decoding().acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || app::reports::photos::process(&bytes))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(AppError::from)
}

fn visitor_of(request: &Request) -> Option<app::accounts::session::Visitor> {
    request
        .extensions()
        .get::<CurrentVisitor>()
        .and_then(|v| v.0.clone())
}

async fn upload(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers().clone();
    let visitor = visitor_of(&request);
    let address = request
        .extensions()
        .get::<app::accounts::session::ClientAddress>()
        .map(|a| a.0.clone())
        .unwrap_or_default();
    let result = async {
        // Strangers are refused before anything they sent is read.
        let visitor = visitor.ok_or(AppError::Unauthenticated)?;
        let form = Multipart::from_request(request, &())
            .await
            .map_err(|_| AppError::Invalid(Problem::PhotoInvalid))?;
        let (mut fields, files) = read_form(form).await?;
        let mut take = |name: &str| fields.remove(name).unwrap_or_default();
        // From the phone's outbox: the draft's key, and whom it was written by.
        let key = IdempotencyKey::parse(&take("idempotency_key"))?;
        let owner = take("owner");
        if !owner.trim().is_empty()
            && owner.trim() != app::accounts::session::outbox_owner(visitor.user_id)
        {
            return Err(Problem::DraftOfAnotherAccount.into());
        }
        let commune = take("commune");
        let input = ReportInput {
            category: take("report[category]"),
            description: take("report[description]"),
            village: take("report[village]"),
            latitude: take("report[latitude]"),
            longitude: take("report[longitude]"),
            hide_name: take("report[hide_name]"),
            urgent: take("report[urgent]"),
        };
        app::reports::service::file_checked(
            &state.db,
            app::reports::service::Source::Resident(visitor.user_id),
            &commune,
            input,
            files,
            key.as_ref(),
            &address,
        )
        .await
    };
    match result.await {
        Ok(code) if wants_html(&headers) => {
            Redirect::to(&Done::ReportFiled.at(&paths::report(&code))).into_response()
        }
        Ok(code) => (StatusCode::OK, axum::Json(json!({ "code": code }))).into_response(),
        Err(error) => failure(&headers, paths::NEW_REPORT, "report", error),
    }
}

/// A staff step (`step` given: resolve with evidence, …) or a reply, with photos.
async fn staff_upload(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers().clone();
    let visitor = visitor_of(&request);
    let mut code = String::new();
    let mut form_name = "reply";
    let result = async {
        // Strangers and residents are refused before anything they sent is read.
        app::accounts::policy::authorize(
            visitor.as_ref().map(|v| v.role),
            app::accounts::policy::Action::EnterStaffArea,
        )?;
        let form = Multipart::from_request(request, &())
            .await
            .map_err(|_| AppError::Invalid(Problem::PhotoInvalid))?;
        let (mut fields, files) = read_form(form).await?;
        let mut take = |name: &str| fields.remove(name).unwrap_or_default();
        code = take("code").trim().to_owned();
        let step = take("step");
        let body = take("body");
        let duplicate_of = take("duplicate_of");
        let internal = !take("internal").is_empty();
        if step.trim().is_empty() {
            app::reports::service::reply_checked(
                &state.db,
                visitor,
                &code,
                &body,
                internal,
                &files.photos,
                files.voice.as_ref(),
            )
            .await
        } else {
            // A step carries photos of the fix; a voice note goes with a reply.
            if files.voice.is_some() {
                return Err(Problem::VoiceInvalid.into());
            }
            form_name = "act";
            app::reports::service::act_checked(
                &state.db,
                visitor,
                &code,
                &step,
                &body,
                &duplicate_of,
                &files.photos,
            )
            .await
        }
    };
    let result = result.await;
    let page = paths::staff::report(&code);
    match result {
        Ok(()) if wants_html(&headers) => {
            Redirect::to(&Done::ReportUpdated.at(&page)).into_response()
        }
        Ok(()) => (StatusCode::OK, axum::Json(json!({ "code": code }))).into_response(),
        Err(error) => failure(&headers, &page, form_name, error),
    }
}

/// A photo for anyone; a hidden one only for the staff of its commune.
async fn photo(
    State(state): State<AppState>,
    Path(id): Path<String>,
    thumbnail: bool,
    request: Request,
) -> Response {
    let Ok(id) = id.trim_end_matches(".jpg").parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let role = visitor_of(&request).map(|v| v.role);
    match app::reports::db::photo_bytes(&state.db, id, thumbnail, role).await {
        Ok(Some((bytes, staff_only))) => file_response("image/jpeg", staff_only, bytes),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => error.status().into_response(),
    }
}

/// A photo's or voice note's bytes. They never change, but moderation may
/// hide them: caches keep them an hour at most, and one for staff only (hidden,
/// or of an internal note) stays out of every cache.
fn file_response(content_type: &'static str, staff_only: bool, bytes: Vec<u8>) -> Response {
    let cache = if staff_only {
        "private, no-store"
    } else {
        "public, max-age=3600"
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response()
}

/// A voice note for anyone who may read the text it goes with; a hidden one
/// only for the staff of its commune.
async fn voice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let Ok(id) = id
        .trim_end_matches(".webm")
        .trim_end_matches(".ogg")
        .parse::<i64>()
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let role = visitor_of(&request).map(|v| v.role);
    match app::reports::db::voice_bytes(&state.db, id, role).await {
        Ok(Some((bytes, container, staff_only))) => {
            file_response(container.mime(), staff_only, bytes)
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => error.status().into_response(),
    }
}
