//! `server create-admin`: the first system administrator; `server
//! set-password`: a new password for any account, the only way for a system
//! administrator's (nobody ranks above them in the app).

use app::accounts::model::{NewPassword, PersonName, PhoneNumber, Role};
use app::accounts::passwords;
use app::db::Db;

use crate::BoxError;

/// Makes the person with `phone` a system administrator, creating the account
/// (with `name` and `password`) when the number has none. Returns the number.
pub async fn create_admin(
    db: &Db,
    phone: &str,
    name: &str,
    password: &str,
) -> Result<String, BoxError> {
    let texts = app::i18n::Lang::En.texts();
    let explain = |error: app::error::AppError| -> BoxError { texts.error(&error).into() };
    let phone = PhoneNumber::parse(phone).map_err(|p| explain(p.into()))?;
    let name = PersonName::parse(name).map_err(|p| explain(p.into()))?;
    let password =
        NewPassword::parse(password, passwords::is_common).map_err(|p| explain(p.into()))?;
    let hash = passwords::hash(password.as_str()).await.map_err(explain)?;
    let id = app::accounts::db::create_or_find_admin(db, &phone, &name, &hash)
        .await
        .map_err(explain)?;
    app::staff::db::appoint(db, id, Role::SystemAdmin, 0)
        .await
        .map_err(explain)?;
    Ok(phone.local())
}

/// Sets a new password for the account with `phone`: every session ends and
/// the phones subscribed to its notifications are dropped, as after a reset
/// with a code. Returns the number.
pub async fn set_password(db: &Db, phone: &str, password: &str) -> Result<String, BoxError> {
    let texts = app::i18n::Lang::En.texts();
    let explain = |error: app::error::AppError| -> BoxError { texts.error(&error).into() };
    let phone = PhoneNumber::parse(phone).map_err(|p| explain(p.into()))?;
    let password =
        NewPassword::parse(password, passwords::is_common).map_err(|p| explain(p.into()))?;
    let person = app::accounts::db::person_by_phone(db, &phone)
        .await
        .map_err(explain)?
        .ok_or_else(|| explain(app::error::Problem::NoSuchPerson.into()))?;
    let hash = passwords::hash(password.as_str()).await.map_err(explain)?;
    app::accounts::db::set_password(db, person.id, &hash)
        .await
        .map_err(explain)?;
    app::accounts::db::end_everywhere(db, person.id)
        .await
        .map_err(explain)?;
    Ok(phone.local())
}
