//! Pages that belong to no feature: not found, offline, and the notice for
//! features that are not built yet.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_i18n;
use crate::tr;

/// Sets the status of the page being rendered on the server.
fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    let i18n = use_i18n();
    view! {
        <Title text=crate::i18n::head_text(i18n, |t| t.not_found_title)/>
        <h1>{tr!(i18n, not_found_title)}</h1>
        <p>{tr!(i18n, not_found_body)}</p>
        <p><A href=crate::paths::HOME attr:class="button">{tr!(i18n, back_home)}</A></p>
    }
}

/// What the service worker shows when a page is not saved and there is no network.
/// `from` is the address the person was trying to open.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Only a path on this site, never another origin ("//host" or "https:").
    let retry = move || {
        query
            .read()
            .get("from")
            .filter(|from| is_own_path(from))
            .unwrap_or_else(|| crate::paths::HOME.to_owned())
    };
    view! {
        <Title text=crate::i18n::head_text(i18n, |t| t.offline_title)/>
        <h1>{tr!(i18n, offline_title)}</h1>
        <p>{tr!(i18n, offline_body)}</p>
        <p><a href=retry rel="external" class="button">{tr!(i18n, offline_retry)}</a></p>
        <crate::layout::OutboxList/>
    }
}

/// Whether `path` is a path of this site that a link may go to: it starts
/// with one `/`, and holds no backslash (browsers read `/\\evil.example` as
/// `//evil.example`, another site) and no control or space character (which
/// browsers strip, so `/\t/evil.example` is another site too).
pub fn is_own_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::is_own_path;

    #[test]
    fn only_paths_of_this_site() {
        for own in ["/", "/directory?area=health", "/reports/HY-2026-000001"] {
            assert!(is_own_path(own), "{own}");
        }
        for other in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
            "evil.example",
        ] {
            assert!(!is_own_path(other), "{other:?}");
        }
    }
}
