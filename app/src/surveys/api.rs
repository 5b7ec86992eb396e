//! Server functions of surveys. Residents list, answer and (once published)
//! read results; commune staff create, edit and publish
//! (`Action::RunSurveys`), and see results at any time. Every staff change goes
//! to the audit log.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{
    QuestionInput, StaffSurveys, SurveyEditor, SurveyForm, SurveyInput, SurveyList, SurveyResults,
};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::db::{self, SurveyRow},
    super::model::{MyResponse, Phase, answer_fields, check_answers, new_rural_template},
    super::service::{
        check_villages, log, own_survey, refusal, respondent_key, results_for, runner,
        visible_survey,
    },
    crate::accounts::policy::{Action, authorize},
    crate::accounts::session::{self},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::guard::{Change, audit, own_commune, parse_id},
    crate::places::model::CommuneCode,
    crate::staff::model::AuditAction,
};

// --- Residents --------------------------------------------------------------

/// The commune's open surveys (those for the visitor's village, when signed
/// in) and those whose results are published.
#[server(input = GetUrl, endpoint = "surveys/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_surveys(commune: String) -> Result<SurveyList, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let commune = crate::guard::named_commune(&db, &commune).await?;
        let visitor = session::current_visitor();
        let village = match &visitor {
            Some(v) if v.home_commune == Some(commune.code) => {
                db::user_village(&db, v.user_id).await?
            }
            _ => None,
        };
        let rows = db::surveys(&db, commune.code).await?;
        let open: Vec<&SurveyRow> = rows
            .iter()
            .filter(|r| r.survey.phase == Phase::Open)
            .filter(|r| {
                r.survey.villages.is_empty()
                    || village.is_some_and(|v| r.survey.villages.contains(&v))
                    || visitor.is_none()
            })
            .collect();
        // The visitor's own responses, in one query.
        let keys: Vec<String> = match &visitor {
            Some(v) => open
                .iter()
                .map(|r| respondent_key(r, v.user_id))
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let mine = db::responses_by(&db, &keys).await?;
        Ok(SurveyList {
            open: open
                .iter()
                .map(|r| {
                    let own = mine
                        .iter()
                        .find(|(s, _)| *s == r.survey.id)
                        .map(|(_, sent)| *sent);
                    db::card(&r.survey, own)
                })
                .collect(),
            results: rows
                .iter()
                .filter(|r| r.survey.results_published && r.survey.phase != Phase::Open)
                .map(|r| db::card(&r.survey, None))
                .collect(),
            signed_in: visitor.is_some(),
            commune,
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "surveys/one")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_survey(id: String) -> Result<SurveyForm, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let row = visible_survey(&db, &id, session::current_role()).await?;
        let visitor = session::current_visitor();
        let questions = db::questions(&db, row.survey.id).await?;
        let response = match &visitor {
            Some(v) => {
                match db::response_of(&db, row.survey.id, &respondent_key(&row, v.user_id)?).await?
                {
                    Some((id, submitted, updated_at_ms)) => Some(MyResponse {
                        id,
                        submitted,
                        fields: answer_fields(&questions, &db::answers_of(&db, id).await?),
                        updated_at_ms,
                    }),
                    None => None,
                }
            }
            None => None,
        };
        let commune =
            crate::guard::commune(&db, CommuneCode::from_db(row.survey.commune_code)).await?;
        let villages = crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code))
            .await?
            .villages;
        Ok(SurveyForm {
            refusal: refusal(&db, &row, visitor.as_ref()).await?,
            survey: row.survey,
            questions,
            villages,
            response,
            commune,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Saves a resident's answers: `intent` `send` sends them (every required
/// question answered), anything else keeps them as progress. `response` is the
/// person's response being changed (empty for a first answer), so a second
/// response is refused rather than silently replacing the first.
#[server(endpoint = "surveys/answer")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_answers(
    survey: String,
    #[server(default)] response: String,
    #[server(default)] intent: String,
    #[server(default)] a: HashMap<String, String>,
) -> Result<i64, AppError> {
    let send = intent == "send";
    let mut path = String::from(paths::SURVEYS);
    let result = async {
        let db = crate::state::use_db()?;
        let visitor = session::require_visitor()?;
        let row = visible_survey(&db, &survey, session::current_role()).await?;
        path = paths::survey(row.survey.id);
        if let Some(refused) = refusal(&db, &row, Some(&visitor)).await? {
            return Err(refused);
        }
        let questions = db::questions(&db, row.survey.id).await?;
        let key = respondent_key(&row, visitor.user_id)?;
        let found = db::response_of(&db, row.survey.id, &key).await?;
        let claimed = match response.trim() {
            "" => None,
            id => Some(parse_id(id, Problem::SurveyAlreadyAnswered)?),
        };
        if !send && found.is_some_and(|(_, sent, _)| sent) {
            // Progress saved in the background after the answers were sent
            // (a change event racing the send button, possibly before the page
            // knew its response's id): the sent answers stay.
            return Ok(found.map(|(id, _, _)| id).unwrap_or_default());
        }
        let existing = match (found, claimed) {
            (None, None) => None,
            (Some((id, _, _)), Some(claimed)) if id == claimed => Some(id),
            // Saved progress is the person's own draft, whichever page sent it.
            (Some((id, false, _)), None) => Some(id),
            _ => return Err(Problem::SurveyAlreadyAnswered.into()),
        };
        let village = db::user_village(&db, visitor.user_id).await?;
        let respondent = db::Respondent {
            key: &key,
            user: (!row.survey.anonymous).then_some(visitor.user_id),
            village,
        };
        let levels = row.survey.scale.len();
        match check_answers(&questions, levels, &a, send) {
            Ok(answers) => {
                db::save_response(&db, row.survey.id, &respondent, existing, &answers, send).await
            }
            // Sent with required questions unanswered: what was answered is
            // kept as progress (unless it was sent before), so that the page
            // comes back with the answers and the missing questions named.
            Err(missing @ AppError::Fields { .. }) => {
                let sent_before = found.is_some_and(|(_, sent, _)| sent);
                if !sent_before {
                    let partial = check_answers(&questions, levels, &a, false)?;
                    db::save_response(&db, row.survey.id, &respondent, existing, &partial, false)
                        .await?;
                }
                Err(missing)
            }
            Err(error) => Err(error),
        }
    };
    let result = result.await;
    let done = if send {
        Done::AnswersSent
    } else {
        Done::AnswersSaved
    };
    let success = format!("{}#survey-form", done.at(&path));
    finish("answers", result, &success)
}

/// Results: for the commune's staff at any time, for everyone once published.
#[server(input = GetUrl, endpoint = "surveys/results")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_results(id: String) -> Result<SurveyResults, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        results_for(&db, session::current_role(), &id).await
    };
    result.await.map_err(AppError::with_status)
}

// --- Staff ------------------------------------------------------------------

#[server(input = GetUrl, endpoint = "staff/surveys")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_staff_surveys() -> Result<StaffSurveys, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = runner(&db).await?;
        let surveys = db::surveys(&db, commune.code).await?;
        Ok(StaffSurveys {
            surveys: surveys.iter().map(|r| db::card(&r.survey, None)).collect(),
            adults: db::population(&db, commune.code).await?,
            villages: db::village_populations(&db, commune.code).await?,
            can_set_population: authorize(
                Some(visitor.role),
                Action::SetPopulation {
                    commune: commune.code,
                },
            )
            .is_ok(),
            commune,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Creates a survey: from the new-rural-construction template (`template`
/// `new-rural`), or empty with `title`. It opens today and closes in 30 days
/// until staff change that.
#[server(endpoint = "staff/surveys/create")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_survey(
    #[server(default)] template: String,
    #[server(default)] title: String,
) -> Result<i64, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = runner(&db).await?;
        let now = crate::db::now_ms();
        let dates = |input: SurveyInput| SurveyInput {
            opens: crate::time::iso_date(now),
            closes: crate::time::iso_date(now + 30 * 86_400_000),
            ..input
        };
        let (input, questions) = match template.as_str() {
            "new-rural" => {
                let (input, questions) = new_rural_template();
                (dates(input), questions)
            }
            _ => (
                dates(SurveyInput {
                    title,
                    scale: super::model::DEFAULT_SCALE.join("\n"),
                    ..SurveyInput::default()
                }),
                Vec::new(),
            ),
        };
        let details = input.check().map_err(|p| AppError::fields(p, 10))?;
        let mut tx = db.begin().await?;
        let id = db::create_survey(
            &mut *tx,
            commune.code,
            &details,
            &questions,
            Some(visitor.user_id),
        )
        .await?;
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::CreateSurvey,
            id,
            &details.title,
        )
        .await?;
        Ok(id)
    };
    let result = result.await;
    let success = match &result {
        Ok(id) => Done::SurveyCreated.at(&paths::staff::survey(*id)),
        Err(_) => paths::staff::SURVEYS.to_owned(),
    };
    finish("create", result, &success)
}

#[server(input = GetUrl, endpoint = "staff/surveys/one")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_survey_editor(id: String) -> Result<SurveyEditor, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (row, commune, _) = own_survey(&db, &id).await?;
        Ok(SurveyEditor {
            questions: db::questions(&db, row.survey.id).await?,
            villages: crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code))
                .await?
                .villages,
            survey: row.survey,
            commune,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Saves the survey's own fields (title, introduction, dates, audience,
/// anonymity, scale).
#[server(endpoint = "staff/surveys/save")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_survey(
    id: String,
    #[server(default)] survey: SurveyInput,
) -> Result<(), AppError> {
    let mut path = paths::staff::SURVEYS.to_owned();
    let result = async {
        let db = crate::state::use_db()?;
        let (row, commune, visitor) = own_survey(&db, &id).await?;
        path = paths::staff::survey(row.survey.id);
        let details = survey.check().map_err(|p| AppError::fields(p, 10))?;
        check_villages(&db, commune.code, &details.villages).await?;
        let mut tx = db.begin().await?;
        db::update_survey(&mut *tx, row.survey.id, &details).await?;
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeSurvey,
            row.survey.id,
            &details.title,
        )
        .await
    };
    let result = result.await;
    finish("survey", result, &Done::SurveySaved.at(&path))
}

/// Adds a question (`id` empty) or changes one; refused once people answered.
#[server(endpoint = "staff/surveys/question")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_question(
    survey: String,
    #[server(default)] id: String,
    #[server(default)] question: QuestionInput,
) -> Result<(), AppError> {
    let mut path = paths::staff::SURVEYS.to_owned();
    let result = async {
        let db = crate::state::use_db()?;
        let (row, commune, visitor) = own_survey(&db, &survey).await?;
        path = paths::staff::survey(row.survey.id);
        let checked = question.check().map_err(|p| AppError::fields(p, 10))?;
        let mut tx = db.begin().await?;
        match id.trim() {
            "" => db::add_question(&mut *tx, row.survey.id, &checked).await?,
            id => {
                let id = parse_id(id, Problem::UnknownQuestion)?;
                db::update_question(&mut *tx, row.survey.id, id, &checked).await?
            }
        }
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeSurvey,
            row.survey.id,
            &checked.prompt,
        )
        .await
    };
    let result = result.await;
    let form = if id.trim().is_empty() {
        "question-new".to_owned()
    } else {
        format!("question-{}", id.trim())
    };
    finish(
        &form,
        result,
        &format!("{}#questions", Done::SurveySaved.at(&path)),
    )
}

/// Moves a question up (`direction` `up`) or down, or removes it (`remove`).
#[server(endpoint = "staff/surveys/question/arrange")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn arrange_question(
    survey: String,
    id: String,
    direction: String,
) -> Result<(), AppError> {
    let mut path = paths::staff::SURVEYS.to_owned();
    let result = async {
        let db = crate::state::use_db()?;
        let (row, commune, visitor) = own_survey(&db, &survey).await?;
        path = paths::staff::survey(row.survey.id);
        let id = parse_id(&id, Problem::UnknownQuestion)?;
        let mut tx = db.begin().await?;
        match direction.as_str() {
            "up" => db::move_question(&mut *tx, row.survey.id, id, true).await?,
            "down" => db::move_question(&mut *tx, row.survey.id, id, false).await?,
            "remove" => db::remove_question(&mut *tx, row.survey.id, id).await?,
            _ => return Err(Problem::UnknownQuestion.into()),
        }
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeSurvey,
            row.survey.id,
            &direction,
        )
        .await
    };
    let result = result.await;
    finish(
        "questions",
        result,
        &format!("{}#questions", Done::SurveySaved.at(&path)),
    )
}

/// Publishes the survey (residents answer it between its dates), or its
/// results (`what` `results`: everyone may read them).
#[server(endpoint = "staff/surveys/publish")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn publish_survey(
    survey: String,
    #[server(default)] what: String,
) -> Result<(), AppError> {
    let mut path = paths::staff::SURVEYS.to_owned();
    let results = what == "results";
    let result = async {
        let db = crate::state::use_db()?;
        let (row, commune, visitor) = own_survey(&db, &survey).await?;
        path = paths::staff::survey(row.survey.id);
        if results {
            if row.survey.phase == Phase::Draft {
                return Err(Problem::SurveyNotOpen.into());
            }
            let mut tx = db.begin().await?;
            db::publish_results(&mut *tx, row.survey.id).await?;
            log(
                tx,
                &commune,
                &visitor,
                AuditAction::PublishResults,
                row.survey.id,
                &row.survey.title,
            )
            .await
        } else {
            if db::questions(&db, row.survey.id).await?.is_empty() {
                return Err(Problem::SurveyEmpty.into());
            }
            let mut tx = db.begin().await?;
            db::publish(&mut *tx, row.survey.id).await?;
            log(
                tx,
                &commune,
                &visitor,
                AuditAction::PublishSurvey,
                row.survey.id,
                &row.survey.title,
            )
            .await
        }
    };
    let result = result.await;
    let done = if results {
        Done::ResultsPublished
    } else {
        Done::SurveyPublished
    };
    finish("publish", result, &done.at(&path))
}

/// Deletes a survey nobody has answered.
#[server(endpoint = "staff/surveys/delete")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_survey(survey: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (row, commune, visitor) = own_survey(&db, &survey).await?;
        let mut tx = db.begin().await?;
        db::delete_survey(&mut *tx, row.survey.id).await?;
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::DeleteSurvey,
            row.survey.id,
            &row.survey.title,
        )
        .await
    };
    finish(
        "publish",
        result.await,
        &Done::SurveyDeleted.at(paths::staff::SURVEYS),
    )
}

/// The commune admin sets how many residents are 18 or older: in the commune
/// and, where known, in each village (`villages[v{id}]`; blank: not known).
/// A blank commune figure is the villages' sum.
#[server(endpoint = "staff/surveys/population")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_population(
    adults: String,
    #[server(default)] villages: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) =
            own_commune(&db, |commune| Action::SetPopulation { commune }).await?;
        let known = db::village_populations(&db, commune.code).await?;
        let ids: Vec<i64> = known.iter().map(|v| v.id).collect();
        let (adults, by_village) = super::model::parse_population(&adults, &villages, &ids)?;
        let mut tx = db.begin().await?;
        db::set_population(&mut *tx, commune.code, adults, visitor.user_id).await?;
        let mut detail = adults.to_string();
        for (village, figure) in &by_village {
            let before = known.iter().find(|v| v.id == *village);
            if before.map(|v| v.adults) == Some(*figure) {
                continue;
            }
            db::set_village_adults(&mut *tx, commune.code, *village, *figure).await?;
            let name = before.map_or("", |v| v.name.as_str());
            let figure = figure.map_or_else(|| "–".to_owned(), |n| n.to_string());
            detail.push_str(&format!("; {name}: {figure}"));
        }
        let change = Change::in_commune(commune.code, visitor.user_id, AuditAction::SetPopulation);
        audit(&mut tx, change.detail(&detail)).await?;
        Ok(tx.commit().await?)
    };
    finish(
        "population",
        result.await,
        &Done::PopulationSaved.at(paths::staff::SURVEYS),
    )
}
