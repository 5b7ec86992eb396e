//! Web Push notifications: phones subscribe on the account page, and replies,
//! status changes and announcements are pushed to them by the server's
//! background worker (see `server::push`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
