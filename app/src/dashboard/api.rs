//! Server functions of the dashboards; the figures themselves are worked out
//! in `service`, which the CSV exports (plain routes) share.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{CommuneDashboard, CommuneRecord, ProvinceDashboard};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::db,
    super::model::{Period, Selection},
    super::service::{commune_dashboard_for, province_dashboard_for},
    crate::accounts::session,
    crate::db::now_ms,
    crate::error::Problem,
    crate::places::model::CommuneCode,
};

#[server(input = GetUrl, endpoint = "dashboard/commune")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_commune_dashboard(
    #[server(default)] commune: String,
    #[server(default)] period: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] village: String,
) -> Result<CommuneDashboard, AppError> {
    let selection = Selection {
        place: commune,
        period,
        from,
        to,
        village,
    };
    let result = async {
        let db = crate::state::use_db()?;
        commune_dashboard_for(&db, session::current_role(), &selection).await
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "dashboard/province")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_province_dashboard(
    #[server(default)] province: String,
    #[server(default)] period: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] village: String,
) -> Result<ProvinceDashboard, AppError> {
    let selection = Selection {
        place: province,
        period,
        from,
        to,
        village,
    };
    let result = async {
        let db = crate::state::use_db()?;
        province_dashboard_for(&db, session::current_role(), &selection).await
    };
    result.await.map_err(AppError::with_status)
}

/// How an enabled commune handles what its residents report, over the last
/// twelve months: for everybody.
#[server(input = GetUrl, endpoint = "dashboard/record")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_commune_record(commune: String) -> Result<CommuneRecord, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let commune = crate::places::db::commune(&db, CommuneCode::parse(&commune)?)
            .await?
            .filter(|c| c.enabled)
            .ok_or(Problem::UnknownCommune)?;
        let now = now_ms();
        let period = Period::parse(
            "custom",
            &crate::time::iso_date(now - 364 * 86_400_000),
            &crate::time::iso_date(now),
            &crate::time::iso_date(now),
        )?;
        let headline = db::headline(&db, commune.code, &period).await?;
        let satisfaction = match db::latest_published_results(&db, commune.code).await? {
            Some((id, title)) => Some((title, db::survey_satisfaction(&db, id).await?)),
            None => None,
        };
        Ok(CommuneRecord {
            commune,
            period,
            received: headline.received,
            resolved: headline.resolved,
            resolve_median: headline.resolve_median,
            within_deadline: headline.within_deadline,
            rating: headline.rating,
            ratings: headline.ratings,
            satisfaction,
        })
    };
    result.await.map_err(AppError::with_status)
}
