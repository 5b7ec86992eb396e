//! Places: the official provinces and communes, the villages each commune
//! defines, and the visitor's choice of commune.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod search;

/// The cookie that remembers the visitor's commune (its code).
pub const COMMUNE_COOKIE: &str = "commune";

/// The visitor's commune, looked up by the server before a page renders (see
/// `server::middleware::resolve_place`) and handed to the page in the request.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct CurrentPlace(pub Option<model::CommuneSummary>);
