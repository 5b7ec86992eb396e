//! The directory of essential services (danh bạ dịch vụ thiết yếu): health,
//! education, security and order, environment and culture, per commune.
//! Residents read it (`pages`); staff keep their commune's entries (`staff`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod staff;
