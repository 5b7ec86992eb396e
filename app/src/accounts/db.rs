//! Queries for accounts, sessions, throttling and reset codes (server only).

use sqlx::Row;

use super::model::{PersonName, PhoneNumber, Profile, Role};
use super::session::Visitor;
use crate::db::{Db, now_ms, unique_as};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;
use crate::places::model::CommuneCode;

/// A person found by phone number, for sign-in and for appointments.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub home_commune: Option<i64>,
    pub role: Role,
}

fn role_from_row(row: &sqlx::any::AnyRow) -> Result<Role, sqlx::Error> {
    let role: Option<String> = row.try_get("role")?;
    Ok(match role {
        Some(role) => Role::from_db(
            &role,
            row.try_get("commune_code")?,
            row.try_get("province_code")?,
        )
        .unwrap_or(Role::Resident),
        None => Role::Resident,
    })
}

/// Checks that `village` (if any) is one of `commune`'s villages.
#[tracing::instrument(skip(db))]
pub async fn check_village(db: &Db, commune: i64, village: Option<i64>) -> Result<(), AppError> {
    let Some(village) = village else {
        return Ok(());
    };
    let found: Option<i64> =
        sqlx::query_scalar("select id from villages where id = $1 and commune_code = $2")
            .bind(village)
            .bind(commune)
            .fetch_optional(db)
            .await?;
    found.map(|_| ()).ok_or(Problem::UnknownVillage.into())
}

/// Creates a resident; a number that already has an account is refused.
#[tracing::instrument(skip_all)]
pub async fn create_user(
    db: &Db,
    phone: &PhoneNumber,
    name: &PersonName,
    password_hash: &str,
    commune: CommuneCode,
    village: Option<i64>,
    lang: Lang,
) -> Result<i64, AppError> {
    check_village(db, commune.get(), village).await?;
    let now = now_ms();
    sqlx::query_scalar(
        "insert into users (phone, name, password_hash, home_commune, village_id, lang, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
    )
    .bind(phone.as_str())
    .bind(name.as_str())
    .bind(password_hash)
    .bind(commune.get())
    .bind(village)
    .bind(lang.code())
    .bind(now)
    .fetch_one(db)
    .await
    .map_err(unique_as(Problem::PhoneTaken))
}

#[tracing::instrument(skip(db))]
pub async fn person_by_phone(db: &Db, phone: &PhoneNumber) -> Result<Option<Person>, AppError> {
    let row = sqlx::query(
        "select u.id, u.name, u.password_hash, u.home_commune, a.role, a.commune_code, a.province_code \
         from users u left join appointments a on a.user_id = u.id \
         where u.phone = $1 and u.deleted_at is null",
    )
    .bind(phone.as_str())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Person {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        home_commune: row.try_get("home_commune")?,
        role: role_from_row(&row)?,
    }))
}

#[tracing::instrument(skip(db, token_hash))]
pub async fn create_session(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    lifetime_ms: i64,
) -> Result<(), AppError> {
    let now = now_ms();
    // The person's expired sessions are of no use any more.
    sqlx::query("delete from sessions where user_id = $1 and expires_at <= $2")
        .bind(user_id)
        .bind(now)
        .execute(db)
        .await?;
    sqlx::query(
        "insert into sessions (token_hash, user_id, expires_at, created_at) values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now + lifetime_ms)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The person whose unexpired session has this token hash.
#[tracing::instrument(skip_all)]
pub async fn visitor_by_token_hash(db: &Db, token_hash: &str) -> Result<Option<Visitor>, AppError> {
    let row = sqlx::query(
        "select u.id, u.name, u.phone, u.home_commune, a.role, a.commune_code, a.province_code, \
           (select count(*) from notifications n where n.user_id = u.id and n.read_at is null) as unread \
         from sessions s join users u on u.id = s.user_id \
         left join appointments a on a.user_id = u.id \
         where s.token_hash = $1 and s.expires_at > $2 and u.deleted_at is null",
    )
    .bind(token_hash)
    .bind(now_ms())
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Visitor {
        user_id: row.try_get("id")?,
        name: row.try_get("name")?,
        phone: row
            .try_get::<Option<String>, _>("phone")?
            .unwrap_or_default(),
        home_commune: row.try_get("home_commune")?,
        role: role_from_row(&row)?,
        unread: row
            .try_get::<i64, _>("unread")?
            .clamp(0, i64::from(u32::MAX)) as u32,
        token_hash: token_hash.to_owned(),
    }))
}

#[tracing::instrument(skip_all)]
pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("delete from sessions where token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of a person except `keep` (if given); expired ones go too.
#[tracing::instrument(skip(db, keep))]
pub async fn delete_sessions(db: &Db, user_id: i64, keep: Option<&str>) -> Result<(), AppError> {
    sqlx::query("delete from sessions where user_id = $1 and token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of a person and removes the phones subscribed to their
/// notifications (with the messages waiting for them): signing out everywhere,
/// and a password reset, leave nothing signed in or pushing anywhere.
#[tracing::instrument(skip(db))]
pub async fn end_everywhere(db: &Db, user_id: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    for statement in [
        "delete from sessions where user_id = $1",
        "delete from push_jobs where subscription_id in \
           (select id from push_subscriptions where user_id = $1)",
        "delete from push_subscriptions where user_id = $1",
    ] {
        sqlx::query(statement)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
pub async fn password_hash(db: &Db, user_id: i64) -> Result<String, AppError> {
    Ok(
        sqlx::query_scalar("select password_hash from users where id = $1 and deleted_at is null")
            .bind(user_id)
            .fetch_one(db)
            .await?,
    )
}

#[tracing::instrument(skip(db, password_hash))]
pub async fn set_password(db: &Db, user_id: i64, password_hash: &str) -> Result<(), AppError> {
    sqlx::query("update users set password_hash = $2, updated_at = $3 where id = $1")
        .bind(user_id)
        .bind(password_hash)
        .bind(now_ms())
        .execute(db)
        .await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
pub async fn profile(db: &Db, user_id: i64) -> Result<Profile, AppError> {
    let row = sqlx::query(
        "select u.name, u.phone, u.home_commune, u.village_id, u.lang, a.role, a.commune_code, a.province_code \
         from users u left join appointments a on a.user_id = u.id \
         where u.id = $1 and u.deleted_at is null",
    )
    .bind(user_id)
    .fetch_one(db)
    .await?;
    let home: Option<i64> = row.try_get("home_commune")?;
    let (home_commune, villages) = match home.map(CommuneCode::from_db) {
        Some(code) => {
            let home = crate::places::db::commune_home(db, code).await?;
            (Some(home.commune), home.villages)
        }
        None => (None, Vec::new()),
    };
    let phone: Option<String> = row.try_get("phone")?;
    let lang: String = row.try_get("lang")?;
    Ok(Profile {
        name: row.try_get("name")?,
        phone: phone
            .and_then(|p| PhoneNumber::parse(&p).ok())
            .map(|p| p.local())
            .unwrap_or_default(),
        role: role_from_row(&row)?,
        home_commune,
        village_id: row.try_get("village_id")?,
        villages,
        lang: Lang::parse(&lang).unwrap_or_default(),
        read_at_ms: now_ms(),
    })
}

#[tracing::instrument(skip(db, name, lang))]
pub async fn update_profile(
    db: &Db,
    user_id: i64,
    name: &PersonName,
    village: Option<i64>,
    lang: Lang,
) -> Result<(), AppError> {
    sqlx::query(
        "update users set name = $2, village_id = $3, lang = $4, updated_at = $5 where id = $1",
    )
    .bind(user_id)
    .bind(name.as_str())
    .bind(village)
    .bind(lang.code())
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// Erases a person's personal data: number, name, password, village, sessions,
/// role, reset codes and the voice notes of their reports. The row stays, nameless, so that what they reported
/// stays with an anonymous author.
#[tracing::instrument(skip(db))]
pub async fn delete_account(db: &Db, user_id: i64) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "update users set phone = null, name = '', password_hash = '', village_id = null, \
         deleted_at = $2, updated_at = $2 where id = $1",
    )
    .bind(user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for statement in [
        "delete from sessions where user_id = $1",
        "delete from appointments where user_id = $1",
        "delete from reset_codes where user_id = $1",
        "delete from notifications where user_id = $1",
        // A voice identifies whoever speaks: the reports stay anonymous, so
        // their voice notes go (the typed description stays).
        "delete from report_voice_notes where event_id is null and report_id in \
           (select id from reports where reporter_id = $1)",
        // The phones stop getting pushes (their queued messages go with them).
        "delete from push_jobs where subscription_id in \
           (select id from push_subscriptions where user_id = $1)",
        "delete from push_subscriptions where user_id = $1",
    ] {
        sqlx::query(statement)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores a new reset code (its hash), replacing the person's unused ones, in
/// the caller's transaction (which also writes the audit line).
#[tracing::instrument(skip(tx, code_hash))]
pub async fn store_reset_code(
    tx: &mut sqlx::AnyConnection,
    user_id: i64,
    code_hash: &str,
    issued_by: i64,
    lifetime_ms: i64,
) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query("delete from reset_codes where user_id = $1 and used_at is null")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into reset_codes (user_id, code_hash, issued_by, expires_at, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(issued_by)
    .bind(now + lifetime_ms)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Uses up a person's valid reset code: true only for an unexpired, unused code
/// with this hash, which can then never be used again.
#[tracing::instrument(skip(db, code_hash))]
pub async fn consume_reset_code(db: &Db, user_id: i64, code_hash: &str) -> Result<bool, AppError> {
    let now = now_ms();
    let used = sqlx::query(
        "update reset_codes set used_at = $3 \
         where user_id = $1 and code_hash = $2 and used_at is null and expires_at > $3",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(now)
    .execute(db)
    .await?;
    Ok(used.rows_affected() == 1)
}

/// Creates a person without a home commune (an administrator made from the
/// command line), or returns the existing account with this number.
#[tracing::instrument(skip_all)]
pub async fn create_or_find_admin(
    db: &Db,
    phone: &PhoneNumber,
    name: &PersonName,
    password_hash: &str,
) -> Result<i64, AppError> {
    if let Some(person) = person_by_phone(db, phone).await? {
        return Ok(person.id);
    }
    let now = now_ms();
    Ok(sqlx::query_scalar(
        "insert into users (phone, name, password_hash, lang, created_at, updated_at) \
         values ($1, $2, $3, 'vi', $4, $4) returning id",
    )
    .bind(phone.as_str())
    .bind(name.as_str())
    .bind(password_hash)
    .bind(now)
    .fetch_one(db)
    .await?)
}
