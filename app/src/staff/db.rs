//! Queries of the staff area: appointments, villages, the audit log, the
//! communes of a province (server only).

use sqlx::Row;

use super::model::{AuditAction, AuditEntry, Member, ProvinceCommune, VillageName};
use crate::accounts::model::{PhoneNumber, Role};
use crate::db::{Db, Executor, now_ms, unique_as};
use crate::error::{AppError, Problem};
use crate::places::model::{CommuneSummary, VillageKind};

/// Gives `user_id` a role; a person holds one at most.
#[tracing::instrument(skip(db))]
pub async fn appoint<'e>(
    db: impl Executor<'e>,
    user_id: i64,
    role: Role,
    by: i64,
) -> Result<(), AppError> {
    let (commune, province) = match role {
        Role::CommuneStaff { commune } | Role::CommuneAdmin { commune } => (Some(commune), None),
        Role::ProvinceOfficer { province } => (None, Some(province)),
        Role::SystemAdmin => (None, None),
        Role::Resident => return Ok(()),
    };
    let now = now_ms();
    sqlx::query(
        "insert into appointments (user_id, role, commune_code, province_code, appointed_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(user_id)
    .bind(role.as_db())
    .bind(commune)
    .bind(province)
    .bind((by != 0).then_some(by))
    .bind(now)
    .execute(db)
    .await
    .map_err(unique_as(Problem::AlreadyAppointed))?;
    Ok(())
}

/// Removes the staff role of `user_id` in `commune`; false when they hold none there.
#[tracing::instrument(skip(db))]
pub async fn remove_staff<'e>(
    db: impl Executor<'e>,
    user_id: i64,
    commune: i64,
) -> Result<bool, AppError> {
    let removed = sqlx::query(
        "delete from appointments where user_id = $1 and role = 'commune_staff' and commune_code = $2",
    )
    .bind(user_id)
    .bind(commune)
    .execute(db)
    .await?;
    Ok(removed.rows_affected() == 1)
}

fn member_from_row(row: &sqlx::any::AnyRow) -> Result<Member, sqlx::Error> {
    let role: String = row.try_get("role")?;
    let phone: Option<String> = row.try_get("phone")?;
    Ok(Member {
        user_id: row.try_get("id")?,
        name: row.try_get("name")?,
        phone: phone
            .and_then(|p| PhoneNumber::parse(&p).ok())
            .map(|p| p.local())
            .unwrap_or_default(),
        role: Role::from_db(
            &role,
            row.try_get("commune_code")?,
            row.try_get("province_code")?,
        )
        .unwrap_or(Role::Resident),
        place: row
            .try_get::<Option<String>, _>("place")?
            .unwrap_or_default(),
    })
}

/// The staff and admins of a commune, admins first.
#[tracing::instrument(skip(db))]
pub async fn commune_members(db: &Db, commune: i64) -> Result<Vec<Member>, AppError> {
    let rows = sqlx::query(
        "select u.id, u.name, u.phone, a.role, a.commune_code, a.province_code, c.name as place \
         from appointments a join users u on u.id = a.user_id join communes c on c.code = a.commune_code \
         where a.commune_code = $1 order by a.role, u.name",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(member_from_row).collect::<Result<_, _>>()?)
}

#[tracing::instrument(skip_all)]
pub async fn province_officers(db: &Db) -> Result<Vec<Member>, AppError> {
    let rows = sqlx::query(
        "select u.id, u.name, u.phone, a.role, a.commune_code, a.province_code, p.name as place \
         from appointments a join users u on u.id = a.user_id join provinces p on p.code = a.province_code \
         where a.role = 'province_officer' order by p.name, u.name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(member_from_row).collect::<Result<_, _>>()?)
}

/// The communes of a province with their admins' names.
#[tracing::instrument(skip(db))]
pub async fn province_communes(db: &Db, province: i64) -> Result<Vec<ProvinceCommune>, AppError> {
    let rows = sqlx::query(
        "select c.code, c.name, c.province_code, p.name as province_name, c.enabled, c.smart_pilot, \
           u.name as admin \
         from communes c join provinces p on p.code = c.province_code \
         left join appointments a on a.commune_code = c.code and a.role = 'commune_admin' \
         left join users u on u.id = a.user_id \
         where c.province_code = $1 order by c.name, c.code, u.name",
    )
    .bind(province)
    .fetch_all(db)
    .await?;
    let mut communes: Vec<ProvinceCommune> = Vec::new();
    for row in &rows {
        let code: i64 = row.try_get("code")?;
        let admin: Option<String> = row.try_get("admin")?;
        if communes.last().map(|c| c.commune.code) != Some(code) {
            communes.push(ProvinceCommune {
                commune: CommuneSummary {
                    code,
                    name: row.try_get("name")?,
                    province_code: row.try_get("province_code")?,
                    province_name: row.try_get("province_name")?,
                    enabled: row.try_get::<i64, _>("enabled")? != 0,
                },
                admins: Vec::new(),
                smart_pilot: row.try_get::<i64, _>("smart_pilot")? != 0,
            });
        }
        if let (Some(admin), Some(last)) = (admin, communes.last_mut()) {
            last.admins.push(admin);
        }
    }
    Ok(communes)
}

/// A yes/no of a commune that its province sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommuneFlag {
    /// The commune has joined Xã Số.
    Enabled,
    /// A smart-village pilot, which the province dashboard counts.
    SmartPilot,
}

#[tracing::instrument(skip(db, flag))]
pub async fn set_commune_flag<'e>(
    db: impl Executor<'e>,
    commune: i64,
    flag: CommuneFlag,
    on: bool,
) -> Result<(), AppError> {
    let statement = match flag {
        CommuneFlag::Enabled => {
            "update communes set enabled = $2, \
             enabled_at = case when $2 = 1 then coalesce(enabled_at, $3) else enabled_at end, \
             updated_at = $3 where code = $1"
        }
        CommuneFlag::SmartPilot => {
            "update communes set smart_pilot = $2, updated_at = $3 where code = $1"
        }
    };
    sqlx::query(statement)
        .bind(commune)
        .bind(i64::from(on))
        .bind(now_ms())
        .execute(db)
        .await?;
    Ok(())
}

#[tracing::instrument(skip(db, name, kind))]
pub async fn add_village<'e>(
    db: impl Executor<'e>,
    commune: i64,
    name: &VillageName,
    kind: VillageKind,
) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "insert into villages (commune_code, name, kind, search_name, is_demo, created_at, updated_at) \
         values ($1, $2, $3, $4, 0, $5, $5)",
    )
    .bind(commune)
    .bind(name.as_str())
    .bind(kind.as_db())
    .bind(format!(" {}", crate::places::search::fold(name.as_str())))
    .bind(now)
    .execute(db)
    .await
    .map_err(unique_as(Problem::VillageTaken))?;
    Ok(())
}

/// The name of village `id` if it belongs to `commune`.
#[tracing::instrument(skip(db))]
pub async fn village_name(db: &Db, commune: i64, id: i64) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("select name from villages where id = $1 and commune_code = $2")
            .bind(id)
            .bind(commune)
            .fetch_optional(db)
            .await?,
    )
}

#[tracing::instrument(skip(db, name))]
pub async fn rename_village<'e>(
    db: impl Executor<'e>,
    commune: i64,
    id: i64,
    name: &VillageName,
) -> Result<(), AppError> {
    sqlx::query(
        "update villages set name = $3, search_name = $4, updated_at = $5 where id = $1 and commune_code = $2",
    )
    .bind(id)
    .bind(commune)
    .bind(name.as_str())
    .bind(format!(" {}", crate::places::search::fold(name.as_str())))
    .bind(now_ms())
    .execute(db)
    .await
    .map_err(unique_as(Problem::VillageTaken))?;
    Ok(())
}

/// Removes a village; residents who lived there keep their commune, without village.
#[tracing::instrument(skip(tx))]
pub async fn remove_village(
    tx: &mut sqlx::AnyConnection,
    commune: i64,
    id: i64,
) -> Result<(), AppError> {
    sqlx::query("update users set village_id = null where village_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from villages where id = $1 and commune_code = $2")
        .bind(id)
        .bind(commune)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The latest 200 lines of a commune's audit log, newest first.
#[tracing::instrument(skip(db))]
pub async fn commune_audit(db: &Db, commune: i64) -> Result<Vec<AuditEntry>, AppError> {
    let rows = sqlx::query(
        "select l.created_at, l.action, l.detail, actor.name as actor, subject.name as subject \
         from audit_log l left join users actor on actor.id = l.actor_id \
         left join users subject on subject.id = l.subject_id \
         where l.commune_code = $1 order by l.created_at desc, l.id desc limit 200",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let action: String = row.try_get("action")?;
        let Some(action) = AuditAction::from_db(&action) else {
            continue;
        };
        entries.push(AuditEntry {
            at_ms: row.try_get("created_at")?,
            actor: row
                .try_get::<Option<String>, _>("actor")?
                .unwrap_or_default(),
            action,
            subject: row.try_get("subject")?,
            detail: row.try_get("detail")?,
        });
    }
    Ok(entries)
}
