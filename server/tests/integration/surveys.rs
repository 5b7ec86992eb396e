//! Satisfaction surveys: staff create one from the new-rural template and
//! publish it, residents answer once (and change their answers), results count
//! right per criterion and village, anonymous exports name nobody, and every
//! bad input is refused without changing anything.

use app::accounts::model::Role;
use serde_json::Value;

use crate::support::{DEMO_COMMUNE, TestApp, call, get_json as read};

/// Form fields of answers: `a[q…]` and their values.
type Answers = Vec<(String, String)>;

struct People {
    admin: String,
    staff: String,
    ann: String,
    binh: String,
    elsewhere_staff: String,
}

async fn people(app: &TestApp) -> People {
    People {
        admin: app
            .person_with_role("0966000001", Role::CommuneAdmin { commune: 12364 })
            .await,
        staff: app
            .person_with_role("0966000002", Role::CommuneStaff { commune: 12364 })
            .await,
        ann: app.sign_up("0966000003", "Trần Thị An").await,
        binh: app.sign_up("0966000004", "Lê Văn Bình").await,
        elsewhere_staff: app
            .person_with_role("0966000005", Role::CommuneStaff { commune: 12361 })
            .await,
    }
}

async fn download(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(app.url(path)).header("accept", "text/csv");
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Creates a survey from the template and publishes it; returns its id and
/// its questions (the matrix first, the suggestions second).
async fn published_template(app: &TestApp, token: &str) -> (String, Value) {
    let (status, id) = call(
        app,
        "/api/staff/surveys/create",
        &[("template", "new-rural")],
        token,
    )
    .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap().to_string();
    let (status, body) = call(app, "/api/staff/surveys/publish", &[("survey", &id)], token).await;
    assert_eq!(status, 200, "{body}");
    let (status, editor) = read(app, "/api/staff/surveys/one", &[("id", &id)], Some(token)).await;
    assert_eq!(status, 200, "{editor}");
    (id, editor["questions"].clone())
}

/// Every criterion of the matrix at `level`, row 0 at `first`.
fn matrix_answers(matrix: &Value, first: &str, level: &str) -> Vec<(String, String)> {
    let id = matrix["id"].as_i64().unwrap();
    let rows = matrix["options"].as_array().unwrap().len();
    (0..rows)
        .map(|row| {
            let value = if row == 0 { first } else { level };
            (format!("a[q{id}_{row}]"), value.to_owned())
        })
        .collect()
}

async fn answer(
    app: &TestApp,
    token: &str,
    survey: &str,
    response: &str,
    intent: &str,
    answers: &[(String, String)],
) -> (u16, Value) {
    let mut form: Vec<(&str, &str)> = vec![
        ("survey", survey),
        ("response", response),
        ("intent", intent),
    ];
    for (k, v) in answers {
        form.push((k, v));
    }
    call(app, "/api/surveys/answer", &form, token).await
}

/// The card of survey `id` among the open ones of a list.
fn card<'a>(list: &'a Value, id: &str) -> Option<&'a Value> {
    list["open"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_i64() == id.parse::<i64>().ok())
}

fn criterion(results: &Value, question: &Value, row: i64, level: i64) -> i64 {
    results["tallies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["question_id"] == question["id"] && t["item"] == row && t["choice"] == level)
        .map(|t| t["count"].as_i64().unwrap())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_publish_the_template_and_residents_answer_once() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (status, id) = call(
        &app,
        "/api/staff/surveys/create",
        &[("template", "new-rural")],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    let id = id.as_i64().unwrap().to_string();
    // A draft is for staff only.
    let (status, _) = read(&app, "/api/surveys/one", &[("id", &id)], Some(&p.ann)).await;
    assert_eq!(status, 404);
    let (_, list) = read(
        &app,
        "/api/surveys/list",
        &[("commune", DEMO_COMMUNE)],
        Some(&p.ann),
    )
    .await;
    assert!(card(&list, &id).is_none(), "a draft is not listed");
    let (status, _) = call(
        &app,
        "/api/staff/surveys/publish",
        &[("survey", &id)],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    let (_, editor) = read(
        &app,
        "/api/staff/surveys/one",
        &[("id", &id)],
        Some(&p.staff),
    )
    .await;
    let questions = editor["questions"].as_array().unwrap().clone();
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[0]["kind"], "Matrix");
    assert_eq!(questions[0]["options"].as_array().unwrap().len(), 13);
    assert_eq!(editor["survey"]["anonymous"], true);
    assert_eq!(editor["survey"]["scale"].as_array().unwrap().len(), 5);
    let (matrix, open) = (&questions[0], &questions[1]);

    let (_, list) = read(
        &app,
        "/api/surveys/list",
        &[("commune", DEMO_COMMUNE)],
        Some(&p.ann),
    )
    .await;
    assert_eq!(card(&list, &id).unwrap()["mine"], Value::Null);

    // An: saved progress first (incomplete is fine), then sent.
    let (status, draft) = answer(
        &app,
        &p.ann,
        &id,
        "",
        "draft",
        &matrix_answers(matrix, "5", ""),
    )
    .await;
    assert_eq!(status, 200, "{draft}");
    let (_, list) = read(
        &app,
        "/api/surveys/list",
        &[("commune", DEMO_COMMUNE)],
        Some(&p.ann),
    )
    .await;
    assert_eq!(card(&list, &id).unwrap()["mine"], false);
    // Sending needs every row of the required table.
    let (status, body) = answer(
        &app,
        &p.ann,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "5", ""),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Fields"]["problems"][0]["field"], "question 1");
    let mut ann = matrix_answers(matrix, "5", "4");
    ann.push((format!("a[q{}]", open["id"]), "Cần thêm đèn đường".into()));
    let (status, ann_id) = answer(&app, &p.ann, &id, "", "send", &ann).await;
    assert_eq!(status, 200, "{ann_id}");
    assert_eq!(ann_id, draft, "the draft became the response");
    let ann_id = ann_id.as_i64().unwrap().to_string();

    // Bình answers, then a second response (without naming the first) is refused.
    let binh = matrix_answers(matrix, "2", "3");
    let (status, binh_id) = answer(&app, &p.binh, &id, "", "send", &binh).await;
    assert_eq!(status, 200);
    let (status, body) = answer(
        &app,
        &p.binh,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "1", "1"),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["Invalid"], "SurveyAlreadyAnswered");
    // Nor may one change someone else's response.
    let (status, _) = answer(&app, &p.binh, &id, &ann_id, "send", &binh).await;
    assert_eq!(status, 409);
    // Bình changes his mind about the roads: 2 → 4.
    let binh_id = binh_id.as_i64().unwrap().to_string();
    let (status, _) = answer(
        &app,
        &p.binh,
        &id,
        &binh_id,
        "send",
        &matrix_answers(matrix, "4", "3"),
    )
    .await;
    assert_eq!(status, 200);
    // A sent response does not go back to being a draft: progress saved after
    // sending (a background save racing the send button) changes nothing.
    let (status, _) = answer(&app, &p.binh, &id, &binh_id, "draft", &[]).await;
    assert_eq!(status, 200);
    // The same from a page that did not know its response's id yet.
    let (status, _) = answer(&app, &p.binh, &id, "", "draft", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(
        app.count("select count(*) from survey_responses where submitted_at is null")
            .await,
        0
    );
    assert_eq!(app.count("select count(*) from survey_responses").await, 2);

    // Results: two responses; roads 5 and 4 (both satisfied), the other rows 4 and 3.
    let (status, results) =
        read(&app, "/api/surveys/results", &[("id", &id)], Some(&p.staff)).await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["survey"]["responses"], 2);
    assert_eq!(criterion(&results, matrix, 0, 5), 1);
    assert_eq!(criterion(&results, matrix, 0, 4), 1);
    assert_eq!(
        criterion(&results, matrix, 0, 2),
        0,
        "the changed answer is gone"
    );
    assert_eq!(criterion(&results, matrix, 12, 4), 1);
    assert_eq!(criterion(&results, matrix, 12, 3), 1);
    assert_eq!(results["texts"][0][1], "Cần thêm đèn đường");
    assert_eq!(results["text_counts"][0][1], 1);
    // Residents see results only once published, and never the written answers.
    let (status, body) = read(&app, "/api/surveys/results", &[("id", &id)], Some(&p.ann)).await;
    assert_eq!(status, 403);
    assert_eq!(body["Invalid"], "ResultsNotPublished");
    call(
        &app,
        "/api/staff/surveys/publish",
        &[("survey", &id), ("what", "results")],
        &p.staff,
    )
    .await;
    let (status, public) = read(&app, "/api/surveys/results", &[("id", &id)], None).await;
    assert_eq!(status, 200);
    assert_eq!(public["texts"].as_array().unwrap().len(), 0);
    assert_eq!(public["text_counts"][0][1], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_participation_and_villages_are_counted_by_the_database() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (id, questions) = published_template(&app, &p.admin).await;
    let matrix = &questions[0];
    // An lives in the first village, Bình in none.
    sqlx::query(
        "update users set village_id = (select min(id) from villages where commune_code = 12364) \
         where phone = '+84966000003'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    answer(
        &app,
        &p.ann,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "5", "4"),
    )
    .await;
    answer(
        &app,
        &p.binh,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "1", "3"),
    )
    .await;
    // Four neighbours of An answer as An did: her village has 5 responses.
    for n in 0..4 {
        let token = app.sign_up(&format!("09660001{n:02}"), "Hàng Xóm").await;
        sqlx::query(
            "update users set village_id = (select min(id) from villages where commune_code = 12364) \
             where phone = $1",
        )
        .bind(format!("+849660001{n:02}"))
        .execute(&app.db)
        .await
        .unwrap();
        answer(
            &app,
            &token,
            &id,
            "",
            "send",
            &matrix_answers(matrix, "5", "4"),
        )
        .await;
    }
    // The admin sets the adult population: 6 responses of 400 adults = 1.5 %.
    let (status, _) = call(
        &app,
        "/api/staff/surveys/population",
        &[("adults", "400")],
        &p.staff,
    )
    .await;
    assert_eq!(status, 403, "staff do not set it");
    for bad in ["0", "mười", "-3", "20000000"] {
        let (status, body) = call(
            &app,
            "/api/staff/surveys/population",
            &[("adults", bad)],
            &p.admin,
        )
        .await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(body["Invalid"], "PopulationInvalid");
    }
    let (status, _) = call(
        &app,
        "/api/staff/surveys/population",
        &[("adults", "400")],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let (_, results) = read(&app, "/api/surveys/results", &[("id", &id)], Some(&p.admin)).await;
    assert_eq!(results["adults"], 400);
    // Village figures: An's village has 5 responses, all 65 scaled answers
    // satisfied. Bình's "no village" has one: too few to show apart.
    let villages = results["villages"].as_array().unwrap();
    assert_eq!(villages.len(), 1, "{villages:?}");
    let named = &villages[0];
    assert!(!named["village"].is_null());
    assert_eq!(
        (
            named["responses"].as_i64(),
            named["satisfied"].as_i64(),
            named["scaled_answers"].as_i64()
        ),
        (Some(5), Some(65), Some(65))
    );
    // The summary export carries the same figures: roads 5 of 6 satisfied = 83.3 %.
    let (status, csv) = download(
        &app,
        &format!("/exports/surveys/{id}/summary.csv"),
        Some(&p.admin),
    )
    .await;
    assert_eq!(status, 200);
    assert!(csv.starts_with('\u{feff}'), "BOM");
    assert!(
        csv.contains("index,,,\"Đường giao thông, đi lại\",5,6,83.3"),
        "{csv}"
    );
    assert!(csv.contains("index,,,Hệ thống điện,5,6,83.3"), "{csv}");
    assert!(csv.contains("participation,,,,400,6,1.5"), "{csv}");
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("village,")).count(),
        1,
        "only the village with 5 responses: {csv}"
    );

    // Adults per village: An's village has 50, so its 5 responses are 10 %.
    let village = app
        .count("select min(id) from villages where commune_code = 12364")
        .await;
    let field = format!("villages[v{village}]");
    let refused = [
        (
            vec![("adults", "400"), (field.as_str(), "500")],
            "PopulationVillagesExceed",
        ),
        (
            vec![("adults", "400"), (field.as_str(), "năm mươi")],
            "PopulationInvalid",
        ),
        (
            vec![("adults", "400"), ("villages[v999999]", "50")],
            "UnknownVillage",
        ),
        (
            vec![("adults", "400"), ("villages[x]", "50")],
            "UnknownVillage",
        ),
    ];
    for (form, problem) in refused {
        let (status, body) = call(&app, "/api/staff/surveys/population", &form, &p.admin).await;
        assert_eq!(
            (status, body["Invalid"].as_str()),
            (400, Some(problem)),
            "{form:?}"
        );
    }
    assert_eq!(
        app.count("select count(*) from villages where adults is not null")
            .await,
        0,
        "a refused form changes nothing"
    );
    let (status, _) = call(
        &app,
        "/api/staff/surveys/population",
        &[("adults", "400"), (field.as_str(), "50")],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200);
    let (_, results) = read(&app, "/api/surveys/results", &[("id", &id)], Some(&p.admin)).await;
    assert_eq!(results["adults"], 400, "the commune keeps its own figure");
    assert_eq!(results["villages"][0]["adults"], 50);
    // The commune dashboard, for that village: its participation.
    let village_text = village.to_string();
    let (status, dashboard) = read(
        &app,
        "/api/dashboard/commune",
        &[("village", village_text.as_str())],
        Some(&p.admin),
    )
    .await;
    assert_eq!(status, 200, "{dashboard}");
    assert_eq!(dashboard["survey"]["participation"], 10.0, "{dashboard}");
    assert_eq!(dashboard["survey"]["villages"][0][2], 10.0, "{dashboard}");
    // Left empty, the commune's figure is the villages' sum; the change is audited.
    call(
        &app,
        "/api/staff/surveys/population",
        &[("adults", ""), (field.as_str(), "60")],
        &p.admin,
    )
    .await;
    let (_, results) = read(&app, "/api/surveys/results", &[("id", &id)], Some(&p.admin)).await;
    assert_eq!(
        (
            results["adults"].as_i64(),
            results["villages"][0]["adults"].as_i64()
        ),
        (Some(60), Some(60))
    );
    assert_eq!(
        app.count("select count(*) from audit_log where action = 'set_population' and detail like '60;%: 60'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_exports_name_nobody_and_named_ones_do() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (id, questions) = published_template(&app, &p.admin).await;
    answer(
        &app,
        &p.ann,
        &id,
        "",
        "send",
        &matrix_answers(&questions[0], "5", "4"),
    )
    .await;
    let (status, csv) = download(
        &app,
        &format!("/exports/surveys/{id}/responses.csv"),
        Some(&p.staff),
    )
    .await;
    assert_eq!(status, 200);
    assert!(csv.starts_with('\u{feff}'));
    for identity in [
        "Trần Thị An",
        "+84966000003",
        "0966000003",
        "submitted_at",
        "name",
    ] {
        assert!(!csv.contains(identity), "{identity} in {csv}");
    }
    assert!(csv.contains("Rất hài lòng"));
    // Nothing in the database links the response to An either.
    assert_eq!(
        app.count("select count(*) from survey_responses where user_id is not null")
            .await,
        0
    );
    // Residents and other communes' staff cannot download responses.
    let path = format!("/exports/surveys/{id}/responses.csv");
    assert_eq!(download(&app, &path, Some(&p.ann)).await.0, 403);
    assert_eq!(download(&app, &path, Some(&p.elsewhere_staff)).await.0, 403);
    assert_eq!(download(&app, &path, None).await.0, 403);

    // A named survey: staff see who answered.
    let (_, named) = call(
        &app,
        "/api/staff/surveys/create",
        &[("title", "Ý kiến về chợ quê")],
        &p.admin,
    )
    .await;
    let named = named.as_i64().unwrap().to_string();
    let (status, body) = call(
        &app,
        "/api/staff/surveys/question",
        &[
            ("survey", &named),
            ("question[kind]", "single"),
            ("question[prompt]", "Chợ họp mấy giờ là hợp?"),
            ("question[options]", "Sáng sớm\nChiều"),
            ("question[required]", "on"),
        ],
        &p.admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    call(
        &app,
        "/api/staff/surveys/publish",
        &[("survey", &named)],
        &p.admin,
    )
    .await;
    let (_, editor) = read(
        &app,
        "/api/staff/surveys/one",
        &[("id", &named)],
        Some(&p.admin),
    )
    .await;
    let q = editor["questions"][0]["id"].as_i64().unwrap();
    let (status, _) = answer(
        &app,
        &p.binh,
        &named,
        "",
        "send",
        &[(format!("a[q{q}]"), "1".into())],
    )
    .await;
    assert_eq!(status, 200);
    let (_, csv) = download(
        &app,
        &format!("/exports/surveys/{named}/responses.csv"),
        Some(&p.admin),
    )
    .await;
    assert!(
        csv.contains("Lê Văn Bình") && csv.contains("+84966000004") && csv.contains("Chiều"),
        "{csv}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_answers_change_nothing() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (id, questions) = published_template(&app, &p.admin).await;
    let (matrix, open) = (&questions[0], &questions[1]);
    let mid = matrix["id"].as_i64().unwrap();
    let long = "ý".repeat(100_000);
    let cases: Vec<(Answers, u16, &str)> = vec![
        (
            vec![(format!("a[q{mid}_0]"), "6".into())],
            400,
            "AnswerOutOfScale",
        ),
        (
            vec![(format!("a[q{mid}_0]"), "0".into())],
            400,
            "AnswerOutOfScale",
        ),
        (
            vec![(format!("a[q{mid}_13]"), "3".into())],
            400,
            "UnknownQuestion",
        ),
        (
            vec![("a[q999999]".into(), "3".into())],
            400,
            "UnknownQuestion",
        ),
        (
            vec![(format!("a[q{}]", open["id"]), long)],
            400,
            "TextTooLong",
        ),
    ];
    for (answers, status, problem) in cases {
        let (got, body) = answer(&app, &p.ann, &id, "", "draft", &answers).await;
        assert_eq!(
            (got, body["Invalid"].as_str()),
            (status, Some(problem)),
            "{body}"
        );
    }
    assert_eq!(app.count("select count(*) from survey_responses").await, 0);

    // Another commune's resident, and a resident outside the survey's villages.
    sqlx::query(
        "update users set home_commune = 12361, village_id = null where phone = '+84966000004'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let (status, body) = answer(
        &app,
        &p.binh,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "5", "5"),
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (403, Some("SurveyNotForYou"))
    );
    let village: i64 =
        sqlx::query_scalar("select max(id) from villages where commune_code = 12364")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let village_field = format!("survey[villages][v{village}]");
    let (_, editor) = read(
        &app,
        "/api/staff/surveys/one",
        &[("id", &id)],
        Some(&p.admin),
    )
    .await;
    let s = &editor["survey"];
    let scale = s["scale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let details = |opens: String, closes: String| {
        vec![
            ("id".to_owned(), id.clone()),
            (
                "survey[title]".to_owned(),
                s["title"].as_str().unwrap().to_owned(),
            ),
            ("survey[opens]".to_owned(), opens),
            ("survey[closes]".to_owned(), closes),
            ("survey[anonymous]".to_owned(), "on".to_owned()),
            ("survey[scale]".to_owned(), scale.clone()),
            (village_field.clone(), "on".to_owned()),
        ]
    };
    let form = details(
        s["opens_on"].as_str().unwrap().into(),
        s["closes_on"].as_str().unwrap().into(),
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = call(&app, "/api/staff/surveys/save", &pairs, &p.admin).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = answer(
        &app,
        &p.ann,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "5", "5"),
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (403, Some("SurveyNotForYou")),
        "An has no village"
    );

    // Ann answers once the survey is for the whole commune again.
    let form: Vec<(String, String)> = details(
        s["opens_on"].as_str().unwrap().into(),
        s["closes_on"].as_str().unwrap().into(),
    )
    .into_iter()
    .filter(|(k, _)| !k.starts_with("survey[villages]"))
    .collect();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    call(&app, "/api/staff/surveys/save", &pairs, &p.admin).await;
    let (status, _) = answer(
        &app,
        &p.ann,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "5", "5"),
    )
    .await;
    assert_eq!(status, 200);

    // Questions are locked once people answered; dates still change.
    let (status, body) = call(
        &app,
        "/api/staff/surveys/question",
        &[
            ("survey", &id),
            ("question[kind]", "scale"),
            ("question[prompt]", "Thêm câu?"),
        ],
        &p.admin,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (409, Some("SurveyLocked"))
    );
    let (status, _) = call(
        &app,
        "/api/staff/surveys/question/arrange",
        &[
            ("survey", &id),
            ("id", &mid.to_string()),
            ("direction", "remove"),
        ],
        &p.admin,
    )
    .await;
    assert_eq!(status, 409);
    let mut changed_scale: Vec<(String, String)> = form.clone();
    for (k, v) in changed_scale.iter_mut() {
        if k == "survey[scale]" {
            *v = "Kém\nTốt".into();
        }
    }
    let pairs: Vec<(&str, &str)> = changed_scale
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, body) = call(&app, "/api/staff/surveys/save", &pairs, &p.admin).await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (409, Some("SurveyLocked"))
    );
    let (_, editor) = read(
        &app,
        "/api/staff/surveys/one",
        &[("id", &id)],
        Some(&p.admin),
    )
    .await;
    assert_eq!(editor["questions"].as_array().unwrap().len(), 2);
    assert_eq!(editor["survey"]["scale"].as_array().unwrap().len(), 5);

    // Closed: the last day was yesterday (the first day moves back with it).
    let closed = details("2020-01-01".into(), "2020-01-31".into())
        .into_iter()
        .filter(|(k, _)| !k.starts_with("survey[villages]"))
        .collect::<Vec<_>>();
    let pairs: Vec<(&str, &str)> = closed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, body) = call(&app, "/api/staff/surveys/save", &pairs, &p.admin).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = answer(
        &app,
        &p.ann,
        &id,
        "",
        "send",
        &matrix_answers(matrix, "1", "1"),
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (409, Some("SurveyNotOpen"))
    );
    let (_, results) = read(&app, "/api/surveys/results", &[("id", &id)], Some(&p.admin)).await;
    assert_eq!(criterion(&results, matrix, 0, 5), 1, "unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn surveys_are_run_by_their_own_commune_only() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (status, _) = call(
        &app,
        "/api/staff/surveys/create",
        &[("template", "new-rural")],
        &p.ann,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(app.api_status("/api/staff/surveys", None).await, 401);
    assert_eq!(
        app.api_status("/api/staff/surveys", Some(&p.ann)).await,
        403
    );
    let (_, id) = call(
        &app,
        "/api/staff/surveys/create",
        &[("template", "new-rural")],
        &p.admin,
    )
    .await;
    let id = id.as_i64().unwrap().to_string();
    for path in ["/api/staff/surveys/publish", "/api/staff/surveys/delete"] {
        let (status, body) = call(&app, path, &[("survey", &id)], &p.elsewhere_staff).await;
        assert_eq!(
            (status, body["Invalid"].as_str()),
            (404, Some("UnknownSurvey")),
            "{path}"
        );
    }
    // Bad survey fields are named, and nothing changes.
    let (status, body) = call(
        &app,
        "/api/staff/surveys/save",
        &[
            ("id", &id),
            ("survey[title]", ""),
            ("survey[opens]", "2026-12-10"),
            ("survey[closes]", "2026-12-01"),
            ("survey[scale]", "Một"),
        ],
        &p.admin,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["Fields"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "closes", "scale"]);
    // A village of another commune.
    let other: i64 = sqlx::query_scalar(
        "insert into villages (commune_code, name, kind, search_name, created_at, updated_at) \
         values (12361, 'Thôn Khác', 'thon', ' thon khac', 0, 0) returning id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let field = format!("survey[villages][v{other}]");
    let (status, body) = call(
        &app,
        "/api/staff/surveys/save",
        &[
            ("id", &id),
            ("survey[title]", "Khảo sát"),
            ("survey[opens]", "2026-12-01"),
            ("survey[closes]", "2026-12-31"),
            ("survey[scale]", "Kém\nTốt"),
            (&field, "on"),
        ],
        &p.admin,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("UnknownVillage"))
    );
    let (_, editor) = read(
        &app,
        "/api/staff/surveys/one",
        &[("id", &id)],
        Some(&p.admin),
    )
    .await;
    assert_eq!(
        editor["survey"]["title"],
        "Lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới"
    );
    // An empty survey cannot be published; an unanswered one can be deleted.
    let (_, empty) = call(
        &app,
        "/api/staff/surveys/create",
        &[("title", "Trống")],
        &p.staff,
    )
    .await;
    let empty = empty.as_i64().unwrap().to_string();
    let (status, body) = call(
        &app,
        "/api/staff/surveys/publish",
        &[("survey", &empty)],
        &p.staff,
    )
    .await;
    assert_eq!(
        (status, body["Invalid"].as_str()),
        (400, Some("SurveyEmpty"))
    );
    let (status, _) = call(
        &app,
        "/api/staff/surveys/delete",
        &[("survey", &empty)],
        &p.staff,
    )
    .await;
    assert_eq!(status, 200);
    // Left: the one from the template (and the demo commune's own).
    assert_eq!(
        app.count("select count(*) from surveys where commune_code = 12364")
            .await,
        2
    );
    assert!(
        app.count("select count(*) from audit_log where action = 'create_survey'")
            .await
            >= 2
    );
}
