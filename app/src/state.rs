//! The server state: given to axum, and to every page render and server function
//! as Leptos context (server only).

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::db::Db;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}
