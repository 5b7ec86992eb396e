//! Server functions for accounts. The forms post here (see `crate::forms`); each
//! function parses its input, checks the policy or the session, calls `db`, and
//! finishes with a redirect for browsers.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::Profile;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::model::{NewPassword, PersonName, PhoneNumber},
    super::service::{check_current_password, optional_id, start_session, throttled},
    super::{db, passwords, session},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::i18n::Lang,
    crate::places::model::CommuneCode,
    crate::throttle,
};

#[server(endpoint = "account/sign-up")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_up(
    phone: String,
    name: String,
    password: String,
    commune: String,
    #[server(default)] village: String,
) -> Result<(), AppError> {
    let result = async {
        let phone = PhoneNumber::parse(&phone)?;
        let name = PersonName::parse(&name)?;
        let password = NewPassword::parse(&password, passwords::is_common)?;
        let commune = match commune.trim() {
            "" => return Err(Problem::CommuneMissing.into()),
            code => CommuneCode::parse(code)?,
        };
        let village = optional_id(&village)?;
        let db = crate::state::use_db()?;
        // Sign-up tells whether a number has an account: from one address it
        // answers no faster than sign-in does.
        let address = session::client_address();
        throttle::attempt(&db, &[(throttle::SIGN_UP_ADDRESS, &address)])
            .await?
            .keep();
        if crate::places::db::commune(&db, commune).await?.is_none() {
            return Err(Problem::UnknownCommune.into());
        }
        db::check_village(&db, commune.get(), village).await?;
        if db::person_by_phone(&db, &phone).await?.is_some() {
            return Err(Problem::PhoneTaken.into());
        }
        // The slow, memory-hungry hash only once every cheap check has passed.
        let hash = passwords::hash(password.as_str()).await?;
        let lang = crate::request::request_lang();
        let user_id = db::create_user(&db, &phone, &name, &hash, commune, village, lang).await?;
        start_session(&db, user_id, false).await
    };
    finish("sign-up", result.await, &Done::SignedUp.at(paths::ACCOUNT))
}

#[server(endpoint = "account/sign-in")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_in(
    phone: String,
    password: String,
    #[server(default)] remember: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let phone = PhoneNumber::parse(&phone).map_err(|_| Problem::WrongCredentials)?;
        let db = crate::state::use_db()?;
        let mut found = None;
        let right = throttled(&db, phone.as_str(), async {
            let person = db::person_by_phone(&db, &phone).await?;
            let stored = person.as_ref().map(|p| p.password_hash.clone());
            // Checked whether or not the number has an account (see `verify`).
            let matches = passwords::verify(&password, stored).await;
            found = person;
            Ok(matches)
        })
        .await?;
        match found {
            Some(person) if right => start_session(&db, person.id, remember.is_some()).await,
            _ => Err(Problem::WrongCredentials.into()),
        }
    };
    finish("sign-in", result.await, paths::ACCOUNT)
}

#[server(endpoint = "account/sign-out")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_out() -> Result<(), AppError> {
    let result = async {
        if let Some(visitor) = session::current_visitor() {
            db::delete_session(&crate::state::use_db()?, &visitor.token_hash).await?;
        }
        session::clear_session_cookie();
        Ok(())
    };
    finish("sign-out", result.await, paths::ACCOUNT)
}

#[server(endpoint = "account/sign-out-everywhere")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        // Every phone signed in stops getting this person's notifications too.
        db::end_everywhere(&crate::state::use_db()?, visitor.user_id).await?;
        session::clear_session_cookie();
        Ok(())
    };
    finish("sign-out-everywhere", result.await, paths::ACCOUNT)
}

/// The signed-in person's account page.
#[server(input = GetUrl, endpoint = "account/profile")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_profile() -> Result<Profile, AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        db::profile(&crate::state::use_db()?, visitor.user_id).await
    };
    result.await.map_err(AppError::with_status)
}

#[server(endpoint = "account/profile/update")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn update_profile(
    name: String,
    #[server(default)] village: String,
    lang: String,
) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let name = PersonName::parse(&name)?;
        let village = optional_id(&village)?;
        let lang = Lang::parse(&lang).unwrap_or_default();
        let db = crate::state::use_db()?;
        if let Some(home) = visitor.home_commune {
            db::check_village(&db, home, village).await?;
        } else if village.is_some() {
            return Err(Problem::UnknownVillage.into());
        }
        db::update_profile(&db, visitor.user_id, &name, village, lang).await?;
        crate::request::set_cookie(crate::i18n::LANG_COOKIE, lang.code());
        Ok(())
    };
    finish(
        "profile",
        result.await,
        &Done::ProfileSaved.at(paths::ACCOUNT),
    )
}

/// Changes the password after checking the current one; every other session of
/// the person ends (this one stays).
#[server(endpoint = "account/password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_password(current: String, password: String) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let password = NewPassword::parse(&password, passwords::is_common)?;
        let db = crate::state::use_db()?;
        check_current_password(&db, &visitor, &current).await?;
        let hash = passwords::hash(password.as_str()).await?;
        db::set_password(&db, visitor.user_id, &hash).await?;
        db::delete_sessions(&db, visitor.user_id, Some(&visitor.token_hash)).await
    };
    finish(
        "password",
        result.await,
        &Done::PasswordChanged.at(paths::ACCOUNT),
    )
}

/// Deletes the account after the password is given again and the box ticked.
#[server(endpoint = "account/delete")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_account(
    password: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        if confirm.is_none() {
            return Err(Problem::NotConfirmed.into());
        }
        let db = crate::state::use_db()?;
        check_current_password(&db, &visitor, &password).await?;
        db::delete_account(&db, visitor.user_id).await?;
        session::clear_session_cookie();
        Ok(())
    };
    finish(
        "delete",
        result.await,
        &Done::AccountDeleted.at(paths::ACCOUNT),
    )
}

/// Sets a new password with a reset code issued by someone of higher rank.
/// Codes are checked under the sign-in throttle, so guessing is limited the
/// same way; a new password ends every session and push subscription.
#[server(endpoint = "account/reset")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn reset_password(phone: String, code: String, password: String) -> Result<(), AppError> {
    let result = async {
        let phone = PhoneNumber::parse(&phone)?;
        let password = NewPassword::parse(&password, passwords::is_common)?;
        let db = crate::state::use_db()?;
        let code_hash = session::token_hash(code.trim());
        let mut found = None;
        let valid = throttled(&db, phone.as_str(), async {
            let Some(person) = db::person_by_phone(&db, &phone).await? else {
                return Ok(false);
            };
            let used = db::consume_reset_code(&db, person.id, &code_hash).await?;
            found = Some(person);
            Ok(used)
        })
        .await?;
        let Some(person) = found.filter(|_| valid) else {
            return Err(Problem::ResetCodeInvalid.into());
        };
        let hash = passwords::hash(password.as_str()).await?;
        db::set_password(&db, person.id, &hash).await?;
        db::end_everywhere(&db, person.id).await
    };
    finish(
        "reset",
        result.await,
        &Done::PasswordReset.at(paths::ACCOUNT),
    )
}
