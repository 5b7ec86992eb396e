//! Announcements end to end: staff post them (for the whole commune or some
//! villages, with an expiry), residents read the current ones (alerts first,
//! on the home page too), are notified, and can open one; every bad input is
//! refused and changes nothing.

use app::accounts::model::Role;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, call, get_json};

pub async fn villages(app: &TestApp, commune: i64) -> Vec<i64> {
    sqlx::query_scalar("select id from villages where commune_code = $1 order by id")
        .bind(commune)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

pub async fn post(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    call(app, "/api/staff/announcements/post", fields, token).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_post_and_residents_read_alerts_first() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0965000001", Role::CommuneStaff { commune: 12364 })
        .await;
    let resident = app.sign_up("0965000002", "Lê Văn Đọc").await;
    let (status, id) = post(
        &app,
        &staff,
        &[
            ("announcement[kind]", "notice"),
            ("announcement[title]", "Lịch tiêm chủng tháng 12"),
            (
                "announcement[body]",
                "Trạm y tế tiêm chủng mở rộng sáng thứ Bảy.",
            ),
        ],
    )
    .await;
    assert_eq!(status, 200, "{id:?}");
    let (status, alert) = post(
        &app,
        &staff,
        &[
            ("announcement[kind]", "alert"),
            ("announcement[title]", "Cảnh báo lũ sông Luộc"),
            (
                "announcement[body]",
                "<script>alert(1)</script> Nước lên nhanh, bà con chú ý.",
            ),
            ("announcement[expires_on]", "2099-12-31"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let (status, list) = get_json(
        &app,
        "/api/announcements/list",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let titles: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec!["Cảnh báo lũ sông Luộc", "Lịch tiêm chủng tháng 12"]
    );
    // The home page: the alert first; the text is escaped.
    let (status, page) = app.page(&format!("/c/{DEMO_COMMUNE}"), None).await;
    assert_eq!(status, 200);
    let alert_at = page.find("Cảnh báo lũ sông Luộc").unwrap();
    let notice_at = page.find("Lịch tiêm chủng tháng 12").unwrap();
    assert!(alert_at < notice_at);
    assert!(!page.contains("<script>alert(1)</script>"));
    // The resident was notified of both, and reading one reads its notification.
    let (_, notifications) =
        get_json(&app, "/api/reports/notifications", &[], Some(&resident)).await;
    assert_eq!(notifications.as_array().unwrap().len(), 2);
    let alert_id = alert.as_i64().unwrap().to_string();
    let (status, one) = get_json(
        &app,
        "/api/announcements/one",
        &[("id", &alert_id)],
        Some(&resident),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(one["announcement"]["kind"], "Alert");
    let unread = app
        .count(
            "select count(*) from notifications n join users u on u.id = n.user_id \
             where u.phone = '+84965000002' and n.read_at is null",
        )
        .await;
    assert_eq!(unread, 1);
    // The author is not notified of their own announcement.
    let (_, theirs) = get_json(&app, "/api/reports/notifications", &[], Some(&staff)).await;
    assert_eq!(theirs.as_array().unwrap().len(), 0);

    // Withdrawn: gone for residents, still listed for staff.
    let (status, _) = call(
        &app,
        "/api/staff/announcements/withdraw",
        &[("id", &alert_id)],
        &staff,
    )
    .await;
    assert_eq!(status, 200);
    let (_, list) = get_json(
        &app,
        "/api/announcements/list",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let (status, _) = get_json(
        &app,
        "/api/announcements/one",
        &[("id", &alert_id)],
        Some(&resident),
    )
    .await;
    assert_eq!(status, 404);
    let (status, staff_list) = get_json(&app, "/api/staff/announcements", &[], Some(&staff)).await;
    assert_eq!(status, 200);
    assert_eq!(staff_list["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.count("select count(*) from audit_log where action in ('post_announcement', 'withdraw_announcement')")
            .await,
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announcements_for_villages_reach_their_residents() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0965000011", Role::CommuneAdmin { commune: 12364 })
        .await;
    let here = villages(&app, 12364).await;
    let (first, second) = (here[0], here[1]);
    let inside = app.sign_up("0965000012", "Người Trong Thôn").await;
    let outside = app.sign_up("0965000013", "Người Thôn Khác").await;
    for (phone, village) in [("+84965000012", first), ("+84965000013", second)] {
        sqlx::query("update users set village_id = $1 where phone = $2")
            .bind(village)
            .bind(phone)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let field = format!("announcement[villages][v{first}]");
    let (status, _) = post(
        &app,
        &staff,
        &[
            ("announcement[kind]", "event"),
            ("announcement[title]", "Họp thôn"),
            (
                "announcement[body]",
                "Họp thôn tối thứ Sáu tại nhà văn hóa.",
            ),
            (&field, "on"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let (_, mine) = get_json(&app, "/api/reports/notifications", &[], Some(&inside)).await;
    let (_, not_mine) = get_json(&app, "/api/reports/notifications", &[], Some(&outside)).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(not_mine.as_array().unwrap().len(), 0);
    let (_, list) = get_json(
        &app,
        "/api/announcements/list",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(list["items"][0]["villages"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_announcements_change_nothing() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0965000021", Role::CommuneStaff { commune: 12364 })
        .await;
    let elsewhere = app
        .person_with_role("0965000022", Role::CommuneStaff { commune: 12361 })
        .await;
    let resident = app.sign_up("0965000023", "Dân Thường").await;
    let name = app::staff::model::VillageName::parse("Thôn Xa").unwrap();
    app::staff::db::add_village(&app.db, 12361, &name, app::places::model::VillageKind::Thon)
        .await
        .unwrap();
    let foreign = villages(&app, 12361).await[0];
    let foreign_field = format!("announcement[villages][v{foreign}]");
    let good = |kind: &'static str| {
        vec![
            ("announcement[kind]", kind),
            ("announcement[title]", "Cắt điện"),
            ("announcement[body]", "Cắt điện từ 8 giờ đến 11 giờ."),
        ]
    };
    let long_body = "x".repeat(100_000);
    // Each: the form, the status and the problem it must get.
    type Case<'a> = (Vec<(&'a str, &'a str)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (good("party"), 400, "UnknownAnnouncementKind"),
        (
            [good("notice"), vec![(foreign_field.as_str(), "on")]].concat(),
            400,
            "UnknownVillage",
        ),
        (
            [good("notice"), vec![("announcement[villages][abc]", "on")]].concat(),
            400,
            "UnknownVillage",
        ),
        (
            [
                good("notice"),
                vec![("announcement[expires_on]", "2020-01-01")],
            ]
            .concat(),
            400,
            "ExpiryInPast",
        ),
        (
            [
                good("notice"),
                vec![("announcement[expires_on]", "hôm qua")],
            ]
            .concat(),
            400,
            "DateInvalid",
        ),
        (
            vec![
                ("announcement[kind]", "notice"),
                ("announcement[title]", " "),
                ("announcement[body]", "x"),
            ],
            400,
            "AnnouncementTitleMissing",
        ),
        (
            vec![
                ("announcement[kind]", "notice"),
                ("announcement[title]", "Tiêu đề"),
                ("announcement[body]", long_body.as_str()),
            ],
            400,
            "TextTooLong",
        ),
    ];
    for (fields, status, problem) in cases {
        let (got, body) = post(&app, &staff, &fields).await;
        assert_eq!(
            (got, body["Invalid"].as_str()),
            (status, Some(problem)),
            "{fields:?}"
        );
    }
    // Residents and strangers may not post; staff of another commune cannot
    // withdraw this commune's announcements.
    let (status, _) = post(&app, &resident, &good("notice")).await;
    assert_eq!(status, 403);
    let anonymous = app
        .post("/api/staff/announcements/post", &good("notice"), None)
        .await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(app.count("select count(*) from announcements").await, 0);
    let (_, id) = post(&app, &staff, &good("notice")).await;
    let id = id.as_i64().unwrap().to_string();
    let (status, body) = call(
        &app,
        "/api/staff/announcements/withdraw",
        &[("id", &id)],
        &elsewhere,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (404, Some("UnknownAnnouncement"))
    );
    let (status, _) = get_json(&app, "/api/announcements/one", &[("id", "abc")], None).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.count("select count(*) from announcements where withdrawn_at is null")
            .await,
        1
    );
    assert_eq!(
        app.count(
            "select count(*) from notifications n join users u on u.id = n.user_id \
             where u.phone = '+84965000023'"
        )
        .await,
        1
    );
}

async fn edit(app: &TestApp, token: &str, id: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut form = vec![("id", id)];
    form.extend_from_slice(fields);
    call(app, "/api/staff/announcements/edit", &form, token).await
}

async fn told(app: &TestApp, token: &str) -> usize {
    let (_, list) = get_json(app, "/api/reports/notifications", &[], Some(token)).await;
    list.as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_edit_announcements_and_only_the_new_audience_is_told() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0965000031", Role::CommuneStaff { commune: 12364 })
        .await;
    let elsewhere = app
        .person_with_role("0965000032", Role::CommuneStaff { commune: 12361 })
        .await;
    let here = villages(&app, 12364).await;
    let (first, second) = (here[0], here[1]);
    let a = app.sign_up("0965000033", "Người Thôn Một").await;
    let b = app.sign_up("0965000034", "Người Thôn Hai").await;
    for (phone, village) in [("+84965000033", first), ("+84965000034", second)] {
        sqlx::query("update users set village_id = $1 where phone = $2")
            .bind(village)
            .bind(phone)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let first_field = format!("announcement[villages][v{first}]");
    let second_field = format!("announcement[villages][v{second}]");
    let (status, id) = post(
        &app,
        &staff,
        &[
            ("announcement[kind]", "notice"),
            ("announcement[title]", "Họp thôn tối thứ Sáu"),
            ("announcement[body]", "Họp tại nhà văn hóa lúc 19 giờ."),
            (&first_field, "on"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let id = id.as_i64().unwrap().to_string();
    assert_eq!((told(&app, &a).await, told(&app, &b).await), (1, 0));

    // The edit form comes filled in.
    let (status, page) = get_json(
        &app,
        "/api/staff/announcements",
        &[("edit", &id)],
        Some(&staff),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        page["editing"]["announcement"]["title"],
        "Họp thôn tối thứ Sáu"
    );
    assert_eq!(page["editing"]["villages"], serde_json::json!([first]));

    // Refused edits change nothing.
    let changed = [
        ("announcement[kind]", "event"),
        ("announcement[title]", "Họp hai thôn tối thứ Bảy"),
        ("announcement[body]", "Đổi sang tối thứ Bảy, 19 giờ 30."),
        (first_field.as_str(), "on"),
        (second_field.as_str(), "on"),
        ("announcement[expires_on]", "2099-12-31"),
    ];
    let (status, body) = edit(&app, &elsewhere, &id, &changed).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (404, Some("UnknownAnnouncement"))
    );
    let (status, _) = edit(&app, &a, &id, &changed).await;
    assert_eq!(status, 403);
    let (status, body) = edit(&app, &staff, "abc", &changed).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (404, Some("UnknownAnnouncement"))
    );
    let untitled = [
        ("announcement[kind]", "event"),
        ("announcement[title]", "  "),
        ("announcement[body]", "x"),
    ];
    let (status, body) = edit(&app, &staff, &id, &untitled).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("AnnouncementTitleMissing"))
    );
    let past = [
        ("announcement[kind]", "event"),
        ("announcement[title]", "Họp"),
        ("announcement[body]", "x"),
        ("announcement[expires_on]", "2020-01-01"),
    ];
    let (status, body) = edit(&app, &staff, &id, &past).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("ExpiryInPast"))
    );
    let (_, list) = get_json(
        &app,
        "/api/announcements/list",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(list["items"][0]["title"], "Họp thôn tối thứ Sáu");
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'edit_announcement'")
            .await,
        0
    );

    // Edited, with a village added: residents already told are not told
    // again; the new village's are.
    let (status, body) = edit(&app, &staff, &id, &changed).await;
    assert_eq!(status, 200, "{body}");
    let (_, list) = get_json(
        &app,
        "/api/announcements/list",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    let item = &list["items"][0];
    assert_eq!(item["title"], "Họp hai thôn tối thứ Bảy");
    assert_eq!(item["body"], "Đổi sang tối thứ Bảy, 19 giờ 30.");
    assert_eq!(item["kind"], "Event");
    assert_eq!(item["villages"].as_array().unwrap().len(), 2);
    assert!(item["expires_at_ms"].as_i64().is_some());
    assert_eq!((told(&app, &a).await, told(&app, &b).await), (1, 1));
    let details: Vec<String> = sqlx::query_scalar(
        "select detail from audit_log where action = 'edit_announcement' order by id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(details.len(), 1);
    assert!(
        details[0].contains("«Họp thôn tối thứ Sáu» → «Họp hai thôn tối thứ Bảy»"),
        "{details:?}"
    );

    // "Notify again": everyone it concerns is told once more.
    let again = [changed.as_slice(), &[("notify_again", "on")]].concat();
    let (status, _) = edit(&app, &staff, &id, &again).await;
    assert_eq!(status, 200);
    assert_eq!((told(&app, &a).await, told(&app, &b).await), (2, 2));

    // Withdrawn: no longer editable.
    let (status, _) = call(
        &app,
        "/api/staff/announcements/withdraw",
        &[("id", &id)],
        &staff,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = edit(&app, &staff, &id, &changed).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (404, Some("UnknownAnnouncement"))
    );
    let (status, _) = get_json(
        &app,
        "/api/staff/announcements",
        &[("edit", &id)],
        Some(&staff),
    )
    .await;
    assert_eq!(status, 404);
}
