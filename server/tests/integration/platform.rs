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
