//! What the commune admin sets for reports (categories, working time, reply
//! templates, Open311 keys) and what it changes: deadlines of new reports,
//! templates offered to staff, reports filed by other systems. Also moderation
//! and the escalation of overdue reports to the admin.

use app::accounts::model::Role;
use app::reports::settings::model::WorkingTimeInput;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, call};

struct People {
    admin: String,
    staff: String,
    resident: String,
    elsewhere: String,
}

async fn people(app: &TestApp) -> People {
    People {
        admin: app
            .person_with_role("0965000001", Role::CommuneAdmin { commune: 12364 })
            .await,
        staff: app
            .person_with_role("0965000002", Role::CommuneStaff { commune: 12364 })
            .await,
        resident: app.sign_up("0965000003", "Đỗ Thị Dân").await,
        elsewhere: app
            .person_with_role("0965000004", Role::CommuneAdmin { commune: 12361 })
            .await,
    }
}

async fn read(app: &TestApp, path: &str, query: &[(&str, &str)], token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(path))
        .query(query)
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn settings(app: &TestApp, token: &str) -> Value {
    let (status, body) = read(app, "/api/staff/settings", &[], token).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn category_named<'a>(settings: &'a Value, name: &str) -> Option<&'a Value> {
    settings["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"]["name"] == name)
}

/// Files a report in the category `category` (an id) and returns its code.
async fn file(app: &TestApp, token: &str, category: &str) -> String {
    let (status, body) = call(
        app,
        "/api/reports/file",
        &[
            ("commune", DEMO_COMMUNE),
            ("report[category]", category),
            (
                "report[description]",
                "Cây đổ chắn ngang đường vào chợ, cần dọn gấp",
            ),
        ],
        token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body.as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_commune_admin_reads_and_changes_settings() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    assert_eq!(app.api_status("/api/staff/settings", None).await, 401);
    for token in [&p.resident, &p.staff] {
        assert_eq!(
            app.api_status("/api/staff/settings", Some(token)).await,
            403
        );
        let (status, _) = call(
            &app,
            "/api/staff/settings/category",
            &[("name", "Cây xanh"), ("days", "3")],
            token,
        )
        .await;
        assert_eq!(status, 403);
    }
    // The admin of another commune changes their own, never this one.
    let (status, _) = call(
        &app,
        "/api/staff/settings/category",
        &[("name", "Cây xanh"), ("days", "3")],
        &p.elsewhere,
    )
    .await;
    assert_eq!(status, 200);
    let own = settings(&app, &p.admin).await;
    assert!(category_named(&own, "Cây xanh").is_none());
    assert_eq!(own["categories"].as_array().unwrap().len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_are_added_renamed_and_removed_when_unused() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let before = settings(&app, &p.admin).await;

    // Refused, and nothing changes.
    for (form, status, problem) in [
        (
            vec![("name", " "), ("days", "3")],
            400,
            "CategoryNameMissing",
        ),
        (
            vec![("name", "Cây xanh"), ("days", "0")],
            400,
            "ResolveDaysInvalid",
        ),
        (
            vec![("name", "Cây xanh"), ("days", "91")],
            400,
            "ResolveDaysInvalid",
        ),
        (
            vec![("name", "Cây xanh"), ("days", "ba")],
            400,
            "ResolveDaysInvalid",
        ),
        (
            vec![("name", "GIAO THONG"), ("days", "3")],
            409,
            "CategoryTaken",
        ),
        (
            vec![("name", &*"x".repeat(101)), ("days", "3")],
            400,
            "TextTooLong",
        ),
        (
            vec![("id", "999999"), ("name", "Cây xanh"), ("days", "3")],
            400,
            "UnknownCategory",
        ),
    ] {
        let (got, body) = call(&app, "/api/staff/settings/category", &form, &p.admin).await;
        assert_eq!(got, status, "{form:?}: {body}");
        assert_eq!(body["Invalid"], problem, "{form:?}");
    }
    assert_eq!(
        settings(&app, &p.admin).await["categories"],
        before["categories"]
    );

    let (status, _) = call(
        &app,
        "/api/staff/settings/category",
        &[("name", "Cây xanh đô thị"), ("days", "3")],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let after = settings(&app, &p.admin).await;
    let added = category_named(&after, "Cây xanh đô thị").unwrap();
    assert_eq!(added["category"]["code"], "cay_xanh_do_thi");
    assert_eq!(added["category"]["resolve_days"], 3);
    let id = added["category"]["id"].to_string();

    // It is offered to residents and through Open311.
    let services: Value = app
        .get("/open311/v2/services.json?jurisdiction_id=12364")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        services
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["service_code"] == "cay_xanh_do_thi")
    );

    let (status, _) = call(
        &app,
        "/api/staff/settings/category",
        &[("id", &id), ("name", "Cây xanh"), ("days", "4")],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let renamed = settings(&app, &p.admin).await;
    let category = category_named(&renamed, "Cây xanh").unwrap();
    assert_eq!(category["category"]["resolve_days"], 4);
    // The code stays, so other systems keep working.
    assert_eq!(category["category"]["code"], "cay_xanh_do_thi");

    // In use: kept.
    file(&app, &p.resident, &id).await;
    let (status, body) = call(
        &app,
        "/api/staff/settings/category/remove",
        &[("id", &id)],
        &p.admin,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (409, Some("CategoryInUse"))
    );
    assert!(category_named(&settings(&app, &p.admin).await, "Cây xanh").is_some());

    // Unused: removed.
    let unused = before["categories"][9]["category"]["id"].to_string();
    let (status, _) = call(
        &app,
        "/api/staff/settings/category/remove",
        &[("id", &unused)],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        settings(&app, &p.admin).await["categories"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'change_categories'")
            .await,
        3
    );

    // Another commune removes all its categories but the last, which stays.
    let theirs = settings(&app, &p.elsewhere).await["categories"].clone();
    let ids: Vec<String> = theirs
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["category"]["id"].to_string())
        .collect();
    for id in &ids[1..] {
        let (status, _) = call(
            &app,
            "/api/staff/settings/category/remove",
            &[("id", id)],
            &p.elsewhere,
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, body) = call(
        &app,
        "/api/staff/settings/category/remove",
        &[("id", &ids[0])],
        &p.elsewhere,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (409, Some("LastCategory"))
    );
    assert_eq!(
        settings(&app, &p.elsewhere).await["categories"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn working_time_sets_the_deadlines_of_new_reports() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let shown = settings(&app, &p.admin).await;
    assert_eq!(shown["working"]["mon"], "07:30-11:30, 13:30-17:00");
    assert_eq!(shown["working"]["sat"], "");

    // Every wrong field is named; nothing is saved.
    let (status, body) = call(
        &app,
        "/api/staff/settings/working-time",
        &[
            ("working[mon]", "11:30-07:30"),
            ("working[tue]", "sáng"),
            ("working[holidays]", "30/02/2027 Không có ngày này"),
        ],
        &p.admin,
    )
    .await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = body["Fields"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["mon", "tue", "holidays"]);
    let (status, body) = call(&app, "/api/staff/settings/working-time", &[], &p.admin).await;
    assert_eq!(status, 400);
    assert_eq!(body["Fields"]["problems"][0]["problem"], "WorkingTimeEmpty");
    assert_eq!(settings(&app, &p.admin).await["working"], shown["working"]);

    // Every day 07:00-11:00, today and tomorrow off.
    let today = app::time::iso_date(app::db::now_ms());
    let tomorrow = app::time::iso_date(app::db::now_ms() + 86_400_000);
    let holidays = format!("{today} Nghỉ bù\n{tomorrow}");
    let day = "07:00-11:00";
    let form = [
        ("working[mon]", day),
        ("working[tue]", day),
        ("working[wed]", day),
        ("working[thu]", day),
        ("working[fri]", day),
        ("working[sat]", day),
        ("working[sun]", day),
        ("working[holidays]", holidays.as_str()),
    ];
    let (status, body) = call(&app, "/api/staff/settings/working-time", &form, &p.admin).await;
    assert_eq!(status, 200, "{body}");
    let saved = settings(&app, &p.admin).await;
    assert_eq!(saved["working"]["sun"], day);
    assert!(
        saved["working"]["holidays"]
            .as_str()
            .unwrap()
            .contains("Nghỉ bù")
    );

    // A report filed now: its clock starts the day after tomorrow, 07:00 Vietnam time.
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let code = file(&app, &p.resident, &category).await;
    let (created, acknowledge_by): (i64, i64) =
        sqlx::query_as("select created_at, acknowledge_by from reports where code = $1")
            .bind(&code)
            .fetch_one(&app.db)
            .await
            .unwrap();
    let input: WorkingTimeInput = serde_json::from_value(saved["working"].clone()).unwrap();
    let expected = input
        .check()
        .unwrap()
        .working_time()
        .acknowledge_by(created, false);
    assert_eq!(acknowledge_by, expected);
    // Two days off first: without them it would be due within about a day and a half.
    assert!(
        acknowledge_by - created >= 2 * 86_400_000,
        "after the two days off"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_are_offered_for_their_category() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let categories = app::reports::db::categories(&app.db, 12364).await.unwrap();
    let (roads, water) = (categories[0].id.to_string(), categories[2].id.to_string());
    for (category, title) in [
        (&roads, "Đã báo đội giao thông"),
        (&water, "Đã báo trạm nước"),
        (&String::new(), "Cảm ơn"),
    ] {
        let (status, body) = call(
            &app,
            "/api/staff/settings/template",
            &[
                ("category", category.as_str()),
                ("title", title),
                (
                    "body",
                    "Cảm ơn bạn đã phản ánh. Xã đã tiếp nhận và sẽ xử lý sớm.",
                ),
            ],
            &p.admin,
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    for (form, status, problem) in [
        (
            vec![("title", ""), ("body", "Nội dung")],
            400,
            "TemplateTitleMissing",
        ),
        (vec![("title", "Mẫu"), ("body", " ")], 400, "ReplyMissing"),
        (
            vec![
                ("category", "999999"),
                ("title", "Mẫu"),
                ("body", "Nội dung"),
            ],
            400,
            "UnknownCategory",
        ),
    ] {
        let (got, body) = call(&app, "/api/staff/settings/template", &form, &p.admin).await;
        assert_eq!(
            (got, body["Invalid"].as_str()),
            (status, Some(problem)),
            "{form:?}"
        );
    }
    assert_eq!(
        settings(&app, &p.admin).await["templates"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Staff see the road templates and the general one on a road report.
    let code = file(&app, &p.resident, &roads).await;
    let (status, report) = read(&app, "/api/staff/reports/one", &[("code", &code)], &p.staff).await;
    assert_eq!(status, 200);
    let titles: Vec<&str> = report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Cảm ơn", "Đã báo đội giao thông"]);
    // Residents never get them.
    let (_, public) = read(&app, "/api/reports/one", &[("code", &code)], &p.resident).await;
    assert_eq!(public["templates"], Value::Array(vec![]));

    let id = report["templates"][0]["id"].to_string();
    let (status, _) = call(
        &app,
        "/api/staff/settings/template/remove",
        &[("id", &id)],
        &p.elsewhere,
    )
    .await;
    assert_eq!(status, 404, "another commune's admin");
    let (status, _) = call(
        &app,
        "/api/staff/settings/template/remove",
        &[("id", &id)],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &app,
        "/api/staff/settings/template/remove",
        &[("id", &id)],
        &p.admin,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        settings(&app, &p.admin).await["templates"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

async fn post_open311(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/open311/v2/requests.json"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_systems_file_reports_with_a_key() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (status, key) = call(
        &app,
        "/api/staff/settings/key",
        &[("name", "Tổng đài 1022")],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let key = key.as_str().unwrap().to_owned();
    assert!(key.starts_with("xaso_") && key.len() > 40);
    // Only the hash is kept.
    assert_eq!(
        app.count("select count(*) from open311_keys where key_hash like 'xaso_%'")
            .await,
        0
    );
    let (status, _) = call(&app, "/api/staff/settings/key", &[("name", " ")], &p.admin).await;
    assert_eq!(status, 400);

    let good = [
        ("api_key", key.as_str()),
        ("jurisdiction_id", DEMO_COMMUNE),
        ("service_code", "moi_truong"),
        (
            "description",
            "Bãi rác tự phát cạnh cầu Đông, bốc mùi <script>alert(1)</script>",
        ),
        ("address_string", "Cạnh cầu Đông, thôn An Tảo"),
        ("phone", "0912345678"),
    ];
    let before = app.count("select count(*) from reports").await;
    let with = |name: &'static str, value: &'static str| {
        let mut form: Vec<(&str, &str)> =
            good.iter().filter(|(k, _)| *k != name).cloned().collect();
        if !value.is_empty() {
            form.push((name, value));
        }
        form
    };
    // Refused in the specification's shape, and nothing is filed.
    for (form, status) in [
        (with("api_key", ""), 403),
        (with("api_key", "xaso_0000"), 403),
        (with("jurisdiction_id", "12361"), 403),
        (with("service_code", "khong_co"), 400),
        (with("description", "ngắn"), 400),
        (with("address_string", ""), 400),
    ] {
        let (got, body) = post_open311(&app, &form).await;
        assert_eq!(got, status, "{form:?}: {body}");
        assert_eq!(body[0]["code"], status);
        assert!(body[0]["description"].as_str().unwrap().len() > 5);
    }
    let mut far = with("address_string", "");
    far.extend([("lat", "48.85"), ("long", "2.35")]);
    let (status, _) = post_open311(&app, &far).await;
    assert_eq!(status, 400, "Paris is not in the commune");
    assert_eq!(app.count("select count(*) from reports").await, before);

    let (status, body) = post_open311(&app, &good).await;
    assert_eq!(status, 201, "{body}");
    let code = body[0]["service_request_id"].as_str().unwrap().to_owned();
    assert!(code.starts_with("HY-"));
    let request: Value = app
        .get(&format!("/open311/v2/requests/{code}.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(request[0]["address"], "Cạnh cầu Đông, thôn An Tảo");
    assert_eq!(request[0]["service_code"], "moi_truong");
    // The phone number sent is not kept anywhere.
    assert_eq!(
        app.count(
            "select count(*) from reports where reporter_id is null and api_key_id is not null"
        )
        .await,
        1
    );
    let page = app.page(&format!("/reports/{code}"), None).await.1;
    assert!(!page.contains("0912345678") && !page.contains("<script>alert(1)"));
    assert!(page.contains("&lt;script&gt;alert(1)"));

    let keys = settings(&app, &p.admin).await["keys"].clone();
    assert_eq!(keys[0]["reports"], 1);
    let id = keys[0]["id"].to_string();
    let (status, _) = call(
        &app,
        "/api/staff/settings/key/revoke",
        &[("id", &id)],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = post_open311(&app, &good).await;
    assert_eq!(status, 403, "a revoked key");
    let (status, _) = call(
        &app,
        "/api/staff/settings/key/revoke",
        &[("id", &id)],
        &p.admin,
    )
    .await;
    assert_eq!(status, 404, "revoked already");
}

async fn hide(app: &TestApp, token: &str, code: &str, target: &str, reason: &str) -> (u16, Value) {
    call(
        app,
        "/api/staff/reports/hide",
        &[("code", code), ("target", target), ("reason", reason)],
        token,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_hide_text_from_the_public_and_the_audit_keeps_it() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let code = file(&app, &p.resident, &category).await;
    let (status, _) = call(
        &app,
        "/api/staff/reports/reply",
        &[
            ("code", &code),
            ("body", "Số điện thoại của ông Tư là 0912 345 678"),
        ],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    // Residents and other communes cannot; a reason is needed; the target must exist.
    assert_eq!(hide(&app, &p.resident, &code, "text", "x").await.0, 403);
    assert_eq!(hide(&app, &p.elsewhere, &code, "text", "x").await.0, 404);
    let (status, body) = hide(&app, &p.staff, &code, "text", " ").await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("ReasonMissing"))
    );
    assert_eq!(
        hide(&app, &p.staff, &code, "event-999999", "x").await.0,
        404
    );
    assert_eq!(hide(&app, &p.staff, &code, "photo-1", "x").await.0, 404);
    assert_eq!(hide(&app, &p.staff, &code, "everything", "x").await.0, 404);
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'hide_content'")
            .await,
        0
    );

    let (status, _) = hide(&app, &p.staff, &code, "text", "Nói xấu người khác").await;
    assert_eq!(status, 200);
    let (_, public) = read(&app, "/api/reports/one", &[("code", &code)], &p.resident).await;
    assert_eq!(public["description"], "");
    assert_eq!(public["text_hidden"], true);
    let (_, list) = read(
        &app,
        "/api/reports/list",
        &[("commune", DEMO_COMMUNE)],
        &p.resident,
    )
    .await;
    assert_eq!(list["reports"][0]["excerpt"], "");
    let (_, staff_view) = read(&app, "/api/staff/reports/one", &[("code", &code)], &p.staff).await;
    assert!(
        staff_view["description"]
            .as_str()
            .unwrap()
            .starts_with("Cây đổ")
    );
    assert_eq!(
        hide(&app, &p.staff, &code, "text", "lần nữa").await.0,
        404,
        "hidden already"
    );

    // The reply with a phone number.
    let reply = staff_view["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "Reply")
        .unwrap()["id"]
        .to_string();
    let (status, _) = hide(
        &app,
        &p.staff,
        &code,
        &format!("event-{reply}"),
        "Lộ số điện thoại",
    )
    .await;
    assert_eq!(status, 200);
    let page = app.page(&format!("/reports/{code}"), None).await.1;
    assert!(!page.contains("0912 345 678") && !page.contains("Cây đổ chắn"));
    let open311: Value = app
        .get(&format!("/open311/v2/requests/{code}.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open311[0]["description"], "");
    assert_ne!(
        open311[0]["status_notes"],
        "Số điện thoại của ông Tư là 0912 345 678"
    );

    // The audit log keeps who hid what, the original and why.
    let details: Vec<String> = sqlx::query_scalar(
        "select detail from audit_log where action = 'hide_content' order by id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(details.len(), 2);
    assert!(details[0].contains("Cây đổ chắn") && details[0].contains("Nói xấu người khác"));
    assert!(details[1].contains("0912 345 678"));
}

async fn show(app: &TestApp, token: &str, code: &str, target: &str, reason: &str) -> (u16, Value) {
    call(
        app,
        "/api/staff/reports/show",
        &[("code", code), ("target", target), ("reason", reason)],
        token,
    )
    .await
}

/// `/photos/{id}` as `token` (None: the public) sees it: status and Cache-Control.
async fn photo_as(app: &TestApp, id: i64, token: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(app.url(&format!("/photos/{id}/thumb")));
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    let response = request.send().await.unwrap();
    let cache = response
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), cache)
}

/// The staff page of report `code` as `token`.
async fn staff_page(app: &TestApp, code: &str, token: &str) -> String {
    app.client
        .get(app.url(&format!("/staff/reports/{code}")))
        .header("cookie", format!("xaso_session={token}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commune_admin_shows_hidden_content_again() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let code = file(&app, &p.resident, &category).await;
    let reply = "Đội dân phòng sẽ dọn trong chiều nay";
    let (status, _) = call(
        &app,
        "/api/staff/reports/reply",
        &[("code", &code), ("body", reply)],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    let report: i64 = sqlx::query_scalar("select id from reports where code = $1")
        .bind(&code)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let photo: i64 = sqlx::query_scalar(
        "insert into report_photos (report_id, position, data, thumbnail, width, height, created_at) \
         values ($1, 0, $2, $2, 4, 3, $3) returning id",
    )
    .bind(report)
    .bind(vec![0xffu8, 0xd8, 0xff, 0xd9])
    .bind(app::db::now_ms())
    .fetch_one(&app.db)
    .await
    .unwrap();
    let (_, staff_view) = read(&app, "/api/staff/reports/one", &[("code", &code)], &p.staff).await;
    let event = staff_view["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["body"] == reply)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let event = format!("event-{event}");
    let photo_target = format!("photo-{photo}");

    // A staff member hides all three.
    for target in ["text", event.as_str(), photo_target.as_str()] {
        let (status, body) = hide(&app, &p.staff, &code, target, "Cần kiểm tra lại").await;
        assert_eq!(status, 200, "{target}: {body}");
    }
    // The public no longer gets the photo; the commune's staff still do, marked
    // and kept out of shared caches; another commune's admin does not.
    assert_eq!(photo_as(&app, photo, None).await.0, 404);
    assert_eq!(photo_as(&app, photo, Some(&p.resident)).await.0, 404);
    assert_eq!(photo_as(&app, photo, Some(&p.elsewhere)).await.0, 404);
    assert_eq!(
        photo_as(&app, photo, Some(&p.staff)).await,
        (200, "private, no-store".to_owned())
    );
    let (_, staff_view) = read(&app, "/api/staff/reports/one", &[("code", &code)], &p.staff).await;
    assert_eq!(staff_view["photos"][0]["hidden"], true);
    assert_eq!(staff_view["can_unhide"], false);
    let (_, public) = read(&app, "/api/reports/one", &[("code", &code)], &p.resident).await;
    assert_eq!(public["photos"], serde_json::json!([]));
    // Only the admin is offered the form that shows it again.
    assert!(
        !staff_page(&app, &code, &p.staff)
            .await
            .contains("/api/staff/reports/show")
    );
    let page = staff_page(&app, &code, &p.admin).await;
    assert!(
        page.contains("action=\"/api/staff/reports/show\""),
        "{page}"
    );
    assert!(page.contains("Hiện lại cho người dân"));

    // Not staff, not the admin, not another commune; a reason; a hidden target.
    assert_eq!(show(&app, &p.resident, &code, "text", "x").await.0, 403);
    assert_eq!(show(&app, &p.staff, &code, "text", "x").await.0, 403);
    assert_eq!(show(&app, &p.elsewhere, &code, "text", "x").await.0, 404);
    let (status, body) = show(&app, &p.admin, &code, "text", "  ").await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("ReasonMissing"))
    );
    let (status, body) = show(&app, &p.admin, &code, "photo-999999", "x").await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (404, Some("NothingToShow"))
    );
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'show_content'")
            .await,
        0
    );

    for target in ["text", event.as_str(), photo_target.as_str()] {
        let (status, body) = show(&app, &p.admin, &code, target, "Nội dung không vi phạm").await;
        assert_eq!(status, 200, "{target}: {body}");
    }
    let (_, public) = read(&app, "/api/reports/one", &[("code", &code)], &p.resident).await;
    assert_eq!(public["text_hidden"], false);
    assert_eq!(
        public["description"],
        "Cây đổ chắn ngang đường vào chợ, cần dọn gấp"
    );
    assert!(public["events"].to_string().contains(reply));
    assert_eq!(public["photos"][0]["id"], photo);
    assert_eq!(
        photo_as(&app, photo, None).await,
        (200, "public, max-age=3600".to_owned())
    );
    // Shown already: nothing to show, and nothing more audited.
    let (status, body) = show(&app, &p.admin, &code, "text", "x").await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (404, Some("NothingToShow"))
    );
    let details: Vec<String> = sqlx::query_scalar(
        "select detail from audit_log where action = 'show_content' order by id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(details.len(), 3);
    assert!(details.iter().all(|d| d.contains("Nội dung không vi phạm")));
    assert!(details[1].contains(reply));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_reports_escalate_to_the_admin() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let late = file(&app, &p.resident, &category).await;
    let on_time = file(&app, &p.resident, &category).await;
    sqlx::query("update reports set acknowledge_by = 1000, resolve_by = 2000 where code = $1")
        .bind(&late)
        .execute(&app.db)
        .await
        .unwrap();
    let codes = |queue: &Value, key: &str| -> Vec<String> {
        queue[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, admin) = read(&app, "/api/staff/reports", &[], &p.admin).await;
    assert_eq!(status, 200);
    assert_eq!(codes(&admin, "escalated"), vec![late.clone()]);
    // Whatever the filters: the admin's escalations stay in view.
    let (_, filtered) = read(
        &app,
        "/api/staff/reports",
        &[("assignee", "none"), ("village", "1")],
        &p.admin,
    )
    .await;
    assert_eq!(codes(&filtered, "escalated"), vec![late]);
    let (_, staff) = read(&app, "/api/staff/reports", &[], &p.staff).await;
    assert!(codes(&staff, "escalated").is_empty());
    assert!(codes(&staff["list"], "reports").contains(&on_time));
}
