//! Server functions of announcements: residents read the current ones of a
//! commune (and one by its id, which reads its notification); staff of the
//! commune post, edit and withdraw them.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(not(feature = "ssr"))]
use super::model::AnnouncementInput;
use super::model::{Announcement, AnnouncementList, AnnouncementPage, StaffAnnouncements};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::db,
    super::model::{AnnouncementInput, Editing, for_home, sort_for_reading},
    super::service::own_announcement,
    crate::accounts::policy::{Action, authorize},
    crate::accounts::session,
    crate::db::now_ms,
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::guard::{Change, audit},
    crate::places::model::CommuneCode,
    crate::staff::model::AuditAction,
};

#[server(input = GetUrl, endpoint = "announcements/list")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_announcements(commune: String) -> Result<AnnouncementList, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let commune = crate::guard::named_commune(&db, &commune).await?;
        let now = now_ms();
        let mut items = db::list(&db, commune.code, true, now).await?;
        sort_for_reading(&mut items);
        Ok(AnnouncementList {
            commune,
            items,
            read_at_ms: now,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// What the commune's home page shows: every current urgent alert, then the
/// newest other announcement.
#[server(input = GetUrl, endpoint = "announcements/home")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_home_announcements(commune: String) -> Result<Vec<Announcement>, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let commune = crate::guard::named_commune(&db, &commune).await?;
        Ok(for_home(db::list(&db, commune.code, true, now_ms()).await?))
    };
    result.await.map_err(AppError::with_status)
}

/// One announcement (what a push message opens). Withdrawn ones are gone for
/// residents; expired ones still open, marked as ended.
#[server(input = GetUrl, endpoint = "announcements/one")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_announcement(id: String) -> Result<AnnouncementPage, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let id: i64 = id
            .trim()
            .parse()
            .map_err(|_| Problem::UnknownAnnouncement)?;
        let code = db::commune_of(&db, id)
            .await?
            .ok_or(Problem::UnknownAnnouncement)?;
        let announcement = db::one(&db, code, id)
            .await?
            .ok_or(Problem::UnknownAnnouncement)?;
        let staff = authorize(
            session::current_role(),
            Action::PostAnnouncements { commune: code },
        )
        .is_ok();
        if announcement.withdrawn_at_ms.is_some() && !staff {
            return Err(Problem::UnknownAnnouncement.into());
        }
        crate::places::service::adopt_if_none(code);
        if let Some(visitor) = session::current_visitor() {
            db::mark_read(&db, visitor.user_id, id).await?;
        }
        let commune = crate::places::db::commune(&db, CommuneCode::from_db(code))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(AnnouncementPage {
            commune,
            announcement,
            read_at_ms: now_ms(),
        })
    };
    result.await.map_err(AppError::with_status)
}

/// The staff's page; `edit` names the current announcement being edited.
#[server(input = GetUrl, endpoint = "staff/announcements")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_staff_announcements(
    #[server(default)] edit: String,
) -> Result<StaffAnnouncements, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, _) =
            crate::guard::own_commune(&db, |commune| Action::PostAnnouncements { commune }).await?;
        let now = now_ms();
        let home = crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code)).await?;
        let items = db::list(&db, commune.code, false, now).await?;
        let editing = match edit.trim() {
            "" => None,
            id => {
                // Another commune's, withdrawn or ended: nothing to edit.
                let announcement = id
                    .parse::<i64>()
                    .ok()
                    .and_then(|id| items.iter().find(|a| a.id == id && a.current(now)))
                    .cloned()
                    .ok_or(Problem::UnknownAnnouncement)?;
                let villages = db::village_ids(&db, announcement.id).await?;
                Some(Editing::of(announcement, villages))
            }
        };
        Ok(StaffAnnouncements {
            items,
            villages: home.villages.into_iter().map(|v| (v.id, v.name)).collect(),
            editing,
            commune,
            now_ms: now,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Posts an announcement of the staff member's commune; residents are told
/// (and their phones pushed) at once.
#[server(endpoint = "staff/announcements/post")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn post_announcement(announcement: AnnouncementInput) -> Result<i64, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) =
            crate::guard::own_commune(&db, |commune| Action::PostAnnouncements { commune }).await?;
        let checked = announcement.check(now_ms())?;
        db::check_villages(&db, commune.code, &checked.villages).await?;
        let mut tx = db.begin().await?;
        let id = db::post(&mut tx, commune.code, visitor.user_id, &checked).await?;
        let change =
            Change::in_commune(commune.code, visitor.user_id, AuditAction::PostAnnouncement);
        audit(&mut tx, change.detail(&checked.title)).await?;
        tx.commit().await?;
        Ok(id)
    };
    finish(
        "announcement",
        result.await,
        &Done::AnnouncementPosted.at(paths::staff::ANNOUNCEMENTS),
    )
}

/// Changes a current announcement of the staff member's commune (title, text,
/// villages, last day), audited with what it said before. Residents already
/// told are told again only when `notify_again` is ticked.
#[server(endpoint = "staff/announcements/edit")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn edit_announcement(
    id: String,
    #[server(default)] announcement: AnnouncementInput,
    #[server(default)] notify_again: String,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor, before) = own_announcement(&db, &id).await?;
        if !before.current(now_ms()) {
            return Err(Problem::UnknownAnnouncement.into());
        }
        let id = before.id;
        let checked = announcement.check(now_ms())?;
        db::check_villages(&db, commune.code, &checked.villages).await?;
        let again = !notify_again.trim().is_empty();
        let mut tx = db.begin().await?;
        db::edit(&mut tx, commune.code, id, visitor.user_id, &checked, again).await?;
        let change =
            Change::in_commune(commune.code, visitor.user_id, AuditAction::EditAnnouncement);
        let detail = format!(
            "#{id} «{}» → «{}»{}",
            before.title,
            checked.title,
            if again { " · notify again" } else { "" }
        );
        audit(&mut tx, change.detail(&detail)).await?;
        Ok(tx.commit().await?)
    };
    let result = result.await;
    // A refused edit goes back to its own form (`?edit=`), not the new one.
    if let (Err(error), Ok(id)) = (&result, id.trim().parse::<i64>())
        && crate::error::from_browser_form()
    {
        let query = crate::forms::error_query("announcement", error);
        leptos_axum::redirect(&format!(
            "{}?edit={id}&{}#announcement-form",
            paths::staff::ANNOUNCEMENTS,
            query.trim_start_matches('?')
        ));
        return result;
    }
    finish(
        "announcement",
        result,
        &Done::AnnouncementEdited.at(paths::staff::ANNOUNCEMENTS),
    )
}

/// Withdraws an announcement of the staff member's commune.
#[server(endpoint = "staff/announcements/withdraw")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn withdraw_announcement(id: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor, announcement) = own_announcement(&db, &id).await?;
        let id = announcement.id;
        let mut tx = db.begin().await?;
        db::withdraw(&mut *tx, commune.code, id).await?;
        let change = Change::in_commune(
            commune.code,
            visitor.user_id,
            AuditAction::WithdrawAnnouncement,
        );
        audit(&mut tx, change.detail(&announcement.title)).await?;
        Ok(tx.commit().await?)
    };
    finish(
        "withdraw",
        result.await,
        &Done::AnnouncementWithdrawn.at(paths::staff::ANNOUNCEMENTS),
    )
}
