//! Telling the render cache that a commune's public pages changed (server only).
//!
//! The server keeps rendered directory pages (see the server's `render_cache`).
//! They go stale only when a write changes what they show: a commune's
//! directory entries, its villages, whether it has joined. Such a write ends
//! with [`commit`] instead of a plain `tx.commit()`:
//!
//! - on PostgreSQL it sends `NOTIFY` on [`CHANNEL`] inside the transaction, so
//!   every app server on the database hears of it exactly when (and only if)
//!   the change commits;
//! - after the commit it tells this server's own cache at once, through the
//!   [`PageChanges`] handle the server put in the state.
//!
//! Telling before the commit would not do: a page rendered between that and the
//! commit would show the old data and be kept.

use std::sync::Arc;

use crate::error::AppError;

/// The PostgreSQL channel; the payload is the commune's code.
pub const CHANNEL: &str = "xaso_pages";

/// The response header with which a page says whose data it shows, so that
/// the render cache knows which change makes it stale. The cache removes it
/// before the response leaves the server.
pub const COMMUNE_HEADER: &str = "x-xaso-commune";

/// Marks the page being rendered as showing `commune`'s data.
pub fn shows_commune(commune: i64) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            axum::http::HeaderName::from_static(COMMUNE_HEADER),
            axum::http::HeaderValue::from(commune),
        );
    }
}

/// Whom to tell on this server: a callback given the commune's code, and this
/// server's name in the notifications it sends, so that its own listener can
/// skip them (it has been told after the commit already; a second, later
/// emptying would only throw away pages rendered since).
#[derive(Clone)]
pub struct PageChanges {
    origin: Arc<str>,
    tell: Arc<dyn Fn(i64) + Send + Sync>,
}

impl PageChanges {
    pub fn new(origin: &str, tell: impl Fn(i64) + Send + Sync + 'static) -> PageChanges {
        PageChanges {
            origin: origin.into(),
            tell: Arc::new(tell),
        }
    }

    /// Tells nobody (no render cache).
    pub fn none() -> PageChanges {
        PageChanges::new("", |_| {})
    }

    pub fn changed(&self, commune: i64) {
        (self.tell)(commune)
    }
}

impl Default for PageChanges {
    fn default() -> Self {
        PageChanges::none()
    }
}

impl std::fmt::Debug for PageChanges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PageChanges({})", self.origin)
    }
}

/// A notification's payload: the commune, then the sending server's name.
pub fn payload(commune: i64, origin: &str) -> String {
    format!("{commune} {origin}")
}

/// The commune and the sending server of a payload (None: not one of ours).
pub fn read_payload(payload: &str) -> Option<(i64, &str)> {
    let (commune, origin) = payload.split_once(' ').unwrap_or((payload, ""));
    Some((commune.parse().ok()?, origin))
}

/// Commits `tx`, a write that changed `commune`'s public pages, and says so to
/// every server's render cache.
pub async fn commit(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    commune: i64,
    changes: &PageChanges,
) -> Result<(), AppError> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload(commune, &changes.origin))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    changes.changed(commune);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_the_commune_and_the_server() {
        assert_eq!(read_payload(&payload(12364, "a1b2")), Some((12364, "a1b2")));
        assert_eq!(read_payload(&payload(12364, "")), Some((12364, "")));
        assert_eq!(read_payload("12364"), Some((12364, "")));
        assert_eq!(read_payload("x a1b2"), None);
    }
}
