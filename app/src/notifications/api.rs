//! Server functions of the inbox.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::Notification;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::db,
    crate::accounts::session,
    crate::forms::{Done, finish},
};

#[server(input = GetUrl, endpoint = "reports/notifications")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_notifications() -> Result<Vec<Notification>, AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        db::notifications(&db, visitor.user_id).await
    };
    result.await.map_err(AppError::with_status)
}

/// Marks all of the person's notifications read.
#[server(endpoint = "reports/notifications/read")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn read_notifications() -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        db::mark_read(&db, visitor.user_id, None).await
    };
    finish(
        "notifications",
        result.await,
        &Done::NotificationsRead.at(paths::NOTIFICATIONS),
    )
}
