//! Places: the official provinces and communes, the villages each commune
//! defines, and the visitor's choice of commune.

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;

/// The cookie that remembers the visitor's commune (its code).
pub const COMMUNE_COOKIE: &str = "commune";

/// The visitor's commune, looked up by the server before a page renders (see
/// `server::middleware::resolve_place`) and handed to the page in the request.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct CurrentPlace(pub Option<model::CommuneSummary>);

#[cfg(feature = "ssr")]
impl CurrentPlace {
    /// The commune the server looked up for the request being rendered, if any.
    pub fn of_request() -> Option<model::CommuneSummary> {
        leptos::prelude::use_context::<http::request::Parts>()?
            .extensions
            .get::<CurrentPlace>()?
            .0
            .clone()
    }
}
