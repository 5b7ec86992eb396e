//! The residents' report pages: `/reports` (the commune's reports, filters,
//! "mine"), `/reports/new` (file one) and `/reports/{code}` (a report's page
//! with its timeline, "I have this problem too", and for its reporter "is it
//! fixed?" and the rating).

use crate::share::ShareButton;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    ConfirmReport, FollowReport, RateReport, load_report, load_report_form, load_reports,
};
use super::lifecycle::Status;
use super::model::{Event, EventKind, NewReportForm, ReportList, ReportSummary, ReportView};
use crate::forms::{DoneNotice, FormError, form_error};
use crate::i18n::{Texts, head_text, use_i18n};
use crate::layout::{ErrorNotice, Loaded, OutboxList, PlaceContext, SavedDataNotice, use_session};
use crate::paths;
use crate::tr;

/// The badge of a status: open ones stand out.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge status" class:open=status.is_open() class:done=!status.is_open()>
            {move || status.name(i18n.t())}
        </span>
    }
}

/// One line of a list of reports, linking to the page `link` makes of its
/// code (`paths::report`, or `paths::staff::report` in the staff's queue).
#[component]
pub fn ReportItem(
    report: ReportSummary,
    link: fn(&str) -> String,
    #[prop(optional)] now_ms: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let overdue = now_ms.is_some_and(|now| report.overdue(now));
    let deadline = now_ms.map(|_| crate::time::date_time(report.deadline_ms()));
    let urgent = report.urgent;
    let village = report.village.clone().map(|v| format!(" · {v}"));
    let followers = report.followers;
    view! {
        <li>
            <a href=link(&report.code) class="result report-item">
                <span class="name">
                    <strong>{report.category.clone()} " · " {report.code.clone()}</strong>
                    <span class="excerpt">{report.excerpt.clone()}</span>
                    <small>{crate::time::date(report.created_at_ms)} {village}
                        {move || (followers > 1).then(|| format!(" · {}", (i18n.t().rep_followers)(followers)))}
                    </small>
                    {deadline.map(|d| view! { <small class="deadline" class:overdue=overdue>{move || (i18n.t().rep_deadline)(&d)}</small> })}
                    {now_ms.and(report.assigned.clone()).map(|name| view! { <small>{move || (i18n.t().rep_assigned_to)(&name)}</small> })}
                </span>
                <span class="badges">
                    <StatusBadge status=report.status/>
                    {urgent.then(|| view! { <span class="badge urgent">{tr!(i18n, rep_urgent_badge)}</span> })}
                    {overdue.then(|| view! { <span class="badge urgent">{tr!(i18n, rep_overdue_badge)}</span> })}
                </span>
            </a>
        </li>
    }
}

/// `/reports`.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let code = Memo::new(move |_| place.get().map(|c| c.code));
    view! {
        <Title text=head_text(i18n, |t| t.nav_reports)/>
        <h1>{tr!(i18n, nav_reports)}</h1>
        <DoneNotice/>
        {move || match code.get() {
            Some(code) => Either::Left(view! { <ReportsBody code/> }),
            None => Either::Right(view! {
                <p class="notice">{tr!(i18n, rep_choose_commune)}</p>
                <p><a href=paths::CHOOSE_COMMUNE class="button">{tr!(i18n, choose_commune)}</a></p>
            }),
        }}
    }
}

#[component]
fn ReportsBody(code: i64) -> impl IntoView {
    let query = use_query_map();
    let reports = Resource::new(
        move || {
            let query = query.read();
            (
                code.to_string(),
                query.get("status").unwrap_or_default(),
                query.get("mine").unwrap_or_default(),
                query.get("category").unwrap_or_default(),
                query.get("village").unwrap_or_default(),
                // Switching between the list and the map draws the page again.
                query.get("view").unwrap_or_default(),
            )
        },
        |(commune, status, mine, category, village, _view)| {
            load_reports(commune, status, mine, category, village)
        },
    );
    view! { <Loaded resource=reports show=reports_view/> }
}

/// The address of the list with its filters, in the list or map view.
fn list_href(
    status: Option<Status>,
    mine: bool,
    category: Option<i64>,
    village: Option<i64>,
    map: bool,
) -> String {
    let mut params = leptos_router::params::ParamsMap::new();
    if let Some(status) = status {
        params.insert("status", status.code().to_owned());
    }
    if mine {
        params.insert("mine", "1".to_owned());
    }
    if let Some(category) = category {
        params.insert("category", category.to_string());
    }
    if let Some(village) = village {
        params.insert("village", village.to_string());
    }
    if map {
        params.insert("view", "map".to_owned());
    }
    format!("{}{}", paths::REPORTS, params.to_query_string())
}

/// The reports that have a position, for the map (`public/reports-map.js`).
fn map_view(reports: &[ReportSummary]) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let placed: Vec<serde_json::Value> = reports
        .iter()
        .filter_map(|r| {
            r.position.map(|(lat, lon)| {
                serde_json::json!({
                    "code": r.code, "lat": lat, "lon": lon,
                    "title": r.category, "open": r.status.is_open(),
                })
            })
        })
        .collect();
    let unplaced = reports.len() - placed.len();
    let map = (!placed.is_empty()).then(|| {
        let data = serde_json::Value::Array(placed).to_string();
        view! {
            <div class="report-map" data-report-map=data role="region" aria-label=tr!(i18n, rep_map_label)></div>
            <script src="/reports-map.js" defer></script>
        }
    });
    let none = map.is_none();
    view! {
        {map}
        {none.then(|| view! { <p class="notice">{tr!(i18n, rep_map_none)}</p> })}
        {(unplaced > 0 && !none).then(|| view! { <p class="hint">{move || (i18n.t().rep_map_unplaced)(unplaced)}</p> })}
    }
}

fn reports_view(list: ReportList) -> impl IntoView {
    // The resource follows `view` too, so this is drawn again when it changes.
    let map = use_query_map().read_untracked().get_str("view") == Some("map");
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = session.signed_in();
    let unread = session.unread();
    let filters = [
        None,
        Some(Status::New),
        Some(Status::InProgress),
        Some(Status::Resolved),
        Some(Status::Closed),
    ];
    let current = list.status;
    let mine = list.mine;
    let (category, village) = (list.category, list.village);
    let links = filters
        .into_iter()
        .map(|status| {
            let label = move |t: &'static Texts| match status {
                Some(status) => status.name(t),
                None => t.rep_filter_all,
            };
            let href = list_href(status, false, category, village, map);
            let here = !mine && current == status;
            view! { <li><a href=href aria-current=here.then_some("page")>{move || label(i18n.t())}</a></li> }
        })
        .collect_view();
    let selected = |value: Option<i64>, id: i64| value == Some(id);
    // Closed unless a filter is set: the list comes first on a small screen.
    let filtered = category.is_some() || village.is_some();
    let filters = view! {
        <details class="card filters-box" open=filtered>
        <summary>{tr!(i18n, rep_filter_more)}</summary>
        <form method="get" action=paths::REPORTS class="form filters">
            {current.map(|s| view! { <input type="hidden" name="status" value=s.code()/> })}
            {mine.then(|| view! { <input type="hidden" name="mine" value="1"/> })}
            {map.then(|| view! { <input type="hidden" name="view" value="map"/> })}
            <label for="reports-category">{tr!(i18n, rep_category_label)}</label>
            <select id="reports-category" name="category">
                <option value="">{tr!(i18n, rep_filter_all)}</option>
                {list.categories.into_iter().map(|c| view! {
                    <option value=c.id selected=selected(category, c.id)>{c.name}</option>
                }).collect_view()}
            </select>
            <label for="reports-village">{tr!(i18n, village_label)}</label>
            <select id="reports-village" name="village">
                <option value="">{tr!(i18n, rep_filter_all)}</option>
                {list.villages.into_iter().map(|(id, name)| view! {
                    <option value=id selected=selected(village, id)>{name}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{tr!(i18n, rep_filter_button)}</button>
        </form>
        </details>
    };
    let views = view! {
        <nav aria-label=tr!(i18n, rep_view_map)>
            <ul class="chips views">
                <li><a href=list_href(current, mine, category, village, false) aria-current=(!map).then_some("page")>{tr!(i18n, rep_view_list)}</a></li>
                <li><a href=list_href(current, mine, category, village, true) aria-current=map.then_some("page")>{tr!(i18n, rep_view_map)}</a></li>
            </ul>
        </nav>
    };
    let on_map = map.then(|| map_view(&list.reports));
    let body = if list.reports.is_empty() {
        Either::Left(
            view! { <p class="notice">{move || if mine { i18n.t().rep_none_mine } else { i18n.t().rep_none }}</p> },
        )
    } else {
        Either::Right(view! {
            <ul class="results reports">
                {list.reports.into_iter().map(|r| view! { <ReportItem report=r link=|code| paths::report(code)/> }).collect_view()}
            </ul>
        })
    };
    view! {
        <SavedDataNotice loaded_at_ms=list.now_ms/>
        <p class="lead">{list.commune.name}</p>
        <p><a href=paths::NEW_REPORT class="button">{tr!(i18n, rep_new_button)}</a></p>
        {list.owner.map(|owner| view! { <OutboxList owner/> })}
        {signed_in.then(|| view! {
            <p><a href=paths::NOTIFICATIONS class:strong={unread > 0}>{move || (i18n.t().rep_notifications_link)(unread)}</a></p>
        })}
        <nav aria-label=tr!(i18n, rep_filter_label)>
            <ul class="chips">
                {links}
                {signed_in.then(|| view! {
                    <li><a href=list_href(None, true, category, village, map) aria-current=mine.then_some("page")>{tr!(i18n, rep_filter_mine)}</a></li>
                })}
            </ul>
        </nav>
        {views}
        {filters}
        {on_map}
        {body}
    }
}

/// The card of open reports nearby (empty when there are none), rendered by
/// the server with the same list items as every list of reports: the script
/// that shows it carries no list-rendering code.
#[cfg(feature = "ssr")]
pub fn nearby_html(lang: crate::i18n::Lang, list: Vec<ReportSummary>) -> String {
    if list.is_empty() {
        return String::new();
    }
    let owner = Owner::new();
    owner.with(|| {
        provide_context(crate::i18n::I18n::new(lang));
        let i18n = use_i18n();
        view! {
            <div class="card nearby">
                <h2>{tr!(i18n, rep_nearby_title)}</h2>
                <p class="hint">{tr!(i18n, rep_nearby_hint)}</p>
                <ul class="results reports">
                    {list.into_iter().map(|r| view! { <ReportItem report=r link=|code| paths::report(code)/> }).collect_view()}
                </ul>
            </div>
        }
        .to_html()
    })
}

/// `/reports/new`.
#[component]
pub fn NewReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let code = Memo::new(move |_| place.get().map(|c| c.code));
    let signed_in = use_session().signed_in();
    view! {
        <Title text=head_text(i18n, |t| t.rep_new_title)/>
        <h1>{tr!(i18n, rep_new_title)}</h1>
        {move || match (signed_in, code.get()) {
            (false, _) => EitherOf3::A(view! {
                <p class="notice">{tr!(i18n, rep_sign_in_first)}</p>
                <p><a href=paths::ACCOUNT class="button">{tr!(i18n, sign_in_title)}</a></p>
            }),
            (true, None) => EitherOf3::B(view! {
                <p class="notice">{tr!(i18n, rep_choose_commune)}</p>
                <p><a href=paths::CHOOSE_COMMUNE class="button">{tr!(i18n, choose_commune)}</a></p>
            }),
            (true, Some(code)) => {
                let form = Resource::new(move || code.to_string(), load_report_form);
                EitherOf3::C(view! { <Loaded resource=form show=new_report_view/> })
            }
        }}
    }
}

fn new_report_view(form: NewReportForm) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    // A refused report sent without JavaScript comes back with its error in the
    // address; with JavaScript, `/report-form.js` shows it here without reloading.
    let error = form_error("report");
    let center = form
        .center
        .map(|(lat, lon)| format!("[{lat:.6},{lon:.6}]"))
        .unwrap_or_else(|| "null".to_owned());
    view! {
        <p class="lead">{form.commune.name.clone()}</p>
        <OutboxList owner=form.owner.clone()/>
        <form method="post" action=paths::REPORT_UPLOAD enctype="multipart/form-data" class="card form" data-report-form=""
            data-owner=form.owner.clone() data-texts=move || crate::layout::outbox_texts(i18n.t())
            data-sending=move || i18n.t().rep_sending data-offline=move || i18n.t().error_request>
            <input type="hidden" name="commune" value=form.commune.code/>
            <label for="report-category">{tr!(i18n, rep_category_label)}</label>
            <select id="report-category" name="report[category]" required>
                <option value="">{tr!(i18n, rep_category_choose)}</option>
                {form.categories.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
            </select>
            <label for="report-description">{tr!(i18n, rep_description_label)}</label>
            <p id="report-description-hint" class="hint">{tr!(i18n, rep_description_hint)}</p>
            // `/voice.js` lowers the minimum while a voice note is recorded.
            <textarea id="report-description" name="report[description]" rows="5" required minlength="10" maxlength="2000"
                aria-describedby="report-description-hint"
                data-voice-minlength=super::model::DESCRIPTION_MIN_WITH_VOICE></textarea>
            <VoiceField hint=|t: &Texts| t.rep_voice_hint/>
            <label for="report-photos">{tr!(i18n, rep_photos_label)}</label>
            <p id="report-photos-hint" class="hint">{tr!(i18n, rep_photos_hint)}</p>
            <input id="report-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple
                aria-describedby="report-photos-hint"/>
            <label for="report-village">{tr!(i18n, village_label)}</label>
            <select id="report-village" name="report[village]">
                <option value="">{tr!(i18n, staff_dir_no_village)}</option>
                {form.villages.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            // The place: the phone's position or a pin on the map (both only
            // with JavaScript: `/report-form.js` shows the button, and
            // `/reports-map.js` writes the pin into the hidden fields), and, as
            // category, village and place are chosen, the open reports of the
            // same kind nearby (`paths::NEARBY_REPORTS`), so that the person can follow
            // one instead of filing the same problem again.
            <input type="hidden" name="report[latitude]"/>
            <input type="hidden" name="report[longitude]"/>
            <div data-report-place="" data-nearby-path=paths::NEARBY_REPORTS data-locating=t.rep_locating
                data-found=(t.rep_position_found)("{lat}", "{lon}") data-failed=t.rep_position_failed>
                <p class="hint">{tr!(i18n, rep_position_hint)}</p>
                <button type="button" class="button secondary" data-locate="" hidden>{tr!(i18n, rep_use_position)}</button>
                <p class="hint" role="status" data-locate-status=""></p>
                // The map (Leaflet and its tiles) loads only when asked for: a
                // report should cost little data.
                <details class="pick-map">
                    <summary>{tr!(i18n, rep_map_open)}</summary>
                    <p class="hint">{tr!(i18n, rep_map_pick)}</p>
                    <div class="report-map pick" role="region" aria-label=tr!(i18n, rep_map_open)
                        data-pick-map=r#"{"latitude":"report[latitude]","longitude":"report[longitude]"}"#
                        data-center=center></div>
                </details>
                <div role="status" data-nearby=""></div>
            </div>
            <label class="check"><input type="checkbox" name="report[urgent]" value="1"/>{tr!(i18n, rep_urgent_label)}</label>
            <label class="check"><input type="checkbox" name="report[hide_name]" value="1"/>{tr!(i18n, rep_hide_name_label)}</label>
            {move || error.get().map(|error| view! { <ErrorNotice error/> })}
            <p class="notice error" role="alert" data-report-error="" hidden></p>
            <button type="submit" class="button">{tr!(i18n, rep_send_button)}</button>
            <button type="button" class="button secondary" data-discard-draft="" hidden>{tr!(i18n, outbox_discard)}</button>
        </form>
        <script src="/report-form.js" defer></script>
        <script src="/reports-map.js" defer></script>
    }
}

/// `/reports/{code}`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("page").unwrap_or_default());
    let report = Resource::new(move || code.get(), load_report);
    view! {
        <DoneNotice/>
        <Loaded resource=report show=report_view/>
        <p><a href=paths::REPORTS>{move || use_i18n().t().rep_back}</a></p>
    }
}

/// Thumbnails that open the full photo.
#[component]
fn Photos(photos: Vec<super::model::PhotoRef>) -> impl IntoView {
    let i18n = use_i18n();
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="photos">
                {photos.into_iter().enumerate().map(|(i, p)| view! {
                    <li class:hidden-photo=p.hidden><a href=paths::photo(p.id)>
                        <img src=paths::photo_thumb(p.id) loading="lazy"
                            alt=move || (i18n.t().rep_photo_alt)(i + 1)/>
                    </a>
                    // Only staff get hidden photos: marked as hidden text is.
                    {p.hidden.then(|| view! { <span class="badge">{tr!(i18n, rep_hidden_badge)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// A voice note's player. `preload="none"`: nothing is downloaded until the
/// person presses play (a minute of speech is about 200 KB on 3G).
#[component]
fn VoicePlayer(voice: Option<super::model::VoiceRef>) -> impl IntoView {
    let i18n = use_i18n();
    voice.map(|v| {
        view! {
            <div class="voice-note" class:hidden-photo=v.hidden>
                <p class="hint">{tr!(i18n, rep_voice_title)} " · " {v.length()}
                    // Only staff get hidden ones: marked as hidden text is.
                    {v.hidden.then(|| view! { " " <span class="badge">{tr!(i18n, rep_hidden_badge)}</span> })}
                </p>
                <audio controls preload="none" src=paths::voice(v.id) aria-label=tr!(i18n, rep_voice_title)></audio>
            </div>
        }
    })
}

/// Recording a voice note on the phone (`/voice.js`), sent with the form as
/// `voice`. Hidden until the script finds a browser that can record Opus;
/// without one (or without JavaScript) the form is typed as before.
#[component]
pub fn VoiceField(
    /// What the recording is for, under the label.
    hint: fn(&Texts) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <div class="voice-field" data-voice="" data-recording=t.rep_voice_recording data-recorded=t.rep_voice_recorded data-denied=t.rep_voice_denied hidden>
            <p class="label">{tr!(i18n, rep_voice_label)}</p>
            <p class="hint">{move || hint(i18n.t())}</p>
            <button type="button" class="button secondary" data-voice-record="">{tr!(i18n, rep_voice_record)}</button>
            <button type="button" class="button" data-voice-stop="" hidden>{tr!(i18n, rep_voice_stop)}</button>
            <p class="hint" role="status" data-voice-status=""></p>
            <audio controls data-voice-preview="" aria-label=tr!(i18n, rep_voice_title) hidden></audio>
            <button type="button" class="button secondary" data-voice-remove="" hidden>{tr!(i18n, rep_voice_remove)}</button>
        </div>
        <script src="/voice.js" defer></script>
    }
}

/// What a report says about itself, for residents and staff alike.
pub fn report_facts(report: &ReportView) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let summary = &report.summary;
    let reporter = report.reporter.clone();
    let map = report.position.map(|(lat, lon)| {
        let position = crate::directory::model::Position {
            latitude: lat,
            longitude: lon,
        };
        view! {
            <p class="map-links">
                <a href=position.geo_uri()>{tr!(i18n, dir_open_map)}</a>
                " · "
                <a href=position.openstreetmap_url() rel="noopener" target="_blank">{tr!(i18n, dir_open_osm)}</a>
            </p>
        }
    });
    let followers = summary.followers;
    let photos = view! { <Photos photos=report.photos.clone()/> };
    view! {
        <Title text=summary.code.clone()/>
        <h1>{summary.category.clone()}</h1>
        <p class="lead">{summary.code.clone()} " · " {report.commune.name.clone()}</p>
        <p class="badges">
            <StatusBadge status=summary.status/>
            {summary.urgent.then(|| view! { <span class="badge urgent">{tr!(i18n, rep_urgent_badge)}</span> })}
        </p>
        <HideableText text=report.description.clone() hidden=report.text_hidden/>
        <VoicePlayer voice=report.voice/>
        {photos}
        <dl class="card facts">
            <dt>{tr!(i18n, rep_reporter)}</dt>
            <dd>{move || reporter.clone().unwrap_or_else(|| i18n.t().rep_a_resident.to_owned())}</dd>
            <dt>{tr!(i18n, rep_filed_on)}</dt>
            <dd>{crate::time::date_time(summary.created_at_ms)}</dd>
            {summary.village.clone().map(|v| view! { <dt>{tr!(i18n, village_label)}</dt><dd>{v}</dd> })}
            {(!report.address.is_empty()).then(|| view! { <dt>{tr!(i18n, rep_address)}</dt><dd>{report.address.clone()}</dd> })}
            <dt>{tr!(i18n, rep_followers_label)}</dt>
            <dd>{followers}</dd>
        </dl>
        {map}
    }
}

/// A report's or a reply's text. Staff hid it: residents get it empty and see
/// that it was hidden; staff see it marked.
#[component]
fn HideableText(text: String, hidden: bool) -> impl IntoView {
    let i18n = use_i18n();
    match (hidden, text.is_empty()) {
        (false, true) => None,
        (false, false) => Some(Either::Left(view! { <p class="report-text">{text}</p> })),
        (true, true) => Some(Either::Right(Either::Left(
            view! { <p class="hint hidden-text">{tr!(i18n, rep_hidden_text)}</p> },
        ))),
        (true, false) => Some(Either::Right(Either::Right(view! {
            <p class="report-text hidden-text">{text}</p>
            <p><span class="badge">{tr!(i18n, rep_hidden_badge)}</span></p>
        }))),
    }
}

/// The timeline: filing, status changes, replies (and, for staff, notes).
pub fn timeline(events: Vec<Event>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{tr!(i18n, rep_timeline)}</h2>
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let Event { at_ms, kind, status, body, by_staff, photos, voice, hidden, new_deadline_ms, .. } = e;
                let new_deadline = new_deadline_ms.map(crate::time::date_time);
                let by_staff_none = by_staff.is_none();
                let what = move || {
                    let t = i18n.t();
                    match (kind, status) {
                        (EventKind::Filed, _) => t.rep_event_filed.to_owned(),
                        // The reporter's own answers to "is it fixed?".
                        (EventKind::Status, Some(Status::InProgress)) if by_staff_none => {
                            t.rep_event_not_fixed.to_owned()
                        }
                        (EventKind::Status, Some(Status::Closed)) if by_staff_none => {
                            t.rep_event_fixed.to_owned()
                        }
                        (EventKind::Status, Some(status)) => status.name(t).to_owned(),
                        (EventKind::Status, None) => String::new(),
                        (EventKind::Reply, _) => t.rep_event_reply.to_owned(),
                        (EventKind::Note, _) => t.rep_event_note.to_owned(),
                    }
                };
                view! {
                    <li class="card" class:note=kind == EventKind::Note>
                        <time>{crate::time::date_time(at_ms)}</time>
                        <p><strong>{what}</strong>
                            {by_staff.map(|name| view! { " · " {name} " (" {tr!(i18n, rep_staff_suffix)} ")" })}
                        </p>
                        {new_deadline.map(|d| view! { <p class="deadline">{move || (i18n.t().rep_event_new_deadline)(&d)}</p> })}
                        <HideableText text=body hidden/>
                        <VoicePlayer voice/>
                        <Photos photos/>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

fn report_view(report: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = use_session().signed_in();
    let code = report.summary.code.clone();
    let facts = report_facts(&report);
    let follow = (signed_in && !report.mine && !report.following && report.summary.status.is_open())
        .then(|| {
            view! {
                <form method="post" action=FollowReport::PATH>
                    <FormError form="follow"/>
                    <input type="hidden" name="code" value=code.clone()/>
                    <button type="submit" class="button secondary">{tr!(i18n, rep_follow_button)}</button>
                </form>
            }
        });
    let following = (report.following && !report.mine)
        .then(|| view! { <p class="hint">{tr!(i18n, rep_following)}</p> });
    let confirm = report.can_confirm.then(|| {
        view! {
            <div class="card confirm">
                <h2>{tr!(i18n, rep_confirm_question)}</h2>
                <FormError form="confirm"/>
                <div class="actions">
                    <form method="post" action=ConfirmReport::PATH>
                        <input type="hidden" name="code" value=code.clone()/>
                        <input type="hidden" name="fixed" value="yes"/>
                        <button type="submit" class="button">{tr!(i18n, rep_confirm_yes)}</button>
                    </form>
                    <form method="post" action=ConfirmReport::PATH>
                        <input type="hidden" name="code" value=code.clone()/>
                        <input type="hidden" name="fixed" value="no"/>
                        <button type="submit" class="button secondary">{tr!(i18n, rep_confirm_no)}</button>
                    </form>
                </div>
            </div>
        }
    });
    let rating = match (report.mine, report.summary.status, report.rating) {
        (true, Status::Closed, None) => Some(Either::Left(view! {
            <form method="post" action=RateReport::PATH class="card form">
                <h2>{tr!(i18n, rep_rate_title)}</h2>
                <FormError form="rate"/>
                <input type="hidden" name="code" value=code.clone()/>
                <fieldset class="stars">
                    <legend>{tr!(i18n, rep_rate_legend)}</legend>
                    {(1..=5).map(|n| view! {
                        <label class="check"><input type="radio" name="rating" value=n required/>{move || (i18n.t().rep_stars)(n)}</label>
                    }).collect_view()}
                </fieldset>
                <label for="rate-comment">{tr!(i18n, rep_rate_comment)}</label>
                <textarea id="rate-comment" name="comment" rows="3" maxlength="2000"></textarea>
                <button type="submit" class="button">{tr!(i18n, rep_rate_button)}</button>
            </form>
        })),
        (_, _, Some(stars)) => Some(Either::Right(view! {
            <p class="card">{move || (i18n.t().rep_rated)(stars)}
                {(!report.rating_comment.is_empty()).then(|| view! { <br/>{report.rating_comment.clone()} })}
            </p>
        })),
        _ => None,
    };
    let share_title = format!("{} · {}", report.summary.category, report.summary.code);
    view! {
        <SavedDataNotice loaded_at_ms=report.now_ms/>
        {facts}
        <ShareButton title=share_title path=paths::report(&code)/>
        {follow}
        {following}
        {confirm}
        {rating}
        {timeline(report.events)}
    }
}
