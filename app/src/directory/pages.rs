//! The directory pages: `/directory` (the five areas with counts, a search, the
//! services of an area) and `/directory/{id}` (one service: phones to tap, hours,
//! map links). They work without WebAssembly (links and a GET form).

use crate::share::ShareButton;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{DirectoryView, ListedBrief, ServiceView, load_directory, load_service};
use super::model::{Area, KINDS, Service, ServiceStatus};
use crate::hours::{OpenStatus, clock};
use crate::i18n::{I18n, Lang, Texts, head_text, use_i18n};
use crate::layout::{Loaded, PlaceContext, SavedDataNotice};
use crate::paths;
use crate::tr;

pub(crate) fn area_name(lang: Lang, area: Area) -> &'static str {
    let (vi, en) = area.names();
    if lang == Lang::En { en } else { vi }
}

pub(crate) fn kind_name(lang: Lang, code: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.code == code)
        .map(|k| if lang == Lang::En { k.en } else { k.vi })
        .unwrap_or("")
}

/// "Open until 11:30", "Closed, opens Monday 07:30", …
fn open_text(t: &Texts, status: ServiceStatus, open: OpenStatus, today: u8) -> String {
    if status == ServiceStatus::TemporarilyClosed {
        return t.dir_temporarily_closed.to_owned();
    }
    match open {
        OpenStatus::OpenUntil { closes } => (t.dir_open_until)(&clock(closes)),
        OpenStatus::ClosedUntil { weekday, opens } if weekday == today => {
            (t.dir_closed_opens_today)(&clock(opens))
        }
        OpenStatus::ClosedUntil { weekday, opens } => (t.dir_closed_opens_on)(
            t.weekdays[usize::from(weekday.clamp(1, 7) - 1)],
            &clock(opens),
        ),
        OpenStatus::Unknown => t.dir_hours_unknown.to_owned(),
    }
}

/// SVG path data of each area's icon (24 × 24, stroked).
fn area_icon(area: Area) -> &'static str {
    match area {
        Area::Health => "M9 3h6v6h6v6h-6v6H9v-6H3V9h6z",
        Area::Education => "M2 9l10-5 10 5-10 5zM6 11v5c3 2 9 2 12 0v-5M22 9v6",
        Area::Security => "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z",
        Area::Environment => "M5 21c0-9 5-15 15-16-1 10-7 15-15 16zM5 21l8-8",
        Area::Culture => "M3 10l9-6 9 6M5 10v9M9.5 10v9M14.5 10v9M19 10v9M3 21h18",
    }
}

/// `/directory`.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let code = Memo::new(move |_| place.get().map(|c| c.code));
    view! {
        <Title text=head_text(i18n, |t| t.nav_directory)/>
        <h1>{tr!(i18n, nav_directory)}</h1>
        {move || match code.get() {
            Some(code) => Either::Left(view! { <DirectoryBody code/> }),
            None => Either::Right(view! {
                <p class="notice">{tr!(i18n, dir_choose_commune)}</p>
                <p><a href=paths::CHOOSE_COMMUNE class="button">{tr!(i18n, choose_commune)}</a></p>
            }),
        }}
    }
}

#[component]
fn DirectoryBody(code: i64) -> impl IntoView {
    let query = use_query_map();
    let directory = Resource::new(
        move || {
            let query = query.read();
            (
                code.to_string(),
                query.get("area").unwrap_or_default(),
                query.get("q").unwrap_or_default(),
            )
        },
        |(commune, area, q)| load_directory(commune, area, q),
    );
    view! { <Loaded resource=directory show=directory_view/> }
}

fn directory_view(view_data: DirectoryView) -> impl IntoView {
    let i18n = use_i18n();
    let DirectoryView {
        commune,
        counts,
        area,
        q,
        services,
        today,
        loaded_at_ms,
    } = view_data;
    let browsing = area.is_none() && q.is_empty();
    let search = view! {
        <form method="get" action=paths::DIRECTORY class="search-form">
            <label for="directory-q">{tr!(i18n, dir_search_label)}</label>
            <div class="search-row">
                <input id="directory-q" type="search" name="q" maxlength="100" value=q.clone()
                    aria-describedby="directory-q-hint"/>
                <button class="button" type="submit">{tr!(i18n, picker_submit)}</button>
            </div>
            <p id="directory-q-hint" class="hint">{tr!(i18n, dir_search_hint)}</p>
        </form>
    };
    let body = if browsing {
        Either::Left(view! {
            <ul class="tiles areas">
                {Area::ALL.into_iter().map(|area| {
                    let count = counts.iter().find(|(a, _)| *a == area).map(|(_, n)| *n).unwrap_or(0);
                    view! {
                        <li><a href=paths::directory_area(area.code())>
                            <svg viewBox="0 0 24 24" aria-hidden="true"><path d=area_icon(area)/></svg>
                            <strong>{move || area_name(i18n.lang(), area)}</strong>
                            <span>{move || (i18n.t().dir_count)(count)}</span>
                        </a></li>
                    }
                }).collect_view()}
            </ul>
        })
    } else {
        let heading = move || match area {
            Some(area) => area_name(i18n.lang(), area).to_owned(),
            None => (i18n.t().dir_results_for)(&q),
        };
        let list = if services.is_empty() {
            Either::Left(view! { <p class="notice">{tr!(i18n, dir_no_results)}</p> })
        } else {
            Either::Right(view! {
                <ul class="results">
                    {services.into_iter().map(|listed| view! { <ServiceItem listed today/> }).collect_view()}
                </ul>
            })
        };
        Either::Right(view! {
            <p><a href=paths::DIRECTORY>{tr!(i18n, dir_all_areas)}</a></p>
            <h2>{heading}</h2>
            {list}
        })
    };
    view! {
        <SavedDataNotice loaded_at_ms/>
        <p class="lead">{commune.name}</p>
        {search}
        {body}
    }
}

#[component]
fn ServiceItem(listed: ListedBrief, today: u8) -> impl IntoView {
    let i18n = use_i18n();
    let ListedBrief {
        id,
        name,
        kind,
        village,
        status,
        open,
    } = listed;
    let href = paths::service(id);
    let is_open_now = is_open(status, open);
    let status = move || open_text(i18n.t(), status, open, today);
    view! {
        <li>
            <a href=href class="result">
                <span class="name">
                    <strong>{name}</strong>
                    <small>{move || kind_name(i18n.lang(), &kind)} {village.map(|v| format!(" · {v}"))}</small>
                    <small class="open-status" class:open=is_open_now>{status}</small>
                </span>
            </a>
        </li>
    }
}

fn is_open(status: ServiceStatus, open: OpenStatus) -> bool {
    status == ServiceStatus::Active && matches!(open, OpenStatus::OpenUntil { .. })
}

/// `/directory/{id}`.
#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let service = Resource::new(
        move || params.read().get("page").unwrap_or_default(),
        load_service,
    );
    view! { <Loaded resource=service show=service_view/> }
}

fn service_view(data: ServiceView) -> impl IntoView {
    let i18n = use_i18n();
    let ServiceView {
        listed,
        today,
        loaded_at_ms,
    } = data;
    let open = is_open(listed.service.status, listed.open);
    let status = {
        let (status, open) = (listed.service.status, listed.open);
        move || open_text(i18n.t(), status, open, today)
    };
    let Service {
        name,
        kind,
        description,
        offers,
        organization,
        village,
        address,
        position,
        status_note,
        verified_at_ms,
        phones,
        hours,
        closures,
        ..
    } = listed.service;
    let title = name.clone();
    let share = view! { <ShareButton title=name.clone() path=paths::service(listed.service.id)/> };
    let week = (1..=7u8)
        .map(|day| {
            let spans: Vec<String> = hours
                .intervals()
                .iter()
                .filter(|i| i.weekday == day)
                .map(|i| format!("{}–{}", clock(i.opens), clock(i.closes)))
                .collect();
            let spans = (!spans.is_empty()).then(|| spans.join(", "));
            view! {
                <tr class:today=day == today>
                    <th scope="row">{move || i18n.t().weekdays[usize::from(day - 1)]}</th>
                    <td>{move || spans.clone().unwrap_or_else(|| i18n.t().dir_closed_all_day.to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    // The village, unless the address already names it.
    let village_name = village
        .map(|v| v.name)
        .filter(|v| !address.contains(v.as_str()));
    view! {
        <Title text=title/>
        <SavedDataNotice loaded_at_ms/>
        <p><a href=paths::DIRECTORY>{tr!(i18n, dir_back)}</a></p>
        <h1>{name}</h1>
        <p class="lead">{move || kind_name(i18n.lang(), &kind)}</p>
        <p class="open-status big" class:open=open>{status}</p>
        {(!status_note.is_empty()).then(|| view! { <p class="notice">{status_note}</p> })}
        {(!phones.is_empty()).then(|| view! {
            <h2>{tr!(i18n, dir_phones)}</h2>
            <ul class="phones">
                {phones.into_iter().map(|p| view! {
                    <li>
                        <a class="button phone" href=format!("tel:{}", p.number)>{p.display}</a>
                        <span>{p.label}</span>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!description.is_empty()).then(|| view! { <p>{description}</p> })}
        {(!offers.is_empty()).then(|| view! {
            <h2>{tr!(i18n, dir_offers)}</h2>
            <p>{offers}</p>
        })}
        <h2>{tr!(i18n, dir_hours)}</h2>
        <table class="hours card"><tbody>{week}</tbody></table>
        {(!closures.is_empty()).then(|| view! {
            <h3>{tr!(i18n, dir_closures)}</h3>
            <ul>
                {closures.into_iter().map(|c| view! { <li>{format_date(&c.date)} " – " {c.note}</li> }).collect_view()}
            </ul>
        })}
        <h2>{tr!(i18n, dir_address)}</h2>
        <p>{address} {village_name.map(|v| view! { <br/><small>{v}</small> })}</p>
        {position.map(|p| view! {
            <p class="map-links">
                <a class="button secondary" href=p.geo_uri()>{tr!(i18n, dir_open_map)}</a>
                <a href=p.openstreetmap_url() rel="external noopener">{tr!(i18n, dir_open_osm)}</a>
            </p>
        })}
        {organization.map(|o| view! { <p><span class="hint">{tr!(i18n, dir_run_by)}": "</span>{o.name}</p> })}
        <p class="hint">{verified_text(i18n, verified_at_ms)}</p>
        {share}
    }
}

fn verified_text(i18n: I18n, verified_at_ms: Option<i64>) -> impl Fn() -> String {
    move || match verified_at_ms {
        Some(ms) => (i18n.t().dir_verified)(&crate::time::date(ms)),
        None => i18n.t().dir_not_verified.to_owned(),
    }
}

/// `2027-09-02` → `02/09/2027`.
fn format_date(iso: &str) -> String {
    let mut parts = iso.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}
