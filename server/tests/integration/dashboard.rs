//! Dashboards: every figure computed on a known fixture and compared with the
//! values worked out by hand (in the comments), on both engines; the working
//! minutes kept when staff act; the public record; the CSV exports; and the
//! bad selections refused.

use app::accounts::model::Role;

use crate::support::{DEMO_COMMUNE, TestApp, call, get_json as get};

/// Xã Tiên Hoa: no demo data, so the fixture is all it has.
const FIXTURE: i64 = 12361;

fn at(date: &str, time: &str) -> i64 {
    app::time::parse_iso(&format!("{date}T{time}:00+07:00")).unwrap()
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&app.db)
        .await
        .unwrap();
}

/// One report of the fixture.
struct Filed<'a> {
    code: &'a str,
    created: i64,
    status: &'a str,
    village: &'a str,
    ack_minutes: Option<i64>,
    resolve_minutes: Option<i64>,
    resolved_at: Option<i64>,
    acknowledge_by: i64,
    resolve_by: i64,
    rating: Option<i64>,
    reopened: i64,
    position: bool,
}

async fn insert(app: &TestApp, category: i64, r: Filed<'_>) {
    let null = |v: Option<i64>| v.map_or("null".to_owned(), |v| v.to_string());
    let village = match r.village {
        "" => "null".to_owned(),
        name => {
            format!("(select id from villages where commune_code = {FIXTURE} and name = '{name}')")
        }
    };
    let (lat, lon) = if r.position {
        ("20.65", "106.05")
    } else {
        ("null", "null")
    };
    exec(
        app,
        &format!(
            "insert into reports (code, commune_code, category_id, description, village_id, latitude, longitude, \
               status, acknowledge_by, resolve_by, resolved_at, acknowledge_minutes, resolve_minutes, \
               rating, reopened, created_at, updated_at) \
             values ('{}', {FIXTURE}, {category}, 'Đèn đường hỏng ở đầu thôn', {village}, {lat}, {lon}, \
               '{}', {}, {}, {}, {}, {}, {}, {}, {}, {})",
            r.code,
            r.status,
            r.acknowledge_by,
            r.resolve_by,
            null(r.resolved_at),
            null(r.ack_minutes),
            null(r.resolve_minutes),
            null(r.rating),
            r.reopened,
            r.created,
            r.created,
        ),
    )
    .await;
}

/// The fixture commune, enabled, with two villages and a category (its id).
async fn commune_setup(app: &TestApp) -> i64 {
    exec(
        app,
        &format!("update communes set enabled = 1 where code = {FIXTURE}"),
    )
    .await;
    for name in ["Thôn Một", "Thôn Hai"] {
        exec(
            app,
            &format!(
                "insert into villages (commune_code, name, kind, search_name, created_at, updated_at) \
                 values ({FIXTURE}, '{name}', 'thon', ' thon', 0, 0)"
            ),
        )
        .await;
    }
    exec(
        app,
        &format!(
            "insert into report_categories (commune_code, code, name, resolve_days, created_at) \
             values ({FIXTURE}, 'den', 'Đèn đường', 5, 0)"
        ),
    )
    .await;
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "select id from report_categories where commune_code = {FIXTURE} and code = 'den'"
    )))
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// The fixture: seven reports and three directory entries in the commune.
async fn fixture(app: &TestApp) {
    let now = app::db::now_ms();
    let category = commune_setup(app).await;
    let never = at("2100-01-01", "00:00");
    let past = at("2026-01-05", "08:00");
    let base = Filed {
        code: "",
        created: 0,
        status: "new",
        village: "",
        ack_minutes: None,
        resolve_minutes: None,
        resolved_at: None,
        acknowledge_by: never,
        resolve_by: never,
        rating: None,
        reopened: 0,
        position: false,
    };
    // R1: resolved on time, rated 5.
    insert(
        app,
        category,
        Filed {
            code: "T-1",
            created: at("2026-02-02", "09:00"),
            status: "resolved",
            village: "Thôn Một",
            ack_minutes: Some(60),
            resolve_minutes: Some(600),
            resolved_at: Some(at("2026-02-03", "09:00")),
            resolve_by: at("2026-02-09", "09:00"),
            rating: Some(5),
            ..base
        },
    )
    .await;
    // R2: closed after a late resolution, reopened once, rated 3.
    insert(
        app,
        category,
        Filed {
            code: "T-2",
            created: at("2026-02-03", "09:00"),
            status: "closed",
            village: "Thôn Hai",
            ack_minutes: Some(120),
            resolve_minutes: Some(1200),
            resolved_at: Some(at("2026-02-20", "09:00")),
            resolve_by: at("2026-02-10", "09:00"),
            rating: Some(3),
            reopened: 1,
            ..base
        },
    )
    .await;
    // R3: in progress and past its resolve deadline; on the map.
    insert(
        app,
        category,
        Filed {
            code: "T-3",
            created: at("2026-02-10", "09:00"),
            status: "in_progress",
            village: "Thôn Một",
            ack_minutes: Some(30),
            resolve_by: past,
            position: true,
            ..base
        },
    )
    .await;
    // R4: new, deadlines far away.
    insert(
        app,
        category,
        Filed {
            code: "T-4",
            created: at("2026-03-02", "09:00"),
            ..base
        },
    )
    .await;
    // R5: rejected.
    insert(
        app,
        category,
        Filed {
            code: "T-5",
            created: at("2026-03-03", "09:00"),
            status: "rejected",
            village: "Thôn Một",
            ack_minutes: Some(240),
            ..base
        },
    )
    .await;
    // R6: before the period, resolved.
    insert(
        app,
        category,
        Filed {
            code: "T-6",
            created: at("2025-12-15", "09:00"),
            status: "resolved",
            ack_minutes: Some(10),
            resolve_minutes: Some(100),
            resolved_at: Some(at("2025-12-16", "09:00")),
            rating: Some(1),
            ..base
        },
    )
    .await;
    // R7: after the period, new and past its acknowledge deadline.
    insert(
        app,
        category,
        Filed {
            code: "T-7",
            created: at("2026-04-05", "09:00"),
            acknowledge_by: past,
            ..base
        },
    )
    .await;
    // Directory: health verified now and 200 days ago, education never.
    for (area, name, verified) in [
        ("health", "Trạm y tế xã", Some(now)),
        ("health", "Phòng khám", Some(now - 200 * 86_400_000)),
        ("education", "Trường mầm non", None),
    ] {
        let verified = verified.map_or("null".to_owned(), |v| v.to_string());
        exec(
            app,
            &format!(
                "insert into directory_services (commune_code, area, kind, name, search_name, search_text, \
                   verified_at, created_at, updated_at) \
                 values ({FIXTURE}, '{area}', 'station', '{name}', ' x', ' x', {verified}, 0, 0)"
            ),
        )
        .await;
    }
}

const PERIOD: [(&str, &str); 3] = [
    ("period", "custom"),
    ("from", "2026-01-01"),
    ("to", "2026-03-31"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commune_dashboard_counts_the_fixture_right() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    let staff = app
        .person_with_role("0967000001", Role::CommuneStaff { commune: FIXTURE })
        .await;
    let (status, d) = get(&app, "/api/dashboard/commune", &PERIOD, Some(&staff)).await;
    assert_eq!(status, 200, "{d}");
    let r = &d["reports"];
    // Filed in the period: R1–R5.
    assert_eq!(r["received"], 5);
    // Resolved: R1, R2; on time: R1.
    assert_eq!(r["resolved"], 2);
    assert_eq!(
        r["within_deadline"],
        serde_json::json!({"part": 1, "whole": 2})
    );
    // Resolved at least once: R1, R2; reopened: R2.
    assert_eq!(r["reopened"], serde_json::json!({"part": 1, "whole": 2}));
    // Ratings 5 and 3.
    assert_eq!(r["rating"], 4.0);
    assert_eq!(r["ratings"], 2);
    // Acknowledged after 30, 60, 120, 240: median the 2nd, 90th percentile the 4th.
    assert_eq!(
        r["acknowledge"],
        serde_json::json!({"count": 4, "median": 60, "p90": 240})
    );
    // Resolved after 600, 1200.
    assert_eq!(
        r["resolve"],
        serde_json::json!({"count": 2, "median": 600, "p90": 1200})
    );
    // Open now, whatever the period: R3 in progress, R4 and R7 new.
    assert_eq!(
        r["open_by_status"],
        serde_json::json!([["new", 2], ["acknowledged", 0], ["in_progress", 1]])
    );
    assert_eq!(r["open_by_category"], serde_json::json!([["Đèn đường", 3]]));
    // R3 past its resolve deadline, R7 past its acknowledge deadline.
    assert_eq!(r["overdue_now"], 2);
    assert_eq!(r["open_map"].as_array().unwrap().len(), 1);
    assert_eq!(r["open_map"][0]["code"], "T-3");
    assert_eq!(r["open_unplaced"], 2);
    // Weeks from Monday 12/01 to the week of 31/03 (stopping on 31/03, so
    // R7 of 05/04 is not in it): R1, R2 in the 4th week (02/02), R3 the 5th,
    // R4, R5 the 8th; resolved R1 (03/02) and R2 (20/02).
    let weeks = r["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks[0]["starts"], "2026-01-12");
    assert_eq!(weeks[11]["starts"], "2026-03-30");
    let received: Vec<i64> = weeks
        .iter()
        .map(|w| w["received"].as_i64().unwrap())
        .collect();
    let resolved: Vec<i64> = weeks
        .iter()
        .map(|w| w["resolved"].as_i64().unwrap())
        .collect();
    assert_eq!(received, [0, 0, 0, 2, 1, 0, 0, 2, 0, 0, 0, 0]);
    assert_eq!(resolved, [0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
    // Directory: health 2 (one not verified for 200 days), education 1 never verified.
    let areas = d["directory"].as_array().unwrap();
    assert_eq!(
        areas[0],
        serde_json::json!({"area": "health", "entries": 2, "stale": 1})
    );
    assert_eq!(
        areas[1],
        serde_json::json!({"area": "education", "entries": 1, "stale": 1})
    );
    assert!(areas[2..].iter().all(|a| a["entries"] == 0));
    assert!(d["survey"].is_null());

    // Thôn Một only: R1, R3, R5.
    let village: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "select id from villages where commune_code = {FIXTURE} and name = 'Thôn Một'"
    )))
    .fetch_one(&app.db)
    .await
    .unwrap();
    let village = village.to_string();
    let mut query = PERIOD.to_vec();
    query.push(("village", &village));
    let (status, d) = get(&app, "/api/dashboard/commune", &query, Some(&staff)).await;
    assert_eq!(status, 200);
    let r = &d["reports"];
    assert_eq!(r["received"], 3);
    assert_eq!(r["resolved"], 1);
    assert_eq!(
        r["within_deadline"],
        serde_json::json!({"part": 1, "whole": 1})
    );
    assert_eq!(
        r["acknowledge"],
        serde_json::json!({"count": 3, "median": 60, "p90": 240})
    );
    assert_eq!(r["overdue_now"], 1);

    // The export has the same figures, UTF-8 with a BOM.
    let response = app
        .client
        .get(app.url("/exports/dashboard/commune.csv"))
        .query(&PERIOD)
        .header("cookie", format!("xaso_session={staff}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    for line in [
        "received,,5",
        "acknowledge_minutes_median,,60",
        "within_deadline_percent,,50.0",
        "open_by_category,Đèn đường,3",
        "week_received,2026-02-02,2",
        "directory_not_verified_6_months,health,1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_province_dashboard_compares_communes_against_the_targets() {
    let app = TestApp::spawn().await;
    fixture(&app).await;
    // Three answers on the demo survey's first scale question in the period:
    // levels 5, 4 and 2 of 5 → 2 of 3 satisfied.
    let (question, item): (i64, i64) = sqlx::query_as(
        "select id, 0 from survey_questions where survey_id = 1 and kind in ('scale', 'matrix') \
         order by position limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let submitted = at("2026-02-15", "10:00");
    for (n, level) in [5, 4, 2].into_iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "insert into survey_responses (survey_id, respondent, submitted_at, created_at, updated_at) \
             values (1, $1, $2, $2, $2) returning id",
        )
        .bind(format!("u-fixture-{n}"))
        .bind(submitted)
        .fetch_one(&app.db)
        .await
        .unwrap();
        sqlx::query("insert into survey_answers (response_id, question_id, item, choice) values ($1, $2, $3, $4)")
            .bind(id)
            .bind(question)
            .bind(item)
            .bind(level)
            .execute(&app.db)
            .await
            .unwrap();
    }
    exec(
        &app,
        &format!("update communes set smart_pilot = 1 where code = {FIXTURE}"),
    )
    .await;
    let officer = app
        .person_with_role("0967000002", Role::ProvinceOfficer { province: 33 })
        .await;
    let (status, d) = get(&app, "/api/dashboard/province", &PERIOD, Some(&officer)).await;
    assert_eq!(status, 200, "{d}");
    let rows = d["rows"].as_array().unwrap();
    let total: i64 = app
        .count("select count(*) from communes where province_code = 33")
        .await;
    assert_eq!(rows.len() as i64, total);
    let row = |code: i64| rows.iter().find(|r| r["code"] == code).unwrap().clone();
    let fixture_row = row(FIXTURE);
    assert_eq!(fixture_row["enabled"], true);
    assert_eq!(fixture_row["smart_pilot"], true);
    // Verified health entry → a service online; no survey answers.
    assert_eq!(fixture_row["service_online"], true);
    assert_eq!(fixture_row["feedback_online"], false);
    assert_eq!(fixture_row["received"], 5);
    assert_eq!(fixture_row["resolved"], 2);
    assert_eq!(
        fixture_row["within_deadline"],
        serde_json::json!({"part": 1, "whole": 2})
    );
    assert_eq!(
        (fixture_row["ratings"].clone(), fixture_row["stars"].clone()),
        (2.into(), 8.into())
    );
    let demo = row(12364);
    assert_eq!(demo["feedback_online"], true);
    assert_eq!(
        demo["satisfaction"],
        serde_json::json!({"part": 2, "whole": 3})
    );
    assert_eq!(demo["received"], 0);
    // Every other commune of the province is not enabled: nothing online.
    assert!(
        rows.iter()
            .filter(|r| r["code"] != FIXTURE && r["code"] != 12364)
            .all(|r| r["enabled"] == false
                && r["service_online"] == false
                && r["feedback_online"] == false)
    );

    let csv = app
        .client
        .get(app.url("/exports/dashboard/province.csv"))
        .query(&PERIOD)
        .header("cookie", format!("xaso_session={officer}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = csv.lines().find(|l| l.starts_with("12361,")).unwrap();
    assert_eq!(line, "12361,Xã Tiên Hoa,1,1,1,0,5,2,1,50.0,4.0,2,");
    let totals = csv.lines().last().unwrap();
    assert!(totals.starts_with("total,Hưng Yên,2,1,"), "{totals}");

    // Another province's officer, and staff, are refused; so are bad periods.
    let other = app
        .person_with_role("0967000003", Role::ProvinceOfficer { province: 1 })
        .await;
    let mut query = PERIOD.to_vec();
    query.push(("province", "33"));
    let (status, _) = get(&app, "/api/dashboard/province", &query, Some(&other)).await;
    assert_eq!(status, 403);
    let staff = app
        .person_with_role("0967000004", Role::CommuneStaff { commune: 12364 })
        .await;
    let (status, _) = get(&app, "/api/dashboard/province", &query, Some(&staff)).await;
    assert_eq!(status, 403);
    for (from, to, problem) in [
        ("2026-03-01", "2026-02-01", "PeriodBackwards"),
        ("2020-01-01", "2026-01-01", "PeriodTooLong"),
        ("hôm qua", "2026-01-01", "PeriodInvalid"),
    ] {
        let (status, body) = get(
            &app,
            "/api/dashboard/province",
            &[("period", "custom"), ("from", from), ("to", to)],
            Some(&officer),
        )
        .await;
        assert_eq!((status, body["Invalid"].as_str()), (400, Some(problem)));
    }
    let (status, body) = get(
        &app,
        "/api/dashboard/province",
        &[("period", "decade")],
        Some(&officer),
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("PeriodInvalid"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commune_dashboard_refuses_other_communes_and_unknown_villages() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0967000011", Role::CommuneStaff { commune: 12364 })
        .await;
    let (status, _) = get(
        &app,
        "/api/dashboard/commune",
        &[("commune", "12361")],
        Some(&staff),
    )
    .await;
    assert_eq!(status, 403);
    // A village of another commune.
    exec(
        &app,
        "insert into villages (commune_code, name, kind, search_name, created_at, updated_at) \
         values (12361, 'Thôn Khác', 'thon', ' thon khac', 0, 0)",
    )
    .await;
    let elsewhere: i64 = app
        .count("select id from villages where commune_code = 12361 and name = 'Thôn Khác'")
        .await;
    let elsewhere = elsewhere.to_string();
    for village in [elsewhere.as_str(), "abc", "999999"] {
        let (status, body) = get(
            &app,
            "/api/dashboard/commune",
            &[("village", village)],
            Some(&staff),
        )
        .await;
        assert_eq!(
            (status, body["Invalid"].as_str()),
            (400, Some("UnknownVillage")),
            "{village}"
        );
    }
    // The page says so in Vietnamese, with the selector to correct it.
    let (status, page) = app
        .page(
            "/staff/dashboard?period=custom&from=2026-03-01&to=2026-01-01",
            Some(&staff),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Ngày kết thúc phải sau ngày bắt đầu."),
        "{page}"
    );
    assert!(page.contains("name=\"period\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_steps_keep_working_minutes_and_reopenings() {
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0967000021", "Nguyễn Văn Dân").await;
    let staff = app
        .person_with_role("0967000022", Role::CommuneStaff { commune: 12364 })
        .await;
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let (status, code) = call(
        &app,
        "/api/reports/file",
        &[
            ("commune", DEMO_COMMUNE),
            ("report[category]", &category),
            (
                "report[description]",
                "Cống thoát nước bị tắc trước nhà văn hoá",
            ),
        ],
        &resident,
    )
    .await;
    assert_eq!(status, 200);
    let code = code.as_str().unwrap().to_owned();
    let minutes = |column: &'static str| {
        let app = &app;
        let code = code.clone();
        async move {
            sqlx::query_scalar::<_, Option<i64>>(sqlx::AssertSqlSafe(format!(
                "select {column} from reports where code = $1"
            )))
            .bind(code)
            .fetch_one(&app.db)
            .await
            .unwrap()
        }
    };
    assert_eq!(minutes("acknowledge_minutes").await, None);
    for step in ["start", "resolve"] {
        let (status, _) = call(
            &app,
            "/api/staff/reports/act",
            &[("code", &code), ("step", step), ("body", "Đã xử lý xong")],
            &staff,
        )
        .await;
        assert_eq!(status, 200, "{step}");
    }
    // Filed and handled within seconds: zero or a few working minutes, kept.
    assert!(minutes("acknowledge_minutes").await.is_some());
    assert!(minutes("resolve_minutes").await.is_some());
    assert_eq!(minutes("reopened").await, Some(0));
    let (status, _) = call(
        &app,
        "/api/reports/confirm",
        &[("code", &code), ("fixed", "no")],
        &resident,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(minutes("reopened").await, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_record_shows_the_last_twelve_months() {
    let app = TestApp::spawn().await;
    let category = commune_setup(&app).await;
    let now = app::db::now_ms();
    // Resolved in the last days after 90 and 30 working minutes, on time,
    // rated 4; and one filed 400 days ago, which is not counted.
    for (code, days, minutes) in [("T-8", 5, 90), ("T-9", 5, 30), ("T-10", 400, 10)] {
        insert(
            &app,
            category,
            Filed {
                code,
                created: now - days * 86_400_000,
                status: "resolved",
                village: "",
                ack_minutes: Some(10),
                resolve_minutes: Some(minutes),
                resolved_at: Some(now - (days - 1) * 86_400_000),
                acknowledge_by: now,
                resolve_by: now,
                rating: Some(4),
                reopened: 0,
                position: false,
            },
        )
        .await;
    }
    let (status, r) = get(&app, "/api/dashboard/record", &[("commune", "12361")], None).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["received"], 2);
    assert_eq!(r["resolved"], 2);
    // 30 and 90: the median is the first (nearest rank).
    assert_eq!(r["resolve_median"], 30);
    assert_eq!(
        r["within_deadline"],
        serde_json::json!({"part": 2, "whole": 2})
    );
    assert_eq!(r["rating"], 4.0);
    assert!(r["satisfaction"].is_null());
    // A commune that has not joined has no record.
    let (status, _) = get(&app, "/api/dashboard/record", &[("commune", "12367")], None).await;
    assert_eq!(status, 404);
    let (status, page) = app.page("/c/12361/record", None).await;
    assert_eq!(status, 200);
    assert!(page.contains("Xã Tiên Hoa: kết quả giải quyết phản ánh"));
}
