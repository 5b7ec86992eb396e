//! The dashboard pages. The period selector is a plain GET form: the figures
//! follow the address, so a chosen view can be bookmarked, shared and opened
//! without JavaScript.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{load_commune_dashboard, load_commune_record, load_province_dashboard};
use super::charts::{BarChart, PairChart};
use super::model::{
    CommuneDashboard, CommuneRecord, CommuneRow, Period, PeriodKind, ProvinceDashboard, Share,
    TARGET_PERCENT, Waits,
};
use crate::directory::model::Area;
use crate::error::AppError;
use crate::i18n::{I18n, Lang, Texts, head_text, use_i18n};
use crate::layout::{ErrorNotice, Loaded};
use crate::paths;
use crate::reports::lifecycle::Status;
use crate::tr;

/// `12,5` in Vietnamese, `12.5` in English.
fn decimal(i18n: I18n, value: f64) -> String {
    let text = format!("{value:.1}");
    if i18n.lang() == Lang::Vi {
        text.replace('.', ",")
    } else {
        text
    }
}

/// A share as `12,5 %`, or `–` when there is nothing to divide.
fn share_text(i18n: I18n, share: Share) -> String {
    match share.percent() {
        Some(p) => crate::surveys::model::percent(p, i18n.lang() == Lang::Vi),
        None => "–".to_owned(),
    }
}

/// Working minutes as hours: `2,5 giờ làm việc`.
fn hours_text(i18n: I18n, minutes: Option<i64>) -> String {
    match minutes {
        Some(m) => (i18n.t().dash_hours)(&decimal(i18n, m as f64 / 60.0)),
        None => "–".to_owned(),
    }
}

fn rating_text(i18n: I18n, rating: Option<f64>, ratings: i64) -> String {
    match rating {
        Some(r) => (i18n.t().dash_rating_value)(&decimal(i18n, r), ratings),
        None => i18n.t().dash_no_rating.to_owned(),
    }
}

fn period_text(i18n: I18n, period: &Period) -> String {
    (i18n.t().dash_period_value)(
        &crate::time::day_label(&period.from),
        &crate::time::day_label(&period.to),
    )
}

/// The selector's fields as the address gives them.
#[derive(Clone, Default, PartialEq)]
struct Chosen {
    place: String,
    period: String,
    from: String,
    to: String,
    village: String,
}

fn chosen(place_key: &'static str) -> Memo<Chosen> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let get = |key: &str| q.get(key).unwrap_or_default();
        Chosen {
            place: get(place_key),
            period: get("period"),
            from: get("from"),
            to: get("to"),
            village: get("village"),
        }
    })
}

/// The period selector (and, on a commune's dashboard, the village filter).
#[component]
fn PeriodForm(
    action: &'static str,
    /// `commune` or `province`, and its value (kept when the period changes).
    place_key: &'static str,
    #[prop(into)] place: String,
    #[prop(into)] period: String,
    #[prop(into)] from: String,
    #[prop(into)] to: String,
    /// The villages to filter by (none: no filter) and the chosen one.
    #[prop(optional)]
    villages: Vec<(i64, String)>,
    #[prop(default = None)] village: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = if period.is_empty() {
        "month".to_owned()
    } else {
        period
    };
    let options = PeriodKind::ALL
        .iter()
        .map(|k| {
            let code = k.code();
            let name = move || match code {
                "month" => i18n.t().dash_this_month,
                "quarter" => i18n.t().dash_this_quarter,
                "year" => i18n.t().dash_this_year,
                _ => i18n.t().dash_custom,
            };
            view! { <option value=code selected=kind == code>{name}</option> }
        })
        .collect_view();
    let village_select = (!villages.is_empty()).then(|| {
        view! {
            <label for="dash-village">{tr!(i18n, village_label)}</label>
            <select id="dash-village" name="village">
                <option value="">{tr!(i18n, dash_all_villages)}</option>
                {villages.into_iter().map(|(id, name)| view! {
                    <option value=id selected=village == Some(id)>{name}</option>
                }).collect_view()}
            </select>
        }
    });
    view! {
        <form method="get" action=action class="card form period-form">
            {(!place.is_empty()).then(|| view! { <input type="hidden" name=place_key value=place/> })}
            <label for="dash-period">{tr!(i18n, dash_period)}</label>
            <select id="dash-period" name="period">{options}</select>
            <p class="hint" id="dash-dates-hint">{tr!(i18n, dash_dates_hint)}</p>
            <div class="date-pair">
                <span>
                    <label for="dash-from">{tr!(i18n, dash_from)}</label>
                    <input id="dash-from" type="date" name="from" value=from aria-describedby="dash-dates-hint"/>
                </span>
                <span>
                    <label for="dash-to">{tr!(i18n, dash_to)}</label>
                    <input id="dash-to" type="date" name="to" value=to aria-describedby="dash-dates-hint"/>
                </span>
            </div>
            {village_select}
            <button type="submit" class="button">{tr!(i18n, dash_show)}</button>
        </form>
    }
}

/// `/staff/dashboard`: how the commune handles reports, keeps its directory
/// and hears its residents.
#[component]
pub fn CommuneDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let chosen = chosen("commune");
    let dashboard = Resource::new(
        move || chosen.get(),
        |c| load_commune_dashboard(c.place, c.period, c.from, c.to, c.village),
    );
    view! {
        <Title text=head_text(i18n, |t| t.dash_commune_title)/>
        <h1>{tr!(i18n, dash_commune_title)}</h1>
        <Suspense fallback=move || view! { <p>{tr!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => Either::Left(commune_view(d)),
                    Err(error) => Either::Right(failed(error, paths::staff::DASHBOARD, "commune", chosen.get_untracked())),
                }
            })}
        </Suspense>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

/// A refused selection: the error, and the selector to correct it.
fn failed(
    error: AppError,
    action: &'static str,
    place_key: &'static str,
    c: Chosen,
) -> impl IntoView {
    view! {
        <ErrorNotice error/>
        <PeriodForm action place_key place=c.place period=c.period from=c.from to=c.to/>
    }
}

fn fact(term: impl IntoView, value: impl IntoView) -> impl IntoView {
    view! { <dt>{term}</dt><dd>{value}</dd> }
}

fn commune_view(d: CommuneDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let r = d.reports.clone();
    let export = format!(
        "{}?commune={}&{}",
        paths::staff::DASHBOARD_CSV,
        d.commune.code,
        d.period.query(d.village)
    );
    let period = d.period.clone();
    let village_name = d
        .village
        .and_then(|v| d.villages.iter().find(|(id, _)| *id == v))
        .map(|(_, name)| name.clone());
    let (ack, res) = (r.acknowledge, r.resolve);
    let waits = move |w: Waits| {
        move || {
            if w.count == 0 {
                return i18n.t().dash_no_data.to_owned();
            }
            (i18n.t().dash_waits_value)(
                &hours_text(i18n, w.median),
                &hours_text(i18n, w.p90),
                w.count,
            )
        }
    };
    let weeks: Vec<(String, i64, i64)> = r
        .weeks
        .iter()
        .map(|w| (short_day(&w.starts), w.received, w.resolved))
        .collect();
    let by_status = r.open_by_status.clone();
    let by_category = r.open_by_category.clone();
    let open_total: i64 = by_status.iter().map(|(_, n)| n).sum();
    view! {
        <p class="lead">{d.commune.name.clone()}</p>
        <PeriodForm action=paths::staff::DASHBOARD place_key="commune" place=d.commune.code.to_string()
            period=d.period.kind.code() from=d.period.from.clone() to=d.period.to.clone()
            villages=d.villages.clone() village=d.village/>
        <p class="chosen">
            <strong>{move || period_text(i18n, &period)}</strong>
            {village_name.map(|name| view! { " · " {name} })}
        </p>
        <p class="actions"><a class="button secondary" href=export download>{tr!(i18n, dash_export)}</a></p>

        <section class="card" aria-labelledby="dash-reports">
            <h2 id="dash-reports">{tr!(i18n, dash_reports_title)}</h2>
            <dl class="facts figures">
                {fact(tr!(i18n, dash_received), r.received)}
                {fact(tr!(i18n, dash_resolved), r.resolved)}
                {fact(tr!(i18n, dash_within_deadline), move || share_text(i18n, r.within_deadline))}
                {fact(tr!(i18n, dash_overdue_now), r.overdue_now)}
                {fact(tr!(i18n, dash_reopen_rate), move || share_text(i18n, r.reopened))}
                {fact(tr!(i18n, dash_rating), move || rating_text(i18n, r.rating, r.ratings))}
                {fact(tr!(i18n, dash_time_to_acknowledge), waits(ack))}
                {fact(tr!(i18n, dash_time_to_resolve), waits(res))}
            </dl>
            <p class="hint">{tr!(i18n, dash_reports_hint)}</p>
        </section>

        <section class="card" aria-labelledby="dash-weeks">
            <h2 id="dash-weeks">{tr!(i18n, dash_weeks_title)}</h2>
            {move || view! {
                <PairChart title=i18n.t().dash_weeks_title label=i18n.t().dash_week
                    first=i18n.t().dash_received second=i18n.t().dash_resolved columns=weeks.clone()/>
            }}
        </section>

        <section class="card" aria-labelledby="dash-open">
            <h2 id="dash-open">{move || (i18n.t().dash_open_title)(open_total)}</h2>
            {move || {
                let t = i18n.t();
                let rows = by_status
                    .iter()
                    .map(|(code, n)| {
                        let name = Status::parse(code)
                            .map(|s| s.name(t))
                            .unwrap_or("");
                        (name.to_owned(), *n)
                    })
                    .collect();
                view! {
                    <h3>{t.dash_open_by_status}</h3>
                    <BarChart title=t.dash_open_by_status label=t.dash_status value=t.dash_count rows/>
                }
            }}
            {if by_category.is_empty() {
                Either::Left(view! { <p class="notice">{tr!(i18n, dash_none_open)}</p> })
            } else {
                Either::Right(move || {
                    let t = i18n.t();
                    view! {
                        <h3>{t.dash_open_by_category}</h3>
                        <BarChart title=t.dash_open_by_category label=t.dash_category value=t.dash_count rows=by_category.clone()/>
                    }
                })
            }}
            <h3>{tr!(i18n, dash_map_title)}</h3>
            {open_map(&d.reports)}
        </section>

        <section class="card" aria-labelledby="dash-directory">
            <h2 id="dash-directory">{tr!(i18n, dash_directory_title)}</h2>
            {directory_view(&d)}
            <p><a href=paths::staff::DIRECTORY>{tr!(i18n, staff_dir_title)}</a></p>
        </section>

        <section class="card" aria-labelledby="dash-survey">
            <h2 id="dash-survey">{tr!(i18n, dash_survey_title)}</h2>
            {survey_view(&d)}
        </section>
    }
}

/// `2026-11-23` → `23/11`.
fn short_day(iso: &str) -> String {
    match (iso.get(8..10), iso.get(5..7)) {
        (Some(day), Some(month)) => format!("{day}/{month}"),
        _ => iso.to_owned(),
    }
}

/// The open reports on the map (`public/reports-map.js`).
fn open_map(r: &super::model::ReportFigures) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let unplaced = r.open_unplaced;
    let placed: Vec<serde_json::Value> = r
        .open_map
        .iter()
        .map(|p| {
            serde_json::json!({
                "code": p.code, "lat": p.latitude, "lon": p.longitude,
                "title": p.category, "open": true,
            })
        })
        .collect();
    if placed.is_empty() {
        return Either::Left(view! { <p class="notice">{tr!(i18n, rep_map_none)}</p> });
    }
    let data = serde_json::Value::Array(placed).to_string();
    Either::Right(view! {
        <div class="report-map" data-report-map=data role="region" aria-label=tr!(i18n, dash_map_title)></div>
        <script src="/reports-map.js" defer></script>
        {(unplaced > 0).then(|| view! { <p class="hint">{move || (i18n.t().rep_map_unplaced)(unplaced as usize)}</p> })}
    })
}

fn directory_view(d: &CommuneDashboard) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let areas = d.directory.clone();
    let stale: i64 = areas.iter().map(|a| a.stale).sum();
    move || {
        let lang = i18n.lang();
        let t = i18n.t();
        let name = |code: &str| {
            Area::parse(code)
                .map(|a| crate::directory::pages::area_name(lang, a))
                .unwrap_or("")
                .to_owned()
        };
        let entries = areas.iter().map(|a| (name(&a.area), a.entries)).collect();
        let stale_rows = areas.iter().map(|a| (name(&a.area), a.stale)).collect();
        view! {
            <h3>{t.dash_entries_by_area}</h3>
            <BarChart title=t.dash_entries_by_area label=t.dash_area value=t.dash_count rows=entries/>
            <h3>{(t.dash_stale_title)(stale)}</h3>
            <p class="hint">{t.dash_stale_hint}</p>
            <BarChart title=(t.dash_stale_title)(stale) label=t.dash_area value=t.dash_count rows=stale_rows/>
        }
    }
}

fn survey_view(d: &CommuneDashboard) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let Some(survey) = d.survey.clone() else {
        return Either::Left(view! {
            <p class="notice">{tr!(i18n, dash_no_survey)}</p>
            <p><a href=paths::staff::SURVEYS>{tr!(i18n, staff_surveys_title)}</a></p>
        });
    };
    let participation = survey.participation;
    let villages = survey.villages.clone();
    let criteria = survey.criteria.clone();
    let answered = survey.responses > 0;
    Either::Right(view! {
        <p><a href=paths::survey_results(survey.id)>{survey.title.clone()}</a></p>
        <dl class="facts figures">
            {fact(tr!(i18n, sv_responses_col), survey.responses)}
            {fact(tr!(i18n, sv_participation), move || match participation {
                Some(p) => crate::surveys::model::percent(p, i18n.lang() == Lang::Vi),
                None => i18n.t().sv_participation_unknown.to_owned(),
            })}
        </dl>
        {(!answered).then(|| view! { <p class="notice">{tr!(i18n, dash_no_responses)}</p> })}
        {(!villages.is_empty()).then(|| view! {
            <table class="village-participation">
                <caption>{tr!(i18n, sv_by_village)}</caption>
                <thead><tr>
                    <th scope="col">{tr!(i18n, sv_village_col)}</th>
                    <th scope="col">{tr!(i18n, sv_responses_col)}</th>
                    <th scope="col">{tr!(i18n, sv_participation)}</th>
                </tr></thead>
                <tbody>{villages.into_iter().map(|(name, responses, share)| view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td>{responses}</td>
                        <td>{move || share.map_or_else(|| "–".to_owned(), |p| crate::surveys::model::percent(p, i18n.lang() == Lang::Vi))}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        })}
        {answered.then_some(move || {
            let t = i18n.t();
            let rows: Vec<(String, i64)> = criteria
                .iter()
                .map(|(label, _, index)| (label.clone(), index.map_or(0, |i| i.round() as i64)))
                .collect();
            view! {
                <h3>{t.dash_index_title}</h3>
                <BarChart title=t.dash_index_title label=t.sv_criterion value=t.dash_index_col rows/>
            }
        })}
    })
}

/// `/staff/province`: the province's communes side by side, against the
/// plan's targets.
#[component]
pub fn ProvinceDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let chosen = chosen("province");
    let dashboard = Resource::new(
        move || chosen.get(),
        |c| load_province_dashboard(c.place, c.period, c.from, c.to, String::new()),
    );
    view! {
        <Title text=head_text(i18n, |t| t.dash_province_title)/>
        <h1>{tr!(i18n, dash_province_title)}</h1>
        <Suspense fallback=move || view! { <p>{tr!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => Either::Left(province_view(d)),
                    Err(error) => Either::Right(failed(error, paths::staff::PROVINCE, "province", chosen.get_untracked())),
                }
            })}
        </Suspense>
        <p><a href=paths::staff::COMMUNES>{tr!(i18n, staff_communes_title)}</a></p>
        <p><a href=paths::staff::HOME>{tr!(i18n, staff_back)}</a></p>
    }
}

/// The columns the province table sorts by.
const SORTS: [&str; 7] = [
    "name",
    "received",
    "resolved",
    "within",
    "rating",
    "satisfaction",
    "service",
];

fn sort_rows(rows: &mut [CommuneRow], by: &str, descending: bool) {
    let key = |r: &CommuneRow| -> f64 {
        match by {
            "received" => r.received as f64,
            "resolved" => r.resolved as f64,
            "within" => r.within_deadline.percent().unwrap_or(-1.0),
            "rating" => r.rating().unwrap_or(-1.0),
            "satisfaction" => r.satisfaction.percent().unwrap_or(-1.0),
            "service" => f64::from(u8::from(r.service_online) + u8::from(r.feedback_online)),
            _ => 0.0,
        }
    };
    // By the folded name (no diacritics), as Vietnamese readers expect "Đ"
    // among the "D"s rather than after "Z".
    if by == "name" || !SORTS.contains(&by) {
        rows.sort_by(|a, b| a.sort_name.cmp(&b.sort_name));
    } else {
        rows.sort_by(|a, b| {
            key(a)
                .total_cmp(&key(b))
                .then_with(|| a.sort_name.cmp(&b.sort_name))
        });
    }
    if descending {
        rows.reverse();
    }
}

fn province_view(d: ProvinceDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let base = format!("province={}&{}", d.province.code, d.period.query(None));
    let export = format!("{}?{base}", paths::staff::PROVINCE_CSV);
    let period = d.period.clone();
    let targets = [
        (
            d.service_share(),
            (|t: &Texts| t.dash_target_service) as fn(&Texts) -> &'static str,
        ),
        (d.feedback_share(), |t: &Texts| t.dash_target_feedback),
        (d.both_share(), |t: &Texts| t.dash_target_both),
    ];
    let pilots = d.pilots();
    let totals = d.totals();
    let dashboard_query = d.period.query(None);
    let rows = d.rows.clone();
    let table = move || {
        let q = query.read();
        let by = q.get("sort").unwrap_or_else(|| "name".to_owned());
        let descending = q.get("dir").as_deref() == Some("desc");
        let mut rows = rows.clone();
        sort_rows(&mut rows, &by, descending);
        let t = i18n.t();
        let header = |code: &'static str, name: &'static str| {
            let (dir, mark, sorted) = match (by == code, descending) {
                (true, false) => ("desc", " ▲", "ascending"),
                (true, true) => ("asc", " ▼", "descending"),
                _ => ("asc", "", "none"),
            };
            view! {
                <th scope="col" aria-sort=sorted>
                    <a href=format!("{}?{base}&sort={code}&dir={dir}", paths::staff::PROVINCE)>{name}{mark}</a>
                </th>
            }
        };
        let yes_no = move |b: bool| if b { t.dash_yes } else { t.dash_no };
        let body = rows
            .into_iter()
            .map(|r| {
                let link = format!("{}?commune={}&{dashboard_query}", paths::staff::DASHBOARD, r.code);
                view! {
                    <tr>
                        <th scope="row">
                            <a href=link>{r.name.clone()}</a>
                            {r.smart_pilot.then(|| view! { " " <span class="badge">{t.dash_pilot_badge}</span> })}
                        </th>
                        <td>{yes_no(r.enabled)}</td>
                        <td>{yes_no(r.service_online)}</td>
                        <td>{yes_no(r.feedback_online)}</td>
                        <td>{r.received}</td>
                        <td>{r.resolved}</td>
                        <td>{share_text(i18n, r.within_deadline)}</td>
                        <td>{rating_text(i18n, r.rating(), r.ratings)}</td>
                        <td>{share_text(i18n, r.satisfaction)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="province-table">
                    <caption>{t.dash_communes_caption}</caption>
                    <thead><tr>
                        {header("name", t.commune_label)}
                        <th scope="col">{t.dash_enabled}</th>
                        {header("service", t.dash_service_online)}
                        <th scope="col">{t.dash_feedback_online}</th>
                        {header("received", t.dash_received)}
                        {header("resolved", t.dash_resolved)}
                        {header("within", t.dash_within_deadline)}
                        {header("rating", t.dash_rating)}
                        {header("satisfaction", t.dash_satisfaction)}
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot><tr>
                        <th scope="row">{t.dash_total}</th>
                        <td>{totals_count(&d.rows, |r| r.enabled)}</td>
                        <td>{totals_count(&d.rows, |r| r.service_online)}</td>
                        <td>{totals_count(&d.rows, |r| r.feedback_online)}</td>
                        <td>{totals.received}</td>
                        <td>{totals.resolved}</td>
                        <td>{share_text(i18n, totals.within_deadline)}</td>
                        <td>{rating_text(i18n, totals.rating(), totals.ratings)}</td>
                        <td>{share_text(i18n, totals.satisfaction)}</td>
                    </tr></tfoot>
                </table>
            </div>
        }
    };
    view! {
        <p class="lead">{d.province.name.clone()}</p>
        <PeriodForm action=paths::staff::PROVINCE place_key="province" place=d.province.code.to_string()
            period=d.period.kind.code() from=d.period.from.clone() to=d.period.to.clone()/>
        <p class="chosen"><strong>{move || period_text(i18n, &period)}</strong></p>
        <p class="actions"><a class="button secondary" href=export download>{tr!(i18n, dash_export)}</a></p>
        <section class="card" aria-labelledby="dash-targets">
            <h2 id="dash-targets">{tr!(i18n, dash_targets_title)}</h2>
            <p class="hint">{move || (i18n.t().dash_targets_hint)(&format!("{TARGET_PERCENT:.0}"))}</p>
            <ul class="targets">
                {targets.into_iter().map(|(share, name)| {
                    let met = share.percent().is_some_and(|p| p >= TARGET_PERCENT);
                    view! {
                        <li class:met=met>
                            <strong>{move || name(i18n.t())}</strong>
                            <span class="target-figure">
                                {move || (i18n.t().dash_target_value)(share.part, share.whole, &share_text(i18n, share))}
                            </span>
                            <span class="badge" class:warn=!met>
                                {move || if met { i18n.t().dash_target_met } else { i18n.t().dash_target_missed }}
                            </span>
                        </li>
                    }
                }).collect_view()}
                <li>
                    <strong>{tr!(i18n, dash_pilots)}</strong>
                    <span class="target-figure">{pilots}</span>
                </li>
            </ul>
        </section>
        <section aria-labelledby="dash-communes">
            <h2 id="dash-communes">{tr!(i18n, dash_communes_title)}</h2>
            <p class="hint">{tr!(i18n, dash_communes_hint)}</p>
            {table}
        </section>
    }
}

fn totals_count(rows: &[CommuneRow], counted: fn(&CommuneRow) -> bool) -> String {
    format!(
        "{}/{}",
        rows.iter().filter(|r| counted(r)).count(),
        rows.len()
    )
}

/// `/c/:code/record`: how the commune handled its residents' reports over the
/// last twelve months, for everybody.
#[component]
pub fn CommuneRecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let record = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        load_commune_record,
    );
    view! {
        <Title text=head_text(i18n, |t| t.record_title)/>
        <Loaded resource=record show=record_view/>
    }
}

fn record_view(r: CommuneRecord) -> impl IntoView {
    let i18n = use_i18n();
    let period = r.period.clone();
    let satisfaction = r.satisfaction.clone();
    let resolved_share = Share {
        part: r.resolved,
        whole: r.received,
    };
    view! {
        <h1>{move || (i18n.t().record_heading)(&r.commune.name)}</h1>
        <p class="lead">{move || period_text(i18n, &period)}</p>
        <ul class="record">
            <li><strong>{r.received}</strong><span>{tr!(i18n, record_received)}</span></li>
            <li>
                <strong>{r.resolved}</strong>
                <span>{move || (i18n.t().record_resolved)(&share_text(i18n, resolved_share))}</span>
            </li>
            <li>
                <strong>{move || hours_text(i18n, r.resolve_median)}</strong>
                <span>{tr!(i18n, record_median)}</span>
            </li>
            <li>
                <strong>{move || share_text(i18n, r.within_deadline)}</strong>
                <span>{tr!(i18n, record_within)}</span>
            </li>
            <li>
                <strong>{move || r.rating.map_or("–".to_owned(), |v| format!("{}/5", decimal(i18n, v)))}</strong>
                <span>{move || (i18n.t().record_rating)(r.ratings)}</span>
            </li>
            <li>
                <strong>{move || satisfaction.as_ref().map_or("–".to_owned(), |(_, s)| share_text(i18n, *s))}</strong>
                <span>{move || match &r.satisfaction {
                    Some((title, _)) => (i18n.t().record_satisfaction)(title),
                    None => i18n.t().record_no_survey.to_owned(),
                }}</span>
            </li>
        </ul>
        <p class="hint">{tr!(i18n, record_hint)}</p>
        <p><a href=paths::commune(r.commune.code)>{tr!(i18n, record_back)}</a></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, received: i64, service: bool) -> CommuneRow {
        CommuneRow {
            name: name.into(),
            sort_name: name.to_lowercase(),
            received,
            service_online: service,
            ..CommuneRow::default()
        }
    }

    #[test]
    fn the_province_table_sorts_by_any_column() {
        let mut rows = vec![
            row("Bình", 5, false),
            row("An", 9, true),
            row("Cẩm", 1, true),
        ];
        sort_rows(&mut rows, "received", true);
        assert_eq!(
            rows.iter().map(|r| r.received).collect::<Vec<_>>(),
            [9, 5, 1]
        );
        sort_rows(&mut rows, "name", false);
        assert_eq!(rows[0].name, "An");
        sort_rows(&mut rows, "service", false);
        assert_eq!(rows[0].name, "Bình");
        // An unknown column sorts by name.
        sort_rows(&mut rows, "drop table", false);
        assert_eq!(rows[0].name, "An");
    }

    #[test]
    fn short_days() {
        assert_eq!(short_day("2026-11-23"), "23/11");
    }
}
