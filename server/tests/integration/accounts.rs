//! Residents' accounts: sign-up, sign-in, sessions, throttling, reset codes,
//! profile, deletion, and the bad input each of them must refuse.

use crate::support::{DEMO_COMMUNE, PASSWORD, TestApp, session_token};

async fn error_of(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_sign_out_and_sign_in() {
    let app = TestApp::spawn().await;
    let response = app
        .post(
            "/api/account/sign-up",
            &[
                ("phone", "0912 345 678"),
                ("name", "  Nguyễn   Văn An "),
                ("password", PASSWORD),
                ("commune", DEMO_COMMUNE),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Max-Age"),
        "a browser session without remember me: {cookie}"
    );
    let token = session_token(&response).unwrap();

    // Stored normalised, with an Argon2id hash and only the token's hash.
    let phone: String = sqlx::query_scalar("select phone from users order by id desc limit 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(phone, "+84912345678");
    let hash: String =
        sqlx::query_scalar("select password_hash from users order by id desc limit 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert_eq!(app.count("select count(*) from sessions").await, 1);
    let stored: String = sqlx::query_scalar("select token_hash from sessions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_ne!(stored, token);

    let (status, page) = app.page("/account", Some(&token)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Nguyễn Văn An"),
        "the account page names the person"
    );
    assert!(page.contains("0912 345 678"));
    assert!(
        !page.contains("href=\"/staff\""),
        "residents see no staff menu"
    );

    let out = app.post("/api/account/sign-out", &[], Some(&token)).await;
    assert_eq!(out.status(), 200);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.count("select count(*) from sessions").await, 0);
    let (_, page) = app.page("/account", Some(&token)).await;
    assert!(
        page.contains("name=\"password\""),
        "signed out: the sign-in form"
    );

    // Either way of writing the number signs in; every sign-in is a new token.
    let first = app.sign_in("+84912345678", PASSWORD).await.unwrap();
    let second = app.sign_in("0912345678", PASSWORD).await.unwrap();
    assert_ne!(first, second);
    assert_ne!(first, token);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remember_me_keeps_the_cookie_for_thirty_days() {
    let app = TestApp::spawn().await;
    app.sign_up("0912345678", "An").await;
    let response = app
        .post(
            "/api/account/sign-in",
            &[
                ("phone", "0912345678"),
                ("password", PASSWORD),
                ("remember", "on"),
            ],
            None,
        )
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_up_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up("0912345678", "An").await;
    let long_name = "a".repeat(10_000);
    // (fields changed from a valid form, status, problem)
    type Case<'a> = (Vec<(&'a str, &'a str)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("phone", "12345")], 400, "MalformedPhone"),
        (vec![("phone", "<script>")], 400, "MalformedPhone"),
        (vec![("name", "")], 400, "NameMissing"),
        (vec![("name", &long_name)], 400, "NameTooLong"),
        (vec![("password", "short")], 400, "PasswordTooShort"),
        (vec![("password", "matkhau123")], 400, "PasswordTooCommon"),
        (vec![("commune", "")], 400, "CommuneMissing"),
        (vec![("commune", "99999")], 404, "UnknownCommune"),
        (vec![("village", "999999")], 400, "UnknownVillage"),
        (vec![("phone", "+84912345678")], 409, "PhoneTaken"),
    ];
    for (changes, want_status, want_problem) in cases {
        let mut form = vec![
            ("phone", "0987654321"),
            ("name", "Bình"),
            ("password", PASSWORD),
            ("commune", DEMO_COMMUNE),
        ];
        for (key, value) in changes {
            form.retain(|(k, _)| *k != key);
            form.push((key, value));
        }
        let response = app.post("/api/account/sign-up", &form, None).await;
        assert!(session_token(&response).is_none());
        let (status, body) = error_of(response).await;
        assert_eq!(status, want_status, "{want_problem}: {body}");
        assert_eq!(body["Invalid"], want_problem, "{body}");
    }
    assert_eq!(
        app.count("select count(*) from users where phone is null or phone not like '+849000000%'")
            .await,
        1
    );
    assert_eq!(app.count("select count(*) from sessions").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_village_of_another_commune_is_refused() {
    let app = TestApp::spawn().await;
    // A village of another commune.
    sqlx::query(
        "insert into villages (commune_code, name, kind, search_name, is_demo, created_at, updated_at) \
         values (12361, 'Thôn Khác', 'thon', ' thon khac', 0, 0, 0)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let other: i64 = sqlx::query_scalar("select id from villages where commune_code = 12361")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let other = other.to_string();
    let response = app
        .post(
            "/api/account/sign-up",
            &[
                ("phone", "0987654321"),
                ("name", "Bình"),
                ("password", PASSWORD),
                ("commune", DEMO_COMMUNE),
                ("village", &other),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        app.count("select count(*) from users where phone is null or phone not like '+849000000%'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_with_markup_are_escaped() {
    let app = TestApp::spawn().await;
    let token = app
        .sign_up("0912345678", "<script>alert('x')</script>")
        .await;
    let (_, page) = app.page("/account", Some(&token)).await;
    assert!(!page.contains("<script>alert"), "markup must be escaped");
    assert!(page.contains("&lt;script&gt;alert"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_number_with_a_time_to_wait() {
    let app = TestApp::spawn().await;
    app.sign_up("0912345678", "An").await;
    for _ in 0..5 {
        let response = app
            .post(
                "/api/account/sign-in",
                &[("phone", "0912345678"), ("password", "wrong-password")],
                None,
            )
            .await;
        let (status, body) = error_of(response).await;
        assert_eq!(
            (status, body["Invalid"].as_str()),
            (401, Some("WrongCredentials"))
        );
    }
    // Now even the right password waits, and the answer says for how long.
    let response = app
        .post(
            "/api/account/sign-in",
            &[("phone", "0912345678"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert!(session_token(&response).is_none());
    let (status, body) = error_of(response).await;
    assert_eq!(status, 429);
    assert_eq!(body["TooManyAttempts"]["minutes"], 15);
    // Another number from the same address is not locked yet.
    app.sign_up("0987654321", "Bình").await;
    assert!(app.sign_in("0987654321", PASSWORD).await.is_ok());
    // The browser sees the translated message on the sign-in page.
    let error =
        serde_json::to_string(&app::error::AppError::TooManyAttempts { minutes: 15 }).unwrap();
    let query = format!("/account?form=sign-in&error={}", urlencode(&error));
    let (_, page) = app.page(&query, None).await;
    assert!(
        page.contains("thử lại sau 15 phút"),
        "translated lockout message"
    );
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_form_that_fails_comes_back_with_its_error() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/account/sign-in"))
        .header("referer", app.url("/account?x=1"))
        .form(&[("phone", "0912345678"), ("password", "nope-nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/account?form=sign"), "{location}");
    assert!(location.contains("WrongCredentials"), "{location}");
    let (status, page) = app.page(&location, None).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Số điện thoại hoặc mật khẩu không đúng."),
        "translated error"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_session_cookies_are_anonymous() {
    let app = TestApp::spawn().await;
    app.sign_up("0912345678", "An").await;
    for forged in [
        "x",
        &"0".repeat(64),
        &"z".repeat(5000),
        "'; drop table users; --",
    ] {
        let response = app
            .client
            .get(app.url("/api/account/profile"))
            .header("accept", "application/json")
            .header("cookie", format!("xaso_session={forged}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{forged}");
    }
    assert_eq!(
        app.count("select count(*) from users where phone is null or phone not like '+849000000%'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    let phone_token = app.sign_up("0912345678", "An").await;
    let laptop_token = app.sign_in("0912345678", PASSWORD).await.unwrap();

    let wrong = app
        .post(
            "/api/account/password",
            &[
                ("current", "not-it-at-all"),
                ("password", "mat-khau-moi-2026"),
            ],
            Some(&phone_token),
        )
        .await;
    assert_eq!(wrong.status(), 400);

    let changed = app
        .post(
            "/api/account/password",
            &[("current", PASSWORD), ("password", "mat-khau-moi-2026")],
            Some(&phone_token),
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(
        app.api_status("/api/account/profile", Some(&phone_token))
            .await,
        200
    );
    assert_eq!(
        app.api_status("/api/account/profile", Some(&laptop_token))
            .await,
        401
    );
    assert_eq!(app.sign_in("0912345678", PASSWORD).await, Err(401));
    assert!(app.sign_in("0912345678", "mat-khau-moi-2026").await.is_ok());

    let everywhere = app
        .post("/api/account/sign-out-everywhere", &[], Some(&phone_token))
        .await;
    assert_eq!(everywhere.status(), 200);
    assert_eq!(app.count("select count(*) from sessions").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_can_be_edited() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0912345678", "An").await;
    let village: i64 =
        sqlx::query_scalar("select min(id) from villages where commune_code = 12364")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let village = village.to_string();
    let saved = app
        .post(
            "/api/account/profile/update",
            &[("name", "Nguyễn An"), ("village", &village), ("lang", "en")],
            Some(&token),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let profile: serde_json::Value = app
        .client
        .get(app.url("/api/account/profile"))
        .header("accept", "application/json")
        .header("cookie", format!("xaso_session={token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["name"], "Nguyễn An");
    assert_eq!(profile["village_id"].to_string(), village);
    assert_eq!(profile["lang"], "En");
    let refused = app
        .post(
            "/api/account/profile/update",
            &[("name", ""), ("village", ""), ("lang", "vi")],
            Some(&token),
        )
        .await;
    assert_eq!(refused.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_account_erases_the_personal_data() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0912345678", "Nguyễn Văn An").await;
    let unconfirmed = app
        .post(
            "/api/account/delete",
            &[("password", PASSWORD)],
            Some(&token),
        )
        .await;
    assert_eq!(unconfirmed.status(), 400);
    let wrong = app
        .post(
            "/api/account/delete",
            &[("password", "not-my-password"), ("confirm", "yes")],
            Some(&token),
        )
        .await;
    assert_eq!(wrong.status(), 400);
    assert_eq!(
        app.count(
            "select count(*) from users where deleted_at is null and phone not like '+849000000%'"
        )
        .await,
        1
    );

    let deleted = app
        .post(
            "/api/account/delete",
            &[("password", PASSWORD), ("confirm", "yes")],
            Some(&token),
        )
        .await;
    assert_eq!(deleted.status(), 200);
    // The row stays (for the person's reports) but says nothing about them.
    assert_eq!(
        app.count("select count(*) from users where phone is null or phone not like '+849000000%'")
            .await,
        1
    );
    assert_eq!(
        app.count(
            "select count(*) from users where phone is null and name = '' and password_hash = '' \
             and village_id is null and deleted_at is not null"
        )
        .await,
        1
    );
    assert_eq!(app.count("select count(*) from sessions").await, 0);
    // The number is free again.
    app.sign_up("0912345678", "An mới").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_codes_work_once_and_expire() {
    use app::accounts::model::Role;
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0912345678", "An").await;
    let officer = app
        .person_with_role("0987654321", Role::CommuneStaff { commune: 12364 })
        .await;

    // A resident cannot issue codes.
    let refused = app
        .post(
            "/api/staff/reset-code",
            &[("commune", DEMO_COMMUNE), ("phone", "0987654321")],
            Some(&resident),
        )
        .await;
    assert_eq!(refused.status(), 403);

    let issued = app
        .post(
            "/api/staff/reset-code",
            &[("commune", DEMO_COMMUNE), ("phone", "0912345678")],
            Some(&officer),
        )
        .await;
    assert_eq!(issued.status(), 200);
    let code: String = issued.json().await.unwrap();
    assert_eq!(code.len(), 8);
    let sent = app.sms.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "+84912345678");
    assert!(sent[0].1.contains(&code));

    let reset = |code: String, password: &'static str| {
        let app = &app;
        async move {
            app.post(
                "/api/account/reset",
                &[
                    ("phone", "0912345678"),
                    ("code", &code),
                    ("password", password),
                ],
                None,
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(reset("00000000".into(), "mat-khau-moi-2026").await, 400);
    assert_eq!(
        reset(code.clone(), "123456").await,
        400,
        "weak new password"
    );
    assert_eq!(reset(code.clone(), "mat-khau-moi-2026").await, 200);
    assert_eq!(
        app.api_status("/api/account/profile", Some(&resident))
            .await,
        401,
        "sessions end"
    );
    assert!(app.sign_in("0912345678", "mat-khau-moi-2026").await.is_ok());
    assert_eq!(
        reset(code, "mat-khau-khac-2026").await,
        400,
        "used codes do not work again"
    );

    // An expired code does not work either.
    let issued = app
        .post(
            "/api/staff/reset-code",
            &[("commune", DEMO_COMMUNE), ("phone", "0912345678")],
            Some(&officer),
        )
        .await;
    let code: String = issued.json().await.unwrap();
    sqlx::query("update reset_codes set expires_at = 1")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(reset(code, "mat-khau-khac-2026").await, 400);
    assert!(app.sign_in("0912345678", "mat-khau-moi-2026").await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    for (header, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let response = app
            .client
            .post(app.url("/api/account/sign-up"))
            .header(header, value)
            .form(&[
                ("phone", "0912345678"),
                ("name", "An"),
                ("password", PASSWORD),
                ("commune", DEMO_COMMUNE),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{header}");
        assert!(response.text().await.unwrap().contains("trang web khác"));
    }
    assert_eq!(
        app.count("select count(*) from users where phone is null or phone not like '+849000000%'")
            .await,
        0
    );
    // The same post from the site itself passes.
    let same = app
        .client
        .post(app.url("/api/account/sign-up"))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&[
            ("phone", "0912345678"),
            ("name", "An"),
            ("password", PASSWORD),
            ("commune", DEMO_COMMUNE),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_admin_makes_a_system_administrator() {
    let app = TestApp::spawn().await;
    let weak = server::admin::create_admin(&app.db, "0911111111", "Quản trị", "12345678").await;
    assert!(weak.is_err());
    let phone = server::admin::create_admin(&app.db, "0911111111", "Quản trị", PASSWORD)
        .await
        .unwrap();
    assert_eq!(phone, "0911 111 111");
    let token = app.sign_in("0911111111", PASSWORD).await.unwrap();
    let (status, page) = app.page("/staff/officers", Some(&token)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Bổ nhiệm cán bộ tỉnh"));
}
