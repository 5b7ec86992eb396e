//! Password hashing with Argon2id, and the list of passwords everybody tries
//! first (server only).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::AppError;

/// The most common passwords (world-wide lists and Vietnamese favourites), one per
/// line, lower case.
const COMMON: &str = include_str!("common_passwords.txt");

/// Whether `password` is one of the most common passwords, ignoring case, or a
/// single character repeated.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    if first.is_some() && chars.all(|c| Some(c) == first) {
        return true;
    }
    COMMON.lines().any(|line| line == lower)
}

/// Argon2 takes 19 MiB and a core's time per hash, on purpose. At most one hash
/// per core runs at a time and the others wait their turn, so 300 sign-ups
/// arriving at once need 2 × 19 MiB on a 2-core server, not 300 × 19 MiB (and
/// do not take every blocking thread).
fn hashing() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(crate::cores()))
}

/// Hashes a password into a PHC string (Argon2id with the crate's defaults:
/// 19 MiB, 2 passes). Argon2 is slow on purpose, so it runs off the async
/// worker threads, one per core at most.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    let _permit = hashing().acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let salt_bytes: [u8; 16] = rand::random();
        let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| AppError::Internal)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| {
                tracing::error!(%error, "password hashing failed");
                AppError::Internal
            })
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Whether `password` matches the stored PHC string. With no stored hash (an
/// unknown phone number) a dummy hash is checked, so that answering takes as long
/// either way and does not reveal which numbers have accounts.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_owned();
    let Ok(_permit) = hashing().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.with(|d| d.clone()));
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && known
    })
    .await
    .unwrap_or(false)
}

thread_local! {
    /// A hash of a random password, made once per blocking thread.
    static DUMMY: String = {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes encode");
        Argon2::default()
            .hash_password(&rand::random::<[u8; 16]>(), &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_known() {
        for common in [
            "123456",
            "Password",
            "matkhau123",
            "MATKHAU",
            "aaaaaaaaa",
            "77777777",
        ] {
            assert!(is_common(common), "{common}");
        }
        for fine in ["lúa chín vàng", "xaso-demo-2026", "cau-tre-ben-song"] {
            assert!(!is_common(fine), "{fine}");
        }
        assert!(
            COMMON
                .lines()
                .all(|l| l == l.to_lowercase() && !l.is_empty())
        );
    }

    #[tokio::test]
    async fn hashes_verify() {
        let hash = hash("lúa chín vàng").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("lúa chín vàng", Some(hash.clone())).await);
        assert!(!verify("lua chin vang", Some(hash)).await);
        assert!(!verify("anything", None).await);
        assert!(!verify("anything", Some("not a hash".into())).await);
    }
}
