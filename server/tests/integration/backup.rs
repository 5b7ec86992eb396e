//! Backups of the SQLite database, made while residents file reports, and
//! restored: every report acknowledged before the backup began is in it. A
//! restore is refused while a server runs on the database, and for a file
//! that is not a backup.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{TestApp, engine};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_made_under_writes_restores_every_acknowledged_report() {
    if engine() != "sqlite" {
        eprintln!("server backup/restore: SQLite only (PostgreSQL uses pg_dump), skipped");
        return;
    }
    let app = Arc::new(TestApp::spawn().await);
    let mut residents = Vec::new();
    for n in 0..5 {
        residents.push(app.sign_up(&format!("09690000{n:02}"), "Người Gửi").await);
    }

    // A stream of reports, each recorded when its answer (the code) arrives.
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stream = {
        let (app, acknowledged) = (app.clone(), acknowledged.clone());
        tokio::spawn(async move {
            for n in 0..50 {
                let key = format!("{n:032x}");
                let keyed = [("idempotency_key", key.as_str())];
                let text = format!("{} (lần {n})", crate::outbox::TEXT);
                let (status, body) =
                    crate::outbox::send(&app, &residents[n % 5], &keyed, &text, &[]).await;
                assert_eq!(status, 200, "{body:?}");
                let code = body["code"].as_str().unwrap().to_owned();
                acknowledged.lock().unwrap().push(code);
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 15 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let dir = std::env::temp_dir().join(format!("xaso-backup-{:x}", rand::random::<u64>()));
    let file = dir.join("xaso-backup.db");
    let started = Instant::now();
    let bytes = server::backup::backup(&app.database_url, &file)
        .await
        .unwrap();
    assert!(bytes > 0);
    let during = acknowledged.lock().unwrap().len();
    stream.await.unwrap();
    assert_eq!(acknowledged.lock().unwrap().len(), 50);
    assert!(
        during < 50,
        "the stream went on while the backup ran ({during} of 50 by then, {:?})",
        started.elapsed()
    );
    // Making it again over the same file is refused.
    let again = server::backup::backup(&app.database_url, &file).await;
    assert!(again.unwrap_err().to_string().contains("exists already"));

    // Restored as another database: the reports acknowledged before are there.
    let restored_url = format!("sqlite://{}/restored.db", dir.display());
    // Not while a server runs on it.
    let lock = server::backup::ServerLock::take(&restored_url).unwrap();
    let refused = server::backup::restore(&restored_url, &file).await;
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("a server is running"),
        "refused while served"
    );
    drop(lock);
    // Nor from a file that is not a backup.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let refused = server::backup::restore(&restored_url, &junk).await;
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("is not a Xã Số backup")
    );
    assert!(
        !dir.join("restored.db").exists(),
        "nothing was put in place"
    );

    let done = server::backup::restore(&restored_url, &file).await.unwrap();
    assert!(done.kept.is_none(), "there was no database to keep");
    let restored = server::database::connect(&restored_url, 1).await.unwrap();
    let codes: Vec<String> = sqlx::query_scalar("select code from reports")
        .fetch_all(&restored)
        .await
        .unwrap();
    for code in &before {
        assert!(
            codes.contains(code),
            "{code} was acknowledged before the backup"
        );
    }
    restored.close().await;

    // Restoring over a database keeps the one replaced.
    let done = server::backup::restore(&restored_url, &file).await.unwrap();
    let kept = done.kept.expect("the replaced database is kept");
    assert!(kept.exists(), "{}", kept.display());
    std::fs::remove_dir_all(&dir).unwrap();
}
