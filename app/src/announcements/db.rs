//! Queries of announcements (server only). Posting one is one transaction: the
//! announcement, its villages, a notification for each resident it concerns,
//! and a push message for each of their phones that asked for it.

use std::collections::HashMap;

use sqlx::{Connection, Row};

use super::model::{Announcement, CheckedAnnouncement, Kind};
use crate::db::{Db, Executor, now_ms};
use crate::error::{AppError, Problem};

/// The announcements of a commune, newest first: the current ones (`current`)
/// or all of them (staff), at most 100.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &Db,
    commune: i64,
    current: bool,
    now: i64,
) -> Result<Vec<Announcement>, AppError> {
    let rows = sqlx::query(
        "select id, kind, title, body, created_at, expires_at, withdrawn_at from announcements \
         where commune_code = $1 \
           and ($2 = 0 or (withdrawn_at is null and (expires_at is null or expires_at > $3))) \
         order by created_at desc, id desc limit 100",
    )
    .bind(commune)
    .bind(i64::from(current))
    .bind(now)
    .fetch_all(db)
    .await?;
    let mut list = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    add_villages(db, &mut list).await?;
    Ok(list)
}

/// Announcement `id` of `commune`.
#[tracing::instrument(skip(db))]
pub async fn one(db: &Db, commune: i64, id: i64) -> Result<Option<Announcement>, AppError> {
    let row = sqlx::query(
        "select id, kind, title, body, created_at, expires_at, withdrawn_at from announcements \
         where id = $1 and commune_code = $2",
    )
    .bind(id)
    .bind(commune)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut list = vec![from_row(&row)?];
    add_villages(db, &mut list).await?;
    Ok(list.pop())
}

/// The commune an announcement belongs to.
#[tracing::instrument(skip(db))]
pub async fn commune_of(db: &Db, id: i64) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select commune_code from announcements where id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Announcement, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(Announcement {
        id: row.try_get("id")?,
        kind: Kind::parse(&kind).unwrap_or(Kind::Notice),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        villages: Vec::new(),
        created_at_ms: row.try_get("created_at")?,
        expires_at_ms: row.try_get("expires_at")?,
        withdrawn_at_ms: row.try_get("withdrawn_at")?,
    })
}

/// The village names of each announcement, in one query.
#[tracing::instrument(skip_all)]
async fn add_villages(db: &Db, list: &mut [Announcement]) -> Result<(), AppError> {
    if list.is_empty() {
        return Ok(());
    }
    // Ids are numbers from the database: safe to write into the statement.
    let ids = list
        .iter()
        .map(|a| a.id.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "select av.announcement_id, v.name from announcement_villages av \
         join villages v on v.id = av.village_id \
         where av.announcement_id in ({ids}) order by v.name"
    )))
    .fetch_all(db)
    .await?;
    let mut names: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &rows {
        names
            .entry(row.try_get("announcement_id")?)
            .or_default()
            .push(row.try_get("name")?);
    }
    for announcement in list {
        announcement.villages = names.remove(&announcement.id).unwrap_or_default();
    }
    Ok(())
}

/// Every village of an announcement must be the commune's.
#[tracing::instrument(skip(db, villages))]
pub async fn check_villages(db: &Db, commune: i64, villages: &[i64]) -> Result<(), AppError> {
    for village in villages {
        crate::staff::db::village_name(db, commune, *village)
            .await?
            .ok_or(Problem::UnknownVillage)?;
    }
    Ok(())
}

/// Posts an announcement of `commune` by `author` (its villages checked);
/// returns its id. Residents of the commune (of those villages,
/// when it names some) get a notification, and their phones a push message
/// when they asked for this kind.
#[tracing::instrument(skip(db, announcement))]
pub async fn post(
    db: &mut sqlx::AnyConnection,
    commune: i64,
    author: i64,
    announcement: &CheckedAnnouncement,
) -> Result<i64, AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "insert into announcements (commune_code, kind, title, body, expires_at, author_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
    )
    .bind(commune)
    .bind(announcement.kind.code())
    .bind(&announcement.title)
    .bind(&announcement.body)
    .bind(announcement.expires_at_ms)
    .bind(author)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    add_villages_of(&mut tx, id, &announcement.villages).await?;
    tell(
        &mut tx,
        id,
        commune,
        author,
        announcement,
        Audience::Everyone,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Addresses announcement `id` to `villages`.
#[tracing::instrument(skip(tx, villages))]
async fn add_villages_of(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    villages: &[i64],
) -> Result<(), AppError> {
    for village in villages {
        sqlx::query(
            "insert into announcement_villages (announcement_id, village_id) values ($1, $2)",
        )
        .bind(id)
        .bind(village)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Whom `tell` tells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Every resident it concerns.
    Everyone,
    /// Only those it concerns who have never been told of it (after an edit
    /// that added villages).
    NotYetTold,
}

/// Tells the residents announcement `id` concerns (of the commune, of its
/// villages if it names any; never its author): a notification each, and a
/// push message to each of their phones that asked for this kind.
#[tracing::instrument(skip(tx, announcement, audience))]
async fn tell(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    commune: i64,
    author: i64,
    announcement: &CheckedAnnouncement,
    audience: Audience,
    now: i64,
) -> Result<(), AppError> {
    const CONCERNED: &str = "u.home_commune = $2 and u.deleted_at is null and u.id <> $3 \
        and (not exists (select 1 from announcement_villages av where av.announcement_id = $1) \
          or u.village_id in (select av.village_id from announcement_villages av where av.announcement_id = $1)) \
        and ($5 = 0 or not exists (select 1 from notifications n \
          where n.announcement_id = $1 and n.user_id = u.id))";
    let only_new = i64::from(audience == Audience::NotYetTold);
    let event = crate::push::model::PushEvent::Announcement {
        id,
        kind: announcement.kind,
        title: announcement.title.clone(),
        body: crate::text::excerpt(&announcement.body, 30),
    };
    let urgent = announcement.kind == Kind::Alert;
    // The push messages first: "not yet told" is read from the notifications,
    // which the next statement writes.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "insert into push_jobs (subscription_id, payload, urgency, priority, next_attempt_at, created_at) \
         select s.id, $6, $7, 1 - $8, $4, $4 from push_subscriptions s join users u on u.id = s.user_id \
         where {CONCERNED} and (s.announcements = 'all' or (s.announcements = 'urgent' and $8 = 1))"
    )))
    .bind(id)
    .bind(commune)
    .bind(author)
    .bind(now)
    .bind(only_new)
    .bind(event.to_json())
    .bind(if urgent { "high" } else { "normal" })
    .bind(i64::from(urgent))
    .execute(&mut *tx)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "insert into notifications (user_id, announcement_id, kind, created_at) \
         select u.id, $1, 'announcement', $4 from users u where {CONCERNED}"
    )))
    .bind(id)
    .bind(commune)
    .bind(author)
    .bind(now)
    .bind(only_new)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The villages announcement `id` names (none: the whole commune).
#[tracing::instrument(skip(db))]
pub async fn village_ids(db: &Db, id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "select village_id from announcement_villages where announcement_id = $1 order by village_id",
    )
    .bind(id)
    .fetch_all(db)
    .await?)
}

/// Replaces what announcement `id` of `commune` says (its villages checked).
/// Residents already told are told again only when `again`; residents it now
/// concerns who were never told (a village added) are told in any case.
/// `UnknownAnnouncement` when the commune has no such current announcement.
#[tracing::instrument(skip(tx, announcement))]
pub async fn edit(
    tx: &mut sqlx::AnyConnection,
    commune: i64,
    id: i64,
    author: i64,
    announcement: &CheckedAnnouncement,
    again: bool,
) -> Result<(), AppError> {
    let now = now_ms();
    let changed = sqlx::query(
        "update announcements set kind = $3, title = $4, body = $5, expires_at = $6, updated_at = $7 \
         where id = $1 and commune_code = $2 and withdrawn_at is null",
    )
    .bind(id)
    .bind(commune)
    .bind(announcement.kind.code())
    .bind(&announcement.title)
    .bind(&announcement.body)
    .bind(announcement.expires_at_ms)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(Problem::UnknownAnnouncement.into());
    }
    sqlx::query("delete from announcement_villages where announcement_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    add_villages_of(tx, id, &announcement.villages).await?;
    let audience = if again {
        Audience::Everyone
    } else {
        Audience::NotYetTold
    };
    tell(tx, id, commune, author, announcement, audience, now).await
}

/// Withdraws announcement `id` of `commune` now (it stays for staff).
#[tracing::instrument(skip(db))]
pub async fn withdraw<'e>(db: impl Executor<'e>, commune: i64, id: i64) -> Result<(), AppError> {
    let now = now_ms();
    let done = sqlx::query(
        "update announcements set withdrawn_at = coalesce(withdrawn_at, $3), updated_at = $3 \
         where id = $1 and commune_code = $2",
    )
    .bind(id)
    .bind(commune)
    .bind(now)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Problem::UnknownAnnouncement.into());
    }
    Ok(())
}

/// Marks the person's notification of announcement `id` read.
#[tracing::instrument(skip(db))]
pub async fn mark_read(db: &Db, user: i64, id: i64) -> Result<(), AppError> {
    sqlx::query(
        "update notifications set read_at = $1 \
         where user_id = $2 and announcement_id = $3 and read_at is null",
    )
    .bind(now_ms())
    .bind(user)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}
