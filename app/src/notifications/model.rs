//! A notification, as the inbox shows it (both sides).

use serde::{Deserialize, Serialize};

use crate::reports::lifecycle::Status;
use crate::reports::model::EventKind;

/// What a notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationSubject {
    /// A report the person sent or follows.
    Report { code: String, category: String },
    /// An announcement of the person's commune.
    Announcement { id: i64, title: String, alert: bool },
}

/// Something the person was told of (and, when they asked for it, pushed to
/// their phone): a reply or status change of a report, or an announcement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub subject: NotificationSubject,
    /// For a report: a reply, or a status change (to `status`).
    pub kind: EventKind,
    pub status: Option<Status>,
    pub at_ms: i64,
    pub read: bool,
}
