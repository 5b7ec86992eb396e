//! The rules of report settings behind the server functions (`api`): only the
//! commune's admin, and every change in the audit log. Server only.

use crate::accounts::policy::Action;
use crate::accounts::session::Visitor;
use crate::db::Db;
use crate::error::AppError;
use crate::guard::{Change, audit_and_commit, own_commune};
use crate::places::model::CommuneSummary;
use crate::staff::model::AuditAction;

/// The admin's own commune and the admin.
pub(crate) async fn admin(db: &Db) -> Result<(CommuneSummary, Visitor), AppError> {
    own_commune(db, |commune| Action::ManageReportSettings { commune }).await
}

/// Writes the audit line of a change of the commune's settings, in the
/// change's transaction `tx`, and commits both.
pub(crate) async fn log(
    tx: sqlx::Transaction<'_, sqlx::Any>,
    commune: &CommuneSummary,
    visitor: &Visitor,
    action: AuditAction,
    detail: &str,
) -> Result<(), AppError> {
    let change = Change::in_commune(commune.code, visitor.user_id, action);
    audit_and_commit(tx, change.detail(detail)).await
}
