//! Forms that work the same with and without WebAssembly: a plain
//! `<form method="post">` posts to a server function, which answers a browser
//! with a redirect (POST, redirect, GET). On success it goes where the function
//! says, usually with `?done=…` for a notice; on failure back to the page the form
//! was on, with the form's name and the error in the address, where the page
//! shows it next to that form. Clients that ask for JSON get the result itself,
//! with the error's HTTP status.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::layout::ErrorNotice;

/// What a successful form reports back, shown as a notice by `FormNotices`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    SignedUp,
    ProfileSaved,
    PasswordChanged,
    SignedOutElsewhere,
    PasswordReset,
    AccountDeleted,
    StaffAppointed,
    StaffRemoved,
    VillageAdded,
    VillageRenamed,
    VillageRemoved,
    CodeIssued,
    CommuneEnabled,
    CommuneDisabled,
    AdminAppointed,
    OfficerAppointed,
    EntrySaved,
    EntryVerified,
    EntryArchived,
    EntryRestored,
    EntriesImported,
    ReportFiled,
    ReportFollowed,
    ReportClosed,
    ReportReopened,
    ReportRated,
    ReportUpdated,
    NotificationsRead,
    SettingsSaved,
    KeyIssued,
    ContentHidden,
    ContentShown,
    SurveyCreated,
    SurveySaved,
    SurveyPublished,
    ResultsPublished,
    SurveyDeleted,
    AnswersSaved,
    AnswersSent,
    PopulationSaved,
    PilotMarked,
    PilotUnmarked,
    AnnouncementPosted,
    AnnouncementWithdrawn,
    AnnouncementEdited,
    NotificationsOn,
    NotificationsOff,
}

impl Done {
    const ALL: [Done; 47] = [
        Done::SignedUp,
        Done::ProfileSaved,
        Done::PasswordChanged,
        Done::SignedOutElsewhere,
        Done::PasswordReset,
        Done::AccountDeleted,
        Done::StaffAppointed,
        Done::StaffRemoved,
        Done::VillageAdded,
        Done::VillageRenamed,
        Done::VillageRemoved,
        Done::CodeIssued,
        Done::CommuneEnabled,
        Done::CommuneDisabled,
        Done::AdminAppointed,
        Done::OfficerAppointed,
        Done::EntrySaved,
        Done::EntryVerified,
        Done::EntryArchived,
        Done::EntryRestored,
        Done::EntriesImported,
        Done::ReportFiled,
        Done::ReportFollowed,
        Done::ReportClosed,
        Done::ReportReopened,
        Done::ReportRated,
        Done::ReportUpdated,
        Done::NotificationsRead,
        Done::SettingsSaved,
        Done::KeyIssued,
        Done::ContentHidden,
        Done::ContentShown,
        Done::SurveyCreated,
        Done::SurveySaved,
        Done::SurveyPublished,
        Done::ResultsPublished,
        Done::SurveyDeleted,
        Done::AnswersSaved,
        Done::AnswersSent,
        Done::PopulationSaved,
        Done::PilotMarked,
        Done::PilotUnmarked,
        Done::AnnouncementPosted,
        Done::AnnouncementWithdrawn,
        Done::AnnouncementEdited,
        Done::NotificationsOn,
        Done::NotificationsOff,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Done::SignedUp => "signed-up",
            Done::ProfileSaved => "profile-saved",
            Done::PasswordChanged => "password-changed",
            Done::SignedOutElsewhere => "signed-out-elsewhere",
            Done::PasswordReset => "password-reset",
            Done::AccountDeleted => "account-deleted",
            Done::StaffAppointed => "staff-appointed",
            Done::StaffRemoved => "staff-removed",
            Done::VillageAdded => "village-added",
            Done::VillageRenamed => "village-renamed",
            Done::VillageRemoved => "village-removed",
            Done::CodeIssued => "code-issued",
            Done::CommuneEnabled => "commune-enabled",
            Done::CommuneDisabled => "commune-disabled",
            Done::AdminAppointed => "admin-appointed",
            Done::OfficerAppointed => "officer-appointed",
            Done::EntrySaved => "entry-saved",
            Done::EntryVerified => "entry-verified",
            Done::EntryArchived => "entry-archived",
            Done::EntryRestored => "entry-restored",
            Done::EntriesImported => "entries-imported",
            Done::ReportFiled => "report-filed",
            Done::ReportFollowed => "report-followed",
            Done::ReportClosed => "report-closed",
            Done::ReportReopened => "report-reopened",
            Done::ReportRated => "report-rated",
            Done::ReportUpdated => "report-updated",
            Done::NotificationsRead => "notifications-read",
            Done::SettingsSaved => "settings-saved",
            Done::KeyIssued => "key-issued",
            Done::ContentHidden => "content-hidden",
            Done::ContentShown => "content-shown",
            Done::SurveyCreated => "survey-created",
            Done::SurveySaved => "survey-saved",
            Done::SurveyPublished => "survey-published",
            Done::ResultsPublished => "results-published",
            Done::SurveyDeleted => "survey-deleted",
            Done::AnswersSaved => "answers-saved",
            Done::AnswersSent => "answers-sent",
            Done::PopulationSaved => "population-saved",
            Done::PilotMarked => "pilot-marked",
            Done::PilotUnmarked => "pilot-unmarked",
            Done::AnnouncementPosted => "announcement-posted",
            Done::AnnouncementWithdrawn => "announcement-withdrawn",
            Done::AnnouncementEdited => "announcement-edited",
            Done::NotificationsOn => "notifications-on",
            Done::NotificationsOff => "notifications-off",
        }
    }

    pub fn parse(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|done| done.code() == code)
    }

    /// `path?done=code`.
    pub fn at(self, path: &str) -> String {
        format!("{path}?done={}", self.code())
    }
}

/// The error a form left in the address, if it was the form named `form`.
pub fn form_error(form: impl Into<String>) -> Memo<Option<AppError>> {
    let form: String = form.into();
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        (query.get_str("form") == Some(form.as_str()))
            .then(|| {
                query
                    .get_str("error")
                    .and_then(|e| serde_json::from_str(e).ok())
            })
            .flatten()
    })
}

/// Shows the error of form `form` (when it is the one that failed).
#[component]
pub fn FormError(#[prop(into)] form: String) -> impl IntoView {
    let error = form_error(form);
    move || error.get().map(|error| view! { <ErrorNotice error/> })
}

/// Shows the notice of a form that succeeded (`?done=…`).
#[component]
pub fn DoneNotice() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let done = Memo::new(move |_| query.read().get_str("done").and_then(Done::parse));
    move || {
        done.get().map(|done| {
            view! { <p class="notice done" role="status">{move || i18n.t().done(done)}</p> }
        })
    }
}

/// Finishes a form's server function (server only): a browser's form post is
/// redirected (to `success` on success, back to its page with the error on
/// failure); other clients get the result and the error's status.
#[cfg(feature = "ssr")]
pub fn finish<T>(form: &str, result: Result<T, AppError>, success: &str) -> Result<T, AppError> {
    let from_browser_form = from_browser_form();
    match &result {
        Ok(_) => leptos_axum::redirect(success),
        Err(error) if from_browser_form => {
            let back = referring_path()
                .unwrap_or_else(|| success.split('?').next().unwrap_or("/").to_owned());
            leptos_axum::redirect(&format!("{back}{}", error_query(form, error)));
        }
        Err(error) => {
            error.clone().with_status();
        }
    }
    result
}

/// Whether the current request is a browser's form post (it asks for HTML),
/// which is answered with a redirect rather than the result.
#[cfg(feature = "ssr")]
pub fn from_browser_form() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// `?form=…&error=…`: what a page reads to show the error of form `form`.
#[cfg(feature = "ssr")]
pub fn error_query(form: &str, error: &AppError) -> String {
    let mut params = leptos_router::params::ParamsMap::new();
    params.insert("form", form.to_owned());
    params.insert("error", serde_json::to_string(error).unwrap_or_default());
    params.to_query_string()
}

/// The path (without query) of the page the form was on, from `Referer`, only
/// when it is on this site.
#[cfg(feature = "ssr")]
fn referring_path() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let host = parts.headers.get(http::header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    let path = path.split(['?', '#']).next()?;
    crate::pages::is_own_path(path).then(|| path.to_owned())
}
