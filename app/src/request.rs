//! Reading and writing the current HTTP request and response from inside a page
//! render or a server function (server only).

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// How long preference cookies (language, commune) live: one year.
const PREFERENCE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The value of a request cookie.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The value of cookie `name` in request headers (also used outside Leptos).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A query parameter of the page request.
pub fn query_param(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .uri
        .query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Sets a preference cookie (not secret: readable settings such as the language).
/// Values are codes of digits and letters, so they need no escaping.
pub fn set_cookie(name: &str, value: &str) {
    debug_assert!(value.bytes().all(|b| b.is_ascii_alphanumeric()));
    if let Some(response) = use_context::<ResponseOptions>() {
        let cookie = format!("{name}={value}; Path=/; Max-Age={PREFERENCE_MAX_AGE}; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.append_header(SET_COOKIE, value);
        }
    }
}

/// The language of this request: `?lang=` if given, else the cookie, else Vietnamese.
pub fn request_lang() -> crate::i18n::Lang {
    use crate::i18n::{LANG_COOKIE, Lang};
    query_param("lang")
        .and_then(|code| Lang::parse(&code))
        .or_else(|| cookie(LANG_COOKIE).and_then(|code| Lang::parse(&code)))
        .unwrap_or_default()
}

/// Where a page leaves its script nonce for the response's Content-Security-Policy
/// (the middleware puts an empty slot into each request and reads it afterwards).
#[derive(Clone, Default)]
pub struct NonceSlot(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl NonceSlot {
    pub fn set(&self, nonce: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(nonce);
        }
    }

    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}
