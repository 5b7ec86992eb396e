//! Health, headers, the service worker and the manifest.

use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_503_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    let ok = app.get("/healthz").await;
    assert_eq!(ok.status(), 200);
    app.db.close().await;
    let down = app.get("/healthz").await;
    assert_eq!(down.status(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_a_nonce_policy() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("'nonce-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    // A new nonce for every page.
    let again = app.get("/").await;
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_compressed() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_worker_and_manifest_are_served() {
    let app = TestApp::spawn().await;
    let worker = app.get("/sw.js").await;
    assert_eq!(worker.status(), 200);
    assert!(
        worker.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(worker.headers()["cache-control"], "no-cache");
    let script = worker.text().await.unwrap();
    assert!(script.contains("\"/manifest.webmanifest\""));
    assert!(script.contains("/offline?lang=vi"));
    assert!(!script.contains("__VERSION__"));

    let manifest = app.get("/manifest.webmanifest").await;
    assert_eq!(manifest.status(), 200);
    let manifest: serde_json::Value = manifest.json().await.unwrap();
    assert_eq!(manifest["lang"], "vi");
    assert_eq!(manifest["display"], "standalone");
    let sizes: Vec<&str> = manifest["icons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|icon| icon["sizes"].as_str().unwrap())
        .collect();
    assert!(sizes.contains(&"192x192") && sizes.contains(&"512x512"));
    assert!(
        manifest["icons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["purpose"] == "maskable")
    );
}

/// A static file is answered as itself while pages that answer otherwise (a
/// 401 here) are rendered at the same moment: Leptos left each page's owner
/// current on its thread, and its file handler took the page's status from it
/// (a service worker's install then failed on a 401 manifest).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_never_take_another_requests_status() {
    let app = TestApp::spawn_with_render_cache(std::time::Duration::ZERO).await;
    let cookie = format!("commune={}", crate::support::DEMO_COMMUNE);
    let page = app.get_with_cookie("/reports?mine=1", &cookie).await;
    assert_eq!(
        page.status(),
        401,
        "the page this test runs beside answers 401"
    );
    // Sixteen clients, each asking in turn for the page and a file, on one
    // connection each (as a browser does).
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let client = reqwest::Client::new();
        let (page, cookie) = (app.url("/reports?mine=1"), cookie.clone());
        let files = ["/manifest.webmanifest", "/icons/icon-192.png", "/pwa.js"].map(|f| app.url(f));
        tasks.spawn(async move {
            let mut wrong = Vec::new();
            for i in 0..60 {
                let page = client
                    .get(&page)
                    .header("cookie", &cookie)
                    .header("accept", "text/html");
                let file = client.get(&files[i % 3]).header("cookie", &cookie).send();
                let (_, file) = tokio::join!(page.send(), file);
                let file = file.unwrap();
                if file.status() != 200 || file.headers().contains_key("set-cookie") {
                    wrong.push(format!("{} {:?}", file.url(), file.status()));
                }
            }
            wrong
        });
    }
    let mut wrong = Vec::new();
    while let Some(answers) = tasks.join_next().await {
        wrong.extend(answers.unwrap());
    }
    assert!(
        wrong.is_empty(),
        "{} of 960 files answered wrongly: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(3)]
    );

    // Around the files: a folder is not listed, a made-up path and a post
    // to it get the app's "not found" page.
    assert_eq!(app.get("/icons/").await.status(), 404);
    assert_eq!(app.get("/icons").await.status(), 404);
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("<html"));
    let posted = app
        .client
        .post(app.url("/no-such-page"))
        .header("origin", app.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 404);
}
