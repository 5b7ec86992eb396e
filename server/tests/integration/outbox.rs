//! Reports from the phone's outbox through `POST /reports/upload`: each carries
//! an idempotency key, so a report sent again (after a lost answer, or twice at
//! once) is filed once; the same key with other content, a malformed key, or a
//! draft written by another account is refused and changes nothing.

use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, multipart};

pub(crate) const KEY: &str = "7f0c1e9a-3b4d-4c5e-9f60-718293a4b5c6";

/// A small PNG (what the phone's outbox keeps after shrinking a photo).
fn photo(shade: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(32, 24, image::Rgb([shade, 120, 60]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

pub(crate) async fn send(
    app: &TestApp,
    token: &str,
    extra: &[(&str, &str)],
    description: &str,
    photos: &[Vec<u8>],
) -> (u16, Value) {
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let mut fields = vec![
        ("commune", DEMO_COMMUNE),
        ("report[category]", category.as_str()),
        ("report[description]", description),
    ];
    fields.extend_from_slice(extra);
    let files: Vec<&[u8]> = photos.iter().map(Vec::as_slice).collect();
    let (content_type, body) = multipart(&fields, "photos", &files);
    let response = app
        .client
        .post(app.url("/reports/upload"))
        .header("content-type", content_type)
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) const TEXT: &str = "Cống thoát nước ở xóm Đông bị tắc, nước tràn ra đường";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_sent_again_is_filed_once() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0964000001", "Vũ Thị Mạng").await;
    let keyed = [("idempotency_key", KEY)];
    let first = send(&app, &token, &keyed, TEXT, &[photo(10)]).await;
    assert_eq!(first.0, 200, "{:?}", first.1);
    let code = first.1["code"].as_str().unwrap().to_owned();
    // The answer was lost: the phone sends the same again, twice.
    for _ in 0..2 {
        let again = send(&app, &token, &keyed, TEXT, &[photo(10)]).await;
        assert_eq!(
            (again.0, again.1["code"].as_str()),
            (200, Some(code.as_str()))
        );
    }
    assert_eq!(app.count("select count(*) from reports").await, 1);
    assert_eq!(app.count("select count(*) from report_photos").await, 1);
    assert_eq!(app.count("select count(*) from report_events").await, 1);

    // Another report of the same person, with another key, is a new report;
    // another person may use the same key for their own.
    let other_key = [("idempotency_key", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")];
    let second = send(&app, &token, &other_key, TEXT, &[]).await;
    assert_eq!(second.0, 200);
    assert_ne!(second.1["code"].as_str(), Some(code.as_str()));
    let neighbour = app.sign_up("0964000002", "Đinh Văn Xóm").await;
    let theirs = send(&app, &neighbour, &keyed, TEXT, &[]).await;
    assert_eq!(theirs.0, 200);
    assert_eq!(app.count("select count(*) from reports").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_arriving_at_once_are_filed_once() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0964000011", "Ngô Văn Đồng").await;
    let keyed = [("idempotency_key", KEY)];
    let photos = [photo(40)];
    let sends = (0..6).map(|_| send(&app, &token, &keyed, TEXT, &photos));
    let answers = futures_util::future::join_all(sends).await;
    let codes: std::collections::HashSet<_> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200, "{body:?}");
            body["code"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(codes.len(), 1);
    assert_eq!(app.count("select count(*) from reports").await, 1);
    assert_eq!(app.count("select count(*) from report_photos").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reused_key_or_a_bad_draft_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0964000021", "Lý Thị Nháp").await;
    let keyed = [("idempotency_key", KEY)];
    let first = send(&app, &token, &keyed, TEXT, &[photo(70)]).await;
    assert_eq!(first.0, 200);
    let code = first.1["code"].as_str().unwrap().to_owned();

    // The same key with other words, or another photo: refused, translated.
    let edited = send(
        &app,
        &token,
        &keyed,
        "Cống thoát nước bị tắc hoàn toàn",
        &[photo(70)],
    )
    .await;
    assert_eq!(edited.0, 409);
    assert_eq!(edited.1["error"]["Invalid"], "IdempotencyKeyReused");
    assert!(
        edited.1["message"]
            .as_str()
            .unwrap()
            .contains("đã được gửi")
    );
    let other_photo = send(&app, &token, &keyed, TEXT, &[photo(71)]).await;
    assert_eq!(other_photo.0, 409);

    // Malformed keys.
    for bad in ["short", "<script>alert(1)</script>-0000", &"k".repeat(200)] {
        let (status, body) = send(&app, &token, &[("idempotency_key", bad)], TEXT, &[]).await;
        assert_eq!(
            (status, body["error"]["Invalid"].as_str()),
            (400, Some("IdempotencyKeyInvalid"))
        );
    }
    // A draft another account wrote on this phone.
    let neighbour = app.sign_up("0964000022", "Tạ Văn Khác").await;
    let owner = app::accounts::session::outbox_owner(1);
    let (status, body) = send(
        &app,
        &neighbour,
        &[("idempotency_key", "1111222233334444"), ("owner", &owner)],
        TEXT,
        &[],
    )
    .await;
    assert_eq!(
        (status, body["error"]["Invalid"].as_str()),
        (403, Some("DraftOfAnotherAccount"))
    );
    // A corrupt draft (no category, too long a text) is refused like any report.
    let long = "x".repeat(100_000);
    let (status, _) = send(
        &app,
        &token,
        &[("idempotency_key", "2222333344445555")],
        &long,
        &[],
    )
    .await;
    assert_eq!(status, 400);

    assert_eq!(app.count("select count(*) from reports").await, 1);
    let (kept,): (String,) = sqlx::query_as("select description from reports")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(kept, TEXT);
    // The first report is still there, as it was.
    let page = app.get(&format!("/reports/{code}")).await;
    assert_eq!(page.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_tells_the_outbox_whose_drafts_it_keeps() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0964000031", "Hồ Văn Chủ").await;
    let (status, form) = crate::support::get_json(
        &app,
        "/api/reports/form",
        &[("commune", DEMO_COMMUNE)],
        Some(&token),
    )
    .await;
    assert_eq!(status, 200);
    let owner = form["owner"].as_str().unwrap();
    assert_eq!(owner.len(), 16);
    // Sent with its own owner tag, the draft is filed.
    let user: i64 = sqlx::query_scalar("select id from users where phone = '+84964000031'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(owner, app::accounts::session::outbox_owner(user));
    let (status, _) = send(
        &app,
        &token,
        &[("idempotency_key", KEY), ("owner", owner)],
        TEXT,
        &[],
    )
    .await;
    assert_eq!(status, 200);
}
