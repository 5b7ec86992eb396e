//! Backups of the embedded SQLite database, and putting one back.
//!
//! `server backup --to FILE` copies the live database with SQLite's
//! `VACUUM INTO`: one read transaction, so the copy is consistent (every
//! report acknowledged before it began is in it) while the server goes on
//! taking writes. `server restore --from FILE` checks the copy and puts it in
//! place of the database, keeping the replaced files beside it; it refuses
//! while a server runs on the database, which holds [`ServerLock`] for as long
//! as it serves. PostgreSQL has its own tools (`pg_dump`, `pg_restore`; see
//! the README).

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::BoxError;
use crate::database::{Engine, sqlite_path};

/// Held by a server for as long as it serves a SQLite database: a second
/// server, or a restore, on the same file is refused while it is held.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn database_path(url: &str) -> Result<PathBuf, BoxError> {
    match Engine::of(url)? {
        Engine::Sqlite => {
            sqlite_path(url).ok_or_else(|| format!("{url:?} names no database file").into())
        }
        Engine::Postgres => Err(
            "backup and restore are for the embedded SQLite database; on PostgreSQL use \
             pg_dump and pg_restore (see the README)"
                .into(),
        ),
    }
}

impl ServerLock {
    /// Takes the lock of the database at `url` (SQLite only; PostgreSQL
    /// needs none and gets None).
    pub fn take(url: &str) -> Result<Option<ServerLock>, BoxError> {
        if Engine::of(url)? != Engine::Sqlite {
            return Ok(None);
        }
        let database = database_path(url)?;
        let path = lock_path(&database);
        // On first start the database's folder does not exist yet.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ServerLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Err(format!(
                "a server is running on {} (it holds {}); stop it first",
                database.display(),
                path.display()
            )
            .into()),
            Err(std::fs::TryLockError::Error(error)) => Err(error.into()),
        }
    }
}

/// Copies the database at `url` to `to`, which must not exist yet. Safe while
/// a server writes to it. Returns the copy's size in bytes.
pub async fn backup(url: &str, to: &Path) -> Result<u64, BoxError> {
    database_path(url)?;
    if to.exists() {
        return Err(format!("{} exists already; choose a new file", to.display()).into());
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let db = crate::database::connect(url, 1).await?;
    let target = to
        .to_str()
        .ok_or("the backup file's name must be UTF-8")?
        .to_owned();
    sqlx::query("vacuum into $1")
        .bind(target)
        .execute(&db)
        .await?;
    db.close().await;
    Ok(std::fs::metadata(to)?.len())
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the replaced database was moved (None: there was none).
    pub kept: Option<PathBuf>,
}

/// Puts the backup `from` in place of the database at `url`: refused while a
/// server runs on it, or when `from` is not a whole Xã Số database. The files
/// it replaces are kept beside it with a `.replaced-<time>` suffix.
pub async fn restore(url: &str, from: &Path) -> Result<Restored, BoxError> {
    let database = database_path(url)?;
    let _lock = ServerLock::take(url)?;
    check(from).await?;

    let stamp = crate::backup::stamp();
    let staged = sibling(&database, ".restoring");
    std::fs::copy(from, &staged)?;
    let mut kept = None;
    for suffix in ["", "-wal", "-shm"] {
        let current = sibling(&database, suffix);
        if current.exists() {
            let aside = sibling(&database, &format!("{suffix}.replaced-{stamp}"));
            std::fs::rename(&current, &aside)?;
            if suffix.is_empty() {
                kept = Some(aside);
            }
        }
    }
    std::fs::rename(&staged, &database)?;
    Ok(Restored { kept })
}

/// `path` with `suffix` added to its name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn stamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    now.as_secs().to_string()
}

/// A backup is a SQLite file that passes its integrity check and has the
/// app's migrations in it.
async fn check(from: &Path) -> Result<(), BoxError> {
    if !from.is_file() {
        return Err(format!("{} is not a file", from.display()).into());
    }
    let url = format!("sqlite://{}?mode=ro", from.display());
    let not_a_backup = |why: String| -> BoxError {
        format!("{} is not a Xã Số backup: {why}", from.display()).into()
    };
    sqlx::any::install_default_drivers();
    let db = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    let integrity: String = sqlx::query_scalar("pragma integrity_check")
        .fetch_one(&db)
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    if integrity != "ok" {
        return Err(not_a_backup(integrity));
    }
    let migrations: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations")
        .fetch_one(&db)
        .await
        .map_err(|_| not_a_backup("it has no migrations table".to_owned()))?;
    db.close().await;
    if migrations == 0 {
        return Err(not_a_backup(
            "no migration was ever applied to it".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_and_locks() {
        let database = Path::new("data/xaso.db");
        assert_eq!(lock_path(database), Path::new("data/xaso.db.lock"));
        assert_eq!(sibling(database, "-wal"), Path::new("data/xaso.db-wal"));
        assert!(database_path("postgres://h/db").is_err());
        assert_eq!(
            database_path("sqlite://data/xaso.db").unwrap(),
            Path::new("data/xaso.db")
        );
    }

    #[test]
    fn a_second_lock_on_one_database_is_refused() {
        let dir = std::env::temp_dir().join(format!("xaso-lock-{:x}", rand::random::<u64>()));
        // The folder is made on first start.
        let url = format!("sqlite://{}/data/xaso.db", dir.display());
        let first = ServerLock::take(&url).unwrap();
        assert!(first.is_some());
        let second = ServerLock::take(&url).unwrap_err().to_string();
        assert!(second.contains("a server is running"), "{second}");
        drop(first);
        assert!(ServerLock::take(&url).unwrap().is_some());
        assert!(ServerLock::take("postgres://h/db").unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
