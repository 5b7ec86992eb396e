//! Xã Số: the Leptos app shared by the server (feature `ssr`) and the browser
//! (feature `hydrate`). Organised by feature, each read top-down: `model`
//! (shared types), `db` (queries), `service` (server-only rules), `api`
//! (server functions), `pages`, `components`, `islands`; `guard` is what they
//! all ask first (see the README's "Layout"). No module imports one that
//! imports it back (`scripts/module-cycles`).

pub mod accounts;
pub mod announcements;
pub mod dashboard;
pub mod directory;
pub mod error;
pub mod forms;
pub mod hours;
pub mod i18n;
pub mod islands;
pub mod layout;
pub mod notifications;
pub mod pages;
pub mod paths;
pub mod places;
pub mod push;
pub mod reports;
mod routes;
pub mod share;
pub mod staff;
pub mod surveys;
pub mod text;
pub mod time;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod page_changes;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod spreadsheet;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod throttle;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::i18n::{I18n, use_i18n};
use crate::layout::{Layout, PlaceContext, SessionContext};
use crate::pages::{NotFoundPage, OfflinePage};
use crate::places::pages::{ChooseCommunePage, CommunePage, HomePage};
use crate::routes::{
    AccountArea, AnnouncementsArea, DirectoryArea, RecordArea, ReportsArea, StaffArea, SurveysArea,
};

/// The cores this server may use: the size of the pools of expensive work
/// (password hashing, photo decoding), so that a burst of requests queues
/// instead of taking all memory.
#[cfg(feature = "ssr")]
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The HTML document around the app, rendered on the server only. Pages are
/// complete HTML; only islands hydrate, and a page writes the scripts that do
/// it (`islands::IslandRuntime`) only when it has islands.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        // What is outside islands is never hydrated: nothing of it (resources
        // included) is sent for the browser. `HydrationScripts` would do this
        // itself, but only pages with islands write it, after the page began.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
        provide_context(options.clone());
        content_security_policy();
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#0b6e4f"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <script type="module" src="/pwa.js"></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Hands the nonce of this page (Leptos makes a fresh one per request and puts it
/// on every script it writes) to the server's security-headers middleware, which
/// writes the Content-Security-Policy with it.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    use leptos::nonce::use_nonce;
    let slot = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<crate::request::NonceSlot>().cloned());
    if let (Some(slot), Some(nonce)) = (slot, use_nonce()) {
        slot.set(nonce.to_string());
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Rendered on the server only (the browser hydrates islands, not the app).
    #[cfg(feature = "ssr")]
    let lang = crate::request::request_lang();
    #[cfg(not(feature = "ssr"))]
    let lang = Default::default();
    provide_context(I18n::new(lang));
    PlaceContext::provide();
    SessionContext::provide();
    let i18n = use_i18n();

    view! {
        <Html {..} lang=move || i18n.lang().code() dir="ltr"/>
        <Title formatter=|page: String| format!("{page} · Xã Số")/>
        <Meta name="description" content=crate::i18n::head_text(i18n, |t| t.app_tagline)/>
        <Router>
            <AppRoutes/>
        </Router>
    }
}

/// Every page is rendered whole before it is sent (`SsrMode::Async`): what a
/// Suspense loads is written in place, so the page is complete and usable before
/// any WebAssembly runs (slow phones, 3G, no JavaScript), and its status code and
/// headers can still depend on what was loaded.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/commune") view=ChooseCommunePage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:code") view=CommunePage ssr=SsrMode::Async/>
                    <Route path=path!("/c/:code/record") view=RecordArea ssr=SsrMode::Async/>
                    <Route path=path!("/directory") view=DirectoryArea ssr=SsrMode::Async/>
                    <Route path=path!("/directory/:page") view=DirectoryArea ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=ReportsArea ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:page") view=ReportsArea ssr=SsrMode::Async/>
                    <Route path=path!("/surveys") view=SurveysArea ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:page") view=SurveysArea ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:page/results") view=SurveysArea ssr=SsrMode::Async/>
                    <Route path=path!("/announcements") view=AnnouncementsArea ssr=SsrMode::Async/>
                    <Route path=path!("/announcements/:page") view=AnnouncementsArea ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountArea ssr=SsrMode::Async/>
                    <Route path=path!("/account/:page") view=AccountArea ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=StaffArea ssr=SsrMode::Async/>
                    <Route path=path!("/staff/:page") view=StaffArea ssr=SsrMode::Async/>
                    <Route path=path!("/staff/:page/:id") view=StaffArea ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=OfflinePage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
    }
}
