//! Queries of the surveys (server only). Changes to questions check, in the
//! same statement, that nobody has answered yet, so an answer arriving at the
//! same moment cannot meet a question that changed under it. Results are
//! counted by the database (grouped queries), never by loading the responses.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    Answer, CheckedQuestion, HandlingRatings, Phase, Question, QuestionKind, Survey, SurveyCard,
    SurveyDetails, Tally, VillageFigures, lines,
};
use crate::db::{Db, Executor, now_ms};
use crate::error::{AppError, Problem};

/// A survey and what only the server needs of it.
pub struct SurveyRow {
    pub survey: Survey,
    pub salt: String,
}

/// Today in Vietnam, `yyyy-mm-dd`.
pub fn today() -> String {
    crate::time::iso_date(now_ms())
}

const SURVEY_COLUMNS: &str = "s.id, s.commune_code, s.title, s.intro, s.opens_on, s.closes_on, \
     s.anonymous, s.scale, s.salt, s.published_at, s.results_published_at, \
     (select count(*) from survey_responses r where r.survey_id = s.id and r.submitted_at is not null) as responses, \
     (select count(*) from survey_responses r where r.survey_id = s.id) as started";

fn survey_of(row: &AnyRow, villages: Vec<i64>, today: &str) -> Result<SurveyRow, sqlx::Error> {
    let opens: String = row.try_get("opens_on")?;
    let closes: String = row.try_get("closes_on")?;
    let published: Option<i64> = row.try_get("published_at")?;
    let results: Option<i64> = row.try_get("results_published_at")?;
    let started: i64 = row.try_get("started")?;
    let scale: String = row.try_get("scale")?;
    Ok(SurveyRow {
        survey: Survey {
            id: row.try_get("id")?,
            commune_code: row.try_get("commune_code")?,
            title: row.try_get("title")?,
            intro: row.try_get("intro")?,
            phase: Phase::of(published.is_some(), &opens, &closes, today),
            opens_on: opens,
            closes_on: closes,
            anonymous: row.try_get::<i64, _>("anonymous")? == 1,
            scale: lines(&scale),
            villages,
            results_published: results.is_some(),
            responses: row.try_get("responses")?,
            locked: started > 0,
        },
        salt: row.try_get("salt")?,
    })
}

/// The survey with this id (callers check its commune).
#[tracing::instrument(skip(db))]
pub async fn survey(db: &Db, id: i64) -> Result<Option<SurveyRow>, AppError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "select {SURVEY_COLUMNS} from surveys s where s.id = $1"
    )))
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let villages = sqlx::query_scalar(
        "select village_id from survey_villages where survey_id = $1 order by village_id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(Some(survey_of(&row, villages, &today())?))
}

/// Every survey of the commune, newest first.
#[tracing::instrument(skip(db))]
pub async fn surveys(db: &Db, commune: i64) -> Result<Vec<SurveyRow>, AppError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "select {SURVEY_COLUMNS} from surveys s where s.commune_code = $1 order by s.opens_on desc, s.id desc"
    )))
    .bind(commune)
    .fetch_all(db)
    .await?;
    let audience: Vec<(i64, i64)> = sqlx::query_as(
        "select sv.survey_id, sv.village_id from survey_villages sv \
         join surveys s on s.id = sv.survey_id where s.commune_code = $1",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let today = today();
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let villages = audience
                .iter()
                .filter(|(s, _)| *s == id)
                .map(|(_, v)| *v)
                .collect();
            survey_of(row, villages, &today)
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The village a person lives in, as their account says.
#[tracing::instrument(skip(db))]
pub async fn user_village(db: &Db, user: i64) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select village_id from users where id = $1")
            .bind(user)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

pub fn card(survey: &Survey, mine: Option<bool>) -> SurveyCard {
    SurveyCard {
        id: survey.id,
        title: survey.title.clone(),
        opens_on: survey.opens_on.clone(),
        closes_on: survey.closes_on.clone(),
        anonymous: survey.anonymous,
        phase: survey.phase,
        results_published: survey.results_published,
        responses: survey.responses,
        mine,
    }
}

/// The state of the responses with these respondent keys: survey id → sent.
#[tracing::instrument(skip_all)]
pub async fn responses_by(db: &Db, respondents: &[String]) -> Result<Vec<(i64, bool)>, AppError> {
    if respondents.is_empty() {
        return Ok(Vec::new());
    }
    // Placeholders written by hand: both engines take `$n`.
    let list: Vec<String> = (1..=respondents.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "select survey_id, submitted_at from survey_responses where respondent in ({})",
        list.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for respondent in respondents {
        query = query.bind(respondent);
    }
    query
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| {
            let submitted: Option<i64> = row.try_get("submitted_at")?;
            Ok((row.try_get("survey_id")?, submitted.is_some()))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

#[tracing::instrument(skip(db))]
pub async fn questions(db: &Db, survey: i64) -> Result<Vec<Question>, AppError> {
    sqlx::query(
        "select id, kind, prompt, required, options from survey_questions \
         where survey_id = $1 order by position, id",
    )
    .bind(survey)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        let kind: String = row.try_get("kind")?;
        let options: String = row.try_get("options")?;
        Ok(Question {
            id: row.try_get("id")?,
            kind: QuestionKind::parse(&kind).unwrap_or(QuestionKind::ShortText),
            prompt: row.try_get("prompt")?,
            required: row.try_get::<i64, _>("required")? == 1,
            options: lines(&options),
        })
    })
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}

#[tracing::instrument(skip(tx, villages))]
async fn set_villages(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    survey: i64,
    villages: &[i64],
) -> Result<(), AppError> {
    sqlx::query("delete from survey_villages where survey_id = $1")
        .bind(survey)
        .execute(&mut **tx)
        .await?;
    for village in villages {
        sqlx::query("insert into survey_villages (survey_id, village_id) values ($1, $2)")
            .bind(survey)
            .bind(village)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[tracing::instrument(skip(tx, question))]
async fn insert_question(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    survey: i64,
    question: &CheckedQuestion,
) -> Result<i64, AppError> {
    let position: i64 = sqlx::query_scalar(
        "select coalesce(max(position), 0) + 1 from survey_questions where survey_id = $1",
    )
    .bind(survey)
    .fetch_one(&mut **tx)
    .await?;
    let now = now_ms();
    let id = sqlx::query_scalar(
        "insert into survey_questions (survey_id, position, kind, prompt, required, options, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
    )
    .bind(survey)
    .bind(position)
    .bind(question.kind.as_db())
    .bind(&question.prompt)
    .bind(i64::from(question.required))
    .bind(question.options.join("\n"))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Creates a survey (not published) with its questions; returns its id.
#[tracing::instrument(skip(db, details, questions))]
pub async fn create_survey<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    commune: i64,
    details: &SurveyDetails,
    questions: &[CheckedQuestion],
    by: Option<i64>,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    let salt = hex::encode(rand::random::<[u8; 16]>());
    let id: i64 = sqlx::query_scalar(
        "insert into surveys (commune_code, title, intro, opens_on, closes_on, anonymous, scale, salt, \
         created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) returning id",
    )
    .bind(commune)
    .bind(&details.title)
    .bind(&details.intro)
    .bind(&details.opens_on)
    .bind(&details.closes_on)
    .bind(i64::from(details.anonymous))
    .bind(details.scale.join("\n"))
    .bind(salt)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    set_villages(&mut tx, id, &details.villages).await?;
    for question in questions {
        insert_question(&mut tx, id, question).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// No response at all yet (drafts count): questions may change.
const UNANSWERED: &str =
    "not exists (select 1 from survey_responses r where r.survey_id = surveys.id)";

/// Saves the survey's own fields. Once people have answered, the scale and
/// anonymity stay as they were (`SurveyLocked` when they would change).
#[tracing::instrument(skip(db, details))]
pub async fn update_survey<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    id: i64,
    details: &SurveyDetails,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    let changed = sqlx::query(sqlx::AssertSqlSafe(format!(
        "update surveys set title = $1, intro = $2, opens_on = $3, closes_on = $4, updated_at = $5, \
         anonymous = case when {UNANSWERED} then $6 else anonymous end, \
         scale = case when {UNANSWERED} then $7 else scale end \
         where id = $8 returning anonymous, scale"
    )))
    .bind(&details.title)
    .bind(&details.intro)
    .bind(&details.opens_on)
    .bind(&details.closes_on)
    .bind(now)
    .bind(i64::from(details.anonymous))
    .bind(details.scale.join("\n"))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Problem::UnknownSurvey)?;
    let anonymous: i64 = changed.try_get("anonymous")?;
    let scale: String = changed.try_get("scale")?;
    if (anonymous == 1) != details.anonymous || lines(&scale) != details.scale {
        // Rolled back: nothing changes.
        return Err(Problem::SurveyLocked.into());
    }
    set_villages(&mut tx, id, &details.villages).await?;
    tx.commit().await?;
    Ok(())
}

/// Runs `sql` (which names the survey as `$1` and more binds after) only while
/// nobody has answered; `SurveyLocked` otherwise.
#[tracing::instrument(skip(tx))]
async fn while_unanswered(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    survey: i64,
) -> Result<(), AppError> {
    // Taking the survey's row first serialises this with a first answer
    // (which also updates it) on PostgreSQL; SQLite has one writer anyway.
    let free = sqlx::query(sqlx::AssertSqlSafe(format!(
        "update surveys set updated_at = $1 where id = $2 and {UNANSWERED}"
    )))
    .bind(now_ms())
    .bind(survey)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if free == 0 {
        return Err(Problem::SurveyLocked.into());
    }
    Ok(())
}

#[tracing::instrument(skip(db, question))]
pub async fn add_question<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    survey: i64,
    question: &CheckedQuestion,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    while_unanswered(&mut tx, survey).await?;
    let count: i64 =
        sqlx::query_scalar("select count(*) from survey_questions where survey_id = $1")
            .bind(survey)
            .fetch_one(&mut *tx)
            .await?;
    if count as usize >= super::model::QUESTIONS_MAX {
        return Err(Problem::TextTooLong.into());
    }
    insert_question(&mut tx, survey, question).await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip(db, question))]
pub async fn update_question<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    survey: i64,
    id: i64,
    question: &CheckedQuestion,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    while_unanswered(&mut tx, survey).await?;
    let changed = sqlx::query(
        "update survey_questions set kind = $1, prompt = $2, required = $3, options = $4, updated_at = $5 \
         where id = $6 and survey_id = $7",
    )
    .bind(question.kind.as_db())
    .bind(&question.prompt)
    .bind(i64::from(question.required))
    .bind(question.options.join("\n"))
    .bind(now_ms())
    .bind(id)
    .bind(survey)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Problem::UnknownQuestion.into());
    }
    tx.commit().await?;
    Ok(())
}

/// Moves a question one place up (or down): swaps it with its neighbour.
#[tracing::instrument(skip(db))]
pub async fn move_question<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    survey: i64,
    id: i64,
    up: bool,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    while_unanswered(&mut tx, survey).await?;
    let order: Vec<i64> = sqlx::query_scalar(
        "select id from survey_questions where survey_id = $1 order by position, id",
    )
    .bind(survey)
    .fetch_all(&mut *tx)
    .await?;
    let at = order
        .iter()
        .position(|q| *q == id)
        .ok_or(Problem::UnknownQuestion)?;
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    let mut order = order.clone();
    if let Some(other) = other.filter(|o| *o < order.len()) {
        order.swap(at, other);
    }
    for (position, question) in order.iter().enumerate() {
        sqlx::query("update survey_questions set position = $1 where id = $2")
            .bind(position as i64 + 1)
            .bind(question)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
pub async fn remove_question<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    survey: i64,
    id: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    while_unanswered(&mut tx, survey).await?;
    let removed = sqlx::query("delete from survey_questions where id = $1 and survey_id = $2")
        .bind(id)
        .bind(survey)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(Problem::UnknownQuestion.into());
    }
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
pub async fn publish<'e>(db: impl Executor<'e>, survey: i64) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "update surveys set published_at = coalesce(published_at, $1), updated_at = $1 where id = $2",
    )
    .bind(now)
    .bind(survey)
    .execute(db)
    .await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
pub async fn publish_results<'e>(db: impl Executor<'e>, survey: i64) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "update surveys set results_published_at = coalesce(results_published_at, $1), updated_at = $1 \
         where id = $2",
    )
    .bind(now)
    .bind(survey)
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes a survey nobody has answered.
#[tracing::instrument(skip(db))]
pub async fn delete_survey<'c>(
    db: impl sqlx::Acquire<'c, Database = sqlx::Any>,
    survey: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    while_unanswered(&mut tx, survey).await?;
    for sql in [
        "delete from survey_questions where survey_id = $1",
        "delete from survey_villages where survey_id = $1",
        "delete from surveys where id = $1",
    ] {
        sqlx::query(sql).bind(survey).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A person's response: id, whether it was sent, when it last changed.
#[tracing::instrument(skip(db, respondent))]
pub async fn response_of(
    db: &Db,
    survey: i64,
    respondent: &str,
) -> Result<Option<(i64, bool, i64)>, AppError> {
    let row = sqlx::query(
        "select id, submitted_at, updated_at from survey_responses where survey_id = $1 and respondent = $2",
    )
    .bind(survey)
    .bind(respondent)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        let submitted: Option<i64> = row.try_get("submitted_at")?;
        Ok((
            row.try_get("id")?,
            submitted.is_some(),
            row.try_get("updated_at")?,
        ))
    })
    .transpose()
    .map_err(|e: sqlx::Error| e.into())
}

#[tracing::instrument(skip(db))]
pub async fn answers_of(db: &Db, response: i64) -> Result<Vec<Answer>, AppError> {
    sqlx::query("select question_id, item, choice, text from survey_answers where response_id = $1")
        .bind(response)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| {
            Ok(Answer {
                question_id: row.try_get("question_id")?,
                item: row.try_get("item")?,
                choice: row.try_get("choice")?,
                text: row.try_get("text")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Who answers and how the response is kept.
pub struct Respondent<'a> {
    pub key: &'a str,
    /// None for an anonymous survey.
    pub user: Option<i64>,
    pub village: Option<i64>,
}

/// Saves a person's answers in one transaction: a new response, or the
/// person's own `existing` one replaced. `submit` sends it; otherwise it is
/// saved progress (and a sent response cannot go back to being a draft).
#[tracing::instrument(skip(db, respondent, answers))]
pub async fn save_response(
    db: &Db,
    survey: i64,
    respondent: &Respondent<'_>,
    existing: Option<i64>,
    answers: &[Answer],
    submit: bool,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    // An anonymous response keeps the day, never the moment.
    let now = match respondent.user {
        Some(_) => now_ms(),
        None => super::anonymity::day_of(now_ms()),
    };
    let submitted_at = submit.then_some(now);
    let id: i64 = match existing {
        None => sqlx::query_scalar(
            "insert into survey_responses (survey_id, respondent, user_id, village_id, submitted_at, \
             created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) returning id",
        )
        .bind(survey)
        .bind(respondent.key)
        .bind(respondent.user)
        .bind(respondent.village)
        .bind(submitted_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(crate::db::unique_as(Problem::SurveyAlreadyAnswered))?,
        Some(id) => {
            let changed = sqlx::query(
                "update survey_responses set submitted_at = coalesce($1, submitted_at), \
                 village_id = $2, updated_at = $3 \
                 where id = $4 and survey_id = $5 and respondent = $6 and ($1 is not null or submitted_at is null)",
            )
            .bind(submitted_at)
            .bind(respondent.village)
            .bind(now)
            .bind(id)
            .bind(survey)
            .bind(respondent.key)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(Problem::SurveyAlreadyAnswered.into());
            }
            sqlx::query("delete from survey_answers where response_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
    };
    for answer in answers {
        sqlx::query(
            "insert into survey_answers (response_id, question_id, item, choice, text) \
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(answer.question_id)
        .bind(answer.item)
        .bind(answer.choice)
        .bind(&answer.text)
        .execute(&mut *tx)
        .await?;
    }
    // Marks the survey as answered for `while_unanswered` (same row lock).
    sqlx::query("update surveys set updated_at = $1 where id = $2")
        .bind(now)
        .bind(survey)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// How many sent answers chose each level or option, per question and row.
#[tracing::instrument(skip(db))]
pub async fn tallies(db: &Db, survey: i64) -> Result<Vec<Tally>, AppError> {
    sqlx::query(
        "select a.question_id, a.item, a.choice, count(*) as n from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         join survey_questions q on q.id = a.question_id \
         where r.survey_id = $1 and r.submitted_at is not null \
           and q.kind not in ('short_text', 'long_text') \
         group by a.question_id, a.item, a.choice",
    )
    .bind(survey)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(Tally {
            question_id: row.try_get("question_id")?,
            item: row.try_get("item")?,
            choice: row.try_get("choice")?,
            count: row.try_get("n")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}

/// How many sent responses answered each text question.
#[tracing::instrument(skip(db))]
pub async fn text_counts(db: &Db, survey: i64) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "select a.question_id, count(*) from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         join survey_questions q on q.id = a.question_id \
         where r.survey_id = $1 and r.submitted_at is not null \
           and q.kind in ('short_text', 'long_text') \
         group by a.question_id",
    )
    .bind(survey)
    .fetch_all(db)
    .await?)
}

/// The texts of sent answers (at most 500), in text order: no order that
/// could tell who wrote which.
#[tracing::instrument(skip(db))]
pub async fn texts(db: &Db, survey: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "select a.question_id, a.text from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         join survey_questions q on q.id = a.question_id \
         where r.survey_id = $1 and r.submitted_at is not null \
           and q.kind in ('short_text', 'long_text') \
         order by a.question_id, a.text limit 500",
    )
    .bind(survey)
    .fetch_all(db)
    .await?)
}

/// Responses and satisfaction per village (the person's village when they
/// answered). `levels` is the scale's size: above its middle is satisfied.
#[tracing::instrument(skip(db))]
pub async fn village_figures(
    db: &Db,
    survey: i64,
    levels: usize,
) -> Result<Vec<VillageFigures>, AppError> {
    // Village name and id, its adults, responses.
    type Row = (Option<String>, Option<i64>, Option<i64>, i64);
    let responses: Vec<Row> = sqlx::query_as(
        "select v.name, v.id, v.adults, count(*) from survey_responses r \
         left join villages v on v.id = r.village_id \
         where r.survey_id = $1 and r.submitted_at is not null \
         group by v.name, v.id, v.adults order by v.name",
    )
    .bind(survey)
    .fetch_all(db)
    .await?;
    let scaled: Vec<(Option<String>, i64, i64)> = sqlx::query_as(
        "select v.name, \
                sum(case when a.choice * 2 > $2 then 1 else 0 end), count(*) \
         from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         join survey_questions q on q.id = a.question_id \
         left join villages v on v.id = r.village_id \
         where r.survey_id = $1 and r.submitted_at is not null and q.kind in ('scale', 'matrix') \
         group by v.name",
    )
    .bind(survey)
    .bind(levels as i64 + 1)
    .fetch_all(db)
    .await?;
    // A village with few responses is not shown apart (see `anonymity`).
    Ok(responses
        .into_iter()
        .filter(|(_, _, _, responses)| *responses >= super::anonymity::MIN_VILLAGE_RESPONSES)
        .map(|(village, village_id, adults, responses)| {
            let (satisfied, scaled_answers) = scaled
                .iter()
                .find(|(v, _, _)| *v == village)
                .map(|(_, s, n)| (*s, *n))
                .unwrap_or((0, 0));
            VillageFigures {
                village,
                village_id,
                responses,
                satisfied,
                scaled_answers,
                adults,
            }
        })
        .collect())
}

/// The reporters' ratings of the handling of the commune's reports.
#[tracing::instrument(skip(db))]
pub async fn handling(db: &Db, commune: i64) -> Result<HandlingRatings, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "select rating, count(*) from reports where commune_code = $1 and rating is not null \
         group by rating",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let mut ratings = HandlingRatings::default();
    for (rating, count) in rows {
        if (1..=5).contains(&rating) {
            ratings.counts[rating as usize - 1] = count;
        }
    }
    Ok(ratings)
}

#[tracing::instrument(skip(db))]
pub async fn population(db: &Db, commune: i64) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select adults from commune_population where commune_code = $1")
            .bind(commune)
            .fetch_optional(db)
            .await?,
    )
}

#[tracing::instrument(skip(db))]
pub async fn set_population<'e>(
    db: impl Executor<'e>,
    commune: i64,
    adults: i64,
    by: i64,
) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "insert into commune_population (commune_code, adults, updated_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $4) \
         on conflict (commune_code) do update set adults = $2, updated_by = $3, updated_at = $4",
    )
    .bind(commune)
    .bind(adults)
    .bind(by)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// One sent response for the export: who (never for an anonymous survey),
/// the village, when, and the answers.
pub struct ExportedResponse {
    pub id: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    pub submitted_at: i64,
    pub answers: Vec<Answer>,
}

/// The sent responses with their answers, in two queries.
#[tracing::instrument(skip_all)]
pub async fn exported_responses(
    db: &Db,
    survey: &Survey,
) -> Result<Vec<ExportedResponse>, AppError> {
    // An anonymous survey's responses are listed in the order of their keys
    // (hashes), which says nothing about when or who.
    let order = if survey.anonymous {
        "r.respondent"
    } else {
        "r.submitted_at, r.id"
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "select r.id, r.submitted_at, v.name as village, u.name, u.phone from survey_responses r \
         left join villages v on v.id = r.village_id \
         left join users u on u.id = r.user_id \
         where r.survey_id = $1 and r.submitted_at is not null order by {order}"
    )))
    .bind(survey.id)
    .fetch_all(db)
    .await?;
    let answers = sqlx::query(
        "select a.response_id, a.question_id, a.item, a.choice, a.text from survey_answers a \
         join survey_responses r on r.id = a.response_id \
         where r.survey_id = $1 and r.submitted_at is not null",
    )
    .bind(survey.id)
    .fetch_all(db)
    .await?;
    let mut by_response: std::collections::HashMap<i64, Vec<Answer>> = Default::default();
    for row in &answers {
        by_response
            .entry(row.try_get("response_id")?)
            .or_default()
            .push(Answer {
                question_id: row.try_get("question_id")?,
                item: row.try_get("item")?,
                choice: row.try_get("choice")?,
                text: row.try_get("text")?,
            });
    }
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let anonymous = survey.anonymous;
            Ok(ExportedResponse {
                id,
                name: if anonymous {
                    None
                } else {
                    row.try_get("name")?
                },
                phone: if anonymous {
                    None
                } else {
                    row.try_get("phone")?
                },
                village: row.try_get("village")?,
                submitted_at: row.try_get::<Option<i64>, _>("submitted_at")?.unwrap_or(0),
                answers: by_response.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The commune's villages with their adult populations, by name.
#[tracing::instrument(skip(db))]
pub async fn village_populations(
    db: &Db,
    commune: i64,
) -> Result<Vec<super::model::VillagePopulation>, AppError> {
    let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "select id, name, adults from villages where commune_code = $1 order by name",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, adults)| super::model::VillagePopulation { id, name, adults })
        .collect())
}

/// Sets (or, with None, clears) a village's adult population.
#[tracing::instrument(skip(db))]
pub async fn set_village_adults<'e>(
    db: impl Executor<'e>,
    commune: i64,
    village: i64,
    adults: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query(
        "update villages set adults = $1, updated_at = $2 where id = $3 and commune_code = $4",
    )
    .bind(adults)
    .bind(now_ms())
    .bind(village)
    .bind(commune)
    .execute(db)
    .await?;
    Ok(())
}
