//! The render cache for anonymous visitors of the directory pages: hits and
//! misses, who is never served from it, and which writes empty it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use app::accounts::model::Role;
use server::render_cache::{CACHE_HEADER, RenderCache};

use crate::support::{DEMO_COMMUNE, PASSWORD, TestApp};

const PAGE: &str = "/directory?area=health";
const COMMUNE: &str = "commune=12364";

pub(crate) struct Visit {
    status: u16,
    /// The `x-render-cache` header: `hit`, `miss`, or None when not cacheable.
    cache: Option<String>,
    csp: Option<String>,
    pub(crate) body: String,
}

async fn visit_with(client: &reqwest::Client, url: String, cookie: &str) -> Visit {
    let mut request = client.get(url);
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let cache = header(CACHE_HEADER);
    let csp = header("content-security-policy");
    Visit {
        status: response.status().as_u16(),
        cache,
        csp,
        body: response.text().await.unwrap(),
    }
}

pub(crate) async fn visit(app: &TestApp, path: &str, cookie: &str) -> Visit {
    visit_with(&app.client, app.url(path), cookie).await
}

pub(crate) fn outcome(visit: &Visit) -> Option<&str> {
    visit.cache.as_deref()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_page_is_rendered_once_then_served_from_the_cache() {
    let app = TestApp::spawn().await;
    let first = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(first.status, 200);
    assert_eq!(outcome(&first), Some("miss"));
    assert!(
        first.body.contains("Trạm Y tế xã Tiên Lữ"),
        "the commune's health entries"
    );
    let second = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(second.status, 200);
    assert_eq!(outcome(&second), Some("hit"));
    assert_eq!(second.body, first.body, "the same bytes");
    // The stored policy names the nonce the stored page's scripts carry.
    let csp = second.csp.expect("a content security policy");
    assert_eq!(Some(&csp), first.csp.as_ref());
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a page nonce");
    assert!(second.body.contains(&format!("nonce=\"{nonce}\"")));

    // Whatever the page depends on makes another entry.
    for (path, cookie) in [
        ("/directory?area=education", COMMUNE),
        (PAGE, "commune=12364; lang=en"),
        (PAGE, ""),
    ] {
        let other = visit(&app, path, cookie).await;
        assert_eq!(outcome(&other), Some("miss"), "{path} {cookie}");
        assert_ne!(other.body, first.body, "{path} {cookie}");
        assert_eq!(outcome(&visit(&app, path, cookie).await), Some("hit"));
    }
    let english = visit(&app, PAGE, "commune=12364; lang=en").await;
    assert!(english.body.contains("lang=\"en\""));

    // Compressed bodies are stored per encoding.
    let gzip = |app: &TestApp| {
        app.client
            .get(app.url(PAGE))
            .header("cookie", COMMUNE)
            .header("accept-encoding", "gzip")
            .send()
    };
    let first_gzip = gzip(&app).await.unwrap();
    assert_eq!(first_gzip.headers()[CACHE_HEADER], "miss");
    assert_eq!(first_gzip.headers()["content-encoding"], "gzip");
    let first_gzip = first_gzip.bytes().await.unwrap();
    let second_gzip = gzip(&app).await.unwrap();
    assert_eq!(second_gzip.headers()[CACHE_HEADER], "hit");
    assert_eq!(second_gzip.headers()["content-encoding"], "gzip");
    assert_eq!(second_gzip.bytes().await.unwrap(), first_gzip);
    assert_eq!(
        outcome(&visit(&app, PAGE, COMMUNE).await),
        Some("hit"),
        "the uncompressed entry stays"
    );

    // HEAD is answered from the stored GET.
    let head = app
        .client
        .head(app.url(PAGE))
        .header("cookie", COMMUNE)
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()[CACHE_HEADER], "hit");

    // Only the directory is cached.
    assert_eq!(outcome(&visit(&app, "/", COMMUNE).await), None);
    assert_eq!(outcome(&visit(&app, "/", COMMUNE).await), None);
    // A missing service is rendered each time.
    let missing = visit(&app, "/directory/999999", COMMUNE).await;
    assert_eq!(missing.status, 404);
    assert_eq!(outcome(&missing), Some("miss"));
    assert_eq!(
        outcome(&visit(&app, "/directory/999999", COMMUNE).await),
        Some("miss")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_visitor_is_never_served_from_the_cache() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0912345678", "Người Thử").await;
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("miss"));
    let anonymous = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(outcome(&anonymous), Some("hit"));
    let signed_in_cookie = format!("{COMMUNE}; xaso_session={token}");
    for _ in 0..2 {
        let signed_in = visit(&app, PAGE, &signed_in_cookie).await;
        assert_eq!(signed_in.status, 200);
        assert_eq!(outcome(&signed_in), None);
        assert_ne!(signed_in.body, anonymous.body, "the page knows who asks");
    }
    // Nor is a visitor with an unknown or emptied session cookie.
    for cookie in ["xaso_session=unknown", "xaso_session="] {
        let cookie = format!("{COMMUNE}; {cookie}");
        assert_eq!(outcome(&visit(&app, PAGE, &cookie).await), None);
    }
    // And the anonymous entry is still there.
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_changes_to_the_communes_pages_empty_it() {
    let app = TestApp::spawn().await;
    let admin = app
        .person_with_role("0911111111", Role::CommuneAdmin { commune: 12364 })
        .await;
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("miss"));
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));

    // Sign-ins, failed or not, change no page: the cache stays warm.
    let failed = app.sign_in("0911111111", "not-the-password").await;
    assert!(failed.is_err());
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));
    assert!(app.sign_in("0911111111", PASSWORD).await.is_ok());
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));
    // Nor does a cross-site post, refused.
    let cross_site = app
        .client
        .post(app.url("/api/staff/villages/rename"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("commune", DEMO_COMMUNE)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));

    // A staff write that changes the page shows at once.
    let before = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(outcome(&before), Some("hit"));
    assert!(before.body.contains("Thôn An Tảo"));
    let village: i64 = sqlx::query_scalar("select id from villages where name = 'Thôn An Tảo'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let village = village.to_string();
    let renamed = app
        .post(
            "/api/staff/villages/rename",
            &[
                ("commune", DEMO_COMMUNE),
                ("village", &village),
                ("name", "Thôn An Tảo Mới"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let after = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(outcome(&after), Some("miss"));
    assert!(after.body.contains("Thôn An Tảo Mới"), "the new name");
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));

    // A refused write changed nothing: the page stays.
    let refused = app
        .post(
            "/api/staff/villages/rename",
            &[
                ("commune", DEMO_COMMUNE),
                ("village", &village),
                ("name", "   "),
            ],
            Some(&admin),
        )
        .await;
    assert_ne!(refused.status(), 200);
    assert_eq!(outcome(&visit(&app, PAGE, COMMUNE).await), Some("hit"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switched_off_every_page_is_rendered() {
    let app = TestApp::spawn_with_render_cache(Duration::ZERO).await;
    let first = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(first.status, 200);
    assert_eq!(outcome(&first), None);
    let second = visit(&app, PAGE, COMMUNE).await;
    assert_eq!(outcome(&second), None);
    assert_ne!(first.csp, second.csp, "a fresh nonce for each render");
}

/// No directory page sets a cookie today; the rule is checked on the middleware
/// itself, over HTTP, with stand-in pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_sets_a_cookie_is_not_stored() {
    let renders = Arc::new(AtomicUsize::new(0));
    let counted = |body: &'static str, cookie: bool| {
        let renders = renders.clone();
        axum::routing::get(move || {
            renders.fetch_add(1, Ordering::SeqCst);
            async move {
                let mut response = axum::response::IntoResponse::into_response(body);
                if cookie {
                    response.headers_mut().insert(
                        "set-cookie",
                        axum::http::HeaderValue::from_static("commune=12364; Path=/"),
                    );
                }
                response
            }
        })
    };
    let router = axum::Router::new()
        .route("/directory/sets-cookie", counted("with a cookie", true))
        .route("/directory/plain", counted("plain", false))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(RenderCache::new(Duration::from_secs(60))),
            server::render_cache::serve,
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve(listener, router, std::future::pending()));
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    for _ in 0..2 {
        let page = visit_with(&client, url("/directory/sets-cookie"), "").await;
        assert_eq!(outcome(&page), Some("miss"));
        assert_eq!(page.body, "with a cookie");
    }
    assert_eq!(renders.load(Ordering::SeqCst), 2);
    let plain = visit_with(&client, url("/directory/plain"), "").await;
    assert_eq!(outcome(&plain), Some("miss"));
    let plain = visit_with(&client, url("/directory/plain"), "").await;
    assert_eq!(
        (outcome(&plain), plain.body.as_str()),
        (Some("hit"), "plain")
    );
    assert_eq!(renders.load(Ordering::SeqCst), 3);
}
