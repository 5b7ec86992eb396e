//! Announcements (thông báo) from the commune: urgent alerts, notices and
//! events, for the whole commune or some villages, pushed to residents' phones.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
