//! Accounts: residents sign up by phone number, sign in, and manage their
//! account; the roles that staff hold; the access policy every server function
//! goes through.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod passwords;
pub mod policy;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod sms;
