//! `server create-admin`: the first system administrator.

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
