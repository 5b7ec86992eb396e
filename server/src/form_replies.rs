//! How the plain routes that take forms (CSV import, report upload) answer, like
//! the server functions do: a browser's form gets a redirect (to the next page,
//! or back to the form's page with the error in the address, where the page
//! shows it); other clients get JSON with the status and a translated message.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use app::error::AppError;
use app::i18n::Lang;

pub use crate::middleware::wants_html;

/// The visitor's language, from the cookie.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    app::request::lang_in(None, headers)
}

/// A refused form: back to `page` with the error of `form` for a browser, JSON
/// `{error, message}` with the error's status for other clients.
pub fn failure(headers: &HeaderMap, page: &str, form: &str, error: AppError) -> Response {
    if wants_html(headers) {
        let query = app::forms::error_query(form, &error);
        return Redirect::to(&format!("{page}{query}")).into_response();
    }
    let message = lang_of(headers).texts().error(&error);
    (
        error.status(),
        axum::Json(json!({ "error": error, "message": message })),
    )
        .into_response()
}

/// A CSV file to download (`name` is the file name the browser saves it as).
pub fn csv_download(name: &str, bytes: Vec<u8>) -> Response {
    use axum::http::{HeaderValue, header};
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}
