//! The demo commune itself: enabled, with its villages.

use super::DEMO_COMMUNE;
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};
use crate::places::model::VillageKind;
use crate::places::search::fold;

/// Demo villages, marked `is_demo` so they can be told apart and removed.
const DEMO_VILLAGES: [(&str, VillageKind); 8] = [
    ("Thôn An Tảo", VillageKind::Thon),
    ("Thôn Đông Kết", VillageKind::Thon),
    ("Thôn Hải Yến", VillageKind::Thon),
    ("Thôn Lệ Chi", VillageKind::Thon),
    ("Thôn Nhật Tân", VillageKind::Thon),
    ("Thôn Thủ Sỹ", VillageKind::Thon),
    ("Tổ dân phố Vương", VillageKind::ToDanPho),
    ("Tổ dân phố Phố Giác", VillageKind::ToDanPho),
];

/// Enables the demo commune and gives it villages. Safe to run again.
#[tracing::instrument(skip(db))]
pub async fn seed(db: &Db) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let updated = sqlx::query(
        "update communes set enabled = 1, is_demo = 1, enabled_at = coalesce(enabled_at, $2), updated_at = $2 \
         where code = $1",
    )
    .bind(DEMO_COMMUNE)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        tracing::error!("the demo commune is missing: import the units first");
        return Err(AppError::Invalid(Problem::UnknownCommune));
    }
    for (name, kind) in DEMO_VILLAGES {
        sqlx::query(
            "insert into villages (commune_code, name, kind, search_name, is_demo, created_at, updated_at) \
             values ($1, $2, $3, $4, 1, $5, $5) on conflict (commune_code, name) do nothing",
        )
        .bind(DEMO_COMMUNE)
        .bind(name)
        .bind(kind.as_db())
        .bind(format!(" {}", fold(name)))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
