//! Starts the real app on port 0 against a fresh database of the engine under
//! test: SQLite by default, PostgreSQL when `XASO_TEST_ENGINE=postgres`
//! (server at `XASO_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432).

use std::net::SocketAddr;
use std::path::PathBuf;

use app::db::Db;
use app::state::AppState;
use leptos::config::LeptosOptions;
use sqlx::migrate::MigrateDatabase;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub client: reqwest::Client,
    database_url: String,
}

pub fn engine() -> &'static str {
    match std::env::var("XASO_TEST_ENGINE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

fn fresh_database_url() -> String {
    let name = format!(
        "xaso_test_{}_{:016x}",
        std::process::id(),
        rand::random::<u64>()
    );
    match engine() {
        "postgres" => {
            let base = std::env::var("XASO_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
            format!("{}/{name}", base.trim_end_matches('/'))
        }
        _ => format!("sqlite://{}/{name}.db", std::env::temp_dir().display()),
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        sqlx::any::install_default_drivers();
        let database_url = fresh_database_url();
        if engine() == "postgres" {
            sqlx::Any::create_database(&database_url)
                .await
                .expect("create the test database");
        }
        let db = server::database::prepare(&database_url, 5, true)
            .await
            .expect("prepare the test database");
        // The static files of public/ stand in for the built site.
        let options = LeptosOptions::builder()
            .output_name("xaso")
            .site_root(workspace_root().join("public").display().to_string())
            .site_pkg_dir("pkg")
            .build();
        let router = server::web::router(AppState {
            leptos_options: options,
            db: db.clone(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(server::serve(listener, router, std::future::pending()));
        // Like a browser's navigation: pages are what these tests mostly ask for.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("text/html,application/xhtml+xml,*/*;q=0.8"),
        );
        // A request that hangs fails its test instead of stalling the suite.
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap();
        TestApp {
            addr,
            db,
            client,
            database_url,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Each test's database is removed, also when the test failed.
        // The pool is not closed first: its connections belong to the test's runtime,
        // which this thread blocks; dropping the database ends them instead.
        let url = self.database_url.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _ = runtime.block_on(sqlx::Any::force_drop_database(&url));
        })
        .join()
        .unwrap();
    }
}
