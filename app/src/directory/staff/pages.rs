//! The staff's directory pages: `/staff/directory` (the commune's entries with
//! "verified today", archive and restore, CSV export and import) and
//! `/staff/directory/new` or `/staff/directory/{id}` (the editor). The editor is
//! a plain form that comes back with its errors; once its island runs, a wrong
//! field is named without leaving the page, so nothing typed is lost.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    ArchiveEntry, EntryEditor, SaveEntry, StaffDirectory, VerifyEntry, load_entry_editor,
    load_staff_directory,
};
use super::islands::{EntrySave, SaveTexts};
use super::model::{EntrySummary, PHONES};
use crate::directory::model::{Area, KINDS};
use crate::directory::pages::{area_name, kind_name};
use crate::error::{AppError, Problem};
use crate::forms::{DoneNotice, FormError, form_error};
use crate::hours::WEEKDAYS;
use crate::i18n::{Lang, Texts, head_text, use_i18n};
use crate::islands::IslandRuntime;
use crate::layout::{ErrorNotice, Loaded};
use crate::paths;
use crate::tr;

/// The commune of `?commune=` (empty: the person's own).
fn chosen_commune() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("commune").unwrap_or_default())
}

/// `/staff/directory`.
#[component]
pub fn StaffDirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let commune = chosen_commune();
    let directory = Resource::new(move || commune.get(), load_staff_directory);
    view! {
        <Title text=head_text(i18n, |t| t.staff_dir_title)/>
        <h1>{tr!(i18n, staff_dir_title)}</h1>
        <DoneNotice/>
        <FormError form="entries"/>
        <Loaded resource=directory show=directory_view/>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

fn directory_view(data: StaffDirectory) -> impl IntoView {
    let i18n = use_i18n();
    let commune = data.commune.code.to_string();
    let list = if data.entries.is_empty() {
        Either::Left(view! { <p>{tr!(i18n, staff_dir_empty)}</p> })
    } else {
        let commune = commune.clone();
        Either::Right(view! {
            <ul class="results entries">
                {data.entries.into_iter().map(|e| view! { <EntryRow entry=e commune=commune.clone()/> }).collect_view()}
            </ul>
        })
    };
    let export = format!("{}?commune={commune}", paths::staff::DIRECTORY_EXPORT);
    view! {
        <p class="lead">{data.commune.name}</p>
        <p><a class="button" href=paths::staff::DIRECTORY_NEW>{tr!(i18n, staff_dir_new)}</a></p>
        {list}
        <h2>{tr!(i18n, staff_dir_import_title)}</h2>
        <p><a class="button secondary" href=export download="danh-ba.csv">{tr!(i18n, staff_dir_export)}</a></p>
        <form method="post" action=paths::staff::DIRECTORY_IMPORT enctype="multipart/form-data" class="card form">
            <FormError form="import"/>
            <p class="hint">{tr!(i18n, staff_dir_import_hint)}</p>
            <input type="hidden" name="commune" value=commune/>
            <label for="import-file">{tr!(i18n, staff_dir_import_file)}</label>
            <input id="import-file" type="file" name="file" accept=".csv,text/csv" required/>
            <button type="submit" class="button">{tr!(i18n, staff_dir_import_button)}</button>
        </form>
    }
}

#[component]
fn EntryRow(entry: EntrySummary, commune: String) -> impl IntoView {
    let i18n = use_i18n();
    let EntrySummary {
        id,
        name,
        area,
        kind,
        village,
        archived,
        verified_at_ms,
    } = entry;
    let verified = verified_at_ms.map(crate::time::date);
    let place = move || {
        let lang = i18n.lang();
        let mut parts = vec![area_name(lang, area), kind_name(lang, &kind)];
        if let Some(village) = &village {
            parts.push(village.as_str());
        }
        parts.join(" · ")
    };
    let checked = move || match &verified {
        Some(date) => (i18n.t().staff_dir_verified_on)(date),
        None => i18n.t().staff_dir_never_verified.to_owned(),
    };
    let hidden = name.clone();
    view! {
        <li class="card entry" class:archived=archived>
            <p class="entry-name">
                <a href=paths::staff::directory_entry(id)>{name}</a>
                {archived.then(|| view! { " " <span class="badge muted">{tr!(i18n, staff_dir_archived_badge)}</span> })}
            </p>
            <p class="hint">{place}</p>
            <p class="hint">{checked}</p>
            <div class="actions">
                {(!archived).then(|| view! {
                    <form method="post" action=VerifyEntry::PATH>
                        <input type="hidden" name="commune" value=commune.clone()/>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button secondary small">
                            {tr!(i18n, staff_dir_verify)}<span class="visually-hidden">": " {hidden.clone()}</span>
                        </button>
                    </form>
                })}
                <form method="post" action=ArchiveEntry::PATH>
                    <input type="hidden" name="commune" value=commune/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="archived" value=if archived { "0" } else { "1" }/>
                    <button type="submit" class="button secondary small">
                        {move || if archived { i18n.t().staff_dir_restore } else { i18n.t().staff_dir_archive }}
                        <span class="visually-hidden">": " {hidden}</span>
                    </button>
                </form>
            </div>
        </li>
    }
}

/// `/staff/directory/new` and `/staff/directory/{id}`.
#[component]
pub fn EntryEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let commune = chosen_commune();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let editor = Resource::new(
        move || (commune.get(), id.get()),
        |(commune, id)| load_entry_editor(commune, id),
    );
    let is_new = move || id.get() == "new";
    view! {
        <Title text=head_text(i18n, |t| t.staff_dir_edit_title)/>
        <h1>{move || if is_new() { i18n.t().staff_dir_new_title } else { i18n.t().staff_dir_edit_title }}</h1>
        <Loaded resource=editor show=editor_view/>
        <p><a href=paths::staff::DIRECTORY>{tr!(i18n, dir_back)}</a></p>
    }
}

/// The problem the last save reported for `field`, if any.
fn problem_of(error: Option<AppError>, field: &str) -> Option<Problem> {
    match error? {
        AppError::Fields { problems, .. } => problems
            .into_iter()
            .find(|p| p.field == field)
            .map(|p| p.problem),
        _ => None,
    }
}

/// One field of the editor: its label, the input, a hint, and its error.
#[component]
fn Field(
    field: &'static str,
    value: String,
    error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] list: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("entry-{field}");
    let name = format!("entry[{field}]");
    let message_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let problem = Memo::new(move |_| problem_of(error.get(), field));
    let described = {
        let (message_id, hint_id) = (message_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem.get().is_some() {
                ids.push(message_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || problem.get().map(|_| "true");
    let input = if multiline {
        Either::Left(view! {
            <textarea id=id.clone() name=name rows="3" aria-invalid=invalid aria-describedby=described>{value}</textarea>
        })
    } else {
        Either::Right(view! {
            <input id=id.clone() name=name type=input_type.unwrap_or("text") value=value required=required
                list=list aria-invalid=invalid aria-describedby=described/>
        })
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id>{move || (i18n.t().dir_field)(field)}</label>
            {hint.map(|hint| view! { <p id=hint_id class="hint">{move || hint(i18n.t())}</p> })}
            {input}
            {move || problem.get().map(|p| view! { <p id=message_id.clone() class="field-error">{move || i18n.t().problem(p)}</p> })}
        </div>
    }
}

fn editor_view(data: EntryEditor) -> impl IntoView {
    let i18n = use_i18n();
    // A failed save comes back to this page with its error in the address.
    let error: Signal<Option<AppError>> = form_error("entry").into();
    let EntryEditor {
        commune,
        villages,
        organizations,
        entry,
        archived,
        ..
    } = data;
    let e = entry.clone();
    let kind_options = Area::ALL.map(|area| {
        let selected_kind = e.kind.clone();
        view! {
            <optgroup label=move || area_name(i18n.lang(), area)>
                {KINDS.iter().filter(|k| k.area == area).map(|k| {
                    let code = k.code;
                    let selected = selected_kind == code;
                    view! { <option value=code selected=selected>{move || if i18n.lang() == Lang::En { k.en } else { k.vi }}</option> }
                }).collect_view()}
            </optgroup>
        }
    });
    let village_options = villages
        .into_iter()
        .map(|v| {
            let selected = v == e.village;
            let label = v.clone();
            view! { <option value=v selected=selected>{label}</option> }
        })
        .collect_view();
    let kind_problem = Memo::new(move |_| problem_of(error.get(), "kind"));
    let village_problem = Memo::new(move |_| problem_of(error.get(), "village"));
    let status_problem = Memo::new(move |_| problem_of(error.get(), "status"));
    let view_link = (!e.id.is_empty() && !archived).then(|| {
        let href = paths::service(&e.id);
        view! { <p><a href=href>{tr!(i18n, staff_dir_view)}</a></p> }
    });
    let closed = e.status == "temporarily_closed";
    view! {
        {archived.then(|| view! { <p class="notice">{tr!(i18n, staff_dir_archived_badge)}</p> })}
        <p class="lead">{commune.name}</p>
        {view_link}
        <form id="entry-editor" method="post" action=SaveEntry::PATH class="card form editor">
            <input type="hidden" name="commune" value=commune.code/>
            <input type="hidden" name="entry[id]" value=e.id.clone()/>

            <h2>{tr!(i18n, staff_dir_section_basic)}</h2>
            <Field field="name" value=e.name.clone() error required=true/>
            <div class="field" class:invalid=move || kind_problem.get().is_some()>
                <label for="entry-kind">{move || (i18n.t().dir_field)("kind")}</label>
                <select id="entry-kind" name="entry[kind]" required aria-invalid=move || kind_problem.get().map(|_| "true")>
                    <option value="" selected=e.kind.is_empty()>{tr!(i18n, staff_dir_choose_kind)}</option>
                    {kind_options}
                </select>
                {move || kind_problem.get().map(|p| view! { <p class="field-error">{move || i18n.t().problem(p)}</p> })}
            </div>
            <Field field="organization" value=e.organization.clone() error list="organizations"/>
            <datalist id="organizations">
                {organizations.into_iter().map(|o| view! { <option value=o/> }).collect_view()}
            </datalist>
            <Field field="description" value=e.description.clone() error multiline=true/>
            <Field field="offers" value=e.offers.clone() error multiline=true/>

            <h2>{tr!(i18n, staff_dir_section_place)}</h2>
            <div class="field" class:invalid=move || village_problem.get().is_some()>
                <label for="entry-village">{move || (i18n.t().dir_field)("village")}</label>
                <select id="entry-village" name="entry[village]">
                    <option value="" selected=e.village.is_empty()>{tr!(i18n, staff_dir_no_village)}</option>
                    {village_options}
                </select>
                {move || village_problem.get().map(|p| view! { <p class="field-error">{move || i18n.t().problem(p)}</p> })}
            </div>
            <Field field="address" value=e.address.clone() error/>
            <div class="pair">
                <Field field="latitude" value=e.latitude.clone() error input_type="text"/>
                <Field field="longitude" value=e.longitude.clone() error input_type="text"/>
            </div>
            <p class="hint">{tr!(i18n, staff_dir_position_hint)}</p>

            <h2>{tr!(i18n, staff_dir_section_phones)}</h2>
            <p class="hint">{tr!(i18n, staff_dir_phone_hint)}</p>
            {(1..=PHONES).map(|i| {
                let (number, label) = phone_fields(i);
                view! {
                    <div class="pair">
                        <Field field=number value=e.get(number).to_owned() error input_type="tel"/>
                        <Field field=label value=e.get(label).to_owned() error/>
                    </div>
                }
            }).collect_view()}

            <h2>{tr!(i18n, staff_dir_section_hours)}</h2>
            <p class="hint">{tr!(i18n, staff_dir_hours_hint)}</p>
            {WEEKDAYS.iter().map(|day| view! { <Field field=day value=e.get(day).to_owned() error/> }).collect_view()}
            <Field field="closures" value=e.closures.clone() error multiline=true hint=|t: &Texts| t.staff_dir_closures_hint/>

            <h2>{tr!(i18n, staff_dir_section_status)}</h2>
            <div class="field" class:invalid=move || status_problem.get().is_some()>
                <label for="entry-status">{move || (i18n.t().dir_field)("status")}</label>
                <select id="entry-status" name="entry[status]">
                    <option value="active" selected=!closed>{tr!(i18n, staff_dir_status_active)}</option>
                    <option value="temporarily_closed" selected=closed>{tr!(i18n, dir_temporarily_closed)}</option>
                </select>
            </div>
            <Field field="status_note" value=e.status_note.clone() error/>

            {move || error.get().map(|error| view! { <ErrorNotice error/> })}
            <EntrySave done=crate::forms::Done::EntrySaved.at(paths::staff::DIRECTORY) texts=save_texts(i18n.t())/>
            <button type="submit" class="button">{tr!(i18n, staff_dir_save)}</button>
        </form>
        <IslandRuntime/>
    }
}

/// What the editor's save island says, in the page's language.
fn save_texts(t: &Texts) -> SaveTexts {
    use Problem::*;
    let problems = [
        ClosureInvalid,
        EntryNameMissing,
        HoursEndBeforeStart,
        HoursInvalid,
        HoursOverlap,
        PositionInvalid,
        PositionOutsideVietnam,
        ServicePhoneInvalid,
        TextTooLong,
        UnknownArea,
        UnknownEntry,
        UnknownKind,
        UnknownStatus,
        UnknownVillage,
        UnknownCommune,
    ];
    SaveTexts {
        problems: problems
            .into_iter()
            .map(|p| (p, t.problem(p).to_owned()))
            .collect(),
        fields: super::model::FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), (t.dir_field)(f).to_owned()))
            .collect(),
        fields_wrong: t.error_fields.to_owned(),
        failed: t.error_unavailable.to_owned(),
        saving: t.staff_dir_saving.to_owned(),
    }
}

/// The field names of phone `i` and its label.
fn phone_fields(i: usize) -> (&'static str, &'static str) {
    match i {
        1 => ("phone_1", "phone_1_label"),
        2 => ("phone_2", "phone_2_label"),
        _ => ("phone_3", "phone_3_label"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::FIELDS;
    use super::*;

    #[test]
    fn phone_fields_are_entry_fields() {
        for i in 1..=PHONES {
            let (number, label) = phone_fields(i);
            assert!(FIELDS.contains(&number) && FIELDS.contains(&label));
        }
    }
}
