//! Staff edit their commune's directory: save with every wrong field named,
//! verify, archive and restore, CSV export and import (all or nothing, line by
//! line errors), and what residents then see.

use app::accounts::model::Role;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, multipart};

const STAFF_PHONE: &str = "0961000001";

async fn staff(app: &TestApp) -> String {
    app.person_with_role(STAFF_PHONE, Role::CommuneStaff { commune: 12364 })
        .await
}

fn entry(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = vec![("commune".to_owned(), DEMO_COMMUNE.to_owned())];
    for (field, value) in fields {
        form.push((format!("entry[{field}]"), value.to_string()));
    }
    form
}

pub(crate) async fn save(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/staff/directory/save"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .form(&entry(fields))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn services(app: &TestApp) -> i64 {
    app.count("select count(*) from directory_services").await
}

async fn overview(app: &TestApp, q: &str) -> Value {
    app.client
        .get(app.url("/api/directory/overview"))
        .query(&[("commune", DEMO_COMMUNE), ("q", q)])
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn listed_names(view: &Value) -> Vec<String> {
    view["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

/// A CSV line with these cells (by column name), the others empty.
fn line(cells: &[(&str, &str)]) -> String {
    let row: Vec<String> = app::directory::staff::model::FIELDS
        .iter()
        .map(|field| {
            let value = cells
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| *v)
                .unwrap_or("");
            format!("\"{value}\"")
        })
        .collect();
    format!("{}\n", row.join(","))
}

async fn import(
    app: &TestApp,
    token: Option<&str>,
    file: &[u8],
    accept: &str,
) -> reqwest::Response {
    let (content_type, body) = multipart(&[("commune", "")], "file", &[file]);
    let mut request = app
        .client
        .post(app.url("/staff/directory/import"))
        .header("content-type", content_type)
        .header("accept", accept)
        .body(body);
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    request.send().await.unwrap()
}

async fn export(app: &TestApp, token: &str) -> Vec<u8> {
    let response = app
        .client
        .get(app.url("/staff/directory/export.csv"))
        .header("cookie", format!("xaso_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    response.bytes().await.unwrap().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_add_and_edit_entries_that_residents_then_see() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let (status, _) = save(
        &app,
        &token,
        &[
            ("name", "Điểm tiêm chủng thôn Lệ Chi"),
            ("kind", "tram_y_te"),
            ("village", "Thôn Lệ Chi"),
            ("phone_1", "0912 000 111"),
            ("phone_1_label", "Y tá thôn"),
            ("wed", "07:30-11:00"),
            ("closures", "02/09/2027 Nghỉ lễ"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let view = overview(&app, "diem tiem chung").await;
    assert_eq!(listed_names(&view), ["Điểm tiêm chủng thôn Lệ Chi"]);
    let id = view["services"][0]["id"].as_i64().unwrap();
    let one: Value = app
        .client
        .get(app.url("/api/directory/service"))
        .query(&[("id", id)])
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let service = &one["listed"]["service"];
    assert_eq!(service["village"]["name"], "Thôn Lệ Chi");
    assert_eq!(service["phones"][0]["number"], "+84912000111");
    assert_eq!(service["closures"][0]["date"], "2027-09-02");

    // Change the hours: the resident's page shows the new ones.
    let id_text = id.to_string();
    let (status, _) = save(
        &app,
        &token,
        &[
            ("id", &id_text),
            ("name", "Điểm tiêm chủng thôn Lệ Chi"),
            ("kind", "tram_y_te"),
            ("wed", "13:30-16:45"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    // The list works out "open now" from the new week too.
    let open = &overview(&app, "diem tiem chung").await["services"][0]["open"];
    assert!(
        *open == serde_json::json!({"ClosedUntil": {"weekday": 3, "opens": 810}})
            || *open == serde_json::json!({"OpenUntil": {"closes": 1005}}),
        "{open}"
    );
    let (status, page) = app.page(&format!("/directory/{id}"), None).await;
    assert_eq!(status, 200);
    assert!(page.contains("13:30–16:45"), "the new hours are shown");
    assert!(!page.contains("07:30–11:00"));
    assert_eq!(
        app.count("select count(*) from directory_phones where number = '+84912000111'")
            .await,
        0,
        "phones are replaced as a whole"
    );
    assert_eq!(
        app.count("select count(*) from audit_log where action in ('add_entry', 'edit_entry')")
            .await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_wrong_field_is_named_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let before = services(&app).await;
    let (status, body) = save(
        &app,
        &token,
        &[
            ("name", ""),
            ("kind", "tram_y_te"),
            ("phone_1", "12345"),
            ("mon", "11:00-07:00"),
            ("tue", "07:00-11:30, 11:00-17:00"),
            ("latitude", "48.85"),
            ("longitude", "2.35"),
            ("village", "Thôn Không Có"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    let fields: Vec<(&str, &str)> = body["Fields"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].as_str().unwrap(), p["problem"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("name", "EntryNameMissing"),
            ("latitude", "PositionOutsideVietnam"),
            ("phone_1", "ServicePhoneInvalid"),
            ("mon", "HoursEndBeforeStart"),
            ("tue", "HoursOverlap"),
        ]
    );
    // Once the fields are right, the village is checked against the commune's.
    let (status, body) = save(
        &app,
        &token,
        &[
            ("name", "Nhà văn hóa"),
            ("kind", "nha_van_hoa"),
            ("village", "Thôn Không Có"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["Fields"]["problems"][0]["field"], "village");
    assert_eq!(body["Fields"]["problems"][0]["problem"], "UnknownVillage");
    assert_eq!(services(&app).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_communes_entries_are_out_of_reach() {
    let app = TestApp::spawn().await;
    let elsewhere = app
        .person_with_role("0961000002", Role::CommuneStaff { commune: 12361 })
        .await;
    // Their own commune's editor, pointed at the demo commune's entry 1.
    let response = app
        .client
        .post(app.url("/api/staff/directory/save"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={elsewhere}"))
        .form(&[
            ("commune", "12361"),
            ("entry[id]", "1"),
            ("entry[name]", "Chiếm quyền"),
            ("entry[kind]", "tram_y_te"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    for path in [
        "/api/staff/directory/verify",
        "/api/staff/directory/archive",
    ] {
        let response = app
            .post(
                path,
                &[("commune", "12361"), ("id", "1"), ("archived", "1")],
                Some(&elsewhere),
            )
            .await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let name: String = sqlx::query_scalar("select name from directory_services where id = 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(name, "Trạm Y tế xã Tiên Lữ");
    assert_eq!(
        app.count("select count(*) from directory_services where archived_at is not null")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_archive_and_restore() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    sqlx::query("update directory_services set verified_at = null where id = 1")
        .execute(&app.db)
        .await
        .unwrap();
    let form = [("commune", DEMO_COMMUNE), ("id", "1"), ("archived", "1")];
    let verified = app
        .post("/api/staff/directory/verify", &form, Some(&token))
        .await;
    assert_eq!(verified.status(), 200);
    assert_eq!(
        app.count(
            "select count(*) from directory_services where id = 1 and verified_at is not null"
        )
        .await,
        1
    );

    let archived = app
        .post("/api/staff/directory/archive", &form, Some(&token))
        .await;
    assert_eq!(archived.status(), 200);
    assert!(listed_names(&overview(&app, "tram y te").await).is_empty());
    assert_eq!(app.page("/directory/1", None).await.0, 404);
    // Kept, and staff still see it.
    let (status, staff_page) = app.page("/staff/directory", Some(&token)).await;
    assert_eq!(status, 200);
    assert!(staff_page.contains("Trạm Y tế xã Tiên Lữ"));

    let restored = app
        .post(
            "/api/staff/directory/archive",
            &[("commune", DEMO_COMMUNE), ("id", "1"), ("archived", "0")],
            Some(&token),
        )
        .await;
    assert_eq!(restored.status(), 200);
    assert_eq!(
        listed_names(&overview(&app, "tram y te").await)[0],
        "Trạm Y tế xã Tiên Lữ"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_export_then_import_round_trips() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let file = export(&app, &token).await;
    assert!(file.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = String::from_utf8(file[3..].to_vec()).unwrap();
    assert!(text.starts_with("id,name,kind,organization,"));
    assert!(text.contains("Trạm Y tế xã Tiên Lữ"));
    assert_eq!(text.lines().count(), 17, "header and 16 entries");

    let before = services(&app).await;
    // The same file, with one more line (a new entry).
    let mut more = file.clone();
    more.extend_from_slice(
        line(&[
            ("name", "Điểm thu gom rác thôn Nhật Tân"),
            ("kind", "thu_gom_rac"),
            ("village", "thon nhat tan"),
            ("phone_1", "0983 246 811"),
            ("tue", "16:00-18:00"),
            ("fri", "16:00-18:00"),
        ])
        .as_bytes(),
    );
    let response = import(&app, Some(&token), &more, "application/json").await;
    assert_eq!(response.status(), 200);
    let counts: Value = response.json().await.unwrap();
    assert_eq!(counts["added"], 1);
    assert_eq!(counts["updated"], 16);
    assert_eq!(services(&app).await, before + 1);
    let again = export(&app, &token).await;
    assert!(String::from_utf8_lossy(&again).contains("Điểm thu gom rác thôn Nhật Tân"));
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'import_entries'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_whole_with_line_by_line_errors() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let header = app::directory::staff::model::FIELDS.join(",");
    let before = services(&app).await;
    let problem = |body: &Value| body["error"]["Invalid"].as_str().unwrap_or("").to_owned();

    let wrong_columns = import(
        &app,
        Some(&token),
        b"ten,so dien thoai\nA,0912\n",
        "application/json",
    )
    .await;
    assert_eq!(wrong_columns.status(), 400);
    let body: Value = wrong_columns.json().await.unwrap();
    assert_eq!(problem(&body), "CsvColumns");
    assert!(
        body["message"].as_str().unwrap().contains("tiêu đề"),
        "translated"
    );

    let mut latin1 = format!("{header}\n").into_bytes();
    latin1.extend_from_slice(b"\"\",\"Tr\xe1m y t\xe9\"\n");
    let response = import(&app, Some(&token), &latin1, "application/json").await;
    assert_eq!(response.status(), 400);
    assert_eq!(problem(&response.json().await.unwrap()), "CsvEncoding");

    // 3 MB: refused by size, with the translated answer (the body is read to its end).
    let heavy = format!("{header}\n{}", "x".repeat(3 * 1024 * 1024));
    let response = import(&app, Some(&token), heavy.as_bytes(), "application/json").await;
    assert_eq!(response.status(), 413);
    assert_eq!(problem(&response.json().await.unwrap()), "CsvTooLarge");

    // 100,000 lines (short ones: the line limit, not the size limit, refuses it).
    let huge = format!("{header}\n{}", "A\n".repeat(100_000));
    let response = import(&app, Some(&token), huge.as_bytes(), "application/json").await;
    assert_eq!(response.status(), 413);
    assert_eq!(problem(&response.json().await.unwrap()), "CsvTooLarge");

    // One good line, then two wrong ones: nothing is imported; lines 3 and 4 are named.
    let lines = format!(
        "{header}\n{}{}{}",
        line(&[("name", "Thư viện mới"), ("kind", "thu_vien")]),
        line(&[("name", "Nhà thuốc"), ("kind", "bakery")]),
        line(&[
            ("name", "Trạm"),
            ("kind", "tram_y_te"),
            ("phone_1", "12345")
        ]),
    );
    let response = import(&app, Some(&token), lines.as_bytes(), "application/json").await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    let report: Vec<(u64, &str, &str)> = body["error"]["Fields"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["field"].as_str().unwrap(),
                p["problem"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        report,
        [
            (3, "kind", "UnknownKind"),
            (4, "phone_1", "ServicePhoneInvalid"),
        ]
    );
    assert_eq!(services(&app).await, before, "nothing imported");

    // An id of another commune's (or no) entry.
    let foreign = format!(
        "{header}\n{}",
        line(&[("id", "99999"), ("name", "Trạm"), ("kind", "tram_y_te")])
    );
    let response = import(&app, Some(&token), foreign.as_bytes(), "application/json").await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["Fields"]["problems"][0]["problem"],
        "UnknownEntry"
    );

    // A browser's form goes back to the list with the error.
    let response = import(&app, Some(&token), b"a,b\n", "text/html").await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/staff/directory?"), "{location}");
    assert!(location.contains("form=import"));
    assert_eq!(services(&app).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_communes_staff_import() {
    let app = TestApp::spawn().await;
    let header = app::directory::staff::model::FIELDS.join(",");
    let file = format!(
        "{header}\n{}",
        line(&[("name", "Thư viện mới"), ("kind", "thu_vien")])
    );
    let response = import(&app, None, file.as_bytes(), "application/json").await;
    assert_eq!(response.status(), 401);
    let resident = app.sign_up("0961000003", "Người Dân").await;
    let response = import(&app, Some(&resident), file.as_bytes(), "application/json").await;
    assert_eq!(response.status(), 403);
    let elsewhere = app
        .person_with_role("0961000004", Role::CommuneAdmin { commune: 12361 })
        .await;
    // Naming the demo commune explicitly.
    let (content_type, body) = multipart(&[("commune", DEMO_COMMUNE)], "file", &[file.as_bytes()]);
    let response = app
        .client
        .post(app.url("/staff/directory/import"))
        .header("content-type", content_type)
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={elsewhere}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.count("select count(*) from directory_services where name = 'Thư viện mới'")
            .await,
        0
    );
}
