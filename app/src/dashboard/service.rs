//! The dashboards as figures: a commune's and a province's, for a period, which
//! the pages (`api`) and the server's CSV export both show. Server only.

use super::db;
use super::model::{CommuneDashboard, Period, ProvinceDashboard, Selection, SurveyFigures};
use crate::accounts::model::Role;
use crate::accounts::policy::{Action, authorize};
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};
use crate::places::model::{CommuneCode, ProvinceCode};

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
            match crate::surveys::service::results_for(db, role, &id.to_string()).await {
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
