//! The language switch's server side, used when the WebAssembly has not loaded:
//! the form posts here, the cookie is set, and the browser goes back to the page.

use leptos::prelude::*;

use crate::error::AppError;

#[server(endpoint = "language")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    // An unknown code is ignored rather than refused: the switch only ever sends
    // "vi" or "en", and a tampered form simply leaves the language as it was.
    if let Some(lang) = super::Lang::parse(&lang) {
        crate::request::set_cookie(super::LANG_COOKIE, lang.code());
    }
    Ok(())
}
