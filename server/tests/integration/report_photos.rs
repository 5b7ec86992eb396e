//! Reports with photos through `POST /reports/upload`: the photos come back as
//! clean JPEGs (no EXIF), with thumbnails; files that are not images, too many
//! photos, too large a photo, or no account: refused, and nothing is filed.

use std::io::Cursor;

use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, multipart, post_multipart};

/// A JPEG with an EXIF segment, as cameras write them.
fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .unwrap();
    // APP1 "Exif": a little-endian TIFF header with an empty IFD0.
    let mut app1 = b"Exif\0\0II*\0".to_vec();
    app1.extend_from_slice(&8u32.to_le_bytes());
    app1.extend_from_slice(&0u16.to_le_bytes());
    app1.extend_from_slice(&0u32.to_le_bytes());
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend_from_slice(&plain[2..]);
    out
}

async fn upload(
    app: &TestApp,
    token: Option<&str>,
    photos: &[Vec<u8>],
    accept: &str,
) -> reqwest::Response {
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let files: Vec<&[u8]> = photos.iter().map(Vec::as_slice).collect();
    let fields = [
        ("commune", DEMO_COMMUNE),
        ("report[category]", category.as_str()),
        ("report[description]", "Cột điện nghiêng sắp đổ ở đầu thôn"),
    ];
    let (content_type, body) = multipart(&fields, "photos", &files);
    let mut request = app
        .client
        .post(app.url("/reports/upload"))
        .header("content-type", content_type)
        .header("accept", accept)
        .body(body);
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    request.send().await.unwrap()
}

async fn reports(app: &TestApp) -> i64 {
    app.count("select count(*) from reports").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_are_cleaned_and_served_with_thumbnails() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0963000001", "Phan Văn Ảnh").await;
    let original = camera_jpeg(2400, 1200);
    assert!(original.windows(6).any(|w| w == b"Exif\0\0"));
    let response = upload(
        &app,
        Some(&token),
        &[original.clone(), camera_jpeg(40, 30)],
        "application/json",
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let code = body["code"].as_str().unwrap().to_owned();

    let view: Value = app
        .client
        .get(app.url("/api/reports/one"))
        .query(&[("code", &code)])
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let photos = view["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(
        (photos[0]["width"].as_i64(), photos[0]["height"].as_i64()),
        (Some(1600), Some(800))
    );
    let id = photos[0]["id"].as_i64().unwrap();

    let full = app.get(&format!("/photos/{id}")).await;
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "image/jpeg");
    let bytes = full.bytes().await.unwrap();
    assert!(
        !bytes.windows(6).any(|w| w == b"Exif\0\0"),
        "no EXIF comes out"
    );
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 1600);
    let thumb = app
        .get(&format!("/photos/{id}/thumb"))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 320);
    assert_eq!(app.get("/photos/999999").await.status(), 404);

    // The report's page shows the thumbnails.
    let (_, page) = app.page(&format!("/reports/{code}"), None).await;
    assert!(page.contains(&format!("/photos/{id}/thumb")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_photos_file_nothing() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0963000002", "Phan Văn Sai").await;
    let problem = |body: &Value| body["error"]["Invalid"].as_str().unwrap_or("").to_owned();

    let fake = b"\xFF\xD8\xFF\xE0 this is not a JPEG at all".to_vec();
    let response = upload(&app, Some(&token), &[fake], "application/json").await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(problem(&body), "PhotoInvalid");
    assert!(
        body["message"].as_str().unwrap().contains("không phải ảnh"),
        "translated"
    );

    let five = vec![camera_jpeg(20, 20); 5];
    let response = upload(&app, Some(&token), &five, "application/json").await;
    assert_eq!(response.status(), 400);
    assert_eq!(problem(&response.json().await.unwrap()), "TooManyPhotos");

    let huge = vec![0u8; 11 * 1024 * 1024];
    let response = upload(&app, Some(&token), &[huge], "application/json").await;
    assert_eq!(response.status(), 413);
    assert_eq!(problem(&response.json().await.unwrap()), "PhotoTooLarge");

    let response = upload(&app, None, &[camera_jpeg(20, 20)], "application/json").await;
    assert_eq!(response.status(), 401);

    // A browser without JavaScript goes back to the form with the error.
    let response = upload(&app, Some(&token), &[b"GIF89a".to_vec()], "text/html").await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/reports/new?") && location.contains("form=report"),
        "{location}"
    );

    assert_eq!(reports(&app).await, 0);
    assert_eq!(app.count("select count(*) from report_photos").await, 0);
}

async fn staff_upload(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    photos: &[Vec<u8>],
) -> u16 {
    let files: Vec<&[u8]> = photos.iter().map(Vec::as_slice).collect();
    post_multipart(
        app,
        "/staff/reports/upload",
        token,
        fields,
        "photos",
        &files,
    )
    .await
    .status()
    .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_show_the_fix_with_photos_and_notes_keep_theirs_private() {
    use app::accounts::model::Role;
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0963000003", "Hà Văn Chờ").await;
    let staff = app
        .person_with_role("0963000004", Role::CommuneStaff { commune: 12364 })
        .await;
    let elsewhere = app
        .person_with_role("0963000005", Role::CommuneStaff { commune: 12361 })
        .await;
    let response = upload(&app, Some(&resident), &[], "application/json").await;
    let code = response.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();

    let resolve = [
        ("code", code.as_str()),
        ("step", "resolve"),
        ("body", "Đã dựng lại cột điện"),
    ];
    assert_eq!(
        staff_upload(&app, &elsewhere, &resolve, &[camera_jpeg(80, 60)]).await,
        404
    );
    assert_eq!(
        staff_upload(&app, &resident, &resolve, &[camera_jpeg(80, 60)]).await,
        403
    );
    let note = [
        ("code", code.as_str()),
        ("body", "Ảnh hiện trường"),
        ("internal", "1"),
    ];
    assert_eq!(
        staff_upload(&app, &staff, &note, &[camera_jpeg(60, 40)]).await,
        200
    );
    assert_eq!(
        staff_upload(&app, &staff, &resolve, &[camera_jpeg(80, 60)]).await,
        200
    );

    let view: Value = app
        .client
        .get(app.url("/api/reports/one"))
        .query(&[("code", &code)])
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let events = view["events"].as_array().unwrap();
    let resolved = events.iter().find(|e| e["status"] == "Resolved").unwrap();
    assert_eq!(resolved["body"], "Đã dựng lại cột điện");
    let photo = resolved["photos"][0]["id"].as_i64().unwrap();
    assert_eq!(app.get(&format!("/photos/{photo}")).await.status(), 200);
    // The note's photo is not public, even by its address.
    let note_photo: i64 = sqlx::query_scalar(
        "select p.id from report_photos p join report_events e on e.id = p.event_id where e.kind = 'note'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        app.get(&format!("/photos/{note_photo}")).await.status(),
        404
    );
    // Staff see it on the report's staff page, so its address works for them.
    let for_staff = app
        .get_with_cookie(
            &format!("/photos/{note_photo}/thumb"),
            &format!("xaso_session={staff}"),
        )
        .await;
    assert_eq!(for_staff.status(), 200);
    assert_eq!(for_staff.headers()["cache-control"], "private, no-store");
    assert!(!events.iter().any(|e| e["body"] == "Ảnh hiện trường"));
}
