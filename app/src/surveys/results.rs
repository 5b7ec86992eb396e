//! `/surveys/{id}/results`: for each question a chart drawn as SVG by the app
//! (bars, or stacked bars for a table of criteria) with the figures in a table
//! beside it for screen readers; the satisfaction index per criterion, the
//! participation rate, a breakdown by village, and how satisfied reporters were
//! with the handling of their reports.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::load_results;
use super::components::PhaseBadge;
use super::model::{Criterion, QuestionKind, SurveyResults, index, percent};
use crate::i18n::{Lang, use_i18n};
use crate::layout::Loaded;
use crate::paths;
use crate::time::day_label;
use crate::tr;

#[component]
pub fn SurveyResultsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    let results = Resource::new(move || id.get(), load_results);
    view! { <Loaded resource=results show=results_view/> }
}

/// `12,5 %` in the page's language.
fn pct(value: Option<f64>) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || match value {
        Some(v) => percent(v, i18n.lang() == Lang::Vi),
        None => "–".to_owned(),
    }
}

fn results_view(results: SurveyResults) -> impl IntoView {
    let i18n = use_i18n();
    let survey = &results.survey;
    let id = survey.id;
    let title = survey.title.clone();
    let responses = survey.responses;
    let adults = results.adults;
    let participation = results.participation();
    let criteria = results.criteria();
    let staff = results.staff;
    let published = survey.results_published;
    let period = format!(
        "{} – {}",
        day_label(&survey.opens_on),
        day_label(&survey.closes_on)
    );
    let questions = results
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| question_view(&results, n, q))
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <p class="lead">{results.commune.name.clone()}</p>
        <p class="chosen">
            <PhaseBadge phase=survey.phase/>
            <span class="hint">{period}</span>
        </p>
        {(staff && !published).then(|| view! { <p class="notice">{tr!(i18n, sv_results_draft_note)}</p> })}
        <dl class="facts figures">
            <dt>{tr!(i18n, sv_responses_col)}</dt>
            <dd>{responses}</dd>
            <dt>{tr!(i18n, sv_participation)}</dt>
            <dd>{move || match adults {
                Some(adults) => (i18n.t().sv_participation_value)(&pct(participation)(), adults),
                None => i18n.t().sv_participation_unknown.to_owned(),
            }}</dd>
        </dl>
        <p class="actions">
            <a class="button secondary" href=paths::survey_export(id, "summary") download>{tr!(i18n, sv_export_summary)}</a>
            {staff.then(|| view! {
                <a class="button secondary" href=paths::survey_export(id, "responses") download>{tr!(i18n, sv_export_responses)}</a>
                <a class="button link" href=paths::staff::survey(id)>{tr!(i18n, sv_edit)}</a>
            })}
        </p>
        // Nobody answered: say so, rather than chart every criterion at 0 %.
        {if responses == 0 {
            Either::Left(view! { <p class="notice" id="no-responses">{tr!(i18n, sv_results_none)}</p> })
        } else {
            Either::Right(view! {
                {(!criteria.is_empty()).then(|| index_view(criteria))}
                {questions}
                {villages_view(&results)}
            })
        }}
        {handling_view(&results)}
    }
}

/// The satisfaction index of every criterion, as bars.
fn index_view(criteria: Vec<Criterion>) -> impl IntoView {
    let i18n = use_i18n();
    let bars: Vec<(String, f64, String)> = criteria
        .iter()
        .map(|c| {
            let value = c.index().unwrap_or(0.0);
            (c.label.clone(), value, String::new())
        })
        .collect();
    let rows = criteria
        .into_iter()
        .map(|c| {
            let idx = pct(c.index());
            view! { <tr><th scope="row">{c.label}</th><td>{c.answers}</td><td>{idx}</td></tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="index-title">
            <h2 id="index-title">{tr!(i18n, sv_index_title)}</h2>
            <p class="hint">{tr!(i18n, sv_index_hint)}</p>
            {bar_chart(bars, 100.0, true)}
            <details class="data-table">
                <summary>{tr!(i18n, sv_table)}</summary>
                <table>
                    <thead><tr>
                        <th scope="col">{tr!(i18n, sv_criterion)}</th>
                        <th scope="col">{tr!(i18n, sv_answers_col)}</th>
                        <th scope="col">{tr!(i18n, sv_index_col)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </section>
    }
}

fn question_view(results: &SurveyResults, n: usize, question: &super::model::Question) -> AnyView {
    let i18n = use_i18n();
    let heading = view! {
        <h2><span class="question-number">{move || (i18n.t().sv_question_n)(n + 1)}</span> " " {question.prompt.clone()}</h2>
    };
    match question.kind {
        QuestionKind::Scale | QuestionKind::Single | QuestionKind::Multiple => {
            let choices = results.choices(question);
            let total: i64 = if question.kind == QuestionKind::Multiple {
                results.survey.responses
            } else {
                choices.iter().map(|(_, n)| n).sum()
            };
            let bars = choices
                .iter()
                .map(|(label, count)| {
                    let share = index(*count, total).unwrap_or(0.0);
                    (label.clone(), share, count.to_string())
                })
                .collect();
            let rows = choices
                .into_iter()
                .map(|(label, count)| {
                    let share = pct(index(count, total));
                    view! { <tr><th scope="row">{label}</th><td>{count}</td><td>{share}</td></tr> }
                })
                .collect_view();
            view! {
                <section class="card result-card">
                    {heading}
                    {bar_chart(bars, 100.0, false)}
                    <details class="data-table">
                        <summary>{tr!(i18n, sv_table)}</summary>
                        <table>
                            <thead><tr>
                                <th scope="col">{tr!(i18n, sv_option_col)}</th>
                                <th scope="col">{tr!(i18n, sv_count_col)}</th>
                                <th scope="col">{tr!(i18n, sv_share_col)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </details>
                </section>
            }
            .into_any()
        }
        QuestionKind::Matrix => {
            let rows = results.rows(question);
            let scale = results.survey.scale.clone();
            let table_rows = rows
                .iter()
                .map(|c| {
                    let cells = c
                        .levels
                        .iter()
                        .map(|n| view! { <td>{*n}</td> })
                        .collect_view();
                    let idx = pct(c.index());
                    view! { <tr><th scope="row">{c.label.clone()}</th>{cells}<td>{idx}</td></tr> }
                })
                .collect_view();
            let head = scale
                .iter()
                .map(|l| view! { <th scope="col">{l.clone()}</th> })
                .collect_view();
            view! {
                <section class="card result-card">
                    {heading}
                    {stacked_chart(&rows, &scale)}
                    <details class="data-table">
                        <summary>{tr!(i18n, sv_table)}</summary>
                        <div class="table-scroll">
                            <table>
                                <thead><tr>
                                    <th scope="col">{tr!(i18n, sv_criterion)}</th>
                                    {head}
                                    <th scope="col">{tr!(i18n, sv_index_col)}</th>
                                </tr></thead>
                                <tbody>{table_rows}</tbody>
                            </table>
                        </div>
                    </details>
                </section>
            }
            .into_any()
        }
        QuestionKind::ShortText | QuestionKind::LongText => {
            let count = results
                .text_counts
                .iter()
                .find(|(q, _)| *q == question.id)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            let texts: Vec<String> = results
                .texts
                .iter()
                .filter(|(q, _)| *q == question.id)
                .map(|(_, t)| t.clone())
                .collect();
            let staff = results.staff;
            view! {
                <section class="card result-card">
                    {heading}
                    <p>{move || (i18n.t().sv_text_answers)(count)}</p>
                    {if staff {
                        view! {
                            <ul class="text-answers">
                                {texts.into_iter().map(|t| view! { <li class="report-text">{t}</li> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    } else {
                        view! { <p class="hint">{tr!(i18n, sv_texts_staff_only)}</p> }.into_any()
                    }}
                </section>
            }
            .into_any()
        }
    }
}

/// Horizontal bars, one per row: the label on its own line (phones are
/// narrow), the bar and its figure under it. `max` is the full width's value;
/// `label` holds the figure to write after the share (a count), if any.
fn bar_chart(bars: Vec<(String, f64, String)>, max: f64, strong: bool) -> impl IntoView {
    let i18n = use_i18n();
    const ROW: f64 = 44.0;
    const WIDTH: f64 = 320.0;
    const BAR: f64 = 230.0;
    let height = ROW * bars.len() as f64 + 4.0;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, count))| {
            let y = i as f64 * ROW;
            let width = (value / max * BAR).clamp(0.0, BAR);
            let figure = move || {
                let share = percent(value, i18n.lang() == Lang::Vi);
                if count.is_empty() { share } else { format!("{share} ({count})") }
            };
            view! {
                <g>
                    <text x="0" y=y + 14.0 class="chart-label">{label}</text>
                    <rect x="0" y=y + 20.0 width=BAR height="16" rx="3" class="chart-track"/>
                    <rect x="0" y=y + 20.0 width=width height="16" rx="3" class="chart-bar" class:strong=strong/>
                    <text x=BAR + 6.0 y=y + 33.0 class="chart-figure">{figure}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-hidden="true" focusable="false">
            {rows}
        </svg>
    }
}

/// One bar per criterion split by level, lowest (red) to highest (green),
/// with a legend.
fn stacked_chart(rows: &[Criterion], scale: &[String]) -> impl IntoView + use<> {
    const ROW: f64 = 44.0;
    const WIDTH: f64 = 320.0;
    let levels = scale.len().max(1);
    let legend = scale
        .iter()
        .enumerate()
        .map(|(i, label)| {
            view! { <li><span class=format!("swatch level-{}", level_class(i, levels))></span>{label.clone()}</li> }
        })
        .collect_view();
    let height = ROW * rows.len() as f64 + 4.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let y = i as f64 * ROW;
            let mut x = 0.0;
            let segments = c
                .levels
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(level, n)| {
                    let width = *n as f64 / c.answers.max(1) as f64 * WIDTH;
                    let at = x;
                    x += width;
                    view! {
                        <rect x=at y=y + 20.0 width=width height="16"
                            class=format!("level-{}", level_class(level, levels))/>
                    }
                })
                .collect_view();
            view! {
                <g>
                    <text x="0" y=y + 14.0 class="chart-label">{c.label.clone()}</text>
                    <rect x="0" y=y + 20.0 width=WIDTH height="16" class="chart-track"/>
                    {segments}
                </g>
            }
        })
        .collect_view();
    view! {
        <ul class="legend" aria-hidden="true">{legend}</ul>
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-hidden="true" focusable="false">
            {bars}
        </svg>
    }
}

/// Level `i` (from 0) of `levels` on a five-colour ramp.
fn level_class(i: usize, levels: usize) -> usize {
    if levels <= 1 {
        return 4;
    }
    (i * 4 + (levels - 1) / 2) / (levels - 1)
}

fn villages_view(results: &SurveyResults) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let rows = results
        .villages
        .iter()
        .map(|v| {
            let name = v.village.clone();
            let idx = pct(index(v.satisfied, v.scaled_answers));
            let participation = pct(v.participation());
            view! {
                <tr>
                    <th scope="row">{move || name.clone().unwrap_or_else(|| i18n.t().sv_no_village.to_owned())}</th>
                    <td>{v.responses}</td>
                    <td>{participation}</td>
                    <td>{idx}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = results.villages.is_empty();
    view! {
        <section class="card" aria-labelledby="villages-title">
            <h2 id="villages-title">{tr!(i18n, sv_by_village)}</h2>
            <p class="hint">{tr!(i18n, sv_village_min_hint)}</p>
            {if empty {
                view! { <p>{tr!(i18n, sv_no_answers)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{tr!(i18n, sv_village_col)}</th>
                            <th scope="col">{tr!(i18n, sv_responses_col)}</th>
                            <th scope="col">{tr!(i18n, sv_participation)}</th>
                            <th scope="col">{tr!(i18n, sv_index_col)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

fn handling_view(results: &SurveyResults) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let handling = results.handling.clone();
    let total = handling.total();
    let average = handling.average();
    let share = pct(handling.index());
    view! {
        <section class="card" aria-labelledby="handling-title">
            <h2 id="handling-title">{tr!(i18n, sv_handling_title)}</h2>
            <p class="hint">{tr!(i18n, sv_handling_hint)}</p>
            <p>{move || match average {
                Some(avg) => {
                    let avg = if i18n.lang() == Lang::Vi {
                        format!("{avg:.1}").replace('.', ",")
                    } else {
                        format!("{avg:.1}")
                    };
                    (i18n.t().sv_handling_value)(&avg, &share(), total)
                }
                None => i18n.t().sv_handling_none.to_owned(),
            }}</p>
        </section>
    }
}
