//! Reports as the Open311 GeoReport v2 API lists them.

use crate::db::Db;
use crate::error::AppError;
use crate::reports::lifecycle::Status;
use sqlx::Row;

/// What an Open311 `requests.json` asks for.
#[derive(Clone, Debug, Default)]
pub struct Open311Filter {
    /// A commune code (0: any, for one request by its code).
    pub commune: i64,
    pub service_code: String,
    pub code: String,
    /// `open`, `closed` or empty.
    pub status: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// A report as Open311 GeoReport v2 describes a service request.
pub struct Open311Row {
    pub code: String,
    pub status: Status,
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub resolve_by_ms: i64,
    pub position: Option<(f64, f64)>,
    pub village: Option<String>,
    /// The latest public text (a reply, a referral, a resolution).
    pub status_notes: Option<String>,
    /// Where, in words (reports from other systems).
    pub address: String,
    pub photo: Option<i64>,
}

/// Reports as service requests, newest first, at most 1,000; never rejected ones.
#[tracing::instrument(skip_all)]
pub async fn open311_requests(
    db: &Db,
    filter: &Open311Filter,
) -> Result<Vec<Open311Row>, AppError> {
    let rows = sqlx::query(
        "select r.code, r.status, c.code as service_code, c.name as service_name, \
           case when r.text_hidden_at is null then r.description else '' end as description, \
           r.created_at, r.updated_at, r.resolve_by, r.latitude, r.longitude, v.name as village_name, r.address, \
           (select e.body from report_events e where e.report_id = r.id and e.public = 1 \
              and e.hidden_at is null and e.body <> '' order by e.created_at desc, e.id desc limit 1) as status_notes, \
           (select p.id from report_photos p where p.report_id = r.id and p.event_id is null \
              and p.hidden_at is null order by p.position, p.id limit 1) as photo_id \
         from reports r join report_categories c on c.id = r.category_id \
         left join villages v on v.id = r.village_id \
         where r.status <> 'rejected' and ($1 = 0 or r.commune_code = $1) \
           and ($2 = '' or c.code = $2) and ($3 = '' or r.code = $3) \
           and ($4 = 0 or r.created_at >= $4) and ($5 = 0 or r.created_at < $5) \
           and ($6 = '' \
             or ($6 = 'open' and r.status in ('new', 'acknowledged', 'in_progress')) \
             or ($6 = 'closed' and r.status not in ('new', 'acknowledged', 'in_progress'))) \
         order by r.created_at desc, r.id desc limit 1000",
    )
    .bind(filter.commune)
    .bind(&filter.service_code)
    .bind(&filter.code)
    .bind(filter.start_ms)
    .bind(filter.end_ms)
    .bind(&filter.status)
    .fetch_all(db)
    .await?;
    let mut requests = Vec::with_capacity(rows.len());
    for row in &rows {
        let status: String = row.try_get("status")?;
        let latitude: Option<f64> = row.try_get("latitude")?;
        let longitude: Option<f64> = row.try_get("longitude")?;
        requests.push(Open311Row {
            code: row.try_get("code")?,
            status: Status::parse(&status).unwrap_or(Status::New),
            service_code: row.try_get("service_code")?,
            service_name: row.try_get("service_name")?,
            description: row.try_get("description")?,
            created_at_ms: row.try_get("created_at")?,
            updated_at_ms: row.try_get("updated_at")?,
            resolve_by_ms: row.try_get("resolve_by")?,
            position: latitude.zip(longitude),
            village: row.try_get("village_name")?,
            status_notes: row.try_get("status_notes")?,
            address: row.try_get("address")?,
            photo: row.try_get("photo_id")?,
        });
    }
    Ok(requests)
}
