//! The server state: given to axum, and to every page render and server function
//! as Leptos context (server only).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::accounts::sms::SmsSender;
use crate::db::Db;
use crate::push::model::PushServices;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// Where text messages (reset codes) go.
    pub sms: Arc<dyn SmsSender>,
    /// The push services subscriptions may point at.
    pub push_services: Arc<PushServices>,
    /// Where the public reaches the site (`XASO_PUBLIC_URL`, no trailing
    /// slash), when set: links for other systems use it rather than the
    /// request's `Host`, and an `https://` one makes cookies Secure always.
    pub public_url: Option<Arc<str>>,
    /// The secret that keys anonymous survey answers to their respondent
    /// (kept outside the database; see `surveys::anonymity`).
    pub survey_secret: Arc<[u8; 32]>,
    /// Whom to tell when a commune's public pages change (the render cache).
    pub page_changes: crate::page_changes::PageChanges,
    /// The communes visitors are looking at, kept for a second.
    pub communes: crate::places::cache::CommuneCache,
}

impl AppState {
    /// Whether the site is served at a public https address.
    pub fn https_site(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}

/// Whether the current request's site is served at a public https address.
pub fn https_site() -> bool {
    leptos::prelude::use_context::<AppState>().is_some_and(|state| state.https_site())
}

/// The pool of the current request, provided as context by the server.
pub fn use_db() -> Result<Db, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.db)
        .ok_or_else(|| {
            tracing::error!("no AppState in context");
            crate::error::AppError::Internal
        })
}

/// The SMS sender of the current request.
pub fn use_sms() -> Result<Arc<dyn SmsSender>, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.sms)
        .ok_or(crate::error::AppError::Internal)
}

/// The push services of the current request's server.
pub fn use_push_services() -> Result<Arc<PushServices>, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.push_services)
        .ok_or(crate::error::AppError::Internal)
}

/// The survey secret of the current request's server.
pub fn use_survey_secret() -> Result<Arc<[u8; 32]>, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.survey_secret)
        .ok_or(crate::error::AppError::Internal)
}

/// Whom the current request's writes tell that a commune's pages changed
/// (nobody outside a request).
pub fn use_page_changes() -> crate::page_changes::PageChanges {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.page_changes)
        .unwrap_or_default()
}
