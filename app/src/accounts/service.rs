//! The rules of accounts behind the server functions (`api`): sign-in throttles,
//! the current-password check, and starting a session. Server only.

use super::{db, passwords, session};
use crate::error::{AppError, Problem};
use crate::throttle;

/// An optional id from a form's `<select>` ("" means none).
pub(crate) fn optional_id(input: &str) -> Result<Option<i64>, AppError> {
    match input.trim() {
        "" => Ok(None),
        id => id
            .parse()
            .map(Some)
            .map_err(|_| Problem::UnknownVillage.into()),
    }
}

/// Checks a secret (a password, a reset code) of the person with number `phone`
/// under the sign-in throttle: the attempt is recorded before `check` runs, so
/// that guesses sent at the same moment are counted too; a right secret takes
/// it back and clears the number's earlier failures.
pub(crate) async fn throttled<F>(
    db: &crate::db::Db,
    phone: &str,
    check: F,
) -> Result<bool, AppError>
where
    F: std::future::Future<Output = Result<bool, AppError>>,
{
    let address = session::client_address();
    let attempt = throttle::attempt(
        db,
        &[
            (throttle::SIGN_IN_PHONE, phone),
            (throttle::SIGN_IN_ADDRESS, &address),
        ],
    )
    .await?;
    let right = check.await?;
    if right {
        attempt.take_back(db).await?;
        throttle::clear(db, throttle::SIGN_IN_PHONE, phone).await?;
    } else {
        attempt.keep();
    }
    Ok(right)
}

/// Checks the signed-in person's current password (asked again before a
/// sensitive change), throttled like a sign-in of their number.
pub(crate) async fn check_current_password(
    db: &crate::db::Db,
    visitor: &session::Visitor,
    password: &str,
) -> Result<(), AppError> {
    let right = throttled(db, &visitor.phone, async {
        let stored = db::password_hash(db, visitor.user_id).await?;
        Ok(passwords::verify(password, Some(stored)).await)
    })
    .await?;
    if right {
        Ok(())
    } else {
        Err(Problem::WrongPassword.into())
    }
}

/// Starts a new session: a new token every time, never a reused one.
pub(crate) async fn start_session(
    db: &crate::db::Db,
    user_id: i64,
    remember: bool,
) -> Result<(), AppError> {
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
