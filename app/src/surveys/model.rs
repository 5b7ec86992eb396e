//! Surveys as both sides see them, and the checks of what staff write and what
//! residents answer. The same parsing runs in the browser and on the server.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldProblem, Problem};
use crate::places::model::{CommuneSummary, Village};

/// The five levels residents are asked by default, lowest first.
pub const DEFAULT_SCALE: [&str; 5] = [
    "Rất không hài lòng",
    "Không hài lòng",
    "Bình thường",
    "Hài lòng",
    "Rất hài lòng",
];

pub const TITLE_MAX: usize = 200;
pub const INTRO_MAX: usize = 2_000;
pub const PROMPT_MAX: usize = 500;
pub const OPTION_MAX: usize = 200;
pub const OPTIONS_MAX: usize = 30;
pub const SHORT_TEXT_MAX: usize = 200;
pub const LONG_TEXT_MAX: usize = 2_000;
pub const QUESTIONS_MAX: usize = 50;
/// A scale has 2 to 7 levels.
pub const LEVELS: std::ops::RangeInclusive<usize> = 2..=7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionKind {
    /// One level of the survey's satisfaction scale.
    Scale,
    /// One of the options.
    Single,
    /// Any of the options.
    Multiple,
    ShortText,
    LongText,
    /// Rows are criteria, each answered on the scale.
    Matrix,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 6] = [
        QuestionKind::Scale,
        QuestionKind::Matrix,
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::ShortText,
        QuestionKind::LongText,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            QuestionKind::Scale => "scale",
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
            QuestionKind::Matrix => "matrix",
        }
    }

    pub fn parse(code: &str) -> Result<QuestionKind, Problem> {
        QuestionKind::ALL
            .into_iter()
            .find(|kind| kind.as_db() == code.trim())
            .ok_or(Problem::UnknownQuestionKind)
    }

    /// Whether the question lists options (or, for a matrix, rows).
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::Single | QuestionKind::Multiple | QuestionKind::Matrix
        )
    }

    /// Whether its answers are levels of the satisfaction scale.
    pub fn on_scale(self) -> bool {
        matches!(self, QuestionKind::Scale | QuestionKind::Matrix)
    }

    pub fn is_text(self) -> bool {
        matches!(self, QuestionKind::ShortText | QuestionKind::LongText)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub kind: QuestionKind,
    pub prompt: String,
    pub required: bool,
    /// The options, or a matrix's rows.
    pub options: Vec<String>,
}

/// Where a survey stands for residents, on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Not published: only staff see it.
    Draft,
    /// Published, before its first day.
    Upcoming,
    Open,
    /// After its last day.
    Closed,
}

impl Phase {
    /// `today`, `opens` and `closes` are `yyyy-mm-dd`, which compare as text.
    pub fn of(published: bool, opens: &str, closes: &str, today: &str) -> Phase {
        if !published {
            Phase::Draft
        } else if today < opens {
            Phase::Upcoming
        } else if today > closes {
            Phase::Closed
        } else {
            Phase::Open
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub id: i64,
    pub commune_code: i64,
    pub title: String,
    pub intro: String,
    /// `yyyy-mm-dd`, Vietnam.
    pub opens_on: String,
    pub closes_on: String,
    pub anonymous: bool,
    /// The scale's labels, lowest first.
    pub scale: Vec<String>,
    /// The villages it is for; empty: the whole commune.
    pub villages: Vec<i64>,
    pub phase: Phase,
    pub results_published: bool,
    /// Responses sent (drafts not counted).
    pub responses: i64,
    /// Whether anybody has answered at all (drafts too): questions are locked.
    pub locked: bool,
}

/// Whether level `level` (1 = lowest) of a scale of `levels` counts as
/// satisfied: the levels above the middle ("Hài lòng" and "Rất hài lòng" of five).
pub fn satisfied(level: i64, levels: usize) -> bool {
    level * 2 > levels as i64 + 1
}

/// The satisfaction index: the share (0–100) of answers that are satisfied.
pub fn index(satisfied: i64, answers: i64) -> Option<f64> {
    (answers > 0).then(|| satisfied as f64 * 100.0 / answers as f64)
}

/// `12,5 %` as Vietnamese writes it (one decimal, comma), `12.5%` in English.
pub fn percent(value: f64, vietnamese: bool) -> String {
    let text = format!("{value:.1}");
    if vietnamese {
        format!("{} %", text.replace('.', ","))
    } else {
        format!("{text}%")
    }
}

// --- What staff write -------------------------------------------------------

/// The survey's own fields as a form sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyInput {
    pub title: String,
    pub intro: String,
    /// `yyyy-mm-dd` (a date input) or `dd/mm/yyyy`.
    pub opens: String,
    pub closes: String,
    /// `on` when ticked.
    pub anonymous: String,
    /// One label per line, lowest first.
    pub scale: String,
    /// `v{village id}` → `on`, for the villages ticked.
    pub villages: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyDetails {
    pub title: String,
    pub intro: String,
    pub opens_on: String,
    pub closes_on: String,
    pub anonymous: bool,
    pub scale: Vec<String>,
    pub villages: Vec<i64>,
}

fn field(name: &str, problem: Problem) -> FieldProblem {
    FieldProblem {
        line: 0,
        field: name.to_owned(),
        problem,
    }
}

/// Non-empty lines, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

impl SurveyInput {
    /// The checked fields, or every wrong field named. Villages are checked
    /// against the commune's by the caller.
    pub fn check(&self) -> Result<SurveyDetails, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            problems.push(field("title", Problem::SurveyTitleMissing));
        } else if title.chars().count() > TITLE_MAX {
            problems.push(field("title", Problem::TextTooLong));
        }
        let intro = self.intro.trim().to_owned();
        if intro.chars().count() > INTRO_MAX {
            problems.push(field("intro", Problem::TextTooLong));
        }
        let opens = crate::time::parse_date(self.opens.trim());
        let closes = crate::time::parse_date(self.closes.trim());
        if opens.is_none() {
            problems.push(field("opens", Problem::DateInvalid));
        }
        if closes.is_none() {
            problems.push(field("closes", Problem::DateInvalid));
        }
        if let (Some(opens), Some(closes)) = (&opens, &closes)
            && closes < opens
        {
            problems.push(field("closes", Problem::SurveyEndsBeforeStart));
        }
        let scale = lines(&self.scale);
        if !LEVELS.contains(&scale.len()) || scale.iter().any(|l| l.chars().count() > OPTION_MAX) {
            problems.push(field("scale", Problem::ScaleInvalid));
        }
        let mut villages = Vec::new();
        for (id, ticked) in &self.villages {
            if ticked.is_empty() {
                continue;
            }
            match id.trim().strip_prefix('v').and_then(|id| id.parse().ok()) {
                Some(id) => villages.push(id),
                None => problems.push(field("villages", Problem::UnknownVillage)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        villages.sort_unstable();
        villages.dedup();
        Ok(SurveyDetails {
            title,
            intro,
            opens_on: opens.unwrap_or_default(),
            closes_on: closes.unwrap_or_default(),
            anonymous: !self.anonymous.is_empty(),
            scale,
            villages,
        })
    }

    /// The form's values for a survey as it is.
    pub fn of(survey: &Survey) -> SurveyInput {
        SurveyInput {
            title: survey.title.clone(),
            intro: survey.intro.clone(),
            opens: survey.opens_on.clone(),
            closes: survey.closes_on.clone(),
            anonymous: if survey.anonymous {
                "on".into()
            } else {
                String::new()
            },
            scale: survey.scale.join("\n"),
            villages: survey
                .villages
                .iter()
                .map(|id| (format!("v{id}"), "on".to_owned()))
                .collect(),
        }
    }
}

/// A question as its form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionInput {
    pub kind: String,
    pub prompt: String,
    /// `on` when ticked.
    pub required: String,
    /// One option (or matrix row) per line.
    pub options: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedQuestion {
    pub kind: QuestionKind,
    pub prompt: String,
    pub required: bool,
    pub options: Vec<String>,
}

impl QuestionInput {
    pub fn check(&self) -> Result<CheckedQuestion, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let kind = QuestionKind::parse(&self.kind)
            .map_err(|p| problems.push(field("type", p)))
            .ok();
        let prompt = self.prompt.trim().to_owned();
        if prompt.is_empty() {
            problems.push(field("prompt", Problem::QuestionPromptMissing));
        } else if prompt.chars().count() > PROMPT_MAX {
            problems.push(field("prompt", Problem::TextTooLong));
        }
        let mut options = lines(&self.options);
        if let Some(kind) = kind {
            if kind.has_options() {
                // A matrix may ask about one criterion; a choice needs two.
                let least = if kind == QuestionKind::Matrix { 1 } else { 2 };
                if options.len() < least {
                    problems.push(field("options", Problem::QuestionOptionsMissing));
                } else if options.len() > OPTIONS_MAX
                    || options.iter().any(|o| o.chars().count() > OPTION_MAX)
                {
                    problems.push(field("options", Problem::TextTooLong));
                }
            } else {
                options.clear();
            }
        }
        match kind {
            Some(kind) if problems.is_empty() => Ok(CheckedQuestion {
                kind,
                prompt,
                required: !self.required.is_empty(),
                options,
            }),
            _ => Err(problems),
        }
    }

    pub fn of(question: &Question) -> QuestionInput {
        QuestionInput {
            kind: question.kind.as_db().to_owned(),
            prompt: question.prompt.clone(),
            required: if question.required {
                "on".into()
            } else {
                String::new()
            },
            options: question.options.join("\n"),
        }
    }
}

/// The ready survey on new rural construction: one matrix row per group of the
/// national criteria that residents can judge, and a question for suggestions.
pub fn new_rural_template() -> (SurveyInput, Vec<CheckedQuestion>) {
    let survey = SurveyInput {
        title: "Lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới".into(),
        intro: "Ủy ban nhân dân xã lấy ý kiến của người dân về kết quả xây dựng nông thôn mới \
                trên địa bàn. Phiếu không ghi tên, gồm 2 câu hỏi và mất khoảng 3 phút. \
                Ý kiến của ông/bà giúp xã làm tốt hơn."
            .into(),
        anonymous: "on".into(),
        scale: DEFAULT_SCALE.join("\n"),
        ..SurveyInput::default()
    };
    let criteria = [
        "Đường giao thông, đi lại",
        "Hệ thống điện",
        "Trường học",
        "Nhà văn hóa, sân thể thao",
        "Chợ, mua bán, thương mại nông thôn",
        "Thông tin và truyền thông (loa truyền thanh, Internet)",
        "Nhà ở dân cư",
        "Thu nhập và giảm nghèo",
        "Y tế, chăm sóc sức khỏe",
        "Môi trường và an toàn thực phẩm",
        "Nước sạch sinh hoạt",
        "An ninh, trật tự",
        "Thủ tục hành chính công",
    ];
    let questions = vec![
        CheckedQuestion {
            kind: QuestionKind::Matrix,
            prompt: "Ông/bà hài lòng thế nào với kết quả xây dựng nông thôn mới của xã \
                     về từng nội dung sau?"
                .into(),
            required: true,
            options: criteria.iter().map(|c| (*c).to_owned()).collect(),
        },
        CheckedQuestion {
            kind: QuestionKind::LongText,
            prompt: "Ông/bà có góp ý, kiến nghị gì để xã làm tốt hơn?".into(),
            required: false,
            options: Vec::new(),
        },
    ];
    (survey, questions)
}

// --- What residents answer --------------------------------------------------

/// One stored answer (see `survey_answers`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question_id: i64,
    pub item: i64,
    pub choice: i64,
    pub text: String,
}

/// The form field of a question (`q12`) or of one of its rows or options
/// (`q12_3`). The letter first: a key that starts with a digit would be read as
/// a list index by the form decoder.
pub fn answer_key(question: i64, item: Option<usize>) -> String {
    match item {
        Some(item) => format!("q{question}_{item}"),
        None => format!("q{question}"),
    }
}

/// The answers of a form (`a[q12]=4`, `a[q13_0]=5`, `a[q14_2]=on`) checked against
/// the survey's questions. With `complete`, every required question must be
/// answered (sending); without, it is saved progress.
pub fn check_answers(
    questions: &[Question],
    levels: usize,
    form: &HashMap<String, String>,
    complete: bool,
) -> Result<Vec<Answer>, AppError> {
    let mut answers = Vec::new();
    for (key, value) in form {
        let (question, item) = match key.split_once('_') {
            Some((q, i)) => (q, Some(i)),
            None => (key.as_str(), None),
        };
        let question = question
            .strip_prefix('q')
            .and_then(|q| q.parse::<i64>().ok())
            .and_then(|id| questions.iter().find(|q| q.id == id))
            .ok_or(Problem::UnknownQuestion)?;
        let item = match item {
            Some(item) => Some(
                item.parse::<usize>()
                    .ok()
                    .filter(|i| *i < question.options.len())
                    .ok_or(Problem::UnknownQuestion)?,
            ),
            None => None,
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let level = || -> Result<i64, AppError> {
            value
                .parse::<i64>()
                .ok()
                .filter(|l| (1..=levels as i64).contains(l))
                .ok_or(Problem::AnswerOutOfScale.into())
        };
        let answer = |item: usize, choice: i64, text: &str| Answer {
            question_id: question.id,
            item: item as i64,
            choice,
            text: text.to_owned(),
        };
        match (question.kind, item) {
            (QuestionKind::Scale, None) => answers.push(answer(0, level()?, "")),
            (QuestionKind::Matrix, Some(row)) => answers.push(answer(row, level()?, "")),
            (QuestionKind::Single, None) => {
                let option = value
                    .parse::<usize>()
                    .ok()
                    .filter(|o| *o < question.options.len())
                    .ok_or(Problem::AnswerOutOfScale)?;
                answers.push(answer(0, option as i64, ""));
            }
            (QuestionKind::Multiple, Some(option)) => answers.push(answer(0, option as i64, "")),
            (QuestionKind::ShortText | QuestionKind::LongText, None) => {
                let max = if question.kind == QuestionKind::ShortText {
                    SHORT_TEXT_MAX
                } else {
                    LONG_TEXT_MAX
                };
                if value.chars().count() > max {
                    return Err(Problem::TextTooLong.into());
                }
                answers.push(answer(0, 0, value));
            }
            _ => return Err(Problem::UnknownQuestion.into()),
        }
    }
    if complete {
        let missing: Vec<FieldProblem> = questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.required && !answered(q, &answers))
            .map(|(n, _)| field(&format!("question {}", n + 1), Problem::AnswerRequired))
            .collect();
        if !missing.is_empty() {
            return Err(AppError::fields(missing, QUESTIONS_MAX));
        }
    }
    answers.sort_by_key(|a| (a.question_id, a.item, a.choice));
    Ok(answers)
}

/// Whether `answers` answer `question` fully (a matrix: every row).
fn answered(question: &Question, answers: &[Answer]) -> bool {
    let mine = answers.iter().filter(|a| a.question_id == question.id);
    match question.kind {
        QuestionKind::Matrix => {
            let rows: std::collections::HashSet<i64> = mine.map(|a| a.item).collect();
            rows.len() == question.options.len()
        }
        _ => mine.count() > 0,
    }
}

/// The form's fields for stored answers (to show a response again).
pub fn answer_fields(questions: &[Question], answers: &[Answer]) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for a in answers {
        let Some(question) = questions.iter().find(|q| q.id == a.question_id) else {
            continue;
        };
        let (key, value) = match question.kind {
            QuestionKind::Scale | QuestionKind::Single => {
                (answer_key(a.question_id, None), a.choice.to_string())
            }
            QuestionKind::Matrix => (
                answer_key(a.question_id, Some(a.item as usize)),
                a.choice.to_string(),
            ),
            QuestionKind::Multiple => (
                answer_key(a.question_id, Some(a.choice as usize)),
                "on".to_owned(),
            ),
            QuestionKind::ShortText | QuestionKind::LongText => {
                (answer_key(a.question_id, None), a.text.clone())
            }
        };
        fields.insert(key, value);
    }
    fields
}

// --- Pages ------------------------------------------------------------------

/// `/surveys`: the surveys of the commune a visitor looks at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyList {
    pub commune: CommuneSummary,
    /// Open now, for this person (their village) or for everyone.
    pub open: Vec<SurveyCard>,
    /// Closed, with published results.
    pub results: Vec<SurveyCard>,
    pub signed_in: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyCard {
    pub id: i64,
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    pub anonymous: bool,
    pub phase: Phase,
    pub results_published: bool,
    pub responses: i64,
    /// The visitor's own response: none, saved progress, or sent.
    pub mine: Option<bool>,
}

/// A survey's page for a resident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub commune: CommuneSummary,
    pub survey: Survey,
    pub questions: Vec<Question>,
    pub villages: Vec<Village>,
    /// Whether the visitor may answer (signed in, of the commune and audience,
    /// while it is open); otherwise why not.
    pub refusal: Option<AppError>,
    /// The visitor's response, if any.
    pub response: Option<MyResponse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyResponse {
    pub id: i64,
    pub submitted: bool,
    pub fields: HashMap<String, String>,
    pub updated_at_ms: i64,
}

/// `/staff/surveys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSurveys {
    pub commune: CommuneSummary,
    pub surveys: Vec<SurveyCard>,
    pub adults: Option<i64>,
    pub villages: Vec<VillagePopulation>,
    /// Whether this person may set the population (the commune's admin).
    pub can_set_population: bool,
}

/// `/staff/surveys/{id}`: the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyEditor {
    pub commune: CommuneSummary,
    pub survey: Survey,
    pub questions: Vec<Question>,
    pub villages: Vec<Village>,
}

// --- Results ----------------------------------------------------------------

/// How many answers chose each level or option of a question (or row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub question_id: i64,
    pub item: i64,
    pub choice: i64,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageFigures {
    /// None: people without a village.
    pub village: Option<String>,
    pub village_id: Option<i64>,
    pub responses: i64,
    pub satisfied: i64,
    pub scaled_answers: i64,
    /// The village's adults, when the commune admin entered them.
    pub adults: Option<i64>,
}

impl VillageFigures {
    /// The village's responses per adult resident, 0–100.
    pub fn participation(&self) -> Option<f64> {
        self.adults
            .filter(|a| *a > 0)
            .map(|adults| self.responses as f64 * 100.0 / adults as f64)
    }
}

/// A village's adult population on the population form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillagePopulation {
    pub id: i64,
    pub name: String,
    pub adults: Option<i64>,
}

/// The form field of a village's population (`villages[v12]`).
pub fn village_population_key(village: i64) -> String {
    format!("v{village}")
}

/// Each village's adults from the population form (None: not known).
pub type VillageAdults = Vec<(i64, Option<i64>)>;

/// Reads the population form: the commune's adults (blank: the villages'
/// sum) and each village's (blank: not known). Every figure is a whole number
/// from 1 to 10,000,000 (dots, commas and spaces between digits allowed), and
/// the villages add up to no more than the commune.
pub fn parse_population(
    commune: &str,
    villages: &std::collections::BTreeMap<String, String>,
    known: &[i64],
) -> Result<(i64, VillageAdults), Problem> {
    fn number(text: &str) -> Result<Option<i64>, Problem> {
        let digits = text.trim().replace(['.', ',', ' '], "");
        if digits.is_empty() {
            return Ok(None);
        }
        digits
            .parse()
            .ok()
            .filter(|n| (1..=10_000_000).contains(n))
            .map(Some)
            .ok_or(Problem::PopulationInvalid)
    }
    let mut by_village = Vec::new();
    for (key, value) in villages {
        let id = key
            .strip_prefix('v')
            .and_then(|id| id.parse().ok())
            .filter(|id| known.contains(id))
            .ok_or(Problem::UnknownVillage)?;
        by_village.push((id, number(value)?));
    }
    let sum: i64 = by_village.iter().filter_map(|(_, n)| *n).sum();
    let adults = match number(commune)? {
        Some(adults) if adults < sum => return Err(Problem::PopulationVillagesExceed),
        Some(adults) => adults,
        None if sum > 0 => sum,
        None => return Err(Problem::PopulationInvalid),
    };
    Ok((adults, by_village))
}

/// The reporters' 1–5 ratings of how their reports were handled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingRatings {
    /// Count per rating, 1 to 5.
    pub counts: [i64; 5],
}

impl HandlingRatings {
    pub fn total(&self) -> i64 {
        self.counts.iter().sum()
    }

    /// The average rating, 1–5.
    pub fn average(&self) -> Option<f64> {
        let total = self.total();
        let sum: i64 = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 1) * n)
            .sum();
        (total > 0).then(|| sum as f64 / total as f64)
    }

    /// The share rating 4 or 5.
    pub fn index(&self) -> Option<f64> {
        index(self.counts[3] + self.counts[4], self.total())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub commune: CommuneSummary,
    pub survey: Survey,
    pub questions: Vec<Question>,
    pub tallies: Vec<Tally>,
    /// Text answers per question, for staff only (residents see how many).
    pub texts: Vec<(i64, String)>,
    pub text_counts: Vec<(i64, i64)>,
    pub adults: Option<i64>,
    pub villages: Vec<VillageFigures>,
    pub handling: HandlingRatings,
    /// Whether the visitor is staff of the commune (exports of responses,
    /// publishing).
    pub staff: bool,
}

/// A criterion's (a scale question's, or a matrix row's) index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub label: String,
    pub answers: i64,
    pub satisfied: i64,
    /// Count per level, lowest first.
    pub levels: Vec<i64>,
}

impl Criterion {
    pub fn index(&self) -> Option<f64> {
        index(self.satisfied, self.answers)
    }
}

impl SurveyResults {
    fn count(&self, question: i64, item: i64, choice: i64) -> i64 {
        self.tallies
            .iter()
            .find(|t| t.question_id == question && t.item == item && t.choice == choice)
            .map(|t| t.count)
            .unwrap_or(0)
    }

    /// Counts per option (or level) of a question without rows, in order.
    pub fn choices(&self, question: &Question) -> Vec<(String, i64)> {
        let labels: &[String] = if question.kind == QuestionKind::Scale {
            &self.survey.scale
        } else {
            &question.options
        };
        let offset = if question.kind == QuestionKind::Scale {
            1
        } else {
            0
        };
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| (label.clone(), self.count(question.id, 0, i as i64 + offset)))
            .collect()
    }

    /// The counts of one criterion: row `item` of question `question`.
    fn criterion(&self, question: i64, item: i64, label: String) -> Criterion {
        let levels = self.survey.scale.len();
        let counts: Vec<i64> = (1..=levels as i64)
            .map(|level| self.count(question, item, level))
            .collect();
        let satisfied = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| satisfied(*i as i64 + 1, levels))
            .map(|(_, n)| n)
            .sum();
        Criterion {
            label,
            answers: counts.iter().sum(),
            satisfied,
            levels: counts,
        }
    }

    /// Criteria of one matrix question.
    pub fn rows(&self, question: &Question) -> Vec<Criterion> {
        question
            .options
            .iter()
            .enumerate()
            .map(|(item, label)| self.criterion(question.id, item as i64, label.clone()))
            .collect()
    }

    /// Every criterion on the scale: each scale question, each matrix row.
    pub fn criteria(&self) -> Vec<Criterion> {
        self.questions
            .iter()
            .filter(|q| q.kind.on_scale())
            .flat_map(|q| match q.kind {
                QuestionKind::Matrix => self.rows(q),
                _ => vec![self.criterion(q.id, 0, q.prompt.clone())],
            })
            .collect()
    }

    /// Responses per adult resident, 0–100.
    pub fn participation(&self) -> Option<f64> {
        self.adults
            .filter(|a| *a > 0)
            .map(|adults| self.survey.responses as f64 * 100.0 / adults as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_population_form_is_read_with_village_figures() {
        let form = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let known = [3, 4];
        assert_eq!(
            parse_population("5.200", &form(&[("v3", "1 200"), ("v4", "")]), &known),
            Ok((5200, vec![(3, Some(1200)), (4, None)]))
        );
        // Blank: the commune is the villages' sum.
        assert_eq!(
            parse_population(" ", &form(&[("v3", "800"), ("v4", "700")]), &known),
            Ok((1500, vec![(3, Some(800)), (4, Some(700))]))
        );
        assert_eq!(
            parse_population("1000", &form(&[("v3", "800"), ("v4", "700")]), &known),
            Err(Problem::PopulationVillagesExceed)
        );
        assert_eq!(
            parse_population("", &form(&[]), &known),
            Err(Problem::PopulationInvalid)
        );
        assert_eq!(
            parse_population("100", &form(&[("v3", "0")]), &known),
            Err(Problem::PopulationInvalid)
        );
        assert_eq!(
            parse_population("100", &form(&[("v9", "10")]), &known),
            Err(Problem::UnknownVillage)
        );
        assert_eq!(
            parse_population("100", &form(&[("x", "10")]), &known),
            Err(Problem::UnknownVillage)
        );
    }

    fn questions() -> Vec<Question> {
        vec![
            Question {
                id: 1,
                kind: QuestionKind::Matrix,
                prompt: "Hài lòng?".into(),
                required: true,
                options: vec!["Đường".into(), "Điện".into()],
            },
            Question {
                id: 2,
                kind: QuestionKind::Multiple,
                prompt: "Chọn".into(),
                required: false,
                options: vec!["A".into(), "B".into(), "C".into()],
            },
            Question {
                id: 3,
                kind: QuestionKind::LongText,
                prompt: "Góp ý".into(),
                required: false,
                options: vec![],
            },
            Question {
                id: 4,
                kind: QuestionKind::Single,
                prompt: "Một".into(),
                required: true,
                options: vec!["Có".into(), "Không".into()],
            },
        ]
    }

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn satisfied_is_above_the_middle() {
        assert!(!satisfied(3, 5));
        assert!(satisfied(4, 5));
        assert!(satisfied(5, 5));
        assert!(satisfied(3, 4));
        assert!(!satisfied(2, 4));
        assert!(satisfied(3, 3));
        assert!(!satisfied(2, 3));
    }

    #[test]
    fn a_complete_form_becomes_answers_and_back() {
        let qs = questions();
        let f = form(&[
            ("q1_0", "5"),
            ("q1_1", "2"),
            ("q2_0", "on"),
            ("q2_2", "on"),
            ("q3", "  Cần sửa đường  "),
            ("q4", "1"),
        ]);
        let answers = check_answers(&qs, 5, &f, true).unwrap();
        assert_eq!(answers.len(), 6);
        assert!(answers.contains(&Answer {
            question_id: 3,
            item: 0,
            choice: 0,
            text: "Cần sửa đường".into()
        }));
        let back = answer_fields(&qs, &answers);
        assert_eq!(back.get("q1_1").map(String::as_str), Some("2"));
        assert_eq!(back.get("q2_2").map(String::as_str), Some("on"));
        assert_eq!(back.get("q3").map(String::as_str), Some("Cần sửa đường"));
    }

    #[test]
    fn required_questions_are_named_when_missing() {
        let qs = questions();
        // One matrix row is not enough.
        let error = check_answers(&qs, 5, &form(&[("q1_0", "5")]), true).unwrap_err();
        let AppError::Fields { problems, .. } = error else {
            panic!("{error:?}")
        };
        let named: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(named, ["question 1", "question 4"]);
        // Saved progress may be incomplete.
        assert!(check_answers(&qs, 5, &form(&[("q1_0", "5")]), false).is_ok());
    }

    #[test]
    fn values_outside_the_survey_are_refused() {
        let qs = questions();
        for (key, value, problem) in [
            ("q1_0", "6", Problem::AnswerOutOfScale),
            ("q1_0", "0", Problem::AnswerOutOfScale),
            ("q1_0", "x", Problem::AnswerOutOfScale),
            ("q1_2", "3", Problem::UnknownQuestion),
            ("q1", "3", Problem::UnknownQuestion),
            ("q4", "2", Problem::AnswerOutOfScale),
            ("q2_3", "on", Problem::UnknownQuestion),
            ("q99", "1", Problem::UnknownQuestion),
            ("1", "1", Problem::UnknownQuestion),
            ("abc", "1", Problem::UnknownQuestion),
        ] {
            assert_eq!(
                check_answers(&qs, 5, &form(&[(key, value)]), false),
                Err(AppError::Invalid(problem)),
                "{key}={value}"
            );
        }
        let long = "a".repeat(LONG_TEXT_MAX + 1);
        assert_eq!(
            check_answers(&qs, 5, &form(&[("q3", &long)]), false),
            Err(AppError::Invalid(Problem::TextTooLong))
        );
    }

    #[test]
    fn survey_fields_are_checked() {
        let input = SurveyInput {
            title: " ".into(),
            opens: "2026-12-10".into(),
            closes: "01/12/2026".into(),
            scale: "Chỉ một".into(),
            ..SurveyInput::default()
        };
        let problems = input.check().unwrap_err();
        let named: Vec<(&str, Problem)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.problem))
            .collect();
        assert_eq!(
            named,
            [
                ("title", Problem::SurveyTitleMissing),
                ("closes", Problem::SurveyEndsBeforeStart),
                ("scale", Problem::ScaleInvalid)
            ]
        );
        let (template, questions) = new_rural_template();
        let checked = SurveyInput {
            opens: "01/12/2026".into(),
            closes: "2026-12-31".into(),
            villages: [("v7".to_owned(), "on".to_owned())].into(),
            ..template
        }
        .check()
        .unwrap();
        assert_eq!(checked.opens_on, "2026-12-01");
        assert!(checked.anonymous);
        assert_eq!(checked.scale.len(), 5);
        assert_eq!(checked.villages, [7]);
        assert_eq!(questions[0].options.len(), 13);
    }

    #[test]
    fn questions_need_a_prompt_and_enough_options() {
        let q = QuestionInput {
            kind: "single".into(),
            prompt: "Bạn chọn gì?".into(),
            options: "Một\n\n".into(),
            ..QuestionInput::default()
        };
        assert_eq!(
            q.check().unwrap_err()[0].problem,
            Problem::QuestionOptionsMissing
        );
        let q = QuestionInput {
            kind: "essay".into(),
            ..QuestionInput::default()
        };
        let problems: Vec<Problem> = q.check().unwrap_err().iter().map(|p| p.problem).collect();
        assert_eq!(
            problems,
            [Problem::UnknownQuestionKind, Problem::QuestionPromptMissing]
        );
        let q = QuestionInput {
            kind: "short_text".into(),
            prompt: "Tên thôn?".into(),
            options: "bỏ qua".into(),
            required: "on".into(),
        };
        let checked = q.check().unwrap();
        assert!(checked.required && checked.options.is_empty());
    }

    #[test]
    fn phases_follow_the_dates() {
        assert_eq!(
            Phase::of(false, "2026-01-01", "2026-12-31", "2026-06-01"),
            Phase::Draft
        );
        assert_eq!(
            Phase::of(true, "2026-07-01", "2026-12-31", "2026-06-01"),
            Phase::Upcoming
        );
        assert_eq!(
            Phase::of(true, "2026-01-01", "2026-06-01", "2026-06-01"),
            Phase::Open
        );
        assert_eq!(
            Phase::of(true, "2026-01-01", "2026-05-31", "2026-06-01"),
            Phase::Closed
        );
    }

    #[test]
    fn handling_ratings() {
        let r = HandlingRatings {
            counts: [1, 0, 1, 1, 1],
        };
        assert_eq!(r.total(), 4);
        assert_eq!(r.average(), Some(13.0 / 4.0));
        assert_eq!(r.index(), Some(50.0));
        assert_eq!(percent(12.345, true), "12,3 %");
    }
}
