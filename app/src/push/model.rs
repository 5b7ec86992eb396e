//! Web Push: what a phone subscribes with, the topics it chooses, which push
//! services the server sends to, and the messages it sends (what happened, and
//! the words shown in the person's language).

use serde::{Deserialize, Serialize};

use crate::announcements::model::Kind;
use crate::error::Problem;
use crate::i18n::Texts;
use crate::paths;
use crate::reports::lifecycle::Status;

/// Which announcements of the person's commune reach this phone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnnouncementTopic {
    None,
    /// Only urgent alerts (floods, storms): the default.
    #[default]
    Urgent,
    All,
}

impl AnnouncementTopic {
    pub const ALL: [AnnouncementTopic; 3] = [
        AnnouncementTopic::None,
        AnnouncementTopic::Urgent,
        AnnouncementTopic::All,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AnnouncementTopic::None => "none",
            AnnouncementTopic::Urgent => "urgent",
            AnnouncementTopic::All => "all",
        }
    }

    pub fn parse(code: &str) -> Result<Self, Problem> {
        AnnouncementTopic::ALL
            .into_iter()
            .find(|t| t.code() == code.trim())
            .ok_or(Problem::UnknownPushTopic)
    }
}

/// The topics turned on for one phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topics {
    /// Replies and status changes of my reports and those I follow.
    pub reports: bool,
    pub announcements: AnnouncementTopic,
}

impl Topics {
    /// From the form: `reports` is a checkbox (`1` when ticked, absent
    /// otherwise), `announcements` one of the codes.
    pub fn parse(reports: &str, announcements: &str) -> Result<Self, Problem> {
        let reports = match reports.trim() {
            "" | "0" => false,
            "1" | "on" => true,
            _ => return Err(Problem::UnknownPushTopic),
        };
        Ok(Topics {
            reports,
            announcements: AnnouncementTopic::parse(announcements)?,
        })
    }
}

/// The longest endpoint address taken (push services use a few hundred bytes).
pub const ENDPOINT_MAX: usize = 1024;

/// The push services the server sends to. A subscription's endpoint is an
/// address the server will POST to, so it must be one of these (an https
/// address of a known push service): anything else would let a visitor make
/// the server call addresses of their choosing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushServices {
    /// Host names accepted over https, matched exactly; an entry `*.example`
    /// also takes every host one level or more below `example` (for a push
    /// service that really spreads over such hosts, as Windows' does).
    pub hosts: Vec<String>,
    /// Also `http://127.0.0.1` and `http://localhost` (a test push service).
    pub allow_loopback: bool,
}

impl Default for PushServices {
    /// The push services of Chrome and Android (Firebase), Firefox, Edge and Safari.
    fn default() -> Self {
        PushServices {
            hosts: DEFAULT_PUSH_HOSTS.split(',').map(str::to_owned).collect(),
            allow_loopback: false,
        }
    }
}

/// The default of `XASO_PUSH_HOSTS`.
pub const DEFAULT_PUSH_HOSTS: &str = "fcm.googleapis.com,updates.push.services.mozilla.com,\
     web.push.apple.com,*.notify.windows.com";

impl PushServices {
    /// The endpoint, when it is an address of an accepted push service.
    pub fn check(&self, endpoint: &str) -> Result<String, Problem> {
        let endpoint = endpoint.trim();
        if endpoint.is_empty() || endpoint.len() > ENDPOINT_MAX {
            return Err(Problem::PushEndpointInvalid);
        }
        let uri: http::Uri = endpoint.parse().map_err(|_| Problem::PushEndpointInvalid)?;
        let host = uri.host().unwrap_or_default().to_ascii_lowercase();
        let accepted = match uri.scheme_str() {
            Some("https") => self
                .hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .any(|h| match h.strip_prefix("*.") {
                    Some(domain) => host
                        .strip_suffix(domain)
                        .and_then(|sub| sub.strip_suffix('.'))
                        .is_some_and(|sub| !sub.is_empty()),
                    None => host == h,
                }),
            Some("http") => {
                self.allow_loopback && matches!(host.as_str(), "127.0.0.1" | "localhost")
            }
            _ => false,
        };
        // No user name or password in the address (`https://a@b/`).
        if !accepted || uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            return Err(Problem::PushEndpointInvalid);
        }
        Ok(endpoint.to_owned())
    }
}

/// What happened, as a push job keeps it: the words are chosen when it is
/// sent, in the language of the person it goes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PushEvent {
    /// A public reply (`reply`) or a status change of a report.
    Report {
        code: String,
        category: String,
        status: Option<Status>,
        reply: bool,
    },
    Announcement {
        id: i64,
        kind: Kind,
        title: String,
        /// The first words of its text.
        body: String,
    },
}

/// What the phone shows: the service worker passes it to `showNotification`
/// and opens `url` when it is tapped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushMessage {
    pub title: String,
    pub body: String,
    pub url: String,
    /// A newer message with the same tag replaces the older one on the phone.
    pub tag: String,
    pub lang: String,
}

impl PushEvent {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The message in the words of `t` (language `lang`).
    pub fn message(&self, t: &Texts, lang: &str) -> PushMessage {
        match self {
            PushEvent::Report {
                code,
                category,
                status,
                reply,
            } => PushMessage {
                title: format!("{category} · {code}"),
                body: match (status, reply) {
                    (Some(status), _) => (t.push_report_status)(status.name(t)),
                    (None, _) => t.push_report_reply.to_owned(),
                },
                url: paths::report(code),
                tag: format!("report-{code}"),
                lang: lang.to_owned(),
            },
            PushEvent::Announcement {
                id,
                kind,
                title,
                body,
            } => PushMessage {
                title: match kind {
                    Kind::Alert => format!("{} {title}", t.ann_alert_prefix),
                    _ => title.clone(),
                },
                body: body.clone(),
                url: paths::announcement(id),
                tag: format!("announcement-{id}"),
                lang: lang.to_owned(),
            },
        }
    }
}

/// A phone's subscription, as the browser gives it (`PushSubscription.toJSON()`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionInput {
    pub endpoint: String,
    /// base64url (no padding) of the browser's P-256 public key, 65 bytes.
    pub p256dh: String,
    /// base64url of its 16-byte authentication secret.
    pub auth: String,
}

/// A subscription, checked: an accepted endpoint and keys that are real keys.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

#[cfg(feature = "ssr")]
impl SubscriptionInput {
    pub fn check(&self, services: &PushServices) -> Result<Subscription, Problem> {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let endpoint = services.check(&self.endpoint)?;
        // Browsers write base64url; some add padding.
        let decode = |text: &str| {
            Base64UrlUnpadded::decode_vec(text.trim().trim_end_matches('='))
                .map_err(|_| Problem::PushKeysInvalid)
        };
        let key = decode(&self.p256dh)?;
        // An uncompressed point on P-256, or nothing could be encrypted for it.
        if key.len() != 65 || p256::PublicKey::from_sec1_bytes(&key).is_err() {
            return Err(Problem::PushKeysInvalid);
        }
        if decode(&self.auth)?.len() != 16 {
            return Err(Problem::PushKeysInvalid);
        }
        Ok(Subscription {
            endpoint,
            p256dh: Base64UrlUnpadded::encode_string(&key),
            auth: self.auth.trim().trim_end_matches('=').to_owned(),
        })
    }
}

/// What the account page shows about push on this phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSettings {
    /// The server's VAPID public key (base64url): what the phone subscribes with.
    pub public_key: String,
    /// This phone's topics, when the endpoint it asked about is subscribed.
    pub topics: Option<Topics>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_from_the_form() {
        assert_eq!(
            Topics::parse("1", "all"),
            Ok(Topics {
                reports: true,
                announcements: AnnouncementTopic::All
            })
        );
        assert_eq!(
            Topics::parse("", "none"),
            Ok(Topics {
                reports: false,
                announcements: AnnouncementTopic::None
            })
        );
        assert_eq!(
            Topics::parse("yes please", "all"),
            Err(Problem::UnknownPushTopic)
        );
        assert_eq!(
            Topics::parse("1", "sometimes"),
            Err(Problem::UnknownPushTopic)
        );
    }

    #[test]
    fn only_push_services_are_endpoints() {
        let services = PushServices::default();
        let ok = "https://fcm.googleapis.com/fcm/send/abc:def";
        assert_eq!(services.check(ok).as_deref(), Ok(ok));
        assert!(
            services
                .check("https://updates.push.services.mozilla.com/wpush/v2/x")
                .is_ok()
        );
        assert!(services.check("https://web.push.apple.com/QGuQ").is_ok());
        assert!(
            services
                .check("https://wns2-par02p.notify.windows.com/w/?token=x")
                .is_ok()
        );
        for bad in [
            // Subdomains of a push service's domain are anybody's hosts.
            "https://evil.fcm.googleapis.com/x",
            "https://attacker.push.apple.com/x",
            "https://push.services.mozilla.com/x",
            "https://notify.windows.com/w/x",
            "https://evilnotify.windows.com/w/x",
            "",
            "not a url",
            "http://fcm.googleapis.com/fcm/send/x",
            "https://evil.example/fcm.googleapis.com",
            "https://fcm.googleapis.com.evil.example/x",
            "https://user@fcm.googleapis.com/x",
            "https://192.168.1.1/x",
            "http://127.0.0.1:9/push",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                services.check(bad),
                Err(Problem::PushEndpointInvalid),
                "{bad}"
            );
        }
        assert!(
            services
                .check(&format!("https://fcm.googleapis.com/{}", "a".repeat(2000)))
                .is_err()
        );
        let tests = PushServices {
            allow_loopback: true,
            ..PushServices::default()
        };
        assert!(tests.check("http://127.0.0.1:9/push/1").is_ok());
        assert!(tests.check("http://10.0.0.1/push/1").is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn subscriptions_need_real_keys() {
        let services = PushServices::default();
        // A real P-256 point (the example of RFC 8291) and a 16-byte secret.
        let good = SubscriptionInput {
            endpoint: "https://fcm.googleapis.com/fcm/send/x".into(),
            p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4".into(),
            auth: "BTBZMqHH6r4Tts7J_aSIgg".into(),
        };
        let checked = good.check(&services).unwrap();
        assert_eq!(checked.auth, "BTBZMqHH6r4Tts7J_aSIgg");
        let bad = |change: fn(&mut SubscriptionInput)| {
            let mut input = good.clone();
            change(&mut input);
            input.check(&services)
        };
        assert_eq!(
            bad(|s| s.p256dh = "not base64!".into()),
            Err(Problem::PushKeysInvalid)
        );
        // 65 bytes, but not a point on the curve.
        assert_eq!(
            bad(|s| s.p256dh = format!("B{}", "A".repeat(86))),
            Err(Problem::PushKeysInvalid)
        );
        assert_eq!(
            bad(|s| s.auth = "c2hvcnQ".into()),
            Err(Problem::PushKeysInvalid)
        );
        assert_eq!(
            bad(|s| s.endpoint = "https://attacker.example/".into()),
            Err(Problem::PushEndpointInvalid)
        );
    }

    #[test]
    fn messages_in_the_persons_language() {
        let reply = PushEvent::Report {
            code: "HY-2026-000007".into(),
            category: "Giao thông".into(),
            status: None,
            reply: true,
        };
        let vi = reply.message(crate::i18n::Lang::Vi.texts(), "vi");
        assert_eq!(vi.title, "Giao thông · HY-2026-000007");
        assert_eq!(vi.url, "/reports/HY-2026-000007");
        let en = reply.message(crate::i18n::Lang::En.texts(), "en");
        assert_ne!(vi.body, en.body);
        let resolved = PushEvent::Report {
            code: "HY-2026-000007".into(),
            category: "Giao thông".into(),
            status: Some(Status::Resolved),
            reply: false,
        };
        assert!(
            resolved
                .message(crate::i18n::Lang::Vi.texts(), "vi")
                .body
                .contains("Đã xử lý")
        );
        let alert = PushEvent::Announcement {
            id: 4,
            kind: Kind::Alert,
            title: "Lũ lên".into(),
            body: "Sơ tán".into(),
        };
        let message = alert.message(crate::i18n::Lang::Vi.texts(), "vi");
        assert!(message.title.ends_with("Lũ lên") && message.title.len() > "Lũ lên".len());
        assert_eq!(message.url, "/announcements/4");
        let json = alert.to_json();
        assert_eq!(serde_json::from_str::<PushEvent>(&json).unwrap(), alert);
    }
}
