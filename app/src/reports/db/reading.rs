//! Reading reports: lists with filters, one report, its timeline.

use crate::db::Db;
use crate::error::AppError;
use crate::reports::lifecycle::Status;
use crate::reports::model::{Event, EventKind, PhotoRef, ReportSummary, VoiceRef};
use crate::text::excerpt;
use sqlx::Row;

/// What lists show. A description staff hid is read as empty here (only the
/// report's own page gives it to staff).
pub(super) const SUMMARY_COLUMNS: &str = "r.id, r.code, r.status, \
    case when r.text_hidden_at is null then r.description else '' end as description, \
    r.urgent, r.created_at, r.latitude, r.longitude, \
    r.acknowledge_by, r.resolve_by, c.name as category_name, v.name as village_name, \
    r.assigned_to, (select a.name from users a where a.id = r.assigned_to) as assigned_name, \
    (select count(*) from report_followers f where f.report_id = r.id) as followers";

pub(super) fn summary_from_row(row: &sqlx::any::AnyRow) -> Result<ReportSummary, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let description: String = row.try_get("description")?;
    let latitude: Option<f64> = row.try_get("latitude")?;
    let longitude: Option<f64> = row.try_get("longitude")?;
    Ok(ReportSummary {
        position: latitude.zip(longitude),
        code: row.try_get("code")?,
        category: row.try_get("category_name")?,
        status: Status::parse(&status).unwrap_or(Status::New),
        village: row.try_get("village_name")?,
        excerpt: excerpt(&description, 24),
        urgent: row.try_get::<i64, _>("urgent")? == 1,
        followers: row.try_get("followers")?,
        created_at_ms: row.try_get("created_at")?,
        acknowledge_by_ms: row.try_get("acknowledge_by")?,
        resolve_by_ms: row.try_get("resolve_by")?,
        assigned_to: row.try_get("assigned_to")?,
        assigned: row.try_get("assigned_name")?,
    })
}

/// Which reports a list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportFilter {
    pub status: Option<Status>,
    /// Only this person's reports.
    pub reporter: Option<i64>,
    /// Staff's queue: open reports, the nearest deadline first.
    pub queue: bool,
    pub category: Option<i64>,
    pub village: Option<i64>,
    /// Given to this staff member (`Some(0)`: to nobody yet).
    pub assignee: Option<i64>,
}

/// The commune's reports: newest first, or (queue) open ones by deadline. At most 200.
#[tracing::instrument(skip(db, filter))]
pub async fn list(
    db: &Db,
    commune: i64,
    filter: ReportFilter,
) -> Result<Vec<ReportSummary>, AppError> {
    let order = if filter.queue {
        "case when r.status = 'new' then r.acknowledge_by else r.resolve_by end, r.id"
    } else {
        "r.created_at desc, r.id desc"
    };
    let open = if filter.queue {
        "and r.status in ('new', 'acknowledged', 'in_progress')"
    } else {
        ""
    };
    let sql = format!(
        "select {SUMMARY_COLUMNS} from reports r \
         join report_categories c on c.id = r.category_id \
         left join villages v on v.id = r.village_id \
         where r.commune_code = $1 and ($2 = '' or r.status = $2) and ($3 = 0 or r.reporter_id = $3) \
           and ($4 = 0 or r.category_id = $4) and ($5 = 0 or r.village_id = $5) \
           and ($6 = -1 or coalesce(r.assigned_to, 0) = $6) \
         {open} order by {order} limit 200"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(commune)
        .bind(filter.status.map(Status::code).unwrap_or(""))
        .bind(filter.reporter.unwrap_or(0))
        .bind(filter.category.unwrap_or(0))
        .bind(filter.village.unwrap_or(0))
        .bind(filter.assignee.unwrap_or(-1))
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(summary_from_row)
        .collect::<Result<_, _>>()
        .map_err(AppError::from)
}

/// A report with what its page and its handling need.
pub struct ReportRow {
    pub id: i64,
    pub commune: i64,
    pub summary: ReportSummary,
    /// As written, even when hidden from the public (`text_hidden`).
    pub description: String,
    pub text_hidden: bool,
    pub address: String,
    pub category_id: i64,
    pub reporter_id: Option<i64>,
    pub reporter_name: Option<String>,
    pub hide_name: bool,
    pub position: Option<(f64, f64)>,
    pub resolved_at_ms: Option<i64>,
    pub rating: Option<i64>,
    pub rating_comment: String,
}

/// The report with this tracking code.
#[tracing::instrument(skip_all)]
pub async fn report(db: &Db, code: &str) -> Result<Option<ReportRow>, AppError> {
    let sql = format!(
        "select {SUMMARY_COLUMNS}, r.commune_code, r.reporter_id, u.name as reporter_name, \
           r.hide_name, r.resolved_at, r.rating, r.rating_comment, \
           r.description as original, r.text_hidden_at, r.address, r.category_id \
         from reports r join report_categories c on c.id = r.category_id \
         left join villages v on v.id = r.village_id \
         left join users u on u.id = r.reporter_id \
         where r.code = $1"
    );
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.trim())
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let reporter_name: Option<String> = row.try_get("reporter_name")?;
    let summary = summary_from_row(&row)?;
    Ok(Some(ReportRow {
        id: row.try_get("id")?,
        commune: row.try_get("commune_code")?,
        position: summary.position,
        summary,
        description: row.try_get("original")?,
        text_hidden: row.try_get::<Option<i64>, _>("text_hidden_at")?.is_some(),
        address: row.try_get("address")?,
        category_id: row.try_get("category_id")?,
        reporter_id: row.try_get("reporter_id")?,
        // A deleted account keeps its row with an empty name.
        reporter_name: reporter_name.filter(|n| !n.is_empty()),
        hide_name: row.try_get::<i64, _>("hide_name")? == 1,
        resolved_at_ms: row.try_get("resolved_at")?,
        rating: row.try_get("rating")?,
        rating_comment: row.try_get("rating_comment")?,
    }))
}

/// What a report page shows below the report: its own photos and voice note,
/// and its events.
pub struct Timeline {
    pub photos: Vec<PhotoRef>,
    pub voice: Option<VoiceRef>,
    pub events: Vec<Event>,
}

/// The report's own photos (in order) and its timeline, with the photos of
/// each event (evidence in replies); internal notes, hidden texts and hidden
/// photos only for staff (`with_notes`). Both kinds of photo come in one query: every query
/// is a round trip to the driver's thread, and the report page is read often.
#[tracing::instrument(skip(db))]
pub async fn timeline(db: &Db, report: i64, with_notes: bool) -> Result<Timeline, AppError> {
    let rows = sqlx::query(
        "select e.id, e.created_at, e.kind, e.status, e.body, e.public, e.hidden_at, e.resolve_by, \
           case when e.actor_id <> coalesce(r.reporter_id, 0) then u.name end as staff_name \
         from report_events e \
         join reports r on r.id = e.report_id \
         left join users u on u.id = e.actor_id \
         where e.report_id = $1 and (e.public = 1 or $2 = 1) order by e.created_at, e.id",
    )
    .bind(report)
    .bind(i64::from(with_notes))
    .fetch_all(db)
    .await?;
    // The report's and its events' photos and voice notes come in one query
    // (`what`: 'p' a photo, its width and height in `a` and `b`; 'v' a voice
    // note, its length in `a`): a query less is a round trip less to the
    // database thread, which costs more than the query (perf, `bench/run`).
    // A voice note goes with its text: hidden with it, and an internal
    // note's only for staff.
    let attachment_rows = sqlx::query(
        "select 'p' as what, p.id, p.event_id, p.width as a, p.height as b, p.hidden_at, p.position \
         from report_photos p \
         where p.report_id = $1 and (p.hidden_at is null or $2 = 1) \
         union all \
         select 'v' as what, v.id, v.event_id, v.duration_ms as a, 0 as b, \
           case when v.event_id is null then r.text_hidden_at else e.hidden_at end as hidden_at, \
           0 as position \
         from report_voice_notes v \
         join reports r on r.id = v.report_id \
         left join report_events e on e.id = v.event_id \
         where v.report_id = $1 and ($2 = 1 or ((e.id is null or e.public = 1) \
           and (case when v.event_id is null then r.text_hidden_at else e.hidden_at end) is null)) \
         order by what, position, id",
    )
    .bind(report)
    .bind(i64::from(with_notes))
    .fetch_all(db)
    .await?;
    let mut own = Vec::new();
    let mut photos: std::collections::HashMap<i64, Vec<PhotoRef>> = Default::default();
    let mut own_voice = None;
    let mut voices: std::collections::HashMap<i64, VoiceRef> = Default::default();
    for row in &attachment_rows {
        let what: String = row.try_get("what")?;
        let id: i64 = row.try_get("id")?;
        let hidden = row.try_get::<Option<i64>, _>("hidden_at")?.is_some();
        let event = row.try_get::<Option<i64>, _>("event_id")?;
        if what == "v" {
            let voice = VoiceRef {
                id,
                duration_ms: row.try_get("a")?,
                hidden,
            };
            match event {
                Some(event) => {
                    voices.insert(event, voice);
                }
                None => own_voice = Some(voice),
            }
        } else {
            let photo = PhotoRef {
                id,
                width: row.try_get("a")?,
                height: row.try_get("b")?,
                hidden,
            };
            match event {
                Some(event) => photos.entry(event).or_default().push(photo),
                None => own.push(photo),
            }
        }
    }
    let mut events = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let status: Option<String> = row.try_get("status")?;
        let id: i64 = row.try_get("id")?;
        let hidden = row.try_get::<Option<i64>, _>("hidden_at")?.is_some();
        let body: String = row.try_get("body")?;
        events.push(Event {
            id,
            hidden,
            body: if hidden && !with_notes {
                String::new()
            } else {
                body
            },
            photos: photos.remove(&id).unwrap_or_default(),
            voice: voices.remove(&id),
            at_ms: row.try_get("created_at")?,
            new_deadline_ms: row.try_get("resolve_by")?,
            kind: EventKind::from_db(&kind),
            status: status.as_deref().and_then(Status::parse),
            by_staff: row
                .try_get::<Option<String>, _>("staff_name")?
                .filter(|n| !n.is_empty()),
        });
    }
    Ok(Timeline {
        photos: own,
        voice: own_voice,
        events,
    })
}

/// The id of the commune's report with this code.
#[tracing::instrument(skip(db, code))]
pub async fn id_in_commune(db: &Db, commune: i64, code: &str) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select id from reports where code = $1 and commune_code = $2")
            .bind(code.trim())
            .bind(commune)
            .fetch_optional(db)
            .await?,
    )
}
