//! Pieces of pages that islands fetch as HTML, rendered with the app's own
//! components: the open reports near a report being written.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use app::paths;
use app::reports::model::NearbyQuery;
use app::reports::pages::nearby_html;
use app::reports::service::nearby_for;
use app::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(paths::NEARBY_REPORTS, get(nearby))
}

/// The card of open reports of the category near the place (empty when there
/// are none, or nothing to look for); a refused place is the usual error
/// status, with nothing to show.
async fn nearby(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<NearbyQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(place)) = query else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match nearby_for(&state.db, &place).await {
        Ok(list) => Html(nearby_html(crate::form_replies::lang_of(&headers), list)).into_response(),
        Err(error) => error.status().into_response(),
    }
}
