//! The staff's report pages: `/staff/reports` (the commune's open reports,
//! nearest deadline first, overdue ones marked) and `/staff/reports/{code}` (one
//! report with its internal notes and the actions its status allows).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{ActOnReport, AssignReport, load_handled_report, load_queue};
use super::islands::{ReplyTemplates, TemplateChoice};
use super::lifecycle::Status;
use super::model::{EventKind, PhotoRef, Queue, ReportView};
use super::moderation::{HideContent, ShowContent, Target};
use super::pages::{ReportItem, report_facts, timeline};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{Texts, head_text, use_i18n};
use crate::islands::IslandRuntime;
use crate::layout::Loaded;
use crate::paths;
use crate::text::excerpt;
use crate::tr;

/// `/staff/reports`.
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let queue = Resource::new(
        move || {
            let query = query.read();
            (
                query.get("category").unwrap_or_default(),
                query.get("village").unwrap_or_default(),
                query.get("assignee").unwrap_or_default(),
            )
        },
        |(category, village, assignee)| load_queue(category, village, assignee),
    );
    view! {
        <Title text=head_text(i18n, |t| t.rep_queue_title)/>
        <h1>{tr!(i18n, rep_queue_title)}</h1>
        <Loaded resource=queue show=queue_view/>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

fn queue_view(queue: Queue) -> impl IntoView {
    let i18n = use_i18n();
    let Queue {
        list,
        categories,
        villages,
        staff,
        category,
        village,
        assignee,
        me,
        escalated,
    } = queue;
    let now = list.now_ms;
    let escalated = (!escalated.is_empty()).then(|| view! {
        <section class="card escalated" aria-labelledby="escalated-title">
            <h2 id="escalated-title">{tr!(i18n, rep_escalated_title)}</h2>
            <p class="hint">{tr!(i18n, rep_escalated_hint)}</p>
            <ul class="results reports">
                {escalated.into_iter().map(|r| view! { <ReportItem report=r link=|code| paths::staff::report(code) now_ms=now/> }).collect_view()}
            </ul>
        </section>
    });
    let overdue = list.reports.iter().filter(|r| r.overdue(now)).count();
    let body = if list.reports.is_empty() {
        Either::Left(view! { <p class="notice done">{tr!(i18n, rep_queue_empty)}</p> })
    } else {
        Either::Right(view! {
            <ul class="results reports">
                {list.reports.into_iter().map(|r| view! { <ReportItem report=r link=|code| paths::staff::report(code) now_ms=now/> }).collect_view()}
            </ul>
        })
    };
    let selected = |value: Option<i64>, id: i64| value == Some(id);
    let filters = view! {
        <form method="get" action=paths::staff::REPORTS class="card form filters">
            <label for="queue-assignee">{tr!(i18n, rep_assignee_label)}</label>
            <select id="queue-assignee" name="assignee">
                <option value="">{tr!(i18n, rep_filter_all)}</option>
                <option value=me selected=selected(assignee, me)>{tr!(i18n, rep_assigned_to_me)}</option>
                <option value="none" selected=selected(assignee, 0)>{tr!(i18n, rep_unassigned)}</option>
                {staff.into_iter().filter(|(id, _)| *id != me).map(|(id, name)| view! {
                    <option value=id selected=selected(assignee, id)>{name}</option>
                }).collect_view()}
            </select>
            <label for="queue-category">{tr!(i18n, rep_category_label)}</label>
            <select id="queue-category" name="category">
                <option value="">{tr!(i18n, rep_filter_all)}</option>
                {categories.into_iter().map(|c| view! {
                    <option value=c.id selected=selected(category, c.id)>{c.name}</option>
                }).collect_view()}
            </select>
            <label for="queue-village">{tr!(i18n, village_label)}</label>
            <select id="queue-village" name="village">
                <option value="">{tr!(i18n, rep_filter_all)}</option>
                {villages.into_iter().map(|(id, name)| view! {
                    <option value=id selected=selected(village, id)>{name}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{tr!(i18n, rep_filter_button)}</button>
        </form>
    };
    view! {
        <p class="lead">{list.commune.name} {(overdue > 0).then(|| view! { " · " <strong class="overdue">{move || (i18n.t().rep_overdue_count)(overdue)}</strong> })}</p>
        {escalated}
        {filters}
        {body}
    }
}

/// `/staff/reports/{code}`.
#[component]
pub fn HandleReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let report = Resource::new(move || code.get(), load_handled_report);
    view! {
        <DoneNotice/>
        <FormError form="act"/>
        <FormError form="hide"/>
        <Loaded resource=report show=handle_view/>
        <p><a href=paths::staff::REPORTS>{tr!(i18n, rep_queue_back)}</a></p>
    }
}

/// Photos that show the work (optional, up to 4).
#[component]
fn EvidenceField(id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id.clone()>{tr!(i18n, rep_evidence_label)}</label>
        <input id=id type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple/>
    }
}

/// A staff step as a form: the step, an optional text field, a button.
#[component]
fn StepForm(
    code: String,
    step: &'static str,
    button: fn(&Texts) -> &'static str,
    /// The label of the text the step needs (a reply, whom it was referred to…).
    #[prop(optional)]
    text: Option<fn(&Texts) -> &'static str>,
    /// The step names another report by its code.
    #[prop(optional)]
    other_report: bool,
    #[prop(optional)] secondary: bool,
    /// The step may carry photos (evidence of the fix).
    #[prop(optional)]
    photos: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("step-{step}");
    let evidence = photos.then(|| {
        let id = format!("{id}-photos");
        view! { <EvidenceField id/> }
    });
    let (action, enctype) = if photos {
        (paths::staff::REPORT_UPLOAD, "multipart/form-data")
    } else {
        (ActOnReport::PATH, "application/x-www-form-urlencoded")
    };
    let field = text.map(|label| {
        let id = id.clone();
        view! {
            <label for=id.clone()>{move || label(i18n.t())}</label>
            <textarea id=id name="body" rows="3" required maxlength="2000"></textarea>
        }
    });
    let other = other_report.then(|| {
        let id = format!("{id}-of");
        view! {
            <label for=id.clone()>{tr!(i18n, rep_duplicate_of)}</label>
            <input id=id type="text" name="duplicate_of" required placeholder="HY-2026-000001"/>
        }
    });
    view! {
        <form method="post" action=action enctype=enctype class="form step-form">
            <input type="hidden" name="code" value=code/>
            <input type="hidden" name="step" value=step/>
            {field}
            {other}
            {evidence}
            <button type="submit" class="button" class:secondary=secondary>{move || button(i18n.t())}</button>
        </form>
    }
}

fn handle_view(report: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let status = report.summary.status;
    let code = report.summary.code.clone();
    let facts = report_facts(&report);
    let deadline = status.is_open().then(|| {
        let at = crate::time::date_time(report.summary.deadline_ms());
        let overdue = report.summary.overdue(report.now_ms);
        view! { <p class="deadline" class:overdue=overdue>{move || (i18n.t().rep_deadline)(&at)}</p> }
    });
    let steps = status.is_open().then(|| {
        let c = || code.clone();
        view! {
            <h2>{tr!(i18n, rep_actions)}</h2>
            <div class="card">
                <div class="actions">
                    {(status == Status::New).then(|| view! {
                        <StepForm code=c() step="acknowledge" button=|t: &Texts| t.rep_step_acknowledge/>
                    })}
                    {matches!(status, Status::New | Status::Acknowledged).then(|| view! {
                        <StepForm code=c() step="start" button=|t: &Texts| t.rep_step_start secondary=true/>
                    })}
                </div>
                <StepForm code=c() step="resolve" button=|t: &Texts| t.rep_step_resolve text=|t: &Texts| t.rep_resolve_reply photos=true/>
                <details>
                    <summary>{tr!(i18n, rep_close_other_ways)}</summary>
                    <StepForm code=c() step="not_responsible" button=|t: &Texts| t.rep_step_not_responsible text=|t: &Texts| t.rep_referred_to secondary=true/>
                    <StepForm code=c() step="duplicate" button=|t: &Texts| t.rep_step_duplicate other_report=true secondary=true/>
                    <StepForm code=c() step="reject" button=|t: &Texts| t.rep_step_reject text=|t: &Texts| t.rep_reject_reason secondary=true/>
                </details>
            </div>
        }
    });
    // Choosing a template puts its text in the reply, to be adjusted before sending.
    let templates: Vec<TemplateChoice> = report
        .templates
        .iter()
        .map(|t| TemplateChoice {
            title: t.title.clone(),
            body: t.body.clone(),
        })
        .collect();
    let template_picker = (!templates.is_empty()).then(|| {
        let t = i18n.t();
        view! {
            <ReplyTemplates label=t.rep_template_label.to_owned() none=t.rep_template_none.to_owned() templates/>
            <IslandRuntime/>
        }
    });
    let reply = view! {
        <h2>{tr!(i18n, rep_reply_title)}</h2>
        <form method="post" action=paths::staff::REPORT_UPLOAD enctype="multipart/form-data" class="card form">
            <FormError form="reply"/>
            <input type="hidden" name="code" value=code.clone()/>
            {template_picker}
            <label for="reply-body">{tr!(i18n, rep_reply_label)}</label>
            <textarea id="reply-body" name="body" rows="4" required maxlength="2000"></textarea>
            <EvidenceField id="reply-photos".to_owned()/>
            <super::pages::VoiceField hint=|t: &Texts| t.rep_voice_reply_hint/>
            <label class="check"><input type="checkbox" name="internal" value="1"/>{tr!(i18n, rep_internal_label)}</label>
            <button type="submit" class="button">{tr!(i18n, rep_reply_button)}</button>
        </form>
    };
    let assigned_to = report.summary.assigned_to;
    let assign = view! {
        <form method="post" action=AssignReport::PATH class="card form">
            <FormError form="assign"/>
            <input type="hidden" name="code" value=code.clone()/>
            <label for="assign-user">{tr!(i18n, rep_assignee_label)}</label>
            <select id="assign-user" name="user">
                <option value="" selected=assigned_to.is_none()>{tr!(i18n, rep_unassigned)}</option>
                {report.assignable.clone().into_iter().map(|(id, name)| view! {
                    <option value=id selected=assigned_to == Some(id)>{name}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{tr!(i18n, rep_assign_button)}</button>
        </form>
    };
    let moderation = moderation_form(&report);
    view! {
        {facts}
        {deadline}
        {assign}
        {steps}
        {reply}
        {timeline(report.events)}
        {moderation}
    }
}

/// Hiding from the public: the report's text, a public reply's text, or a photo,
/// with the reason (kept in the audit log with the original); for the commune
/// admin, showing again what was hidden.
fn moderation_form(report: &ReportView) -> impl IntoView + use<> {
    let i18n = use_i18n();
    // (target, label, is a photo) of what is shown, and of what is hidden.
    let mut shown: Vec<(String, String, bool)> = Vec::new();
    let mut hidden: Vec<(String, String, bool)> = Vec::new();
    if !report.description.is_empty() {
        let list = if report.text_hidden {
            &mut hidden
        } else {
            &mut shown
        };
        list.push((Target::Text.code(), excerpt(&report.description, 8), false));
    }
    let mut number = 0;
    let mut photo = |p: &PhotoRef, shown: &mut Vec<_>, hidden: &mut Vec<_>| {
        number += 1;
        let list = if p.hidden { hidden } else { shown };
        list.push((Target::Photo(p.id).code(), format!("#{number}"), true));
    };
    for p in &report.photos {
        photo(p, &mut shown, &mut hidden);
    }
    for event in &report.events {
        if event.kind == EventKind::Reply && !event.body.is_empty() {
            let list = if event.hidden {
                &mut hidden
            } else {
                &mut shown
            };
            list.push((
                Target::Event(event.id).code(),
                excerpt(&event.body, 8),
                false,
            ));
        }
        for p in &event.photos {
            photo(p, &mut shown, &mut hidden);
        }
    }
    let code = report.summary.code.clone();
    let hide = (!shown.is_empty()).then(|| moderation_step(code.clone(), shown, false));
    let undo = (report.can_unhide && !hidden.is_empty())
        .then(|| moderation_step(code.clone(), hidden, true));
    view! {
        <details class="card moderation">
            <summary>{tr!(i18n, rep_moderation)}</summary>
            {hide}
            {undo}
        </details>
    }
}

/// One moderation form: hide one of `targets` (what is shown), or, with
/// `show`, show one of them again (what is hidden); (target, label, is a photo).
fn moderation_step(
    code: String,
    targets: Vec<(String, String, bool)>,
    show: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (action, form) = if show {
        (ShowContent::PATH, "show")
    } else {
        (HideContent::PATH, "hide")
    };
    let button = move || {
        let t = i18n.t();
        if show {
            t.rep_show_button
        } else {
            t.rep_hide_button
        }
    };
    let options = targets
        .into_iter()
        .map(|(value, label, photo)| {
            view! {
                <option value=value>
                    {move || match (photo, show) {
                        (true, false) => format!("{} {label}", i18n.t().rep_hide_photo),
                        (true, true) => format!("{} {label}", i18n.t().rep_show_photo),
                        (false, _) => format!("«{label}»"),
                    }}
                </option>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=action class="form">
            <FormError form=form/>
            <input type="hidden" name="code" value=code/>
            <label for=format!("{form}-target")>{button}</label>
            <select id=format!("{form}-target") name="target" required>{options}</select>
            <label for=format!("{form}-reason")>
                {move || if show { i18n.t().rep_show_reason } else { i18n.t().rep_hide_reason }}
            </label>
            <input id=format!("{form}-reason") type="text" name="reason" required maxlength="2000"/>
            <button type="submit" class="button secondary">{button}</button>
        </form>
    }
}
