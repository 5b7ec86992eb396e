//! What every island shares: a mark that tells the person's browser (and the
//! tests) the island is live, and event listeners on elements the server
//! rendered around the island.
//!
//! Resident islands reach the server functions' endpoints with `gloo-net`
//! (the same paths, the same Rust types for the answers), not through the
//! server-function client: that client's encoders, streaming support and the
//! decoding of every error code made the WebAssembly of a resident page 30 KB
//! (brotli) heavier, over its budget (measured with `bench/run`).
//!
//! Islands get the words they show as props, in the page's language, rather
//! than the text table: the table (both languages) would otherwise be compiled
//! into the WebAssembly every page with an island loads.

use leptos::prelude::*;

/// A signal that turns true once the island runs in the browser (never on the
/// server): islands put `data-island-ready` on their first element with it.
pub fn ready() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    ready
}

/// Calls `handler` on every `event` of the element with id `id` (a form field
/// the server rendered outside the island), for as long as the page lives.
#[cfg(feature = "hydrate")]
pub fn listen(id: &str, event: &'static str, handler: impl FnMut(&web_sys::Event) + 'static) {
    if let Some(element) = document().get_element_by_id(id) {
        // Not passive (gloo's default): a handler may take a submit over.
        let options = gloo_events::EventListenerOptions::enable_prevent_default();
        gloo_events::EventListener::new_with_options(&element, event, options, handler).forget();
    }
}

/// GETs `path` (with its query) and gives the text of a successful answer;
/// None when there is no answer or not a right one.
#[cfg(feature = "hydrate")]
pub async fn get_text(path: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(path).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

/// POSTs the fields of `form` to `path` (a server function's endpoint) as a
/// browser form does, asking for JSON; the JSON answer when it succeeded.
#[cfg(feature = "hydrate")]
pub async fn post_form<T: serde::de::DeserializeOwned>(
    path: &str,
    form: &web_sys::FormData,
) -> Option<T> {
    let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(form).ok()?;
    let response = gloo_net::http::Request::post(path)
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(String::from(body.to_string()))
        .ok()?
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    response.json().await.ok()
}

/// Called by the browser entry so that this crate, and with it every island,
/// is linked into the WebAssembly (a call the optimiser cannot remove).
#[inline(never)]
pub fn link() {
    std::hint::black_box(());
}

/// The scripts that hydrate islands: a page that has islands writes it once,
/// next to them (a page without islands loads no WebAssembly at all). Once,
/// by construction: Leptos may create a page's components several times
/// while it resolves what they load (`Suspense` walks its children again), so
/// a "written already" flag set while creating them would hide the scripts
/// from the page that is finally rendered. A test counts them.
#[component]
pub fn IslandRuntime() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let options = use_context::<leptos::config::LeptosOptions>()?;
        Some(view! { <HydrationScripts options islands=true/> })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None::<()>
    }
}
