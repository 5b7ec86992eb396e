//! The app shell every page shares: header with the commune's name and the
//! language switch, the main landmark, and the bottom navigation.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::accounts::model::SessionInfo;
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};
use crate::paths;
use crate::places::model::CommuneSummary;
use crate::tr;

/// The visitor's commune. The server looks it up from the cookie before the page
/// renders and the value travels to the browser with the page, so every part of
/// the page reads it at once, without waiting (no Suspense). Opening a commune
/// page replaces it (and sets the cookie).
#[derive(Clone, Copy)]
pub struct PlaceContext {
    chosen: RwSignal<Option<CommuneSummary>>,
}

impl PlaceContext {
    pub fn provide() -> Self {
        let initial = SharedValue::new(|| {
            #[cfg(feature = "ssr")]
            {
                crate::places::CurrentPlace::of_request()
            }
            #[cfg(not(feature = "ssr"))]
            {
                None
            }
        });
        let context = Self {
            chosen: RwSignal::new(initial.into_inner()),
        };
        provide_context(context);
        context
    }

    /// The visitor's commune (tracked).
    pub fn get(&self) -> Option<CommuneSummary> {
        self.chosen.get()
    }

    /// Makes `commune` the visitor's, notifying only when it changes.
    pub fn choose(&self, commune: &CommuneSummary) {
        if self.chosen.with_untracked(|c| c.as_ref() != Some(commune)) {
            self.chosen.set(Some(commune.clone()));
        }
    }
}

/// The signed-in person, if any. Like the commune, the server resolves it before
/// the page renders (see `server::middleware::resolve_visitor`) and it travels
/// with the page. Signing in or out always loads a new page, so it never changes
/// while a page is open.
#[derive(Clone, Copy)]
pub struct SessionContext(SessionInfo);

impl SessionContext {
    pub fn provide() -> Self {
        let initial = SharedValue::new(|| {
            #[cfg(feature = "ssr")]
            {
                crate::accounts::session::current_visitor()
                    .map(|visitor| visitor.info())
                    .unwrap_or_else(SessionInfo::anonymous)
            }
            #[cfg(not(feature = "ssr"))]
            {
                SessionInfo::anonymous()
            }
        });
        let context = Self(initial.into_inner());
        provide_context(context);
        context
    }

    pub fn signed_in(&self) -> bool {
        self.0.signed_in()
    }

    pub fn is_staff(&self) -> bool {
        self.0.is_staff()
    }

    /// Notifications not read when the page was loaded.
    pub fn unread(&self) -> u32 {
        self.0.unread()
    }
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{tr!(i18n, skip_to_content)}</a>
        <Header/>
        <main id="main" tabindex="-1">{children()}</main>
        <UpdateNotice/>
        <BottomNav/>
    }
}

/// "A new version is ready · Cập nhật": hidden until `/pwa.js` sees a new
/// release's service worker waiting (the button tells it to take over).
#[component]
fn UpdateNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="update-notice" role="status" data-update-notice="" hidden>
            <p>{tr!(i18n, update_ready)}</p>
            <button type="button" class="button" data-update-now="">{tr!(i18n, update_button)}</button>
        </div>
        // A page shown from the phone's saved copy because the network was
        // slow: the service worker says when the newer one has arrived.
        <div class="update-notice" role="status" data-fresh-notice="" hidden>
            <p>{tr!(i18n, fresh_ready)}</p>
            <button type="button" class="button" data-fresh-now="">{tr!(i18n, fresh_button)}</button>
        </div>
    }
}

/// The words the outbox's scripts show (`/outbox-list.js`, `/report-form.js`),
/// as JSON for a `data-texts` attribute.
pub fn outbox_texts(t: &Texts) -> String {
    serde_json::json!({
        "title": t.outbox_title,
        "hint": t.outbox_hint,
        "queued": t.outbox_queued,
        "written": t.outbox_written,
        "untitled": t.outbox_untitled,
        "state_waiting": t.outbox_state_waiting,
        "state_sign_in": t.outbox_state_sign_in,
        "state_owner": t.outbox_state_owner,
        "state_corrupt": t.outbox_state_corrupt,
        "state_too_large": t.outbox_state_too_large,
        "state_refused": t.outbox_state_refused,
        "edit": t.outbox_edit,
        "delete": t.outbox_delete,
        "confirm_delete": t.outbox_confirm_delete,
        "send_now": t.outbox_send_now,
        "sign_in": t.sign_in_title,
        "sent": t.outbox_sent,
        "restored": t.outbox_restored,
        "editing": t.outbox_editing,
        "gone": t.outbox_gone,
        "too_many": t.outbox_too_many,
        "too_large": t.outbox_too_large,
    })
    .to_string()
}

/// The reports waiting in this phone's outbox (drawn by `/outbox-list.js`):
/// those written by `owner` (the outbox tag of the signed-in person), or all.
#[component]
pub fn OutboxList(#[prop(optional, into)] owner: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card outbox" data-outbox-list="" data-owner=owner
            data-texts=move || outbox_texts(i18n.t()) aria-live="polite" hidden></section>
        <script src="/outbox.js" defer></script>
        <script src="/outbox-list.js" defer></script>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    let label = move |commune: Option<CommuneSummary>| match commune {
        Some(c) => {
            Either::Left(view! { <strong>{c.name}</strong><small>{c.province_name}</small> })
        }
        None => Either::Right(view! {
            <strong>{tr!(i18n, choose_commune)}</strong>
            <small>{tr!(i18n, header_place_hint)}</small>
        }),
    };
    view! {
        <header class="app-header">
            <A href=paths::HOME attr:class="brand">
                <img src="/icons/icon-192.png" width="32" height="32" alt=tr!(i18n, logo_alt)/>
            </A>
            <A href=paths::CHOOSE_COMMUNE attr:class="place">
                {move || label(place.get())}
            </A>
            {use_session().is_staff().then(|| view! {
                <a href=paths::staff::HOME class="staff-link">{tr!(i18n, staff_menu)}</a>
            })}
            <LangSwitch/>
        </header>
    }
}

/// Switches between Vietnamese and English: a form that the server answers by
/// setting the cookie and sending the person back to the page.
#[component]
fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = <crate::i18n::api::SetLanguage as leptos::server_fn::ServerFn>::PATH;
    view! {
        <form method="post" action=action>
            <input type="hidden" name="lang" value=move || i18n.lang().other().code()/>
            <button type="submit" class="lang-switch" lang=move || i18n.lang().other().code()>
                <span aria-hidden="true">{tr!(i18n, switch_language)}</span>
                <span class="visually-hidden">{tr!(i18n, switch_language_label)}</span>
            </button>
        </form>
    }
}

struct NavItem {
    href: &'static str,
    label: fn(&Texts) -> &'static str,
    /// SVG path data, drawn with a stroke (24 × 24 grid).
    icon: &'static str,
}

const NAV: [NavItem; 5] = [
    NavItem {
        href: paths::HOME,
        label: |t| t.nav_home,
        icon: "M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10",
    },
    NavItem {
        href: paths::DIRECTORY,
        label: |t| t.nav_directory,
        icon: "M5 3h12a2 2 0 012 2v16H7a2 2 0 01-2-2zM5 19a2 2 0 012-2h12M9 7h6M9 11h6",
    },
    NavItem {
        href: paths::REPORTS,
        label: |t| t.nav_reports,
        icon: "M4 10v4h3l6 4V6L7 10zM17 9a4 4 0 010 6M19.5 6.5a8 8 0 010 11",
    },
    NavItem {
        href: paths::SURVEYS,
        label: |t| t.nav_surveys,
        icon: "M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12l2 2 4-4M8 17h8",
    },
    NavItem {
        href: paths::ACCOUNT,
        label: |t| t.nav_account,
        icon: "M12 12a4 4 0 100-8 4 4 0 000 8zM4 21a8 8 0 0116 0",
    },
];

#[component]
fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_session().unread();
    view! {
        <nav class="bottom-nav" aria-label=tr!(i18n, nav_label)>
            <ul>
                {NAV.iter().map(|item| {
                    let label = item.label;
                    // Unread notifications show on "Reports".
                    let badge = (item.href == paths::REPORTS && unread > 0).then(|| view! {
                        <span class="nav-badge">
                            <span aria-hidden="true">{unread}</span>
                            <span class="visually-hidden">{move || (i18n.t().rep_unread_label)(unread)}</span>
                        </span>
                    });
                    view! {
                        <li>
                            <A href=item.href>
                                <svg viewBox="0 0 24 24" aria-hidden="true"><path d=item.icon/></svg>
                                <span>{move || label(i18n.t())}</span>
                                {badge}
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// An error in words the person can act on; when signing in would help, a link
/// to do so.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = (error == AppError::Unauthenticated)
        .then(|| view! { <a href=paths::ACCOUNT>{tr!(i18n, sign_in_title)}</a> });
    // Several wrong fields (or lines of a file): each named, in a list.
    let details = match &error {
        AppError::Fields { problems, more } => {
            let more = *more;
            let items = problems
                .iter()
                .cloned()
                .map(|p| {
                    view! {
                        <li>
                            {move || {
                                let t = i18n.t();
                                let line = (p.line > 0).then(|| format!("{} · ", (t.error_line)(p.line)));
                                // A survey's unanswered question is named by its number.
                                let field = match p.field.strip_prefix("question ").and_then(|n| n.parse().ok()) {
                                    Some(n) => (t.error_question)(n),
                                    None => (t.dir_field)(&p.field).to_owned(),
                                };
                                format!("{}{}: {}", line.unwrap_or_default(), field, t.problem(p.problem))
                            }}
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <ul>{items}</ul>
                {(more > 0).then(|| view! { <p>{move || (i18n.t().error_more)(more)}</p> })}
            })
        }
        _ => None,
    };
    view! {
        <div class="notice error" role="alert">
            <p>{move || i18n.t().error(&error)} " " {sign_in}</p>
            {details}
        </div>
    }
}

/// Says, while the device is offline, that the page shows saved data and from
/// when (the service worker answered from its cache): `/pwa.js` shows it when
/// the phone has no signal.
#[component]
pub fn SavedDataNotice(loaded_at_ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let at = crate::time::date_time(loaded_at_ms);
    view! {
        <p class="notice saved-data" role="status" data-saved-data="" hidden>
            {move || (i18n.t().dir_saved_data)(&at)}
        </p>
    }
}

/// Shows what `resource` loads, rendered by `show`, or the error; "loading" while
/// it loads in the browser (on the server the page waits for it).
#[component]
pub fn Loaded<T, V>(resource: Resource<Result<T, AppError>>, show: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{tr!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(value) => Either::Left(show(value)),
                    Err(error) => Either::Right(view! { <ErrorNotice error/> }),
                }
            })}
        </Suspense>
    }
}
