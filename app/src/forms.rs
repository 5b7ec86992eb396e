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
use crate::i18n::{Texts, use_i18n};
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
    /// The notice after the form succeeded, in the language of `t`.
    pub fn text(self, t: &Texts) -> &'static str {
        match self {
            Done::SignedUp => t.done_signed_up,
            Done::ProfileSaved => t.done_profile_saved,
            Done::PasswordChanged => t.done_password_changed,
            Done::SignedOutElsewhere => t.done_signed_out_elsewhere,
            Done::PasswordReset => t.done_password_reset,
            Done::AccountDeleted => t.done_account_deleted,
            Done::StaffAppointed => t.done_staff_appointed,
            Done::StaffRemoved => t.done_staff_removed,
            Done::VillageAdded => t.done_village_added,
            Done::VillageRenamed => t.done_village_renamed,
            Done::VillageRemoved => t.done_village_removed,
            Done::CodeIssued => t.done_code_issued,
            Done::CommuneEnabled => t.done_commune_enabled,
            Done::CommuneDisabled => t.done_commune_disabled,
            Done::PilotMarked => t.done_pilot_marked,
            Done::PilotUnmarked => t.done_pilot_unmarked,
            Done::AdminAppointed => t.done_admin_appointed,
            Done::OfficerAppointed => t.done_officer_appointed,
            Done::EntrySaved => t.done_entry_saved,
            Done::EntryVerified => t.done_entry_verified,
            Done::EntryArchived => t.done_entry_archived,
            Done::EntryRestored => t.done_entry_restored,
            Done::EntriesImported => t.done_entries_imported,
            Done::ReportFiled => t.done_report_filed,
            Done::ReportFollowed => t.done_report_followed,
            Done::ReportClosed => t.done_report_closed,
            Done::ReportReopened => t.done_report_reopened,
            Done::ReportRated => t.done_report_rated,
            Done::ReportUpdated => t.done_report_updated,
            Done::NotificationsRead => t.done_notifications_read,
            Done::SettingsSaved => t.done_settings_saved,
            Done::KeyIssued => t.done_key_issued,
            Done::ContentHidden => t.done_content_hidden,
            Done::ContentShown => t.done_content_shown,
            Done::SurveyCreated => t.done_survey_created,
            Done::SurveySaved => t.done_survey_saved,
            Done::SurveyPublished => t.done_survey_published,
            Done::ResultsPublished => t.done_results_published,
            Done::SurveyDeleted => t.done_survey_deleted,
            Done::AnswersSaved => t.done_answers_saved,
            Done::AnswersSent => t.done_answers_sent,
            Done::PopulationSaved => t.done_population_saved,
            Done::AnnouncementPosted => t.done_announcement_posted,
            Done::AnnouncementWithdrawn => t.done_announcement_withdrawn,
            Done::AnnouncementEdited => t.done_announcement_edited,
            Done::NotificationsOn => t.done_notifications_on,
            Done::NotificationsOff => t.done_notifications_off,
        }
    }
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
            view! { <p class="notice done" role="status">{move || done.text(i18n.t())}</p> }
        })
    }
}

/// Finishes a form's server function (server only): a browser's form post is
/// redirected (to `success` on success, back to its page with the error on
/// failure); other clients get the result and the error's status.
#[cfg(feature = "ssr")]
pub fn finish<T>(form: &str, result: Result<T, AppError>, success: &str) -> Result<T, AppError> {
    let from_browser_form = crate::error::from_browser_form();
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
