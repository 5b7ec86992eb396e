//! The rule of places that other features' server functions share: a visitor
//! with no commune yet takes the commune of what they opened. Server only.

/// A visitor with no commune yet who opens something of `commune` (a link a
/// neighbour shared: a report, an announcement, a directory entry) takes that
/// commune as theirs, so the rest of the app opens on it. A commune already
/// chosen is never changed by a link.
pub fn adopt_if_none(commune: i64) {
    if crate::request::cookie(super::COMMUNE_COOKIE).is_none() {
        crate::request::set_cookie(super::COMMUNE_COOKIE, &commune.to_string());
    }
}
