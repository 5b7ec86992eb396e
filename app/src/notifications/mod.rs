//! A person's notifications (`/reports/notifications`): replies to and status
//! changes of the reports they sent or follow, and their commune's
//! announcements. Reports and announcements write them, in the transaction of
//! the change they tell of; this feature lists them and marks them read.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
