//! The survey page's one interactive part: progress saved in the background
//! as the person answers (the form itself is server-rendered HTML and works
//! without WebAssembly).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The words the autosave shows, in the page's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutosaveTexts {
    pub saving: String,
    /// "Saved at {at}" (or "sent at {at}").
    pub saved: String,
    pub failed: String,
}

/// Inside the answer form (`#survey-form`): the response's id (the server
/// needs it to change the person's own response), the save status, and the
/// background save of every change. A sent response changes only when it is
/// sent again, so it is not saved in the background.
#[island]
pub fn SurveyAutosave(
    response: Option<i64>,
    saved_at: Option<i64>,
    submitted: bool,
    texts: AutosaveTexts,
) -> impl IntoView {
    let ready = crate::islands::ready();
    let state = Autosave {
        response: RwSignal::new(response),
        saved_at: RwSignal::new(saved_at),
        failed: RwSignal::new(false),
        busy: RwSignal::new(false),
        again: RwSignal::new(false),
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = submitted;
    #[cfg(feature = "hydrate")]
    if !submitted {
        crate::islands::listen("survey-form", "change", move |_| autosave(state));
    }
    let AutosaveTexts {
        saving,
        saved,
        failed,
    } = texts;
    view! {
        <input type="hidden" name="response" data-island-ready=move || ready.get().then_some("")
            value=move || state.response.get().map(|id| id.to_string()).unwrap_or_default()/>
        {move || state.failed.get().then(|| view! {
            <div class="notice error" role="alert"><p>{failed.clone()}</p></div>
        })}
        // While a save is under way it says so; the time of the last save
        // shows only once every change is saved. Its box keeps one height
        // whatever it says, so that a save never moves what the person is
        // about to tap.
        <div class="save-status" role="status">
            {move || if state.busy.get() {
                Some(view! { <p class="notice">{saving.clone()}</p> }.into_any())
            } else {
                state.saved_at.get().map(|at| {
                    let text = saved.replace("{at}", &crate::time::date_time(at));
                    view! { <p class="notice done">{text}</p> }.into_any()
                })
            }}
        </div>
    }
}

/// What the background save works with.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Autosave {
    response: RwSignal<Option<i64>>,
    saved_at: RwSignal<Option<i64>>,
    failed: RwSignal<bool>,
    busy: RwSignal<bool>,
    again: RwSignal<bool>,
}

/// Saves the form's answers as progress. One save at a time: a change made
/// meanwhile is saved when the first returns, so a first response is never
/// created twice.
#[cfg(feature = "hydrate")]
fn autosave(state: Autosave) {
    if state.busy.get_untracked() {
        state.again.set(true);
        return;
    }
    state.busy.set(true);
    leptos::task::spawn_local(async move {
        loop {
            state.again.set(false);
            let saved = match form_data() {
                Some(form) => {
                    // The form as it is, saved as progress (not sent).
                    let _ = form.set_with_str("intent", "draft");
                    let response = state.response.get_untracked();
                    let _ = form.set_with_str(
                        "response",
                        &response.map(|id| id.to_string()).unwrap_or_default(),
                    );
                    let path = <super::api::SaveAnswers as leptos::server_fn::ServerFn>::PATH;
                    crate::islands::post_form::<i64>(path, &form).await
                }
                None => None,
            };
            match saved {
                Some(id) => {
                    state.response.set(Some(id));
                    state.saved_at.set(Some(js_sys::Date::now() as i64));
                    state.failed.set(false);
                }
                None => state.failed.set(true),
            }
            if !state.again.get_untracked() {
                break;
            }
        }
        state.busy.set(false);
    });
}

/// The fields of the survey form (`survey`, `a[…]`).
#[cfg(feature = "hydrate")]
fn form_data() -> Option<web_sys::FormData> {
    use wasm_bindgen::JsCast;
    let form = document()
        .get_element_by_id("survey-form")?
        .dyn_into::<web_sys::HtmlFormElement>()
        .ok()?;
    web_sys::FormData::new_with_form(&form).ok()
}
