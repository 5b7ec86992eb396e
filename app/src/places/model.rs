//! Places: provinces, communes (xã, phường, đặc khu) and the villages (thôn, tổ dân
//! phố) that each commune defines. Codes are the statistics office's.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// The longest search text accepted, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;

/// A commune code as typed in a URL or a cookie: 1 to 5 digits (the official codes
/// run from 4 to 32,xxx).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommuneCode(i64);

impl CommuneCode {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        parse_code(input)
            .map(CommuneCode)
            .ok_or(Problem::MalformedCommuneCode)
    }

    /// A code read back from the database, where only valid codes are stored.
    pub fn from_db(code: i64) -> Self {
        CommuneCode(code)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A province code: 1 or 2 digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProvinceCode(i64);

impl ProvinceCode {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        match parse_code(input) {
            Some(code) if code < 100 => Ok(ProvinceCode(code)),
            _ => Err(Problem::MalformedProvinceCode),
        }
    }

    /// A code read back from the database, where only valid codes are stored.
    pub fn from_db(code: i64) -> Self {
        ProvinceCode(code)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

fn parse_code(input: &str) -> Option<i64> {
    let input = input.trim();
    if input.is_empty() || input.len() > 5 || !input.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    input.parse().ok().filter(|code| *code > 0)
}

/// What a visitor typed into the place search, trimmed and bounded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchText(String);

impl SearchText {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let text = input.trim();
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(Problem::SearchTooLong);
        }
        Ok(SearchText(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    pub code: i64,
    pub name: String,
    pub commune_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneSummary {
    pub code: i64,
    pub name: String,
    pub province_code: i64,
    pub province_name: String,
    pub enabled: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VillageKind {
    /// thôn (a rural village)
    Thon,
    /// tổ dân phố (a residential group in a town)
    ToDanPho,
}

impl VillageKind {
    pub fn as_db(self) -> &'static str {
        match self {
            VillageKind::Thon => "thon",
            VillageKind::ToDanPho => "to_dan_pho",
        }
    }

    pub fn from_db(value: &str) -> Option<Self> {
        match value {
            "thon" => Some(VillageKind::Thon),
            "to_dan_pho" => Some(VillageKind::ToDanPho),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Village {
    pub id: i64,
    pub name: String,
    pub kind: VillageKind,
}

/// What the commune home page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneHome {
    pub commune: CommuneSummary,
    pub villages: Vec<Village>,
}

/// The answer to a place search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceSearch {
    /// The province the search was narrowed to, if any.
    pub province: Option<Province>,
    pub provinces: Vec<Province>,
    pub communes: Vec<CommuneSummary>,
    /// More communes matched than were returned.
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commune_codes() {
        assert_eq!(CommuneCode::parse("12364").unwrap().get(), 12364);
        assert_eq!(CommuneCode::parse(" 70 ").unwrap().get(), 70);
        for bad in ["", "abc", "12a", "-4", "0", "123456", "1.5", "１２"] {
            assert_eq!(
                CommuneCode::parse(bad),
                Err(Problem::MalformedCommuneCode),
                "{bad}"
            );
        }
    }

    #[test]
    fn province_codes() {
        assert_eq!(ProvinceCode::parse("33").unwrap().get(), 33);
        assert_eq!(
            ProvinceCode::parse("330"),
            Err(Problem::MalformedProvinceCode)
        );
        assert_eq!(
            ProvinceCode::parse("x"),
            Err(Problem::MalformedProvinceCode)
        );
    }

    #[test]
    fn search_text_is_bounded() {
        assert_eq!(
            SearchText::parse("  phố hiến ").unwrap().as_str(),
            "phố hiến"
        );
        assert!(SearchText::parse(&"ă".repeat(100)).is_ok());
        assert_eq!(
            SearchText::parse(&"ă".repeat(101)),
            Err(Problem::SearchTooLong)
        );
    }

    #[test]
    fn village_kinds_round_trip() {
        for kind in [VillageKind::Thon, VillageKind::ToDanPho] {
            assert_eq!(VillageKind::from_db(kind.as_db()), Some(kind));
        }
        assert_eq!(VillageKind::from_db("x"), None);
    }
}
