//! Pages as an anonymous visitor sees them: language, errors, bad input.

use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_is_vietnamese_by_default_and_english_on_request() {
    let app = TestApp::spawn().await;
    let vi = app.get("/").await.text().await.unwrap();
    assert!(vi.contains("<html lang=\"vi\""), "{}", &vi[..200]);
    assert!(vi.contains("Chào mừng bạn đến với Xã Số"));
    assert!(vi.contains("Trang chủ"));

    let en = app
        .get_with_cookie("/", "lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("Welcome to Xã Số"));

    // A corrupt language cookie falls back to Vietnamese.
    let corrupt = app.get_with_cookie("/", "lang=%00zz").await;
    assert_eq!(corrupt.status(), 200);
    assert!(corrupt.text().await.unwrap().contains("<html lang=\"vi\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_form_works_without_webassembly() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/language"))
        .header("referer", app.url("/directory"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("lang=en")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_get_a_translated_404() {
    let app = TestApp::spawn().await;
    let vi = app.get("/khong-co-trang-nay").await;
    assert_eq!(vi.status(), 404);
    assert!(vi.text().await.unwrap().contains("Không tìm thấy trang"));
    let en = app.get_with_cookie("/no/such/page", "lang=en").await;
    assert_eq!(en.status(), 404);
    assert!(en.text().await.unwrap().contains("Page not found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_over_long_address_gets_a_translated_414() {
    let app = TestApp::spawn().await;
    let long = format!("/?q={}", "a".repeat(3000));
    let response = app.get(&long).await;
    assert_eq!(response.status(), 414);
    assert!(response.text().await.unwrap().contains("Địa chỉ quá dài"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offline_page_follows_its_lang_parameter() {
    let app = TestApp::spawn().await;
    let vi = app.get("/offline?lang=vi").await.text().await.unwrap();
    assert!(vi.contains("Bạn đang ngoại tuyến"));
    let en = app.get("/offline?lang=en").await.text().await.unwrap();
    assert!(en.contains("You are offline"));
}
