//! Queries for places (server only).

use sqlx::Row;

use super::model::{
    CommuneCode, CommuneHome, CommuneSummary, PlaceSearch, Province, ProvinceCode, SearchText,
    Village, VillageKind,
};
use super::search::{fold, word_patterns};
use crate::db::{Db, now_ms};
use crate::error::{AppError, Problem};

/// How many communes a search returns at most.
const SEARCH_LIMIT: usize = 30;

const UNITS_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/vn-admin-units-2025.csv"
));

fn commune_from_row(row: &sqlx::any::AnyRow) -> Result<CommuneSummary, sqlx::Error> {
    Ok(CommuneSummary {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        province_code: row.try_get("province_code")?,
        province_name: row.try_get("province_name")?,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
    })
}

fn province_from_row(row: &sqlx::any::AnyRow) -> Result<Province, sqlx::Error> {
    Ok(Province {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        commune_count: row.try_get("commune_count")?,
    })
}

/// The commune a page is about: the one the server already looked up for this
/// request (the visitor's, see `CurrentPlace`) when it is the same, so that a
/// page does not ask the database twice; otherwise [`commune`]. For pages
/// that read: a change made earlier in the same request is not in it.
#[tracing::instrument(skip_all)]
pub async fn commune_for_page(
    db: &Db,
    code: CommuneCode,
) -> Result<Option<CommuneSummary>, AppError> {
    match super::CurrentPlace::of_request() {
        Some(commune) if commune.code == code.get() => Ok(Some(commune)),
        _ => commune(db, code).await,
    }
}

#[tracing::instrument(skip(db))]
pub async fn commune(db: &Db, code: CommuneCode) -> Result<Option<CommuneSummary>, AppError> {
    let row = sqlx::query(
        "select c.code, c.name, c.province_code, p.name as province_name, c.enabled \
         from communes c join provinces p on p.code = c.province_code where c.code = $1",
    )
    .bind(code.get())
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(commune_from_row).transpose()?)
}

#[tracing::instrument(skip(db))]
pub async fn commune_home(db: &Db, code: CommuneCode) -> Result<CommuneHome, AppError> {
    let commune = commune(db, code)
        .await?
        .ok_or(AppError::Invalid(Problem::UnknownCommune))?;
    let villages =
        sqlx::query("select id, name, kind from villages where commune_code = $1 order by name")
            .bind(code.get())
            .fetch_all(db)
            .await?
            .iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(Village {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    kind: VillageKind::from_db(&kind).unwrap_or(VillageKind::Thon),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(CommuneHome { commune, villages })
}

#[tracing::instrument(skip(db))]
pub async fn province(db: &Db, code: ProvinceCode) -> Result<Option<Province>, AppError> {
    let row = sqlx::query(
        "select p.code, p.name, (select count(*) from communes c where c.province_code = p.code) as commune_count \
         from provinces p where p.code = $1",
    )
    .bind(code.get())
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(province_from_row).transpose()?)
}

/// The 34 provinces with their commune counts and folded names. They change only
/// when the official units are imported, so they are read once per process and
/// kept (the picker lists them on every visit to the home page).
static PROVINCES: std::sync::RwLock<Option<Vec<(Province, String)>>> = std::sync::RwLock::new(None);

#[tracing::instrument(skip_all)]
async fn all_provinces(db: &Db) -> Result<Vec<(Province, String)>, AppError> {
    if let Some(cached) = PROVINCES.read().ok().and_then(|p| p.clone()) {
        return Ok(cached);
    }
    let rows = sqlx::query(
        "select p.code, p.name, count(c.code) as commune_count, p.search_name \
         from provinces p left join communes c on c.province_code = p.code \
         group by p.code, p.name, p.search_name order by p.name",
    )
    .fetch_all(db)
    .await?;
    let mut provinces = Vec::with_capacity(rows.len());
    for row in &rows {
        provinces.push((province_from_row(row)?, row.try_get("search_name")?));
    }
    if !provinces.is_empty()
        && let Ok(mut cache) = PROVINCES.write()
    {
        *cache = Some(provinces.clone());
    }
    Ok(provinces)
}

/// Provinces whose names contain every word of the query (all of them when empty).
#[tracing::instrument(skip_all)]
async fn provinces_matching(db: &Db, patterns: &[String]) -> Result<Vec<Province>, AppError> {
    Ok(all_provinces(db)
        .await?
        .into_iter()
        .filter(|(_, search_name)| patterns.iter().all(|p| like_word(search_name, p)))
        .map(|(province, _)| province)
        .collect())
}

/// The in-memory twin of `search_name like '% word%'`.
fn like_word(search_name: &str, pattern: &str) -> bool {
    let word = pattern.trim_start_matches("% ").trim_end_matches('%');
    search_name.contains(&format!(" {word}"))
}

/// How many matching communes are ranked before the best are kept.
const RANK_WINDOW: i64 = 400;

/// How well a commune matches the query words: whole words of its own name count
/// most, then word starts in its own name, then its province's name.
fn score(own_name: &str, words: &[&str]) -> u32 {
    words
        .iter()
        .map(|word| {
            if own_name.split(' ').any(|w| w == *word) {
                3
            } else if own_name.split(' ').any(|w| w.starts_with(*word)) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Communes matching every word of the query in their own or their province's name,
/// optionally within one province; best matches first, then joined communes.
#[tracing::instrument(skip(db))]
async fn communes_matching(
    db: &Db,
    patterns: &[String],
    province: Option<ProvinceCode>,
) -> Result<(Vec<CommuneSummary>, bool), AppError> {
    // Up to four words are matched in SQL (the rest are checked below), so the
    // statement text stays static: no SQL is built from user input.
    let mut sql_words: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let extra: Vec<&str> = if sql_words.len() > 4 {
        sql_words.split_off(4)
    } else {
        Vec::new()
    };
    let all = "%";
    let rows = sqlx::query(
        "select c.code, c.name, c.province_code, p.name as province_name, c.enabled, \
                c.search_name as own_name, c.search_name || p.search_name as haystack \
         from communes c join provinces p on p.code = c.province_code \
         where ($1 = 0 or c.province_code = $1) \
           and (c.search_name || p.search_name) like $2 \
           and (c.search_name || p.search_name) like $3 \
           and (c.search_name || p.search_name) like $4 \
           and (c.search_name || p.search_name) like $5 \
         order by c.enabled desc, c.name \
         limit cast($6 as bigint)",
    )
    .bind(province.map(|p| p.get()).unwrap_or(0))
    .bind(sql_words.first().copied().unwrap_or(all))
    .bind(sql_words.get(1).copied().unwrap_or(all))
    .bind(sql_words.get(2).copied().unwrap_or(all))
    .bind(sql_words.get(3).copied().unwrap_or(all))
    .bind(if extra.is_empty() {
        RANK_WINDOW
    } else {
        10_000
    })
    .fetch_all(db)
    .await?;
    let words: Vec<&str> = patterns
        .iter()
        .map(|p| p.trim_start_matches("% ").trim_end_matches('%'))
        .collect();
    let mut ranked = Vec::new();
    for row in &rows {
        let haystack: String = row.try_get("haystack")?;
        if extra.iter().all(|p| like_word(&haystack, p)) {
            let own_name: String = row.try_get("own_name")?;
            ranked.push((score(&own_name, &words), commune_from_row(row)?));
        }
    }
    // Stable: equal scores keep the SQL order (joined communes first, then by name).
    ranked.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let more = ranked.len() > SEARCH_LIMIT;
    let communes = ranked
        .into_iter()
        .take(SEARCH_LIMIT)
        .map(|(_, commune)| commune)
        .collect();
    Ok((communes, more))
}

/// The place picker: with no query and no province, every province; with a
/// province, its communes; with a query, matching provinces and communes.
#[tracing::instrument(skip(db))]
pub async fn search(
    db: &Db,
    query: &SearchText,
    province: Option<ProvinceCode>,
) -> Result<PlaceSearch, AppError> {
    let patterns = word_patterns(query.as_str());
    let chosen = match province {
        Some(code) => Some(
            self::province(db, code)
                .await?
                .ok_or(AppError::Invalid(Problem::UnknownProvince))?,
        ),
        None => None,
    };
    if chosen.is_none() && patterns.is_empty() {
        return Ok(PlaceSearch {
            provinces: provinces_matching(db, &[]).await?,
            ..PlaceSearch::default()
        });
    }
    let provinces = if chosen.is_none() {
        provinces_matching(db, &patterns).await?
    } else {
        Vec::new()
    };
    let (communes, more) = communes_matching(db, &patterns, province).await?;
    Ok(PlaceSearch {
        province: chosen,
        provinces,
        communes,
        more,
    })
}

/// Loads the official units, inserting new ones and updating names; safe to run
/// again. A commune's `enabled` flag and villages are never touched.
#[tracing::instrument(skip(db))]
pub async fn import_units(db: &Db) -> Result<(usize, usize), AppError> {
    let now = now_ms();
    let mut reader = csv::Reader::from_reader(UNITS_CSV.as_bytes());
    let mut tx = db.begin().await?;
    let mut provinces = std::collections::BTreeSet::new();
    let mut communes = 0;
    for record in reader.records() {
        let record = record.map_err(|error| {
            tracing::error!(%error, "units file is corrupt");
            AppError::Internal
        })?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let province_code: i64 = field(0).parse().map_err(|_| AppError::Internal)?;
        let commune_code: i64 = field(3).parse().map_err(|_| AppError::Internal)?;
        if provinces.insert(province_code) {
            sqlx::query(
                "insert into provinces (code, name, division_type, search_name, created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $5) \
                 on conflict (code) do update set name = excluded.name, \
                   division_type = excluded.division_type, search_name = excluded.search_name, \
                   updated_at = excluded.updated_at",
            )
            .bind(province_code)
            .bind(field(1))
            .bind(field(2))
            .bind(format!(" {}", fold(field(1))))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "insert into communes (code, province_code, name, division_type, search_name, enabled, is_demo, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, 0, 0, $6, $6) \
             on conflict (code) do update set province_code = excluded.province_code, \
               name = excluded.name, division_type = excluded.division_type, \
               search_name = excluded.search_name, updated_at = excluded.updated_at",
        )
        .bind(commune_code)
        .bind(province_code)
        .bind(field(4))
        .bind(field(5))
        .bind(format!(" {}", fold(field(4))))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        communes += 1;
    }
    tx.commit().await?;
    if let Ok(mut cache) = PROVINCES.write() {
        *cache = None;
    }
    Ok((provinces.len(), communes))
}

/// Whether the units have been imported (a cheap check at start-up).
#[tracing::instrument(skip_all)]
pub async fn units_imported(db: &Db) -> Result<bool, AppError> {
    let count: i64 = sqlx::query_scalar("select count(*) from provinces")
        .fetch_one(db)
        .await?;
    Ok(count > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_file_is_complete() {
        let mut reader = csv::Reader::from_reader(UNITS_CSV.as_bytes());
        let records: Vec<_> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 3321);
        let provinces: std::collections::BTreeSet<_> =
            records.iter().map(|r| r[0].to_owned()).collect();
        assert_eq!(provinces.len(), 34);
        assert_eq!(records.iter().filter(|r| &r[0] == "33").count(), 104);
        assert!(
            records
                .iter()
                .any(|r| &r[3] == "12364" && &r[4] == "Xã Tiên Lữ")
        );
    }

    #[test]
    fn whole_words_of_the_own_name_rank_first() {
        let words = ["pho", "hien"];
        // "Phường Phố Hiến": both words whole in its own name.
        let pho_hien = score(" phuong pho hien", &words);
        // "Xã Phong Hiền" (made up): one word starts a word of its own name.
        let phong_hien = score(" xa phong hien", &words);
        // "Phường Bảy Hiền", Hồ Chí Minh: "pho" only in "thành phố".
        let bay_hien = score(" phuong bay hien", &words);
        assert_eq!((pho_hien, phong_hien, bay_hien), (6, 5, 4));
    }

    #[test]
    fn in_memory_like_matches_sql_like() {
        assert!(like_word(" phuong pho hien hung yen", "% pho%"));
        assert!(like_word(" phuong pho hien hung yen", "% yen%"));
        assert!(like_word(" phuong pho hien", "% hie%"));
        assert!(!like_word(" phuong pho hien", "% ien%"));
    }
}
