//! Every address the app serves or links to, named once. The areas' page
//! tables (`routes.rs`), the links and redirects of pages and server
//! functions, and the server's own routes (uploads, exports, photos) all use
//! these. Only the router's area patterns in `lib.rs` are written out, because
//! `path!` takes literals; `tests::every_page_is_under_an_area` holds them
//! together.
//!
//! A `…_ROUTE` is an axum pattern (`{id}`), next to the function that fills
//! it in for a link.

use std::fmt::Display;

pub const HOME: &str = "/";
pub const CHOOSE_COMMUNE: &str = "/commune";
pub const OFFLINE: &str = "/offline";

/// What a commune's code is appended to for its home page.
pub const COMMUNE_BASE: &str = "/c/";

/// A commune's home page.
pub fn commune(code: impl Display) -> String {
    format!("{COMMUNE_BASE}{code}")
}

/// A commune's public record.
pub fn commune_record(code: impl Display) -> String {
    format!("{COMMUNE_BASE}{code}/record")
}

// --- Directory --------------------------------------------------------------

pub const DIRECTORY: &str = "/directory";

/// The services of one area (`Area::code`).
pub fn directory_area(area: impl Display) -> String {
    format!("{DIRECTORY}?area={area}")
}

/// One service of the directory.
pub fn service(id: impl Display) -> String {
    format!("{DIRECTORY}/{id}")
}

// --- Reports ----------------------------------------------------------------

pub const REPORTS: &str = "/reports";
pub const NEW_REPORT: &str = "/reports/new";
pub const NOTIFICATIONS: &str = "/reports/notifications";
/// The report form's multipart post (photos and a voice note).
pub const REPORT_UPLOAD: &str = "/reports/upload";
/// What a report's tracking code is appended to.
const REPORT_BASE: &str = "/reports/";
/// The reports already filed near a report being written (an HTML fragment).
pub const NEARBY_REPORTS: &str = "/fragments/nearby-reports";

/// A report's public page.
pub fn report(code: impl Display) -> String {
    format!("{REPORT_BASE}{code}")
}

pub const PHOTO_ROUTE: &str = "/photos/{id}";
pub const PHOTO_THUMB_ROUTE: &str = "/photos/{id}/thumb";
pub const VOICE_ROUTE: &str = "/voice/{id}";

pub fn photo(id: impl Display) -> String {
    format!("/photos/{id}")
}

pub fn photo_thumb(id: impl Display) -> String {
    format!("/photos/{id}/thumb")
}

pub fn voice(id: impl Display) -> String {
    format!("/voice/{id}")
}

// --- Surveys ----------------------------------------------------------------

pub const SURVEYS: &str = "/surveys";
pub const SURVEY_SUMMARY_CSV_ROUTE: &str = "/exports/surveys/{id}/summary.csv";
pub const SURVEY_RESPONSES_CSV_ROUTE: &str = "/exports/surveys/{id}/responses.csv";

/// A survey's page for residents.
pub fn survey(id: impl Display) -> String {
    format!("{SURVEYS}/{id}")
}

pub fn survey_results(id: impl Display) -> String {
    format!("{SURVEYS}/{id}/results")
}

/// A survey's CSV export: `what` is `summary` or `responses`.
pub fn survey_export(id: impl Display, what: &str) -> String {
    format!("/exports/surveys/{id}/{what}.csv")
}

// --- Announcements ----------------------------------------------------------

pub const ANNOUNCEMENTS: &str = "/announcements";

pub fn announcement(id: impl Display) -> String {
    format!("{ANNOUNCEMENTS}/{id}")
}

// --- Account ----------------------------------------------------------------

pub const ACCOUNT: &str = "/account";
pub const SIGN_UP: &str = "/account/signup";
pub const RESET_PASSWORD: &str = "/account/reset";

// --- Staff ------------------------------------------------------------------

/// The staff area: `/staff/{page}` and `/staff/{page}/{id}`.
pub mod staff {
    use std::fmt::Display;

    pub const HOME: &str = "/staff";
    pub const PEOPLE: &str = "/staff/people";
    pub const VILLAGES: &str = "/staff/villages";
    pub const RESET: &str = "/staff/reset";
    pub const AUDIT: &str = "/staff/audit";
    pub const SETTINGS: &str = "/staff/settings";
    pub const DIRECTORY: &str = "/staff/directory";
    pub const DIRECTORY_NEW: &str = "/staff/directory/new";
    pub const DIRECTORY_EXPORT: &str = "/staff/directory/export.csv";
    pub const DIRECTORY_IMPORT: &str = "/staff/directory/import";
    pub const REPORTS: &str = "/staff/reports";
    /// What a report's tracking code is appended to.
    const REPORT_BASE: &str = "/staff/reports/";
    /// A staff reply's multipart post (photos and a voice note).
    pub const REPORT_UPLOAD: &str = "/staff/reports/upload";
    pub const SURVEYS: &str = "/staff/surveys";
    pub const ANNOUNCEMENTS: &str = "/staff/announcements";
    pub const DASHBOARD: &str = "/staff/dashboard";
    pub const DASHBOARD_CSV: &str = "/exports/dashboard/commune.csv";
    pub const COMMUNES: &str = "/staff/communes";
    pub const PROVINCE: &str = "/staff/province";
    pub const PROVINCE_CSV: &str = "/exports/dashboard/province.csv";
    pub const OFFICERS: &str = "/staff/officers";

    /// A report in the staff's queue.
    pub fn report(code: impl Display) -> String {
        format!("{REPORT_BASE}{code}")
    }

    /// The editor of a directory entry.
    pub fn directory_entry(id: impl Display) -> String {
        format!("{DIRECTORY}/{id}")
    }

    /// The editor of a survey.
    pub fn survey(id: impl Display) -> String {
        format!("{SURVEYS}/{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The areas `lib.rs` routes (`path!` patterns, which must be literals).
    const AREAS: [&str; 8] = [
        "/commune",
        "/c/",
        "/directory",
        "/reports",
        "/surveys",
        "/announcements",
        "/account",
        "/staff",
    ];

    #[test]
    fn every_page_is_under_an_area() {
        let pages = [
            CHOOSE_COMMUNE.to_owned(),
            commune(12364),
            commune_record(12364),
            DIRECTORY.to_owned(),
            service(7),
            REPORTS.to_owned(),
            NEW_REPORT.to_owned(),
            NOTIFICATIONS.to_owned(),
            report("HY-2026-000001"),
            SURVEYS.to_owned(),
            survey(3),
            survey_results(3),
            ANNOUNCEMENTS.to_owned(),
            announcement(4),
            ACCOUNT.to_owned(),
            SIGN_UP.to_owned(),
            RESET_PASSWORD.to_owned(),
            staff::HOME.to_owned(),
            staff::PEOPLE.to_owned(),
            staff::DIRECTORY_NEW.to_owned(),
            staff::report("HY-2026-000001"),
            staff::directory_entry(7),
            staff::survey(3),
        ];
        for page in pages {
            assert!(
                AREAS.iter().any(|area| page.starts_with(area)),
                "{page} is under no area of the router"
            );
        }
    }

    #[test]
    fn links_fill_in_their_routes() {
        assert_eq!(photo(5), PHOTO_ROUTE.replace("{id}", "5"));
        assert_eq!(photo_thumb(5), PHOTO_THUMB_ROUTE.replace("{id}", "5"));
        assert_eq!(voice(5), VOICE_ROUTE.replace("{id}", "5"));
        assert_eq!(
            survey_export(3, "summary"),
            SURVEY_SUMMARY_CSV_ROUTE.replace("{id}", "3")
        );
        assert_eq!(
            survey_export(3, "responses"),
            SURVEY_RESPONSES_CSV_ROUTE.replace("{id}", "3")
        );
        assert_eq!(report("HY-1"), "/reports/HY-1");
        assert_eq!(staff::report("HY-1"), "/staff/reports/HY-1");
        assert_eq!(directory_area("health"), "/directory?area=health");
    }
}
