//! Residents' pages: `/surveys` (the commune's open surveys and published
//! results) and `/surveys/{id}` (one survey to answer). The answer form is a
//! plain form that works before the WebAssembly loads; once it has loaded,
//! every change is also saved as progress in the background.

use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{SaveAnswers, load_survey, load_surveys};
use super::components::{PhaseBadge, QuestionField};
use super::islands::{AutosaveTexts, SurveyAutosave};
use super::model::{Phase, SurveyCard, SurveyForm, SurveyList};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{head_text, use_i18n};
use crate::islands::IslandRuntime;
use crate::layout::{ErrorNotice, Loaded, PlaceContext};
use crate::paths;
use crate::time::day_label;
use crate::tr;

/// `/surveys`.
#[component]
pub fn SurveysPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let code = Memo::new(move |_| place.get().map(|c| c.code));
    view! {
        <Title text=head_text(i18n, |t| t.sv_title)/>
        <h1>{tr!(i18n, sv_title)}</h1>
        <p class="lead">{tr!(i18n, sv_lead)}</p>
        {move || match code.get() {
            Some(code) => {
                let list = Resource::new(move || code.to_string(), load_surveys);
                Either::Left(view! { <Loaded resource=list show=list_view/> })
            }
            None => Either::Right(view! {
                <p class="notice">{tr!(i18n, sv_choose_commune)}</p>
                <p><a href=paths::CHOOSE_COMMUNE class="button">{tr!(i18n, choose_commune)}</a></p>
            }),
        }}
    }
}

fn list_view(list: SurveyList) -> impl IntoView {
    let i18n = use_i18n();
    let SurveyList {
        open,
        results,
        signed_in,
        ..
    } = list;
    let none_open = open.is_empty();
    let any_results = !results.is_empty();
    view! {
        <h2>{tr!(i18n, sv_open)}</h2>
        {none_open.then(|| view! { <p class="notice">{tr!(i18n, sv_none_open)}</p> })}
        {(!signed_in && !none_open).then(|| view! {
            <p class="hint">{tr!(i18n, sv_sign_in_hint)} " " <a href=paths::ACCOUNT>{tr!(i18n, sign_in_title)}</a></p>
        })}
        <ul class="results">
            {open.into_iter().map(card_view).collect_view()}
        </ul>
        {any_results.then(|| view! {
            <h2>{tr!(i18n, sv_results_title)}</h2>
            <ul class="results">{results.into_iter().map(card_view).collect_view()}</ul>
        })}
    }
}

fn card_view(card: SurveyCard) -> impl IntoView {
    let i18n = use_i18n();
    let open = card.phase == Phase::Open;
    let href = if open {
        paths::survey(card.id)
    } else {
        paths::survey_results(card.id)
    };
    let closes = day_label(&card.closes_on);
    let period = format!("{} – {}", day_label(&card.opens_on), closes);
    let mine = card.mine;
    let responses = card.responses;
    view! {
        <li class="card survey-card">
            <h3><a href=href.clone()>{card.title}</a></h3>
            <p class="chosen">
                <PhaseBadge phase=card.phase/>
                {card.anonymous.then(|| view! { <span class="badge">{tr!(i18n, sv_anonymous_badge)}</span> })}
                {match mine {
                    Some(true) => Some(view! { <span class="badge">{tr!(i18n, sv_mine_sent)}</span> }),
                    Some(false) => Some(view! { <span class="badge warn">{tr!(i18n, sv_mine_draft)}</span> }),
                    None => None,
                }}
            </p>
            <p class="hint">{period} " · " {move || (i18n.t().sv_responses)(responses)}</p>
            <a class="button" class:secondary=mine == Some(true) href=href>
                {move || {
                    let t = i18n.t();
                    match (open, mine) {
                        (false, _) => t.sv_see_results,
                        (true, Some(true)) => t.sv_change,
                        (true, Some(false)) => t.sv_continue,
                        (true, None) => t.sv_answer,
                    }
                }}
            </a>
        </li>
    }
}

/// `/surveys/{id}`.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    let survey = Resource::new(move || id.get(), load_survey);
    view! {
        <DoneNotice/>
        <Loaded resource=survey show=survey_view/>
    }
}

fn survey_view(form: SurveyForm) -> impl IntoView {
    let i18n = use_i18n();
    let SurveyForm {
        commune,
        survey,
        questions,
        villages,
        refusal,
        response,
    } = form;
    let title = survey.title.clone();
    let audience: Vec<String> = villages
        .iter()
        .filter(|v| survey.villages.contains(&v.id))
        .map(|v| v.name.clone())
        .collect();
    let audience = (!audience.is_empty()).then(|| audience.join(", "));
    let period = format!(
        "{} – {}",
        day_label(&survey.opens_on),
        day_label(&survey.closes_on)
    );
    let anonymous = survey.anonymous;
    let results = survey
        .results_published
        .then(|| paths::survey_results(survey.id));
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <p class="lead">{commune.name}</p>
        <p class="chosen">
            <PhaseBadge phase=survey.phase/>
            {anonymous.then(|| view! { <span class="badge">{tr!(i18n, sv_anonymous_badge)}</span> })}
            <span class="hint">{period}</span>
        </p>
        {audience.map(|a| view! { <p class="hint">{move || (i18n.t().sv_audience_villages)(&a)}</p> })}
        {(!survey.intro.is_empty()).then(|| view! { <p class="report-text">{survey.intro.clone()}</p> })}
        <p class="hint">{move || if anonymous { i18n.t().sv_anonymous_note } else { i18n.t().sv_named_note }}</p>
        {results.map(|href| view! { <p><a href=href class="button secondary">{tr!(i18n, sv_see_results)}</a></p> })}
        {match refusal {
            Some(error) => Either::Left(view! { <ErrorNotice error/> }),
            None => Either::Right(answer_form(survey.id, survey.scale, questions, response)),
        }}
    }
}

fn answer_form(
    survey: i64,
    scale: Vec<String>,
    questions: Vec<super::model::Question>,
    response: Option<super::model::MyResponse>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let submitted = response.as_ref().is_some_and(|r| r.submitted);
    let texts = AutosaveTexts {
        saving: t.sv_saving.to_owned(),
        saved: if submitted {
            (t.sv_sent_at)("{at}")
        } else {
            (t.sv_draft_at)("{at}")
        },
        failed: t.sv_autosave_failed.to_owned(),
    };
    let response_id = response.as_ref().map(|r| r.id);
    let saved_at = response.as_ref().map(|r| r.updated_at_ms);
    let values = Arc::new(response.map(|r| r.fields).unwrap_or_default());
    let scale = Arc::new(scale);
    let total = questions.len();
    view! {
        <form id="survey-form" method="post" action=SaveAnswers::PATH class="survey-form">
            <input type="hidden" name="survey" value=survey/>
            <p class="hint">{move || (i18n.t().sv_question_count)(total)}</p>
            {questions.into_iter().enumerate().map(|(n, question)| view! {
                <QuestionField question number=n + 1 scale=scale.clone() values=values.clone()/>
            }).collect_view()}
            <FormError form="answers"/>
            <button type="submit" class="button" name="intent" value="send">
                {move || if submitted { i18n.t().sv_update } else { i18n.t().sv_send }}
            </button>
            {(!submitted).then(|| view! {
                <button type="submit" class="button secondary" name="intent" value="draft" formnovalidate>
                    {tr!(i18n, sv_save_draft)}
                </button>
            })}
            // The response's id and the save status; progress saved as the
            // person answers.
            <SurveyAutosave response=response_id saved_at submitted texts/>
        </form>
        <IslandRuntime/>
    }
}
