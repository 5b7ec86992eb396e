//! The staff area end to end: appointments, the staff menu, villages, communes
//! of a province, and the audit log that records them.

use app::accounts::model::Role;

use crate::support::{DEMO_COMMUNE, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_appoints_staff_who_then_see_the_staff_menu() {
    let app = TestApp::spawn().await;
    let admin = app
        .person_with_role("0911111111", Role::CommuneAdmin { commune: 12364 })
        .await;
    let resident = app.sign_up("0912345678", "Lê Thị Cúc").await;
    let (_, page) = app.page("/", Some(&resident)).await;
    assert!(!page.contains("href=\"/staff\""), "no staff menu before");

    let unknown = app
        .post(
            "/api/staff/people/appoint",
            &[("commune", DEMO_COMMUNE), ("phone", "0999999999")],
            Some(&admin),
        )
        .await;
    assert_eq!(unknown.status(), 400, "nobody has this number");
    let own = app
        .post(
            "/api/staff/people/appoint",
            &[("commune", DEMO_COMMUNE), ("phone", "0911111111")],
            Some(&admin),
        )
        .await;
    assert_eq!(own.status(), 400, "not oneself");

    let appointed = app
        .post(
            "/api/staff/people/appoint",
            &[("commune", DEMO_COMMUNE), ("phone", "0912 345 678")],
            Some(&admin),
        )
        .await;
    assert_eq!(appointed.status(), 200);
    let again = app
        .post(
            "/api/staff/people/appoint",
            &[("commune", DEMO_COMMUNE), ("phone", "0912345678")],
            Some(&admin),
        )
        .await;
    assert_eq!(again.status(), 409, "one role per person");

    // The same session now shows the staff menu and opens the staff area.
    let (_, page) = app.page("/", Some(&resident)).await;
    assert!(page.contains("href=\"/staff\""), "staff menu after");
    let (status, page) = app.page("/staff", Some(&resident)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Cán bộ xã"));

    let (_, people) = app.page("/staff/people", Some(&admin)).await;
    assert!(people.contains("Lê Thị Cúc"));
    let (_, audit) = app.page("/staff/audit", Some(&admin)).await;
    assert!(
        audit.contains("bổ nhiệm cán bộ"),
        "the audit log has the appointment"
    );
    assert!(audit.contains("Lê Thị Cúc"));

    let id: i64 = sqlx::query_scalar("select id from users where phone = '+84912345678'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let id = id.to_string();
    let removed = app
        .post(
            "/api/staff/people/remove",
            &[("commune", DEMO_COMMUNE), ("user", &id)],
            Some(&admin),
        )
        .await;
    assert_eq!(removed.status(), 200);
    let (status, _) = app.page("/staff", Some(&resident)).await;
    assert_eq!(status, 403);
    assert_eq!(
        app.count("select count(*) from audit_log where commune_code = 12364")
            .await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_manages_the_villages() {
    let app = TestApp::spawn().await;
    let admin = app
        .person_with_role("0911111111", Role::CommuneAdmin { commune: 12364 })
        .await;
    let add = |name: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.post(
                "/api/staff/villages/add",
                &[("commune", DEMO_COMMUNE), ("name", name), ("kind", "thon")],
                Some(&admin),
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(add("Thôn Mới").await, 200);
    assert_eq!(add("Thôn Mới").await, 409);
    assert_eq!(add("   ").await, 400);
    let id: i64 = sqlx::query_scalar("select id from villages where name = 'Thôn Mới'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let id = id.to_string();
    let renamed = app
        .post(
            "/api/staff/villages/rename",
            &[
                ("commune", DEMO_COMMUNE),
                ("village", &id),
                ("name", "Thôn Mới Lập"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let (_, page) = app.page("/c/12364", None).await;
    assert!(page.contains("Thôn Mới Lập"), "residents see the village");
    // Another commune's village cannot be touched through this commune.
    let elsewhere = app
        .post(
            "/api/staff/villages/remove",
            &[("commune", "12361"), ("village", &id)],
            Some(&admin),
        )
        .await;
    assert_eq!(elsewhere.status(), 403);
    let removed = app
        .post(
            "/api/staff/villages/remove",
            &[("commune", DEMO_COMMUNE), ("village", &id)],
            Some(&admin),
        )
        .await;
    assert_eq!(removed.status(), 200);
    assert_eq!(
        app.count("select count(*) from villages where name like 'Thôn Mới%'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_enable_communes_and_appoint_their_admins() {
    let app = TestApp::spawn().await;
    let sysadmin = app.person_with_role("0911111111", Role::SystemAdmin).await;
    app.sign_up("0922222222", "Phạm Văn Tỉnh").await;
    let appointed = app
        .post(
            "/api/staff/officers/appoint",
            &[("province", "33"), ("phone", "0922222222")],
            Some(&sysadmin),
        )
        .await;
    assert_eq!(appointed.status(), 200);
    let officer = app
        .sign_in("0922222222", crate::support::PASSWORD)
        .await
        .unwrap();

    let enabled = app
        .post(
            "/api/staff/province/commune",
            &[("commune", "12361"), ("enabled", "1")],
            Some(&officer),
        )
        .await;
    assert_eq!(enabled.status(), 200);
    assert_eq!(
        app.count("select enabled from communes where code = 12361")
            .await,
        1
    );
    // Not a commune of another province.
    let hanoi = app
        .post(
            "/api/staff/province/commune",
            &[("commune", "70"), ("enabled", "1")],
            Some(&officer),
        )
        .await;
    assert_eq!(hanoi.status(), 403);
    assert_eq!(
        app.count("select enabled from communes where code = 70")
            .await,
        0
    );

    app.sign_up("0933333333", "Đỗ Thị Xã").await;
    let admin = app
        .post(
            "/api/staff/province/admin",
            &[("commune", "12361"), ("phone", "0933333333")],
            Some(&officer),
        )
        .await;
    assert_eq!(admin.status(), 200);
    let (status, page) = app.page("/staff/communes", Some(&officer)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Đỗ Thị Xã"), "the commune lists its admin");
}
