//! "Chia sẻ": a button that hands a page's title and link to the phone's share
//! sheet (Web Share API: Zalo, Messenger, SMS), or copies the link where the
//! browser has none. Used by reports, announcements and directory entries.
//! `/share.js` drives it; without JavaScript the button stays hidden (there is
//! nothing it could do) and the address bar still holds the link.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::tr;

/// The share button of the page at `path` (a site path such as
/// `/reports/HY-2026-000123`), titled `title`.
#[component]
pub fn ShareButton(title: String, path: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="share" data-share=path data-title=title
            data-copied=move || i18n.t().share_copied
            data-failed=move || i18n.t().share_failed>
            <button type="button" class="button secondary" data-share-button hidden>
                {tr!(i18n, share_button)}
            </button>
            <p class="hint" role="status" data-share-status></p>
        </div>
        <script src="/share.js" defer></script>
    }
}
