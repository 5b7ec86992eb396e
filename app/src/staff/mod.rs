//! The staff area (`/staff`): commune staff and admins, province officers and
//! the system administrator manage people, villages, communes and reset codes.
//! Every action goes through `accounts::policy` and into the audit log.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
