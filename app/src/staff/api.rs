//! Server functions of the staff area. Each one names the commune or province it
//! acts on, asks `policy::authorize` before anything else, and writes what it
//! changed to the audit log.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{
    CommuneAudit, CommunePeople, CommuneVillages, Officers, ProvinceOverview, StaffHome,
};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use {
    super::db,
    super::model::{AuditAction, VillageName},
    super::service::{appoint, person, rank_of, switch_commune},
    crate::accounts::model::{PhoneNumber, Role},
    crate::accounts::policy::{Action, Rank},
    crate::accounts::session,
    crate::error::Problem,
    crate::forms::{Done, finish},
    crate::guard::{AuditScope, Change, allowed, audit, existing_commune, parse_id, staff_only},
    crate::places::model::{CommuneCode, ProvinceCode, VillageKind},
};

#[server(input = GetUrl, endpoint = "staff/home")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_staff_home() -> Result<StaffHome, AppError> {
    let result = async {
        staff_only()?;
        let visitor = allowed(Action::EnterStaffArea)?;
        let db = crate::state::use_db()?;
        let commune = match visitor.role.commune() {
            Some(code) => crate::places::db::commune(&db, CommuneCode::from_db(code)).await?,
            None => None,
        };
        let province = match visitor.role {
            Role::ProvinceOfficer { province } => {
                crate::places::db::province(&db, ProvinceCode::from_db(province)).await?
            }
            _ => None,
        };
        Ok(StaffHome {
            role: visitor.role,
            commune,
            province,
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "staff/people")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_people(commune: String) -> Result<CommunePeople, AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        allowed(Action::ManageStaff {
            commune: commune.code,
        })?;
        let members = db::commune_members(&db, commune.code).await?;
        Ok(CommunePeople { commune, members })
    };
    result.await.map_err(AppError::with_status)
}

/// Appoints a person who has an account as staff of the commune.
#[server(endpoint = "staff/people/appoint")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn appoint_staff(commune: String, phone: String) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        let admin = allowed(Action::ManageStaff {
            commune: commune.code,
        })?;
        let role = Role::CommuneStaff {
            commune: commune.code,
        };
        let change = Change::in_commune(commune.code, admin.user_id, AuditAction::AppointStaff);
        appoint(&db, admin.user_id, &phone, role, change).await
    };
    finish(
        "appoint",
        result.await,
        &Done::StaffAppointed.at(paths::staff::PEOPLE),
    )
}

#[server(endpoint = "staff/people/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_staff(commune: String, user: String) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        let admin = allowed(Action::ManageStaff {
            commune: commune.code,
        })?;
        let user = parse_id(&user, Problem::NotStaffHere)?;
        let mut tx = db.begin().await?;
        if !db::remove_staff(&mut *tx, user, commune.code).await? {
            return Err(Problem::NotStaffHere.into());
        }
        let change = Change::in_commune(commune.code, admin.user_id, AuditAction::RemoveStaff);
        audit(&mut tx, change.about(user)).await?;
        Ok(tx.commit().await?)
    };
    finish(
        "remove",
        result.await,
        &Done::StaffRemoved.at(paths::staff::PEOPLE),
    )
}

#[server(input = GetUrl, endpoint = "staff/villages")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_villages(commune: String) -> Result<CommuneVillages, AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        allowed(Action::ManageVillages {
            commune: commune.code,
        })?;
        let home = crate::places::db::commune_home(&db, CommuneCode::from_db(commune.code)).await?;
        Ok(CommuneVillages {
            commune,
            villages: home.villages,
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(endpoint = "staff/villages/add")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn add_village(commune: String, name: String, kind: String) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        let admin = allowed(Action::ManageVillages {
            commune: commune.code,
        })?;
        let name = VillageName::parse(&name)?;
        let kind = VillageKind::from_db(&kind).unwrap_or(VillageKind::Thon);
        let mut tx = db.begin().await?;
        db::add_village(&mut *tx, commune.code, &name, kind).await?;
        audit(
            &mut tx,
            Change::in_commune(commune.code, admin.user_id, AuditAction::AddVillage)
                .detail(name.as_str()),
        )
        .await?;
        crate::page_changes::commit(tx, commune.code, &crate::state::use_page_changes()).await
    };
    finish(
        "add-village",
        result.await,
        &Done::VillageAdded.at(paths::staff::VILLAGES),
    )
}

#[server(endpoint = "staff/villages/rename")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn rename_village(
    commune: String,
    village: String,
    name: String,
) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        let admin = allowed(Action::ManageVillages {
            commune: commune.code,
        })?;
        let id = parse_id(&village, Problem::UnknownVillage)?;
        let name = VillageName::parse(&name)?;
        let old = db::village_name(&db, commune.code, id)
            .await?
            .ok_or(Problem::UnknownVillage)?;
        let detail = format!("{old} → {}", name.as_str());
        let mut tx = db.begin().await?;
        db::rename_village(&mut *tx, commune.code, id, &name).await?;
        let change = Change::in_commune(commune.code, admin.user_id, AuditAction::RenameVillage);
        audit(&mut tx, change.detail(&detail)).await?;
        crate::page_changes::commit(tx, commune.code, &crate::state::use_page_changes()).await
    };
    finish(
        "rename-village",
        result.await,
        &Done::VillageRenamed.at(paths::staff::VILLAGES),
    )
}

#[server(endpoint = "staff/villages/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_village(commune: String, village: String) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        let admin = allowed(Action::ManageVillages {
            commune: commune.code,
        })?;
        let id = parse_id(&village, Problem::UnknownVillage)?;
        let name = db::village_name(&db, commune.code, id)
            .await?
            .ok_or(Problem::UnknownVillage)?;
        let mut tx = db.begin().await?;
        db::remove_village(&mut tx, commune.code, id).await?;
        audit(
            &mut tx,
            Change::in_commune(commune.code, admin.user_id, AuditAction::RemoveVillage)
                .detail(&name),
        )
        .await?;
        crate::page_changes::commit(tx, commune.code, &crate::state::use_page_changes()).await
    };
    finish(
        "remove-village",
        result.await,
        &Done::VillageRemoved.at(paths::staff::VILLAGES),
    )
}

/// Issues a one-time reset code (30 minutes) after the issuer has checked who
/// the person is. Only someone who ranks above the person may (see
/// `policy::Rank`): a resident's code comes from their commune's staff, a
/// commune staff member's or admin's from the province officer, an officer's
/// from the system administrator. The code is sent by SMS and shown once in
/// the answer (to a browser, on the page the form goes back to).
#[server(endpoint = "staff/reset-code")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn issue_reset_code(phone: String) -> Result<String, AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let number = PhoneNumber::parse(&phone)?;
        let person = person(&db, &phone).await?;
        let rank = rank_of(&db, &person).await?;
        let issuer = allowed(Action::IssueResetCode { target: rank })?;
        let scope = match rank {
            Rank::Resident {
                commune: Some(commune),
            }
            | Rank::CommuneMember { commune, .. } => AuditScope::Commune(commune),
            Rank::Officer { province } => AuditScope::Province(province),
            Rank::Resident { commune: None } | Rank::SystemAdmin => {
                return Err(AppError::Forbidden);
            }
        };
        let code = format!("{:08}", rand::random_range(0..100_000_000u32));
        let hash = session::token_hash(&code);
        let lifetime = crate::accounts::policy::RESET_CODE_MS;
        let mut tx = db.begin().await?;
        crate::accounts::db::store_reset_code(&mut tx, person.id, &hash, issuer.user_id, lifetime)
            .await?;
        let change = Change::new(scope, issuer.user_id, AuditAction::IssueResetCode);
        audit(&mut tx, change.about(person.id)).await?;
        tx.commit().await?;
        let text = crate::i18n::Lang::Vi.texts();
        let message = (text.reset_code_sms)(&code);
        crate::state::use_sms()?.send(&number, &message).await?;
        Ok((code, number))
    };
    let result = result.await;
    if let Ok((code, number)) = &result {
        crate::request::hand_once(paths::staff::RESET, &format!("{code}~{}", number.as_str()));
    }
    finish(
        "reset-code",
        result.map(|(code, _)| code),
        &Done::CodeIssued.at(paths::staff::RESET),
    )
}

/// The reset code just issued and the number it is for (`0912 345 678`), shown
/// once on the page the form went back to.
#[server(input = GetUrl, endpoint = "staff/reset-code/issued")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn take_issued_code() -> Result<Option<(String, String)>, AppError> {
    staff_only().map_err(AppError::with_status)?;
    Ok(crate::request::take_once().and_then(|value| {
        let (code, phone) = value.split_once('~')?;
        let phone = PhoneNumber::parse(phone).ok()?;
        Some((code.to_owned(), phone.local()))
    }))
}

#[server(input = GetUrl, endpoint = "staff/audit")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_audit(commune: String) -> Result<CommuneAudit, AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        allowed(Action::ReadAudit {
            commune: commune.code,
            province: commune.province_code,
        })?;
        let entries = db::commune_audit(&db, commune.code).await?;
        Ok(CommuneAudit { commune, entries })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "staff/province")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_province(province: String) -> Result<ProvinceOverview, AppError> {
    let result = async {
        staff_only()?;
        let code = match province.trim() {
            "" => match session::current_role() {
                Some(Role::ProvinceOfficer { province }) => ProvinceCode::from_db(province),
                _ => return Err(AppError::Forbidden),
            },
            code => ProvinceCode::parse(code)?,
        };
        allowed(Action::ManageProvince {
            province: code.get(),
        })?;
        let db = crate::state::use_db()?;
        let province = crate::places::db::province(&db, code)
            .await?
            .ok_or(Problem::UnknownProvince)?;
        let communes = db::province_communes(&db, code.get()).await?;
        Ok(ProvinceOverview { province, communes })
    };
    result.await.map_err(AppError::with_status)
}

/// Enables (the commune joins Xã Số) or disables a commune of the officer's province.
#[server(endpoint = "staff/province/commune")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_commune_enabled(commune: String, enabled: String) -> Result<(), AppError> {
    let enable = enabled == "1";
    let (audit, done) = if enable {
        (AuditAction::EnableCommune, Done::CommuneEnabled)
    } else {
        (AuditAction::DisableCommune, Done::CommuneDisabled)
    };
    let result = switch_commune(&commune, audit, db::CommuneFlag::Enabled, enable);
    finish("commune", result.await, &done.at(paths::staff::COMMUNES))
}

/// Marks (`pilot` = "1") or unmarks a commune of the officer's province as a
/// smart-village pilot, which the province dashboard counts.
#[server(endpoint = "staff/province/pilot")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_smart_pilot(commune: String, pilot: String) -> Result<(), AppError> {
    let mark = pilot == "1";
    let (audit, done) = if mark {
        (AuditAction::MarkPilot, Done::PilotMarked)
    } else {
        (AuditAction::UnmarkPilot, Done::PilotUnmarked)
    };
    let result = switch_commune(&commune, audit, db::CommuneFlag::SmartPilot, mark);
    finish("commune", result.await, &done.at(paths::staff::COMMUNES))
}

#[server(endpoint = "staff/province/admin")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn appoint_commune_admin(commune: String, phone: String) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let db = crate::state::use_db()?;
        let commune = existing_commune(&db, &commune).await?;
        let officer = allowed(Action::ManageProvince {
            province: commune.province_code,
        })?;
        let role = Role::CommuneAdmin {
            commune: commune.code,
        };
        let change = Change::in_commune(
            commune.code,
            officer.user_id,
            AuditAction::AppointCommuneAdmin,
        );
        appoint(&db, officer.user_id, &phone, role, change).await
    };
    finish(
        "appoint-admin",
        result.await,
        &Done::AdminAppointed.at(paths::staff::COMMUNES),
    )
}

#[server(input = GetUrl, endpoint = "staff/officers")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_officers() -> Result<Officers, AppError> {
    let result = async {
        staff_only()?;
        allowed(Action::ManageOfficers)?;
        let db = crate::state::use_db()?;
        let officers = db::province_officers(&db).await?;
        let provinces =
            crate::places::db::search(&db, &crate::places::model::SearchText::parse("")?, None)
                .await?
                .provinces;
        Ok(Officers {
            officers,
            provinces,
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(endpoint = "staff/officers/appoint")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn appoint_officer(province: String, phone: String) -> Result<(), AppError> {
    let result = async {
        staff_only()?;
        let admin = allowed(Action::ManageOfficers)?;
        let db = crate::state::use_db()?;
        let code = ProvinceCode::parse(&province)?;
        crate::places::db::province(&db, code)
            .await?
            .ok_or(Problem::UnknownProvince)?;
        let role = Role::ProvinceOfficer {
            province: code.get(),
        };
        let change = Change::new(
            AuditScope::Province(code.get()),
            admin.user_id,
            AuditAction::AppointProvinceOfficer,
        );
        appoint(&db, admin.user_id, &phone, role, change).await
    };
    finish(
        "appoint-officer",
        result.await,
        &Done::OfficerAppointed.at(paths::staff::OFFICERS),
    )
}
