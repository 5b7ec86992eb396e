//! The staff area's types: the people of a commune, its villages, the audit log,
//! the communes of a province and its officers.

use serde::{Deserialize, Serialize};

use crate::accounts::model::Role;
use crate::error::Problem;
use crate::places::model::{CommuneSummary, Province, Village};

/// What the staff home shows: who the person is and where they work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHome {
    pub role: Role,
    pub commune: Option<CommuneSummary>,
    pub province: Option<Province>,
}

/// A person holding a role, as listed to those who manage them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    /// `0912 345 678`
    pub phone: String,
    pub role: Role,
    /// Where the role applies (a commune's or a province's name).
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunePeople {
    pub commune: CommuneSummary,
    pub members: Vec<Member>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneVillages {
    pub commune: CommuneSummary,
    pub villages: Vec<Village>,
}

/// The actions written to the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    AppointStaff,
    RemoveStaff,
    AppointCommuneAdmin,
    AppointProvinceOfficer,
    EnableCommune,
    DisableCommune,
    MarkPilot,
    UnmarkPilot,
    AddVillage,
    RenameVillage,
    RemoveVillage,
    IssueResetCode,
    AddEntry,
    EditEntry,
    VerifyEntry,
    ArchiveEntry,
    RestoreEntry,
    ImportEntries,
    ChangeCategories,
    ChangeWorkingTime,
    ChangeTemplates,
    IssueApiKey,
    RevokeApiKey,
    HideContent,
    ShowContent,
    CreateSurvey,
    ChangeSurvey,
    PublishSurvey,
    PublishResults,
    DeleteSurvey,
    SetPopulation,
    PostAnnouncement,
    WithdrawAnnouncement,
    EditAnnouncement,
}

impl AuditAction {
    const ALL: [AuditAction; 34] = [
        AuditAction::AppointStaff,
        AuditAction::RemoveStaff,
        AuditAction::AppointCommuneAdmin,
        AuditAction::AppointProvinceOfficer,
        AuditAction::EnableCommune,
        AuditAction::DisableCommune,
        AuditAction::MarkPilot,
        AuditAction::UnmarkPilot,
        AuditAction::AddVillage,
        AuditAction::RenameVillage,
        AuditAction::RemoveVillage,
        AuditAction::IssueResetCode,
        AuditAction::AddEntry,
        AuditAction::EditEntry,
        AuditAction::VerifyEntry,
        AuditAction::ArchiveEntry,
        AuditAction::RestoreEntry,
        AuditAction::ImportEntries,
        AuditAction::ChangeCategories,
        AuditAction::ChangeWorkingTime,
        AuditAction::ChangeTemplates,
        AuditAction::IssueApiKey,
        AuditAction::RevokeApiKey,
        AuditAction::HideContent,
        AuditAction::ShowContent,
        AuditAction::CreateSurvey,
        AuditAction::ChangeSurvey,
        AuditAction::PublishSurvey,
        AuditAction::PublishResults,
        AuditAction::DeleteSurvey,
        AuditAction::SetPopulation,
        AuditAction::PostAnnouncement,
        AuditAction::WithdrawAnnouncement,
        AuditAction::EditAnnouncement,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            AuditAction::AppointStaff => "appoint_staff",
            AuditAction::RemoveStaff => "remove_staff",
            AuditAction::AppointCommuneAdmin => "appoint_commune_admin",
            AuditAction::AppointProvinceOfficer => "appoint_province_officer",
            AuditAction::EnableCommune => "enable_commune",
            AuditAction::DisableCommune => "disable_commune",
            AuditAction::MarkPilot => "mark_pilot",
            AuditAction::UnmarkPilot => "unmark_pilot",
            AuditAction::AddVillage => "add_village",
            AuditAction::RenameVillage => "rename_village",
            AuditAction::RemoveVillage => "remove_village",
            AuditAction::IssueResetCode => "issue_reset_code",
            AuditAction::AddEntry => "add_entry",
            AuditAction::EditEntry => "edit_entry",
            AuditAction::VerifyEntry => "verify_entry",
            AuditAction::ArchiveEntry => "archive_entry",
            AuditAction::RestoreEntry => "restore_entry",
            AuditAction::ImportEntries => "import_entries",
            AuditAction::ChangeCategories => "change_categories",
            AuditAction::ChangeWorkingTime => "change_working_time",
            AuditAction::ChangeTemplates => "change_templates",
            AuditAction::IssueApiKey => "issue_api_key",
            AuditAction::RevokeApiKey => "revoke_api_key",
            AuditAction::HideContent => "hide_content",
            AuditAction::ShowContent => "show_content",
            AuditAction::CreateSurvey => "create_survey",
            AuditAction::ChangeSurvey => "change_survey",
            AuditAction::PublishSurvey => "publish_survey",
            AuditAction::PublishResults => "publish_results",
            AuditAction::DeleteSurvey => "delete_survey",
            AuditAction::SetPopulation => "set_population",
            AuditAction::PostAnnouncement => "post_announcement",
            AuditAction::WithdrawAnnouncement => "withdraw_announcement",
            AuditAction::EditAnnouncement => "edit_announcement",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        AuditAction::ALL.into_iter().find(|a| a.as_db() == value)
    }
}

/// One line of the audit log: who did what, to whom, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at_ms: i64,
    /// Empty when the account was deleted since.
    pub actor: String,
    pub action: AuditAction,
    pub subject: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneAudit {
    pub commune: CommuneSummary,
    pub entries: Vec<AuditEntry>,
}

/// A commune of a province, as its officer manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceCommune {
    pub commune: CommuneSummary,
    /// Names of the commune's admins.
    pub admins: Vec<String>,
    /// Marked by the province as a smart-village pilot.
    pub smart_pilot: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceOverview {
    pub province: Province,
    pub communes: Vec<ProvinceCommune>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officers {
    pub officers: Vec<Member>,
    pub provinces: Vec<Province>,
}

/// A village's name as a commune admin types it: 1 to 100 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageName(String);

impl VillageName {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Problem::VillageNameMissing);
        }
        if name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(Problem::VillageNameTooLong);
        }
        Ok(VillageName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_actions_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_db(action.as_db()), Some(action));
        }
        assert_eq!(AuditAction::from_db("drop table"), None);
    }

    #[test]
    fn village_names() {
        assert_eq!(
            VillageName::parse("  Thôn  Đông ").unwrap().as_str(),
            "Thôn Đông"
        );
        assert_eq!(VillageName::parse(""), Err(Problem::VillageNameMissing));
        assert_eq!(
            VillageName::parse(&"x".repeat(101)),
            Err(Problem::VillageNameTooLong)
        );
    }
}
