//! Queries of the directory (server only). A page of services costs four
//! queries whatever its size: the services, then their phones, hours and
//! closures, each selected with the same filter (no N+1).

use std::collections::HashMap;

use sqlx::Row;

use super::model::{
    Area, NamedRef, Organization, Phone, Position, Service, ServicePhone, ServiceStatus,
};
use crate::db::Db;
use crate::error::AppError;
use crate::hours::{Closure, Interval, OpeningHours};
use crate::places::search::{fold, word_patterns};

/// What a list of services is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct ServiceFilter {
    /// A commune code (None: every commune).
    pub commune: Option<i64>,
    pub area: Option<Area>,
    /// The search text (ignores diacritics and case).
    pub q: String,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
    /// Also load the phones (a list that only shows names and open status
    /// does not need them), and count all matches (for pagination).
    pub phones: bool,
    pub count: bool,
}

/// The filter every list query shares: unarchived services of the commune and
/// area, whose folded text contains a word starting with each of up to four
/// query words. Binds: $1 commune (0: all), $2 area ('' : all), $3–$6 patterns.
/// (The patterns are cast: see `crate::db` on bound parameters SQLite recompiles for.)
macro_rules! service_filter {
    () => {
        "s.archived_at is null and ($1 = 0 or s.commune_code = $1) and ($2 = '' or s.area = $2) \
         and s.search_text like cast($3 as text) and s.search_text like cast($4 as text) \
         and s.search_text like cast($5 as text) and s.search_text like cast($6 as text)"
    };
}

/// Name matches first, then by name. Binds $3 (the first pattern), $7 limit, $8 offset.
macro_rules! service_page {
    () => {
        concat!(
            "select s.id from directory_services s where ",
            service_filter!(),
            " order by case when s.search_name like $3 then 0 else 1 end, s.name, s.id \
             limit cast($7 as bigint) offset cast($8 as bigint)"
        )
    };
}

fn bind_filter<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    filter: &'q ServiceFilter,
    patterns: &'q [String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let pattern = |i: usize| patterns.get(i).map(String::as_str).unwrap_or("%");
    query
        .bind(filter.commune.unwrap_or(0))
        .bind(filter.area.map(Area::code).unwrap_or(""))
        .bind(pattern(0))
        .bind(pattern(1))
        .bind(pattern(2))
        .bind(pattern(3))
        .bind(filter.per_page)
        .bind((filter.page - 1) * filter.per_page)
}

/// A page of services and (with `count`) how many match in all.
#[tracing::instrument(skip(db))]
pub async fn list_services(
    db: &Db,
    filter: &ServiceFilter,
) -> Result<(Vec<Service>, i64), AppError> {
    let patterns = word_patterns(&filter.q);
    let total: i64 = if !filter.count {
        0
    } else {
        let pattern = |i: usize| patterns.get(i).map(String::as_str).unwrap_or("%");
        sqlx::query_scalar(concat!(
            "select count(*) from directory_services s where ",
            service_filter!()
        ))
        .bind(filter.commune.unwrap_or(0))
        .bind(filter.area.map(Area::code).unwrap_or(""))
        .bind(pattern(0))
        .bind(pattern(1))
        .bind(pattern(2))
        .bind(pattern(3))
        .fetch_one(db)
        .await?
    };
    // Each service's hours come with it as one text (`weekday:opens-closes,…`,
    // the `week_hours` column): hundreds of schedule rows would each cross the
    // driver on their own, and that, not the query, was most of the page's
    // time (perf, `bench/run`).
    let rows = bind_filter(
        sqlx::query(concat!(
            "select s.*, o.name as organization_name, v.name as village_name \
             from directory_services s \
             left join directory_organizations o on o.id = s.organization_id \
             left join villages v on v.id = s.village_id \
             where s.id in (",
            service_page!(),
            ") order by case when s.search_name like $3 then 0 else 1 end, s.name, s.id"
        )),
        filter,
        &patterns,
    )
    .fetch_all(db)
    .await?;
    let mut services = rows
        .iter()
        .map(|row| {
            let mut service = service_from_row(row)?;
            let week: Option<String> = row.try_get("week_hours")?;
            service.hours = OpeningHours::from_db(parse_week_hours(week.as_deref())?);
            Ok(service)
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let phones = if filter.phones {
        bind_filter(
            sqlx::query(concat!(
                "select service_id, number, label from directory_phones where service_id in (",
                service_page!(),
                ") order by service_id, position, id"
            )),
            filter,
            &patterns,
        )
        .fetch_all(db)
        .await?
    } else {
        Vec::new()
    };
    let closures = bind_filter(
        sqlx::query(concat!(
            "select service_id, on_date, note from directory_closures where service_id in (",
            service_page!(),
            ") order by service_id, on_date"
        )),
        filter,
        &patterns,
    )
    .fetch_all(db)
    .await?;
    attach(&mut services, &phones, &[], &closures)?;
    Ok((services, total))
}

/// A service as the directory's list shows it: its line, and what tells
/// whether it is open (its week, and its closure days from today on).
#[derive(Clone, Debug)]
pub struct ServiceLine {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub village: Option<String>,
    pub status: ServiceStatus,
    pub hours: OpeningHours,
    /// `yyyy-mm-dd`, from `today` on.
    pub closed_on: Vec<String>,
}

/// The lines of the list `filter` asks for in its commune (which it must
/// name; its phones and count are not needed), in one query and one row per
/// service: what the list does not show is not read, and each row's hours and
/// closures come with it. The plain `commune_code = $1` lets the commune's
/// index narrow the rows (`$1 = 0 or …` alone scans every commune's).
#[tracing::instrument(skip(db))]
pub async fn service_lines(
    db: &Db,
    filter: &ServiceFilter,
    today: &str,
) -> Result<Vec<ServiceLine>, AppError> {
    let patterns = word_patterns(&filter.q);
    let rows = bind_filter(
        sqlx::query(concat!(
            "select s.id, s.name, s.kind, s.status, v.name as village_name, s.week_hours, \
               (select string_agg(c.on_date, ',') from directory_closures c \
                where c.service_id = s.id and c.on_date >= $9) as closed_on \
             from directory_services s left join villages v on v.id = s.village_id \
             where s.commune_code = $1 and ",
            service_filter!(),
            " order by case when s.search_name like $3 then 0 else 1 end, s.name, s.id \
             limit cast($7 as bigint) offset cast($8 as bigint)"
        )),
        filter,
        &patterns,
    )
    .bind(today)
    .fetch_all(db)
    .await?;
    let lines = rows
        .iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            let week: Option<String> = row.try_get("week_hours")?;
            let closed_on: Option<String> = row.try_get("closed_on")?;
            Ok(ServiceLine {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                kind: row.try_get("kind")?,
                village: row.try_get("village_name")?,
                status: ServiceStatus::from_db(&status),
                hours: OpeningHours::from_db(parse_week_hours(week.as_deref())?),
                closed_on: closed_on
                    .unwrap_or_default()
                    .split(',')
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(lines)
}

/// One service that is not archived.
#[tracing::instrument(skip(db))]
pub async fn service(db: &Db, id: i64) -> Result<Option<Service>, AppError> {
    load_service(db, id, None).await
}

/// One service of the commune, archived or not (for staff), with whether it is archived.
#[tracing::instrument(skip(db))]
pub async fn commune_service(
    db: &Db,
    commune: i64,
    id: i64,
) -> Result<Option<(Service, bool)>, AppError> {
    let archived: Option<Option<i64>> = sqlx::query_scalar(
        "select archived_at from directory_services where id = $1 and commune_code = $2",
    )
    .bind(id)
    .bind(commune)
    .fetch_optional(db)
    .await?;
    let Some(archived) = archived else {
        return Ok(None);
    };
    Ok(load_service(db, id, Some(commune))
        .await?
        .map(|service| (service, archived.is_some())))
}

/// One service: unarchived ones only, or (`commune` given) any of that commune's.
#[tracing::instrument(skip(db))]
async fn load_service(db: &Db, id: i64, commune: Option<i64>) -> Result<Option<Service>, AppError> {
    let row = sqlx::query(
        "select s.*, o.name as organization_name, v.name as village_name \
         from directory_services s \
         left join directory_organizations o on o.id = s.organization_id \
         left join villages v on v.id = s.village_id \
         where s.id = $1 and (s.archived_at is null or s.commune_code = $2)",
    )
    .bind(id)
    .bind(commune.unwrap_or(-1))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut services = vec![service_from_row(&row)?];
    let phones = sqlx::query(
        "select service_id, number, label from directory_phones where service_id = $1 order by position, id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let hours = sqlx::query(
        "select service_id, weekday, opens_at, closes_at from directory_schedules where service_id = $1 \
         order by weekday, opens_at",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let closures = sqlx::query(
        "select service_id, on_date, note from directory_closures where service_id = $1 order by on_date",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    attach(&mut services, &phones, &hours, &closures)?;
    Ok(services.pop())
}

/// How many services each area of a commune lists (areas without any are left out).
#[tracing::instrument(skip(db))]
pub async fn area_counts(db: &Db, commune: i64) -> Result<Vec<(Area, i64)>, AppError> {
    let rows = sqlx::query(
        "select area, count(*) as n from directory_services          where commune_code = $1 and archived_at is null group by area",
    )
    .bind(commune)
    .fetch_all(db)
    .await?;
    let mut counts = Vec::new();
    for row in &rows {
        let area: String = row.try_get("area")?;
        if let Ok(area) = Area::parse(&area) {
            counts.push((area, row.try_get("n")?));
        }
    }
    Ok(counts)
}

/// The organizations of a commune (or of all communes), with how many services
/// each runs.
#[tracing::instrument(skip(db))]
pub async fn organizations(db: &Db, commune: Option<i64>) -> Result<Vec<Organization>, AppError> {
    let rows = sqlx::query(
        "select o.id, o.commune_code, o.name, o.description, \
           (select count(*) from directory_services s where s.organization_id = o.id and s.archived_at is null) as service_count \
         from directory_organizations o where ($1 = 0 or o.commune_code = $1) order by o.name, o.id",
    )
    .bind(commune.unwrap_or(0))
    .fetch_all(db)
    .await?;
    let mut organizations = Vec::with_capacity(rows.len());
    for row in &rows {
        organizations.push(Organization {
            id: row.try_get("id")?,
            commune_code: row.try_get("commune_code")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            service_count: row.try_get("service_count")?,
        });
    }
    Ok(organizations)
}

fn service_from_row(row: &sqlx::any::AnyRow) -> Result<Service, sqlx::Error> {
    let area: String = row.try_get("area")?;
    let status: String = row.try_get("status")?;
    let latitude: Option<f64> = row.try_get("latitude")?;
    let longitude: Option<f64> = row.try_get("longitude")?;
    let named = |id: Option<i64>, name: Option<String>| match (id, name) {
        (Some(id), Some(name)) => Some(NamedRef { id, name }),
        _ => None,
    };
    Ok(Service {
        id: row.try_get("id")?,
        commune_code: row.try_get("commune_code")?,
        organization: named(
            row.try_get("organization_id")?,
            row.try_get("organization_name")?,
        ),
        area: Area::parse(&area).unwrap_or(Area::Health),
        kind: row.try_get("kind")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        offers: row.try_get("offers")?,
        village: named(row.try_get("village_id")?, row.try_get("village_name")?),
        address: row.try_get("address")?,
        position: latitude
            .zip(longitude)
            .map(|(latitude, longitude)| Position {
                latitude,
                longitude,
            }),
        status: ServiceStatus::from_db(&status),
        status_note: row.try_get("status_note")?,
        verified_at_ms: row.try_get("verified_at")?,
        updated_at_ms: row.try_get("updated_at")?,
        phones: Vec::new(),
        hours: OpeningHours::default(),
        closures: Vec::new(),
    })
}

/// Writes a service's `week_hours` from its schedule rows; called in the
/// transaction that wrote them (the migration that added the column does the
/// same for the services before it).
pub(crate) async fn write_week_hours(
    conn: &mut sqlx::AnyConnection,
    service: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update directory_services set week_hours = coalesce( \
           (select string_agg(h.weekday || ':' || h.opens_at || '-' || h.closes_at, ',') \
            from directory_schedules h where h.service_id = $1), '') \
         where id = $1",
    )
    .bind(service)
    .execute(conn)
    .await?;
    Ok(())
}

/// A service's week as `week_hours` holds it (`1:450-690,1:810-1020,…`, in
/// any order; empty or None: no hours), sorted by day and opening.
fn parse_week_hours(week: Option<&str>) -> Result<Vec<Interval>, sqlx::Error> {
    let malformed = || sqlx::Error::Decode(format!("week hours {week:?}").into());
    let mut intervals = Vec::new();
    for part in week
        .unwrap_or_default()
        .split(',')
        .filter(|p| !p.is_empty())
    {
        let (weekday, span) = part.split_once(':').ok_or_else(malformed)?;
        let (opens, closes) = span.split_once('-').ok_or_else(malformed)?;
        intervals.push(Interval {
            weekday: weekday.parse().map_err(|_| malformed())?,
            opens: opens.parse().map_err(|_| malformed())?,
            closes: closes.parse().map_err(|_| malformed())?,
        });
    }
    intervals.sort_by_key(|i| (i.weekday, i.opens));
    Ok(intervals)
}

/// Puts each phone, interval and closure on its service.
fn attach(
    services: &mut [Service],
    phones: &[sqlx::any::AnyRow],
    hours: &[sqlx::any::AnyRow],
    closures: &[sqlx::any::AnyRow],
) -> Result<(), sqlx::Error> {
    let index: HashMap<i64, usize> = services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut intervals: HashMap<i64, Vec<Interval>> = HashMap::new();
    for row in phones {
        let number: String = row.try_get("number")?;
        if let Some(&i) = index.get(&row.try_get::<i64, _>("service_id")?) {
            let display = ServicePhone::parse(&number)
                .map(|p| p.local())
                .unwrap_or_else(|_| number.clone());
            services[i].phones.push(Phone {
                number,
                display,
                label: row.try_get("label")?,
            });
        }
    }
    for row in hours {
        let id: i64 = row.try_get("service_id")?;
        intervals.entry(id).or_default().push(Interval {
            weekday: row.try_get::<i64, _>("weekday")? as u8,
            opens: row.try_get::<i64, _>("opens_at")? as u16,
            closes: row.try_get::<i64, _>("closes_at")? as u16,
        });
    }
    for (id, list) in intervals {
        if let Some(&i) = index.get(&id) {
            services[i].hours = OpeningHours::from_db(list);
        }
    }
    for row in closures {
        if let Some(&i) = index.get(&row.try_get::<i64, _>("service_id")?) {
            services[i].closures.push(Closure {
                date: row.try_get("on_date")?,
                note: row.try_get("note")?,
            });
        }
    }
    Ok(())
}

/// The searchable forms of an entry: its name, and its name with kind,
/// description and offers.
pub fn search_forms(
    name: &str,
    kind_name: &str,
    description: &str,
    offers: &str,
) -> (String, String) {
    (
        format!(" {}", fold(name)),
        format!(
            " {}",
            fold(&format!("{name} {kind_name} {description} {offers}"))
        ),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn week_hours_read_back_sorted() {
        use super::{Interval, parse_week_hours};
        let at = |weekday, opens, closes| Interval {
            weekday,
            opens,
            closes,
        };
        assert_eq!(
            parse_week_hours(Some("2:810-1020,1:450-690,2:450-690")).unwrap(),
            [at(1, 450, 690), at(2, 450, 690), at(2, 810, 1020)]
        );
        assert!(parse_week_hours(None).unwrap().is_empty());
        assert!(parse_week_hours(Some("")).unwrap().is_empty());
        for bad in ["1:450", "x:1-2", "1-450:690", "1:450-"] {
            assert!(parse_week_hours(Some(bad)).is_err(), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn search_forms_fold_everything() {
        let (name, text) = search_forms(
            "Trạm Y tế xã Tiên Lữ",
            "Trạm y tế",
            "Khám bệnh",
            "Tiêm chủng",
        );
        assert_eq!(name, " tram y te xa tien lu");
        assert!(text.contains("tiem chung"));
    }
}
