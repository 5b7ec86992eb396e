//! Xã Số: the Leptos app shared by the server (feature `ssr`) and the browser
//! (feature `hydrate`). Organised by feature; see `places` for the pattern
//! (`model`, `api`, `db`, `components`, `pages`).

pub mod accounts;
pub mod announcements;
pub mod dashboard;
pub mod directory;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod layout;
pub mod pages;
pub mod places;
pub mod push;
pub mod reports;
mod routes;
pub mod staff;
pub mod surveys;
pub mod time;

#[cfg(feature = "ssr")]
pub mod db;
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
use leptos_router::{Lazy, SsrMode, path};

use crate::i18n::{I18n, Lang, use_i18n};
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

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
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
                <HydrationScripts options/>
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

/// The language this page starts in: on the server from the request, in the
/// browser from `<html lang>` as the server rendered it (so hydration matches).
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::request::request_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(I18n::new(initial_lang()));
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
                    <Route path=path!("/c/:code/record") view={Lazy::<RecordArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/directory") view={Lazy::<DirectoryArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/directory/:page") view={Lazy::<DirectoryArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view={Lazy::<ReportsArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:page") view={Lazy::<ReportsArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/surveys") view={Lazy::<SurveysArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:page") view={Lazy::<SurveysArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/surveys/:page/results") view={Lazy::<SurveysArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/announcements") view={Lazy::<AnnouncementsArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/announcements/:page") view={Lazy::<AnnouncementsArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account") view={Lazy::<AccountArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account/:page") view={Lazy::<AccountArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view={Lazy::<StaffArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/:page") view={Lazy::<StaffArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/staff/:page/:id") view={Lazy::<StaffArea>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=OfflinePage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
    }
}
