//! Satisfaction surveys (lấy ý kiến sự hài lòng): commune staff ask residents
//! how satisfied they are with the results of new rural construction, per
//! criterion; residents answer once (and may change their answers while the
//! survey is open); the results are published with charts, a satisfaction index
//! per criterion, participation and a breakdown by village.

#[cfg(feature = "ssr")]
pub mod anonymity;
pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod db;
pub mod editor;
pub mod islands;
pub mod model;
pub mod pages;
pub mod results;
#[cfg(feature = "ssr")]
pub mod service;
