//! Announcements (thông báo) of a commune: the kinds, what staff write, and
//! what residents read. Shared by the staff form in the browser and the server.

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::places::model::CommuneSummary;

/// The longest title and text, in characters.
pub const TITLE_MAX: usize = 150;
pub const BODY_MAX: usize = 5000;

/// What an announcement is. Urgent alerts (a flood warning, a dyke breach) come
/// first everywhere and are pushed to everyone who asked for urgent ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Alert,
    Notice,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Alert, Kind::Notice, Kind::Event];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Alert => "alert",
            Kind::Notice => "notice",
            Kind::Event => "event",
        }
    }

    pub fn parse(code: &str) -> Result<Kind, Problem> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
            .ok_or(Problem::UnknownAnnouncementKind)
    }
}

/// An announcement as the staff form sends it: every field as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnnouncementInput {
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The villages it is for, as ticked boxes (`announcement[villages][v12]=on`
    /// for village 12); none: the whole commune.
    pub villages: std::collections::BTreeMap<String, String>,
    /// The last day it is shown (`yyyy-mm-dd` or `dd/mm/yyyy`); empty: until withdrawn.
    pub expires_on: String,
    /// The time on that day (`hh:mm`, Vietnam); empty: the end of the day.
    pub expires_time: String,
}

/// An announcement, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedAnnouncement {
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub villages: Vec<i64>,
    pub expires_at_ms: Option<i64>,
}

impl AnnouncementInput {
    /// Checks every field at `now_ms`; the villages are only checked to be ids
    /// here (the server checks they are the commune's).
    pub fn check(&self, now_ms: i64) -> Result<CheckedAnnouncement, Problem> {
        let kind = Kind::parse(&self.kind)?;
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(Problem::AnnouncementTitleMissing);
        }
        if title.chars().count() > TITLE_MAX {
            return Err(Problem::TextTooLong);
        }
        let body = self.body.trim().to_owned();
        if body.is_empty() {
            return Err(Problem::AnnouncementBodyMissing);
        }
        if body.chars().count() > BODY_MAX {
            return Err(Problem::TextTooLong);
        }
        let mut villages = self
            .villages
            .keys()
            .map(|key| {
                key.strip_prefix('v')
                    .and_then(|id| id.parse::<i64>().ok())
                    .ok_or(Problem::UnknownVillage)
            })
            .collect::<Result<Vec<_>, _>>()?;
        villages.sort_unstable();
        villages.dedup();
        let expires_at_ms = match (self.expires_on.trim(), self.expires_time.trim()) {
            ("", "") => None,
            ("", _) => return Err(Problem::DateInvalid),
            (day, time) => {
                let day = crate::time::parse_date(day).ok_or(Problem::DateInvalid)?;
                let time = if time.is_empty() { "23:59" } else { time };
                let valid_time = time.len() == 5 && time.as_bytes()[2] == b':';
                if !valid_time {
                    return Err(Problem::DateInvalid);
                }
                let at = crate::time::parse_iso(&format!("{day}T{time}:00+07:00"))
                    .ok_or(Problem::DateInvalid)?;
                if at <= now_ms {
                    return Err(Problem::ExpiryInPast);
                }
                Some(at)
            }
        };
        Ok(CheckedAnnouncement {
            kind,
            title,
            body,
            villages,
            expires_at_ms,
        })
    }
}

/// An announcement as residents and staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    /// The names of the villages it is for; empty: the whole commune.
    pub villages: Vec<String>,
    pub created_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub withdrawn_at_ms: Option<i64>,
}

impl Announcement {
    /// Shown to residents at `now_ms`: not withdrawn, not expired.
    pub fn current(&self, now_ms: i64) -> bool {
        self.withdrawn_at_ms.is_none() && self.expires_at_ms.is_none_or(|at| at > now_ms)
    }
}

/// Urgent alerts first, then the newest.
pub fn sort_for_reading(list: &mut [Announcement]) {
    list.sort_by_key(|a| {
        (
            a.kind != Kind::Alert,
            std::cmp::Reverse((a.created_at_ms, a.id)),
        )
    });
}

/// What the home page shows: every current urgent alert, then the newest other one.
pub fn for_home(mut current: Vec<Announcement>) -> Vec<Announcement> {
    sort_for_reading(&mut current);
    let alerts = current.iter().filter(|a| a.kind == Kind::Alert).count();
    current.truncate(alerts + 1);
    current
}

/// A commune's current announcements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementList {
    pub commune: CommuneSummary,
    pub items: Vec<Announcement>,
    /// When the server read them (shown when the page is read offline).
    pub read_at_ms: i64,
}

/// One announcement's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementPage {
    pub commune: CommuneSummary,
    pub announcement: Announcement,
    pub read_at_ms: i64,
}

/// The staff's page: every announcement of the commune (newest first, the
/// expired and withdrawn ones too), the villages to address, and the one
/// being edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAnnouncements {
    pub commune: CommuneSummary,
    pub items: Vec<Announcement>,
    pub villages: Vec<(i64, String)>,
    pub editing: Option<Editing>,
    pub now_ms: i64,
}

/// A current announcement as its edit form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editing {
    pub announcement: Announcement,
    /// The ids of the villages it names.
    pub villages: Vec<i64>,
    /// Its last day, `yyyy-mm-dd`, and time, `hh:mm` (Vietnam); empty: none.
    pub expires_on: String,
    pub expires_time: String,
}

impl Editing {
    pub fn of(announcement: Announcement, villages: Vec<i64>) -> Self {
        let expires = announcement
            .expires_at_ms
            .map(crate::time::iso_date_time)
            .unwrap_or_default();
        Editing {
            expires_on: expires.get(..10).unwrap_or_default().to_owned(),
            expires_time: expires.get(11..16).unwrap_or_default().to_owned(),
            announcement,
            villages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_985_880_000; // 30/11/2026 03:58 in Vietnam

    fn input() -> AnnouncementInput {
        AnnouncementInput {
            kind: "alert".into(),
            title: "  Cảnh báo   lũ  ".into(),
            body: "Nước sông Luộc lên nhanh, bà con thôn An Tảo chú ý.".into(),
            villages: [("v3", "on"), ("v2", "on")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            expires_on: "01/12/2026".into(),
            expires_time: "".into(),
        }
    }

    #[test]
    fn an_edited_announcement_shows_its_last_day_as_the_form_takes_it() {
        let checked = input().check(NOW).unwrap();
        let announcement = Announcement {
            id: 1,
            kind: checked.kind,
            title: checked.title,
            body: checked.body,
            villages: Vec::new(),
            created_at_ms: NOW,
            expires_at_ms: checked.expires_at_ms,
            withdrawn_at_ms: None,
        };
        let editing = Editing::of(announcement.clone(), vec![2, 3]);
        assert_eq!(
            (editing.expires_on.as_str(), editing.expires_time.as_str()),
            ("2026-12-01", "23:59")
        );
        // Sent back unchanged, it means the same last minute.
        let again = AnnouncementInput {
            expires_on: editing.expires_on.clone(),
            expires_time: editing.expires_time.clone(),
            ..input()
        };
        assert_eq!(
            again.check(NOW).unwrap().expires_at_ms,
            checked.expires_at_ms
        );
        let forever = Editing::of(
            Announcement {
                expires_at_ms: None,
                ..announcement
            },
            Vec::new(),
        );
        assert_eq!(
            (forever.expires_on.as_str(), forever.expires_time.as_str()),
            ("", "")
        );
    }

    #[test]
    fn checks_and_tidies_an_announcement() {
        let checked = input().check(NOW).unwrap();
        assert_eq!(checked.kind, Kind::Alert);
        assert_eq!(checked.title, "Cảnh báo lũ");
        assert_eq!(checked.villages, vec![2, 3]);
        // The end of 01/12/2026 in Vietnam.
        assert_eq!(
            checked.expires_at_ms.map(crate::time::date_time),
            Some("01/12/2026 23:59".to_owned())
        );
        let until_noon = AnnouncementInput {
            expires_time: "12:00".into(),
            ..input()
        };
        assert_eq!(
            until_noon
                .check(NOW)
                .unwrap()
                .expires_at_ms
                .map(crate::time::date_time),
            Some("01/12/2026 12:00".to_owned())
        );
        let forever = AnnouncementInput {
            expires_on: "".into(),
            ..input()
        };
        assert_eq!(forever.check(NOW).unwrap().expires_at_ms, None);
    }

    #[test]
    fn refuses_what_is_wrong() {
        let wrong = |change: fn(&mut AnnouncementInput)| {
            let mut input = input();
            change(&mut input);
            input.check(NOW).unwrap_err()
        };
        assert_eq!(
            wrong(|i| i.kind = "party".into()),
            Problem::UnknownAnnouncementKind
        );
        assert_eq!(
            wrong(|i| i.title = " ".into()),
            Problem::AnnouncementTitleMissing
        );
        assert_eq!(wrong(|i| i.title = "x".repeat(151)), Problem::TextTooLong);
        assert_eq!(
            wrong(|i| i.body = "\n".into()),
            Problem::AnnouncementBodyMissing
        );
        assert_eq!(
            wrong(|i| i.body = "x".repeat(100_000)),
            Problem::TextTooLong
        );
        assert_eq!(
            wrong(|i| {
                i.villages.insert("An Tảo".into(), "on".into());
            }),
            Problem::UnknownVillage
        );
        assert_eq!(
            wrong(|i| i.expires_on = "31/02/2026".into()),
            Problem::DateInvalid
        );
        assert_eq!(
            wrong(|i| i.expires_time = "25h".into()),
            Problem::DateInvalid
        );
        assert_eq!(
            wrong(|i| i.expires_on = "29/11/2026".into()),
            Problem::ExpiryInPast
        );
        assert_eq!(
            wrong(|i| {
                i.expires_on = "".into();
                i.expires_time = "08:00".into()
            }),
            Problem::DateInvalid
        );
    }

    fn announcement(id: i64, kind: Kind, at: i64) -> Announcement {
        Announcement {
            id,
            kind,
            title: format!("#{id}"),
            body: String::new(),
            villages: Vec::new(),
            created_at_ms: at,
            expires_at_ms: None,
            withdrawn_at_ms: None,
        }
    }

    #[test]
    fn alerts_come_first_then_the_newest() {
        let list = vec![
            announcement(1, Kind::Notice, 10),
            announcement(2, Kind::Alert, 5),
            announcement(3, Kind::Event, 30),
            announcement(4, Kind::Alert, 20),
        ];
        let home = for_home(list.clone());
        assert_eq!(home.iter().map(|a| a.id).collect::<Vec<_>>(), vec![4, 2, 3]);
        let mut all = list;
        sort_for_reading(&mut all);
        assert_eq!(
            all.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![4, 2, 3, 1]
        );
        assert!(for_home(Vec::new()).is_empty());
    }

    #[test]
    fn expired_and_withdrawn_ones_are_not_current() {
        let mut a = announcement(1, Kind::Notice, 10);
        assert!(a.current(NOW));
        a.expires_at_ms = Some(NOW);
        assert!(!a.current(NOW));
        a.expires_at_ms = Some(NOW + 1);
        assert!(a.current(NOW));
        a.withdrawn_at_ms = Some(NOW - 1);
        assert!(!a.current(NOW));
    }
}
