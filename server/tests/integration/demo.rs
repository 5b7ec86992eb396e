//! The demo commune's year of history (`XASO_DEMO`, `server seed-demo`) and
//! `server remove-demo`, which takes away exactly what the demo made.

use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, call, get_json};

/// Rows marked as demo data, in every table that has the mark.
async fn demo_rows(app: &TestApp) -> i64 {
    app.count(
        "select (select count(*) from reports where is_demo = 1) \
           + (select count(*) from surveys where is_demo = 1) \
           + (select count(*) from announcements where is_demo = 1) \
           + (select count(*) from users where is_demo = 1) \
           + (select count(*) from directory_services where is_demo = 1) \
           + (select count(*) from directory_organizations where is_demo = 1) \
           + (select count(*) from villages where is_demo = 1) \
           + (select count(*) from communes where is_demo = 1)",
    )
    .await
}

/// A real resident of the demo commune and a report of theirs, filed the
/// ordinary way.
async fn real_report(app: &TestApp) -> String {
    let token = app.sign_up("0965100001", "Đỗ Văn Thật").await;
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let (status, body) = call(
        app,
        "/api/reports/file",
        &[
            ("commune", DEMO_COMMUNE),
            ("report[category]", category.as_str()),
            (
                "report[description]",
                "Cống trước nhà văn hóa bị tắc, nước tràn ra đường",
            ),
        ],
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_demo_commune_gets_a_believable_year_and_remove_demo_takes_it_all_away() {
    let app = TestApp::spawn_with_render_cache(std::time::Duration::ZERO).await;
    let real = real_report(&app).await;
    // Someone real has one of the demo residents' numbers: never made demo.
    app.sign_up("0900001005", "Người Thật").await;
    assert!(app::demo::history::seed(&app.db).await.unwrap());
    // Safe to run again: the second time adds nothing.
    let reports = app
        .count("select count(*) from reports where is_demo = 1")
        .await;
    assert!(!app::demo::history::seed(&app.db).await.unwrap());
    assert_eq!(
        app.count("select count(*) from reports where is_demo = 1")
            .await,
        reports
    );
    assert!((250..=320).contains(&reports), "{reports} reports");

    // Never outside the demo commune.
    for outside in [
        "select count(*) from reports where is_demo = 1 and commune_code <> 12364",
        "select count(*) from surveys where is_demo = 1 and commune_code <> 12364",
        "select count(*) from announcements where is_demo = 1 and commune_code <> 12364",
        "select count(*) from users where is_demo = 1 and home_commune <> 12364",
    ] {
        assert_eq!(app.count(outside).await, 0, "{outside}");
    }
    // Every status, replies and notes, photos, reopenings, ratings, deadlines
    // met and missed, some still overdue.
    let statuses = app
        .count("select count(distinct status) from reports where is_demo = 1")
        .await;
    assert!(statuses >= 7, "{statuses} statuses");
    for (sql, at_least) in [
        (
            "select count(*) from report_events e join reports r on r.id = e.report_id \
          where r.is_demo = 1 and e.kind = 'reply'",
            20,
        ),
        (
            "select count(*) from report_events e join reports r on r.id = e.report_id \
          where r.is_demo = 1 and e.kind = 'note' and e.public = 0",
            5,
        ),
        (
            "select count(*) from report_photos p join reports r on r.id = p.report_id where r.is_demo = 1",
            60,
        ),
        (
            "select count(*) from reports where is_demo = 1 and reopened > 0",
            3,
        ),
        (
            "select count(*) from reports where is_demo = 1 and rating is not null",
            100,
        ),
        (
            "select count(*) from reports where is_demo = 1 and resolved_at > resolve_by",
            10,
        ),
        (
            "select count(*) from reports where is_demo = 1 and resolved_at <= resolve_by",
            100,
        ),
        (
            "select count(*) from survey_responses s join surveys v on v.id = s.survey_id \
          where v.is_demo = 1 and s.submitted_at is not null",
            250,
        ),
        ("select count(*) from announcements where is_demo = 1", 8),
        (
            "select count(*) from appointments a join users u on u.id = a.user_id \
          where u.is_demo = 1 and a.role = 'commune_staff'",
            2,
        ),
    ] {
        let n = app.count(sql).await;
        assert!(n >= at_least, "{n} < {at_least}: {sql}");
    }

    // What a visitor sees: the public record and the reports.
    let (status, record) =
        get_json(&app, "/api/dashboard/record", &[("commune", "12364")], None).await;
    assert_eq!(status, 200, "{record}");
    assert!(record["received"].as_i64().unwrap() > 150, "{record}");
    let within = &record["within_deadline"];
    assert!(
        within["part"].as_i64() < within["whole"].as_i64(),
        "{record}"
    );
    assert!(record["rating"].as_f64().unwrap() > 3.0, "{record}");
    let response = app.get_with_cookie("/reports", "commune=12364").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("HY-"), "the list shows the demo reports");

    // remove-demo: every demo row goes; the real resident and report stay.
    let before = demo_rows(&app).await;
    let gone = app::demo::removal::remove(&app.db).await.unwrap();
    assert_eq!(gone.reports as i64, reports);
    assert!(
        gone.people >= 43 && gone.villages > 0 && gone.services > 0,
        "{gone:?}"
    );
    assert_eq!(
        app.count("select count(*) from users where phone = '+84900001005' and is_demo = 0")
            .await,
        1,
        "the real owner of a demo number stays"
    );
    assert!(before > reports);
    assert_eq!(demo_rows(&app).await, 0);
    for orphan in [
        "select count(*) from report_events where report_id not in (select id from reports)",
        "select count(*) from report_photos where report_id not in (select id from reports)",
        "select count(*) from survey_responses where survey_id not in (select id from surveys)",
        "select count(*) from appointments where user_id not in (select id from users)",
    ] {
        assert_eq!(app.count(orphan).await, 0, "{orphan}");
    }
    assert_eq!(app.count("select count(*) from reports").await, 1);
    let (status, report) =
        get_json(&app, "/api/reports/one", &[("code", real.as_str())], None).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        app.count("select count(*) from users where phone = '+84965100001'")
            .await,
        1
    );
    // A real resident lives there: the commune stays enabled.
    assert_eq!(
        app.count("select enabled from communes where code = 12364")
            .await,
        1
    );
    let (_, record): (u16, Value) =
        get_json(&app, "/api/dashboard/record", &[("commune", "12364")], None).await;
    assert_eq!(record["received"], 1, "{record}");
    // Nothing left to remove.
    assert_eq!(
        app::demo::removal::remove(&app.db).await.unwrap(),
        Default::default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_demo_disables_a_demo_commune_nobody_real_uses() {
    let app = TestApp::spawn().await;
    // Two servers starting at once: one seeds, the other finds it done.
    let (a, b) = tokio::join!(
        app::demo::history::seed(&app.db),
        app::demo::history::seed(&app.db)
    );
    assert_eq!(u8::from(a.unwrap()) + u8::from(b.unwrap()), 1);
    let reports = app
        .count("select count(*) from reports where is_demo = 1")
        .await;
    assert!((250..=320).contains(&reports), "{reports}");
    app::demo::removal::remove(&app.db).await.unwrap();
    assert_eq!(
        app.count("select enabled + is_demo from communes where code = 12364")
            .await,
        0
    );
    let (status, _) = app.page("/c/12364/record", None).await;
    assert_eq!(status, 404);
}
