//! The inbox page.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use super::api::{ReadNotifications, load_notifications};
use super::model::{Notification, NotificationSubject};
use crate::forms::{DoneNotice, FormError};
use crate::i18n::{head_text, use_i18n};
use crate::layout::Loaded;
use crate::paths;
use crate::reports::lifecycle::Status;
use crate::tr;

/// `/reports/notifications`: what happened to the reports the person sent or follows.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| load_notifications());
    view! {
        <Title text=head_text(i18n, |t| t.rep_notifications_title)/>
        <h1>{tr!(i18n, rep_notifications_title)}</h1>
        <DoneNotice/>
        <FormError form="notifications"/>
        <Loaded resource=list show=notifications_view/>
        <p><a href=paths::REPORTS>{tr!(i18n, rep_back)}</a></p>
    }
}

/// What a notification says happened.
#[derive(Clone, Copy)]
enum Happened {
    Status(Status),
    Reply,
    Alert,
    Announcement,
}

fn notifications_view(list: Vec<Notification>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return Either::Left(view! { <p class="notice">{tr!(i18n, rep_notifications_empty)}</p> });
    }
    let any_unread = list.iter().any(|n| !n.read);
    Either::Right(view! {
        {any_unread.then(|| view! {
            <form method="post" action=ReadNotifications::PATH>
                <button type="submit" class="button secondary">{tr!(i18n, rep_notifications_read_all)}</button>
            </form>
        })}
        <ul class="results">
            {list.into_iter().map(|n| {
                let Notification { subject, kind, status, at_ms, read } = n;
                let (href, about, happened) = match subject {
                    NotificationSubject::Report { code, category } => (
                        paths::report(&code),
                        format!("{category} · {code}"),
                        match (kind, status) {
                            (_, Some(status)) => Happened::Status(status),
                            _ => Happened::Reply,
                        },
                    ),
                    NotificationSubject::Announcement { id, title, alert } => (
                        paths::announcement(id),
                        title,
                        if alert { Happened::Alert } else { Happened::Announcement },
                    ),
                };
                let what = move || {
                    let t = i18n.t();
                    match happened {
                        Happened::Status(status) => status.name(t),
                        Happened::Reply => t.rep_notification_reply,
                        Happened::Alert => t.ann_kind_alert,
                        Happened::Announcement => t.ann_notification,
                    }
                };
                view! {
                    <li>
                        <a href=href class="result" class:unread=!read>
                            <span class="name">
                                <strong>{what}</strong>
                                <span>{about}</span>
                                <small>{crate::time::date_time(at_ms)}</small>
                            </span>
                            {(!read).then(|| view! { <span class="badge urgent">{tr!(i18n, rep_unread_badge)}</span> })}
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}
