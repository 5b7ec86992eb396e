//! Web Push end to end: a phone subscribes (with keys this test holds), staff
//! reply to its person's report and post an alert, and the push worker sends
//! to a push service on localhost, which decrypts each message (RFC 8291) and
//! checks its VAPID signature (RFC 8292). A subscription the service says is
//! gone is removed; a failing service gets the message again later; bad
//! subscriptions are refused.

use std::sync::{Arc, Mutex};

use app::accounts::model::Role;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use web_push_native::jwt_simple::prelude::*;

use crate::support::{DEMO_COMMUNE, TestApp, call, get_json};

/// What the test push service received.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) path: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[derive(Clone, Default)]
pub(crate) struct PushService(pub(crate) Arc<Mutex<Vec<Received>>>);

/// Answers like a push service: `/push/gone…` is an expired subscription
/// (410), `/push/down…` a service in trouble (503), `/push/bad…` a message
/// the service refuses for good (400), anything else 201.
async fn receive(
    State(service): State<PushService>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    service.0.lock().unwrap().push(Received {
        path: format!("/push/{id}"),
        headers,
        body: body.to_vec(),
    });
    if id.starts_with("gone") {
        StatusCode::GONE
    } else if id.starts_with("down") {
        StatusCode::SERVICE_UNAVAILABLE
    } else if id.starts_with("bad") {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::CREATED
    }
}

pub(crate) async fn push_service() -> (String, PushService) {
    let service = PushService::default();
    let router = axum::Router::new()
        .route("/push/{id}", axum::routing::post(receive))
        .with_state(service.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}"), service)
}

/// A phone's push keys, as a browser makes them.
pub(crate) struct Phone {
    secret: p256::SecretKey,
    auth: [u8; 16],
    pub(crate) endpoint: String,
}

impl Phone {
    pub(crate) fn new(endpoint: String) -> Phone {
        Phone {
            secret: p256::SecretKey::random(&mut p256::elliptic_curve::rand_core::OsRng),
            auth: rand::random(),
            endpoint,
        }
    }

    fn p256dh(&self) -> String {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        Base64UrlUnpadded::encode_string(
            self.secret.public_key().to_encoded_point(false).as_bytes(),
        )
    }

    fn auth(&self) -> String {
        Base64UrlUnpadded::encode_string(&self.auth)
    }

    pub(crate) async fn subscribe(
        &self,
        app: &TestApp,
        token: &str,
        announcements: &str,
    ) -> (u16, Value) {
        call(
            app,
            "/api/push/subscribe",
            &[
                ("endpoint", &self.endpoint),
                ("p256dh", &self.p256dh()),
                ("auth", &self.auth()),
                ("reports", "1"),
                ("announcements", announcements),
            ],
            token,
        )
        .await
    }

    /// Decrypts what the push service received for this phone.
    pub(crate) fn read(&self, received: &Received) -> Value {
        assert_eq!(received.headers["content-encoding"], "aes128gcm");
        let auth = web_push_native::Auth::clone_from_slice(&self.auth);
        let plain = web_push_native::decrypt(received.body.clone(), &self.secret, &auth)
            .expect("the message decrypts with the phone's keys");
        serde_json::from_slice(&plain).unwrap()
    }
}

/// Checks the VAPID header: signed by the server's key, for the push
/// service's origin, with the operator's contact.
fn check_vapid(received: &Received, public_key: &str, origin: &str) {
    let header = received.headers["authorization"].to_str().unwrap();
    let rest = header
        .strip_prefix("vapid ")
        .expect("a VAPID authorization");
    let mut token = "";
    let mut key = "";
    for part in rest.split(',') {
        let (name, value) = part.trim().split_once('=').unwrap();
        match name {
            "t" => token = value,
            "k" => key = value,
            _ => {}
        }
    }
    assert_eq!(key, public_key);
    let verifier =
        ES256PublicKey::from_bytes(&Base64UrlUnpadded::decode_vec(public_key).unwrap()).unwrap();
    let options = VerificationOptions {
        allowed_audiences: Some(HashSet::from_strings(&[origin])),
        ..Default::default()
    };
    let claims = verifier
        .verify_token::<NoCustomClaims>(token, Some(options))
        .expect("a valid VAPID signature");
    assert_eq!(claims.subject.as_deref(), Some("mailto:test@xaso.invalid"));
}

pub(crate) async fn worker(app: &TestApp) -> server::push::Worker {
    server::push::Worker::new(
        app.db.clone(),
        server::push::vapid_key(&app.db).await.unwrap(),
        "mailto:test@xaso.invalid".to_owned(),
        std::time::Duration::from_millis(50),
    )
}

async fn file_report(app: &TestApp, token: &str) -> String {
    let category = app::reports::db::categories(&app.db, 12364).await.unwrap()[0]
        .id
        .to_string();
    let (status, code) = call(
        app,
        "/api/reports/file",
        &[
            ("commune", DEMO_COMMUNE),
            ("report[category]", &category),
            ("report[description]", "Đèn đường ở cổng làng không sáng"),
        ],
        token,
    )
    .await;
    assert_eq!(status, 200);
    code.as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_and_alerts_reach_the_phone_encrypted_and_signed() {
    let app = TestApp::spawn().await;
    let (base, service) = push_service().await;
    let resident = app.sign_up("0966000001", "Phạm Thị Chuông").await;
    let staff = app
        .person_with_role("0966000002", Role::CommuneStaff { commune: 12364 })
        .await;
    let phone = Phone::new(format!("{base}/push/phone-1"));
    let (status, body) = phone.subscribe(&app, &resident, "urgent").await;
    assert_eq!(status, 200, "{body:?}");
    let (status, settings) = get_json(
        &app,
        "/api/push/settings",
        &[("endpoint", &phone.endpoint)],
        Some(&resident),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(settings["topics"]["announcements"], "Urgent");
    let public_key = settings["public_key"].as_str().unwrap().to_owned();
    assert_eq!(
        Base64UrlUnpadded::decode_vec(&public_key).unwrap().len(),
        65
    );

    let code = file_report(&app, &resident).await;
    let (status, _) = call(
        &app,
        "/api/staff/reports/reply",
        &[("code", &code), ("body", "Xã đã báo điện lực, mai sửa.")],
        &staff,
    )
    .await;
    assert_eq!(status, 200);
    // Nothing was sent while the request ran: the job waits for the worker.
    assert!(service.0.lock().unwrap().is_empty());
    assert_eq!(app.count("select count(*) from push_jobs").await, 1);

    let worker = worker(&app).await;
    assert_eq!(worker.send_due().await.unwrap(), 1);
    let received = service.0.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/push/phone-1");
    assert_eq!(received[0].headers["ttl"], "86400");
    assert_eq!(received[0].headers["urgency"], "normal");
    // The audience is the push service's scheme and host (real ones listen on
    // the default port, which an origin leaves out).
    check_vapid(&received[0], &public_key, "http://127.0.0.1");
    let message = phone.read(&received[0]);
    assert_eq!(message["url"], format!("/reports/{code}"));
    assert!(message["title"].as_str().unwrap().contains(&code));
    assert_eq!(message["body"], "Cán bộ xã đã trả lời phản ánh.");
    assert_eq!(message["lang"], "vi");
    assert_eq!(app.count("select count(*) from push_jobs").await, 0);

    // An urgent alert reaches the phone (it asked for urgent ones); a notice does not.
    for kind in ["notice", "alert"] {
        let (status, _) = call(
            &app,
            "/api/staff/announcements/post",
            &[
                ("announcement[kind]", kind),
                ("announcement[title]", "Bão số 5 đổ bộ"),
                (
                    "announcement[body]",
                    "Bà con chằng chống nhà cửa, không ra đồng.",
                ),
            ],
            &staff,
        )
        .await;
        assert_eq!(status, 200);
    }
    assert_eq!(worker.send_due().await.unwrap(), 1);
    let received = service.0.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].headers["urgency"], "high");
    let alert = phone.read(&received[1]);
    assert!(alert["title"].as_str().unwrap().ends_with("Bão số 5 đổ bộ"));
    assert!(
        alert["url"]
            .as_str()
            .unwrap()
            .starts_with("/announcements/")
    );

    // Turned off: nothing more is queued for this phone.
    let (status, _) = call(
        &app,
        "/api/push/unsubscribe",
        &[("endpoint", &phone.endpoint)],
        &resident,
    )
    .await;
    assert_eq!(status, 200);
    call(
        &app,
        "/api/staff/reports/reply",
        &[("code", &code), ("body", "Đã sửa xong.")],
        &staff,
    )
    .await;
    assert_eq!(app.count("select count(*) from push_jobs").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gone_subscriptions_are_removed_and_failures_retried() {
    let app = TestApp::spawn().await;
    let (base, service) = push_service().await;
    let resident = app.sign_up("0966000011", "Hà Văn Mất").await;
    let staff = app
        .person_with_role("0966000012", Role::CommuneStaff { commune: 12364 })
        .await;
    let gone = Phone::new(format!("{base}/push/gone-1"));
    let down = Phone::new(format!("{base}/push/down-1"));
    assert_eq!(gone.subscribe(&app, &resident, "all").await.0, 200);
    assert_eq!(down.subscribe(&app, &resident, "all").await.0, 200);
    let code = file_report(&app, &resident).await;
    call(
        &app,
        "/api/staff/reports/act",
        &[("code", &code), ("step", "acknowledge")],
        &staff,
    )
    .await;
    assert_eq!(app.count("select count(*) from push_jobs").await, 2);

    let worker = worker(&app).await;
    assert_eq!(worker.send_due().await.unwrap(), 2);
    assert_eq!(service.0.lock().unwrap().len(), 2);
    // 410: the subscription and its jobs are gone; 503: tried again later.
    assert_eq!(
        app.count("select count(*) from push_subscriptions").await,
        1
    );
    let (attempts, next, error): (i64, i64, Option<String>) =
        sqlx::query_as("select attempts, next_attempt_at, last_error from push_jobs")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(next > app::db::now_ms() + 20_000, "backs off");
    assert!(error.unwrap().contains("503"));
    // Not due yet: nothing is sent now.
    assert_eq!(worker.send_due().await.unwrap(), 0);
    // Once due, it is sent again (a restarted server would do the same: the
    // job is in the database).
    sqlx::query("update push_jobs set next_attempt_at = 0")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(worker.send_due().await.unwrap(), 1);
    assert_eq!(service.0.lock().unwrap().len(), 3);
    let attempts: i64 = sqlx::query_scalar("select attempts from push_jobs")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(attempts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_subscriptions_are_refused() {
    let app = TestApp::spawn().await;
    let resident = app.sign_up("0966000021", "Đào Văn Khóa").await;
    let phone = Phone::new("https://fcm.googleapis.com/fcm/send/abc".to_owned());
    let good = [
        ("endpoint", phone.endpoint.clone()),
        ("p256dh", phone.p256dh()),
        ("auth", phone.auth()),
        ("reports", "1".to_owned()),
        ("announcements", "urgent".to_owned()),
    ];
    let with = |name: &str, value: &str| -> Vec<(String, String)> {
        good.iter()
            .map(|(k, v)| {
                let v = if *k == name {
                    value.to_owned()
                } else {
                    v.clone()
                };
                ((*k).to_owned(), v)
            })
            .collect()
    };
    let cases = [
        (
            with("endpoint", "http://169.254.169.254/latest/meta-data"),
            "PushEndpointInvalid",
        ),
        (
            with("endpoint", "https://attacker.example/push"),
            "PushEndpointInvalid",
        ),
        (
            with("endpoint", "file:///etc/passwd"),
            "PushEndpointInvalid",
        ),
        (with("p256dh", "AAAA"), "PushKeysInvalid"),
        (with("p256dh", &"B".repeat(87)), "PushKeysInvalid"),
        (with("auth", "!!!"), "PushKeysInvalid"),
        (with("announcements", "sometimes"), "UnknownPushTopic"),
    ];
    for (fields, problem) in cases {
        let form: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (status, body) = call(&app, "/api/push/subscribe", &form, &resident).await;
        assert_eq!(
            (status, body["Invalid"].as_str()),
            (400, Some(problem)),
            "{form:?}"
        );
    }
    let form: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let anonymous = app.post("/api/push/subscribe", &form, None).await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        app.count("select count(*) from push_subscriptions").await,
        0
    );
    // The good one is taken.
    let (status, _) = call(&app, "/api/push/subscribe", &form, &resident).await;
    assert_eq!(status, 200);
    assert_eq!(
        app.count("select count(*) from push_subscriptions").await,
        1
    );
    // A deleted account's phones get nothing more.
    let (status, _) = call(
        &app,
        "/api/account/delete",
        &[("password", crate::support::PASSWORD), ("confirm", "yes")],
        &resident,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.count("select count(*) from push_subscriptions").await,
        0
    );
}

pub(crate) async fn post_announcement(app: &TestApp, staff: &str, kind: &str, title: &str) {
    let (status, body) = call(
        app,
        "/api/staff/announcements/post",
        &[
            ("announcement[kind]", kind),
            ("announcement[title]", title),
            (
                "announcement[body]",
                "Bà con chú ý theo dõi thông báo của xã.",
            ),
        ],
        staff,
    )
    .await;
    assert_eq!(status, 200, "{body:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_cannot_be_flooded() {
    let app = TestApp::spawn().await;
    let (base, _service) = push_service().await;
    let resident = app.sign_up("0966000021", "Đỗ Văn Nhiều").await;
    let staff = app
        .person_with_role("0966000022", Role::CommuneStaff { commune: 12364 })
        .await;

    // At most five phones per account: the sixth replaces the oldest.
    let phones: Vec<Phone> = (0..6)
        .map(|n| Phone::new(format!("{base}/push/phone-{n}")))
        .collect();
    for phone in &phones {
        assert_eq!(phone.subscribe(&app, &resident, "all").await.0, 200);
    }
    let kept: Vec<String> =
        sqlx::query_scalar("select endpoint from push_subscriptions order by id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(kept.len(), 5, "{kept:?}");
    assert!(!kept.contains(&phones[0].endpoint), "the oldest went");
    // Subscribing is limited per account: ten in an hour, then 429.
    for n in 6..10 {
        let phone = Phone::new(format!("{base}/push/phone-{n}"));
        assert_eq!(phone.subscribe(&app, &resident, "all").await.0, 200);
    }
    let eleventh = Phone::new(format!("{base}/push/phone-10"));
    let (status, body) = eleventh.subscribe(&app, &resident, "all").await;
    assert_eq!(status, 429, "{body:?}");
    assert!(body["TooManyAttempts"]["minutes"].as_i64().unwrap() > 0);

    // Urgent alerts go out before the rest, whatever the order they came in.
    sqlx::query("delete from push_jobs")
        .execute(&app.db)
        .await
        .unwrap();
    post_announcement(&app, &staff, "notice", "Lịch tiêm chủng").await;
    post_announcement(&app, &staff, "alert", "Lũ lên nhanh").await;
    let first = app::push::db::take_due(&app.db, 1, 60_000).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].urgency, "high", "the alert is sent first");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_subscriptions_are_dropped_and_sign_out_everywhere_ends_push() {
    let app = TestApp::spawn().await;
    let (base, service) = push_service().await;
    let resident = app.sign_up("0966000031", "Vũ Thị Lỗi").await;
    let staff = app
        .person_with_role("0966000032", Role::CommuneStaff { commune: 12364 })
        .await;
    let bad = Phone::new(format!("{base}/push/bad-1"));
    let good = Phone::new(format!("{base}/push/good-1"));
    assert_eq!(bad.subscribe(&app, &resident, "all").await.0, 200);
    assert_eq!(good.subscribe(&app, &resident, "all").await.0, 200);
    let worker = worker(&app).await;
    // Every message to the bad endpoint is refused for good: after three in a
    // row, the subscription is dropped.
    for n in 0..3 {
        post_announcement(&app, &staff, "notice", &format!("Thông báo số {n}")).await;
        worker.send_due().await.unwrap();
    }
    let left: Vec<String> = sqlx::query_scalar("select endpoint from push_subscriptions")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(left, vec![good.endpoint.clone()]);
    assert_eq!(service.0.lock().unwrap().len(), 6);

    // Signing out everywhere ends the account's push too.
    let (status, _) = call(&app, "/api/account/sign-out-everywhere", &[], &resident).await;
    assert_eq!(status, 200);
    assert_eq!(
        app.count("select count(*) from push_subscriptions").await,
        0
    );
    // So does a password reset (the account's phones may be in the wrong hands).
    let resident = app
        .sign_in("0966000031", crate::support::PASSWORD)
        .await
        .unwrap();
    assert_eq!(good.subscribe(&app, &resident, "all").await.0, 200);
    let (status, code) = call(
        &app,
        "/api/staff/reset-code",
        &[("phone", "0966000031")],
        &staff,
    )
    .await;
    assert_eq!(status, 200);
    let reset = app
        .post(
            "/api/account/reset",
            &[
                ("phone", "0966000031"),
                ("code", code.as_str().unwrap()),
                ("password", "mat-khau-moi-2026"),
            ],
            None,
        )
        .await;
    assert_eq!(reset.status(), 200);
    assert_eq!(
        app.count("select count(*) from push_subscriptions").await,
        0
    );
}
