//! Community monitoring reports (phản ánh hiện trường): residents report
//! problems in their commune, staff answer against deadlines in working time,
//! and the reporter confirms the fix and rates the handling.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod deadlines;
pub mod islands;
pub mod lifecycle;
pub mod model;
pub mod moderation;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod photos;
pub mod queue;
#[cfg(feature = "ssr")]
pub mod service;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod voice;
