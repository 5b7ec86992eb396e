//! Translations. Vietnamese is the default, English the second language.
//!
//! Every user-visible string lives in one `Texts` table per language. Because the
//! table is a struct, a string missing in one language is a compile error, and the
//! WebAssembly carries plain `&'static str`s (no runtime catalogue, no ICU data).
//! Strings that take values are functions.

pub mod api;
mod en;
mod vi;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Problem};
use crate::forms::Done;

/// The cookie that remembers the language a visitor chose.
pub const LANG_COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The BCP 47 code, used in `<html lang>` and in the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the switch offers from this one.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Vi => &vi::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }
}

/// The reactive language of the page, provided once by `App`.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        Self {
            lang: RwSignal::new(lang),
        }
    }

    /// The current language (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current table of texts (tracked).
    pub fn t(&self) -> &'static Texts {
        self.lang.get().texts()
    }

    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text. Every call returns the same closure type, so the WebAssembly
/// carries one copy of the code that renders and updates a text, not one per use.
pub fn text(i18n: I18n, pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy {
    move || pick(i18n.t())
}

/// A page title (or other head text). Leptos reads titles once the page is
/// rendered; on the server that read must not touch a signal (under load the
/// page's signals can already be gone, which panics), so the server gets plain
/// text and the browser a reactive one.
pub fn head_text<F>(i18n: I18n, pick: F) -> leptos::prelude::TextProp
where
    F: Fn(&Texts) -> &'static str + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    {
        pick(i18n.lang.get_untracked().texts()).into()
    }
    #[cfg(not(feature = "ssr"))]
    {
        (move || pick(i18n.t())).into()
    }
}

/// `tr!(i18n, field)` is a reactive view of one text (see `text`).
#[macro_export]
macro_rules! tr {
    ($i18n:expr, $field:ident) => {
        $crate::i18n::text($i18n, |t| t.$field)
    };
}

/// One language's texts.
pub struct Texts {
    pub app_name: &'static str,
    pub app_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub choose_commune: &'static str,
    pub change_commune: &'static str,
    pub header_place_hint: &'static str,
    pub logo_alt: &'static str,

    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_directory: &'static str,
    pub nav_reports: &'static str,
    pub nav_surveys: &'static str,
    pub nav_account: &'static str,

    pub loading: &'static str,
    pub welcome_title: &'static str,
    pub welcome_lead: &'static str,
    pub picker_title: &'static str,
    pub picker_label: &'static str,
    pub picker_hint: &'static str,
    pub picker_submit: &'static str,
    pub picker_provinces: &'static str,
    pub picker_communes: &'static str,
    pub picker_all_provinces: &'static str,
    pub picker_no_results: &'static str,
    pub picker_more: &'static str,
    pub picker_clear_province: &'static str,
    pub picker_in_province: fn(&str) -> String,
    pub picker_communes_count: fn(i64) -> String,
    pub joined_badge: &'static str,

    pub commune_not_joined: &'static str,
    pub commune_services_title: &'static str,
    pub commune_villages_title: &'static str,
    pub commune_no_villages: &'static str,
    pub tile_directory: &'static str,
    pub tile_directory_hint: &'static str,
    pub tile_reports: &'static str,
    pub tile_reports_hint: &'static str,
    pub tile_surveys: &'static str,
    pub tile_surveys_hint: &'static str,
    pub tile_account: &'static str,
    pub tile_account_hint: &'static str,
    pub village_kind_thon: &'static str,
    pub village_kind_to_dan_pho: &'static str,

    pub coming_soon_title: &'static str,
    pub coming_soon_surveys: &'static str,
    pub coming_soon_for_commune: fn(&str) -> String,
    pub coming_soon_no_commune: &'static str,
    pub back_home: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub error_title: &'static str,
    pub offline_title: &'static str,
    pub offline_body: &'static str,
    pub offline_retry: &'static str,
    pub uri_too_long_title: &'static str,
    pub uri_too_long_body: &'static str,

    pub staff_menu: &'static str,
    pub sign_in_title: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub password_label: &'static str,
    pub new_password_label: &'static str,
    pub password_hint: &'static str,
    pub remember_me: &'static str,
    pub sign_in_button: &'static str,
    pub no_account: &'static str,
    pub sign_up_link: &'static str,
    pub have_account: &'static str,
    pub forgot_password: &'static str,
    pub sign_up_title: &'static str,
    pub sign_up_lead: &'static str,
    pub already_signed_in: &'static str,
    pub go_to_account: &'static str,
    pub choose_commune_first: &'static str,
    pub name_label: &'static str,
    pub home_commune_label: &'static str,
    pub village_label: &'static str,
    pub village_none: &'static str,
    pub sign_up_button: &'static str,
    pub role_label: &'static str,
    pub role_resident: &'static str,
    pub role_commune_staff: &'static str,
    pub role_commune_admin: &'static str,
    pub role_province_officer: &'static str,
    pub role_system_admin: &'static str,
    pub your_details: &'static str,
    pub language_label: &'static str,
    pub save: &'static str,
    pub change_password_title: &'static str,
    pub current_password_label: &'static str,
    pub change_password_button: &'static str,
    pub sessions_title: &'static str,
    pub sign_out_button: &'static str,
    pub sign_out_everywhere_hint: &'static str,
    pub sign_out_everywhere_button: &'static str,
    pub delete_title: &'static str,
    pub delete_body: &'static str,
    pub delete_confirm: &'static str,
    pub delete_button: &'static str,
    pub reset_title: &'static str,
    pub reset_lead: &'static str,
    pub reset_code_label: &'static str,
    pub reset_button: &'static str,
    pub staff_title: &'static str,
    pub staff_back: &'static str,
    pub staff_people_title: &'static str,
    pub staff_people_hint: &'static str,
    pub staff_villages_title: &'static str,
    pub staff_villages_hint: &'static str,
    pub staff_reset_title: &'static str,
    pub staff_reset_hint: &'static str,
    pub staff_audit_title: &'static str,
    pub staff_audit_hint: &'static str,
    pub staff_province_title: &'static str,
    pub staff_province_hint: &'static str,
    pub staff_officers_title: &'static str,
    pub staff_officers_hint: &'static str,
    pub remove_button: &'static str,
    pub no_members: &'static str,
    pub appoint_staff_title: &'static str,
    pub appoint_hint: &'static str,
    pub appoint_button: &'static str,
    pub village_name_label: &'static str,
    pub village_kind_label: &'static str,
    pub rename_button: &'static str,
    pub add_village_title: &'static str,
    pub add_village_button: &'static str,
    pub reset_code_lead: &'static str,
    pub reset_code_button: &'static str,
    pub reset_code_note: &'static str,
    pub audit_empty: &'static str,
    pub deleted_account: &'static str,
    pub audit_appoint_staff: &'static str,
    pub audit_remove_staff: &'static str,
    pub audit_appoint_admin: &'static str,
    pub audit_appoint_officer: &'static str,
    pub audit_enable_commune: &'static str,
    pub audit_disable_commune: &'static str,
    pub audit_add_village: &'static str,
    pub audit_rename_village: &'static str,
    pub audit_remove_village: &'static str,
    pub audit_issue_reset_code: &'static str,
    pub appoint_admin_title: &'static str,
    pub commune_label: &'static str,
    pub province_label: &'static str,
    pub communes_title: &'static str,
    pub no_admin: &'static str,
    pub enable_button: &'static str,
    pub disable_button: &'static str,
    pub appoint_officer_title: &'static str,
    pub reset_code_for: fn(&str) -> String,
    pub reset_code_sms: fn(&str) -> String,
    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_too_many_attempts: fn(i64) -> String,
    pub problem_malformed_phone: &'static str,
    pub problem_name_missing: &'static str,
    pub problem_name_too_long: &'static str,
    pub problem_name_invalid: &'static str,
    pub problem_password_too_short: &'static str,
    pub problem_password_too_long: &'static str,
    pub problem_password_too_common: &'static str,
    pub problem_phone_taken: &'static str,
    pub problem_wrong_credentials: &'static str,
    pub problem_wrong_password: &'static str,
    pub problem_commune_missing: &'static str,
    pub problem_unknown_village: &'static str,
    pub problem_reset_code_invalid: &'static str,
    pub problem_no_such_person: &'static str,
    pub problem_already_appointed: &'static str,
    pub problem_not_staff_here: &'static str,
    pub problem_person_not_in_commune: &'static str,
    pub problem_own_role: &'static str,
    pub problem_village_name_missing: &'static str,
    pub problem_village_name_too_long: &'static str,
    pub problem_village_taken: &'static str,
    pub problem_not_confirmed: &'static str,
    pub done_signed_up: &'static str,
    pub done_profile_saved: &'static str,
    pub done_password_changed: &'static str,
    pub done_signed_out_elsewhere: &'static str,
    pub done_password_reset: &'static str,
    pub done_account_deleted: &'static str,
    pub done_staff_appointed: &'static str,
    pub done_staff_removed: &'static str,
    pub done_village_added: &'static str,
    pub done_village_renamed: &'static str,
    pub done_village_removed: &'static str,
    pub done_code_issued: &'static str,
    pub done_commune_enabled: &'static str,
    pub done_commune_disabled: &'static str,
    pub done_admin_appointed: &'static str,
    pub done_officer_appointed: &'static str,
    pub problem_unknown_area: &'static str,
    pub problem_unknown_kind: &'static str,
    pub problem_service_phone_invalid: &'static str,
    pub problem_position_invalid: &'static str,
    pub problem_position_outside_vietnam: &'static str,
    pub problem_hours_invalid: &'static str,
    pub problem_hours_end_before_start: &'static str,
    pub problem_hours_overlap: &'static str,
    pub problem_page_invalid: &'static str,
    pub rep_assignee_label: &'static str,
    pub rep_assigned_to_me: &'static str,
    pub rep_unassigned: &'static str,
    pub rep_filter_button: &'static str,
    pub rep_assign_button: &'static str,
    pub rep_assigned_to: fn(&str) -> String,
    pub rep_evidence_label: &'static str,
    pub rep_nearby_title: &'static str,
    pub rep_nearby_hint: &'static str,
    pub rep_notifications_title: &'static str,
    pub rep_notifications_empty: &'static str,
    pub rep_notifications_read_all: &'static str,
    pub rep_notification_reply: &'static str,
    pub rep_notifications_link: fn(u32) -> String,
    pub rep_unread_label: fn(u32) -> String,
    pub rep_unread_badge: &'static str,
    pub done_notifications_read: &'static str,
    pub problem_photo_invalid: &'static str,
    pub problem_date_invalid: &'static str,
    pub problem_photo_too_large: &'static str,
    pub problem_too_many_photos: &'static str,
    pub rep_photos_label: &'static str,
    pub rep_photos_hint: &'static str,
    pub rep_photo_alt: fn(usize) -> String,
    pub rep_sending: &'static str,
    pub rep_a_resident: &'static str,
    pub rep_actions: &'static str,
    pub rep_back: &'static str,
    pub rep_category_choose: &'static str,
    pub rep_category_label: &'static str,
    pub rep_choose_commune: &'static str,
    pub rep_close_other_ways: &'static str,
    pub rep_confirm_no: &'static str,
    pub rep_confirm_question: &'static str,
    pub rep_confirm_yes: &'static str,
    pub rep_deadline: fn(&str) -> String,
    pub rep_description_hint: &'static str,
    pub rep_description_label: &'static str,
    pub rep_duplicate_of: &'static str,
    pub rep_event_not_fixed: &'static str,
    pub rep_event_fixed: &'static str,
    pub rep_event_filed: &'static str,
    pub rep_event_note: &'static str,
    pub rep_event_reply: &'static str,
    pub rep_filed_on: &'static str,
    pub rep_filter_all: &'static str,
    pub rep_filter_label: &'static str,
    pub rep_filter_mine: &'static str,
    pub rep_follow_button: &'static str,
    pub rep_followers: fn(i64) -> String,
    pub rep_followers_label: &'static str,
    pub rep_following: &'static str,
    pub rep_hide_name_label: &'static str,
    pub rep_internal_label: &'static str,
    pub rep_locating: &'static str,
    pub rep_new_button: &'static str,
    pub rep_new_title: &'static str,
    pub rep_none: &'static str,
    pub rep_none_mine: &'static str,
    pub rep_overdue_badge: &'static str,
    pub rep_overdue_count: fn(usize) -> String,
    pub rep_position_failed: &'static str,
    pub rep_position_found: fn(&str, &str) -> String,
    pub rep_position_hint: &'static str,
    pub rep_queue_back: &'static str,
    pub rep_queue_empty: &'static str,
    pub rep_queue_title: &'static str,
    pub rep_rate_button: &'static str,
    pub rep_rate_comment: &'static str,
    pub rep_rate_legend: &'static str,
    pub rep_rate_title: &'static str,
    pub rep_rated: fn(i64) -> String,
    pub rep_referred_to: &'static str,
    pub rep_reject_reason: &'static str,
    pub rep_reply_button: &'static str,
    pub rep_reply_label: &'static str,
    pub rep_reply_title: &'static str,
    pub rep_reporter: &'static str,
    pub rep_resolve_reply: &'static str,
    pub rep_send_button: &'static str,
    pub rep_sign_in_first: &'static str,
    pub rep_staff_suffix: &'static str,
    pub rep_stars: fn(i64) -> String,
    pub rep_status_acknowledged: &'static str,
    pub rep_status_closed: &'static str,
    pub rep_status_duplicate: &'static str,
    pub rep_status_in_progress: &'static str,
    pub rep_status_new: &'static str,
    pub rep_status_not_responsible: &'static str,
    pub rep_status_rejected: &'static str,
    pub rep_status_resolved: &'static str,
    pub rep_step_acknowledge: &'static str,
    pub rep_step_duplicate: &'static str,
    pub rep_step_not_responsible: &'static str,
    pub rep_step_reject: &'static str,
    pub rep_step_resolve: &'static str,
    pub rep_step_start: &'static str,
    pub rep_timeline: &'static str,
    pub rep_urgent_badge: &'static str,
    pub rep_urgent_label: &'static str,
    pub rep_use_position: &'static str,
    pub problem_description_too_short: &'static str,
    pub problem_description_too_long: &'static str,
    pub problem_unknown_category: &'static str,
    pub problem_reply_missing: &'static str,
    pub problem_illegal_transition: &'static str,
    pub problem_reopen_too_late: &'static str,
    pub problem_rating_invalid: &'static str,
    pub problem_already_rated: &'static str,
    pub problem_unknown_report: &'static str,
    pub done_report_filed: &'static str,
    pub done_report_followed: &'static str,
    pub done_report_closed: &'static str,
    pub done_report_reopened: &'static str,
    pub done_report_rated: &'static str,
    pub done_report_updated: &'static str,
    pub staff_reports_hint: &'static str,
    pub problem_text_too_long: &'static str,
    pub problem_entry_name_missing: &'static str,
    pub problem_unknown_entry: &'static str,
    pub problem_closure_invalid: &'static str,
    pub problem_unknown_status: &'static str,
    pub problem_csv_encoding: &'static str,
    pub problem_csv_columns: &'static str,
    pub problem_csv_too_large: &'static str,
    pub problem_csv_empty: &'static str,
    pub problem_csv_malformed: &'static str,
    pub problem_file_missing: &'static str,
    pub error_fields: &'static str,
    pub error_lines: &'static str,
    pub error_more: fn(u32) -> String,
    pub error_line: fn(u32) -> String,
    /// The label of an entry field (`directory::entry::FIELDS`).
    pub dir_field: fn(&str) -> &'static str,
    pub dir_saved_data: fn(&str) -> String,
    pub staff_dir_title: &'static str,
    pub staff_dir_hint: &'static str,
    pub staff_dir_new: &'static str,
    pub staff_dir_new_title: &'static str,
    pub staff_dir_edit_title: &'static str,
    pub staff_dir_empty: &'static str,
    pub staff_dir_archived_badge: &'static str,
    pub staff_dir_verify: &'static str,
    pub staff_dir_archive: &'static str,
    pub staff_dir_restore: &'static str,
    pub staff_dir_save: &'static str,
    pub staff_dir_view: &'static str,
    pub staff_dir_edit: &'static str,
    pub staff_dir_never_verified: &'static str,
    pub staff_dir_verified_on: fn(&str) -> String,
    pub staff_dir_export: &'static str,
    pub staff_dir_import_title: &'static str,
    pub staff_dir_import_hint: &'static str,
    pub staff_dir_import_file: &'static str,
    pub staff_dir_import_button: &'static str,
    pub staff_dir_hours_hint: &'static str,
    pub staff_dir_closures_hint: &'static str,
    pub staff_dir_position_hint: &'static str,
    pub staff_dir_phone_hint: &'static str,
    pub staff_dir_section_basic: &'static str,
    pub staff_dir_section_place: &'static str,
    pub staff_dir_section_phones: &'static str,
    pub staff_dir_section_hours: &'static str,
    pub staff_dir_section_status: &'static str,
    pub staff_dir_status_active: &'static str,
    pub staff_dir_no_village: &'static str,
    pub staff_dir_choose_kind: &'static str,
    pub done_entry_saved: &'static str,
    pub done_entry_verified: &'static str,
    pub done_entry_archived: &'static str,
    pub done_entry_restored: &'static str,
    pub done_entries_imported: &'static str,
    pub audit_add_entry: &'static str,
    pub audit_edit_entry: &'static str,
    pub audit_verify_entry: &'static str,
    pub audit_archive_entry: &'static str,
    pub audit_restore_entry: &'static str,
    pub audit_import_entries: &'static str,
    pub dir_choose_commune: &'static str,
    pub dir_search_label: &'static str,
    pub dir_search_hint: &'static str,
    pub dir_count: fn(i64) -> String,
    pub dir_results_for: fn(&str) -> String,
    pub dir_no_results: &'static str,
    pub dir_all_areas: &'static str,
    pub dir_open_until: fn(&str) -> String,
    pub dir_closed_opens_today: fn(&str) -> String,
    pub dir_closed_opens_on: fn(&str, &str) -> String,
    pub dir_hours_unknown: &'static str,
    pub dir_temporarily_closed: &'static str,
    pub dir_phones: &'static str,
    pub dir_offers: &'static str,
    pub dir_hours: &'static str,
    pub dir_closed_all_day: &'static str,
    pub dir_closures: &'static str,
    pub dir_address: &'static str,
    pub dir_open_map: &'static str,
    pub dir_open_osm: &'static str,
    pub dir_run_by: &'static str,
    pub dir_verified: fn(&str) -> String,
    pub dir_not_verified: &'static str,
    pub dir_back: &'static str,
    pub weekdays: [&'static str; 7],
    pub error_cross_site: &'static str,
    pub error_not_found: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_request: &'static str,
    pub problem_search_too_long: &'static str,
    pub problem_malformed_commune_code: &'static str,
    pub problem_unknown_commune: &'static str,
    pub problem_malformed_province_code: &'static str,
    pub problem_unknown_province: &'static str,
    pub set_title: &'static str,
    pub set_hint: &'static str,
    pub set_categories: &'static str,
    pub set_categories_hint: &'static str,
    pub set_category_name: &'static str,
    pub set_category_days: &'static str,
    pub set_category_reports: fn(i64) -> String,
    pub set_category_add: &'static str,
    pub set_save: &'static str,
    pub set_remove: &'static str,
    pub set_working_time: &'static str,
    pub set_working_time_hint: &'static str,
    pub set_holidays_hint: &'static str,
    pub set_templates: &'static str,
    pub set_templates_hint: &'static str,
    pub set_templates_empty: &'static str,
    pub set_every_category: &'static str,
    pub set_template_add: &'static str,
    pub set_template_title: &'static str,
    pub set_template_body: &'static str,
    pub set_keys: &'static str,
    pub set_keys_hint: &'static str,
    pub set_key_once: &'static str,
    pub set_key_revoked: &'static str,
    pub set_key_reports: fn(i64) -> String,
    pub set_key_revoke: &'static str,
    pub set_key_issue: &'static str,
    pub set_key_name: &'static str,
    pub rep_hide_button: &'static str,
    pub rep_hide_photo: &'static str,
    pub rep_hide_reason: &'static str,
    pub rep_hidden_text: &'static str,
    pub rep_hidden_badge: &'static str,
    pub rep_moderation: &'static str,
    pub rep_escalated_title: &'static str,
    pub rep_escalated_hint: &'static str,
    pub rep_template_label: &'static str,
    pub rep_template_none: &'static str,
    pub rep_view_list: &'static str,
    pub rep_view_map: &'static str,
    pub rep_map_label: &'static str,
    pub rep_map_none: &'static str,
    pub rep_map_unplaced: fn(usize) -> String,
    pub rep_map_pick: &'static str,
    pub rep_address: &'static str,
    pub problem_category_name_missing: &'static str,
    pub problem_resolve_days_invalid: &'static str,
    pub problem_category_taken: &'static str,
    pub problem_category_in_use: &'static str,
    pub problem_working_time_empty: &'static str,
    pub problem_template_title_missing: &'static str,
    pub problem_unknown_template: &'static str,
    pub problem_key_name_missing: &'static str,
    pub problem_unknown_api_key: &'static str,
    pub problem_reason_missing: &'static str,
    pub problem_nothing_to_hide: &'static str,
    pub done_settings_saved: &'static str,
    pub done_key_issued: &'static str,
    pub done_content_hidden: &'static str,
    pub audit_change_categories: &'static str,
    pub audit_change_working_time: &'static str,
    pub audit_change_templates: &'static str,
    pub audit_issue_api_key: &'static str,
    pub audit_revoke_api_key: &'static str,
    pub audit_hide_content: &'static str,
    pub problem_place_missing: &'static str,
    pub problem_form_unreadable: &'static str,
    pub rep_map_open: &'static str,
    pub rep_filter_more: &'static str,
    pub problem_last_category: &'static str,
}

impl Texts {
    /// The message a person reads for an error.
    pub fn error(&self, error: &AppError) -> String {
        match error {
            AppError::TooManyAttempts { minutes } => (self.error_too_many_attempts)(*minutes),
            other => self.error_text(other).to_owned(),
        }
    }

    fn error_text(&self, error: &AppError) -> &'static str {
        match error {
            AppError::Invalid(problem) => self.problem(*problem),
            AppError::Fields { problems, .. } => {
                if problems.iter().any(|p| p.line > 0) {
                    self.error_lines
                } else {
                    self.error_fields
                }
            }
            AppError::Unauthenticated => self.error_unauthenticated,
            AppError::Forbidden => self.error_forbidden,
            AppError::TooManyAttempts { .. } => self.error_forbidden,
            AppError::NotFound => self.error_not_found,
            AppError::Unavailable => self.error_unavailable,
            AppError::Internal => self.error_internal,
            AppError::Request(_) => self.error_request,
        }
    }

    /// The notice after a form succeeded.
    pub fn done(&self, done: Done) -> &'static str {
        match done {
            Done::SignedUp => self.done_signed_up,
            Done::ProfileSaved => self.done_profile_saved,
            Done::PasswordChanged => self.done_password_changed,
            Done::SignedOutElsewhere => self.done_signed_out_elsewhere,
            Done::PasswordReset => self.done_password_reset,
            Done::AccountDeleted => self.done_account_deleted,
            Done::StaffAppointed => self.done_staff_appointed,
            Done::StaffRemoved => self.done_staff_removed,
            Done::VillageAdded => self.done_village_added,
            Done::VillageRenamed => self.done_village_renamed,
            Done::VillageRemoved => self.done_village_removed,
            Done::CodeIssued => self.done_code_issued,
            Done::CommuneEnabled => self.done_commune_enabled,
            Done::CommuneDisabled => self.done_commune_disabled,
            Done::AdminAppointed => self.done_admin_appointed,
            Done::OfficerAppointed => self.done_officer_appointed,
            Done::EntrySaved => self.done_entry_saved,
            Done::EntryVerified => self.done_entry_verified,
            Done::EntryArchived => self.done_entry_archived,
            Done::EntryRestored => self.done_entry_restored,
            Done::EntriesImported => self.done_entries_imported,
            Done::ReportFiled => self.done_report_filed,
            Done::ReportFollowed => self.done_report_followed,
            Done::ReportClosed => self.done_report_closed,
            Done::ReportReopened => self.done_report_reopened,
            Done::ReportRated => self.done_report_rated,
            Done::ReportUpdated => self.done_report_updated,
            Done::NotificationsRead => self.done_notifications_read,
            Done::SettingsSaved => self.done_settings_saved,
            Done::KeyIssued => self.done_key_issued,
            Done::ContentHidden => self.done_content_hidden,
        }
    }

    pub fn problem(&self, problem: Problem) -> &'static str {
        match problem {
            Problem::SearchTooLong => self.problem_search_too_long,
            Problem::MalformedCommuneCode => self.problem_malformed_commune_code,
            Problem::UnknownCommune => self.problem_unknown_commune,
            Problem::MalformedProvinceCode => self.problem_malformed_province_code,
            Problem::UnknownProvince => self.problem_unknown_province,
            Problem::MalformedPhone => self.problem_malformed_phone,
            Problem::NameMissing => self.problem_name_missing,
            Problem::NameTooLong => self.problem_name_too_long,
            Problem::NameInvalid => self.problem_name_invalid,
            Problem::PasswordTooShort => self.problem_password_too_short,
            Problem::PasswordTooLong => self.problem_password_too_long,
            Problem::PasswordTooCommon => self.problem_password_too_common,
            Problem::PhoneTaken => self.problem_phone_taken,
            Problem::WrongCredentials => self.problem_wrong_credentials,
            Problem::WrongPassword => self.problem_wrong_password,
            Problem::CommuneMissing => self.problem_commune_missing,
            Problem::UnknownVillage => self.problem_unknown_village,
            Problem::ResetCodeInvalid => self.problem_reset_code_invalid,
            Problem::NoSuchPerson => self.problem_no_such_person,
            Problem::AlreadyAppointed => self.problem_already_appointed,
            Problem::NotStaffHere => self.problem_not_staff_here,
            Problem::PersonNotInCommune => self.problem_person_not_in_commune,
            Problem::OwnRole => self.problem_own_role,
            Problem::VillageNameMissing => self.problem_village_name_missing,
            Problem::VillageNameTooLong => self.problem_village_name_too_long,
            Problem::VillageTaken => self.problem_village_taken,
            Problem::NotConfirmed => self.problem_not_confirmed,
            Problem::UnknownArea => self.problem_unknown_area,
            Problem::UnknownKind => self.problem_unknown_kind,
            Problem::ServicePhoneInvalid => self.problem_service_phone_invalid,
            Problem::PositionInvalid => self.problem_position_invalid,
            Problem::PositionOutsideVietnam => self.problem_position_outside_vietnam,
            Problem::HoursInvalid => self.problem_hours_invalid,
            Problem::HoursEndBeforeStart => self.problem_hours_end_before_start,
            Problem::HoursOverlap => self.problem_hours_overlap,
            Problem::PageInvalid => self.problem_page_invalid,
            Problem::TextTooLong => self.problem_text_too_long,
            Problem::EntryNameMissing => self.problem_entry_name_missing,
            Problem::UnknownEntry => self.problem_unknown_entry,
            Problem::ClosureInvalid => self.problem_closure_invalid,
            Problem::UnknownStatus => self.problem_unknown_status,
            Problem::CsvEncoding => self.problem_csv_encoding,
            Problem::CsvColumns => self.problem_csv_columns,
            Problem::CsvTooLarge => self.problem_csv_too_large,
            Problem::CsvEmpty => self.problem_csv_empty,
            Problem::CsvMalformed => self.problem_csv_malformed,
            Problem::FileMissing => self.problem_file_missing,
            Problem::DescriptionTooShort => self.problem_description_too_short,
            Problem::DescriptionTooLong => self.problem_description_too_long,
            Problem::UnknownCategory => self.problem_unknown_category,
            Problem::ReplyMissing => self.problem_reply_missing,
            Problem::IllegalTransition => self.problem_illegal_transition,
            Problem::ReopenTooLate => self.problem_reopen_too_late,
            Problem::RatingInvalid => self.problem_rating_invalid,
            Problem::AlreadyRated => self.problem_already_rated,
            Problem::UnknownReport => self.problem_unknown_report,
            Problem::PhotoInvalid => self.problem_photo_invalid,
            Problem::PhotoTooLarge => self.problem_photo_too_large,
            Problem::TooManyPhotos => self.problem_too_many_photos,
            Problem::DateInvalid => self.problem_date_invalid,
            Problem::CategoryNameMissing => self.problem_category_name_missing,
            Problem::ResolveDaysInvalid => self.problem_resolve_days_invalid,
            Problem::CategoryTaken => self.problem_category_taken,
            Problem::CategoryInUse => self.problem_category_in_use,
            Problem::WorkingTimeEmpty => self.problem_working_time_empty,
            Problem::TemplateTitleMissing => self.problem_template_title_missing,
            Problem::UnknownTemplate => self.problem_unknown_template,
            Problem::KeyNameMissing => self.problem_key_name_missing,
            Problem::UnknownApiKey => self.problem_unknown_api_key,
            Problem::ReasonMissing => self.problem_reason_missing,
            Problem::NothingToHide => self.problem_nothing_to_hide,
            Problem::PlaceMissing => self.problem_place_missing,
            Problem::FormUnreadable => self.problem_form_unreadable,
            Problem::LastCategory => self.problem_last_category,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::default(), Lang::Vi);
    }

    #[test]
    fn every_text_is_translated() {
        // Same keys by construction; here we check that no English text was left
        // in the Vietnamese table by copy and paste, and that none is empty.
        let vi = Lang::Vi.texts();
        let en = Lang::En.texts();
        assert_ne!(vi.nav_home, en.nav_home);
        assert_ne!(vi.not_found_title, en.not_found_title);
        assert_ne!(vi.offline_title, en.offline_title);
        assert!((vi.picker_in_province)("Hưng Yên").contains("Hưng Yên"));
        assert!((en.picker_communes_count)(104).contains("104"));
    }
}
