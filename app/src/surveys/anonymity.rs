//! Anonymous surveys (server only): who answered cannot be told, not even by
//! someone holding the database.
//!
//! A person may have one response per survey and change it, so the server must
//! find "this person's response" again. For a named survey the key is the
//! person's id. For an anonymous one it is an HMAC of the survey's salt and the
//! person's id under a server secret that is kept outside the database (a file
//! in the data directory, or configuration): with the database alone, trying
//! every person's id against a response's key gets nowhere. Anonymous
//! responses also keep only the day they were written, never the moment, which
//! could be matched with other records; and per-village figures hide villages
//! with fewer than `MIN_VILLAGE_RESPONSES` responses.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::Db;
use crate::error::AppError;

/// Villages with fewer responses than this are not shown apart: in a village
/// of three answers, a person's neighbours could tell whose is whose.
pub const MIN_VILLAGE_RESPONSES: i64 = 5;

/// Keys made with the server secret start with this (older ones, plain
/// SHA-256 of salt and id, do not; see `rekey`).
const PREFIX: &str = "h";

/// The respondent key of `user` in the survey with `salt`.
pub fn key(secret: &[u8; 32], salt: &str, user: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("{salt}:{user}").as_bytes());
    format!("{PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
}

/// A moment, as an anonymous response keeps it: the start of its day in
/// Vietnam (UTC+7).
pub fn day_of(ms: i64) -> i64 {
    const DAY: i64 = 24 * 60 * 60 * 1000;
    const VIETNAM: i64 = 7 * 60 * 60 * 1000;
    ms - (ms + VIETNAM).rem_euclid(DAY)
}

/// Re-keys the anonymous responses written before the server secret existed
/// (their key was a plain SHA-256 of salt and person, which anyone with the
/// database could recompute): each is matched once, here, against the people
/// of the survey's commune, and given the keyed form. Safe to run at every
/// start; returns how many were re-keyed.
pub async fn rekey(db: &Db, secret: &[u8; 32]) -> Result<u64, AppError> {
    let surveys: Vec<(i64, String, i64)> = sqlx::query_as(
        "select s.id, s.salt, s.commune_code from surveys s where s.anonymous = 1 \
         and exists (select 1 from survey_responses r where r.survey_id = s.id \
           and r.respondent not like 'h%')",
    )
    .fetch_all(db)
    .await?;
    let mut rekeyed = 0;
    for (survey, salt, commune) in surveys {
        let people: Vec<i64> = sqlx::query_scalar("select id from users where home_commune = $1")
            .bind(commune)
            .fetch_all(db)
            .await?;
        let old: std::collections::HashMap<String, i64> = people
            .into_iter()
            .map(|user| {
                (
                    crate::accounts::session::token_hash(&format!("{salt}:{user}")),
                    user,
                )
            })
            .collect();
        let keys: Vec<String> = sqlx::query_scalar(
            "select respondent from survey_responses where survey_id = $1 and respondent not like 'h%'",
        )
        .bind(survey)
        .fetch_all(db)
        .await?;
        for stale in keys {
            if let Some(user) = old.get(&stale) {
                let done = sqlx::query(
                    "update survey_responses set respondent = $1 where survey_id = $2 and respondent = $3",
                )
                .bind(key(secret, &salt, *user))
                .bind(survey)
                .bind(&stale)
                .execute(db)
                .await?;
                rekeyed += done.rows_affected();
            }
        }
    }
    Ok(rekeyed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_need_the_secret() {
        let a = key(&[1; 32], "salt", 42);
        assert_eq!(a, key(&[1; 32], "salt", 42));
        assert_ne!(a, key(&[2; 32], "salt", 42));
        assert_ne!(a, key(&[1; 32], "other", 42));
        assert_ne!(a, key(&[1; 32], "salt", 43));
        assert!(a.starts_with(PREFIX) && a.len() == 65);
        // Not the old, unkeyed form.
        assert_ne!(&a[1..], crate::accounts::session::token_hash("salt:42"));
    }

    #[test]
    fn days_in_vietnam() {
        // 06/12/2026 23:30 in Vietnam is 16:30 UTC: the day starts 17:00 UTC the day before.
        let evening = 1_796_574_600_000; // 2026-12-06T16:30:00Z
        assert_eq!(day_of(evening), 1_796_490_000_000); // 2026-12-05T17:00:00Z
        assert_eq!(day_of(day_of(evening)), day_of(evening));
    }
}
