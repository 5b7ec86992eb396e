//! Dashboards: how a commune serves its residents (`/staff/dashboard`), its
//! province's communes side by side against the plan's targets
//! (`/staff/province`), and a commune's public record (`/c/:code/record`).

pub mod api;
pub mod charts;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
