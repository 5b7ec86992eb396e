//! The rules of appointments behind the server functions (`api`): the person
//! named by a phone number, their rank, and moving a staff member to another
//! commune. Server only.

use super::db;
use super::model::AuditAction;
use crate::accounts::model::{PhoneNumber, Role};
use crate::accounts::policy::{Action, Rank};
use crate::db::Db;
use crate::error::{AppError, Problem};
use crate::guard::{Change, allowed, audit, existing_commune, staff_only};
use crate::places::model::CommuneCode;

/// The person with this phone number, who must have an account.
pub(crate) async fn person(db: &Db, phone: &str) -> Result<crate::accounts::db::Person, AppError> {
    let phone = PhoneNumber::parse(phone)?;
    crate::accounts::db::person_by_phone(db, &phone)
        .await?
        .ok_or(Problem::NoSuchPerson.into())
}

/// Gives the person with this phone number `role`, appointed by `by`, and
/// writes `change` (about that person) in the same transaction. Nobody
/// appoints themselves; a person already appointed is refused by the
/// database (one appointment each), so no one is moved sideways or down.
pub(crate) async fn appoint(
    db: &Db,
    by: i64,
    phone: &str,
    role: Role,
    change: Change<'_>,
) -> Result<(), AppError> {
    let person = person(db, phone).await?;
    if person.id == by {
        return Err(Problem::OwnRole.into());
    }
    let mut tx = db.begin().await?;
    db::appoint(&mut *tx, person.id, role, by).await?;
    audit(&mut tx, change.about(person.id)).await?;
    Ok(tx.commit().await?)
}

/// Where `person` stands: whose reset codes they may receive from whom.
pub(crate) async fn rank_of(
    db: &Db,
    person: &crate::accounts::db::Person,
) -> Result<Rank, AppError> {
    Ok(match person.role {
        Role::Resident => Rank::Resident {
            commune: person.home_commune,
        },
        Role::CommuneStaff { commune } | Role::CommuneAdmin { commune } => {
            let summary = crate::places::db::commune(db, CommuneCode::from_db(commune))
                .await?
                .ok_or(AppError::Internal)?;
            Rank::CommuneMember {
                commune,
                province: summary.province_code,
            }
        }
        Role::ProvinceOfficer { province } => Rank::Officer { province },
        Role::SystemAdmin => Rank::SystemAdmin,
    })
}

/// A yes/no a province officer sets on a commune of their province (joined,
/// smart-village pilot): the policy checked, `set` run, `audit` written.
pub(crate) async fn switch_commune(
    commune: &str,
    action: AuditAction,
    column: db::CommuneFlag,
    on: bool,
) -> Result<(), AppError> {
    staff_only()?;
    let db = crate::state::use_db()?;
    let commune = existing_commune(&db, commune).await?;
    let officer = allowed(Action::ManageProvince {
        province: commune.province_code,
    })?;
    let mut tx = db.begin().await?;
    db::set_commune_flag(&mut *tx, commune.code, column, on).await?;
    let change = Change::in_commune(commune.code, officer.user_id, action);
    audit(&mut tx, change.detail(&commune.name)).await?;
    crate::page_changes::commit(tx, commune.code, &crate::state::use_page_changes()).await
}
