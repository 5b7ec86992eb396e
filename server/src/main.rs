use clap::Parser;
use leptos::config::get_configuration;

use app::state::AppState;
use server::config::{Cli, Command};
use server::{BoxError, database, web};

/// glibc serves a large allocation from its own mmap and gives it back on
/// free, but after the first such free it raises that threshold to the
/// freed size, and later ones come from heaps it rarely returns. Argon2's
/// 19 MiB per password hash then stayed: 300 sign-ups at once left the
/// server at 720 MB (`bench/stress`); with the threshold fixed at 1 MiB, 79 MB
/// at the peak and 40 MB after.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_allocations() {
    // SAFETY: mallopt only sets a tuning parameter of the allocator; it is
    // called before any other thread allocates.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> Result<(), BoxError> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    return_large_allocations();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> Result<(), BoxError> {
    let cli = Cli::parse();
    let config = cli.config;
    server::observe::init_logging(&config.log, config.log_format);

    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            // One server per SQLite file; a restore waits until it stops.
            let _lock = server::backup::ServerLock::take(&config.database_url)?;
            let options = get_configuration(None)?.leptos_options;
            let db =
                database::prepare(&config.database_url, config.db_max_connections, config.demo)
                    .await?;
            if config.demo && config.demo_history {
                app::demo::history::seed(&db).await?;
            }
            let addr = options.site_addr;
            let survey_secret =
                server::secrets::survey_secret(&config.survey_secret, &config.data_dir)?;
            let rekeyed = app::surveys::anonymity::rekey(&db, &survey_secret).await?;
            if rekeyed > 0 {
                tracing::info!(
                    rekeyed,
                    "anonymous survey responses keyed with the server secret"
                );
            }
            let public_url = config.public_url()?;
            let settings = config.web_settings()?;
            server::push::Worker::new(
                db.clone(),
                server::push::vapid_key(&db).await?,
                config.push_contact.clone(),
                std::time::Duration::from_millis(config.push_poll_ms),
            )
            .spawn();
            server::spawn_housekeeping(db.clone());
            let router = web::router(
                AppState {
                    leptos_options: options,
                    db,
                    sms: std::sync::Arc::new(app::accounts::sms::LogSender),
                    push_services: std::sync::Arc::new(config.push_services()),
                    public_url,
                    survey_secret: std::sync::Arc::new(survey_secret),
                    page_changes: Default::default(),
                    communes: Default::default(),
                },
                settings,
            )
            .await;
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("listening on http://{addr}");
            server::serve(listener, router, server::shutdown_signal()).await?;
        }
        Command::Migrate => {
            let db = database::connect(&config.database_url, 1).await?;
            database::migrate(&db, &config.database_url).await?;
            println!("migrations applied");
        }
        Command::CreateAdmin { phone, name } => {
            let password = match std::env::var("XASO_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => rpassword::prompt_password("Password for the administrator: ")?,
            };
            let db = database::prepare(&config.database_url, 1, config.demo).await?;
            let phone = server::admin::create_admin(&db, &phone, &name, &password).await?;
            println!("{phone} is now a system administrator");
        }
        Command::SetPassword { phone } => {
            let password = match std::env::var("XASO_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => rpassword::prompt_password("New password: ")?,
            };
            let db = database::prepare(&config.database_url, 1, config.demo).await?;
            let phone = server::admin::set_password(&db, &phone, &password).await?;
            println!("the password of {phone} is set; every session of it has ended");
        }
        Command::ImportUnits => {
            let db = database::connect(&config.database_url, 1).await?;
            database::migrate(&db, &config.database_url).await?;
            let (provinces, communes) = app::places::db::import_units(&db).await?;
            println!("imported {provinces} provinces and {communes} communes");
        }
        Command::SeedDemo => {
            let db = database::prepare(&config.database_url, 1, true).await?;
            let history = config.demo_history && app::demo::history::seed(&db).await?;
            println!(
                "demo commune {} enabled with demo villages{}",
                app::demo::DEMO_COMMUNE,
                if history {
                    " and a year of history"
                } else {
                    ""
                }
            );
        }
        Command::RemoveDemo => {
            let db = database::connect(&config.database_url, 1).await?;
            database::migrate(&db, &config.database_url).await?;
            let gone = app::demo::removal::remove(&db).await?;
            println!(
                "removed the demo data: {} reports, {} surveys, {} announcements, {} people, \
                 {} directory entries, {} villages",
                gone.reports,
                gone.surveys,
                gone.announcements,
                gone.people,
                gone.services,
                gone.villages
            );
            if config.demo {
                eprintln!(
                    "XASO_DEMO is set: the next start seeds the demo commune again; unset it to keep it away"
                );
            }
        }
        Command::Backup { to } => {
            let bytes = server::backup::backup(&config.database_url, &to).await?;
            println!("backed up to {} ({bytes} bytes)", to.display());
        }
        Command::Restore { from } => {
            let restored = server::backup::restore(&config.database_url, &from).await?;
            match restored.kept {
                Some(kept) => println!(
                    "restored from {}; the replaced database is kept as {}",
                    from.display(),
                    kept.display()
                ),
                None => println!("restored from {}", from.display()),
            }
        }
        Command::BenchBare { file, addr } => {
            let page = std::fs::read(&file)?;
            let router = axum::Router::new().route(
                "/",
                axum::routing::get(move || {
                    let page = page.clone();
                    async move { axum::response::Html(page) }
                }),
            );
            let listener = tokio::net::TcpListener::bind(addr).await?;
            server::serve(listener, router, server::shutdown_signal()).await?;
        }
    }
    Ok(())
}
