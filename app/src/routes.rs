//! The areas of the app (directory, reports, surveys, announcements, account,
//! staff): each picks its page from the address. They are rendered on the
//! server only; the browser gets HTML, and WebAssembly only for the islands a
//! page holds.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::accounts::pages::{AccountPage, ResetPasswordPage, SignUpPage};
use crate::announcements::pages::{AnnouncementsPage, OneAnnouncementPage, StaffAnnouncementsPage};
use crate::dashboard::pages::{CommuneDashboardPage, CommuneRecordPage, ProvinceDashboardPage};
use crate::directory::pages::{DirectoryPage, ServicePage};
use crate::directory::staff::pages::{EntryEditorPage, StaffDirectoryPage};
use crate::notifications::pages::NotificationsPage;
use crate::pages::NotFoundPage;
use crate::paths;
use crate::reports::pages::{NewReportPage, ReportPage, ReportsPage};
use crate::reports::queue::{HandleReportPage, QueuePage};
use crate::reports::settings::pages::ReportSettingsPage;
use crate::staff::pages::{
    AuditPage, OfficersPage, PeoplePage, ProvincePage, ResetCodePage, StaffHomePage, VillagesPage,
};
use crate::surveys::editor::{StaffSurveysPage, SurveyEditorPage};
use crate::surveys::pages::{SurveyPage, SurveysPage};
use crate::surveys::results::SurveyResultsPage;

/// The `:page` segment of `/account/:page` or `/staff/:page` (None for the area's home).
fn page_param() -> Memo<Option<String>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("page"))
}

/// The address of an area's page: the area and its `:page` segment.
fn page_path(area: &str) -> Memo<Option<String>> {
    let page = page_param();
    let area = area.to_owned();
    Memo::new(move |_| page.get().map(|page| format!("{area}/{page}")))
}

/// `/account` and `/account/:page`.
#[component]
pub fn AccountArea() -> impl IntoView {
    let page = page_path(paths::ACCOUNT);
    (move || match page.get().as_deref() {
        None => view! { <AccountPage/> }.into_any(),
        Some(paths::SIGN_UP) => view! { <SignUpPage/> }.into_any(),
        Some(paths::RESET_PASSWORD) => view! { <ResetPasswordPage/> }.into_any(),
        Some(_) => view! { <NotFoundPage/> }.into_any(),
    })
    .into_any()
}

/// `/staff`, `/staff/:page` and `/staff/:page/:id`.
#[component]
pub fn StaffArea() -> impl IntoView {
    let page = page_path(paths::staff::HOME);
    let params = use_params_map();
    let with_id = Memo::new(move |_| params.read().get("id").is_some());
    (move || {
        // Qualified paths: a renamed constant cannot turn into a catch-all binding.
        use paths::staff;
        match (page.get().as_deref(), with_id.get()) {
            (Some(staff::DIRECTORY), true) => view! { <EntryEditorPage/> }.into_any(),
            (Some(staff::REPORTS), true) => view! { <HandleReportPage/> }.into_any(),
            (Some(staff::SURVEYS), true) => view! { <SurveyEditorPage/> }.into_any(),
            (_, true) => view! { <NotFoundPage/> }.into_any(),
            (None, _) => view! { <StaffHomePage/> }.into_any(),
            (Some(staff::DIRECTORY), _) => view! { <StaffDirectoryPage/> }.into_any(),
            (Some(staff::REPORTS), _) => view! { <QueuePage/> }.into_any(),
            (Some(staff::PEOPLE), _) => view! { <PeoplePage/> }.into_any(),
            (Some(staff::VILLAGES), _) => view! { <VillagesPage/> }.into_any(),
            (Some(staff::RESET), _) => view! { <ResetCodePage/> }.into_any(),
            (Some(staff::AUDIT), _) => view! { <AuditPage/> }.into_any(),
            (Some(staff::SETTINGS), _) => view! { <ReportSettingsPage/> }.into_any(),
            (Some(staff::SURVEYS), _) => view! { <StaffSurveysPage/> }.into_any(),
            (Some(staff::COMMUNES), _) => view! { <ProvincePage/> }.into_any(),
            (Some(staff::PROVINCE), _) => view! { <ProvinceDashboardPage/> }.into_any(),
            (Some(staff::DASHBOARD), _) => view! { <CommuneDashboardPage/> }.into_any(),
            (Some(staff::OFFICERS), _) => view! { <OfficersPage/> }.into_any(),
            (Some(staff::ANNOUNCEMENTS), _) => view! { <StaffAnnouncementsPage/> }.into_any(),
            (Some(_), _) => view! { <NotFoundPage/> }.into_any(),
        }
    })
    .into_any()
}

/// `/directory` and `/directory/:page` (a service's id).
#[component]
pub fn DirectoryArea() -> impl IntoView {
    let page = page_param();
    (move || match page.get() {
        None => view! { <DirectoryPage/> }.into_any(),
        Some(_) => view! { <ServicePage/> }.into_any(),
    })
    .into_any()
}

/// `/reports` and `/reports/:page` (`new`, or a report's tracking code).
#[component]
pub fn ReportsArea() -> impl IntoView {
    let page = page_path(paths::REPORTS);
    (move || match page.get().as_deref() {
        None => view! { <ReportsPage/> }.into_any(),
        Some(paths::NEW_REPORT) => view! { <NewReportPage/> }.into_any(),
        Some(paths::NOTIFICATIONS) => view! { <NotificationsPage/> }.into_any(),
        Some(_) => view! { <ReportPage/> }.into_any(),
    })
    .into_any()
}

/// `/surveys`, `/surveys/:page` (a survey's id) and `/surveys/:page/results`.
#[component]
pub fn SurveysArea() -> impl IntoView {
    let page = page_param();
    let location = leptos_router::hooks::use_location();
    let results = Memo::new(move |_| location.pathname.read().ends_with("/results"));
    (move || match (page.get(), results.get()) {
        (None, _) => view! { <SurveysPage/> }.into_any(),
        (Some(_), false) => view! { <SurveyPage/> }.into_any(),
        (Some(_), true) => view! { <SurveyResultsPage/> }.into_any(),
    })
    .into_any()
}

/// `/announcements` and `/announcements/:page` (an announcement's id).
#[component]
pub fn AnnouncementsArea() -> impl IntoView {
    let page = page_param();
    (move || match page.get() {
        None => view! { <AnnouncementsPage/> }.into_any(),
        Some(_) => view! { <OneAnnouncementPage/> }.into_any(),
    })
    .into_any()
}

/// `/c/:code/record`: a commune's public record.
#[component]
pub fn RecordArea() -> impl IntoView {
    view! { <CommuneRecordPage/> }.into_any()
}
