//! The directory's HSDS-style JSON API on the demo commune's entries.

use serde_json::Value;

use crate::support::TestApp;

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(path))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn names(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_are_listed_filtered_and_paginated() {
    let app = TestApp::spawn().await;
    let (status, all) = json(&app, "/api/hsds/services?commune=12364").await;
    assert_eq!(status, 200);
    assert_eq!(all["total_items"], 16);
    assert_eq!(all["size"], 16);
    assert_eq!(all["first_page"], true);
    assert_eq!(all["last_page"], true);

    let (_, health) = json(&app, "/api/hsds/services?commune=12364&area=health").await;
    assert_eq!(health["total_items"], 3);
    assert!(
        health["contents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["taxonomy_terms"][0]["id"] == "health")
    );

    // Without diacritics; name matches first.
    let (_, found) = json(&app, "/api/hsds/services?commune=12364&q=tram+y+te").await;
    assert_eq!(names(&found)[0], "Trạm Y tế xã Tiên Lữ");
    let (_, police) = json(&app, "/api/hsds/services?q=CONG%20AN").await;
    assert_eq!(names(&police)[0], "Công an xã Tiên Lữ");
    let (_, vaccination) = json(&app, "/api/hsds/services?q=tiem+chung").await;
    assert_eq!(
        names(&vaccination),
        ["Trạm Y tế xã Tiên Lữ"],
        "offers are searched too"
    );

    let (_, page) = json(&app, "/api/hsds/services?commune=12364&per_page=5&page=4").await;
    assert_eq!(page["total_pages"], 4);
    assert_eq!(page["size"], 1);
    assert_eq!(page["last_page"], true);
    assert_eq!(page["first_page"], false);
    // The pages together hold every service once.
    let mut seen = Vec::new();
    for n in 1..=4 {
        let (_, page) = json(
            &app,
            &format!("/api/hsds/services?commune=12364&per_page=5&page={n}"),
        )
        .await;
        seen.extend(names(&page));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 16);

    let (_, elsewhere) = json(&app, "/api/hsds/services?commune=12361").await;
    assert_eq!(elsewhere["total_items"], 0);
    assert_eq!(elsewhere["empty"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_service_has_phones_hours_and_position() {
    let app = TestApp::spawn().await;
    let (_, found) = json(&app, "/api/hsds/services?q=tram+y+te+tien+lu").await;
    let id = found["contents"][0]["id"].as_str().unwrap().to_owned();
    let (status, station) = json(&app, &format!("/api/hsds/services/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(station["phones"][0]["number"], "+842213874115");
    assert_eq!(station["phones"][0]["display"], "0221 3874 115");
    assert_eq!(station["phones"][1]["number"], "115");
    assert_eq!(
        station["schedules"][0],
        serde_json::json!({"byday": "MO", "opens_at": "07:00", "closes_at": "11:30"})
    );
    assert_eq!(station["schedules"].as_array().unwrap().len(), 11);
    assert_eq!(station["holiday_schedules"][0]["start_date"], "2027-09-02");
    assert_eq!(station["location"]["village"]["name"], "Thôn An Tảo");
    assert!(station["location"]["latitude"].as_f64().unwrap() > 20.0);
    assert_eq!(
        station["organization"]["name"],
        "Trung tâm Y tế khu vực Tiên Lữ"
    );
    assert!(station["offers"].as_str().unwrap().contains("ngày 25"));

    // Archived entries are gone for readers.
    sqlx::query("update directory_services set archived_at = 1 where id = $1")
        .bind(id.parse::<i64>().unwrap())
        .execute(&app.db)
        .await
        .unwrap();
    let (status, body) = json(&app, &format!("/api/hsds/services/{id}")).await;
    assert_eq!(status, 404);
    assert_eq!(body["message"], "Không tìm thấy nội dung này.");
    let (_, all) = json(&app, "/api/hsds/services?commune=12364").await;
    assert_eq!(all["total_items"], 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizations_and_taxonomies() {
    let app = TestApp::spawn().await;
    let (status, organizations) = json(&app, "/api/hsds/organizations?commune=12364").await;
    assert_eq!(status, 200);
    assert_eq!(organizations["total_items"], 5);
    let count: i64 = organizations["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["service_count"].as_i64().unwrap())
        .sum();
    assert_eq!(count, 16);
    let (_, taxonomy) = json(&app, "/api/hsds/taxonomies").await;
    let terms = taxonomy["terms"].as_array().unwrap();
    assert_eq!(
        terms
            .iter()
            .filter(|t| t["vocabulary"] == "xaso-area")
            .count(),
        5
    );
    assert!(
        terms
            .iter()
            .any(|t| t["id"] == "tram_y_te" && t["parent_id"] == "health")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_queries_get_translated_errors() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(101);
    for (query, status, problem) in [
        ("area=sports", 400, "UnknownArea"),
        ("commune=abc", 400, "MalformedCommuneCode"),
        ("per_page=1000", 400, "PageInvalid"),
        ("page=0", 400, "PageInvalid"),
        ("page=-3", 400, "PageInvalid"),
        (&format!("q={long}") as &str, 400, "SearchTooLong"),
    ] {
        let (got, body) = json(&app, &format!("/api/hsds/services?{query}")).await;
        assert_eq!(got, status, "{query}");
        assert_eq!(body["error"]["Invalid"], problem, "{query}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    let (_, english) = json(&app, "/api/hsds/services?area=sports&lang=en").await;
    assert!(
        english["message"]
            .as_str()
            .unwrap()
            .starts_with("Unknown area")
    );
    let (status, _) = json(&app, "/api/hsds/services/not-a-number").await;
    assert_eq!(status, 404);
    let (status, _) = json(&app, "/api/hsds/organizations?commune=x").await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn residents_browse_search_and_open_services() {
    let app = TestApp::spawn().await;
    let cookie = "commune=12364";
    let page = |path: &'static str| {
        let app = &app;
        async move {
            let response = app.get_with_cookie(path, cookie).await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, home) = page("/directory").await;
    assert_eq!(status, 200);
    for area in [
        "Y tế",
        "Giáo dục",
        "An ninh trật tự",
        "Môi trường",
        "Văn hóa",
    ] {
        assert!(home.contains(area), "{area}");
    }
    assert!(home.contains("3 nơi"), "the health area counts 3 places");

    let (_, health) = page("/directory?area=health").await;
    assert!(health.contains("Trạm Y tế xã Tiên Lữ"));
    assert!(!health.contains("Trường Mầm non"));
    let (_, search) = page("/directory?q=tram+y+te").await;
    assert!(search.contains("Trạm Y tế xã Tiên Lữ"));
    let (_, nothing) = page("/directory?q=khong+co+gi+ca").await;
    assert!(nothing.contains("Không tìm thấy dịch vụ nào"));

    let id: i64 =
        sqlx::query_scalar("select id from directory_services where name = 'Trạm Y tế xã Tiên Lữ'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let response = app
        .get_with_cookie(&format!("/directory/{id}"), cookie)
        .await;
    assert_eq!(response.status(), 200);
    let station = response.text().await.unwrap();
    assert!(station.contains("href=\"tel:+842213874115\""));
    assert!(station.contains("0221 3874 115"));
    assert!(station.contains("07:00–11:30"));
    assert!(station.contains("geo:20."));
    assert!(station.contains("02/09/2027"), "the holiday is listed");

    let missing = app.get_with_cookie("/directory/999999", cookie).await;
    assert_eq!(missing.status(), 404);
    let (_, bad) = page("/directory?area=sports").await;
    assert!(bad.contains("Lĩnh vực không hợp lệ"));
    // Without a chosen commune the page asks for one.
    let response = app.get("/directory").await;
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Hãy chọn xã, phường của bạn")
    );
}

/// The list reads each service's week from `directory_services.week_hours`:
/// the migration that added it fills it in for the services already there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrading_fills_in_the_week_of_existing_services() {
    let url = crate::support::fresh_database().await;
    let db = server::database::connect(&url, 2).await.unwrap();
    let migrator = server::database::migrator(&url).unwrap();
    migrator.run_to(12, &db).await.unwrap();
    for statement in [
        "insert into provinces (code, name, division_type, search_name, created_at, updated_at) \
         values (33, 'Hưng Yên', 'tinh', ' hung yen', 0, 0)",
        "insert into communes (code, province_code, name, division_type, search_name, created_at, updated_at) \
         values (12364, 33, 'Xã Tiên Lữ', 'xa', ' xa tien lu', 0, 0)",
        "insert into directory_services (commune_code, area, kind, name, search_name, search_text, created_at, updated_at) \
         values (12364, 'health', 'tram_y_te', 'Trạm Y tế', ' tram y te', ' tram y te', 0, 0)",
        "insert into directory_services (commune_code, area, kind, name, search_name, search_text, created_at, updated_at) \
         values (12364, 'culture', 'nha_van_hoa', 'Nhà văn hóa', ' nha van hoa', ' nha van hoa', 0, 0)",
        "insert into directory_schedules (service_id, weekday, opens_at, closes_at) select id, 1, 420, 690 from directory_services where kind = 'tram_y_te'",
        "insert into directory_schedules (service_id, weekday, opens_at, closes_at) select id, 1, 810, 1020 from directory_services where kind = 'tram_y_te'",
        "insert into directory_schedules (service_id, weekday, opens_at, closes_at) select id, 6, 420, 690 from directory_services where kind = 'tram_y_te'",
    ] {
        sqlx::query(statement).execute(&db).await.unwrap();
    }
    migrator.run(&db).await.unwrap();
    let weeks: Vec<(String, String)> =
        sqlx::query_as("select kind, week_hours from directory_services order by kind desc")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        weeks[1],
        ("nha_van_hoa".to_owned(), String::new()),
        "a service without hours"
    );
    assert_eq!(weeks[0].0, "tram_y_te");
    let mut days: Vec<&str> = weeks[0].1.split(',').collect();
    days.sort();
    assert_eq!(days, ["1:420-690", "1:810-1020", "6:420-690"]);
}
