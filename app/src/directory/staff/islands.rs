//! The entry editor's one interactive part: saving without leaving the page,
//! so that a wrong field is named next to it and nothing typed is lost. The
//! editor is a plain form (it posts, and comes back with its errors, without
//! WebAssembly); this island takes its submit over once it runs.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// What the island says, in the page's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveTexts {
    /// The message of each problem a field can have.
    pub problems: Vec<(Problem, String)>,
    /// Each field's label, by the field's name.
    pub fields: Vec<(String, String)>,
    /// "Correct the fields marked below."
    pub fields_wrong: String,
    /// Any other failure: not allowed, no signal, try again.
    pub failed: String,
    pub saving: String,
}

/// Placed in the editor form `#entry-editor`; after a save, goes to `done`.
#[island(lazy)]
pub fn EntrySave(done: String, texts: SaveTexts) -> impl IntoView {
    let ready = crate::islands::ready();
    let messages = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let texts = texts.clone();
        crate::islands::listen("entry-editor", "submit", move |event| {
            event.prevent_default();
            if !busy.get_untracked() {
                save(done.clone(), texts.clone(), messages, busy);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = done;
    let saving = texts.saving;
    view! {
        <div data-island-ready=move || ready.get().then_some("")>
            {move || {
                let list = messages.get();
                (!list.is_empty()).then(|| view! {
                    <div class="notice error" role="alert">
                        <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
        </div>
        <p class="hint" role="status">{move || busy.get().then(|| saving.clone())}</p>
    }
}

/// Sends the form through the server function and shows what was wrong, or
/// goes on to `done`.
#[cfg(feature = "hydrate")]
fn save(done: String, texts: SaveTexts, messages: RwSignal<Vec<String>>, busy: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    let Some(form) = document()
        .get_element_by_id("entry-editor")
        .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let mut commune = String::new();
    let mut entry = super::model::EntryInput::default();
    if let Ok(data) = web_sys::FormData::new_with_form(&form) {
        let entries: js_sys::Iterator = data.entries();
        for pair in entries.into_iter().flatten() {
            let pair = js_sys::Array::from(&pair);
            let (Some(key), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string())
            else {
                continue;
            };
            match key.strip_prefix("entry[").and_then(|k| k.strip_suffix(']')) {
                Some(field) => {
                    entry.set(field, value);
                }
                None if key == "commune" => commune = value,
                None => {}
            }
        }
    }
    busy.set(true);
    leptos::task::spawn_local(async move {
        let saved = super::api::save_entry(commune, entry).await;
        busy.set(false);
        mark_fields(&form, &[]);
        match saved {
            Ok(()) => {
                let _ = window().location().assign(&done);
            }
            Err(crate::error::AppError::Fields { problems, .. }) => {
                let named: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
                mark_fields(&form, &named);
                let mut list = vec![texts.fields_wrong.clone()];
                list.extend(problems.iter().map(|p| {
                    let field = lookup(&texts.fields, &p.field).unwrap_or(&p.field);
                    let problem = texts
                        .problems
                        .iter()
                        .find(|(q, _)| *q == p.problem)
                        .map(|(_, m)| m.as_str())
                        .unwrap_or(&texts.failed);
                    format!("{field}: {problem}")
                }));
                messages.set(list);
            }
            Err(crate::error::AppError::Invalid(problem)) => {
                let message = texts.problems.iter().find(|(q, _)| *q == problem);
                messages.set(vec![
                    message.map_or(texts.failed.clone(), |(_, m)| m.clone()),
                ]);
            }
            Err(_) => messages.set(vec![texts.failed.clone()]),
        }
    });
}

#[cfg(feature = "hydrate")]
fn lookup<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Marks the fields named (and only those) as wrong, for screen readers and
/// the eye.
#[cfg(feature = "hydrate")]
fn mark_fields(form: &web_sys::HtmlFormElement, fields: &[String]) {
    let Ok(inputs) = form.query_selector_all("[name^='entry[']") else {
        return;
    };
    for n in 0..inputs.length() {
        let Some(element) = inputs
            .item(n)
            .and_then(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
        else {
            continue;
        };
        let name = element.get_attribute("name").unwrap_or_default();
        let wrong = fields.iter().any(|f| name == format!("entry[{f}]"));
        let _ = if wrong {
            element.set_attribute("aria-invalid", "true")
        } else {
            element.remove_attribute("aria-invalid")
        };
    }
}
