//! Starts the real app on port 0 against a fresh database of the engine under
//! test: SQLite by default, PostgreSQL when `XASO_TEST_ENGINE=postgres`
//! (server at `XASO_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432).

use std::net::SocketAddr;
use std::path::PathBuf;

use app::accounts::model::{PhoneNumber, Role};
use app::db::Db;
use app::state::AppState;
use leptos::config::LeptosOptions;
use sqlx::migrate::MigrateDatabase;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub client: reqwest::Client,
    /// The text messages the app sent.
    pub sms: std::sync::Arc<RecordingSender>,
    pub database_url: String,
}

pub fn engine() -> &'static str {
    match std::env::var("XASO_TEST_ENGINE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// The address of a new, empty database of the engine under test (created
/// on PostgreSQL, made by the first connection on SQLite).
pub async fn fresh_database() -> String {
    sqlx::any::install_default_drivers();
    let database_url = fresh_database_url();
    if engine() == "postgres" {
        sqlx::Any::create_database(&database_url)
            .await
            .expect("create the test database");
    }
    database_url
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
    /// The app as deployed: the render cache on, with its default lifetime, so
    /// that every test also checks that what it changes shows at once.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_render_cache(std::time::Duration::from_secs(60)).await
    }

    /// The app with the render cache kept `render_cache` (zero: off).
    pub async fn spawn_with_render_cache(render_cache: std::time::Duration) -> TestApp {
        TestApp::spawn_configured(render_cache, None).await
    }

    /// The app as deployed at the public address `url` (`XASO_PUBLIC_URL`).
    pub async fn spawn_at(url: &str) -> TestApp {
        TestApp::spawn_configured(std::time::Duration::from_secs(60), Some(url)).await
    }

    /// A second app server on this one's database, as a province runs
    /// several behind one address: its own render cache, push worker if the
    /// test starts one, and, on PostgreSQL, its own `LISTEN` for changes.
    pub async fn spawn_beside(&self) -> TestApp {
        TestApp::start(
            self.database_url.clone(),
            std::time::Duration::from_secs(60),
            None,
        )
        .await
    }

    async fn spawn_configured(
        render_cache: std::time::Duration,
        public_url: Option<&str>,
    ) -> TestApp {
        TestApp::start(fresh_database().await, render_cache, public_url).await
    }

    async fn start(
        database_url: String,
        render_cache: std::time::Duration,
        public_url: Option<&str>,
    ) -> TestApp {
        sqlx::any::install_default_drivers();
        let db = server::database::prepare(&database_url, 5, true)
            .await
            .expect("prepare the test database");
        // The static files of public/ stand in for the built site.
        let options = LeptosOptions::builder()
            .output_name("xaso")
            .site_root(workspace_root().join("public").display().to_string())
            .site_pkg_dir("pkg")
            .build();
        let sms = std::sync::Arc::new(RecordingSender::default());
        let router = server::web::router(
            AppState {
                leptos_options: options,
                db: db.clone(),
                sms: sms.clone(),
                push_services: std::sync::Arc::new(app::push::model::PushServices {
                    allow_loopback: true,
                    ..Default::default()
                }),
                public_url: public_url.map(std::sync::Arc::from),
                survey_secret: std::sync::Arc::new(rand::random()),
                page_changes: Default::default(),
                communes: Default::default(),
            },
            server::web::Settings {
                // As behind the deployment's reverse proxy: tests give people
                // their own addresses (see `sign_up`) and test the per-address
                // limits on purpose.
                trust_forwarded_for: true,
                render_cache,
                listen_url: (engine() == "postgres").then(|| database_url.clone()),
                ..server::web::Settings::local()
            },
        )
        .await;
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
            sms,
            database_url,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Posts a form as a script would (asking for JSON), with the session
    /// `token` if given: the answer carries the result and the error's status.
    pub async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("accept", "application/json")
            .form(form);
        if let Some(token) = token {
            // Each signed-in person on a phone of their own (an address of
            // their own for the per-address limits).
            request = request
                .header("cookie", format!("xaso_session={token}"))
                .header("x-forwarded-for", own_address(token));
        }
        request.send().await.unwrap()
    }

    /// The status of an API read (asking for JSON) by the holder of `token`.
    pub async fn api_status(&self, path: &str, token: Option<&str>) -> u16 {
        let mut request = self
            .client
            .get(self.url(path))
            .header("accept", "application/json");
        if let Some(token) = token {
            request = request.header("cookie", format!("xaso_session={token}"));
        }
        request.send().await.unwrap().status().as_u16()
    }

    /// A page as the holder of session `token` sees it.
    pub async fn page(&self, path: &str, token: Option<&str>) -> (u16, String) {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.header("cookie", format!("xaso_session={token}"));
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Signs up a resident of the demo commune and returns their session token.
    /// Each person signs up from an address of their own (sign-up is limited
    /// per address; see `accounts::sign_up_is_limited_per_address`).
    pub async fn sign_up(&self, phone: &str, name: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/account/sign-up"))
            .header("accept", "application/json")
            .header("x-forwarded-for", own_address(phone))
            .form(&[
                ("phone", phone),
                ("name", name),
                ("password", PASSWORD),
                ("commune", DEMO_COMMUNE),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "sign-up of {phone}");
        session_token(&response).expect("a session cookie")
    }

    /// Signs in and returns the new session token, or the failed response's status.
    pub async fn sign_in(&self, phone: &str, password: &str) -> Result<String, u16> {
        let response = self
            .post(
                "/api/account/sign-in",
                &[("phone", phone), ("password", password)],
                None,
            )
            .await;
        session_token(&response).ok_or(response.status().as_u16())
    }

    /// A resident of the demo commune, signed up by HTTP, then given `role`.
    pub async fn person_with_role(&self, phone: &str, role: Role) -> String {
        let token = self.sign_up(phone, "Người Thử").await;
        let parsed = PhoneNumber::parse(phone).unwrap();
        let person = app::accounts::db::person_by_phone(&self.db, &parsed)
            .await
            .unwrap()
            .unwrap();
        app::staff::db::appoint(&self.db, person.id, role, 0)
            .await
            .unwrap();
        token
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.db)
            .await
            .unwrap()
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

/// Asks for `path` as a script would (JSON), with the session `token`: the
/// status and the JSON answer (null when the answer is not JSON).
pub async fn get_json(
    app: &TestApp,
    path: &str,
    query: &[(&str, &str)],
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut request = app
        .client
        .get(app.url(path))
        .query(query)
        .header("accept", "application/json");
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

/// Posts a form as a script would, with the session `token`: the status and the
/// JSON answer (null when the answer is not JSON).
pub async fn call(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    token: &str,
) -> (u16, serde_json::Value) {
    let response = app.post(path, form, Some(token)).await;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// A made-up client address of the person with this phone number (or
/// session token).
pub fn own_address(person: &str) -> String {
    let n = person
        .bytes()
        .fold(0u64, |n, b| n.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255)
}

/// The password the tests' people use.
pub const PASSWORD: &str = "lua-chin-vang-2026";
/// Xã Tiên Lữ, Hưng Yên: enabled, with villages, in every test database.
pub const DEMO_COMMUNE: &str = "12364";

/// The session token a response sets, if any (an emptied cookie counts as none).
pub fn session_token(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| {
            v.strip_prefix("xaso_session=")
                .or_else(|| v.strip_prefix("__Host-xaso_session="))
        })
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
        .find(|token| !token.is_empty())
}

/// Keeps the text messages the app sends, for tests to read.
#[derive(Default)]
pub struct RecordingSender(std::sync::Mutex<Vec<(String, String)>>);

impl RecordingSender {
    pub fn sent(&self) -> Vec<(String, String)> {
        self.0.lock().unwrap().clone()
    }
}

impl app::accounts::sms::SmsSender for RecordingSender {
    fn send<'a>(
        &'a self,
        to: &'a app::accounts::model::PhoneNumber,
        text: &'a str,
    ) -> app::accounts::sms::SendFuture<'a> {
        self.0
            .lock()
            .unwrap()
            .push((to.as_str().to_owned(), text.to_owned()));
        Box::pin(async { Ok(()) })
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

/// A multipart form as a browser sends it: the text `fields`, then each of
/// `files` under the name `file_field`.
pub fn multipart(fields: &[(&str, &str)], file_field: &str, files: &[&[u8]]) -> (String, Vec<u8>) {
    let boundary = "xaso-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for file in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"upload\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Posts a multipart form (`fields`, and `files` as `file_field`) to `path` as
/// a script would (JSON), with the session `token`.
pub async fn post_multipart(
    app: &TestApp,
    path: &str,
    token: &str,
    fields: &[(&str, &str)],
    file_field: &str,
    files: &[&[u8]],
) -> reqwest::Response {
    let (content_type, body) = multipart(fields, file_field, files);
    app.client
        .post(app.url(path))
        .header("content-type", content_type)
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .body(body)
        .send()
        .await
        .unwrap()
}
