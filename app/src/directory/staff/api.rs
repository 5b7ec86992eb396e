//! Server functions of the staff's directory pages (`/staff/directory`): the
//! list of the commune's entries, the editor, saving, "verified today",
//! archiving. Like every staff function, each asks the policy first, acts only
//! on its own commune's entries, and writes to the audit log.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::model::{EntryInput, EntrySummary};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
use crate::places::model::CommuneSummary;
#[cfg(feature = "ssr")]
use {
    super::service::{editable, editable_entry},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::guard::{Change, audit, parse_id},
    crate::staff::model::AuditAction,
};

/// The most problems one error report carries (the rest are counted).
pub const REPORT_LIMIT: usize = 50;

/// The commune's entries as staff see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub commune: CommuneSummary,
    pub entries: Vec<EntrySummary>,
}

/// What the editor needs: the entry (empty for a new one) and the commune's
/// villages and organizations to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryEditor {
    pub commune: CommuneSummary,
    pub villages: Vec<String>,
    pub organizations: Vec<String>,
    pub entry: EntryInput,
    pub archived: bool,
    pub verified_at_ms: Option<i64>,
}

#[server(input = GetUrl, endpoint = "staff/directory")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_staff_directory(commune: String) -> Result<StaffDirectory, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, _) = editable(&db, &commune).await?;
        let entries = super::db::entries(&db, commune.code).await?;
        Ok(StaffDirectory { commune, entries })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "staff/directory/entry")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_entry_editor(commune: String, id: String) -> Result<EntryEditor, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, _) = editable(&db, &commune).await?;
        let home = crate::places::db::commune_home(
            &db,
            crate::places::model::CommuneCode::from_db(commune.code),
        )
        .await?;
        let organizations = crate::directory::db::organizations(&db, Some(commune.code))
            .await?
            .into_iter()
            .map(|o| o.name)
            .collect();
        let (entry, archived, verified_at_ms) = match id.trim() {
            "" | "new" => (EntryInput::default(), false, None),
            id => {
                let id = parse_id(id, Problem::UnknownEntry)?;
                let (service, archived) =
                    crate::directory::db::commune_service(&db, commune.code, id)
                        .await?
                        .ok_or(Problem::UnknownEntry)?;
                let verified = service.verified_at_ms;
                (EntryInput::from_service(&service), archived, verified)
            }
        };
        Ok(EntryEditor {
            commune,
            villages: home.villages.into_iter().map(|v| v.name).collect(),
            organizations,
            entry,
            archived,
            verified_at_ms,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Saves a new entry or changes to one; every wrong field is named.
#[server(endpoint = "staff/directory/save")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_entry(commune: String, entry: EntryInput) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = editable(&db, &commune).await?;
        let checked = entry
            .check(0)
            .map_err(|problems| AppError::fields(problems, REPORT_LIMIT))?;
        let (resolved, problems) =
            super::db::resolve(&db, commune.code, vec![(0, checked)]).await?;
        if let Some(unknown) = problems.iter().find(|p| p.field == "id") {
            // Another commune's entry (or none): as if it did not exist.
            return Err(AppError::Invalid(unknown.problem));
        }
        if !problems.is_empty() {
            return Err(AppError::fields(problems, REPORT_LIMIT));
        }
        let mut tx = db.begin().await?;
        let saved = super::db::save(&mut *tx, commune.code, &resolved).await?;
        for (_, new) in &saved {
            let action = if *new {
                AuditAction::AddEntry
            } else {
                AuditAction::EditEntry
            };
            let change = Change::in_commune(commune.code, visitor.user_id, action);
            audit(&mut tx, change.detail(entry.name.trim())).await?;
        }
        let changes = crate::state::use_page_changes();
        crate::page_changes::commit(tx, commune.code, &changes).await
    };
    finish(
        "entry",
        result.await,
        &Done::EntrySaved.at(paths::staff::DIRECTORY),
    )
}

/// "Verified today": staff checked the entry and it is still right.
#[server(endpoint = "staff/directory/verify")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn verify_entry(commune: String, id: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor, id, name) = editable_entry(&db, &commune, &id).await?;
        let mut tx = db.begin().await?;
        super::db::mark_verified(&mut *tx, commune, id).await?;
        let change = Change::in_commune(commune, visitor.user_id, AuditAction::VerifyEntry);
        audit(&mut tx, change.detail(&name)).await?;
        let changes = crate::state::use_page_changes();
        crate::page_changes::commit(tx, commune, &changes).await
    };
    finish(
        "entries",
        result.await,
        &Done::EntryVerified.at(paths::staff::DIRECTORY),
    )
}

/// Archives an entry (`archived` = "1": residents no longer see it; it is kept)
/// or restores it ("0").
#[server(endpoint = "staff/directory/archive")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn archive_entry(commune: String, id: String, archived: String) -> Result<(), AppError> {
    let archive = archived.trim() != "0";
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor, id, name) = editable_entry(&db, &commune, &id).await?;
        let action = if archive {
            AuditAction::ArchiveEntry
        } else {
            AuditAction::RestoreEntry
        };
        let mut tx = db.begin().await?;
        super::db::set_archived(&mut *tx, commune, id, archive).await?;
        let change = Change::in_commune(commune, visitor.user_id, action);
        audit(&mut tx, change.detail(&name)).await?;
        let changes = crate::state::use_page_changes();
        crate::page_changes::commit(tx, commune, &changes).await
    };
    let done = if archive {
        Done::EntryArchived
    } else {
        Done::EntryRestored
    };
    finish("entries", result.await, &done.at(paths::staff::DIRECTORY))
}
