//! Sessions (server only): a random token in an HttpOnly cookie, only its SHA-256
//! stored; the signed-in person of a request, resolved once by the server's
//! middleware and read here by pages and server functions.

use leptos::prelude::use_context;
use sha2::{Digest, Sha256};

use super::model::{Role, SessionInfo};
use crate::error::AppError;

/// The session cookie.
pub const SESSION_COOKIE: &str = "xaso_session";
/// Its name when the site is served at a public `https://` address
/// (`XASO_PUBLIC_URL`): with the `__Host-` prefix a browser only keeps the
/// cookie when it is `Secure`, for the whole site and set by this very host, so
/// neither plain http nor a subdomain can plant or shadow a session.
pub const SECURE_SESSION_COOKIE: &str = "__Host-xaso_session";

/// The session cookie's name on a site with (`true`) or without a public https
/// address.
pub fn session_cookie_name(https_site: bool) -> &'static str {
    if https_site {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// How long a session lasts: 30 days with "remember me", else 12 hours (and the
/// cookie ends with the browser).
pub const REMEMBERED_MS: i64 = 30 * 24 * 60 * 60 * 1000;
pub const BROWSER_SESSION_MS: i64 = 12 * 60 * 60 * 1000;

/// The signed-in person, as the server knows them.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub home_commune: Option<i64>,
    pub role: Role,
    /// Notifications not read yet.
    pub unread: u32,
    /// The hash of this request's session token.
    pub token_hash: String,
}

impl Visitor {
    pub fn info(&self) -> SessionInfo {
        SessionInfo::of(self.role, self.unread)
    }
}

/// The request extension the middleware sets: who is signed in, if anybody.
#[derive(Clone, Debug, Default)]
pub struct CurrentVisitor(pub Option<Visitor>);

/// The address a request came from (the peer, or the proxy's `X-Forwarded-For`
/// when the server is configured to trust it): the key of per-address throttling.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

/// The signed-in person of the current request.
pub fn current_visitor() -> Option<Visitor> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<CurrentVisitor>()?
        .0
        .clone()
}

/// The signed-in person, or 401.
pub fn require_visitor() -> Result<Visitor, AppError> {
    current_visitor().ok_or(AppError::Unauthenticated)
}

/// The current person's role (None: not signed in), for `policy::authorize`.
pub fn current_role() -> Option<Role> {
    current_visitor().map(|visitor| visitor.role)
}

pub fn client_address() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().cloned())
        .map(|address| address.0)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A new random token (256 bits, hex) and the hash to store.
pub fn new_token() -> (String, String) {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Who the phone's outbox keeps drafts for: a tag of the person's id, given to
/// the report form and sent back with each queued report, so that a draft is
/// filed only for the person who wrote it (not for whoever signs in later on
/// the same phone).
pub fn outbox_owner(user_id: i64) -> String {
    let digest = Sha256::digest(format!("xaso-outbox:{user_id}").as_bytes());
    hex::encode(&digest[..8])
}

/// Sets the session cookie on the response; `max_age_s` None makes it end with
/// the browser.
pub fn set_session_cookie(token: &str, max_age_s: Option<i64>) {
    let https_site = crate::state::https_site();
    let name = session_cookie_name(https_site);
    let mut cookie = format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_s {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if https_site || crate::request::over_https() {
        cookie.push_str("; Secure");
    }
    crate::request::append_set_cookie(&cookie);
}

pub fn clear_session_cookie() {
    let https_site = crate::state::https_site();
    let name = session_cookie_name(https_site);
    let secure = if https_site { "; Secure" } else { "" };
    crate::request::append_set_cookie(&format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ));
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), hash_a);
        assert_ne!(a, hash_a);
    }
}
