//! Reports with photos through `POST /reports/upload`: the photos come back as
//! clean JPEGs (no EXIF), with thumbnails; files that are not images, too many
//! photos, too large a photo, or no account: refused, and nothing is filed.

use std::io::Cursor;

use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp};

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

/// A multipart form as the report page sends it.
fn form(category: &str, description: &str, photos: &[Vec<u8>]) -> (String, Vec<u8>) {
    let boundary = "xaso-photos-7c1e";
    let mut body = Vec::new();
    for (name, value) in [
        ("commune", DEMO_COMMUNE),
        ("report[category]", category),
        ("report[description]", description),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for photo in photos {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"anh.jpg\"\r\n\
                 Content-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(photo);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
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
    let (content_type, body) = form(&category, "Cột điện nghiêng sắp đổ ở đầu thôn", photos);
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
