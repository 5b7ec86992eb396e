//! Accounts: the types shared by the forms in the browser and the server, and the
//! parse-don't-validate newtypes for what people type.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// A Vietnamese mobile number, normalised to `+84` and nine digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

/// Masked (`+8491*****78`): a number never reaches a log line, not even as a
/// field of a traced function.
impl std::fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

impl PhoneNumber {
    /// Accepts `0xxxxxxxxx` or `+84xxxxxxxxx` (also `84…`), with spaces, dots or
    /// dashes between digit groups. Mobile numbers start 3, 5, 7, 8 or 9 after the
    /// country code.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let input = input.trim();
        if input.len() > 20 {
            return Err(Problem::MalformedPhone);
        }
        let (plus, rest) = match input.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'))
        {
            return Err(Problem::MalformedPhone);
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let national = if let Some(national) = digits
            .strip_prefix("84")
            .filter(|_| plus || digits.len() == 11)
        {
            national
        } else if let (false, Some(national)) = (plus, digits.strip_prefix('0')) {
            national
        } else {
            return Err(Problem::MalformedPhone);
        };
        let valid = national.len() == 9
            && matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9');
        if !valid {
            return Err(Problem::MalformedPhone);
        }
        Ok(PhoneNumber(format!("+84{national}")))
    }

    /// `+84912345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+8491*****78`: enough to tell numbers apart in a log, not to call one.
    pub fn masked(&self) -> String {
        let (head, tail) = (&self.0[..5], &self.0[self.0.len() - 2..]);
        format!("{head}*****{tail}")
    }

    /// `0912 345 678`, as people in Vietnam write it.
    pub fn local(&self) -> String {
        let national = &self.0[3..];
        format!("0{} {} {}", &national[..3], &national[3..6], &national[6..])
    }
}

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A person's full name: 1 to 100 characters, no control characters. Any other
/// text (HTML included) is kept as typed and escaped wherever it is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Problem::NameMissing);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Problem::NameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(Problem::NameInvalid);
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A new password: long enough, not absurdly long, and not one of the passwords
/// everybody tries first (see `passwords::is_common` on the server).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str, is_common: impl Fn(&str) -> bool) -> Result<Self, Problem> {
        let count = input.chars().count();
        if count < MIN_PASSWORD_CHARS {
            return Err(Problem::PasswordTooShort);
        }
        if count > MAX_PASSWORD_CHARS {
            return Err(Problem::PasswordTooLong);
        }
        if is_common(input) {
            return Err(Problem::PasswordTooCommon);
        }
        Ok(NewPassword(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// What a person can do beyond being a resident. A person holds at most one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Resident,
    CommuneStaff { commune: i64 },
    CommuneAdmin { commune: i64 },
    ProvinceOfficer { province: i64 },
    SystemAdmin,
}

impl Role {
    /// Whether the person sees the staff menu.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Resident)
    }

    /// The commune whose internal pages the person works in, if any.
    pub fn commune(self) -> Option<i64> {
        match self {
            Role::CommuneStaff { commune } | Role::CommuneAdmin { commune } => Some(commune),
            _ => None,
        }
    }

    pub fn as_db(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::CommuneStaff { .. } => "commune_staff",
            Role::CommuneAdmin { .. } => "commune_admin",
            Role::ProvinceOfficer { .. } => "province_officer",
            Role::SystemAdmin => "system_admin",
        }
    }

    /// The role stored as `role` with its scope columns.
    pub fn from_db(role: &str, commune: Option<i64>, province: Option<i64>) -> Option<Role> {
        match (role, commune, province) {
            ("commune_staff", Some(commune), _) => Some(Role::CommuneStaff { commune }),
            ("commune_admin", Some(commune), _) => Some(Role::CommuneAdmin { commune }),
            ("province_officer", _, Some(province)) => Some(Role::ProvinceOfficer { province }),
            ("system_admin", _, _) => Some(Role::SystemAdmin),
            _ => None,
        }
    }
}

/// What every page knows of the signed-in person: only whether there is one,
/// whether they are staff, and how many notifications they have not read (it
/// travels with the page, so it holds nothing personal; pages that need more ask
/// the server). Flags in one byte keep the code that reads it small in the
/// WebAssembly every page loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo(u8, u32);

impl SessionInfo {
    const SIGNED_IN: u8 = 1;
    const STAFF: u8 = 2;

    pub fn anonymous() -> Self {
        SessionInfo(0, 0)
    }

    pub fn of(role: Role, unread: u32) -> Self {
        SessionInfo(
            Self::SIGNED_IN | if role.is_staff() { Self::STAFF } else { 0 },
            unread,
        )
    }

    pub fn signed_in(self) -> bool {
        self.0 & Self::SIGNED_IN != 0
    }

    pub fn is_staff(self) -> bool {
        self.0 & Self::STAFF != 0
    }

    /// Notifications not read yet.
    pub fn unread(self) -> u32 {
        self.1
    }
}

/// The account page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    /// As people write it: `0912 345 678`.
    pub phone: String,
    pub role: Role,
    pub home_commune: Option<crate::places::model::CommuneSummary>,
    pub village_id: Option<i64>,
    /// The villages of the home commune, to choose from.
    pub villages: Vec<crate::places::model::Village>,
    pub lang: crate::i18n::Lang,
    /// When the server read it (shown when the page is read offline).
    pub read_at_ms: i64,
}

/// The sign-up form's choices: the commune the visitor chose and its villages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpChoices {
    pub commune: Option<crate::places::model::CommuneSummary>,
    pub villages: Vec<crate::places::model::Village>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_normalised() {
        for (input, want) in [
            ("0912345678", "+84912345678"),
            ("0912 345 678", "+84912345678"),
            ("0912.345.678", "+84912345678"),
            ("+84912345678", "+84912345678"),
            ("+84 912-345-678", "+84912345678"),
            ("84912345678", "+84912345678"),
            ("0362345678", "+84362345678"),
        ] {
            assert_eq!(PhoneNumber::parse(input).unwrap().as_str(), want, "{input}");
        }
        let number = PhoneNumber::parse("0912345678").unwrap();
        assert_eq!(number.masked(), "+8491*****78");
        assert!(!format!("{number:?}").contains("2345"));
        assert_eq!(
            PhoneNumber::parse("0912345678").unwrap().local(),
            "0912 345 678"
        );
    }

    #[test]
    fn malformed_phone_numbers_are_refused() {
        for bad in [
            "",
            "091234567",
            "09123456789",
            "0212345678",
            "+8412345678",
            "+1 912345678",
            "0912a45678",
            "<script>",
            "+84+912345678",
            "0912345678 ext 2",
            &"9".repeat(500),
        ] {
            assert_eq!(
                PhoneNumber::parse(bad),
                Err(Problem::MalformedPhone),
                "{bad}"
            );
        }
    }

    #[test]
    fn names() {
        assert_eq!(
            PersonName::parse("  Nguyễn   Văn  An ").unwrap().as_str(),
            "Nguyễn Văn An"
        );
        assert_eq!(PersonName::parse("   "), Err(Problem::NameMissing));
        assert_eq!(
            PersonName::parse(&"a".repeat(10_000)),
            Err(Problem::NameTooLong)
        );
        assert!(PersonName::parse(&"ễ".repeat(MAX_NAME_CHARS)).is_ok());
        assert_eq!(PersonName::parse("An\u{0}"), Err(Problem::NameInvalid));
        // Markup is kept as text; it is escaped where shown.
        assert_eq!(
            PersonName::parse("<b>An</b>").unwrap().as_str(),
            "<b>An</b>"
        );
    }

    #[test]
    fn passwords() {
        let never = |_: &str| false;
        assert_eq!(
            NewPassword::parse("short", never),
            Err(Problem::PasswordTooShort)
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129), never),
            Err(Problem::PasswordTooLong)
        );
        assert_eq!(
            NewPassword::parse("12345678", |p| p == "12345678"),
            Err(Problem::PasswordTooCommon)
        );
        assert!(NewPassword::parse("lúa chín vàng", never).is_ok());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-words", never).unwrap()),
            "NewPassword(…)"
        );
    }

    #[test]
    fn roles_round_trip() {
        for role in [
            Role::CommuneStaff { commune: 12364 },
            Role::CommuneAdmin { commune: 12364 },
            Role::ProvinceOfficer { province: 33 },
            Role::SystemAdmin,
        ] {
            let (commune, province) = match role {
                Role::CommuneStaff { commune } | Role::CommuneAdmin { commune } => {
                    (Some(commune), None)
                }
                Role::ProvinceOfficer { province } => (None, Some(province)),
                _ => (None, None),
            };
            assert_eq!(Role::from_db(role.as_db(), commune, province), Some(role));
            assert!(role.is_staff());
        }
        assert!(!Role::Resident.is_staff());
        assert!(SessionInfo::of(Role::SystemAdmin, 0).is_staff());
        assert!(SessionInfo::of(Role::Resident, 0).signed_in());
        assert!(!SessionInfo::of(Role::Resident, 0).is_staff());
        assert!(!SessionInfo::anonymous().signed_in());
        assert_eq!(Role::from_db("commune_staff", None, None), None);
    }
}
