//! The staff pages. They show what their server functions return; the policy
//! behind those functions decides who sees what (a resident who opens one gets
//! "not allowed", never the data).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{
    AddVillage, AppointCommuneAdmin, AppointOfficer, AppointStaff, IssueResetCode, RemoveStaff,
    RemoveVillage, RenameVillage, SetCommuneEnabled, SetSmartPilot, load_audit, load_officers,
    load_people, load_province, load_staff_home, load_villages, take_issued_code,
};
use super::model::{
    AuditAction, CommuneAudit, CommunePeople, CommuneVillages, Member, Officers, ProvinceOverview,
    StaffHome,
};
use crate::accounts::model::Role;
use crate::accounts::pages::{PhoneField, role_name};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{Texts, head_text, use_i18n};
use crate::layout::Loaded;
use crate::paths;
use crate::places::model::VillageKind;
use crate::tr;

/// The commune of `?commune=`; empty means the person's own, which the server
/// knows from the session.
fn chosen_commune() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("commune").unwrap_or_default())
}

#[component]
fn BackToStaff() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p> }
}

/// `/staff`: what this person can do.
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| load_staff_home());
    view! {
        <Title text=head_text(i18n, |t| t.staff_title)/>
        <h1>{tr!(i18n, staff_title)}</h1>
        <Loaded resource=home show=staff_menu/>
    }
}

struct MenuItem {
    href: &'static str,
    title: fn(&Texts) -> &'static str,
    hint: fn(&Texts) -> &'static str,
}

const PEOPLE: MenuItem = MenuItem {
    href: paths::staff::PEOPLE,
    title: |t| t.staff_people_title,
    hint: |t| t.staff_people_hint,
};
const VILLAGES: MenuItem = MenuItem {
    href: paths::staff::VILLAGES,
    title: |t| t.staff_villages_title,
    hint: |t| t.staff_villages_hint,
};
const RESET: MenuItem = MenuItem {
    href: paths::staff::RESET,
    title: |t| t.staff_reset_title,
    hint: |t| t.staff_reset_hint,
};
const DIRECTORY: MenuItem = MenuItem {
    href: paths::staff::DIRECTORY,
    title: |t| t.staff_dir_title,
    hint: |t| t.staff_dir_hint,
};
const REPORTS: MenuItem = MenuItem {
    href: paths::staff::REPORTS,
    title: |t| t.rep_queue_title,
    hint: |t| t.staff_reports_hint,
};
const SETTINGS: MenuItem = MenuItem {
    href: paths::staff::SETTINGS,
    title: |t| t.set_title,
    hint: |t| t.set_hint,
};
const SURVEYS: MenuItem = MenuItem {
    href: paths::staff::SURVEYS,
    title: |t| t.staff_surveys_title,
    hint: |t| t.staff_surveys_hint,
};
const ANNOUNCEMENTS: MenuItem = MenuItem {
    href: paths::staff::ANNOUNCEMENTS,
    title: |t| t.staff_ann_title,
    hint: |t| t.staff_ann_hint,
};
const AUDIT: MenuItem = MenuItem {
    href: paths::staff::AUDIT,
    title: |t| t.staff_audit_title,
    hint: |t| t.staff_audit_hint,
};
const COMMUNES: MenuItem = MenuItem {
    href: paths::staff::COMMUNES,
    title: |t| t.staff_communes_title,
    hint: |t| t.staff_communes_hint,
};
const COMMUNE_DASHBOARD: MenuItem = MenuItem {
    href: paths::staff::DASHBOARD,
    title: |t| t.dash_commune_title,
    hint: |t| t.dash_commune_hint,
};
const PROVINCE_DASHBOARD: MenuItem = MenuItem {
    href: paths::staff::PROVINCE,
    title: |t| t.dash_province_title,
    hint: |t| t.dash_province_hint,
};
const OFFICERS: MenuItem = MenuItem {
    href: paths::staff::OFFICERS,
    title: |t| t.staff_officers_title,
    hint: |t| t.staff_officers_hint,
};

fn staff_menu(home: StaffHome) -> impl IntoView {
    let i18n = use_i18n();
    let role = home.role;
    let place = home
        .commune
        .map(|c| c.name)
        .or(home.province.map(|p| p.name))
        .unwrap_or_default();
    let items: &[MenuItem] = match role {
        Role::CommuneStaff { .. } => &[
            REPORTS,
            ANNOUNCEMENTS,
            COMMUNE_DASHBOARD,
            DIRECTORY,
            SURVEYS,
            RESET,
        ],
        Role::CommuneAdmin { .. } => &[
            REPORTS,
            ANNOUNCEMENTS,
            COMMUNE_DASHBOARD,
            DIRECTORY,
            SURVEYS,
            PEOPLE,
            VILLAGES,
            SETTINGS,
            RESET,
            AUDIT,
        ],
        Role::ProvinceOfficer { .. } => &[PROVINCE_DASHBOARD, COMMUNES, RESET],
        Role::SystemAdmin => &[OFFICERS, RESET],
        Role::Resident => &[],
    };
    view! {
        <p class="lead">
            <span class="badge">{move || role_name(i18n.t(), role)}</span> " " {place}
        </p>
        <ul class="tiles">
            {items.iter().map(|item| {
                let (title, hint) = (item.title, item.hint);
                view! {
                    <li><a href=item.href>
                        <strong>{move || title(i18n.t())}</strong>
                        <span>{move || hint(i18n.t())}</span>
                    </a></li>
                }
            }).collect_view()}
        </ul>
    }
}

/// `/staff/people`: the commune's staff; appoint and remove.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let commune = chosen_commune();
    let people = Resource::new(move || commune.get(), load_people);
    view! {
        <Title text=head_text(i18n, |t| t.staff_people_title)/>
        <h1>{tr!(i18n, staff_people_title)}</h1>
        <DoneNotice/>
        <FormError form="remove"/>
        <Loaded resource=people show=people_view/>
        <BackToStaff/>
    }
}

#[component]
fn MemberItem(member: Member, #[prop(optional)] remove_from: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let role = member.role;
    let removable = matches!(role, Role::CommuneStaff { .. });
    let name = member.name.clone();
    let remove = remove_from.filter(|_| removable).map(|commune| {
        view! {
            <form method="post" action=RemoveStaff::PATH>
                <input type="hidden" name="commune" value=commune/>
                <input type="hidden" name="user" value=member.user_id/>
                <button type="submit" class="button secondary small">
                    {tr!(i18n, remove_button)}<span class="visually-hidden">" " {name.clone()}</span>
                </button>
            </form>
        }
    });
    view! {
        <li class="result">
            <span class="name">
                <strong>{member.name}</strong>
                <small>{member.phone} " · " {member.place}</small>
            </span>
            <span class="badge">{move || role_name(i18n.t(), role)}</span>
            {remove}
        </li>
    }
}

fn people_view(people: CommunePeople) -> impl IntoView {
    let i18n = use_i18n();
    let commune = people.commune.code.to_string();
    let list = if people.members.is_empty() {
        Either::Left(view! { <p>{tr!(i18n, no_members)}</p> })
    } else {
        let commune = commune.clone();
        Either::Right(view! {
            <ul class="results">
                {people.members.into_iter().map(|m| view! { <MemberItem member=m remove_from=commune.clone()/> }).collect_view()}
            </ul>
        })
    };
    view! {
        <p class="lead">{people.commune.name}</p>
        {list}
        <h2>{tr!(i18n, appoint_staff_title)}</h2>
        <form method="post" action=AppointStaff::PATH class="card form">
            <FormError form="appoint"/>
            <p class="hint">{tr!(i18n, appoint_hint)}</p>
            <input type="hidden" name="commune" value=commune/>
            <PhoneField id="appoint-phone"/>
            <button type="submit" class="button">{tr!(i18n, appoint_button)}</button>
        </form>
    }
}

#[component]
fn KindSelect(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id>{tr!(i18n, village_kind_label)}</label>
        <select id=id name="kind">
            <option value=VillageKind::Thon.as_db()>{tr!(i18n, village_kind_thon)}</option>
            <option value=VillageKind::ToDanPho.as_db()>{tr!(i18n, village_kind_to_dan_pho)}</option>
        </select>
    }
}

/// `/staff/villages`: add, rename and remove the commune's villages.
#[component]
pub fn VillagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let commune = chosen_commune();
    let villages = Resource::new(move || commune.get(), load_villages);
    view! {
        <Title text=head_text(i18n, |t| t.staff_villages_title)/>
        <h1>{tr!(i18n, staff_villages_title)}</h1>
        <DoneNotice/>
        <FormError form="rename-village"/>
        <FormError form="remove-village"/>
        <Loaded resource=villages show=villages_view/>
        <BackToStaff/>
    }
}

fn villages_view(data: CommuneVillages) -> impl IntoView {
    let i18n = use_i18n();
    let commune = data.commune.code.to_string();
    let list = if data.villages.is_empty() {
        Either::Left(view! { <p>{tr!(i18n, commune_no_villages)}</p> })
    } else {
        let commune = commune.clone();
        Either::Right(view! {
            <ul class="results">
                {data.villages.into_iter().map(|v| {
                    let field = format!("village-{}", v.id);
                    view! {
                        <li class="result village-row">
                            <form method="post" action=RenameVillage::PATH class="inline-form">
                                <input type="hidden" name="commune" value=commune.clone()/>
                                <input type="hidden" name="village" value=v.id/>
                                <label for=field.clone() class="visually-hidden">{tr!(i18n, village_name_label)}</label>
                                <input id=field name="name" type="text" required maxlength="100" value=v.name.clone()/>
                                <button type="submit" class="button secondary small">
                                    {tr!(i18n, rename_button)}<span class="visually-hidden">" " {v.name.clone()}</span>
                                </button>
                            </form>
                            <form method="post" action=RemoveVillage::PATH>
                                <input type="hidden" name="commune" value=commune.clone()/>
                                <input type="hidden" name="village" value=v.id/>
                                <button type="submit" class="button secondary small">
                                    {tr!(i18n, remove_button)}<span class="visually-hidden">" " {v.name.clone()}</span>
                                </button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    };
    view! {
        <p class="lead">{data.commune.name}</p>
        {list}
        <h2>{tr!(i18n, add_village_title)}</h2>
        <form method="post" action=AddVillage::PATH class="card form">
            <FormError form="add-village"/>
            <input type="hidden" name="commune" value=commune/>
            <label for="new-village">{tr!(i18n, village_name_label)}</label>
            <input id="new-village" name="name" type="text" required maxlength="100"/>
            <KindSelect id="new-village-kind"/>
            <button type="submit" class="button">{tr!(i18n, add_village_button)}</button>
        </form>
    }
}

/// `/staff/reset`: issue a one-time password reset code to a resident.
#[component]
pub fn ResetCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| load_staff_home());
    view! {
        <Title text=head_text(i18n, |t| t.staff_reset_title)/>
        <h1>{tr!(i18n, staff_reset_title)}</h1>
        <Loaded resource=home show=reset_code_view/>
        <BackToStaff/>
    }
}

fn reset_code_view(_home: StaffHome) -> impl IntoView {
    let i18n = use_i18n();
    // The code just issued, handed to this page once (never in its address).
    let issued = Resource::new(|| (), |_| take_issued_code());
    let issued = move || {
        issued
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|(code, phone)| {
                view! {
                    <div class="card code-card" role="status">
                        <p>{move || (i18n.t().reset_code_for)(&phone)}</p>
                        <p class="code">{code}</p>
                        <p class="hint">{tr!(i18n, reset_code_note)}</p>
                    </div>
                }
            })
    };
    view! {
        <Suspense>{issued}</Suspense>
        <p class="lead">{tr!(i18n, reset_code_lead)}</p>
        <form method="post" action=IssueResetCode::PATH class="card form">
            <FormError form="reset-code"/>
            <PhoneField id="reset-code-phone"/>
            <button type="submit" class="button">{tr!(i18n, reset_code_button)}</button>
        </form>
    }
}

fn audit_action(t: &Texts, action: AuditAction) -> &'static str {
    match action {
        AuditAction::AppointStaff => t.audit_appoint_staff,
        AuditAction::RemoveStaff => t.audit_remove_staff,
        AuditAction::AppointCommuneAdmin => t.audit_appoint_admin,
        AuditAction::AppointProvinceOfficer => t.audit_appoint_officer,
        AuditAction::EnableCommune => t.audit_enable_commune,
        AuditAction::DisableCommune => t.audit_disable_commune,
        AuditAction::MarkPilot => t.audit_mark_pilot,
        AuditAction::UnmarkPilot => t.audit_unmark_pilot,
        AuditAction::AddVillage => t.audit_add_village,
        AuditAction::RenameVillage => t.audit_rename_village,
        AuditAction::RemoveVillage => t.audit_remove_village,
        AuditAction::IssueResetCode => t.audit_issue_reset_code,
        AuditAction::AddEntry => t.audit_add_entry,
        AuditAction::EditEntry => t.audit_edit_entry,
        AuditAction::VerifyEntry => t.audit_verify_entry,
        AuditAction::ArchiveEntry => t.audit_archive_entry,
        AuditAction::RestoreEntry => t.audit_restore_entry,
        AuditAction::ImportEntries => t.audit_import_entries,
        AuditAction::ChangeCategories => t.audit_change_categories,
        AuditAction::ChangeWorkingTime => t.audit_change_working_time,
        AuditAction::ChangeTemplates => t.audit_change_templates,
        AuditAction::IssueApiKey => t.audit_issue_api_key,
        AuditAction::RevokeApiKey => t.audit_revoke_api_key,
        AuditAction::HideContent => t.audit_hide_content,
        AuditAction::ShowContent => t.audit_show_content,
        AuditAction::CreateSurvey => t.audit_create_survey,
        AuditAction::ChangeSurvey => t.audit_change_survey,
        AuditAction::PublishSurvey => t.audit_publish_survey,
        AuditAction::PublishResults => t.audit_publish_results,
        AuditAction::DeleteSurvey => t.audit_delete_survey,
        AuditAction::SetPopulation => t.audit_set_population,
        AuditAction::PostAnnouncement => t.audit_post_announcement,
        AuditAction::WithdrawAnnouncement => t.audit_withdraw_announcement,
        AuditAction::EditAnnouncement => t.audit_edit_announcement,
    }
}

/// `/staff/audit`: who did what, and when, in the commune.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let commune = chosen_commune();
    let audit = Resource::new(move || commune.get(), load_audit);
    view! {
        <Title text=head_text(i18n, |t| t.staff_audit_title)/>
        <h1>{tr!(i18n, staff_audit_title)}</h1>
        <Loaded resource=audit show=audit_view/>
        <BackToStaff/>
    }
}

fn audit_view(audit: CommuneAudit) -> impl IntoView {
    let i18n = use_i18n();
    let entries = if audit.entries.is_empty() {
        Either::Left(view! { <p>{tr!(i18n, audit_empty)}</p> })
    } else {
        Either::Right(view! {
            <ol class="audit">
                {audit.entries.into_iter().map(|e| {
                    let action = e.action;
                    let actor = if e.actor.is_empty() { None } else { Some(e.actor) };
                    view! {
                        <li class="card">
                            <time>{crate::time::date_time(e.at_ms)}</time>
                            <p>
                                <strong>{move || actor.clone().unwrap_or_else(|| i18n.t().deleted_account.to_owned())}</strong>
                                " · " {move || audit_action(i18n.t(), action)}
                                {e.subject.filter(|s| !s.is_empty()).map(|s| view! { ": " <strong>{s}</strong> })}
                            </p>
                            {(!e.detail.is_empty()).then(|| view! { <p class="hint">{e.detail}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        })
    };
    view! {
        <p class="lead">{audit.commune.name}</p>
        {entries}
    }
}

/// `/staff/communes`: enable the province's communes, appoint their admins and
/// mark the smart-village pilots.
#[component]
pub fn ProvincePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Empty means the officer's own province.
    let province = Signal::derive(move || query.read().get("province").unwrap_or_default());
    let overview = Resource::new(move || province.get(), load_province);
    view! {
        <Title text=head_text(i18n, |t| t.staff_communes_title)/>
        <h1>{tr!(i18n, staff_communes_title)}</h1>
        <DoneNotice/>
        <FormError form="commune"/>
        <Loaded resource=overview show=province_view/>
        <BackToStaff/>
    }
}

fn province_view(overview: ProvinceOverview) -> impl IntoView {
    let i18n = use_i18n();
    let options = overview
        .communes
        .iter()
        .map(|c| view! { <option value=c.commune.code>{c.commune.name.clone()}</option> })
        .collect_view();
    view! {
        <p class="lead">{overview.province.name}</p>
        <h2>{tr!(i18n, appoint_admin_title)}</h2>
        <form method="post" action=AppointCommuneAdmin::PATH class="card form">
            <FormError form="appoint-admin"/>
            <p class="hint">{tr!(i18n, appoint_hint)}</p>
            <label for="admin-commune">{tr!(i18n, commune_label)}</label>
            <select id="admin-commune" name="commune" required>{options}</select>
            <PhoneField id="admin-phone"/>
            <button type="submit" class="button">{tr!(i18n, appoint_button)}</button>
        </form>
        <h2>{tr!(i18n, communes_title)}</h2>
        <ul class="results">
            {overview.communes.into_iter().map(|c| {
                let enabled = c.commune.enabled;
                let pilot = c.smart_pilot;
                let admins = if c.admins.is_empty() { None } else { Some(c.admins.join(", ")) };
                view! {
                    <li class="result">
                        <span class="name">
                            <strong>{c.commune.name}</strong>
                            <small>{move || admins.clone().unwrap_or_else(|| i18n.t().no_admin.to_owned())}</small>
                        </span>
                        {enabled.then(|| view! { <span class="badge">{tr!(i18n, joined_badge)}</span> })}
                        {pilot.then(|| view! { <span class="badge">{tr!(i18n, dash_pilot_badge)}</span> })}
                        <form method="post" action=SetCommuneEnabled::PATH>
                            <input type="hidden" name="commune" value=c.commune.code/>
                            <input type="hidden" name="enabled" value=if enabled { "0" } else { "1" }/>
                            <button type="submit" class="button secondary small">
                                {move || if enabled { i18n.t().disable_button } else { i18n.t().enable_button }}
                            </button>
                        </form>
                        <form method="post" action=SetSmartPilot::PATH>
                            <input type="hidden" name="commune" value=c.commune.code/>
                            <input type="hidden" name="pilot" value=if pilot { "0" } else { "1" }/>
                            <button type="submit" class="button secondary small">
                                {move || if pilot { i18n.t().unpilot_button } else { i18n.t().pilot_button }}
                            </button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// `/staff/officers`: the system administrator appoints province officers.
#[component]
pub fn OfficersPage() -> impl IntoView {
    let i18n = use_i18n();
    let officers = Resource::new(|| (), |_| load_officers());
    view! {
        <Title text=head_text(i18n, |t| t.staff_officers_title)/>
        <h1>{tr!(i18n, staff_officers_title)}</h1>
        <DoneNotice/>
        <Loaded resource=officers show=officers_view/>
        <BackToStaff/>
    }
}

fn officers_view(data: Officers) -> impl IntoView {
    let i18n = use_i18n();
    let list = if data.officers.is_empty() {
        Either::Left(view! { <p>{tr!(i18n, no_members)}</p> })
    } else {
        Either::Right(view! {
            <ul class="results">
                {data.officers.into_iter().map(|m| view! { <MemberItem member=m/> }).collect_view()}
            </ul>
        })
    };
    view! {
        {list}
        <h2>{tr!(i18n, appoint_officer_title)}</h2>
        <form method="post" action=AppointOfficer::PATH class="card form">
            <FormError form="appoint-officer"/>
            <p class="hint">{tr!(i18n, appoint_hint)}</p>
            <label for="officer-province">{tr!(i18n, province_label)}</label>
            <select id="officer-province" name="province" required>
                {data.provinces.into_iter().map(|p| view! { <option value=p.code>{p.name}</option> }).collect_view()}
            </select>
            <PhoneField id="officer-phone"/>
            <button type="submit" class="button">{tr!(i18n, appoint_button)}</button>
        </form>
    }
}
