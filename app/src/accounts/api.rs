//! Server functions for accounts. The forms post here (see `crate::forms`); each
//! function parses its input, checks the policy or the session, calls `db`, and
//! finishes with a redirect for browsers.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::Profile;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::{NewPassword, PersonName, PhoneNumber},
    super::{db, passwords, session},
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::i18n::Lang,
    crate::places::model::CommuneCode,
};

/// How long a reset code is valid.
pub const RESET_CODE_MS: i64 = 30 * 60 * 1000;

/// An optional id from a form's `<select>` ("" means none).
#[cfg(feature = "ssr")]
pub(crate) fn optional_id(input: &str) -> Result<Option<i64>, AppError> {
    match input.trim() {
        "" => Ok(None),
        id => id
            .parse()
            .map(Some)
            .map_err(|_| Problem::UnknownVillage.into()),
    }
}

#[server(endpoint = "account/sign-up")]
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
        let db = crate::db::use_db()?;
        if crate::places::db::commune(&db, commune).await?.is_none() {
            return Err(Problem::UnknownCommune.into());
        }
        let hash = passwords::hash(password.as_str()).await?;
        let lang = crate::request::request_lang();
        let user_id = db::create_user(&db, &phone, &name, &hash, commune, village, lang).await?;
        start_session(&db, user_id, false).await
    };
    finish("sign-up", result.await, &Done::SignedUp.at("/account"))
}

/// Starts a new session: a new token every time, never a reused one.
#[cfg(feature = "ssr")]
async fn start_session(db: &crate::db::Db, user_id: i64, remember: bool) -> Result<(), AppError> {
    let (token, hash) = session::new_token();
    let lifetime = if remember {
        session::REMEMBERED_MS
    } else {
        session::BROWSER_SESSION_MS
    };
    db::create_session(db, user_id, &hash, lifetime).await?;
    session::set_session_cookie(&token, remember.then_some(lifetime / 1000));
    Ok(())
}

#[server(endpoint = "account/sign-in")]
pub async fn sign_in(
    phone: String,
    password: String,
    #[server(default)] remember: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let phone = PhoneNumber::parse(&phone).map_err(|_| Problem::WrongCredentials)?;
        let db = crate::db::use_db()?;
        let address = session::client_address();
        if let Some(minutes) = db::lockout(&db, phone.as_str(), &address).await? {
            return Err(AppError::TooManyAttempts { minutes });
        }
        let person = db::person_by_phone(&db, &phone).await?;
        let stored = person.as_ref().map(|p| p.password_hash.clone());
        // Checked whether or not the number has an account (see `verify`).
        let matches = passwords::verify(&password, stored).await;
        match person {
            Some(person) if matches => {
                db::clear_failures(&db, phone.as_str()).await?;
                start_session(&db, person.id, remember.is_some()).await
            }
            _ => {
                db::record_failure(&db, phone.as_str(), &address).await?;
                Err(Problem::WrongCredentials.into())
            }
        }
    };
    finish("sign-in", result.await, "/account")
}

#[server(endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let result = async {
        if let Some(visitor) = session::current_visitor() {
            db::delete_session(&crate::db::use_db()?, &visitor.token_hash).await?;
        }
        session::clear_session_cookie();
        Ok(())
    };
    finish("sign-out", result.await, "/account")
}

#[server(endpoint = "account/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        db::delete_sessions(&crate::db::use_db()?, visitor.user_id, None).await?;
        session::clear_session_cookie();
        Ok(())
    };
    finish("sign-out-everywhere", result.await, "/account")
}

/// The signed-in person's account page.
#[server(input = GetUrl, endpoint = "account/profile")]
pub async fn load_profile() -> Result<Profile, AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        db::profile(&crate::db::use_db()?, visitor.user_id).await
    };
    result.await.map_err(AppError::with_status)
}

#[server(endpoint = "account/profile/update")]
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
        let db = crate::db::use_db()?;
        if let Some(home) = visitor.home_commune {
            db::check_village(&db, home, village).await?;
        } else if village.is_some() {
            return Err(Problem::UnknownVillage.into());
        }
        db::update_profile(&db, visitor.user_id, &name, village, lang).await?;
        crate::request::set_cookie(crate::i18n::LANG_COOKIE, lang.code());
        Ok(())
    };
    finish("profile", result.await, &Done::ProfileSaved.at("/account"))
}

/// Changes the password after checking the current one; every other session of
/// the person ends (this one stays).
#[server(endpoint = "account/password")]
pub async fn change_password(current: String, password: String) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::db::use_db()?;
        let stored = db::password_hash(&db, visitor.user_id).await?;
        if !passwords::verify(&current, Some(stored)).await {
            return Err(Problem::WrongPassword.into());
        }
        let password = NewPassword::parse(&password, passwords::is_common)?;
        let hash = passwords::hash(password.as_str()).await?;
        db::set_password(&db, visitor.user_id, &hash).await?;
        db::delete_sessions(&db, visitor.user_id, Some(&visitor.token_hash)).await
    };
    finish(
        "password",
        result.await,
        &Done::PasswordChanged.at("/account"),
    )
}

/// Deletes the account after the password is given again and the box ticked.
#[server(endpoint = "account/delete")]
pub async fn delete_account(
    password: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        if confirm.is_none() {
            return Err(Problem::NotConfirmed.into());
        }
        let db = crate::db::use_db()?;
        let stored = db::password_hash(&db, visitor.user_id).await?;
        if !passwords::verify(&password, Some(stored)).await {
            return Err(Problem::WrongPassword.into());
        }
        db::delete_account(&db, visitor.user_id).await?;
        session::clear_session_cookie();
        Ok(())
    };
    finish("delete", result.await, &Done::AccountDeleted.at("/account"))
}

/// Sets a new password with a reset code issued by a commune officer. Wrong codes
/// count as failed sign-ins, so guessing is throttled the same way.
#[server(endpoint = "account/reset")]
pub async fn reset_password(phone: String, code: String, password: String) -> Result<(), AppError> {
    let result = async {
        let phone = PhoneNumber::parse(&phone)?;
        let db = crate::db::use_db()?;
        let address = session::client_address();
        if let Some(minutes) = db::lockout(&db, phone.as_str(), &address).await? {
            return Err(AppError::TooManyAttempts { minutes });
        }
        let password = NewPassword::parse(&password, passwords::is_common)?;
        let code = code.trim();
        let person = db::person_by_phone(&db, &phone).await?;
        let valid = match &person {
            Some(person) => {
                let code_hash = session::token_hash(code);
                db::consume_reset_code(&db, person.id, &code_hash).await?
            }
            None => false,
        };
        let Some(person) = person.filter(|_| valid) else {
            db::record_failure(&db, phone.as_str(), &address).await?;
            return Err(Problem::ResetCodeInvalid.into());
        };
        let hash = passwords::hash(password.as_str()).await?;
        db::set_password(&db, person.id, &hash).await?;
        db::delete_sessions(&db, person.id, None).await?;
        db::clear_failures(&db, phone.as_str()).await
    };
    finish("reset", result.await, &Done::PasswordReset.at("/account"))
}
