//! The communes visitors are looking at, kept for a second (server only).
//!
//! Every page a visitor with a chosen commune opens starts by looking that
//! commune up (its name and province for the header, whether it has joined).
//! A query costs little in SQLite, but crossing to sqlx's database thread and
//! back costs about as much as rendering a small page (perf: a page with this
//! one query served 4,400 requests/s, the same page without it 7,800), so the
//! lookup is kept here:
//!
//! - a write through the app that changes a commune's pages empties its entry
//!   at once, on this server ([`CommuneCache::changed`], told by
//!   `page_changes::commit`), and a lookup begun before such a write is not
//!   stored after it (the generation);
//! - a write on another app server (PostgreSQL) empties it as soon as this
//!   server hears the `NOTIFY` (`server::render_cache::listen`);
//! - an entry is trusted for [`FRESH_FOR`] only: that bounds how long a write
//!   made elsewhere (the command line, or while the notifications are not
//!   heard) goes unseen;
//! - only communes that exist are kept, so made-up codes cannot fill it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::model::{CommuneCode, CommuneSummary};
use crate::db::Db;
use crate::error::AppError;

/// How long an entry is used without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// When this many communes are kept, the next one empties the cache first
/// (a province has a few hundred; the country about 3,300).
const MAX_ENTRIES: usize = 4096;

#[derive(Clone, Default)]
pub struct CommuneCache {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    /// Bumped by every change: a lookup that began in an older generation
    /// may hold data from before the change, and is not kept.
    generation: u64,
    entries: HashMap<i64, (Instant, CommuneSummary)>,
}

impl CommuneCache {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves only a map of copies behind.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The commune `code`, from the cache while fresh, else from the database.
    pub async fn commune(
        &self,
        db: &Db,
        code: CommuneCode,
    ) -> Result<Option<CommuneSummary>, AppError> {
        let generation = {
            let inner = self.lock();
            if let Some((at, commune)) = inner.entries.get(&code.get())
                && at.elapsed() < FRESH_FOR
            {
                return Ok(Some(commune.clone()));
            }
            inner.generation
        };
        let found = super::db::commune(db, code).await?;
        if let Some(commune) = &found {
            let mut inner = self.lock();
            if inner.generation == generation {
                if inner.entries.len() >= MAX_ENTRIES {
                    inner.entries.clear();
                }
                inner
                    .entries
                    .insert(code.get(), (Instant::now(), commune.clone()));
            }
        }
        Ok(found)
    }

    /// The visitor's commune from the value of their cookie: a corrupt value,
    /// or one naming a commune that does not exist, counts as no choice.
    pub async fn from_cookie(
        &self,
        db: &Db,
        value: &str,
    ) -> Result<Option<CommuneSummary>, AppError> {
        match CommuneCode::parse(value) {
            Ok(code) => self.commune(db, code).await,
            Err(_) => Ok(None),
        }
    }

    /// `commune`'s pages changed: look it up again next time.
    pub fn changed(&self, commune: i64) {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner.entries.remove(&commune);
    }

    /// Changes may have been missed (another server's, unheard): look every
    /// commune up again.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner.entries.clear();
    }
}

impl std::fmt::Debug for CommuneCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CommuneCache({} kept)", self.lock().entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(code: i64, enabled: bool) -> CommuneSummary {
        CommuneSummary {
            code,
            name: "Xã Tiên Lữ".into(),
            province_code: 33,
            province_name: "Hưng Yên".into(),
            enabled,
        }
    }

    #[test]
    fn a_change_empties_the_communes_entry_and_refuses_older_lookups() {
        let cache = CommuneCache::default();
        let before = cache.lock().generation;
        cache
            .lock()
            .entries
            .insert(12364, (Instant::now(), summary(12364, true)));
        cache
            .lock()
            .entries
            .insert(1, (Instant::now(), summary(1, true)));
        cache.changed(12364);
        let inner = cache.lock();
        assert!(!inner.entries.contains_key(&12364));
        assert!(inner.entries.contains_key(&1), "other communes stay");
        assert_ne!(
            inner.generation, before,
            "a lookup begun before is not kept"
        );
    }
}
