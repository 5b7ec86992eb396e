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
