//! Server functions of the report settings. Only the commune's admin may read or
//! change them (`Action::ManageReportSettings`); every change goes to the audit
//! log.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{ReportSettings, WorkingTimeInput};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::db,
    super::model::{WorkingTimeInput as Input, category_code, name, resolve_days},
    super::service::{admin, log},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::guard::parse_id,
    crate::staff::model::AuditAction,
};

#[server(input = GetUrl, endpoint = "staff/settings")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_report_settings() -> Result<ReportSettings, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, _) = admin(&db).await?;
        let (working, holidays) = crate::reports::db::working_time(&db, commune.code).await?;
        Ok(ReportSettings {
            categories: db::category_uses(&db, commune.code).await?,
            working: Input::from_stored(&working, &holidays),
            templates: db::templates(&db, commune.code, None).await?,
            keys: db::api_keys(&db, commune.code).await?,
            new_key: crate::request::take_once().filter(|k| k.starts_with("xaso_")),
            commune,
        })
    };
    result.await.map_err(AppError::with_status)
}

/// Adds a category (`id` empty) or renames one and sets its target.
#[server(endpoint = "staff/settings/category")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_category(
    #[server(default)] id: String,
    name: String,
    days: String,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let name = self::name(&name, Problem::CategoryNameMissing)?;
        let days = resolve_days(&days)?;
        // Names and codes only: the counts are for the page.
        let existing = crate::reports::db::categories(&db, commune.code).await?;
        let id = match id.trim() {
            "" => None,
            id => Some(parse_id(id, Problem::UnknownCategory)?),
        };
        let folded = crate::places::search::fold(&name);
        if existing
            .iter()
            .any(|c| Some(c.id) != id && crate::places::search::fold(&c.name) == folded)
        {
            return Err(Problem::CategoryTaken.into());
        }
        let mut tx = db.begin().await?;
        match id {
            Some(id) => db::update_category(&mut *tx, commune.code, id, &name, days).await?,
            None => {
                let taken: Vec<String> = existing.into_iter().map(|c| c.code).collect();
                let code = category_code(&name, &taken);
                db::add_category(&mut tx, commune.code, &code, &name, days).await?;
            }
        }
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeCategories,
            &format!("{name} ({days})"),
        )
        .await
    };
    finish(
        "category",
        result.await,
        &Done::SettingsSaved.at(paths::staff::SETTINGS),
    )
}

/// Removes a category that no report uses.
#[server(endpoint = "staff/settings/category/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_category(id: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let id = parse_id(&id, Problem::UnknownCategory)?;
        let mut tx = db.begin().await?;
        let name = db::remove_category(&mut *tx, commune.code, id).await?;
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeCategories,
            &format!("− {name}"),
        )
        .await
    };
    finish(
        "category",
        result.await,
        &Done::SettingsSaved.at(paths::staff::SETTINGS),
    )
}

/// Sets the working time deadlines count: hours per weekday and days off.
/// Reports already filed keep their deadlines.
#[server(endpoint = "staff/settings/working-time")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_working_time(
    #[server(default)] working: WorkingTimeInput,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let checked = working
            .check()
            .map_err(|problems| AppError::fields(problems, 20))?;
        let mut tx = db.begin().await?;
        db::save_working_time(&mut *tx, commune.code, &checked).await?;
        let detail = format!("{}; {}", working.days().join(" | "), checked.holidays.len());
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeWorkingTime,
            &detail,
        )
        .await
    };
    finish(
        "working-time",
        result.await,
        &Done::SettingsSaved.at(paths::staff::SETTINGS),
    )
}

/// Adds a reply template, for one category or (`category` empty) for all.
#[server(endpoint = "staff/settings/template")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn add_template(
    #[server(default)] category: String,
    title: String,
    body: String,
) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let category = match category.trim() {
            "" => None,
            id => {
                let id = parse_id(id, Problem::UnknownCategory)?;
                crate::reports::db::categories(&db, commune.code)
                    .await?
                    .iter()
                    .find(|c| c.id == id)
                    .ok_or(Problem::UnknownCategory)?;
                Some(id)
            }
        };
        let title = name(&title, Problem::TemplateTitleMissing)?;
        let body = crate::reports::model::reply_text(&body)?;
        let mut tx = db.begin().await?;
        db::add_template(&mut *tx, commune.code, category, &title, &body).await?;
        log(tx, &commune, &visitor, AuditAction::ChangeTemplates, &title).await
    };
    finish(
        "template",
        result.await,
        &Done::SettingsSaved.at(paths::staff::SETTINGS),
    )
}

#[server(endpoint = "staff/settings/template/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_template(id: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let id = parse_id(&id, Problem::UnknownTemplate)?;
        let mut tx = db.begin().await?;
        let title = db::remove_template(&mut *tx, commune.code, id).await?;
        log(
            tx,
            &commune,
            &visitor,
            AuditAction::ChangeTemplates,
            &format!("− {title}"),
        )
        .await
    };
    finish(
        "template",
        result.await,
        &Done::SettingsSaved.at(paths::staff::SETTINGS),
    )
}

/// Issues an Open311 api_key for another system (named for who uses it). The
/// key is shown once; only its hash is kept.
#[server(endpoint = "staff/settings/key")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn issue_api_key(name: String) -> Result<String, AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let name = self::name(&name, Problem::KeyNameMissing)?;
        let key = format!("xaso_{}", hex::encode(rand::random::<[u8; 20]>()));
        let hash = crate::accounts::session::token_hash(&key);
        let mut tx = db.begin().await?;
        db::add_api_key(&mut *tx, commune.code, &name, &hash, visitor.user_id).await?;
        log(tx, &commune, &visitor, AuditAction::IssueApiKey, &name).await?;
        Ok(key)
    };
    let result = result.await;
    if let Ok(key) = &result {
        // Shown once, on the page the form goes back to; never in its address.
        crate::request::hand_once(paths::staff::SETTINGS, key);
    }
    let success = format!("{}#keys", Done::KeyIssued.at(paths::staff::SETTINGS));
    finish("key", result, &success)
}

#[server(endpoint = "staff/settings/key/revoke")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    let result = async {
        let db = crate::state::use_db()?;
        let (commune, visitor) = admin(&db).await?;
        let id = parse_id(&id, Problem::UnknownApiKey)?;
        let mut tx = db.begin().await?;
        let name = db::revoke_api_key(&mut *tx, commune.code, id).await?;
        log(tx, &commune, &visitor, AuditAction::RevokeApiKey, &name).await
    };
    finish(
        "key",
        result.await,
        &Done::SettingsSaved.at(paths::staff::SETTINGS),
    )
}
