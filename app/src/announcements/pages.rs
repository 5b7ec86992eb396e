//! The announcement pages: `/announcements` (the commune's current ones, urgent
//! alerts first), `/announcements/{id}` (one, which a push message opens) and
//! `/staff/announcements` (staff post, edit and withdraw them).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    EditAnnouncement, PostAnnouncement, WithdrawAnnouncement, load_announcement,
    load_announcements, load_staff_announcements,
};
use super::components::{AnnouncementCard, Length, kind_name};
use super::model::{
    AnnouncementList, AnnouncementPage, BODY_MAX, Editing, Kind, StaffAnnouncements, TITLE_MAX,
};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{head_text, use_i18n};
use crate::layout::{Loaded, PlaceContext, SavedDataNotice};
use crate::paths;
use crate::share::ShareButton;
use crate::tr;

/// `/announcements`.
#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let code = Memo::new(move |_| place.get().map(|c| c.code));
    view! {
        <Title text=head_text(i18n, |t| t.ann_title)/>
        <h1>{tr!(i18n, ann_title)}</h1>
        {move || match code.get() {
            Some(code) => {
                let list = Resource::new(move || code.to_string(), load_announcements);
                Either::Left(view! { <Loaded resource=list show=list_view/> })
            }
            None => Either::Right(view! {
                <p class="notice">{tr!(i18n, ann_choose_commune)}</p>
                <p><a href=paths::CHOOSE_COMMUNE class="button">{tr!(i18n, choose_commune)}</a></p>
            }),
        }}
    }
}

fn list_view(list: AnnouncementList) -> impl IntoView {
    let i18n = use_i18n();
    let now = list.read_at_ms;
    let body = if list.items.is_empty() {
        Either::Left(view! { <p class="notice">{tr!(i18n, ann_none)}</p> })
    } else {
        Either::Right(
            list.items
                .into_iter()
                .map(|a| view! { <AnnouncementCard announcement=a length=Length::Whole now_ms=now linked=true/> })
                .collect_view(),
        )
    };
    view! {
        <SavedDataNotice loaded_at_ms=now/>
        <p class="lead">{list.commune.name}</p>
        {body}
    }
}

/// `/announcements/{id}`.
#[component]
pub fn OneAnnouncementPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    let page = Resource::new(move || id.get(), load_announcement);
    view! {
        <Loaded resource=page show=one_view/>
        <p><a href=paths::ANNOUNCEMENTS>{tr!(i18n, ann_back)}</a></p>
    }
}

fn one_view(page: AnnouncementPage) -> impl IntoView {
    let i18n = use_i18n();
    let title = page.announcement.title.clone();
    let title_for_share = title.clone();
    view! {
        <Title text=title/>
        <h1 class="visually-hidden">{tr!(i18n, ann_title)}</h1>
        <SavedDataNotice loaded_at_ms=page.read_at_ms/>
        <p class="lead">{page.commune.name}</p>
        <ShareButton title=title_for_share path=paths::announcement(page.announcement.id)/>
        <AnnouncementCard announcement=page.announcement length=Length::Whole now_ms=page.read_at_ms/>
    }
}

/// `/staff/announcements` (`?edit={id}`: with that announcement's edit form).
#[component]
pub fn StaffAnnouncementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let edit = Memo::new(move |_| query.read().get("edit").unwrap_or_default());
    let data = Resource::new(move || edit.get(), load_staff_announcements);
    view! {
        <Title text=head_text(i18n, |t| t.staff_ann_title)/>
        <h1>{tr!(i18n, staff_ann_title)}</h1>
        <DoneNotice/>
        <Loaded resource=data show=staff_view/>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

fn staff_view(data: StaffAnnouncements) -> impl IntoView {
    let i18n = use_i18n();
    let now = data.now_ms;
    let items = if data.items.is_empty() {
        Either::Left(view! { <p class="notice">{tr!(i18n, ann_none_posted)}</p> })
    } else {
        Either::Right(
            data.items
                .into_iter()
                .map(|a| {
                    let id = a.id;
                    let current = a.current(now);
                    view! {
                        <AnnouncementCard announcement=a length=Length::Whole now_ms=now linked=true/>
                        {current.then(|| view! {
                            <div class="actions">
                                <a class="button secondary" href=format!("{}?edit={id}#announcement-form", paths::staff::ANNOUNCEMENTS)>
                                    {tr!(i18n, ann_edit_link)}
                                </a>
                                <form method="post" action=WithdrawAnnouncement::PATH class="withdraw">
                                    <input type="hidden" name="id" value=id/>
                                    <button type="submit" class="button secondary">{tr!(i18n, ann_withdraw_button)}</button>
                                </form>
                            </div>
                        })}
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <p class="lead">{data.commune.name}</p>
        {announcement_form(data.villages, data.editing)}
        <h2>{tr!(i18n, ann_staff_list)}</h2>
        <FormError form="withdraw"/>
        {items}
    }
}

/// The form that posts a new announcement, or edits `editing` (filled in with
/// what it says now).
fn announcement_form(villages: Vec<(i64, String)>, editing: Option<Editing>) -> impl IntoView {
    let i18n = use_i18n();
    let ticked = editing
        .as_ref()
        .map(|e| e.villages.clone())
        .unwrap_or_default();
    let villages = (!villages.is_empty()).then(|| {
        view! {
            <fieldset class="plain">
                <legend>{tr!(i18n, ann_villages_label)}</legend>
                {villages.into_iter().map(|(id, name)| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("announcement[villages][v{id}]") value="on"
                            checked=ticked.contains(&id)/>
                        {name}
                    </label>
                }).collect_view()}
            </fieldset>
        }
    });
    let kind = editing
        .as_ref()
        .map_or(Kind::Notice, |e| e.announcement.kind);
    let (title, body, expires_on, expires_time) = editing
        .as_ref()
        .map(|e| {
            (
                e.announcement.title.clone(),
                e.announcement.body.clone(),
                e.expires_on.clone(),
                e.expires_time.clone(),
            )
        })
        .unwrap_or_default();
    let id = editing.as_ref().map(|e| e.announcement.id);
    let editing = id.is_some();
    let action = if editing {
        EditAnnouncement::PATH
    } else {
        PostAnnouncement::PATH
    };
    let heading = move || {
        let t = i18n.t();
        if editing {
            t.ann_edit_title
        } else {
            t.ann_new_title
        }
    };
    let button = move || {
        let t = i18n.t();
        if editing {
            t.ann_save_button
        } else {
            t.ann_post_button
        }
    };
    view! {
        <form method="post" action=action class="card form" id="announcement-form">
            <h2>{heading}</h2>
            <FormError form="announcement"/>
            {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <fieldset class="plain">
                <legend>{tr!(i18n, ann_kind_label)}</legend>
                {Kind::ALL.into_iter().map(|k| view! {
                    <label class="check">
                        <input type="radio" name="announcement[kind]" value=k.code()
                            checked=k == kind required/>
                        {move || kind_name(i18n.t(), k)}
                    </label>
                }).collect_view()}
            </fieldset>
            <label for="announcement-title">{tr!(i18n, ann_title_label)}</label>
            <input id="announcement-title" type="text" name="announcement[title]" required maxlength=TITLE_MAX
                value=title/>
            <label for="announcement-body">{tr!(i18n, ann_body_label)}</label>
            <textarea id="announcement-body" name="announcement[body]" rows="6" required maxlength=BODY_MAX>{body}</textarea>
            {villages}
            <label for="announcement-expires">{tr!(i18n, ann_expires_label)}</label>
            <input id="announcement-expires" type="date" name="announcement[expires_on]" value=expires_on/>
            <label for="announcement-expires-time">{tr!(i18n, ann_expires_time_label)}</label>
            <input id="announcement-expires-time" type="time" name="announcement[expires_time]" value=expires_time/>
            {match id {
                Some(_) => Either::Left(view! {
                    <label class="check">
                        <input type="checkbox" name="notify_again" value="on"/>
                        {tr!(i18n, ann_notify_again)}
                    </label>
                    <p class="hint">{tr!(i18n, ann_notify_again_hint)}</p>
                }),
                None => Either::Right(view! { <p class="hint">{tr!(i18n, ann_push_hint)}</p> }),
            }}
            <button type="submit" class="button">{button}</button>
            {id.map(|_| view! { <a href=paths::staff::ANNOUNCEMENTS class="button secondary">{tr!(i18n, ann_cancel_edit)}</a> })}
        </form>
    }
}
