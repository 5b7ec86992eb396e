//! Opening the database and keeping its schema current, on either engine.

use std::time::Duration;

use app::db::Db;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateDatabase, Migrator};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of(url: &str) -> Result<Engine, BoxError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Engine::Postgres)
        } else {
            Err(format!("DATABASE_URL must start with sqlite: or postgres:, not {url:?}").into())
        }
    }
}

/// Connects, creating the SQLite file (and its folder) on first start.
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, BoxError> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of(url)?;
    if engine == Engine::Sqlite {
        if let Some(dir) = sqlite_path(url).and_then(|p| p.parent().map(|d| d.to_path_buf()))
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(&dir)?;
        }
        // sqlx creates new SQLite files in WAL mode: readers never wait for the writer.
        if !sqlx::Any::database_exists(url).await? {
            sqlx::Any::create_database(url).await?;
        }
    }
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        // Fail fast when the database is down: the request gets a 503 and the
        // pool reconnects by itself once the database is back.
        .acquire_timeout(Duration::from_secs(3))
        // sqlx pings a connection before lending it, to find one whose server
        // hung up. A SQLite file has no other end to hang up, and the ping was
        // a second trip to the database thread for every query (a tenth of a
        // page's time, measured with `bench/run`). PostgreSQL keeps it.
        .test_before_acquire(engine != Engine::Sqlite)
        .connect(url)
        .await?;
    if engine == Engine::Sqlite {
        // Files made before (or by other tools) are switched once; the mode persists.
        sqlx::query("pragma journal_mode = wal")
            .execute(&pool)
            .await?;
    }
    Ok(pool)
}

pub(crate) fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// The migrations of the engine `url` names.
pub fn migrator(url: &str) -> Result<&'static Migrator, BoxError> {
    Ok(match Engine::of(url)? {
        Engine::Sqlite => &SQLITE_MIGRATIONS,
        Engine::Postgres => &POSTGRES_MIGRATIONS,
    })
}

pub async fn migrate(db: &Db, url: &str) -> Result<(), BoxError> {
    migrator(url)?.run(db).await?;
    Ok(())
}

/// Connect, migrate, and make sure the official units are there: what `serve`
/// does before it listens.
pub async fn prepare(url: &str, max_connections: u32, demo: bool) -> Result<Db, BoxError> {
    let db = connect(url, max_connections).await?;
    migrate(&db, url).await?;
    if !app::places::db::units_imported(&db).await? {
        let (provinces, communes) = app::places::db::import_units(&db).await?;
        tracing::info!(provinces, communes, "imported the administrative units");
    }
    // The VAPID key pair, made the first time: phones subscribe with its public half.
    crate::push::vapid_key(&db).await?;
    if demo {
        app::demo::seed(&db).await?;
    }
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_from_urls() {
        assert_eq!(Engine::of("sqlite://data/xaso.db").unwrap(), Engine::Sqlite);
        assert_eq!(
            Engine::of("postgres://localhost/x").unwrap(),
            Engine::Postgres
        );
        assert!(Engine::of("mysql://x").is_err());
    }

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://data/xaso.db?mode=rwc"),
            Some("data/xaso.db".into())
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
