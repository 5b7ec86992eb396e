//! The rules of the staff's directory behind the server functions (`api`):
//! only entries of the staff's own commune can be edited. Server only.

use crate::accounts::policy::Action;
use crate::error::{AppError, Problem};
use crate::guard::{allowed, existing_commune, parse_id, staff_only};
use crate::places::model::CommuneSummary;

/// The commune (empty: the person's own) and that the person may edit its directory.
pub(crate) async fn editable(
    db: &crate::db::Db,
    commune: &str,
) -> Result<(CommuneSummary, crate::accounts::session::Visitor), AppError> {
    staff_only()?;
    let commune = existing_commune(db, commune).await?;
    let visitor = allowed(Action::EditDirectory {
        commune: commune.code,
    })?;
    Ok((commune, visitor))
}

/// The commune, the person, and the id and name of one of the commune's entries.
pub(crate) async fn editable_entry(
    db: &crate::db::Db,
    commune: &str,
    id: &str,
) -> Result<(i64, crate::accounts::session::Visitor, i64, String), AppError> {
    let (commune, visitor) = editable(db, commune).await?;
    let id = parse_id(id, Problem::UnknownEntry)?;
    let name = super::db::entry_name(db, commune.code, id)
        .await?
        .ok_or(Problem::UnknownEntry)?;
    Ok((commune.code, visitor, id, name))
}
