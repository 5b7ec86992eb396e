//! Server functions of the dashboards. The `…_for` functions take the
//! visitor's role explicitly so that the CSV exports (plain routes) share them.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{CommuneDashboard, CommuneRecord, ProvinceDashboard};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::db,
    super::model::{Period, SurveyFigures},
    crate::accounts::model::Role,
    crate::accounts::policy::{Action, authorize},
    crate::accounts::session,
    crate::db::{Db, now_ms},
    crate::error::Problem,
    crate::places::model::{CommuneCode, ProvinceCode},
};

pub const COMMUNE_PATH: &str = "/staff/dashboard";
pub const PROVINCE_PATH: &str = "/staff/province";

/// What the period selector sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Selection {
    /// A commune's or province's code; empty: the visitor's own.
    pub place: String,
    pub period: String,
    pub from: String,
    pub to: String,
    /// A village id; empty: the whole commune.
    pub village: String,
}

#[cfg(feature = "ssr")]
fn period_of(selection: &Selection) -> Result<Period, AppError> {
    let today = crate::time::iso_date(now_ms());
    Ok(Period::parse(
        &selection.period,
        &selection.from,
        &selection.to,
        &today,
    )?)
}

/// The dashboard of a commune for a person of `role`.
#[cfg(feature = "ssr")]
pub async fn commune_dashboard_for(
    db: &Db,
    role: Option<Role>,
    selection: &Selection,
) -> Result<CommuneDashboard, AppError> {
    authorize(role, Action::EnterStaffArea)?;
    let code = match selection.place.trim() {
        "" => role
            .and_then(Role::commune)
            .map(CommuneCode::from_db)
            .ok_or(AppError::Forbidden)?,
        code => CommuneCode::parse(code)?,
    };
    let commune = crate::guard::commune(db, code).await?;
    authorize(
        role,
        Action::ReadCommuneDashboard {
            commune: commune.code,
            province: commune.province_code,
        },
    )?;
    let period = period_of(selection)?;
    let village = match selection.village.trim() {
        "" => None,
        text => {
            let id: i64 = text.parse().map_err(|_| Problem::UnknownVillage)?;
            crate::accounts::db::check_village(db, commune.code, Some(id)).await?;
            Some(id)
        }
    };
    let now = now_ms();
    let reports = db::report_figures(db, commune.code, village.unwrap_or(0), &period, now).await?;
    let directory = db::directory_figures(db, commune.code, now).await?;
    let survey = match db::latest_survey(db, commune.code, &period).await? {
        Some(id) => {
            // Staff read a survey's results before they are published; the
            // province's officers see them once published.
            match crate::surveys::api::results_for(db, role, &id.to_string()).await {
                Ok(results) => Some(SurveyFigures {
                    id,
                    title: results.survey.title.clone(),
                    responses: results.survey.responses,
                    participation: match village {
                        None => results.participation(),
                        Some(id) => results
                            .villages
                            .iter()
                            .find(|v| v.village_id == Some(id))
                            .and_then(|v| v.participation()),
                    },
                    villages: results
                        .villages
                        .iter()
                        .filter(|v| v.adults.is_some())
                        .map(|v| {
                            let name = v.village.clone().unwrap_or_default();
                            (name, v.responses, v.participation())
                        })
                        .collect(),
                    criteria: results
                        .criteria()
                        .into_iter()
                        .map(|c| {
                            let index = c.index();
                            (c.label, c.answers, index)
                        })
                        .collect(),
                }),
                Err(AppError::Invalid(Problem::ResultsNotPublished)) => None,
                Err(error) => return Err(error),
            }
        }
        None => None,
    };
    let villages = db::villages(db, commune.code).await?;
    Ok(CommuneDashboard {
        commune,
        period,
        village,
        villages,
        reports,
        directory,
        survey,
    })
}

/// The dashboard of a province for a person of `role`.
#[cfg(feature = "ssr")]
pub async fn province_dashboard_for(
    db: &Db,
    role: Option<Role>,
    selection: &Selection,
) -> Result<ProvinceDashboard, AppError> {
    authorize(role, Action::EnterStaffArea)?;
    let code = match selection.place.trim() {
        "" => match role {
            Some(Role::ProvinceOfficer { province }) => ProvinceCode::from_db(province),
            _ => return Err(AppError::Forbidden),
        },
        code => ProvinceCode::parse(code)?,
    };
    authorize(
        role,
        Action::ReadProvinceDashboard {
            province: code.get(),
        },
    )?;
    let province = crate::places::db::province(db, code)
        .await?
        .ok_or(Problem::UnknownProvince)?;
    let period = period_of(selection)?;
    let rows = db::province_rows(db, province.code, &period).await?;
    Ok(ProvinceDashboard {
        province,
        period,
        rows,
    })
}

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
