//! CSV exports of a survey: `GET /exports/surveys/{id}/summary.csv` (whoever
//! may read its results) and `…/responses.csv` (the commune's staff only).
//! Plain routes because they answer with a file.

use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::get;

use crate::form_replies::{csv_download, failure};

use app::accounts::policy::{Action, authorize};
use app::accounts::session::CurrentVisitor;
use app::error::AppError;
use app::paths;
use app::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(paths::SURVEY_SUMMARY_CSV_ROUTE, get(summary))
        .route(paths::SURVEY_RESPONSES_CSV_ROUTE, get(responses))
}

async fn summary(state: State<AppState>, Path(id): Path<String>, request: Request) -> Response {
    export(state, id, request, false).await
}

async fn responses(state: State<AppState>, Path(id): Path<String>, request: Request) -> Response {
    export(state, id, request, true).await
}

async fn export(
    State(state): State<AppState>,
    id: String,
    request: Request,
    every: bool,
) -> Response {
    let headers = request.headers().clone();
    let role = request
        .extensions()
        .get::<CurrentVisitor>()
        .and_then(|v| v.0.as_ref())
        .map(|v| v.role);
    let result = async {
        let results = app::surveys::service::results_for(&state.db, role, &id).await?;
        let bytes = if every {
            // Every response: the commune's staff only.
            authorize(
                role,
                Action::RunSurveys {
                    commune: results.survey.commune_code,
                },
            )?;
            let rows = app::surveys::db::exported_responses(&state.db, &results.survey).await?;
            app::surveys::csv::responses(&results, &rows)?
        } else {
            app::surveys::csv::summary(&results)?
        };
        Ok::<_, AppError>((results.survey.id, bytes))
    };
    match result.await {
        Ok((survey, bytes)) => {
            let name = if every { "phieu" } else { "tong-hop" };
            csv_download(&format!("khao-sat-{survey}-{name}.csv"), bytes)
        }
        Err(error) => failure(&headers, &paths::survey_results(id.trim()), "export", error),
    }
}
