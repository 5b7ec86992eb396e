//! Who may do what, where, and the record of what they did (server only).
//!
//! Every server function that reads or changes something of a commune starts
//! here: it turns away the people who may not enter ([`staff_only`]), looks
//! the commune up ([`commune`], [`existing_commune`], [`own_commune`]), asks
//! the policy ([`allowed`], `accounts::policy::authorize` underneath) and
//! writes the change's line of the audit log in the change's own transaction
//! ([`audit`]), so that neither is kept without the other.

use crate::accounts::model::Role;
use crate::accounts::policy::{Action, authorize};
use crate::accounts::session::{self, Visitor};
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};
use crate::places::model::{CommuneCode, CommuneSummary};
use crate::staff::model::AuditAction;

/// Checks the policy for `action` and returns the signed-in person.
pub fn allowed(action: Action) -> Result<Visitor, AppError> {
    let visitor = session::current_visitor();
    authorize(visitor.as_ref().map(|v| v.role), action)?;
    visitor.ok_or(AppError::Unauthenticated)
}

/// Residents and anonymous visitors are turned away before any input is read.
pub fn staff_only() -> Result<(), AppError> {
    authorize(session::current_role(), Action::EnterStaffArea)
}

/// The commune `code`, which must exist.
#[tracing::instrument(skip(db))]
pub async fn commune(db: &Db, code: CommuneCode) -> Result<CommuneSummary, AppError> {
    crate::places::db::commune(db, code)
        .await?
        .ok_or(Problem::UnknownCommune.into())
}

/// The commune named by a page or a form, which must exist.
pub async fn named_commune(db: &Db, code: &str) -> Result<CommuneSummary, AppError> {
    commune(db, CommuneCode::parse(code)?).await
}

/// The commune named by a form or an address, which must exist; empty means the
/// signed-in person's own commune (a person without one, such as a province
/// officer, is simply not allowed there).
pub async fn existing_commune(db: &Db, code: &str) -> Result<CommuneSummary, AppError> {
    match code.trim() {
        "" => {
            let own = session::current_role()
                .and_then(Role::commune)
                .map(CommuneCode::from_db)
                .ok_or(AppError::Forbidden)?;
            commune(db, own).await
        }
        code => named_commune(db, code).await,
    }
}

/// The signed-in staff member's own commune, where the policy must allow
/// `action` (made for that commune), and the person.
pub async fn own_commune(
    db: &Db,
    action: fn(i64) -> Action,
) -> Result<(CommuneSummary, Visitor), AppError> {
    staff_only()?;
    let commune = existing_commune(db, "").await?;
    let visitor = allowed(action(commune.code))?;
    Ok((commune, visitor))
}

/// A number that names a row (a village, an entry, a survey), or `problem`.
pub fn parse_id(input: &str, problem: Problem) -> Result<i64, AppError> {
    input.trim().parse().map_err(|_| problem.into())
}

/// Where an audited action belongs.
#[derive(Clone, Copy, Debug)]
pub enum AuditScope {
    Commune(i64),
    Province(i64),
}

/// One change, as the audit log records it: where, by whom, what, to whom.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub scope: AuditScope,
    pub actor: i64,
    pub action: AuditAction,
    pub subject: Option<i64>,
    /// What else identifies it (a village's name, a key's name).
    pub detail: &'a str,
}

impl<'a> Change<'a> {
    pub fn new(scope: AuditScope, actor: i64, action: AuditAction) -> Self {
        Change {
            scope,
            actor,
            action,
            subject: None,
            detail: "",
        }
    }

    /// A change to commune `commune`, the most common kind.
    pub fn in_commune(commune: i64, actor: i64, action: AuditAction) -> Self {
        Change::new(AuditScope::Commune(commune), actor, action)
    }

    /// The person the change was made to.
    pub fn about(self, subject: i64) -> Self {
        Change {
            subject: Some(subject),
            ..self
        }
    }

    pub fn detail(self, detail: &'a str) -> Change<'a> {
        Change { detail, ..self }
    }
}

/// Writes one line of the audit log in the transaction of the change it
/// records, so that neither stays without the other.
#[tracing::instrument(skip(tx))]
pub async fn audit(tx: &mut sqlx::AnyConnection, change: Change<'_>) -> Result<(), AppError> {
    let (commune, province) = match change.scope {
        AuditScope::Commune(c) => (Some(c), None),
        AuditScope::Province(p) => (None, Some(p)),
    };
    sqlx::query(
        "insert into audit_log (commune_code, province_code, actor_id, action, subject_id, detail, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(commune)
    .bind(province)
    .bind(change.actor)
    .bind(change.action.as_db())
    .bind(change.subject)
    .bind(change.detail)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Writes `change` to the audit log in `tx` and commits both: for changes
/// that no other page shows (the render cache has nothing to forget).
pub async fn audit_and_commit(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    change: Change<'_>,
) -> Result<(), AppError> {
    audit(&mut tx, change).await?;
    Ok(tx.commit().await?)
}
