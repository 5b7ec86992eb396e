//! CSV exports of a survey (server only), UTF-8 with a BOM so that Excel shows
//! the Vietnamese: every response (staff only), and the summary (whoever may
//! read the results). An anonymous survey's export has no name, phone, time or
//! response id: its rows are numbered in the order of their hashed keys.

use super::db::ExportedResponse;
use super::model::{QuestionKind, SurveyResults, index};
use crate::error::AppError;

use crate::spreadsheet::CsvFile;

/// `12.5`: shares in the file use a dot, whatever the language.
fn share(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// One line per response; one column per question (a table of criteria: one
/// per criterion).
pub fn responses(results: &SurveyResults, rows: &[ExportedResponse]) -> Result<Vec<u8>, AppError> {
    let survey = &results.survey;
    let mut header: Vec<String> = vec!["response".into()];
    if !survey.anonymous {
        header.extend(["name".into(), "phone".into(), "submitted_at".into()]);
    }
    header.push("village".into());
    for (n, q) in results.questions.iter().enumerate() {
        if q.kind == QuestionKind::Matrix {
            for row in &q.options {
                header.push(format!("Q{} {} — {}", n + 1, q.prompt, row));
            }
        } else {
            header.push(format!("Q{} {}", n + 1, q.prompt));
        }
    }
    let mut out = CsvFile::new();
    out.row(&header)?;
    let label = |labels: &[String], i: i64| labels.get(i as usize).cloned().unwrap_or_default();
    for (number, response) in rows.iter().enumerate() {
        let mut line: Vec<String> = Vec::with_capacity(header.len());
        if survey.anonymous {
            line.push((number + 1).to_string());
        } else {
            line.push(response.id.to_string());
            line.push(response.name.clone().unwrap_or_default());
            line.push(response.phone.clone().unwrap_or_default());
            line.push(crate::time::iso_date_time(response.submitted_at));
        }
        line.push(response.village.clone().unwrap_or_default());
        for q in &results.questions {
            let mine: Vec<_> = response
                .answers
                .iter()
                .filter(|a| a.question_id == q.id)
                .collect();
            match q.kind {
                QuestionKind::Matrix => {
                    for row in 0..q.options.len() {
                        line.push(
                            mine.iter()
                                .find(|a| a.item == row as i64)
                                .map(|a| label(&survey.scale, a.choice - 1))
                                .unwrap_or_default(),
                        );
                    }
                }
                QuestionKind::Scale => line.push(
                    mine.first()
                        .map(|a| label(&survey.scale, a.choice - 1))
                        .unwrap_or_default(),
                ),
                QuestionKind::Single | QuestionKind::Multiple => line.push(
                    mine.iter()
                        .map(|a| label(&q.options, a.choice))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                QuestionKind::ShortText | QuestionKind::LongText => {
                    line.push(mine.first().map(|a| a.text.clone()).unwrap_or_default())
                }
            }
        }
        out.row(&line)?;
    }
    out.finish()
}

/// Every figure of the results page in one table: `section` says which
/// (`answers`, `index`, `participation`, `village`, `handling`).
pub fn summary(results: &SurveyResults) -> Result<Vec<u8>, AppError> {
    let mut out = CsvFile::new();
    out.row([
        "section",
        "question",
        "prompt",
        "criterion",
        "answer",
        "count",
        "percent",
    ])?;
    let survey = &results.survey;
    let mut line = |cells: [String; 7]| out.row(&cells);
    for (n, q) in results.questions.iter().enumerate() {
        let number = format!("Q{}", n + 1);
        match q.kind {
            QuestionKind::Scale | QuestionKind::Single | QuestionKind::Multiple => {
                let choices = results.choices(q);
                let total: i64 = if q.kind == QuestionKind::Multiple {
                    survey.responses
                } else {
                    choices.iter().map(|(_, n)| n).sum()
                };
                for (label, count) in choices {
                    line([
                        "answers".into(),
                        number.clone(),
                        q.prompt.clone(),
                        String::new(),
                        label,
                        count.to_string(),
                        share(index(count, total)),
                    ])?;
                }
            }
            QuestionKind::Matrix => {
                for row in results.rows(q) {
                    for (level, count) in survey.scale.iter().zip(&row.levels) {
                        line([
                            "answers".into(),
                            number.clone(),
                            q.prompt.clone(),
                            row.label.clone(),
                            level.clone(),
                            count.to_string(),
                            share(index(*count, row.answers)),
                        ])?;
                    }
                }
            }
            QuestionKind::ShortText | QuestionKind::LongText => {
                let count = results
                    .text_counts
                    .iter()
                    .find(|(id, _)| *id == q.id)
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                line([
                    "answers".into(),
                    number.clone(),
                    q.prompt.clone(),
                    String::new(),
                    String::new(),
                    count.to_string(),
                    String::new(),
                ])?;
            }
        }
    }
    for criterion in results.criteria() {
        line([
            "index".into(),
            String::new(),
            String::new(),
            criterion.label.clone(),
            criterion.satisfied.to_string(),
            criterion.answers.to_string(),
            share(criterion.index()),
        ])?;
    }
    line([
        "participation".into(),
        String::new(),
        String::new(),
        String::new(),
        results.adults.map(|a| a.to_string()).unwrap_or_default(),
        survey.responses.to_string(),
        share(results.participation()),
    ])?;
    for village in &results.villages {
        line([
            "village".into(),
            String::new(),
            String::new(),
            village.village.clone().unwrap_or_default(),
            String::new(),
            village.responses.to_string(),
            share(index(village.satisfied, village.scaled_answers)),
        ])?;
    }
    let handling = &results.handling;
    for (stars, count) in handling.counts.iter().enumerate() {
        line([
            "handling".into(),
            String::new(),
            String::new(),
            String::new(),
            (stars + 1).to_string(),
            count.to_string(),
            share(index(*count, handling.total())),
        ])?;
    }
    out.finish()
}
