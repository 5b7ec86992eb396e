//! What an operator relies on: a request id on every answer, `/metrics` for
//! allowed addresses only, a time limit on requests, and a panic answered 500
//! while the server lives on.

use std::time::Duration;

use crate::support::TestApp;

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_its_own_request_id() {
    let app = TestApp::spawn().await;
    let mut seen = std::collections::HashSet::new();
    for path in [
        "/",
        "/directory",
        "/healthz",
        "/no-such-page",
        "/pkg/none.js",
    ] {
        let response = app
            .client
            .get(app.url(path))
            // An id the client sends is not taken.
            .header("x-request-id", "chosen-by-the-client")
            .send()
            .await
            .unwrap();
        let id = request_id(&response);
        assert_eq!(id.len(), 16, "{path}: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{path}: {id}");
        assert!(seen.insert(id), "a new id for each request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_for_allowed_addresses_only() {
    let app = TestApp::spawn().await;
    // Something to count: pages, a cache hit, a report sent twice by the outbox.
    for _ in 0..2 {
        app.get_with_cookie("/directory", "commune=12364").await;
    }
    let token = app.sign_up("0968000001", "Vi Văn Đếm").await;
    for _ in 0..2 {
        let keyed = [("idempotency_key", crate::outbox::KEY)];
        let (status, _) = crate::outbox::send(&app, &token, &keyed, crate::outbox::TEXT, &[]).await;
        assert_eq!(status, 200);
    }

    // The tests' server trusts X-Forwarded-For, as behind the proxy: the
    // client's address is what the proxy says.
    let from = |address: &'static str| {
        app.client
            .get(app.url("/metrics"))
            .header("x-forwarded-for", address)
            .send()
    };
    let outside = from("203.0.113.9").await.unwrap();
    assert_eq!(outside.status(), 404);
    let inside = from("127.0.0.1").await.unwrap();
    assert_eq!(inside.status(), 200);
    assert!(
        inside.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = inside.text().await.unwrap();
    for expected in [
        "xaso_http_requests_total{method=\"GET\",route=\"/directory\",status=\"200\"}",
        "xaso_http_request_duration_seconds_bucket{route=\"/directory\",status=\"200\",le=\"0.1\"}",
        "xaso_render_cache_requests_total{outcome=\"hit\"}",
        "xaso_render_cache_requests_total{outcome=\"miss\"}",
        "xaso_db_connections_in_use ",
        "xaso_db_connections_open ",
        "xaso_push_queue_length ",
        "xaso_push_oldest_due_seconds ",
        "xaso_outbox_replays_total ",
        "# HELP xaso_outbox_replays_total",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_request_is_cut_and_a_panic_answers_500() {
    let router = axum::Router::new()
        .route(
            "/slow",
            axum::routing::get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/panics",
            axum::routing::get(|| async {
                if std::hint::black_box(true) {
                    panic!("a bug in a handler");
                }
                "never"
            }),
        )
        .route("/fine", axum::routing::get(|| async { "fine" }));
    let router = server::observe::operated(
        router,
        server::observe::TimeLimits {
            request: Duration::from_millis(200),
            upload: Duration::from_secs(5),
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve(listener, router, std::future::pending()));
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("http://{addr}{path}"))
            .header("accept", "text/html")
            .header("cookie", "lang=en")
            .send()
    };

    let started = std::time::Instant::now();
    let slow = get("/slow").await.unwrap();
    assert_eq!(slow.status(), 503);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(slow.headers()["retry-after"], "5");
    assert!(slow.headers().contains_key("x-request-id"));
    let page = slow.text().await.unwrap();
    assert!(page.contains("lang=\"en\""), "a translated page: {page}");

    let panicked = get("/panics").await.unwrap();
    assert_eq!(panicked.status(), 500);
    assert!(panicked.headers().contains_key("x-request-id"));
    // The server lives on.
    let fine = get("/fine").await.unwrap();
    assert_eq!(fine.status(), 200);
    assert_eq!(fine.text().await.unwrap(), "fine");
}
