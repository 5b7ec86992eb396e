//! The announcement pages: `/announcements` (the commune's current ones, urgent
//! alerts first), `/announcements/{id}` (one, which a push message opens) and
//! `/staff/announcements` (staff post and withdraw them).

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{
    PostAnnouncement, WithdrawAnnouncement, load_announcement, load_announcements,
    load_staff_announcements,
};
use super::components::{AnnouncementCard, Length, kind_name};
use super::model::{
    AnnouncementList, AnnouncementPage, BODY_MAX, Kind, StaffAnnouncements, TITLE_MAX,
};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{head_text, use_i18n};
use crate::layout::{Loaded, PlaceContext, SavedDataNotice};
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
                <p><a href="/commune" class="button">{tr!(i18n, choose_commune)}</a></p>
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
        <p><a href="/announcements">{tr!(i18n, ann_back)}</a></p>
    }
}

fn one_view(page: AnnouncementPage) -> impl IntoView {
    let i18n = use_i18n();
    let title = page.announcement.title.clone();
    view! {
        <Title text=title/>
        <h1 class="visually-hidden">{tr!(i18n, ann_title)}</h1>
        <SavedDataNotice loaded_at_ms=page.read_at_ms/>
        <p class="lead">{page.commune.name}</p>
        <AnnouncementCard announcement=page.announcement length=Length::Whole now_ms=page.read_at_ms/>
    }
}

/// `/staff/announcements`.
#[component]
pub fn StaffAnnouncementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_staff_announcements());
    view! {
        <Title text=head_text(i18n, |t| t.staff_ann_title)/>
        <h1>{tr!(i18n, staff_ann_title)}</h1>
        <DoneNotice/>
        <Loaded resource=data show=staff_view/>
        <p><a href="/staff">{tr!(i18n, staff_back)}</a></p>
    }
}

fn staff_view(data: StaffAnnouncements) -> impl IntoView {
    let i18n = use_i18n();
    let now = data.now_ms;
    let villages = (!data.villages.is_empty()).then(|| {
        view! {
            <fieldset class="plain">
                <legend>{tr!(i18n, ann_villages_label)}</legend>
                {data.villages.into_iter().map(|(id, name)| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("announcement[villages][v{id}]") value="on"/>
                        {name}
                    </label>
                }).collect_view()}
            </fieldset>
        }
    });
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
                            <form method="post" action=WithdrawAnnouncement::PATH class="withdraw">
                                <input type="hidden" name="id" value=id/>
                                <button type="submit" class="button secondary">{tr!(i18n, ann_withdraw_button)}</button>
                            </form>
                        })}
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <p class="lead">{data.commune.name}</p>
        <form method="post" action=PostAnnouncement::PATH class="card form">
            <h2>{tr!(i18n, ann_new_title)}</h2>
            <FormError form="announcement"/>
            <fieldset class="plain">
                <legend>{tr!(i18n, ann_kind_label)}</legend>
                {Kind::ALL.into_iter().map(|kind| view! {
                    <label class="check">
                        <input type="radio" name="announcement[kind]" value=kind.code()
                            checked=kind == Kind::Notice required/>
                        {move || kind_name(i18n.t(), kind)}
                    </label>
                }).collect_view()}
            </fieldset>
            <label for="announcement-title">{tr!(i18n, ann_title_label)}</label>
            <input id="announcement-title" type="text" name="announcement[title]" required maxlength=TITLE_MAX/>
            <label for="announcement-body">{tr!(i18n, ann_body_label)}</label>
            <textarea id="announcement-body" name="announcement[body]" rows="6" required maxlength=BODY_MAX></textarea>
            {villages}
            <label for="announcement-expires">{tr!(i18n, ann_expires_label)}</label>
            <input id="announcement-expires" type="date" name="announcement[expires_on]"/>
            <label for="announcement-expires-time">{tr!(i18n, ann_expires_time_label)}</label>
            <input id="announcement-expires-time" type="time" name="announcement[expires_time]"/>
            <p class="hint">{tr!(i18n, ann_push_hint)}</p>
            <button type="submit" class="button">{tr!(i18n, ann_post_button)}</button>
        </form>
        <h2>{tr!(i18n, ann_staff_list)}</h2>
        <FormError form="withdraw"/>
        {items}
    }
}
