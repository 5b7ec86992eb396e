//! Voice notes (issue 21): a report with one needs only a few words typed;
//! the recording comes back as it was sent, for whoever may read its text;
//! staff may answer with one; anything that is not a minute of Opus in WebM or
//! Ogg is refused with a translated error and files nothing; a deleted
//! account takes the voice notes of its reports with it.

use serde_json::Value;

use crate::support::{DEMO_COMMUNE, PASSWORD, TestApp, post_multipart};

/// Two seconds recorded by Chromium's MediaRecorder (fake microphone).
const RECORDING: &[u8] = include_bytes!("../../../app/tests/data/voice-2s.webm");

/// The same recording, its cluster said to start at 61 s.
fn recording_of_61_seconds() -> Vec<u8> {
    let mut long = RECORDING.to_vec();
    let at = long.windows(2).position(|w| w == [0xE7, 0x81]).unwrap();
    long.splice(at + 1..at + 3, [0x83, 0x00, 0xEE, 0x48]);
    long
}

async fn upload(
    app: &TestApp,
    token: &str,
    description: &str,
    voice: Option<&[u8]>,
    key: &str,
) -> reqwest::Response {
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let fields = [
        ("commune", DEMO_COMMUNE),
        ("report[category]", category.as_str()),
        ("report[description]", description),
        ("idempotency_key", key),
    ];
    let files: Vec<&[u8]> = voice.into_iter().collect();
    post_multipart(app, "/reports/upload", token, &fields, "voice", &files).await
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

async fn voice_status(app: &TestApp, id: i64, token: Option<&str>) -> u16 {
    let mut request = app.client.get(app.url(&format!("/voice/{id}")));
    if let Some(token) = token {
        request = request.header("cookie", format!("xaso_session={token}"));
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_note_goes_with_its_report_and_is_heard_where_its_text_is_read() {
    use app::accounts::model::Role;
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0964000001", "Lò Văn Nói").await;
    let staff = app
        .person_with_role("0964000002", Role::CommuneStaff { commune: 12364 })
        .await;

    // A few words are too few typed alone …
    let typed = upload(&app, &resident, "Đèn hỏng", None, "voice-key-typed-000001").await;
    assert_eq!(typed.status(), 400);
    let body: Value = typed.json().await.unwrap();
    assert_eq!(body["error"]["Invalid"], "DescriptionTooShort");
    assert!(body["message"].as_str().unwrap().contains("ghi âm"));
    // … and enough with a voice note.
    let key = "voice-key-spoken-00001";
    let response = upload(&app, &resident, "Đèn hỏng", Some(RECORDING), key).await;
    assert_eq!(response.status(), 200);
    let code = response.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // Sent again from the outbox (the answer was lost): the same report.
    let again = upload(&app, &resident, "Đèn hỏng", Some(RECORDING), key).await;
    assert_eq!(again.json::<Value>().await.unwrap()["code"], code.as_str());
    assert_eq!(
        app.count("select count(*) from report_voice_notes").await,
        1
    );

    let report = view(&app, &code, None).await;
    let id = report["voice"]["id"].as_i64().unwrap();
    let duration = report["voice"]["duration_ms"].as_i64().unwrap();
    assert!((1800..=2100).contains(&duration), "{duration}");
    let heard = app.get(&format!("/voice/{id}")).await;
    assert_eq!(heard.status(), 200);
    assert_eq!(heard.headers()["content-type"], "audio/webm");
    assert_eq!(heard.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(heard.bytes().await.unwrap().as_ref(), RECORDING);
    let (_, page) = app.page(&format!("/reports/{code}"), None).await;
    assert!(page.contains(&format!("/voice/{id}")), "the page plays it");
    assert!(page.contains("0:02"), "and says how long it is");
    assert_eq!(app.get("/voice/999999").await.status(), 404);
    assert_eq!(app.get("/voice/abc").await.status(), 404);

    // Hidden with the report's text: gone for the public, kept for staff.
    sqlx::query("update reports set text_hidden_at = 1 where code = $1")
        .bind(&code)
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(voice_status(&app, id, None).await, 404);
    assert_eq!(voice_status(&app, id, Some(&resident)).await, 404);
    assert!(view(&app, &code, None).await["voice"].is_null());
    assert_eq!(voice_status(&app, id, Some(&staff)).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recordings_that_are_not_a_minute_of_opus_file_nothing() {
    let app = TestApp::spawn().await;
    let token = app.sign_up("0964000003", "Lò Thị Sai").await;
    let problem = |body: &Value| body["error"]["Invalid"].as_str().unwrap_or("").to_owned();
    let description = "Đường vào bản bị sạt lở sau mưa";

    let response = upload(
        &app,
        &token,
        description,
        Some(b"ID3 an mp3 file"),
        "bad-voice-key-00001",
    )
    .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(problem(&body), "VoiceInvalid");
    assert!(
        body["message"].as_str().unwrap().contains("ghi âm"),
        "translated"
    );

    let long = recording_of_61_seconds();
    let response = upload(
        &app,
        &token,
        description,
        Some(&long),
        "bad-voice-key-00002",
    )
    .await;
    assert_eq!(response.status(), 400);
    assert_eq!(problem(&response.json().await.unwrap()), "VoiceTooLong");

    let mut huge = RECORDING.to_vec();
    huge.resize(app::reports::voice::MAX_BYTES + 1, 0);
    let response = upload(
        &app,
        &token,
        description,
        Some(&huge),
        "bad-voice-key-00003",
    )
    .await;
    assert_eq!(response.status(), 413);
    assert_eq!(problem(&response.json().await.unwrap()), "VoiceTooLarge");

    // Cut short on the way.
    let cut = &RECORDING[..RECORDING.len() - 5];
    let response = upload(&app, &token, description, Some(cut), "bad-voice-key-00004").await;
    assert_eq!(problem(&response.json().await.unwrap()), "VoiceInvalid");

    assert_eq!(app.count("select count(*) from reports").await, 0);
    assert_eq!(
        app.count("select count(*) from report_voice_notes").await,
        0
    );
}

async fn staff_upload(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> u16 {
    post_multipart(
        app,
        "/staff/reports/upload",
        token,
        fields,
        "voice",
        &[RECORDING],
    )
    .await
    .status()
    .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_answer_aloud_and_a_deleted_account_takes_its_voice_notes() {
    use app::accounts::model::Role;
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0964000004", "Lò Văn Hỏi").await;
    let staff = app
        .person_with_role("0964000005", Role::CommuneStaff { commune: 12364 })
        .await;
    let response = upload(
        &app,
        &resident,
        "Nước giếng đục",
        Some(RECORDING),
        "staff-voice-key-0001",
    )
    .await;
    let code = response.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = [("code", code.as_str()), ("body", "Xã sẽ cử người đến xem")];
    assert_eq!(staff_upload(&app, &resident, &reply).await, 403);
    assert_eq!(staff_upload(&app, &staff, &reply).await, 200);
    let note = [
        ("code", code.as_str()),
        ("body", "Ghi chú nội bộ"),
        ("internal", "1"),
    ];
    assert_eq!(staff_upload(&app, &staff, &note).await, 200);
    // A step carries photos of the fix, not a voice note.
    let step = [
        ("code", code.as_str()),
        ("step", "acknowledge"),
        ("body", ""),
    ];
    assert_eq!(staff_upload(&app, &staff, &step).await, 400);

    let events = view(&app, &code, None).await["events"]
        .as_array()
        .unwrap()
        .clone();
    let answer = events.iter().find(|e| e["kind"] == "Reply").unwrap();
    let answer_voice = answer["voice"]["id"].as_i64().unwrap();
    assert_eq!(voice_status(&app, answer_voice, None).await, 200);
    let note_voice: i64 = sqlx::query_scalar(
        "select v.id from report_voice_notes v join report_events e on e.id = v.event_id \
         where e.kind = 'note'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        voice_status(&app, note_voice, None).await,
        404,
        "a note's stays inside"
    );
    assert_eq!(voice_status(&app, note_voice, Some(&staff)).await, 200);

    // The resident leaves: the report stays, anonymous, without their voice.
    let deleted = app
        .post(
            "/api/account/delete",
            &[("password", PASSWORD), ("confirm", "yes")],
            Some(&resident),
        )
        .await;
    assert_eq!(deleted.status(), 200);
    assert!(view(&app, &code, None).await["voice"].is_null());
    assert_eq!(
        app.count("select count(*) from report_voice_notes").await,
        2,
        "the staff's stay"
    );
}
