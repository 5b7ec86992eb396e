//! The interactive part of a report's staff page: reply templates. (The
//! report form's position and nearby reports are in `/report-form.js`, which
//! the form needs anyway for its outbox: an island there would add the
//! WebAssembly runtime, about 90 KB on 3G, to a resident's most used page.)

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A reply template, as the picker offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateChoice {
    pub title: String,
    pub body: String,
}

/// Staff pick a reply template: its text goes into the reply (`#reply-body`),
/// to be adjusted before sending.
#[island(lazy)]
pub fn ReplyTemplates(
    label: String,
    none: String,
    templates: Vec<TemplateChoice>,
) -> impl IntoView {
    let ready = crate::islands::ready();
    let pick = move |body: String| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(reply) = document()
                .get_element_by_id("reply-body")
                .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                reply.set_value(&body);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = body;
    };
    view! {
        <label for="reply-template" data-island-ready=move || ready.get().then_some("")>{label}</label>
        <select id="reply-template" on:change:target=move |ev| pick(ev.target().value())>
            <option value="">{none}</option>
            {templates.into_iter().map(|t| view! { <option value=t.body>{t.title}</option> }).collect_view()}
        </select>
    }
}
