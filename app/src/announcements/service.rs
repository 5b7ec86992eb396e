//! The rules of announcements behind the server functions (`api`): the staff's
//! own announcement, looked up in their commune. Server only.

use super::db;
use super::model::Announcement;
use crate::accounts::policy::Action;
use crate::accounts::session;
use crate::db::Db;
use crate::error::{AppError, Problem};
use crate::places::model::CommuneSummary;

/// Announcement `id` of the commune of the staff member asking, with the
/// commune and the staff member. Another commune's announcement: as if it did
/// not exist.
pub(crate) async fn own_announcement(
    db: &Db,
    id: &str,
) -> Result<(CommuneSummary, session::Visitor, Announcement), AppError> {
    let (commune, visitor) =
        crate::guard::own_commune(db, |commune| Action::PostAnnouncements { commune }).await?;
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| Problem::UnknownAnnouncement)?;
    let announcement = db::one(db, commune.code, id)
        .await?
        .ok_or(Problem::UnknownAnnouncement)?;
    Ok((commune, visitor, announcement))
}
