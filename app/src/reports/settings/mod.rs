//! The commune admin's settings for reports (`/staff/settings`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
