//! Where reports are: the commune's centre, and open reports near a place
//! (a report being written is shown those already filed there).

use super::reading::{SUMMARY_COLUMNS, summary_from_row};
use crate::db::Db;
use crate::error::AppError;
use crate::reports::model::ReportSummary;
use sqlx::Row;

/// The middle of the commune's directory entries that have a position: where
/// a map of the commune opens.
#[tracing::instrument(skip(db))]
pub async fn commune_center(db: &Db, commune: i64) -> Result<Option<(f64, f64)>, AppError> {
    let row = sqlx::query(
        "select avg(latitude) as latitude, avg(longitude) as longitude from directory_services \
         where commune_code = $1 and latitude is not null and longitude is not null",
    )
    .bind(commune)
    .fetch_one(db)
    .await?;
    let latitude: Option<f64> = row.try_get("latitude")?;
    let longitude: Option<f64> = row.try_get("longitude")?;
    Ok(latitude.zip(longitude))
}

/// How far (metres) a report counts as "nearby" for duplicates.
pub const NEARBY_METRES: f64 = 100.0;

/// Open reports of the same category nearby — within 100 m of `position`, or in
/// the same village — newest first, at most 5: shown before someone files the
/// same problem again.
#[tracing::instrument(skip(db, position))]
pub async fn nearby(
    db: &Db,
    commune: i64,
    category: i64,
    village: Option<i64>,
    position: Option<(f64, f64)>,
) -> Result<Vec<ReportSummary>, AppError> {
    if village.is_none() && position.is_none() {
        return Ok(Vec::new());
    }
    // A box around the position first (cheap, in SQL); the exact distance after.
    let (lat, lon) = position.unwrap_or((0.0, 0.0));
    let dlat = NEARBY_METRES / 111_320.0;
    let dlon = dlat / lat.to_radians().cos().max(0.1);
    let sql = format!(
        "select {SUMMARY_COLUMNS}, r.latitude, r.longitude, r.village_id from reports r \
         join report_categories c on c.id = r.category_id \
         left join villages v on v.id = r.village_id \
         where r.commune_code = $1 and r.category_id = $2 \
           and r.status in ('new', 'acknowledged', 'in_progress') \
           and (r.village_id = $3 or ($4 = 1 and r.latitude between $5 and $6 \
             and r.longitude between $7 and $8)) \
         order by r.created_at desc, r.id desc limit 50"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(commune)
        .bind(category)
        .bind(village.unwrap_or(-1))
        .bind(i64::from(position.is_some()))
        .bind(lat - dlat)
        .bind(lat + dlat)
        .bind(lon - dlon)
        .bind(lon + dlon)
        .fetch_all(db)
        .await?;
    let mut found = Vec::new();
    for row in &rows {
        let same_village =
            village.is_some() && row.try_get::<Option<i64>, _>("village_id")? == village;
        let close = match (
            position,
            row.try_get::<Option<f64>, _>("latitude")?,
            row.try_get::<Option<f64>, _>("longitude")?,
        ) {
            (Some(here), Some(lat), Some(lon)) => metres_between(here, (lat, lon)) <= NEARBY_METRES,
            _ => false,
        };
        if same_village || close {
            found.push(summary_from_row(row)?);
        }
        if found.len() == 5 {
            break;
        }
    }
    Ok(found)
}

/// The distance between two positions on the Earth, in metres (haversine).
pub fn metres_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let here = (20.6725, 106.1289);
        assert!(metres_between(here, here) < 0.01);
        // 0.0009° of latitude is about 100 m.
        let north = metres_between(here, (20.6734, 106.1289));
        assert!((north - 100.0).abs() < 1.0, "{north}");
        assert!(metres_between(here, (20.6725, 106.1299)) > 100.0);
    }
}
