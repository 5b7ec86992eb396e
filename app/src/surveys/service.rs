//! The rules of surveys that server functions (`api`), the dashboard and the
//! server's CSV export share: who may see or answer a survey, its results, and the
//! survey runner's own commune. Server only.

use super::db::{self, SurveyRow};
use super::model::{Phase, SurveyResults};
use crate::accounts::model::Role;
use crate::accounts::policy::{Action, authorize};
use crate::accounts::session::Visitor;
use crate::db::Db;
use crate::error::{AppError, Problem};
use crate::guard::{Change, audit_and_commit, own_commune, parse_id};
use crate::places::model::{CommuneCode, CommuneSummary};
use crate::staff::model::AuditAction;

/// The key that allows one response per person: the person's id, or for an
/// anonymous survey a keyed hash of it (see `anonymity`).
pub(crate) fn respondent_key(row: &SurveyRow, user: i64) -> Result<String, AppError> {
    Ok(if row.survey.anonymous {
        let secret = crate::state::use_survey_secret()?;
        super::anonymity::key(&secret, &row.salt, user)
    } else {
        format!("u{user}")
    })
}

/// Why this person may not answer now, if they may not.
pub(crate) async fn refusal(
    db: &Db,
    row: &SurveyRow,
    visitor: Option<&Visitor>,
) -> Result<Option<AppError>, AppError> {
    let Some(visitor) = visitor else {
        return Ok(Some(AppError::Unauthenticated));
    };
    if row.survey.phase != Phase::Open {
        return Ok(Some(Problem::SurveyNotOpen.into()));
    }
    if visitor.home_commune != Some(row.survey.commune_code) {
        return Ok(Some(Problem::SurveyNotForYou.into()));
    }
    if !row.survey.villages.is_empty() {
        let village = db::user_village(db, visitor.user_id).await?;
        if !village.is_some_and(|v| row.survey.villages.contains(&v)) {
            return Ok(Some(Problem::SurveyNotForYou.into()));
        }
    }
    Ok(None)
}

/// A published survey, for anyone (drafts only for the commune's staff).
pub(crate) async fn visible_survey(
    db: &Db,
    id: &str,
    role: Option<Role>,
) -> Result<SurveyRow, AppError> {
    let id = parse_id(id, Problem::UnknownSurvey)?;
    let row = db::survey(db, id).await?.ok_or(Problem::UnknownSurvey)?;
    if row.survey.phase == Phase::Draft && !runs(role, row.survey.commune_code) {
        return Err(Problem::UnknownSurvey.into());
    }
    Ok(row)
}

/// Whether a person of `role` is staff of `commune`.
pub(crate) fn runs(role: Option<Role>, commune: i64) -> bool {
    authorize(role, Action::RunSurveys { commune }).is_ok()
}

/// The results of survey `id` for a person of `role` (also for the CSV
/// exports, which are plain routes).
pub async fn results_for(db: &Db, role: Option<Role>, id: &str) -> Result<SurveyResults, AppError> {
    let db = db.clone();
    let result = async {
        let row = visible_survey(&db, id, role).await?;
        let survey = row.survey;
        let staff = runs(role, survey.commune_code);
        if !staff && !survey.results_published {
            return Err(Problem::ResultsNotPublished.into());
        }
        Ok(SurveyResults {
            commune: crate::guard::commune(&db, CommuneCode::from_db(survey.commune_code)).await?,
            questions: db::questions(&db, survey.id).await?,
            tallies: db::tallies(&db, survey.id).await?,
            // What people wrote may name them: staff only.
            texts: if staff {
                db::texts(&db, survey.id).await?
            } else {
                Vec::new()
            },
            text_counts: db::text_counts(&db, survey.id).await?,
            adults: db::population(&db, survey.commune_code).await?,
            villages: db::village_figures(&db, survey.id, survey.scale.len()).await?,
            handling: db::handling(&db, survey.commune_code).await?,
            staff,
            survey,
        })
    };
    result.await
}

/// The signed-in person's own commune, which they must run surveys of.
pub(crate) async fn runner(db: &Db) -> Result<(CommuneSummary, Visitor), AppError> {
    own_commune(db, |commune| Action::RunSurveys { commune }).await
}

/// Survey `id` of the staff member's commune.
pub(crate) async fn own_survey(
    db: &Db,
    id: &str,
) -> Result<(SurveyRow, CommuneSummary, Visitor), AppError> {
    let (commune, visitor) = runner(db).await?;
    let id = parse_id(id, Problem::UnknownSurvey)?;
    let row = db::survey(db, id)
        .await?
        .filter(|r| r.survey.commune_code == commune.code)
        .ok_or(Problem::UnknownSurvey)?;
    Ok((row, commune, visitor))
}

/// Writes the audit line of a change of survey `survey`, in the change's
/// transaction `tx`, and commits both.
pub(crate) async fn log(
    tx: sqlx::Transaction<'_, sqlx::Any>,
    commune: &CommuneSummary,
    visitor: &Visitor,
    action: AuditAction,
    survey: i64,
    detail: &str,
) -> Result<(), AppError> {
    let detail = format!("#{survey} {detail}");
    let change = Change::in_commune(commune.code, visitor.user_id, action);
    audit_and_commit(tx, change.detail(&detail)).await
}

/// The survey's villages must be the commune's.
pub(crate) async fn check_villages(
    db: &Db,
    commune: i64,
    villages: &[i64],
) -> Result<(), AppError> {
    for village in villages {
        crate::accounts::db::check_village(db, commune, Some(*village)).await?;
    }
    Ok(())
}
