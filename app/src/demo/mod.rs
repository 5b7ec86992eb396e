//! The demo commune (Xã Tiên Lữ, Hưng Yên), for `XASO_DEMO`: its villages,
//! staff, directory and survey (`seed`), a believable year of history
//! (`history`), so that a visitor sees what the dashboards, the public record
//! and the map show, and its removal (`removal`). Every row it makes is marked
//! `is_demo` and lies in the demo commune. Server only.

mod directory;
pub mod history;
mod people;
mod places;
pub mod removal;
mod scenes;
mod surveys;

use crate::db::Db;
use crate::error::AppError;

/// The demo commune: Xã Tiên Lữ, Hưng Yên.
pub const DEMO_COMMUNE: i64 = 12364;

/// The demo accounts: a commune admin of the demo commune and a province officer
/// of its province, both with the password `DEMO_PASSWORD`.
pub const DEMO_PASSWORD: &str = "xaso-demo-2026";
pub const DEMO_ADMIN_PHONE: &str = "0900000001";
pub const DEMO_OFFICER_PHONE: &str = "0900000002";

/// Enables the demo commune and gives it villages, staff, a directory and an
/// open survey (the official units must be imported). Safe to run again: each
/// part is skipped once it is there.
pub async fn seed(db: &Db) -> Result<(), AppError> {
    places::seed(db).await?;
    people::seed(db).await?;
    directory::seed(db).await?;
    surveys::seed(db).await
}
