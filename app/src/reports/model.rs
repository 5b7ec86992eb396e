//! The types of community monitoring reports (phản ánh): categories, what a
//! resident writes, what the list and the report's page show, and the timeline.

use serde::{Deserialize, Serialize};

use super::lifecycle::Status;
use crate::error::Problem;
use crate::places::model::CommuneSummary;

/// The categories every commune starts with (its admin can change them):
/// Open311 `service_code`, name, working days to resolve.
pub const DEFAULT_CATEGORIES: [(&str, &str, i64); 10] = [
    ("giao_thong", "Giao thông", 5),
    ("dien_chieu_sang", "Điện và chiếu sáng", 5),
    ("nuoc_sach", "Nước sạch", 5),
    ("moi_truong", "Môi trường và rác thải", 5),
    ("an_ninh", "An ninh trật tự", 3),
    ("y_te", "Y tế", 5),
    ("giao_duc", "Giáo dục", 5),
    ("van_hoa", "Văn hóa", 5),
    ("thuy_loi", "Thủy lợi và ngập úng", 5),
    ("khac", "Khác", 5),
];

/// The longest address in words (Open311 `address_string`).
pub const ADDRESS_MAX: usize = 300;

/// The shortest and longest description.
pub const DESCRIPTION_MIN: usize = 10;
/// The shortest description of a report with a voice note: a few words
/// (`Đèn hỏng`) for the lists, the rest is said.
pub const DESCRIPTION_MIN_WITH_VOICE: usize = 3;
pub const DESCRIPTION_MAX: usize = 2000;
/// The longest reply or note.
pub const REPLY_MAX: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub resolve_days: i64,
}

/// A report's description: 10 to 2,000 characters once trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    pub fn parse(text: &str) -> Result<Self, Problem> {
        Self::parse_with_voice(text, false)
    }

    /// As `parse`; with a voice note, 3 characters are enough.
    pub fn parse_with_voice(text: &str, voice: bool) -> Result<Self, Problem> {
        let text = text.trim();
        let length = text.chars().count();
        let min = if voice {
            DESCRIPTION_MIN_WITH_VOICE
        } else {
            DESCRIPTION_MIN
        };
        if length < min {
            return Err(Problem::DescriptionTooShort);
        }
        if length > DESCRIPTION_MAX {
            return Err(Problem::DescriptionTooLong);
        }
        Ok(Description(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reply or note: not empty, at most 2,000 characters.
pub fn reply_text(text: &str) -> Result<String, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::ReplyMissing);
    }
    if text.chars().count() > REPLY_MAX {
        return Err(Problem::TextTooLong);
    }
    Ok(text.to_owned())
}

/// The tracking code of report `id` filed in `year` in a province: its
/// initials without diacritics (Hưng Yên → `HY`), the year, and the id:
/// `HY-2026-000123`.
#[cfg(feature = "ssr")]
pub fn tracking_code(province_name: &str, year: i64, id: i64) -> String {
    let initials: String = crate::places::search::fold(province_name)
        .split(' ')
        .filter_map(|word| word.chars().next())
        .collect();
    let initials = if initials.is_empty() {
        "vn".to_owned()
    } else {
        initials
    };
    format!("{}-{year}-{id:06}", initials.to_uppercase())
}

/// A report as the form sends it (`report[category]`, …): every field as text.
/// Unticked boxes are not sent, hence the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub category: String,
    pub description: String,
    pub village: String,
    pub latitude: String,
    pub longitude: String,
    pub hide_name: String,
    pub urgent: String,
}

/// The idempotency key a report from the phone's outbox carries (a random id
/// the phone made when the report was written): 16 to 64 letters, digits, `-`
/// or `_`. Sent again after a lost answer, the same key files nothing new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// None for an empty field (a report sent without the outbox).
    pub fn parse(text: &str) -> Result<Option<Self>, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let valid = (16..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(Problem::IdempotencyKeyInvalid);
        }
        Ok(Some(IdempotencyKey(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A report as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub code: String,
    pub category: String,
    pub status: Status,
    pub village: Option<String>,
    /// The first words of the description.
    pub excerpt: String,
    pub urgent: bool,
    pub followers: i64,
    pub created_at_ms: i64,
    pub acknowledge_by_ms: i64,
    pub resolve_by_ms: i64,
    /// The staff member it is given to (id and name).
    pub assigned_to: Option<i64>,
    pub assigned: Option<String>,
    /// Where it is (latitude, longitude), when the reporter gave a position.
    pub position: Option<(f64, f64)>,
}

impl ReportSummary {
    /// Past its deadline (to acknowledge while new, to resolve while open) at `now`.
    pub fn overdue(&self, now_ms: i64) -> bool {
        match self.status {
            Status::New => now_ms > self.acknowledge_by_ms.min(self.resolve_by_ms),
            Status::Acknowledged | Status::InProgress => now_ms > self.resolve_by_ms,
            _ => false,
        }
    }

    /// The deadline that applies now (acknowledge while new, else resolve).
    pub fn deadline_ms(&self) -> i64 {
        if self.status == Status::New {
            self.acknowledge_by_ms
        } else {
            self.resolve_by_ms
        }
    }
}

/// What happened to a report, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Filed,
    Status,
    Reply,
    /// Internal: staff only.
    Note,
}

impl EventKind {
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Filed => "filed",
            EventKind::Status => "status",
            EventKind::Reply => "reply",
            EventKind::Note => "note",
        }
    }

    pub fn from_db(code: &str) -> EventKind {
        match code {
            "status" => EventKind::Status,
            "reply" => EventKind::Reply,
            "note" => EventKind::Note,
            _ => EventKind::Filed,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub at_ms: i64,
    pub kind: EventKind,
    /// The status a status change led to.
    pub status: Option<Status>,
    /// The new resolve deadline this change set (a reopening's).
    pub new_deadline_ms: Option<i64>,
    pub body: String,
    /// Who wrote it, for staff events (a commune officer's name).
    pub by_staff: Option<String>,
    /// Photos with it (evidence of a fix).
    pub photos: Vec<PhotoRef>,
    /// A voice note with it (a reply said aloud).
    pub voice: Option<VoiceRef>,
    /// Staff hid its text from the public (residents get it empty).
    pub hidden: bool,
}

/// A photo of a report, served at `/photos/{id}` (and `/photos/{id}/thumb`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    pub id: i64,
    pub width: i64,
    pub height: i64,
    /// Hidden from the public by moderation (only staff get these).
    pub hidden: bool,
}

/// A voice note of a report or a reply, served at `/voice/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceRef {
    pub id: i64,
    pub duration_ms: i64,
    /// Hidden from the public with its text (only staff get these).
    pub hidden: bool,
}

impl VoiceRef {
    /// `0:07`, `1:00`.
    pub fn length(&self) -> String {
        let seconds = (self.duration_ms + 500) / 1000;
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// One report's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub summary: ReportSummary,
    pub commune: CommuneSummary,
    /// Empty for residents when staff hid it (`text_hidden`).
    pub description: String,
    pub text_hidden: bool,
    /// Where, in words (reports sent by other systems through Open311).
    pub address: String,
    /// The reporter's name; None when they chose to hide it (or deleted their account).
    pub reporter: Option<String>,
    pub position: Option<(f64, f64)>,
    pub photos: Vec<PhotoRef>,
    pub voice: Option<VoiceRef>,
    pub events: Vec<Event>,
    /// The visitor filed it.
    pub mine: bool,
    /// The visitor follows it.
    pub following: bool,
    /// The reporter may say whether it is fixed now.
    pub can_confirm: bool,
    /// For the commune admin: what staff hid may be shown again.
    pub can_unhide: bool,
    pub rating: Option<i64>,
    pub rating_comment: String,
    pub resolved_at_ms: Option<i64>,
    /// When the server read it: what "overdue" is judged against.
    pub now_ms: i64,
    /// For staff: the commune's staff, to give the report to.
    pub assignable: Vec<(i64, String)>,
    /// For staff: the reply templates of its category.
    pub templates: Vec<Template>,
}

/// A ready answer staff start a reply from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: i64,
    /// None: offered for every category.
    pub category_id: Option<i64>,
    pub title: String,
    pub body: String,
}

/// What the new-report form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewReportForm {
    pub commune: CommuneSummary,
    pub categories: Vec<Category>,
    pub villages: Vec<(i64, String)>,
    /// Where the map to pin the place opens: the middle of the commune's
    /// directory entries, when any has a position.
    pub center: Option<(f64, f64)>,
    /// Who the phone's outbox keeps drafts for (see `accounts::session::outbox_owner`):
    /// a draft is only ever sent for the person who wrote it.
    pub owner: String,
}

/// The staff's queue with what its filters offer and what they are set to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub list: ReportList,
    pub categories: Vec<Category>,
    pub villages: Vec<(i64, String)>,
    /// The commune's staff, to give reports to.
    pub staff: Vec<(i64, String)>,
    pub category: Option<i64>,
    pub village: Option<i64>,
    /// `Some(0)`: given to nobody.
    pub assignee: Option<i64>,
    /// The person looking (for "given to me").
    pub me: i64,
    /// For the commune admin: every overdue open report, whatever the filters
    /// (overdue reports escalate to the admin).
    pub escalated: Vec<ReportSummary>,
}

/// A commune's reports, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportList {
    pub commune: CommuneSummary,
    pub reports: Vec<ReportSummary>,
    pub status: Option<Status>,
    pub mine: bool,
    pub now_ms: i64,
    /// What the filters offer (empty in the staff's queue, which has its own)
    /// and what they are set to.
    pub categories: Vec<Category>,
    pub villages: Vec<(i64, String)>,
    pub category: Option<i64>,
    pub village: Option<i64>,
    /// The signed-in person's outbox tag (see `NewReportForm::owner`), to list
    /// their reports waiting on this phone.
    pub owner: Option<String>,
}

/// Where a report is being written, as the form has it (every field as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NearbyQuery {
    pub commune: String,
    pub category: String,
    pub village: String,
    pub latitude: String,
    pub longitude: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions() {
        assert_eq!(
            Description::parse("  ngắn  "),
            Err(Problem::DescriptionTooShort)
        );
        assert_eq!(
            Description::parse(&"a".repeat(2001)),
            Err(Problem::DescriptionTooLong)
        );
        let ok = Description::parse("  Đèn đường thôn An Tảo bị hỏng  ").unwrap();
        assert_eq!(ok.as_str(), "Đèn đường thôn An Tảo bị hỏng");
        assert_eq!(reply_text(" "), Err(Problem::ReplyMissing));
        // Said aloud: a few words are enough, but not none.
        assert_eq!(
            Description::parse_with_voice(" ngắn ", true)
                .unwrap()
                .as_str(),
            "ngắn"
        );
        assert_eq!(
            Description::parse_with_voice(" ab ", true),
            Err(Problem::DescriptionTooShort)
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn tracking_codes() {
        assert_eq!(tracking_code("Hưng Yên", 2026, 123), "HY-2026-000123");
        assert_eq!(tracking_code("Đắk Lắk", 2026, 1), "DL-2026-000001");
        assert_eq!(
            tracking_code("Hồ Chí Minh", 2027, 1_234_567),
            "HCM-2027-1234567"
        );
    }

    #[test]
    fn idempotency_keys() {
        assert_eq!(IdempotencyKey::parse("  "), Ok(None));
        let key = IdempotencyKey::parse("0b6e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b").unwrap();
        assert_eq!(
            key.unwrap().as_str(),
            "0b6e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"
        );
        assert_eq!(
            IdempotencyKey::parse("short"),
            Err(Problem::IdempotencyKeyInvalid)
        );
        assert_eq!(
            IdempotencyKey::parse(&"a".repeat(65)),
            Err(Problem::IdempotencyKeyInvalid)
        );
        assert_eq!(
            IdempotencyKey::parse("<script>alert(1)</script>xx"),
            Err(Problem::IdempotencyKeyInvalid)
        );
    }

    #[test]
    fn overdue_reports() {
        let report = ReportSummary {
            code: "HY-2026-000001".into(),
            category: "Giao thông".into(),
            status: Status::New,
            village: None,
            excerpt: String::new(),
            urgent: false,
            followers: 0,
            created_at_ms: 0,
            acknowledge_by_ms: 100,
            resolve_by_ms: 1000,
            assigned_to: None,
            assigned: None,
            position: None,
        };
        assert!(!report.overdue(100));
        assert!(report.overdue(101));
        let acknowledged = ReportSummary {
            status: Status::Acknowledged,
            ..report.clone()
        };
        assert!(!acknowledged.overdue(500));
        assert!(acknowledged.overdue(1001));
        let resolved = ReportSummary {
            status: Status::Resolved,
            ..report
        };
        assert!(!resolved.overdue(5000));
    }
}
