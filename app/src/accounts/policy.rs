//! Who may do what: the one place where access is decided. Every server function
//! that reads internal data or changes anything calls `authorize` before it
//! touches the database; pages only show what their server functions return, so
//! hiding a button is never what protects an action.

use super::model::Role;
use crate::error::AppError;

/// How long a reset code is valid.
pub const RESET_CODE_MS: i64 = 30 * 60 * 1000;

/// Something a person asks to do, with the commune or province it concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open the staff area (`/staff`).
    EnterStaffArea,
    /// Issue a password reset code to `target`, which sets their password: only
    /// someone who ranks above them may.
    IssueResetCode { target: Rank },
    /// Appoint and remove the staff of `commune`.
    ManageStaff { commune: i64 },
    /// Create, edit, verify, archive, import and export the directory entries of
    /// `commune`.
    EditDirectory { commune: i64 },
    /// Handle the reports of `commune`: acknowledge, reply, resolve, close.
    HandleReports { commune: i64 },
    /// Add, rename and remove the villages of `commune`.
    ManageVillages { commune: i64 },
    /// Set how `commune` handles reports: categories and their targets, working
    /// time, reply templates, Open311 keys.
    ManageReportSettings { commune: i64 },
    /// Create, edit and publish the surveys of `commune`; read their results
    /// before they are published and export the responses.
    RunSurveys { commune: i64 },
    /// Post and withdraw the announcements of `commune`.
    PostAnnouncements { commune: i64 },
    /// Set the adult population of `commune` (what participation divides by).
    SetPopulation { commune: i64 },
    /// Show again what staff of `commune` hid from the public (a moderation
    /// undone): the admin answers for what the commune publishes.
    UndoModeration { commune: i64 },
    /// Read the audit log of `commune`, which lies in `province`.
    ReadAudit { commune: i64, province: i64 },
    /// Enable the communes of `province` and appoint their admins.
    ManageProvince { province: i64 },
    /// Appoint province officers.
    ManageOfficers,
    /// Read the dashboard of `commune`, which lies in `province`.
    ReadCommuneDashboard { commune: i64, province: i64 },
    /// Read the dashboard of `province`: its communes side by side.
    ReadProvinceDashboard { province: i64 },
}

/// Where a person stands, as far as acting on their account goes: residents of
/// a commune, the commune's staff and admins (of a commune in a province), the
/// officers of a province, and the system administrators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rank {
    /// A resident; `None` when they have no home commune.
    Resident {
        commune: Option<i64>,
    },
    CommuneMember {
        commune: i64,
        province: i64,
    },
    Officer {
        province: i64,
    },
    SystemAdmin,
}

/// Whether `role` ranks above someone of `rank` (and may therefore reset their
/// password): a commune's staff and admins above its residents, the province's
/// officers above the commune's staff and admins, the system administrator
/// above the officers. Nobody ranks above the system administrator, whose
/// password only the command line sets. Authority flows down, never sideways.
fn ranks_above(role: Role, rank: Rank) -> bool {
    match rank {
        Rank::Resident {
            commune: Some(home),
        } => matches!(
            role,
            Role::CommuneStaff { commune } | Role::CommuneAdmin { commune } if commune == home
        ),
        Rank::Resident { commune: None } => role == Role::SystemAdmin,
        Rank::CommuneMember { province, .. } => match role {
            Role::ProvinceOfficer { province: p } => p == province,
            Role::SystemAdmin => true,
            _ => false,
        },
        Rank::Officer { .. } => role == Role::SystemAdmin,
        Rank::SystemAdmin => false,
    }
}

/// `Ok` when `role` (None: not signed in) may do `action`; otherwise 401 for
/// anonymous visitors and 403 for everybody else.
pub fn authorize(role: Option<Role>, action: Action) -> Result<(), AppError> {
    let Some(role) = role else {
        return Err(AppError::Unauthenticated);
    };
    let allowed = match action {
        Action::EnterStaffArea => role.is_staff(),
        Action::IssueResetCode { target } => ranks_above(role, target),
        Action::EditDirectory { commune }
        | Action::HandleReports { commune }
        | Action::RunSurveys { commune }
        | Action::PostAnnouncements { commune } => matches!(
            role,
            Role::CommuneStaff { commune: c } | Role::CommuneAdmin { commune: c } if c == commune
        ),
        Action::ManageStaff { commune }
        | Action::ManageVillages { commune }
        | Action::ManageReportSettings { commune }
        | Action::SetPopulation { commune }
        | Action::UndoModeration { commune } => {
            matches!(role, Role::CommuneAdmin { commune: c } if c == commune)
        }
        Action::ReadAudit { commune, province } => match role {
            Role::CommuneAdmin { commune: c } => c == commune,
            Role::ProvinceOfficer { province: p } => p == province,
            Role::SystemAdmin => true,
            _ => false,
        },
        Action::ReadCommuneDashboard { commune, province } => match role {
            Role::CommuneStaff { commune: c } | Role::CommuneAdmin { commune: c } => c == commune,
            Role::ProvinceOfficer { province: p } => p == province,
            Role::SystemAdmin => true,
            Role::Resident => false,
        },
        Action::ManageProvince { province } | Action::ReadProvinceDashboard { province } => {
            match role {
                Role::ProvinceOfficer { province: p } => p == province,
                Role::SystemAdmin => true,
                _ => false,
            }
        }
        Action::ManageOfficers => role == Role::SystemAdmin,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: i64 = 12364;
    const ELSEWHERE: i64 = 12367;
    const PROVINCE: i64 = 33;

    fn reset(target: Rank) -> Action {
        Action::IssueResetCode { target }
    }

    #[test]
    fn reset_codes_come_from_above_only() {
        let resident_here = Rank::Resident {
            commune: Some(HERE),
        };
        let resident_elsewhere = Rank::Resident {
            commune: Some(ELSEWHERE),
        };
        let member_here = Rank::CommuneMember {
            commune: HERE,
            province: PROVINCE,
        };
        let officer_here = Rank::Officer { province: PROVINCE };
        let staff = Some(Role::CommuneStaff { commune: HERE });
        let admin = Some(Role::CommuneAdmin { commune: HERE });
        let officer = Some(Role::ProvinceOfficer { province: PROVINCE });
        let other_officer = Some(Role::ProvinceOfficer { province: 1 });
        let system = Some(Role::SystemAdmin);
        for role in [staff, admin] {
            assert!(authorize(role, reset(resident_here)).is_ok());
            assert!(authorize(role, reset(resident_elsewhere)).is_err());
            // Not sideways (a colleague, the admin), not up.
            assert!(authorize(role, reset(member_here)).is_err());
            assert!(authorize(role, reset(officer_here)).is_err());
            assert!(authorize(role, reset(Rank::SystemAdmin)).is_err());
        }
        assert!(authorize(officer, reset(member_here)).is_ok());
        assert!(authorize(other_officer, reset(member_here)).is_err());
        assert!(authorize(officer, reset(officer_here)).is_err());
        assert!(authorize(officer, reset(Rank::SystemAdmin)).is_err());
        assert!(authorize(system, reset(officer_here)).is_ok());
        assert!(authorize(system, reset(member_here)).is_ok());
        assert!(authorize(system, reset(Rank::SystemAdmin)).is_err());
        assert!(authorize(Some(Role::Resident), reset(resident_here)).is_err());
        assert_eq!(
            authorize(None, reset(resident_here)),
            Err(AppError::Unauthenticated)
        );
    }

    #[test]
    fn anonymous_visitors_must_sign_in() {
        assert_eq!(
            authorize(None, Action::EnterStaffArea),
            Err(AppError::Unauthenticated)
        );
    }

    #[test]
    fn residents_enter_no_staff_area() {
        assert_eq!(
            authorize(Some(Role::Resident), Action::EnterStaffArea),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            authorize(
                Some(Role::Resident),
                reset(Rank::Resident {
                    commune: Some(HERE)
                })
            ),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn staff_act_only_in_their_commune() {
        let staff = Some(Role::CommuneStaff { commune: HERE });
        assert!(authorize(staff, Action::ManageStaff { commune: HERE }).is_err());
        assert!(authorize(staff, Action::ManageReportSettings { commune: HERE }).is_err());
        assert!(authorize(staff, Action::EditDirectory { commune: HERE }).is_ok());
        assert!(authorize(staff, Action::EditDirectory { commune: ELSEWHERE }).is_err());
        assert!(authorize(staff, Action::HandleReports { commune: HERE }).is_ok());
        assert!(authorize(staff, Action::HandleReports { commune: ELSEWHERE }).is_err());
        assert_eq!(
            authorize(
                Some(Role::Resident),
                Action::EditDirectory { commune: HERE }
            ),
            Err(AppError::Forbidden)
        );
        let admin = Some(Role::CommuneAdmin { commune: HERE });
        assert!(authorize(admin, Action::ManageStaff { commune: HERE }).is_ok());
        assert!(authorize(admin, Action::ManageVillages { commune: ELSEWHERE }).is_err());
        assert!(authorize(admin, Action::ManageReportSettings { commune: HERE }).is_ok());
        assert!(authorize(admin, Action::ManageReportSettings { commune: ELSEWHERE }).is_err());
        assert!(authorize(admin, Action::EditDirectory { commune: HERE }).is_ok());
        assert!(authorize(staff, Action::RunSurveys { commune: HERE }).is_ok());
        assert!(authorize(staff, Action::RunSurveys { commune: ELSEWHERE }).is_err());
        assert!(authorize(staff, Action::SetPopulation { commune: HERE }).is_err());
        assert!(authorize(staff, Action::PostAnnouncements { commune: HERE }).is_ok());
        assert!(authorize(staff, Action::PostAnnouncements { commune: ELSEWHERE }).is_err());
        assert!(
            authorize(
                Some(Role::Resident),
                Action::PostAnnouncements { commune: HERE }
            )
            .is_err()
        );
        assert!(authorize(admin, Action::SetPopulation { commune: HERE }).is_ok());
        assert!(authorize(staff, Action::UndoModeration { commune: HERE }).is_err());
        assert!(authorize(admin, Action::UndoModeration { commune: HERE }).is_ok());
        assert!(authorize(admin, Action::UndoModeration { commune: ELSEWHERE }).is_err());
        assert!(authorize(admin, Action::RunSurveys { commune: ELSEWHERE }).is_err());
        assert!(authorize(admin, Action::ManageProvince { province: PROVINCE }).is_err());
    }

    #[test]
    fn officers_act_only_in_their_province() {
        let officer = Some(Role::ProvinceOfficer { province: PROVINCE });
        assert!(authorize(officer, Action::ManageProvince { province: PROVINCE }).is_ok());
        assert!(authorize(officer, Action::ManageProvince { province: 1 }).is_err());
        let audit = Action::ReadAudit {
            commune: HERE,
            province: PROVINCE,
        };
        assert!(authorize(officer, audit).is_ok());
        assert!(authorize(officer, Action::ManageStaff { commune: HERE }).is_err());
        assert!(authorize(officer, Action::ManageOfficers).is_err());
        assert!(authorize(Some(Role::SystemAdmin), Action::ManageOfficers).is_ok());
    }

    #[test]
    fn dashboards_are_read_within_ones_commune_or_province() {
        let here = Action::ReadCommuneDashboard {
            commune: HERE,
            province: PROVINCE,
        };
        let elsewhere = Action::ReadCommuneDashboard {
            commune: ELSEWHERE,
            province: 1,
        };
        let staff = Some(Role::CommuneStaff { commune: HERE });
        let officer = Some(Role::ProvinceOfficer { province: PROVINCE });
        assert!(authorize(staff, here).is_ok());
        assert!(authorize(staff, elsewhere).is_err());
        assert!(authorize(officer, here).is_ok());
        assert!(authorize(officer, elsewhere).is_err());
        assert!(authorize(Some(Role::Resident), here).is_err());
        let province = Action::ReadProvinceDashboard { province: PROVINCE };
        assert!(authorize(officer, province).is_ok());
        assert!(authorize(staff, province).is_err());
        assert!(authorize(officer, Action::ReadProvinceDashboard { province: 1 }).is_err());
    }
}
