//! The staff's side of the directory (`/staff/directory`): the commune's
//! entries, the editor, "verified today", archiving, and the CSV export and
//! import.

pub mod api;
#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod db;
pub mod islands;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
