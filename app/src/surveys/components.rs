//! Pieces shared by the resident's survey page and the staff's preview: one
//! question as form fields, and small labels.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::model::{Phase, Question, QuestionKind, answer_key};
use crate::i18n::use_i18n;
use crate::tr;

/// The badge of a survey's phase.
#[component]
pub fn PhaseBadge(phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        match phase {
            Phase::Draft => t.sv_phase_draft,
            Phase::Upcoming => t.sv_phase_upcoming,
            Phase::Open => t.sv_phase_open,
            Phase::Closed => t.sv_phase_closed,
        }
    };
    view! { <span class="badge" class:muted=phase != Phase::Open>{text}</span> }
}

/// One question as form fields named `a[…]` (see `model::check_answers`),
/// showing `values` (a response being changed). `prefix` keeps element ids
/// apart when a page shows the same survey twice (the staff preview).
#[component]
pub fn QuestionField(
    question: Question,
    number: usize,
    scale: Arc<Vec<String>>,
    values: Arc<HashMap<String, String>>,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = question.id;
    let required = question.required;
    let field_id = format!("{prefix}q{id}");
    let value = |key: &str| values.get(key).cloned().unwrap_or_default();
    let legend = view! {
        <span class="question-number">{move || (i18n.t().sv_question_n)(number)}</span>
        " " {question.prompt.clone()}
        {required.then(|| view! { " " <span class="required">"(" {tr!(i18n, sv_required)} ")"</span> })}
    };
    match question.kind {
        QuestionKind::Scale => {
            let name = format!("a[{}]", answer_key(id, None));
            let chosen = value(&answer_key(id, None));
            view! {
                <fieldset class="question" id=field_id>
                    <legend>{legend}</legend>
                    {choices(&name, &scale, 1, &chosen, required, disabled)}
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::Single => {
            let name = format!("a[{}]", answer_key(id, None));
            let chosen = value(&answer_key(id, None));
            view! {
                <fieldset class="question" id=field_id>
                    <legend>{legend}</legend>
                    <p class="hint">{tr!(i18n, sv_pick_one)}</p>
                    {choices(&name, &question.options, 0, &chosen, required, disabled)}
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::Multiple => view! {
            <fieldset class="question" id=field_id>
                <legend>{legend}</legend>
                <p class="hint">{tr!(i18n, sv_pick_many)}</p>
                <div class="choices stacked">
                    {question.options.iter().enumerate().map(|(i, option)| {
                        let key = answer_key(id, Some(i));
                        let checked = !value(&key).is_empty();
                        view! {
                            <label class="choice">
                                <input type="checkbox" name=format!("a[{key}]") value="on" checked=checked disabled=disabled/>
                                <span>{option.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
        .into_any(),
        QuestionKind::ShortText | QuestionKind::LongText => {
            let name = format!("a[{}]", answer_key(id, None));
            let text = value(&answer_key(id, None));
            let input_id = format!("{prefix}q{id}-text");
            let control = if question.kind == QuestionKind::ShortText {
                view! {
                    <input id=input_id.clone() type="text" name=name value=text
                        maxlength=super::model::SHORT_TEXT_MAX required=required disabled=disabled/>
                }
                .into_any()
            } else {
                view! {
                    <textarea id=input_id.clone() name=name rows="4"
                        maxlength=super::model::LONG_TEXT_MAX required=required disabled=disabled>{text}</textarea>
                }
                .into_any()
            };
            view! {
                <div class="question" id=field_id>
                    <label for=input_id>{legend}</label>
                    {control}
                </div>
            }
            .into_any()
        }
        QuestionKind::Matrix => view! {
            <fieldset class="question matrix" id=field_id>
                <legend>{legend}</legend>
                {question.options.iter().enumerate().map(|(row, criterion)| {
                    let key = answer_key(id, Some(row));
                    let chosen = value(&key);
                    view! {
                        <fieldset class="criterion">
                            <legend>{criterion.clone()}</legend>
                            {choices(&format!("a[{key}]"), &scale, 1, &chosen, required, disabled)}
                        </fieldset>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
    }
}

/// Radio buttons for `labels`, valued from `first` (1 for levels, 0 for options).
fn choices(
    name: &str,
    labels: &[String],
    first: usize,
    chosen: &str,
    required: bool,
    disabled: bool,
) -> impl IntoView + use<> {
    view! {
        <div class="choices">
            {labels.iter().enumerate().map(|(i, label)| {
                let value = (i + first).to_string();
                let checked = chosen == value;
                view! {
                    <label class="choice">
                        <input type="radio" name=name.to_owned() value=value checked=checked
                            required=required disabled=disabled/>
                        <span>{label.clone()}</span>
                    </label>
                }
            }).collect_view()}
        </div>
    }
}
