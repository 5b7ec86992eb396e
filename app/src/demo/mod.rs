//! The demo commune's data beyond its villages and directory: a believable
//! year of history (`history`), so that a visitor sees what the dashboards,
//! the public record and the map show, and its removal (`removal`). Every row
//! it makes is marked `is_demo` and lies in the demo commune. Server only.

pub mod history;
pub mod removal;
mod scenes;
