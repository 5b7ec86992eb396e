//! The essential-services directory: the five areas of the plan, the kinds of
//! service (the taxonomy), and the parse-don't-validate types of an entry: its
//! phones, its position and its opening hours. Field names follow Open Referral
//! HSDS where it has one (`service`, `organization`, `location`, `phone`,
//! `schedule`).

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::hours::{Closure, OpeningHours};

/// The five areas of the province's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Area {
    Health,
    Education,
    Security,
    Environment,
    Culture,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::Health,
        Area::Education,
        Area::Security,
        Area::Environment,
        Area::Culture,
    ];

    /// The code in the database, the API and addresses.
    pub fn code(self) -> &'static str {
        match self {
            Area::Health => "health",
            Area::Education => "education",
            Area::Security => "security",
            Area::Environment => "environment",
            Area::Culture => "culture",
        }
    }

    pub fn parse(code: &str) -> Result<Area, Problem> {
        Area::ALL
            .into_iter()
            .find(|area| area.code() == code.trim())
            .ok_or(Problem::UnknownArea)
    }

    /// The area's name in Vietnamese and English (taxonomy data, served as is by the API).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Area::Health => ("Y tế", "Health"),
            Area::Education => ("Giáo dục", "Education"),
            Area::Security => ("An ninh trật tự", "Security and order"),
            Area::Environment => ("Môi trường", "Environment"),
            Area::Culture => ("Văn hóa", "Culture"),
        }
    }
}

/// A kind of service: a term of the taxonomy, under one area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    pub code: &'static str,
    pub area: Area,
    pub vi: &'static str,
    pub en: &'static str,
}

/// The kinds of service a commune lists.
pub const KINDS: [Kind; 16] = [
    kind(
        "tram_y_te",
        Area::Health,
        "Trạm y tế",
        "Commune health station",
    ),
    kind("phong_kham", Area::Health, "Phòng khám", "Clinic"),
    kind("nha_thuoc", Area::Health, "Nhà thuốc", "Pharmacy"),
    kind(
        "truong_mam_non",
        Area::Education,
        "Trường mầm non",
        "Kindergarten",
    ),
    kind(
        "truong_tieu_hoc",
        Area::Education,
        "Trường tiểu học",
        "Primary school",
    ),
    kind(
        "truong_thcs",
        Area::Education,
        "Trường THCS",
        "Lower secondary school",
    ),
    kind(
        "truong_thpt",
        Area::Education,
        "Trường THPT",
        "Upper secondary school",
    ),
    kind("cong_an_xa", Area::Security, "Công an xã", "Commune police"),
    kind(
        "quan_su_xa",
        Area::Security,
        "Ban chỉ huy quân sự xã",
        "Commune military command",
    ),
    kind(
        "thu_gom_rac",
        Area::Environment,
        "Điểm thu gom rác",
        "Waste collection point",
    ),
    kind(
        "nuoc_sach",
        Area::Environment,
        "Trạm cấp nước sạch",
        "Clean water station",
    ),
    kind(
        "nha_van_hoa",
        Area::Culture,
        "Nhà văn hóa",
        "Community cultural house",
    ),
    kind("thu_vien", Area::Culture, "Thư viện", "Library"),
    kind(
        "san_the_thao",
        Area::Culture,
        "Sân thể thao",
        "Sports ground",
    ),
    kind(
        "buu_dien",
        Area::Culture,
        "Điểm bưu điện văn hóa xã",
        "Post and culture point",
    ),
    kind(
        "ubnd_xa",
        Area::Security,
        "Trụ sở UBND xã",
        "Commune People's Committee office",
    ),
];

const fn kind(code: &'static str, area: Area, vi: &'static str, en: &'static str) -> Kind {
    Kind { code, area, vi, en }
}

impl Kind {
    pub fn parse(code: &str) -> Result<Kind, Problem> {
        KINDS
            .into_iter()
            .find(|kind| kind.code == code.trim())
            .ok_or(Problem::UnknownKind)
    }
}

/// A service's phone number: a mobile (`09…`), a landline with its area code
/// (`0221 3…`), or one of the national short numbers (113 police, 114 fire,
/// 115 ambulance). Stored as digits (`+84…` for full numbers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePhone(String);

impl ServicePhone {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let input = input.trim();
        if input.len() > 24
            || !input
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'))
        {
            return Err(Problem::ServicePhoneInvalid);
        }
        let plus = input.starts_with('+');
        let digits: String = input.chars().filter(char::is_ascii_digit).collect();
        if !plus && matches!(digits.as_str(), "113" | "114" | "115") {
            return Ok(ServicePhone(digits));
        }
        let national = match (plus, digits.strip_prefix("84"), digits.strip_prefix('0')) {
            (true, Some(national), _) => national,
            (false, _, Some(national)) => national,
            _ => return Err(Problem::ServicePhoneInvalid),
        };
        let valid = match national.as_bytes().first() {
            // Landlines: area code 2xx, 10 digits after the leading 0.
            Some(b'2') => national.len() == 10,
            // Mobiles: 9 digits.
            Some(b'3' | b'5' | b'7' | b'8' | b'9') => national.len() == 9,
            _ => false,
        };
        if !valid {
            return Err(Problem::ServicePhoneInvalid);
        }
        Ok(ServicePhone(format!("+84{national}")))
    }

    /// What a `tel:` link dials.
    pub fn dial(&self) -> &str {
        &self.0
    }

    /// As people write it: `0221 3862 115`, `0912 345 678`, `113`.
    pub fn local(&self) -> String {
        let Some(national) = self.0.strip_prefix("+84") else {
            return self.0.clone();
        };
        if national.len() == 10 {
            format!("0{} {} {}", &national[..3], &national[3..7], &national[7..])
        } else {
            format!("0{} {} {}", &national[..3], &national[3..6], &national[6..])
        }
    }
}

/// A position inside Vietnam (the mainland and its islands).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub latitude: f64,
    pub longitude: f64,
}

impl Position {
    pub fn parse(latitude: &str, longitude: &str) -> Result<Self, Problem> {
        let parse = |text: &str| text.trim().replace(',', ".").parse::<f64>().ok();
        let (Some(latitude), Some(longitude)) = (parse(latitude), parse(longitude)) else {
            return Err(Problem::PositionInvalid);
        };
        // A box around the mainland, Hoàng Sa and Trường Sa.
        let inside = (6.0..=23.5).contains(&latitude) && (102.0..=117.5).contains(&longitude);
        if !inside {
            return Err(Problem::PositionOutsideVietnam);
        }
        Ok(Position {
            latitude,
            longitude,
        })
    }

    /// Opens the position in the phone's map app.
    pub fn geo_uri(&self) -> String {
        format!("geo:{:.6},{:.6}", self.latitude, self.longitude)
    }

    pub fn openstreetmap_url(&self) -> String {
        format!(
            "https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=17/{lat:.6}/{lon:.6}",
            lat = self.latitude,
            lon = self.longitude
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_and_kinds() {
        for area in Area::ALL {
            assert_eq!(Area::parse(area.code()), Ok(area));
            assert!(KINDS.iter().any(|k| k.area == area), "{area:?} has kinds");
        }
        assert_eq!(Area::parse("sports"), Err(Problem::UnknownArea));
        assert_eq!(Kind::parse("tram_y_te").unwrap().area, Area::Health);
        assert_eq!(Kind::parse("x"), Err(Problem::UnknownKind));
        let mut codes: Vec<_> = KINDS.iter().map(|k| k.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), KINDS.len(), "kind codes are unique");
    }

    #[test]
    fn service_phones() {
        let landline = ServicePhone::parse("0221 3862 115").unwrap();
        assert_eq!(landline.dial(), "+842213862115");
        assert_eq!(landline.local(), "0221 3862 115");
        assert_eq!(
            ServicePhone::parse("0912.345.678").unwrap().local(),
            "0912 345 678"
        );
        assert_eq!(
            ServicePhone::parse("+84 912 345 678").unwrap().dial(),
            "+84912345678"
        );
        assert_eq!(ServicePhone::parse("113").unwrap().local(), "113");
        for bad in [
            "",
            "12345",
            "0112345678",
            "0912 345 67",
            "tel:0912345678",
            "+1 912 345 678",
            "911",
        ] {
            assert_eq!(
                ServicePhone::parse(bad),
                Err(Problem::ServicePhoneInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn positions() {
        let tien_lu = Position::parse("20.6725", "106.1289").unwrap();
        assert_eq!(tien_lu.geo_uri(), "geo:20.672500,106.128900");
        assert!(tien_lu.openstreetmap_url().contains("mlat=20.672500"));
        assert!(
            Position::parse("20,6725", "106,1289").is_ok(),
            "decimal commas"
        );
        assert_eq!(
            Position::parse("48.85", "2.35"),
            Err(Problem::PositionOutsideVietnam)
        );
        assert_eq!(
            Position::parse("north", "106"),
            Err(Problem::PositionInvalid)
        );
        assert_eq!(
            Position::parse("NaN", "106"),
            Err(Problem::PositionOutsideVietnam)
        );
    }
}

/// Whether a service is open for business.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceStatus {
    Active,
    /// Closed for a while; `status_note` says why and until when.
    TemporarilyClosed,
}

impl ServiceStatus {
    pub fn code(self) -> &'static str {
        match self {
            ServiceStatus::Active => "active",
            ServiceStatus::TemporarilyClosed => "temporarily_closed",
        }
    }

    pub fn from_db(code: &str) -> ServiceStatus {
        if code == "temporarily_closed" {
            ServiceStatus::TemporarilyClosed
        } else {
            ServiceStatus::Active
        }
    }
}

/// A phone of a service: the number to dial, as people write it, and what it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub number: String,
    pub display: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: i64,
    pub name: String,
}

/// One entry of the directory, with everything a resident reads about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: i64,
    pub commune_code: i64,
    pub organization: Option<NamedRef>,
    pub area: Area,
    /// A `Kind` code.
    pub kind: String,
    pub name: String,
    pub description: String,
    pub offers: String,
    pub village: Option<NamedRef>,
    pub address: String,
    pub position: Option<Position>,
    pub status: ServiceStatus,
    pub status_note: String,
    pub verified_at_ms: Option<i64>,
    pub updated_at_ms: i64,
    pub phones: Vec<Phone>,
    pub hours: OpeningHours,
    pub closures: Vec<Closure>,
}

/// An organization that runs services in a commune.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: i64,
    pub commune_code: i64,
    pub name: String,
    pub description: String,
    pub service_count: i64,
}
