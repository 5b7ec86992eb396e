//! Download and upload of a commune's directory as CSV, for its staff:
//! `GET /staff/directory/export.csv` and `POST /staff/directory/import`
//! (multipart: `commune`, `file`). They are plain routes rather than server
//! functions because one answers with a file and the other reads an upload.
//! Like the server functions, a browser's form is answered with a redirect back
//! to `/staff/directory` (with the notice or the error); other clients get JSON.

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::form_replies::{csv_download, failure, wants_html};

use app::accounts::model::Role;
use app::accounts::policy::{Action, authorize};
use app::accounts::session::{CurrentVisitor, Visitor};
use app::directory::staff::csv::MAX_BYTES;
use app::error::{AppError, Problem};
use app::forms::Done;
use app::paths;
use app::places::model::CommuneCode;
use app::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(paths::staff::DIRECTORY_EXPORT, get(export))
        // The file is read chunk by chunk and refused past MAX_BYTES with a
        // translated error; axum's limit only stops abuse far beyond that.
        .route(
            paths::staff::DIRECTORY_IMPORT,
            post(import).layer(DefaultBodyLimit::max(5 * MAX_BYTES)),
        )
}

/// Who asks, from the session the middleware resolved.
fn visitor(headers: &axum::http::Extensions) -> Option<Visitor> {
    headers.get::<CurrentVisitor>().and_then(|v| v.0.clone())
}

/// The commune (`""`: the person's own) whose directory the person may edit.
async fn editable(
    state: &AppState,
    visitor: Option<&Visitor>,
    commune: &str,
) -> Result<(i64, i64), AppError> {
    let role = visitor.map(|v| v.role);
    authorize(role, Action::EnterStaffArea)?;
    let code = match commune.trim() {
        "" => role
            .and_then(Role::commune)
            .map(CommuneCode::from_db)
            .ok_or(AppError::Forbidden)?,
        code => CommuneCode::parse(code)?,
    };
    let commune = app::places::db::commune(&state.db, code)
        .await?
        .ok_or(Problem::UnknownCommune)?;
    authorize(
        role,
        Action::EditDirectory {
            commune: commune.code,
        },
    )?;
    let user = visitor
        .map(|v| v.user_id)
        .ok_or(AppError::Unauthenticated)?;
    Ok((commune.code, user))
}

#[derive(serde::Deserialize)]
struct ExportQuery {
    #[serde(default)]
    commune: String,
}

async fn export(
    State(state): State<AppState>,
    Query(query): Query<ExportQuery>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let visitor = visitor(request.extensions());
    let result = async {
        let (commune, _) = editable(&state, visitor.as_ref(), &query.commune).await?;
        let bytes = app::directory::staff::csv::export_commune(&state.db, commune).await?;
        Ok::<_, AppError>((commune, bytes))
    };
    match result.await {
        Ok((commune, bytes)) => csv_download(&format!("danh-ba-{commune}.csv"), bytes),
        Err(error) => failure(&headers, paths::staff::DIRECTORY, "entries", error),
    }
}

/// The form's fields: the commune and the file's bytes (at most MAX_BYTES; a
/// larger file is refused once the body is read).
async fn read_form(mut form: Multipart) -> Result<(String, Option<Vec<u8>>), AppError> {
    let mut commune = String::new();
    let mut file = None;
    let malformed = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Invalid(Problem::CsvTooLarge)
        } else {
            AppError::Invalid(Problem::FileMissing)
        }
    };
    let mut too_large = false;
    while let Some(mut field) = form.next_field().await.map_err(malformed)? {
        match field.name() {
            Some("commune") => commune = field.text().await.map_err(malformed)?,
            Some("file") => {
                let mut bytes = Vec::new();
                // Past the limit the rest is read and dropped, so that the
                // browser, still sending, gets the translated answer.
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    if !too_large {
                        bytes.extend_from_slice(&chunk);
                        if bytes.len() > MAX_BYTES {
                            too_large = true;
                            bytes = Vec::new();
                        }
                    }
                }
                file = Some(bytes);
            }
            _ => {}
        }
    }
    if too_large {
        return Err(Problem::CsvTooLarge.into());
    }
    Ok((commune, file))
}

async fn import(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers().clone();
    let visitor = visitor(request.extensions());
    let result = async {
        // Refuse strangers before reading anything they sent.
        authorize(visitor.as_ref().map(|v| v.role), Action::EnterStaffArea)?;
        let form = Multipart::from_request(request, &())
            .await
            .map_err(|_| AppError::Invalid(Problem::FileMissing))?;
        let (commune, file) = read_form(form).await?;
        let (commune, user) = editable(&state, visitor.as_ref(), &commune).await?;
        let file = file.filter(|f| !f.is_empty()).ok_or(Problem::FileMissing)?;
        let (added, updated) = app::directory::staff::csv::import(
            &state.db,
            commune,
            user,
            &file,
            &state.page_changes,
        )
        .await?;
        Ok::<_, AppError>((added, updated))
    };
    match result.await {
        Ok(_) if wants_html(&headers) => {
            Redirect::to(&Done::EntriesImported.at(paths::staff::DIRECTORY)).into_response()
        }
        Ok((added, updated)) => (
            StatusCode::OK,
            axum::Json(json!({ "added": added, "updated": updated })),
        )
            .into_response(),
        Err(error) => failure(&headers, paths::staff::DIRECTORY, "import", error),
    }
}
