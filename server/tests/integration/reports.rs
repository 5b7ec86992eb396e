//! Reports end to end through the server functions: filing with bad input
//! refused, the staff's steps and replies, internal notes kept from residents,
//! "not yet" reopening, confirming, rating once, duplicates and other communes.

use app::accounts::model::Role;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, call};

struct People {
    resident: String,
    neighbour: String,
    staff: String,
    elsewhere: String,
}

async fn people(app: &TestApp) -> People {
    People {
        resident: app.sign_up("0962000001", "Trần Văn Dân").await,
        neighbour: app.sign_up("0962000002", "Lê Thị Xóm").await,
        staff: app
            .person_with_role("0962000003", Role::CommuneStaff { commune: 12364 })
            .await,
        elsewhere: app
            .person_with_role("0962000004", Role::CommuneStaff { commune: 12361 })
            .await,
    }
}

async fn category(app: &TestApp, commune: i64) -> String {
    app::reports::db::categories(&app.db, commune)
        .await
        .unwrap()[0]
        .id
        .to_string()
}

async fn file(app: &TestApp, token: &str, extra: &[(&str, &str)]) -> (u16, Value) {
    let category = category(app, 12364).await;
    let mut form = vec![
        ("commune", DEMO_COMMUNE),
        ("report[category]", category.as_str()),
    ];
    if !extra.iter().any(|(k, _)| *k == "report[description]") {
        form.push((
            "report[description]",
            "Ổ gà lớn trên đường trục thôn An Tảo, xe máy dễ ngã",
        ));
    }
    form.extend_from_slice(extra);
    call(app, "/api/reports/file", &form, token).await
}

async fn view(app: &TestApp, code: &str, token: Option<&str>) -> Value {
    let mut request = app
        .client
        .get(app.url("/api/reports/one"))
        .query(&[("code", code)])
        .header("accept", "application/json");
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    request.send().await.unwrap().json().await.unwrap()
}

async fn act(app: &TestApp, token: &str, code: &str, step: &str, body: &str) -> (u16, Value) {
    call(
        app,
        "/api/staff/reports/act",
        &[("code", code), ("step", step), ("body", body)],
        token,
    )
    .await
}

fn state(report: &Value) -> &str {
    report["summary"]["status"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_reports_are_refused_and_nothing_is_filed() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let short = file(&app, &p.resident, &[("report[description]", "hỏng")]).await;
    assert_eq!(short.0, 400);
    assert_eq!(short.1["Invalid"], "DescriptionTooShort");
    let long = "a".repeat(100_000);
    let (status, body) = file(&app, &p.resident, &[("report[description]", &long)]).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("DescriptionTooLong"))
    );
    let (status, body) = file(
        &app,
        &p.resident,
        &[("report[latitude]", "48.85"), ("report[longitude]", "2.35")],
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("PositionOutsideVietnam"))
    );
    // Another commune's category.
    let foreign = category(&app, 12361).await;
    let (status, body) = call(
        &app,
        "/api/reports/file",
        &[
            ("commune", DEMO_COMMUNE),
            ("report[category]", &foreign),
            ("report[description]", "Ổ gà lớn trên đường trục thôn"),
        ],
        &p.resident,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("UnknownCategory"))
    );
    let anonymous = app
        .client
        .post(app.url("/api/reports/file"))
        .header("accept", "application/json")
        .form(&[
            ("commune", DEMO_COMMUNE),
            ("report[category]", "1"),
            ("report[description]", "Ổ gà lớn trên đường"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(app.count("select count(*) from reports").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_goes_from_filed_to_closed_and_rated() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (status, code) = file(
        &app,
        &p.resident,
        &[
            ("report[hide_name]", "1"),
            ("report[urgent]", "1"),
            ("report[latitude]", "20.6731"),
            ("report[longitude]", "106.1295"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let code = code.as_str().unwrap().to_owned();
    assert!(
        code.starts_with("HY-20") && code.ends_with("-000001"),
        "{code}"
    );

    // Public page: the name is hidden, the position kept; deadlines are set.
    let public = view(&app, &code, None).await;
    assert_eq!(state(&public), "New");
    assert_eq!(public["reporter"], Value::Null);
    assert_eq!(public["position"][0], 20.6731);
    let summary = &public["summary"];
    assert!(summary["acknowledge_by_ms"].as_i64() > summary["created_at_ms"].as_i64());
    assert!(summary["resolve_by_ms"].as_i64() > summary["acknowledge_by_ms"].as_i64());

    // A neighbour has the problem too.
    let (status, _) = call(
        &app,
        "/api/reports/follow",
        &[("code", &code)],
        &p.neighbour,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(view(&app, &code, None).await["summary"]["followers"], 2);

    // Staff: acknowledge, an internal note, a public reply; resolving needs a reply.
    assert_eq!(act(&app, &p.staff, &code, "acknowledge", "").await.0, 200);
    assert_eq!(act(&app, &p.staff, &code, "acknowledge", "").await.0, 409);
    let (status, _) = call(
        &app,
        "/api/staff/reports/reply",
        &[
            ("code", &code),
            ("body", "Gọi đội thi công"),
            ("internal", "1"),
        ],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = act(&app, &p.staff, &code, "resolve", " ").await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("ReplyMissing"))
    );
    assert_eq!(
        act(&app, &p.staff, &code, "resolve", "Đã vá ổ gà").await.0,
        200
    );

    let public = view(&app, &code, None).await;
    assert_eq!(state(&public), "Resolved");
    let bodies: Vec<&str> = public["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&"Đã vá ổ gà"));
    assert!(
        !bodies.contains(&"Gọi đội thi công"),
        "internal notes stay internal"
    );
    let staff_view: Value = app
        .client
        .get(app.url("/api/staff/reports/one"))
        .query(&[("code", &code)])
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={}", p.staff))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        staff_view["events"]
            .to_string()
            .contains("Gọi đội thi công")
    );

    // Only the reporter answers; "not yet" puts it back in the queue.
    let (status, _) = call(
        &app,
        "/api/reports/confirm",
        &[("code", &code), ("fixed", "no")],
        &p.neighbour,
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        view(&app, &code, Some(&p.resident)).await["can_confirm"]
            .as_bool()
            .unwrap()
    );
    let (status, _) = call(
        &app,
        "/api/reports/confirm",
        &[("code", &code), ("fixed", "no")],
        &p.resident,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(state(&view(&app, &code, None).await), "InProgress");
    let queue: Value = app
        .client
        .get(app.url("/api/staff/reports"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={}", p.staff))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queue["list"]["reports"][0]["code"], code.as_str());

    // Resolved again, confirmed, rated once.
    assert_eq!(
        act(&app, &p.staff, &code, "resolve", "Đã trải nhựa lại")
            .await
            .0,
        200
    );
    let (status, _) = call(
        &app,
        "/api/reports/confirm",
        &[("code", &code), ("fixed", "yes")],
        &p.resident,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(state(&view(&app, &code, None).await), "Closed");
    let (status, _) = call(
        &app,
        "/api/reports/rate",
        &[("code", &code), ("rating", "6")],
        &p.resident,
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &app,
        "/api/reports/rate",
        &[("code", &code), ("rating", "5"), ("comment", "Nhanh")],
        &p.resident,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &app,
        "/api/reports/rate",
        &[("code", &code), ("rating", "1")],
        &p.resident,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (409, Some("AlreadyRated"))
    );
    assert_eq!(view(&app, &code, None).await["rating"], 5);
    // Closed: no more staff steps.
    assert_eq!(act(&app, &p.staff, &code, "start", "").await.0, 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_communes_staff_cannot_touch_it_and_duplicates_merge() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let first = file(&app, &p.resident, &[])
        .await
        .1
        .as_str()
        .unwrap()
        .to_owned();
    let second = file(&app, &p.neighbour, &[])
        .await
        .1
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        act(&app, &p.elsewhere, &first, "acknowledge", "").await.0,
        404
    );
    let (status, _) = call(
        &app,
        "/api/staff/reports/reply",
        &[("code", &first), ("body", "Không phải của xã này")],
        &p.elsewhere,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(state(&view(&app, &first, None).await), "New");

    // The second is a duplicate of the first: its reporter now follows the first.
    let (status, body) = call(
        &app,
        "/api/staff/reports/act",
        &[
            ("code", &second),
            ("step", "duplicate"),
            ("duplicate_of", "HY-1999-000404"),
        ],
        &p.staff,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("UnknownReport"))
    );
    let (status, _) = call(
        &app,
        "/api/staff/reports/act",
        &[
            ("code", &second),
            ("step", "duplicate"),
            ("duplicate_of", &first),
        ],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(state(&view(&app, &second, None).await), "Duplicate");
    assert_eq!(view(&app, &first, None).await["summary"]["followers"], 2);

    // Rejected reports disappear for the public.
    let third = file(&app, &p.resident, &[])
        .await
        .1
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        act(&app, &p.staff, &third, "reject", "Quảng cáo").await.0,
        200
    );
    assert_eq!(app.page(&format!("/reports/{third}"), None).await.0, 404);
    assert_eq!(
        app.page(&format!("/staff/reports/{third}"), Some(&p.staff))
            .await
            .0,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_people_write_is_shown_as_text() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (_, code) = file(
        &app,
        &p.resident,
        &[(
            "report[description]",
            "<script>alert('x')</script> cống bị tắc <b>nặng</b>",
        )],
    )
    .await;
    let code = code.as_str().unwrap();
    let (status, page) = app.page(&format!("/reports/{code}"), None).await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert"), "escaped");
    assert!(page.contains("&lt;script&gt;alert"), "shown as text");
    // The reporter's name shows (not hidden), the phone number never.
    assert!(page.contains("Trần Văn Dân"));
    assert!(!page.contains("0962000001") && !page.contains("962000001"));
}

async fn notifications(app: &TestApp, token: &str) -> Vec<Value> {
    app.client
        .get(app.url("/api/reports/notifications"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .send()
        .await
        .unwrap()
        .json::<Vec<Value>>()
        .await
        .unwrap()
}

fn unread(list: &[Value]) -> usize {
    list.iter().filter(|n| n["read"] == false).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporters_and_followers_are_notified_of_public_changes() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let code = file(&app, &p.resident, &[])
        .await
        .1
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &app,
        "/api/reports/follow",
        &[("code", &code)],
        &p.neighbour,
    )
    .await;

    assert_eq!(act(&app, &p.staff, &code, "acknowledge", "").await.0, 200);
    let note = [
        ("code", code.as_str()),
        ("body", "Kiểm tra hiện trường"),
        ("internal", "1"),
    ];
    assert_eq!(
        call(&app, "/api/staff/reports/reply", &note, &p.staff)
            .await
            .0,
        200
    );
    let reply = [("code", code.as_str()), ("body", "Chiều nay đội sẽ đến")];
    assert_eq!(
        call(&app, "/api/staff/reports/reply", &reply, &p.staff)
            .await
            .0,
        200
    );

    let mine = notifications(&app, &p.resident).await;
    assert_eq!(
        mine.len(),
        2,
        "a status change and a public reply, not the note"
    );
    assert_eq!(mine[0]["kind"], "Reply");
    assert_eq!(mine[1]["status"], "Acknowledged");
    assert_eq!(unread(&notifications(&app, &p.neighbour).await), 2);
    assert!(
        notifications(&app, &p.staff).await.is_empty(),
        "not for the one who acted"
    );

    // The count shows in the navigation of every page.
    let (_, page) = app.page("/", Some(&p.resident)).await;
    assert!(page.contains("class=\"nav-badge\""), "badge");
    assert!(page.contains("2 thông báo chưa đọc"));

    // Opening the report reads its notifications; "mark all read" reads the rest.
    view(&app, &code, Some(&p.resident)).await;
    assert_eq!(unread(&notifications(&app, &p.resident).await), 0);
    let (_, page) = app.page("/", Some(&p.resident)).await;
    assert!(!page.contains("class=\"nav-badge\""));
    assert_eq!(
        call(&app, "/api/reports/notifications/read", &[], &p.neighbour)
            .await
            .0,
        200
    );
    assert_eq!(unread(&notifications(&app, &p.neighbour).await), 0);

    let anonymous = app.api_status("/api/reports/notifications", None).await;
    assert_eq!(anonymous, 401);
}

async fn nearby(app: &TestApp, query: &[(&str, &str)]) -> Vec<String> {
    let list: Vec<Value> = app
        .client
        .get(app.url("/api/reports/nearby"))
        .query(query)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_reports_nearby_are_offered_before_filing_again() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let village: i64 = sqlx::query_scalar(
        "select id from villages where commune_code = 12364 and name = 'Thôn An Tảo'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let village = village.to_string();
    let code = file(
        &app,
        &p.resident,
        &[
            ("report[village]", &village),
            ("report[latitude]", "20.6725"),
            ("report[longitude]", "106.1289"),
        ],
    )
    .await
    .1
    .as_str()
    .unwrap()
    .to_owned();
    let category = category(&app, 12364).await;
    let base = [("commune", DEMO_COMMUNE), ("category", category.as_str())];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut query = base.to_vec();
        query.extend_from_slice(extra);
        query
    };
    let same_village = [base.to_vec(), vec![("village", village.as_str())]].concat();
    assert_eq!(nearby(&app, &same_village).await, vec![code.clone()]);
    // 50 m to the north, no village given.
    let close = with(&[("latitude", "20.67295"), ("longitude", "106.1289")]);
    assert_eq!(nearby(&app, &close).await, vec![code.clone()]);
    // 500 m away: not the same place.
    let far = with(&[("latitude", "20.6770"), ("longitude", "106.1289")]);
    assert!(nearby(&app, &far).await.is_empty());
    // Nothing to compare with yet: no place chosen.
    assert!(nearby(&app, &base).await.is_empty());
    // Another category.
    let other = app::reports::db::categories(&app.db, 12364).await.unwrap()[1]
        .id
        .to_string();
    let other_query = [
        ("commune", DEMO_COMMUNE),
        ("category", other.as_str()),
        ("village", village.as_str()),
    ];
    assert!(nearby(&app, &other_query).await.is_empty());
    // Resolved reports are not offered.
    assert_eq!(
        act(&app, &p.staff, &code, "resolve", "Đã xong").await.0,
        200
    );
    assert!(nearby(&app, &same_village).await.is_empty());
    let bad = app
        .get("/api/reports/nearby?commune=12364&category=1&latitude=48.8&longitude=2.3")
        .await;
    assert_eq!(bad.status(), 400);
}

async fn queue(app: &TestApp, token: &str, query: &[(&str, &str)]) -> Vec<String> {
    let queue: Value = app
        .client
        .get(app.url("/api/staff/reports"))
        .query(query)
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    queue["list"]["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_give_reports_to_each_other_and_filter_the_queue() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let colleague = app
        .person_with_role("0962000005", Role::CommuneAdmin { commune: 12364 })
        .await;
    let colleague_id: i64 = sqlx::query_scalar("select id from users where phone = '+84962000005'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let first = file(&app, &p.resident, &[])
        .await
        .1
        .as_str()
        .unwrap()
        .to_owned();
    let second = file(&app, &p.neighbour, &[])
        .await
        .1
        .as_str()
        .unwrap()
        .to_owned();

    let id = colleague_id.to_string();
    let (status, _) = call(
        &app,
        "/api/staff/reports/assign",
        &[("code", &first), ("user", &id)],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    // Only the commune's staff can be given a report.
    let resident_id: i64 = sqlx::query_scalar("select id from users where phone = '+84962000001'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let (status, body) = call(
        &app,
        "/api/staff/reports/assign",
        &[("code", &second), ("user", &resident_id.to_string())],
        &p.staff,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("NotStaffHere"))
    );
    assert_eq!(
        call(
            &app,
            "/api/staff/reports/assign",
            &[("code", &first), ("user", &id)],
            &p.elsewhere
        )
        .await
        .0,
        404
    );

    assert_eq!(
        queue(&app, &colleague, &[("assignee", &id)]).await,
        vec![first.clone()]
    );
    assert_eq!(
        queue(&app, &p.staff, &[("assignee", "none")]).await,
        vec![second.clone()]
    );
    assert_eq!(queue(&app, &p.staff, &[]).await.len(), 2);
    let village: i64 =
        sqlx::query_scalar("select id from villages where commune_code = 12364 order by id")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(
        queue(&app, &p.staff, &[("village", &village.to_string())])
            .await
            .is_empty()
    );
    let other = app::reports::db::categories(&app.db, 12364).await.unwrap()[1]
        .id
        .to_string();
    assert!(
        queue(&app, &p.staff, &[("category", &other)])
            .await
            .is_empty()
    );
    let bad = app
        .client
        .get(app.url("/api/staff/reports?category=abc"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={}", p.staff))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // The staff page says who handles it; unassigning works.
    let (_, page) = app
        .page(&format!("/staff/reports/{first}"), Some(&p.staff))
        .await;
    assert!(page.contains("selected"));
    let (status, _) = call(
        &app,
        "/api/staff/reports/assign",
        &[("code", &first), ("user", "")],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        queue(&app, &p.staff, &[("assignee", "none")]).await.len(),
        2
    );
}

/// "Not yet" a month after filing: the first deadline has long passed, so the
/// report must not come back overdue and escalate at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reopened_report_gets_a_new_deadline_from_the_reopening() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let admin = app
        .person_with_role("0962000005", Role::CommuneAdmin { commune: 12364 })
        .await;
    let (status, code) = file(&app, &p.resident, &[]).await;
    assert_eq!(status, 200);
    let code = code.as_str().unwrap().to_owned();
    assert_eq!(act(&app, &p.staff, &code, "resolve", "Đã vá").await.0, 200);
    // Filed 30 days ago, due 20 days ago, resolved just now (late).
    let day = 86_400_000;
    let now = app::db::now_ms();
    sqlx::query(
        "update reports set created_at = $1, acknowledge_by = $2, resolve_by = $2 where code = $3",
    )
    .bind(now - 30 * day)
    .bind(now - 20 * day)
    .bind(&code)
    .execute(&app.db)
    .await
    .unwrap();

    let (status, _) = call(
        &app,
        "/api/reports/confirm",
        &[("code", &code), ("fixed", "no")],
        &p.resident,
    )
    .await;
    assert_eq!(status, 200);
    let reopened = view(&app, &code, None).await;
    assert_eq!(state(&reopened), "InProgress");
    // The category's target (working days) from the reopening: in the future,
    // and at most its days plus a long holiday away.
    let deadline = reopened["summary"]["resolve_by_ms"].as_i64().unwrap();
    let after = app::db::now_ms();
    assert!(deadline > after, "{deadline} <= {after}");
    assert!(deadline < after + 30 * day, "{deadline}");
    // The reopening in the timeline carries it.
    let events = reopened["events"].as_array().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last["status"], "InProgress");
    assert_eq!(last["new_deadline_ms"].as_i64(), Some(deadline));
    assert!(
        events[..events.len() - 1]
            .iter()
            .all(|e| e["new_deadline_ms"].is_null())
    );
    // Not overdue, so not escalated to the admin.
    let queue: Value = app
        .client
        .get(app.url("/api/staff/reports"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={admin}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queue["escalated"], serde_json::json!([]), "{queue}");
    // The page shows the new deadline under the reopening.
    let page = app
        .client
        .get(app.url(&format!("/reports/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Hạn xử lý mới: "), "{page}");

    // Resolved again now: within the new deadline, and timed from the
    // reopening (a few working minutes, not a month's).
    assert_eq!(
        act(&app, &p.staff, &code, "resolve", "Đã trải nhựa")
            .await
            .0,
        200
    );
    let (minutes, within): (Option<i64>, i64) = sqlx::query_as(
        "select resolve_minutes, case when resolved_at <= resolve_by then 1 else 0 end \
         from reports where code = $1",
    )
    .bind(&code)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(minutes.is_some_and(|m| m < 60), "{minutes:?}");
    assert_eq!(within, 1);
    let (status, record) = crate::support::get_json(
        &app,
        "/api/dashboard/record",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(
        record["within_deadline"],
        serde_json::json!({"part": 1, "whole": 1})
    );
}
