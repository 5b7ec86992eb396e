//! `server remove-demo`: takes away everything marked as demo data (the demo
//! commune's history, its demo people, directory entries and villages) in one
//! transaction, and nothing else. What real people did in the demo commune
//! stays; the commune is disabled again unless someone real uses it.

use super::DEMO_COMMUNE;
use crate::db::Db;
use crate::error::AppError;

/// How many rows of each kind went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub reports: u64,
    pub surveys: u64,
    pub announcements: u64,
    pub people: u64,
    pub services: u64,
    pub villages: u64,
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Runs one statement; `$1`, where it appears, is the demo commune.
async fn run(tx: &mut Tx<'_>, sql: &'static str) -> Result<u64, AppError> {
    let query = sqlx::query(sql);
    let query = if sql.contains("$1") {
        query.bind(DEMO_COMMUNE)
    } else {
        query
    };
    Ok(query.execute(&mut **tx).await?.rows_affected())
}

#[tracing::instrument(skip(db))]
pub async fn remove(db: &Db) -> Result<Removed, AppError> {
    let mut tx = db.begin().await?;
    // A real report marked as a duplicate of a demo one keeps standing alone.
    run(
        &mut tx,
        "update reports set duplicate_of = null where is_demo = 0 \
         and duplicate_of in (select id from reports where is_demo = 1)",
    )
    .await?;
    // Events, photos, followers and notifications go with their report.
    let reports = run(&mut tx, "delete from reports where is_demo = 1").await?;
    let surveys = run(&mut tx, "delete from surveys where is_demo = 1").await?;
    let announcements = run(&mut tx, "delete from announcements where is_demo = 1").await?;
    // The population the demo set (by nobody, or by a demo person).
    run(
        &mut tx,
        "delete from commune_population where commune_code = $1 and \
         (updated_by is null or updated_by in (select id from users where is_demo = 1))",
    )
    .await?;
    // Sessions, roles and subscriptions go with the person; real reports they
    // touched keep their place with the author unknown.
    let people = run(&mut tx, "delete from users where is_demo = 1").await?;
    let services = run(&mut tx, "delete from directory_services where is_demo = 1").await?;
    run(
        &mut tx,
        "delete from directory_organizations where is_demo = 1",
    )
    .await?;
    let villages = run(&mut tx, "delete from villages where is_demo = 1").await?;
    run(
        &mut tx,
        "update communes set is_demo = 0, \
           enabled = case when exists (select 1 from users u where u.home_commune = communes.code) \
             or exists (select 1 from reports r where r.commune_code = communes.code) \
             then enabled else 0 end \
         where code = $1 and is_demo = 1",
    )
    .await?;
    tx.commit().await?;
    Ok(Removed {
        reports,
        surveys,
        announcements,
        people,
        services,
        villages,
    })
}
