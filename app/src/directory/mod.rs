//! The directory of essential services (danh bạ dịch vụ thiết yếu): health,
//! education, security and order, environment and culture, per commune.

pub mod api;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod db;
pub mod editor;
pub mod entry;
pub mod islands;
pub mod manage;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
