//! Queries of the reports (server only). Every status change is one
//! transaction that checks the status it starts from, so two officers acting at
//! once cannot both move the same report.

use sqlx::Row;

use super::deadlines::WorkingTime;
use super::lifecycle::Status;
use super::model::{
    Category, DEFAULT_CATEGORIES, Description, Event, EventKind, IdempotencyKey, PhotoRef,
    ReportSummary, VoiceRef, tracking_code,
};
use super::photos::Photo;
use super::voice::VoiceNote;
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};
use crate::hours::Closure;
use crate::text::excerpt;

/// The commune's working time: its own periods, or government hours when it
/// has set none; and its days off.
#[tracing::instrument(skip(db))]
pub async fn working_time(db: &Db, commune: i64) -> Result<(WorkingTime, Vec<Closure>), AppError> {
    let rows = sqlx::query(
        "select weekday, opens, closes from report_working_hours where commune_code = $1 \
         order by weekday, opens",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let mut working = WorkingTime::default();
    if !rows.is_empty() {
        working.week = Default::default();
        for row in &rows {
            let weekday: i64 = row.try_get("weekday")?;
            let opens: i64 = row.try_get("opens")?;
            let closes: i64 = row.try_get("closes")?;
            working.week[(weekday - 1).clamp(0, 6) as usize].push((opens as u16, closes as u16));
        }
    }
    let holidays =
        sqlx::query("select day, note from report_holidays where commune_code = $1 order by day")
            .bind(commune)
            .fetch_all(db)
            .await?
            .iter()
            .map(|row| {
                Ok(Closure {
                    date: row.try_get("day")?,
                    note: row.try_get("note")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    working.holidays = holidays.iter().map(|c| c.date.clone()).collect();
    Ok((working, holidays))
}

/// The commune's categories, created from the defaults the first time.
#[tracing::instrument(skip(db))]
pub async fn categories(db: &Db, commune: i64) -> Result<Vec<Category>, AppError> {
    let existing: i64 =
        sqlx::query_scalar("select count(*) from report_categories where commune_code = $1")
            .bind(commune)
            .fetch_one(db)
            .await?;
    if existing == 0 {
        let now = now_ms();
        for (position, (code, name, days)) in DEFAULT_CATEGORIES.iter().enumerate() {
            // Two first visits at once: the second insert of a code does nothing.
            sqlx::query(
                "insert into report_categories (commune_code, code, name, resolve_days, position, created_at) \
                 values ($1, $2, $3, $4, $5, $6) on conflict (commune_code, code) do nothing",
            )
            .bind(commune)
            .bind(*code)
            .bind(*name)
            .bind(*days)
            .bind(position as i64)
            .bind(now)
            .execute(db)
            .await?;
        }
    }
    let rows = sqlx::query(
        "select id, code, name, resolve_days from report_categories where commune_code = $1 \
         order by position, id",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Category {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                resolve_days: row.try_get("resolve_days")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// A report as filed, checked.
pub struct NewReport {
    pub commune: i64,
    pub province_name: String,
    pub category: Category,
    /// The resident who sent it; None when another system sent it (`api_key`).
    pub reporter: Option<i64>,
    /// The Open311 key it came with.
    pub api_key: Option<i64>,
    /// Where, in words (Open311 `address_string`).
    pub address: String,
    pub description: Description,
    pub village: Option<i64>,
    pub position: Option<(f64, f64)>,
    pub hide_name: bool,
    pub urgent: bool,
    /// Said rather than typed (checked: `voice::check`).
    pub voice: Option<VoiceNote>,
}

/// What a report says, as a digest: a report sent again with the same
/// idempotency key must say the same, photos included.
fn digest(report: &NewReport, photos: &[Photo]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let fields = format!(
        "{}\n{}\n{:?}\n{:?}\n{}\n{}\n{}\n",
        report.commune,
        report.category.id,
        report.village,
        report.position,
        report.hide_name,
        report.urgent,
        report.description.as_str(),
    );
    hash.update(fields.as_bytes());
    for photo in photos {
        hash.update(Sha256::digest(&photo.jpeg));
    }
    if let Some(voice) = &report.voice {
        hash.update(b"voice");
        hash.update(Sha256::digest(&voice.bytes));
    }
    hex::encode(hash.finalize())
}

/// The report this person filed before with this idempotency key: its code
/// when it said the same, `IdempotencyKeyReused` when it said something else.
#[tracing::instrument(skip(db, key, digest))]
async fn filed_before(
    db: &Db,
    reporter: i64,
    key: &IdempotencyKey,
    digest: &str,
) -> Result<Option<String>, AppError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "select code, client_digest from reports where reporter_id = $1 and client_key = $2",
    )
    .bind(reporter)
    .bind(key.as_str())
    .fetch_optional(db)
    .await?;
    match row {
        None => Ok(None),
        Some((code, Some(before))) if before == digest => Ok(Some(code)),
        Some(_) => Err(Problem::IdempotencyKeyReused.into()),
    }
}

/// The metric counting reports answered from their idempotency key: a phone's
/// outbox sent again what the server already had.
pub const OUTBOX_REPLAYS: &str = "xaso_outbox_replays_total";

/// Files a report with its photos, deadlines and first timeline entry; returns
/// its code. With an idempotency key (`client`, reports from a resident's
/// outbox), a report the same person filed before with that key is not filed
/// again: its code comes back, also when two copies arrive at once. A new
/// report counts against the sender's `limits` (a replay does not).
#[tracing::instrument(skip_all)]
pub async fn file(
    db: &Db,
    report: &NewReport,
    photos: &[Photo],
    working: &WorkingTime,
    client: Option<&IdempotencyKey>,
    limits: &[(crate::throttle::Limit, &str)],
) -> Result<String, AppError> {
    let client = match (client, report.reporter) {
        (Some(key), Some(reporter)) => Some((key, reporter, digest(report, photos))),
        _ => None,
    };
    if let Some((key, reporter, digest)) = &client
        && let Some(code) = filed_before(db, *reporter, key, digest).await?
    {
        metrics::counter!(OUTBOX_REPLAYS).increment(1);
        return Ok(code);
    }
    crate::throttle::attempt(db, limits).await?.keep();
    match insert(db, report, photos, working, client.as_ref()).await {
        // The same key at the same moment: the other copy won the unique index.
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() && client.is_some() => {
            let (key, reporter, digest) = client.as_ref().expect("checked above");
            let code = filed_before(db, *reporter, key, digest)
                .await?
                .ok_or(AppError::Internal)?;
            metrics::counter!(OUTBOX_REPLAYS).increment(1);
            Ok(code)
        }
        result => result.map_err(AppError::from),
    }
}

#[tracing::instrument(skip_all)]
async fn insert(
    db: &Db,
    report: &NewReport,
    photos: &[Photo],
    working: &WorkingTime,
    client: Option<&(&IdempotencyKey, i64, String)>,
) -> Result<String, sqlx::Error> {
    let now = now_ms();
    let acknowledge_by = working.acknowledge_by(now, report.urgent);
    let resolve_by = working.resolve_by(now, report.category.resolve_days.max(1) as u32);
    let mut tx = db.begin().await?;
    // The code needs the id: a unique placeholder first.
    let placeholder = format!("pending-{:016x}", rand::random::<u64>());
    let id: i64 = sqlx::query_scalar(
        "insert into reports (code, commune_code, category_id, reporter_id, description, village_id, \
           latitude, longitude, hide_name, urgent, status, acknowledge_by, resolve_by, created_at, updated_at, \
           api_key_id, address, client_key, client_digest) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', $11, $12, $13, $13, $14, $15, $16, $17) \
         returning id",
    )
    .bind(&placeholder)
    .bind(report.commune)
    .bind(report.category.id)
    .bind(report.reporter)
    .bind(report.description.as_str())
    .bind(report.village)
    .bind(report.position.map(|p| p.0))
    .bind(report.position.map(|p| p.1))
    .bind(i64::from(report.hide_name))
    .bind(i64::from(report.urgent))
    .bind(acknowledge_by)
    .bind(resolve_by)
    .bind(now)
    .bind(report.api_key)
    .bind(&report.address)
    .bind(client.map(|c| c.0.as_str()))
    .bind(client.map(|c| c.2.as_str()))
    .fetch_one(&mut *tx)
    .await?;
    let year: i64 = crate::time::iso_date(now)[..4].parse().unwrap_or(2026);
    let code = tracking_code(&report.province_name, year, id);
    sqlx::query("update reports set code = $1 where id = $2")
        .bind(&code)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into report_events (report_id, actor_id, kind, status, created_at) \
         values ($1, $2, 'filed', 'new', $3)",
    )
    .bind(id)
    .bind(report.reporter)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(reporter) = report.reporter {
        sqlx::query(
            "insert into report_followers (report_id, user_id, created_at) values ($1, $2, $3)",
        )
        .bind(id)
        .bind(reporter)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    store_photos(&mut tx, id, None, photos, now).await?;
    store_voice(&mut tx, id, None, report.voice.as_ref(), now).await?;
    tx.commit().await?;
    Ok(code)
}

/// What lists show. A description staff hid is read as empty here (only the
/// report's own page gives it to staff).
const SUMMARY_COLUMNS: &str = "r.id, r.code, r.status, \
    case when r.text_hidden_at is null then r.description else '' end as description, \
    r.urgent, r.created_at, r.latitude, r.longitude, \
    r.acknowledge_by, r.resolve_by, c.name as category_name, v.name as village_name, \
    r.assigned_to, (select a.name from users a where a.id = r.assigned_to) as assigned_name, \
    (select count(*) from report_followers f where f.report_id = r.id) as followers";

fn summary_from_row(row: &sqlx::any::AnyRow) -> Result<ReportSummary, sqlx::Error> {
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

/// A status change: from, to, by whom, its public text (a reply, a referral, a
/// reason), the report it duplicates, and photos (evidence of the fix).
pub struct Change<'a> {
    pub from: Status,
    pub to: Status,
    pub actor: i64,
    pub body: &'a str,
    pub duplicate_of: Option<i64>,
    pub photos: &'a [Photo],
}

/// Moves the report as `change` says. Fails with `IllegalTransition` when
/// another change came first.
#[tracing::instrument(skip(db, change))]
pub async fn change_status(db: &Db, report: i64, change: Change<'_>) -> Result<(), AppError> {
    let Change {
        from,
        to,
        actor,
        body,
        duplicate_of,
        photos,
    } = change;
    let now = now_ms();
    // How long it waited, in working minutes, for the dashboards: read before
    // the transaction (on SQLite a transaction must start with its write).
    let (commune, filed, reopened_at, resolve_days): (i64, i64, Option<i64>, i64) = sqlx::query_as(
        "select r.commune_code, r.created_at, r.reopened_at, c.resolve_days \
             from reports r join report_categories c on c.id = r.category_id where r.id = $1",
    )
    .bind(report)
    .fetch_one(db)
    .await?;
    // "Not fixed yet" starts the clock again: a new resolve deadline from now,
    // by the category's target, and the next resolution is timed from here.
    let reopening = from == Status::Resolved && to == Status::InProgress;
    // Only the first step out of `new`, a resolution and a reopening need the
    // commune's working time: other steps skip reading it.
    let (waited, new_deadline) = if from == Status::New || to == Status::Resolved || reopening {
        let (working, _) = working_time(db, commune).await?;
        let start = match reopened_at {
            Some(at) if to == Status::Resolved => at,
            _ => filed,
        };
        let deadline = reopening.then(|| working.resolve_by(now, resolve_days.clamp(1, 90) as u32));
        (working.minutes_between(start, now), deadline)
    } else {
        (0, None)
    };
    let mut tx = db.begin().await?;
    // The first step out of `new`, whatever it is, is the acknowledgement the
    // deadline asks for; "not fixed yet" counts as a reopening.
    let changed = sqlx::query(
        "update reports set status = $1, updated_at = $2, \
           acknowledged_at = case when $5 = 'new' then coalesce(acknowledged_at, $2) else acknowledged_at end, \
           acknowledge_minutes = case when $5 = 'new' then coalesce(acknowledge_minutes, $6) \
             else acknowledge_minutes end, \
           resolved_at = case when $1 = 'resolved' then $2 else resolved_at end, \
           resolve_minutes = case when $1 = 'resolved' then $6 else resolve_minutes end, \
           reopened = case when $5 = 'resolved' and $1 = 'in_progress' then reopened + 1 else reopened end, \
           reopened_at = case when $5 = 'resolved' and $1 = 'in_progress' then $2 else reopened_at end, \
           resolve_by = coalesce($7, resolve_by), \
           duplicate_of = coalesce($3, duplicate_of) \
         where id = $4 and status = $5",
    )
    .bind(to.code())
    .bind(now)
    .bind(duplicate_of)
    .bind(report)
    .bind(from.code())
    .bind(waited)
    .bind(new_deadline)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(Problem::IllegalTransition.into());
    }
    let event: i64 = sqlx::query_scalar(
        "insert into report_events (report_id, actor_id, kind, status, body, resolve_by, created_at) \
         values ($1, $2, 'status', $3, $4, $5, $6) returning id",
    )
    .bind(report)
    .bind(actor)
    .bind(to.code())
    .bind(body)
    .bind(new_deadline)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    store_photos(&mut tx, report, Some(event), photos, now).await?;
    notify(&mut tx, report, actor, EventKind::Status, Some(to), now).await?;
    if let Some(original) = duplicate_of {
        // The followers move to the report it duplicates.
        sqlx::query(
            "insert into report_followers (report_id, user_id, created_at) \
             select $1, user_id, $2 from report_followers where report_id = $3 \
             on conflict (report_id, user_id) do nothing",
        )
        .bind(original)
        .bind(now)
        .bind(report)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A public reply or an internal note.
#[tracing::instrument(skip(db, body, photos, voice))]
pub async fn add_reply(
    db: &Db,
    report: i64,
    actor: i64,
    body: &str,
    public: bool,
    photos: &[Photo],
    voice: Option<&VoiceNote>,
) -> Result<(), AppError> {
    let kind = if public {
        EventKind::Reply
    } else {
        EventKind::Note
    };
    let now = now_ms();
    let mut tx = db.begin().await?;
    let event: i64 = sqlx::query_scalar(
        "insert into report_events (report_id, actor_id, kind, body, public, created_at) \
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(report)
    .bind(actor)
    .bind(kind.code())
    .bind(body)
    .bind(i64::from(public))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    store_photos(&mut tx, report, Some(event), photos, now).await?;
    store_voice(&mut tx, report, Some(event), voice, now).await?;
    if public {
        notify(&mut tx, report, actor, EventKind::Reply, None, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores processed photos of a report, or of one of its events (a reply).
#[tracing::instrument(skip(tx, photos))]
pub(crate) async fn store_photos(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report: i64,
    event: Option<i64>,
    photos: &[Photo],
    now: i64,
) -> Result<(), sqlx::Error> {
    for (position, photo) in photos.iter().enumerate() {
        sqlx::query(
            "insert into report_photos (report_id, event_id, position, data, thumbnail, width, height, \
               created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(report)
        .bind(event)
        .bind(position as i64)
        .bind(&photo.jpeg)
        .bind(&photo.thumbnail)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Stores a checked voice note of a report, or of one of its events (a reply).
#[tracing::instrument(skip(tx, voice))]
async fn store_voice(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report: i64,
    event: Option<i64>,
    voice: Option<&VoiceNote>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(voice) = voice else {
        return Ok(());
    };
    sqlx::query(
        "insert into report_voice_notes (report_id, event_id, data, container, duration_ms, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(report)
    .bind(event)
    .bind(&voice.bytes)
    .bind(voice.container.as_str())
    .bind(i64::from(voice.duration_ms))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Tells the report's reporter and followers (but not `actor`) of a public
/// change: a notification each, and a push message to each of their phones
/// that asked for report updates (sent by the push worker, after the commit).
#[tracing::instrument(skip(tx, kind, status))]
async fn notify(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report: i64,
    actor: i64,
    kind: EventKind,
    status: Option<Status>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into notifications (user_id, report_id, kind, status, created_at) \
         select f.user_id, $1, $2, $3, $4 from report_followers f join users u on u.id = f.user_id \
         where f.report_id = $1 and f.user_id <> $5 and u.deleted_at is null",
    )
    .bind(report)
    .bind(kind.code())
    .bind(status.map(Status::code))
    .bind(now)
    .bind(actor)
    .execute(&mut **tx)
    .await?;
    let (code, category): (String, String) = sqlx::query_as(
        "select r.code, c.name from reports r join report_categories c on c.id = r.category_id \
         where r.id = $1",
    )
    .bind(report)
    .fetch_one(&mut **tx)
    .await?;
    let event = crate::push::model::PushEvent::Report {
        code,
        category,
        status,
        reply: kind == EventKind::Reply,
    };
    sqlx::query(
        "insert into push_jobs (subscription_id, payload, urgency, next_attempt_at, created_at) \
         select s.id, $2, 'normal', $3, $3 from push_subscriptions s \
         join report_followers f on f.user_id = s.user_id \
         where f.report_id = $1 and f.user_id <> $4 and s.reports = 1",
    )
    .bind(report)
    .bind(event.to_json())
    .bind(now)
    .bind(actor)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
pub async fn is_following(db: &Db, report: i64, user: i64) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from report_followers where report_id = $1 and user_id = $2",
    )
    .bind(report)
    .bind(user)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// "I have this problem too" (again: nothing changes).
#[tracing::instrument(skip(db))]
pub async fn follow(db: &Db, report: i64, user: i64) -> Result<(), AppError> {
    sqlx::query(
        "insert into report_followers (report_id, user_id, created_at) values ($1, $2, $3) \
         on conflict (report_id, user_id) do nothing",
    )
    .bind(report)
    .bind(user)
    .bind(now_ms())
    .execute(db)
    .await?;
    Ok(())
}

/// The reporter's rating of the handling, once.
#[tracing::instrument(skip(db, comment))]
pub async fn rate(db: &Db, report: i64, rating: i64, comment: &str) -> Result<(), AppError> {
    let done = sqlx::query(
        "update reports set rating = $1, rating_comment = $2 where id = $3 and rating is null \
           and status = 'closed'",
    )
    .bind(rating)
    .bind(comment)
    .bind(report)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Problem::AlreadyRated.into());
    }
    Ok(())
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

/// A photo's JPEG bytes (or its thumbnail's), when it may be shown: not of a
/// rejected report; of an internal note, or hidden, only when `role` handles
/// the reports of its commune. The flag says it is for staff only (no shared
/// cache may keep it).
#[tracing::instrument(skip(db, role))]
pub async fn photo_bytes(
    db: &Db,
    id: i64,
    thumbnail: bool,
    role: Option<crate::accounts::model::Role>,
) -> Result<Option<(Vec<u8>, bool)>, AppError> {
    // One statement; only the column differs.
    macro_rules! photo_sql {
        ($column:literal) => {
            concat!(
                "select p.",
                $column,
                " as bytes, p.hidden_at, r.commune_code, \
                   case when p.event_id is null then 1 else e.public end as public \
                 from report_photos p \
                 join reports r on r.id = p.report_id \
                 left join report_events e on e.id = p.event_id \
                 where p.id = $1 and r.status <> 'rejected'"
            )
        };
    }
    let sql = if thumbnail {
        photo_sql!("thumbnail")
    } else {
        photo_sql!("data")
    };
    let Some(row) = sqlx::query(sql).bind(id).fetch_optional(db).await? else {
        return Ok(None);
    };
    let Some(hidden) = staff_only_allowed(&row, role)? else {
        return Ok(None);
    };
    Ok(Some((row.try_get("bytes")?, hidden)))
}

/// Whether a photo or voice note (its row's `hidden_at`, `public` and
/// `commune_code`) may be given to `role`: Some(true) when it is for staff
/// only (hidden by moderation, or of an internal note) and `role` handles
/// the reports of its commune, Some(false) when it is public, None otherwise.
fn staff_only_allowed(
    row: &sqlx::any::AnyRow,
    role: Option<crate::accounts::model::Role>,
) -> Result<Option<bool>, AppError> {
    let staff_only = row.try_get::<Option<i64>, _>("hidden_at")?.is_some()
        || row.try_get::<i64, _>("public")? != 1;
    let commune: i64 = row.try_get("commune_code")?;
    let staff = crate::accounts::policy::authorize(
        role,
        crate::accounts::policy::Action::HandleReports { commune },
    )
    .is_ok();
    Ok((!staff_only || staff).then_some(staff_only))
}

/// A voice note's bytes and container, when it may be heard: as its text may
/// be read (not of a rejected report; of an internal note, or hidden, only
/// when `role` handles the reports of its commune). The flag says it is for
/// staff only (no shared cache may keep it).
#[tracing::instrument(skip(db, role))]
pub async fn voice_bytes(
    db: &Db,
    id: i64,
    role: Option<crate::accounts::model::Role>,
) -> Result<Option<(Vec<u8>, super::voice::Container, bool)>, AppError> {
    let row = sqlx::query(
        "select v.data, v.container, r.commune_code, \
           case when v.event_id is null then r.text_hidden_at else e.hidden_at end as hidden_at, \
           case when v.event_id is null then 1 else e.public end as public \
         from report_voice_notes v \
         join reports r on r.id = v.report_id \
         left join report_events e on e.id = v.event_id \
         where v.id = $1 and r.status <> 'rejected'",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(hidden) = staff_only_allowed(&row, role)? else {
        return Ok(None);
    };
    let container: String = row.try_get("container")?;
    let container = super::voice::Container::from_db(&container).ok_or(AppError::Internal)?;
    Ok(Some((row.try_get("data")?, container, hidden)))
}

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

/// Gives the report to a staff member of its commune, or to nobody.
#[tracing::instrument(skip(db))]
pub async fn assign(db: &Db, report: i64, user: Option<i64>) -> Result<(), AppError> {
    sqlx::query("update reports set assigned_to = $1 where id = $2")
        .bind(user)
        .bind(report)
        .execute(db)
        .await?;
    Ok(())
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
