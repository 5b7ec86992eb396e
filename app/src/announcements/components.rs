//! An announcement's card, shared by the commune's home page, the list, one
//! announcement's page and the staff's list.

use leptos::prelude::*;

use super::model::{Announcement, Kind};
use crate::i18n::{Texts, use_i18n};
use crate::paths;
use crate::tr;

pub fn kind_name(t: &Texts, kind: Kind) -> &'static str {
    match kind {
        Kind::Alert => t.ann_kind_alert,
        Kind::Notice => t.ann_kind_notice,
        Kind::Event => t.ann_kind_event,
    }
}

/// How much of the text a card shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// The first words and a link to the whole (the home page).
    Excerpt,
    /// All of it.
    Whole,
}

/// One announcement; its title links to its page unless it is that page.
#[component]
pub fn AnnouncementCard(
    announcement: Announcement,
    length: Length,
    /// Judged against this time: expired or not.
    now_ms: i64,
    #[prop(optional)] linked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let Announcement {
        id,
        kind,
        title,
        body,
        villages,
        created_at_ms,
        expires_at_ms,
        withdrawn_at_ms,
    } = announcement;
    let href = paths::announcement(id);
    let heading = if linked {
        leptos::either::Either::Left(view! { <a href=href.clone()>{title}</a> })
    } else {
        leptos::either::Either::Right(title)
    };
    let ended = withdrawn_at_ms.is_some() || expires_at_ms.is_some_and(|at| at <= now_ms);
    let posted = crate::time::date_time(created_at_ms);
    let until = expires_at_ms.map(crate::time::date_time);
    let villages = (!villages.is_empty()).then(|| villages.join(", "));
    let text = match length {
        Length::Whole => body,
        Length::Excerpt => crate::text::excerpt(&body, 30),
    };
    let more = (length == Length::Excerpt && linked)
        .then(|| view! { <a href=href class="more">{tr!(i18n, ann_read_more)}</a> });
    view! {
        <article class="card announcement" class:alert=kind == Kind::Alert>
            <p class="badges">
                <span class="badge" class:urgent=kind == Kind::Alert>{move || kind_name(i18n.t(), kind)}</span>
                {withdrawn_at_ms.map(|_| view! { <span class="badge status done">{tr!(i18n, ann_withdrawn)}</span> })}
                {(ended && withdrawn_at_ms.is_none()).then(|| view! { <span class="badge status done">{tr!(i18n, ann_expired)}</span> })}
            </p>
            <h2>{heading}</h2>
            <p class="report-text">{text}</p>
            {more}
            <p class="hint">
                {move || (i18n.t().ann_posted_at)(&posted)}
                {until.clone().map(|until| view! { " · " {move || (i18n.t().ann_until)(&until)} })}
                " · "
                {move || match &villages {
                    Some(names) => (i18n.t().ann_for_villages)(names),
                    None => i18n.t().ann_whole_commune.to_owned(),
                }}
            </p>
        </article>
    }
}
