//! The reports as Open311 GeoReport v2 JSON: discovery, services, requests with
//! their filters, one request, and errors in the specification's shape.

use app::accounts::model::Role;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp};

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Files a report of the first category and returns its code.
async fn file(app: &TestApp, token: &str, description: &str) -> String {
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let response = app
        .post(
            "/api/reports/file",
            &[
                ("commune", DEMO_COMMUNE),
                ("report[category]", &category),
                ("report[description]", description),
                ("report[latitude]", "20.6731"),
                ("report[longitude]", "106.1295"),
            ],
            Some(token),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json::<String>().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_and_requests_follow_georeport_v2() {
    let app = TestApp::spawn().await;
    let (status, discovery) = json(&app, "/open311/v2/discovery.json").await;
    assert_eq!(status, 200);
    assert_eq!(
        discovery["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );

    let (status, services) = json(&app, "/open311/v2/services.json?jurisdiction_id=12364").await;
    assert_eq!(status, 200);
    assert_eq!(services.as_array().unwrap().len(), 10);
    assert_eq!(services[0]["service_code"], "giao_thong");
    assert_eq!(services[0]["service_name"], "Giao thông");
    let (status, definition) = json(
        &app,
        "/open311/v2/services/giao_thong.json?jurisdiction_id=12364",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(definition["attributes"], Value::Array(vec![]));

    let resident = app.sign_up("0964000001", "Ngô Văn Mở").await;
    let staff = app
        .person_with_role("0964000002", Role::CommuneStaff { commune: 12364 })
        .await;
    let open = file(&app, &resident, "Cống thoát nước bị tắc trước chợ").await;
    let done = file(&app, &resident, "Đèn đường hỏng ở ngã ba thôn").await;
    let resolved = app
        .post(
            "/api/staff/reports/act",
            &[
                ("code", done.as_str()),
                ("step", "resolve"),
                ("body", "Đã thay bóng đèn"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(resolved.status(), 200);

    let (status, all) = json(&app, "/open311/v2/requests.json?jurisdiction_id=12364").await;
    assert_eq!(status, 200);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (_, open_only) = json(
        &app,
        "/open311/v2/requests.json?jurisdiction_id=12364&status=open",
    )
    .await;
    assert_eq!(open_only[0]["service_request_id"], open.as_str());
    assert_eq!(open_only.as_array().unwrap().len(), 1);
    assert!(
        open_only[0]["expected_datetime"]
            .as_str()
            .unwrap()
            .ends_with("+07:00")
    );
    let (_, one) = json(&app, &format!("/open311/v2/requests/{done}.json")).await;
    let request = &one[0];
    assert_eq!(request["status"], "closed");
    assert_eq!(request["status_notes"], "Đã thay bóng đèn");
    assert_eq!(request["service_code"], "giao_thong");
    assert_eq!(request["lat"], 20.6731);
    assert!(
        request["requested_datetime"]
            .as_str()
            .unwrap()
            .contains('T')
    );
    // Nothing about who sent it.
    assert!(!one.to_string().contains("Ngô Văn Mở") && !one.to_string().contains("0964000001"));

    let (_, later) = json(
        &app,
        "/open311/v2/requests.json?jurisdiction_id=12364&start_date=2999-01-01",
    )
    .await;
    assert_eq!(later.as_array().unwrap().len(), 0);
    let (_, other) = json(
        &app,
        "/open311/v2/requests.json?jurisdiction_id=12364&service_code=y_te",
    )
    .await;
    assert_eq!(other.as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_in_the_specifications_shape() {
    let app = TestApp::spawn().await;
    let (status, body) = json(&app, "/open311/v2/services.json").await;
    assert_eq!(status, 400);
    assert_eq!(body[0]["code"], 400);
    assert!(body[0]["description"].as_str().unwrap().contains("Mã xã"));
    let (status, body) = json(
        &app,
        "/open311/v2/services.json?jurisdiction_id=99999&lang=en",
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(body[0]["code"], 404);
    let (status, body) = json(
        &app,
        "/open311/v2/requests.json?jurisdiction_id=12364&start_date=hôm+qua",
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("ISO 8601")
    );
    let (status, _) = json(
        &app,
        "/open311/v2/requests.json?jurisdiction_id=12364&status=pending",
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = json(&app, "/open311/v2/requests/HY-2026-999999.json").await;
    assert_eq!(status, 404);
    let (status, _) = json(
        &app,
        "/open311/v2/services/giao_thong.xml?jurisdiction_id=12364",
    )
    .await;
    assert_eq!(status, 404);
}
