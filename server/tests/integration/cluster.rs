//! Several app servers on one PostgreSQL, as a province runs them behind one
//! address: what one server does holds on the other. On SQLite (one server
//! per database file) there is nothing to test, and the test says so.

use std::time::{Duration, Instant};

use app::accounts::model::Role;

use crate::directory_edit::save;
use crate::push::{Phone, post_announcement, push_service, worker};
use crate::render_cache::{outcome, visit};
use crate::support::{TestApp, engine};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_act_as_one() {
    if engine() != "postgres" {
        eprintln!(
            "two servers on one database: PostgreSQL only, skipped on {}",
            engine()
        );
        return;
    }
    let a = TestApp::spawn().await;
    let b = a.spawn_beside().await;

    // A session made on one server is valid on the other.
    let resident = a.sign_up("0967000001", "Lò Thị Hai").await;
    let (status, page) = b.page("/account", Some(&resident)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Lò Thị Hai"), "signed in on the other server");

    // The sign-in throttle counts across both: five wrong passwords for a
    // number, whichever server they reach, then even the right one waits.
    for n in 0..5 {
        let server = if n % 2 == 0 { &a } else { &b };
        assert_eq!(
            server.sign_in("0967000001", "wrong-password").await,
            Err(401)
        );
    }
    assert_eq!(
        b.sign_in("0967000001", crate::support::PASSWORD).await,
        Err(429)
    );
    assert_eq!(
        a.sign_in("0967000001", crate::support::PASSWORD).await,
        Err(429)
    );

    // A directory edit on one server is seen on the other's cached page
    // within a second.
    let page = "/directory?area=health";
    let cookie = "commune=12364";
    assert_eq!(outcome(&visit(&b, page, cookie).await), Some("miss"));
    assert_eq!(outcome(&visit(&b, page, cookie).await), Some("hit"));
    let staff = a
        .person_with_role("0967000002", Role::CommuneStaff { commune: 12364 })
        .await;
    let (status, body) = save(
        &a,
        &staff,
        &[
            ("name", "Trạm y tế lưu động Hai Máy"),
            ("kind", "tram_y_te"),
            ("village", "Thôn Lệ Chi"),
            ("phone_1", "0912 000 222"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body:?}");
    let saved = Instant::now();
    loop {
        let seen = visit(&b, page, cookie).await;
        if seen.body.contains("Trạm y tế lưu động Hai Máy") {
            break;
        }
        assert!(
            saved.elapsed() < Duration::from_secs(1),
            "the other server still shows the old page after a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(outcome(&visit(&b, page, cookie).await), Some("hit"));

    // With both push workers running, each message is sent once.
    let (base, service) = push_service().await;
    let phones: Vec<Phone> = (0..5)
        .map(|n| Phone::new(format!("{base}/push/cluster-{n}")))
        .collect();
    for phone in &phones {
        assert_eq!(phone.subscribe(&a, &resident, "all").await.0, 200);
    }
    for n in 0..4 {
        let server = if n % 2 == 0 { &a } else { &b };
        post_announcement(server, &staff, "notice", &format!("Họp thôn lần {n}")).await;
    }
    let expected = 5 * 4;
    assert_eq!(a.count("select count(*) from push_jobs").await, expected);
    let (worker_a, worker_b) = (worker(&a).await, worker(&b).await);
    let drain = |worker: server::push::Worker| async move {
        let mut sent = 0;
        for _ in 0..200 {
            sent += worker.send_due().await.unwrap();
            tokio::task::yield_now().await;
        }
        sent
    };
    let (sent_a, sent_b) =
        tokio::join!(tokio::spawn(drain(worker_a)), tokio::spawn(drain(worker_b)));
    let (sent_a, sent_b) = (sent_a.unwrap(), sent_b.unwrap());
    assert_eq!(sent_a + sent_b, expected as usize, "{sent_a} + {sent_b}");
    let received = service.0.lock().unwrap().clone();
    assert_eq!(received.len(), expected as usize);
    let mut messages: Vec<(String, String)> = received
        .iter()
        .map(|r| {
            let phone = phones
                .iter()
                .find(|p| p.endpoint.ends_with(&r.path))
                .expect("a subscribed phone");
            (r.path.clone(), phone.read(r)["title"].to_string())
        })
        .collect();
    messages.sort();
    messages.dedup();
    assert_eq!(messages.len(), expected as usize, "no message twice");
    assert_eq!(a.count("select count(*) from push_jobs").await, 0);
}

/// A change another server made reaches this one's commune lookups by
/// `NOTIFY` at once, not when the lookup kept for a second runs out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_heard_from_another_server_empties_the_commune_lookups() {
    use app::places::cache::{CommuneCache, FRESH_FOR};
    use app::places::model::CommuneCode;
    if engine() != "postgres" {
        eprintln!(
            "commune lookups hear changes: PostgreSQL only, skipped on {}",
            engine()
        );
        return;
    }
    let app = TestApp::spawn().await;
    let communes = CommuneCache::default();
    let caches = server::render_cache::Caches {
        pages: None,
        communes: communes.clone(),
    };
    server::render_cache::listen(app.database_url.clone(), caches, "this-server".into()).await;
    let code = CommuneCode::parse("12361").unwrap();
    let joined = || {
        let (communes, db) = (communes.clone(), app.db.clone());
        async move { communes.commune(&db, code).await.unwrap().unwrap().enabled }
    };
    assert!(!joined().await);
    let kept_at = Instant::now();
    sqlx::query("update communes set enabled = 1 where code = 12361")
        .execute(&app.db)
        .await
        .unwrap();
    assert!(!joined().await, "kept: the database was not asked again");
    // What `page_changes::commit` sends on another server.
    sqlx::query("select pg_notify($1, $2)")
        .bind(app::page_changes::CHANNEL)
        .bind(app::page_changes::payload(12361, "another-server"))
        .execute(&app.db)
        .await
        .unwrap();
    while !joined().await {
        assert!(
            kept_at.elapsed() < FRESH_FOR / 2,
            "the change was not heard: seen only when the kept lookup ran out"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
