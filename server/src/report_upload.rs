//! Reports with photos: `POST /reports/upload` (multipart: `commune`,
//! `report[…]` as in the form, and up to four `photos`), staff steps and replies
//! with photos (evidence of a fix) at `POST /staff/reports/upload`, and the photos
//! themselves at `GET /photos/{id}` and `/photos/{id}/thumb`. The photos are
//! checked and re-encoded (`app::reports::photos`) off the async threads before
//! anything is stored; a refused photo files nothing.

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
use app::state::AppState;

use crate::form_replies::{failure, wants_html};

use app::reports::pages::UPLOAD_PATH;
use app::reports::queue::STAFF_UPLOAD_PATH;
const FORM_PAGE: &str = "/reports/new";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        // Files are read chunk by chunk and refused one by one past MAX_BYTES
        // with a translated error; the body limit only stops abuse beyond that.
        .route(
            UPLOAD_PATH,
            post(upload).layer(DefaultBodyLimit::max(
                (MAX_PHOTOS + 1) * MAX_BYTES + 1024 * 1024,
            )),
        )
        .route(
            STAFF_UPLOAD_PATH,
            post(staff_upload).layer(DefaultBodyLimit::max(
                (MAX_PHOTOS + 1) * MAX_BYTES + 1024 * 1024,
            )),
        )
        .route(
            "/photos/{id}",
            get(
                |state: State<AppState>, id: Path<String>, request: Request| {
                    photo(state, id, false, request)
                },
            ),
        )
        .route(
            "/photos/{id}/thumb",
            get(
                |state: State<AppState>, id: Path<String>, request: Request| {
                    photo(state, id, true, request)
                },
            ),
        )
}

/// A multipart form's text fields and its `photos`, each checked and
/// re-encoded as soon as it has arrived (each file at most MAX_BYTES, at most
/// MAX_PHOTOS), so that a request holds one raw file at a time, never four. A
/// refused file does not stop the reading: the rest of the body is read and
/// dropped, so that the browser, still sending, gets the translated answer
/// rather than a reset connection.
async fn read_form(mut form: Multipart) -> Result<(HashMap<String, String>, Vec<Photo>), AppError> {
    let malformed = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Invalid(Problem::PhotoTooLarge)
        } else {
            AppError::Invalid(Problem::PhotoInvalid)
        }
    };
    let mut fields = HashMap::new();
    let mut photos = Vec::new();
    let mut refused: Option<AppError> = None;
    while let Some(mut field) = form.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "photos" {
            let value = field.text().await.map_err(malformed)?;
            fields.insert(name, value);
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(malformed)? {
            if refused.is_some() {
                continue;
            }
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_BYTES {
                refused = Some(Problem::PhotoTooLarge.into());
                bytes = Vec::new();
            }
        }
        // An empty file input still sends an empty part.
        if refused.is_some() || bytes.is_empty() {
            continue;
        }
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
        None => Ok((fields, photos)),
    }
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
        let (mut fields, photos) = read_form(form).await?;
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
        app::reports::api::file_checked(
            &state.db,
            app::reports::api::Source::Resident(visitor.user_id),
            &commune,
            input,
            &photos,
            key.as_ref(),
            &address,
        )
        .await
    };
    match result.await {
        Ok(code) if wants_html(&headers) => {
            Redirect::to(&Done::ReportFiled.at(&format!("/reports/{code}"))).into_response()
        }
        Ok(code) => (StatusCode::OK, axum::Json(json!({ "code": code }))).into_response(),
        Err(error) => failure(&headers, FORM_PAGE, "report", error),
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
        let (mut fields, photos) = read_form(form).await?;
        let mut take = |name: &str| fields.remove(name).unwrap_or_default();
        code = take("code").trim().to_owned();
        let step = take("step");
        let body = take("body");
        let duplicate_of = take("duplicate_of");
        let internal = !take("internal").is_empty();
        if step.trim().is_empty() {
            app::reports::api::reply_checked(&state.db, visitor, &code, &body, internal, &photos)
                .await
        } else {
            form_name = "act";
            app::reports::api::act_checked(
                &state.db,
                visitor,
                &code,
                &step,
                &body,
                &duplicate_of,
                &photos,
            )
            .await
        }
    };
    let result = result.await;
    let page = format!("/staff/reports/{code}");
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
        Ok(Some((bytes, hidden))) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                // A photo's bytes never change, but moderation may hide it:
                // caches keep it an hour at most, and a hidden one (shown to
                // staff) only in the staff member's own browser, briefly.
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(if hidden {
                        "private, no-store"
                    } else {
                        "public, max-age=3600"
                    }),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => error.status().into_response(),
    }
}
