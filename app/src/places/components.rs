//! The place picker and the commune home, used by several pages.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::api::{load_commune_home, search_places};
use super::model::{CommuneHome, CommuneSummary, PlaceSearch, Province, VillageKind};
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};
use crate::layout::{ErrorNotice, PlaceContext};
use crate::paths;
use crate::tr;

/// Search and pick a province and a commune: a GET form, the results rendered
/// by the server.
#[component]
pub fn PlacePicker() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let province = move || query.read().get("province").filter(|p| !p.is_empty());
    let results = Resource::new(
        move || (q(), province()),
        |(q, province)| search_places(q, province),
    );

    view! {
        <div class="picker">
            <form method="get">
                <label for="place-q">{tr!(i18n, picker_label)}</label>
                <div class="search-row">
                    <input
                        id="place-q"
                        type="search"
                        name="q"
                        maxlength="100"
                        autocomplete="off"
                        aria-describedby="place-q-hint"
                        value=q
                    />
                    <button class="button" type="submit">{tr!(i18n, picker_submit)}</button>
                </div>
                <p id="place-q-hint" class="hint">{tr!(i18n, picker_hint)}</p>
                {move || province().map(|code| view! { <input type="hidden" name="province" value=code/> })}
            </form>
            <div aria-live="polite">
                <Suspense fallback=move || view! { <p>{tr!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok(found) => Either::Left(view! { <SearchResults found q=q()/> }),
                            Err(error) => Either::Right(view! { <ErrorNotice error/> }),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
fn SearchResults(found: PlaceSearch, q: String) -> impl IntoView {
    let i18n = use_i18n();
    let nothing = found.provinces.is_empty() && found.communes.is_empty();
    let browsing = q.is_empty() && found.province.is_none();
    let clear_href = if q.is_empty() {
        "?".to_owned()
    } else {
        let mut params = ParamsMap::new();
        params.insert("q", q.clone());
        params.to_query_string()
    };
    let chosen = found.province.clone().map(|province| {
        view! {
            <div class="chosen">
                <h2>{move || (i18n.t().picker_in_province)(&province.name)}</h2>
                <a href=clear_href.clone() class="button secondary">{tr!(i18n, picker_clear_province)}</a>
            </div>
        }
    });
    let provinces = (!found.provinces.is_empty()).then(|| {
        let heading = move || {
            if browsing {
                i18n.t().picker_all_provinces
            } else {
                i18n.t().picker_provinces
            }
        };
        view! {
            <h2>{heading}</h2>
            <ul class="results">
                {found.provinces.into_iter().map(|p| view! { <ProvinceResult province=p/> }).collect_view()}
            </ul>
        }
    });
    let communes = (!found.communes.is_empty()).then(|| {
        view! {
            <h2 class:visually-hidden=found.province.is_some()>{tr!(i18n, picker_communes)}</h2>
            <ul class="results">
                {found.communes.into_iter().map(|c| view! { <CommuneResult commune=c/> }).collect_view()}
            </ul>
        }
    });
    view! {
        {chosen}
        {provinces}
        {communes}
        {nothing.then(|| view! { <p class="notice">{tr!(i18n, picker_no_results)}</p> })}
        {found.more.then(|| view! { <p class="hint">{tr!(i18n, picker_more)}</p> })}
    }
}

#[component]
fn ProvinceResult(province: Province) -> impl IntoView {
    let i18n = use_i18n();
    let count = province.commune_count;
    view! {
        <li>
            <a href=format!("?province={}", province.code) class="result">
                <span class="name">
                    <strong>{province.name}</strong>
                    <small>{move || (i18n.t().picker_communes_count)(count)}</small>
                </span>
            </a>
        </li>
    }
}

#[component]
fn CommuneResult(commune: CommuneSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li>
            <a href=paths::commune(commune.code) class="result">
                <span class="name">
                    <strong>{commune.name}</strong>
                    <small>{commune.province_name}</small>
                </span>
                {commune.enabled.then(|| view! { <span class="badge">{tr!(i18n, joined_badge)}</span> })}
            </a>
        </li>
    }
}

/// A commune's home: its services and villages. Loading it remembers the commune.
#[component]
pub fn CommuneHomeView(#[prop(into)] code: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let home = Resource::new(move || code.get(), load_commune_home);
    view! {
        <Suspense fallback=move || view! { <p>{tr!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => {
                        place.choose(&home.commune);
                        Either::Left(view! { <CommuneHomeBody home/> })
                    }
                    Err(error) => Either::Right(view! { <CommuneError error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CommuneError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::i18n::head_text(i18n, |t| t.error_title)/>
        <h1>{tr!(i18n, error_title)}</h1>
        <ErrorNotice error/>
        <p><A href=paths::CHOOSE_COMMUNE>{tr!(i18n, choose_commune)}</A></p>
    }
}

#[component]
fn CommuneHomeBody(home: CommuneHome) -> impl IntoView {
    let i18n = use_i18n();
    let commune = home.commune;
    let villages = home.villages;
    let tile = |href: &'static str,
                title: fn(&Texts) -> &'static str,
                hint: fn(&Texts) -> &'static str| {
        view! {
            <li>
                <A href=href>
                    <strong>{move || title(i18n.t())}</strong>
                    <span>{move || hint(i18n.t())}</span>
                </A>
            </li>
        }
    };
    view! {
        <Title text=commune.name.clone()/>
        <h1>{commune.name.clone()}</h1>
        <p class="lead">{commune.province_name.clone()}</p>
        {(!commune.enabled).then(|| view! { <p class="notice">{tr!(i18n, commune_not_joined)}</p> })}
        <p><A href=paths::CHOOSE_COMMUNE>{tr!(i18n, change_commune)}</A></p>
        {commune.enabled.then(|| view! { <HomeAnnouncements code=commune.code/> })}
        <h2>{tr!(i18n, commune_services_title)}</h2>
        <ul class="tiles">
            {tile(paths::DIRECTORY, |t| t.tile_directory, |t| t.tile_directory_hint)}
            {tile(paths::REPORTS, |t| t.tile_reports, |t| t.tile_reports_hint)}
            {tile(paths::SURVEYS, |t| t.tile_surveys, |t| t.tile_surveys_hint)}
            {tile(paths::ANNOUNCEMENTS, |t| t.ann_title, |t| t.tile_announcements_hint)}
            {tile(paths::ACCOUNT, |t| t.tile_account, |t| t.tile_account_hint)}
        </ul>
        {commune.enabled.then(|| view! {
            <p><A href=paths::commune_record(commune.code)>{tr!(i18n, record_link)}</A></p>
        })}
        <h2>{tr!(i18n, commune_villages_title)}</h2>
        {if villages.is_empty() {
            Either::Left(view! { <p>{tr!(i18n, commune_no_villages)}</p> })
        } else {
            Either::Right(
            view! {
                <ul class="results">
                    {villages.into_iter().map(|v| {
                        let kind = v.kind;
                        view! {
                            <li class="result">
                                <span>{v.name}</span>
                                <span class="badge">{move || match kind {
                                    VillageKind::Thon => i18n.t().village_kind_thon,
                                    VillageKind::ToDanPho => i18n.t().village_kind_to_dan_pho,
                                }}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        }}
    }
}

/// The commune's urgent alerts and its newest other announcement, first on its
/// home page.
#[component]
fn HomeAnnouncements(code: i64) -> impl IntoView {
    use crate::announcements::components::{AnnouncementCard, Length};
    let i18n = use_i18n();
    let list = Resource::new(
        move || code.to_string(),
        crate::announcements::api::load_home_announcements,
    );
    let show = move |list: Vec<crate::announcements::model::Announcement>| {
        // Judged on the server's clock as the page was made: no "now" is needed,
        // the list holds current announcements only.
        (!list.is_empty()).then(|| {
            view! {
                <section class="home-announcements" aria-labelledby="home-announcements">
                    <h2 id="home-announcements">{tr!(i18n, ann_home_title)}</h2>
                    {list.into_iter().map(|a| {
                        let at = a.created_at_ms;
                        view! { <AnnouncementCard announcement=a length=Length::Excerpt now_ms=at linked=true/> }
                    }).collect_view()}
                    <p><a href=paths::ANNOUNCEMENTS>{tr!(i18n, ann_all_link)}</a></p>
                </section>
            }
        })
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { list.await.ok().and_then(show) })}
        </Suspense>
    }
}
