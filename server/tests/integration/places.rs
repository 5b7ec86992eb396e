//! The official units, the search that ignores diacritics, and choosing a commune.

use crate::support::TestApp;

async fn count(app: &TestApp, table: &'static str) -> i64 {
    let sql = match table {
        "provinces" => "select count(*) from provinces",
        "communes" => "select count(*) from communes",
        _ => unreachable!(),
    };
    sqlx::query_scalar(sql).fetch_one(&app.db).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_the_units_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    assert_eq!(count(&app, "provinces").await, 34);
    assert_eq!(count(&app, "communes").await, 3321);
    let (provinces, communes) = app::places::db::import_units(&app.db).await.unwrap();
    assert_eq!((provinces, communes), (34, 3321));
    assert_eq!(count(&app, "provinces").await, 34);
    assert_eq!(count(&app, "communes").await, 3321);
    // The demo commune stays enabled.
    let enabled: i64 = sqlx::query_scalar("select enabled from communes where code = 12364")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(enabled, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_ignores_diacritics_and_case() {
    let app = TestApp::spawn().await;
    let found: serde_json::Value = app
        .get("/api/places/search?q=pho+hien")
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = found["communes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.first(), Some(&"Phường Phố Hiến"), "{names:?}");

    let found: serde_json::Value = app
        .get("/api/places/search?q=HUNG%20YEN")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["provinces"][0]["name"], "Hưng Yên");
    assert_eq!(found["provinces"][0]["commune_count"], 104);
    // Communes named after the words rank first; among the rest, the enabled
    // demo commune comes before the others of the province.
    let communes = found["communes"].as_array().unwrap();
    let position = |name: &str| communes.iter().position(|c| c["name"] == name);
    let tien_lu = position("Xã Tiên Lữ").expect("the demo commune is listed");
    assert!(communes[..tien_lu].iter().all(|c| {
        let name = c["name"].as_str().unwrap().to_lowercase();
        name.contains("hưng") || name.contains("yên")
    }));

    // Narrowed to a province: only its communes.
    let found: serde_json::Value = app
        .get("/api/places/search?q=&province=33")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        found["communes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["province_code"] == 33)
    );
    assert_eq!(found["more"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_search_input_is_refused_with_the_right_status() {
    let app = TestApp::spawn().await;
    let long = app
        .get(&format!("/api/places/search?q={}", "a".repeat(101)))
        .await;
    assert_eq!(long.status(), 400);
    assert!(long.text().await.unwrap().contains("SearchTooLong"));
    let malformed = app.get("/api/places/search?q=&province=abc").await;
    assert_eq!(malformed.status(), 400);
    let unknown = app.get("/api/places/search?q=&province=99").await;
    assert_eq!(unknown.status(), 404);
    // The page shows the translated message with the same status.
    let page = app.get("/commune?province=abc").await;
    assert_eq!(page.status(), 400);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Mã tỉnh, thành phố không hợp lệ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_in_the_search_is_escaped() {
    let app = TestApp::spawn().await;
    let page = app
        .get("/commune?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_commune_remembers_it() {
    let app = TestApp::spawn().await;
    let response = app.get("/c/12364").await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("commune=12364;"), "{cookie}");
    let page = response.text().await.unwrap();
    assert!(page.contains("Xã Tiên Lữ"));
    assert!(page.contains("Thôn Đông Kết"));

    // Every page is then about that commune.
    let home = app
        .get_with_cookie("/", "commune=12364")
        .await
        .text()
        .await
        .unwrap();
    assert!(home.contains("Xã Tiên Lữ"));
    assert!(!home.contains("Chào mừng bạn đến với Xã Số"));
    let directory = app
        .get_with_cookie("/directory", "commune=12364")
        .await
        .text()
        .await
        .unwrap();
    assert!(directory.contains("Xã Tiên Lữ"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_malformed_and_forged_commune_codes() {
    let app = TestApp::spawn().await;
    let malformed = app.get("/c/abc").await;
    assert_eq!(malformed.status(), 400);
    assert!(
        malformed
            .text()
            .await
            .unwrap()
            .contains("Mã xã, phường không hợp lệ")
    );
    let unknown = app.get("/c/99999").await;
    assert_eq!(unknown.status(), 404);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("Không có xã, phường nào mang mã này")
    );
    // A forged cookie is ignored: the visitor is simply asked to choose.
    for cookie in [
        "commune=<script>",
        "commune=99999",
        "commune=",
        "commune=12364%00",
    ] {
        let home = app.get_with_cookie("/", cookie).await;
        assert_eq!(home.status(), 200, "{cookie}");
        assert!(
            home.text()
                .await
                .unwrap()
                .contains("Chào mừng bạn đến với Xã Số"),
            "{cookie}"
        );
    }
}

/// The commune every page looks up is kept for a second: a change made
/// through the app empties its entry at once, one made elsewhere (SQL here,
/// as the command line or another server would) shows within the second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commune_lookups_are_kept_a_second_and_forgotten_on_a_change() {
    use app::places::cache::{CommuneCache, FRESH_FOR};
    use app::places::model::CommuneCode;
    let app = TestApp::spawn().await;
    let cache = CommuneCache::default();
    let code = CommuneCode::parse("12361").unwrap();
    let enabled = |on: bool| {
        format!(
            "update communes set enabled = {} where code = 12361",
            i64::from(on)
        )
    };
    let looked_up = |cache: &CommuneCache| {
        let cache = cache.clone();
        let db = app.db.clone();
        async move { cache.commune(&db, code).await.unwrap().unwrap().enabled }
    };
    assert!(!looked_up(&cache).await);

    sqlx::query(sqlx::AssertSqlSafe(enabled(true)))
        .execute(&app.db)
        .await
        .unwrap();
    assert!(
        !looked_up(&cache).await,
        "kept: the database was not asked again"
    );
    cache.changed(12361);
    assert!(looked_up(&cache).await, "a change told is seen at once");

    sqlx::query(sqlx::AssertSqlSafe(enabled(false)))
        .execute(&app.db)
        .await
        .unwrap();
    tokio::time::sleep(FRESH_FOR + std::time::Duration::from_millis(100)).await;
    assert!(
        !looked_up(&cache).await,
        "a change not told is seen after a second"
    );

    // Made-up codes are not kept, and a commune that does not exist is none.
    let none = cache
        .commune(&app.db, CommuneCode::parse("99999").unwrap())
        .await
        .unwrap();
    assert!(none.is_none());
}
