//! `/staff/settings`: the commune admin sets how reports are handled. Each part
//! is its own plain form, so it works before (or without) WebAssembly, and a
//! refused form comes back with its error next to it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{
    AddTemplate, IssueApiKey, RemoveCategory, RemoveTemplate, RevokeApiKey, SaveCategory,
    SaveWorkingTime, load_report_settings,
};
use super::model::{ApiKey, CategoryUse, RESOLVE_DAYS, ReportSettings};
use crate::forms::{DoneNotice, FormError};
use crate::hours::WEEKDAYS;
use crate::i18n::{head_text, use_i18n};
use crate::layout::Loaded;
use crate::paths;
use crate::reports::model::Category;
use crate::reports::model::Template;
use crate::tr;

#[component]
pub fn ReportSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| load_report_settings());
    view! {
        <Title text=head_text(i18n, |t| t.set_title)/>
        <h1>{tr!(i18n, set_title)}</h1>
        <DoneNotice/>
        <Loaded resource=settings show=settings_view/>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

fn settings_view(settings: ReportSettings) -> impl IntoView {
    let i18n = use_i18n();
    let ReportSettings {
        commune,
        categories,
        working,
        templates,
        keys,
        new_key,
    } = settings;
    let names: Vec<Category> = categories.iter().map(|c| c.category.clone()).collect();
    view! {
        <p class="lead">{commune.name}</p>
        <nav aria-label=tr!(i18n, set_title)>
            <ul class="chips">
                <li><a href="#categories">{tr!(i18n, set_categories)}</a></li>
                <li><a href="#working-time">{tr!(i18n, set_working_time)}</a></li>
                <li><a href="#templates">{tr!(i18n, set_templates)}</a></li>
                <li><a href="#keys">{tr!(i18n, set_keys)}</a></li>
            </ul>
        </nav>
        {categories_view(categories)}
        {working_view(working)}
        {templates_view(templates, names)}
        {keys_view(keys, new_key)}
    }
}

fn categories_view(categories: Vec<CategoryUse>) -> impl IntoView {
    let i18n = use_i18n();
    let (min, max) = (*RESOLVE_DAYS.start(), *RESOLVE_DAYS.end());
    view! {
        <h2 id="categories">{tr!(i18n, set_categories)}</h2>
        <p class="hint">{tr!(i18n, set_categories_hint)}</p>
        <FormError form="category"/>
        <ul class="results settings-list">
            {categories.into_iter().map(|CategoryUse { category, reports }| {
                let id = category.id;
                let name_id = format!("category-{id}-name");
                let days_id = format!("category-{id}-days");
                view! {
                    <li class="card">
                        <form method="post" action=SaveCategory::PATH class="category-form">
                            <input type="hidden" name="id" value=id/>
                            <label for=name_id.clone()>{tr!(i18n, set_category_name)}</label>
                            <input id=name_id type="text" name="name" value=category.name.clone() required maxlength="100"/>
                            <label for=days_id.clone()>{tr!(i18n, set_category_days)}</label>
                            <input id=days_id type="number" name="days" value=category.resolve_days min=min max=max required inputmode="numeric"/>
                            <button type="submit" class="button secondary">{tr!(i18n, set_save)}</button>
                            <p class="hint">{category.code.clone()} " · " {move || (i18n.t().set_category_reports)(reports)}</p>
                        </form>
                        {(reports == 0).then(|| view! {
                            <form method="post" action=RemoveCategory::PATH>
                                <input type="hidden" name="id" value=id/>
                                <button type="submit" class="button link">{tr!(i18n, set_remove)}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <form method="post" action=SaveCategory::PATH class="card form">
            <h3>{tr!(i18n, set_category_add)}</h3>
            <label for="category-new-name">{tr!(i18n, set_category_name)}</label>
            <input id="category-new-name" type="text" name="name" required maxlength="100"/>
            <label for="category-new-days">{tr!(i18n, set_category_days)}</label>
            <input id="category-new-days" type="number" name="days" value="5" min=min max=max required inputmode="numeric"/>
            <button type="submit" class="button">{tr!(i18n, set_category_add)}</button>
        </form>
    }
}

fn working_view(working: super::model::WorkingTimeInput) -> impl IntoView {
    let i18n = use_i18n();
    let days = working.days().map(str::to_owned);
    view! {
        <h2 id="working-time">{tr!(i18n, set_working_time)}</h2>
        <form method="post" action=SaveWorkingTime::PATH class="card form">
            <p class="hint">{tr!(i18n, set_working_time_hint)}</p>
            <FormError form="working-time"/>
            {WEEKDAYS.iter().zip(days).map(|(day, value)| {
                let id = format!("working-{day}");
                let field = *day;
                view! {
                    <label for=id.clone()>{move || (i18n.t().dir_field)(field)}</label>
                    <input id=id type="text" name=format!("working[{day}]") value=value placeholder="07:30-11:30, 13:30-17:00"/>
                }
            }).collect_view()}
            <label for="working-holidays">{move || (i18n.t().dir_field)("holidays")}</label>
            <p id="working-holidays-hint" class="hint">{tr!(i18n, set_holidays_hint)}</p>
            <textarea id="working-holidays" name="working[holidays]" rows="6" aria-describedby="working-holidays-hint">{working.holidays}</textarea>
            <button type="submit" class="button">{tr!(i18n, set_save)}</button>
        </form>
    }
}

fn templates_view(templates: Vec<Template>, categories: Vec<Category>) -> impl IntoView {
    let i18n = use_i18n();
    let name_of = {
        let categories = categories.clone();
        move |id: Option<i64>| {
            id.and_then(|id| {
                categories
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.clone())
            })
        }
    };
    let empty = templates.is_empty();
    view! {
        <h2 id="templates">{tr!(i18n, set_templates)}</h2>
        <p class="hint">{tr!(i18n, set_templates_hint)}</p>
        <FormError form="template"/>
        {empty.then(|| view! { <p class="notice">{tr!(i18n, set_templates_empty)}</p> })}
        <ul class="results settings-list">
            {templates.into_iter().map(|t| {
                let category = name_of(t.category_id);
                view! {
                    <li class="card">
                        <p><strong>{t.title}</strong> " · "
                            {move || category.clone().unwrap_or_else(|| i18n.t().set_every_category.to_owned())}</p>
                        <p class="report-text">{t.body}</p>
                        <form method="post" action=RemoveTemplate::PATH>
                            <input type="hidden" name="id" value=t.id/>
                            <button type="submit" class="button link">{tr!(i18n, set_remove)}</button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
        <form method="post" action=AddTemplate::PATH class="card form">
            <h3>{tr!(i18n, set_template_add)}</h3>
            <label for="template-category">{tr!(i18n, rep_category_label)}</label>
            <select id="template-category" name="category">
                <option value="">{tr!(i18n, set_every_category)}</option>
                {categories.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
            </select>
            <label for="template-title">{tr!(i18n, set_template_title)}</label>
            <input id="template-title" type="text" name="title" required maxlength="100"/>
            <label for="template-body">{tr!(i18n, set_template_body)}</label>
            <textarea id="template-body" name="body" rows="4" required maxlength="2000"></textarea>
            <button type="submit" class="button">{tr!(i18n, set_template_add)}</button>
        </form>
    }
}

fn keys_view(keys: Vec<ApiKey>, new_key: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 id="keys">{tr!(i18n, set_keys)}</h2>
        <p class="hint">{tr!(i18n, set_keys_hint)}</p>
        <FormError form="key"/>
        {new_key.map(|key| view! {
            <div class="notice done" role="status">
                <p>{tr!(i18n, set_key_once)}</p>
                <p><code class="secret">{key}</code></p>
            </div>
        })}
        <ul class="results settings-list">
            {keys.into_iter().map(|k| {
                let revoked = k.revoked_at_ms.is_some();
                let reports = k.reports;
                view! {
                    <li class="card">
                        <p><strong>{k.name}</strong>
                            {revoked.then(|| view! { " " <span class="badge">{tr!(i18n, set_key_revoked)}</span> })}</p>
                        <p class="hint">{crate::time::date(k.created_at_ms)} " · " {move || (i18n.t().set_key_reports)(reports)}</p>
                        {(!revoked).then(|| view! {
                            <form method="post" action=RevokeApiKey::PATH>
                                <input type="hidden" name="id" value=k.id/>
                                <button type="submit" class="button link">{tr!(i18n, set_key_revoke)}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <form method="post" action=IssueApiKey::PATH class="card form">
            <h3>{tr!(i18n, set_key_issue)}</h3>
            <label for="key-name">{tr!(i18n, set_key_name)}</label>
            <input id="key-name" type="text" name="name" required maxlength="100" placeholder="Tổng đài 1022"/>
            <button type="submit" class="button">{tr!(i18n, set_key_issue)}</button>
        </form>
    }
}
