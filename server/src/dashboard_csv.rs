//! CSV exports of the dashboards: `GET /exports/dashboard/commune.csv` and
//! `…/province.csv`, with the same query as the page (`commune` or
//! `province`, `period`, `from`, `to`, `village`) and the same access rules.
//! Plain routes because they answer with a file.

use axum::extract::{Query, Request, State};
use axum::response::Response;
use axum::routing::get;

use crate::form_replies::{csv_download, failure};

use app::accounts::session::CurrentVisitor;
use app::dashboard::model::Selection;
use app::dashboard::service::{commune_dashboard_for, province_dashboard_for};
use app::error::AppError;
use app::paths;
use app::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(paths::staff::DASHBOARD_CSV, get(commune))
        .route(paths::staff::PROVINCE_CSV, get(province))
}

/// The page's query string.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Asked {
    commune: String,
    province: String,
    period: String,
    from: String,
    to: String,
    village: String,
}

fn role_of(request: &Request) -> Option<app::accounts::model::Role> {
    request
        .extensions()
        .get::<CurrentVisitor>()
        .and_then(|v| v.0.as_ref())
        .map(|v| v.role)
}

async fn commune(
    State(state): State<AppState>,
    Query(asked): Query<Asked>,
    request: Request,
) -> Response {
    let selection = Selection {
        place: asked.commune,
        period: asked.period,
        from: asked.from,
        to: asked.to,
        village: asked.village,
    };
    let (role, headers) = (role_of(&request), request.headers().clone());
    let result = async {
        let dashboard = commune_dashboard_for(&state.db, role, &selection).await?;
        let bytes = app::dashboard::csv::commune(&dashboard)?;
        Ok::<_, AppError>((dashboard, bytes))
    };
    match result.await {
        Ok((d, bytes)) => csv_download(
            &format!(
                "bang-dieu-khien-xa-{}-{}-{}.csv",
                d.commune.code, d.period.from, d.period.to
            ),
            bytes,
        ),
        Err(error) => failure(&headers, paths::staff::DASHBOARD, "export", error),
    }
}

async fn province(
    State(state): State<AppState>,
    Query(asked): Query<Asked>,
    request: Request,
) -> Response {
    let selection = Selection {
        place: asked.province,
        period: asked.period,
        from: asked.from,
        to: asked.to,
        village: String::new(),
    };
    let (role, headers) = (role_of(&request), request.headers().clone());
    let result = async {
        let dashboard = province_dashboard_for(&state.db, role, &selection).await?;
        let bytes = app::dashboard::csv::province(&dashboard)?;
        Ok::<_, AppError>((dashboard, bytes))
    };
    match result.await {
        Ok((d, bytes)) => csv_download(
            &format!(
                "bang-dieu-khien-tinh-{}-{}-{}.csv",
                d.province.code, d.period.from, d.period.to
            ),
            bytes,
        ),
        Err(error) => failure(&headers, paths::staff::PROVINCE, "export", error),
    }
}
