//! Staff pages: `/staff/surveys` (the commune's surveys, new ones, the adult
//! population) and `/staff/surveys/{id}` (edit, arrange, preview, publish).
//! Every part is its own plain form, so it works without WebAssembly and a
//! refused form comes back with its error beside it.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{
    ArrangeQuestion, CreateSurvey, DeleteSurvey, PublishSurvey, SaveQuestion, SaveSurvey,
    SetPopulation, load_staff_surveys, load_survey_editor,
};
use super::components::{PhaseBadge, QuestionField};
use super::model::{
    Phase, Question, QuestionInput, QuestionKind, StaffSurveys, SurveyEditor, SurveyInput,
};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{head_text, use_i18n};
use crate::layout::Loaded;
use crate::paths;
use crate::places::model::Village;
use crate::time::day_label;
use crate::tr;

/// `/staff/surveys`.
#[component]
pub fn StaffSurveysPage() -> impl IntoView {
    let i18n = use_i18n();
    let surveys = Resource::new(|| (), |_| load_staff_surveys());
    view! {
        <Title text=head_text(i18n, |t| t.staff_surveys_title)/>
        <h1>{tr!(i18n, staff_surveys_title)}</h1>
        <DoneNotice/>
        <Loaded resource=surveys show=surveys_view/>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

fn surveys_view(staff: StaffSurveys) -> impl IntoView {
    let i18n = use_i18n();
    let StaffSurveys {
        commune,
        surveys,
        adults,
        villages,
        can_set_population,
    } = staff;
    let empty = surveys.is_empty();
    view! {
        <p class="lead">{commune.name}</p>
        <h2>{tr!(i18n, sv_all_surveys)}</h2>
        {empty.then(|| view! { <p class="notice">{tr!(i18n, sv_empty_staff)}</p> })}
        <ul class="results">
            {surveys.into_iter().map(|card| {
                let responses = card.responses;
                view! {
                    <li class="card survey-card">
                        <h3><a href=paths::staff::survey(card.id)>{card.title}</a></h3>
                        <p class="chosen">
                            <PhaseBadge phase=card.phase/>
                            {card.results_published.then(|| view! { <span class="badge">{tr!(i18n, sv_results_published_badge)}</span> })}
                        </p>
                        <p class="hint">{day_label(&card.opens_on)} " – " {day_label(&card.closes_on)}
                            " · " {move || (i18n.t().sv_responses)(responses)}</p>
                        <p class="actions">
                            <a class="button secondary" href=paths::staff::survey(card.id)>{tr!(i18n, sv_edit)}</a>
                            <a class="button secondary" href=paths::survey_results(card.id)>{tr!(i18n, sv_results_heading)}</a>
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>{tr!(i18n, sv_create_title)}</h2>
        <FormError form="create"/>
        <form method="post" action=CreateSurvey::PATH class="card form">
            <h3>{tr!(i18n, sv_create_template_title)}</h3>
            <p class="hint">{tr!(i18n, sv_create_template_hint)}</p>
            <input type="hidden" name="template" value="new-rural"/>
            <button type="submit" class="button">{tr!(i18n, sv_create_template_button)}</button>
        </form>
        <form method="post" action=CreateSurvey::PATH class="card form">
            <h3>{tr!(i18n, sv_create_blank_title)}</h3>
            <label for="new-survey-title">{tr!(i18n, sv_field_title)}</label>
            <input id="new-survey-title" type="text" name="title" required maxlength=super::model::TITLE_MAX/>
            <button type="submit" class="button secondary">{tr!(i18n, sv_create_button)}</button>
        </form>
        <h2 id="population">{tr!(i18n, sv_population_title)}</h2>
        <p class="hint">{tr!(i18n, sv_population_hint)}</p>
        <FormError form="population"/>
        {if can_set_population {
            view! {
                <form method="post" action=SetPopulation::PATH class="card form">
                    <label for="population-adults">{tr!(i18n, sv_population_label)}</label>
                    <input id="population-adults" type="number" name="adults" min="1" max="10000000"
                        inputmode="numeric" value=adults.map(|a| a.to_string()).unwrap_or_default()/>
                    {(!villages.is_empty()).then(|| view! {
                        <fieldset class="village-populations">
                            <legend>{tr!(i18n, sv_population_villages)}</legend>
                            <p class="hint">{tr!(i18n, sv_population_villages_hint)}</p>
                            {villages.into_iter().map(|v| {
                                let id = format!("population-v{}", v.id);
                                let name = format!("villages[{}]", super::model::village_population_key(v.id));
                                view! {
                                    <label for=id.clone()>{v.name}</label>
                                    <input id=id type="number" name=name min="1" max="10000000" inputmode="numeric"
                                        value=v.adults.map(|a| a.to_string()).unwrap_or_default()/>
                                }
                            }).collect_view()}
                        </fieldset>
                    })}
                    <button type="submit" class="button">{tr!(i18n, sv_save)}</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="card">{move || match adults {
                    Some(n) => n.to_string(),
                    None => i18n.t().sv_population_unset.to_owned(),
                }}</p>
            }
            .into_any()
        }}
    }
}

/// `/staff/surveys/{id}`.
#[component]
pub fn SurveyEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let editor = Resource::new(move || id.get(), load_survey_editor);
    view! {
        <Title text=head_text(i18n, |t| t.staff_surveys_title)/>
        <DoneNotice/>
        <Loaded resource=editor show=editor_view/>
        <p><a href=paths::staff::SURVEYS>{tr!(i18n, sv_back)}</a></p>
    }
}

fn editor_view(editor: SurveyEditor) -> impl IntoView {
    let i18n = use_i18n();
    let SurveyEditor {
        commune,
        survey,
        questions,
        villages,
    } = editor;
    let id = survey.id;
    let locked = survey.locked;
    let responses = survey.responses;
    let preview_scale = Arc::new(survey.scale.clone());
    let preview = questions.clone();
    view! {
        <h1>{survey.title.clone()}</h1>
        <p class="lead">{commune.name}</p>
        <p class="chosen">
            <PhaseBadge phase=survey.phase/>
            {survey.anonymous.then(|| view! { <span class="badge">{tr!(i18n, sv_anonymous_badge)}</span> })}
            {survey.results_published.then(|| view! { <span class="badge">{tr!(i18n, sv_results_published_badge)}</span> })}
            <span class="hint">{move || (i18n.t().sv_responses)(responses)}</span>
        </p>
        <nav aria-label=tr!(i18n, sv_details)>
            <ul class="chips">
                <li><a href="#details">{tr!(i18n, sv_details)}</a></li>
                <li><a href="#questions">{tr!(i18n, sv_questions)}</a></li>
                <li><a href="#preview">{tr!(i18n, sv_preview)}</a></li>
                <li><a href=paths::survey_results(id)>{tr!(i18n, sv_results_heading)}</a></li>
            </ul>
        </nav>
        {publish_view(id, survey.phase, survey.results_published, locked)}
        {locked.then(|| view! { <p class="notice">{tr!(i18n, sv_locked_note)}</p> })}
        {details_view(id, SurveyInput::of(&survey), villages, locked)}
        {questions_view(id, questions, locked)}
        <h2 id="preview">{tr!(i18n, sv_preview)}</h2>
        <p class="hint">{tr!(i18n, sv_preview_hint)}</p>
        <div class="phone-preview" aria-label=tr!(i18n, sv_preview)>
            <h3>{survey.title}</h3>
            {(!survey.intro.is_empty()).then(|| view! { <p class="report-text">{survey.intro.clone()}</p> })}
            {preview.into_iter().enumerate().map(|(n, question)| view! {
                <QuestionField question number=n + 1 scale=preview_scale.clone()
                    values=Arc::new(HashMap::new()) disabled=true prefix="preview-"/>
            }).collect_view()}
        </div>
    }
}

fn publish_view(id: i64, phase: Phase, results_published: bool, locked: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="publish-title">
            <h2 id="publish-title">{tr!(i18n, sv_publish_title)}</h2>
            <FormError form="publish"/>
            {if phase == Phase::Draft {
                view! {
                    <p class="hint">{tr!(i18n, sv_publish_hint)}</p>
                    <form method="post" action=PublishSurvey::PATH>
                        <input type="hidden" name="survey" value=id/>
                        <button type="submit" class="button">{tr!(i18n, sv_publish)}</button>
                    </form>
                }
                .into_any()
            } else {
                view! {
                    <p><a href=paths::survey(id)>{tr!(i18n, sv_open_public)}</a></p>
                    {(!results_published).then(|| view! {
                        <p class="hint">{tr!(i18n, sv_publish_results_hint)}</p>
                        <form method="post" action=PublishSurvey::PATH>
                            <input type="hidden" name="survey" value=id/>
                            <input type="hidden" name="what" value="results"/>
                            <button type="submit" class="button">{tr!(i18n, sv_publish_results)}</button>
                        </form>
                    })}
                }
                .into_any()
            }}
            {(!locked).then(|| view! {
                <form method="post" action=DeleteSurvey::PATH>
                    <input type="hidden" name="survey" value=id/>
                    <button type="submit" class="button link">{tr!(i18n, sv_delete)}</button>
                </form>
            })}
        </section>
    }
}

fn details_view(
    id: i64,
    input: SurveyInput,
    villages: Vec<Village>,
    locked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let anonymous = !input.anonymous.is_empty();
    view! {
        <h2 id="details">{tr!(i18n, sv_details)}</h2>
        <form method="post" action=SaveSurvey::PATH class="card form">
            <FormError form="survey"/>
            <input type="hidden" name="id" value=id/>
            <label for="survey-title">{tr!(i18n, sv_field_title)}</label>
            <input id="survey-title" type="text" name="survey[title]" value=input.title required maxlength=super::model::TITLE_MAX/>
            <label for="survey-intro">{tr!(i18n, sv_field_intro)}</label>
            <textarea id="survey-intro" name="survey[intro]" rows="4" maxlength=super::model::INTRO_MAX>{input.intro}</textarea>
            <div class="pair">
                <div>
                    <label for="survey-opens">{tr!(i18n, sv_field_opens)}</label>
                    <input id="survey-opens" type="date" name="survey[opens]" value=input.opens required/>
                </div>
                <div>
                    <label for="survey-closes">{tr!(i18n, sv_field_closes)}</label>
                    <input id="survey-closes" type="date" name="survey[closes]" value=input.closes required/>
                </div>
            </div>
            <fieldset class="plain">
                <legend>{tr!(i18n, sv_field_audience)}</legend>
                <p class="hint">{tr!(i18n, sv_audience_hint)}</p>
                {villages.into_iter().map(|v| {
                    let checked = input.villages.contains_key(&format!("v{}", v.id));
                    view! {
                        <label class="check">
                            <input type="checkbox" name=format!("survey[villages][v{}]", v.id) value="on" checked=checked/>
                            {v.name}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            // Locked fields are still sent (as they are), so saving the rest works.
            <label class="check">
                <input type="checkbox" name="survey[anonymous]" value="on" checked=anonymous
                    disabled=locked/>
                {tr!(i18n, sv_field_anonymous)}
            </label>
            {locked.then(|| anonymous.then(|| view! { <input type="hidden" name="survey[anonymous]" value="on"/> }))}
            <label for="survey-scale">{tr!(i18n, sv_field_scale)}</label>
            <textarea id="survey-scale" name="survey[scale]" rows="5" readonly=locked>{input.scale}</textarea>
            <button type="submit" class="button">{tr!(i18n, sv_save)}</button>
        </form>
    }
}

fn questions_view(survey: i64, questions: Vec<Question>, locked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let count = questions.len();
    view! {
        <h2 id="questions">{tr!(i18n, sv_questions)}</h2>
        <FormError form="questions"/>
        <ol class="results question-list">
            {questions.into_iter().enumerate().map(|(n, question)| {
                let qid = question.id;
                let form = format!("question-{qid}");
                view! {
                    <li class="card">
                        <h3>{move || (i18n.t().sv_question_n)(n + 1)}</h3>
                        {question_form(survey, Some(qid), QuestionInput::of(&question), locked, form)}
                        {(!locked).then(|| view! {
                            <div class="actions">
                                {(n > 0).then(|| arrange_button(survey, qid, "up"))}
                                {(n + 1 < count).then(|| arrange_button(survey, qid, "down"))}
                                {arrange_button(survey, qid, "remove")}
                            </div>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
        {(!locked).then(|| view! {
            <div class="card">
                <h3>{tr!(i18n, sv_add_question)}</h3>
                {question_form(survey, None, QuestionInput {
                    kind: QuestionKind::Scale.as_db().to_owned(),
                    required: "on".into(),
                    ..QuestionInput::default()
                }, false, "question-new".to_owned())}
            </div>
        })}
    }
}

fn arrange_button(survey: i64, id: i64, direction: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="post" action=ArrangeQuestion::PATH class="inline-form">
            <input type="hidden" name="survey" value=survey/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="direction" value=direction/>
            <button type="submit" class="button link">
                {move || {
                    let t = i18n.t();
                    match direction {
                        "up" => t.sv_move_up,
                        "down" => t.sv_move_down,
                        _ => t.sv_remove,
                    }
                }}
            </button>
        </form>
    }
}

fn question_form(
    survey: i64,
    id: Option<i64>,
    input: QuestionInput,
    locked: bool,
    form: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = id.map(|i| i.to_string()).unwrap_or_else(|| "new".into());
    let kind_id = format!("question-{key}-kind");
    let prompt_id = format!("question-{key}-prompt");
    let options_id = format!("question-{key}-options");
    let kind = input.kind.clone();
    view! {
        <form method="post" action=SaveQuestion::PATH class="form">
            <FormError form/>
            <input type="hidden" name="survey" value=survey/>
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default()/>
            <label for=kind_id.clone()>{tr!(i18n, sv_field_kind)}</label>
            <select id=kind_id name="question[kind]" disabled=locked>
                {QuestionKind::ALL.into_iter().map(|k| {
                    let code = k.as_db();
                    view! { <option value=code selected=kind == code>{move || (i18n.t().sv_kind)(code)}</option> }
                }).collect_view()}
            </select>
            <label for=prompt_id.clone()>{tr!(i18n, sv_field_prompt)}</label>
            <textarea id=prompt_id name="question[prompt]" rows="2" required maxlength=super::model::PROMPT_MAX readonly=locked>{input.prompt}</textarea>
            <label for=options_id.clone()>{tr!(i18n, sv_field_options)}</label>
            <textarea id=options_id name="question[options]" rows="4" readonly=locked>{input.options}</textarea>
            <label class="check">
                <input type="checkbox" name="question[required]" value="on" checked=!input.required.is_empty() disabled=locked/>
                {tr!(i18n, sv_field_required)}
            </label>
            {(!locked).then(|| view! {
                <button type="submit" class="button secondary">
                    {move || if id.is_some() { i18n.t().sv_save } else { i18n.t().sv_add_question }}
                </button>
            })}
        </form>
    }
}
