//! The command line and the typed configuration. Every setting comes from an
//! environment variable (or the matching flag) with a default that works locally;
//! `server --help` lists them. The web address and asset paths are Leptos' own
//! `LEPTOS_*` variables, which cargo-leptos sets (see the README).

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "Xã Số: essential services, community reports and surveys for Vietnamese communes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Serve the app (the default): migrates, imports the units when missing,
    /// seeds the demo commune when XASO_DEMO is set.
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Create the first system administrator (or make an existing account one).
    /// The password comes from XASO_ADMIN_PASSWORD or is asked for; never from
    /// the command line, where other users could read it.
    CreateAdmin {
        /// The administrator's mobile number, e.g. 0912345678.
        #[arg(long)]
        phone: String,
        /// The administrator's full name.
        #[arg(long)]
        name: String,
    },
    /// Set a new password for an account (a system administrator's can only be
    /// set here): from XASO_ADMIN_PASSWORD or asked for. Every session of the
    /// account ends.
    SetPassword {
        /// The account's mobile number, e.g. 0912345678.
        #[arg(long)]
        phone: String,
    },
    /// Load the official administrative units (34 provinces, 3,321 communes); safe to repeat.
    ImportUnits,
    /// Enable the demo commune (Xã Tiên Lữ, Hưng Yên) with demo villages,
    /// directory, people and (unless XASO_DEMO_HISTORY=false) a year of
    /// reports, a survey and announcements; safe to repeat.
    SeedDemo,
    /// Remove everything marked as demo data: the demo commune's history,
    /// people, directory entries and villages. Real data stays; the demo
    /// commune is disabled unless real people use it.
    RemoveDemo,
    /// Copy the SQLite database to a new file while it is in use (a
    /// consistent copy: everything committed before it began). On
    /// PostgreSQL use pg_dump.
    Backup {
        /// The file to write; it must not exist yet.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Put a backup in place of the SQLite database. Refused while a server
    /// runs on it; the replaced files are kept beside it (`.replaced-<time>`).
    Restore {
        /// The backup file (made by `server backup`).
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Benchmark baseline: serve one file's bytes from a bare axum handler.
    #[command(hide = true)]
    BenchBare {
        /// The file to serve as text/html.
        file: std::path::PathBuf,
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:3100")]
        addr: std::net::SocketAddr,
    },
}

#[derive(Args, Debug, Clone)]
pub struct Config {
    /// The database: `sqlite://data/xaso.db` (embedded, created on first start) or
    /// `postgres://user@host:5432/name` for a province or a country.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/xaso.db",
        global = true
    )]
    pub database_url: String,

    /// The most database connections this server opens.
    #[arg(
        long,
        env = "XASO_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: u32,

    /// Seed the demo commune and villages at start (the quick-start run command sets it).
    #[arg(long, env = "XASO_DEMO", default_value_t = false, global = true)]
    pub demo: bool,

    /// With the demo commune, give it a year of history (reports, replies,
    /// photos, ratings, a survey with its responses, announcements, demo
    /// staff), all marked as demo data. The tests turn it off.
    #[arg(
        long,
        env = "XASO_DEMO_HISTORY",
        default_value_t = true,
        action = clap::ArgAction::Set,
        global = true
    )]
    pub demo_history: bool,

    /// Take the client address from the X-Forwarded-For header (set this only
    /// behind a reverse proxy that writes it); it keys sign-in throttling.
    #[arg(
        long,
        env = "XASO_TRUST_FORWARDED_FOR",
        default_value_t = false,
        global = true
    )]
    pub trust_forwarded_for: bool,

    /// Where the public reaches the site, e.g. `https://xaso.hungyen.gov.vn`
    /// (no path). Links given to other systems (Open311 photo addresses) use
    /// it instead of the request's Host header; with `https://`, cookies are
    /// always Secure (the session cookie with the `__Host-` prefix) and HSTS
    /// is sent. Empty: a local run, links from the request.
    #[arg(long, env = "XASO_PUBLIC_URL", default_value = "", global = true)]
    pub public_url: String,

    /// Where the server keeps its own files: the secret that keys anonymous
    /// survey answers (`survey-secret.key`, made at first start) lives here.
    #[arg(long, env = "XASO_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: std::path::PathBuf,

    /// The secret (64 hex digits) that keys anonymous survey answers to their
    /// respondent. Kept outside the database, so that the database alone
    /// cannot tell who answered. With several app servers, give them all the
    /// same one here; empty: read (or make) `survey-secret.key` in the data
    /// directory.
    #[arg(
        long,
        env = "XASO_SURVEY_SECRET",
        default_value = "",
        global = true,
        hide_env_values = true
    )]
    pub survey_secret: String,

    /// How long a rendered directory page is kept for anonymous visitors, in
    /// seconds (a change to the commune's directory or villages removes its
    /// pages sooner); 0 switches the cache off.
    #[arg(
        long,
        env = "XASO_RENDER_CACHE_SECONDS",
        default_value_t = 60,
        global = true
    )]
    pub render_cache_seconds: u64,

    /// Who push services may contact about this server's messages (the VAPID
    /// `sub`): a `mailto:` or `https:` address of the operator.
    #[arg(
        long,
        env = "XASO_PUSH_CONTACT",
        default_value = "mailto:admin@localhost",
        global = true
    )]
    pub push_contact: String,

    /// The push services phones may subscribe with: host names, matched
    /// exactly (`*.example.com` for any subdomain of one), comma-separated.
    /// The server sends to no other address.
    #[arg(
        long,
        env = "XASO_PUSH_HOSTS",
        default_value = app::push::model::DEFAULT_PUSH_HOSTS,
        global = true
    )]
    pub push_hosts: String,

    /// Also accept `http://127.0.0.1` push endpoints (a local test push
    /// service). Never set it in production.
    #[arg(
        long,
        env = "XASO_PUSH_ALLOW_LOOPBACK",
        default_value_t = false,
        global = true
    )]
    pub push_allow_loopback: bool,

    /// How often the push worker looks for messages to send, in milliseconds.
    #[arg(long, env = "XASO_PUSH_POLL_MS", default_value_t = 2000, global = true)]
    pub push_poll_ms: u64,

    /// What to log, in tracing's filter syntax (e.g. `info`, `debug,sqlx=warn`).
    #[arg(
        long,
        env = "RUST_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,

    /// How log lines are written: `text`, or `json` (one object per line, for a
    /// log collector).
    #[arg(
        long,
        env = "XASO_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: crate::observe::LogFormat,

    /// How long a request may take, in seconds, before it is answered 503
    /// "try again" (its work is abandoned and rolled back).
    #[arg(
        long,
        env = "XASO_REQUEST_TIMEOUT_SECONDS",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_seconds: u64,

    /// The same for uploads (photos with a report, CSV files), which come
    /// over slow links.
    #[arg(
        long,
        env = "XASO_UPLOAD_TIMEOUT_SECONDS",
        default_value_t = 300,
        global = true
    )]
    pub upload_timeout_seconds: u64,

    /// Who may read `/metrics`: IP addresses or networks, comma-separated
    /// (behind a proxy with XASO_TRUST_FORWARDED_FOR, the client's address as
    /// the proxy gives it). Empty: nobody.
    #[arg(
        long,
        env = "XASO_METRICS_ALLOW",
        default_value = crate::observe::DEFAULT_METRICS_ALLOW,
        global = true
    )]
    pub metrics_allow: String,
}

impl Config {
    /// The public address without a trailing slash, when one is set.
    pub fn public_url(&self) -> Result<Option<std::sync::Arc<str>>, String> {
        let url = self.public_url.trim().trim_end_matches('/');
        if url.is_empty() {
            return Ok(None);
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|_| format!("XASO_PUBLIC_URL is not an address: {url:?}"))?;
        match (uri.scheme_str(), uri.host(), uri.path()) {
            (Some("https" | "http"), Some(_), "" | "/") if uri.query().is_none() => {
                Ok(Some(url.into()))
            }
            _ => Err(format!(
                "XASO_PUBLIC_URL must be like https://xaso.example.vn (no path): {url:?}"
            )),
        }
    }

    /// How the web server serves, from these settings.
    pub fn web_settings(&self) -> Result<crate::web::Settings, String> {
        let seconds = |n: u64, name: &str| {
            if n == 0 {
                Err(format!("{name} must be at least 1"))
            } else {
                Ok(std::time::Duration::from_secs(n))
            }
        };
        Ok(crate::web::Settings {
            trust_forwarded_for: self.trust_forwarded_for,
            render_cache: std::time::Duration::from_secs(self.render_cache_seconds),
            listen_url: self
                .database_url
                .starts_with("postgres")
                .then(|| self.database_url.clone()),
            time_limits: crate::observe::TimeLimits {
                request: seconds(self.request_timeout_seconds, "XASO_REQUEST_TIMEOUT_SECONDS")?,
                upload: seconds(self.upload_timeout_seconds, "XASO_UPLOAD_TIMEOUT_SECONDS")?,
            },
            metrics_allow: crate::observe::parse_allow(&self.metrics_allow)?,
        })
    }

    /// The push services subscriptions may point at.
    pub fn push_services(&self) -> app::push::model::PushServices {
        app::push::model::PushServices {
            hosts: self
                .push_hosts
                .split(',')
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty())
                .collect(),
            allow_loopback: self.push_allow_loopback,
        }
    }
}
