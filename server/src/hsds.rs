//! The directory as an Open Referral HSDS-style read-only JSON API, for other
//! systems to read: `GET /api/hsds/services` (paginated, filters `commune`,
//! `area`, `q`), `/api/hsds/services/{id}`, `/api/hsds/organizations` and
//! `/api/hsds/taxonomies`. Errors are JSON with a translated message.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use app::directory::db::{ServiceFilter, list_services, organizations, service};
use app::directory::model::{Area, KINDS, Service};
use app::error::{AppError, Problem};
use app::hours::clock;
use app::i18n::Lang;
use app::places::model::{CommuneCode, SearchText};
use app::state::AppState;

/// The most services one page returns.
pub const MAX_PER_PAGE: i64 = 100;
const DEFAULT_PER_PAGE: i64 = 20;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/hsds/services", get(list))
        .route("/api/hsds/services/{id}", get(one))
        .route("/api/hsds/organizations", get(list_organizations))
        .route("/api/hsds/taxonomies", get(taxonomies))
}

/// An error as JSON: the code, and a message in the caller's language (`?lang=`,
/// else the `lang` cookie, else Vietnamese).
struct ApiError(AppError, Lang);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let ApiError(error, lang) = self;
        let body = json!({ "error": error, "message": lang.texts().error(&error) });
        (error.status(), Json(body)).into_response()
    }
}

fn lang_of(params: &HashMap<String, String>, headers: &HeaderMap) -> Lang {
    app::request::lang_in(params.get("lang").map(String::as_str), headers)
}

fn number(params: &HashMap<String, String>, name: &str, default: i64) -> Result<i64, AppError> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(default),
        Some(value) => value
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or(AppError::Invalid(Problem::PageInvalid)),
    }
}

fn filter_of(params: &HashMap<String, String>) -> Result<ServiceFilter, AppError> {
    let commune = match params.get("commune").map(|v| v.trim()) {
        None | Some("") => None,
        Some(code) => Some(CommuneCode::parse(code)?.get()),
    };
    let area = match params.get("area").map(|v| v.trim()) {
        None | Some("") => None,
        Some(code) => Some(Area::parse(code)?),
    };
    let q = SearchText::parse(params.get("q").map(String::as_str).unwrap_or(""))?;
    let per_page = number(params, "per_page", DEFAULT_PER_PAGE)?;
    if per_page > MAX_PER_PAGE {
        return Err(AppError::Invalid(Problem::PageInvalid));
    }
    Ok(ServiceFilter {
        commune,
        area,
        q: q.as_str().to_owned(),
        page: number(params, "page", 1)?,
        per_page,
        phones: true,
        count: true,
    })
}

#[tracing::instrument(skip(state, headers))]
async fn list(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let lang = lang_of(&params, &headers);
    let filter = filter_of(&params).map_err(|e| ApiError(e, lang))?;
    let (services, total) = list_services(&state.db, &filter)
        .await
        .map_err(|e| ApiError(e, lang))?;
    let total_pages = (total + filter.per_page - 1) / filter.per_page;
    Ok(Json(json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": filter.page,
        "size": services.len(),
        "first_page": filter.page == 1,
        "last_page": filter.page >= total_pages,
        "empty": services.is_empty(),
        "contents": services.iter().map(|s| service_json(s, lang)).collect::<Vec<_>>(),
    })))
}

async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let lang = lang_of(&params, &headers);
    let id: i64 = id.parse().map_err(|_| ApiError(AppError::NotFound, lang))?;
    match service(&state.db, id).await {
        Ok(Some(found)) => Ok(Json(service_json(&found, lang))),
        Ok(None) => Err(ApiError(AppError::NotFound, lang)),
        Err(error) => Err(ApiError(error, lang)),
    }
}

async fn list_organizations(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let lang = lang_of(&params, &headers);
    let commune = match params.get("commune").map(|v| v.trim()) {
        None | Some("") => None,
        Some(code) => Some(
            CommuneCode::parse(code)
                .map_err(|p| ApiError(p.into(), lang))?
                .get(),
        ),
    };
    let list = organizations(&state.db, commune)
        .await
        .map_err(|e| ApiError(e, lang))?;
    Ok(Json(json!({
        "total_items": list.len(),
        "contents": list.iter().map(|o| json!({
            "id": o.id.to_string(),
            "name": o.name,
            "description": o.description,
            "commune_code": o.commune_code,
            "service_count": o.service_count,
        })).collect::<Vec<_>>(),
    })))
}

/// The areas and kinds, in both languages: the taxonomy terms services carry.
async fn taxonomies() -> Json<Value> {
    let areas = Area::ALL.iter().map(|area| {
        let (vi, en) = area.names();
        json!({ "id": area.code(), "vocabulary": "xaso-area", "name": vi, "name_en": en, "parent_id": null })
    });
    let kinds = KINDS.iter().map(|kind| {
        json!({ "id": kind.code, "vocabulary": "xaso-kind", "name": kind.vi, "name_en": kind.en, "parent_id": kind.area.code() })
    });
    Json(json!({
        "id": "xaso",
        "name": "Xã Số essential services",
        "terms": areas.chain(kinds).collect::<Vec<_>>(),
    }))
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn service_json(service: &Service, lang: Lang) -> Value {
    let (area_vi, area_en) = service.area.names();
    let kind = KINDS.iter().find(|k| k.code == service.kind);
    let pick = |vi: &'static str, en: &'static str| if lang == Lang::En { en } else { vi };
    let mut terms = vec![
        json!({ "id": service.area.code(), "vocabulary": "xaso-area", "name": pick(area_vi, area_en) }),
    ];
    if let Some(kind) = kind {
        terms.push(json!({ "id": kind.code, "vocabulary": "xaso-kind", "name": pick(kind.vi, kind.en), "parent_id": kind.area.code() }));
    }
    json!({
        "id": service.id.to_string(),
        "name": service.name,
        "description": service.description,
        "offers": service.offers,
        "status": service.status.code(),
        "status_note": service.status_note,
        "organization": service.organization.as_ref().map(|o| json!({ "id": o.id.to_string(), "name": o.name })),
        "commune_code": service.commune_code,
        "taxonomy_terms": terms,
        "location": {
            "address": service.address,
            "village": service.village.as_ref().map(|v| json!({ "id": v.id.to_string(), "name": v.name })),
            "latitude": service.position.map(|p| p.latitude),
            "longitude": service.position.map(|p| p.longitude),
        },
        "phones": service.phones.iter().map(|p| json!({ "number": p.number, "display": p.display, "description": p.label })).collect::<Vec<_>>(),
        "schedules": service.hours.intervals().iter().map(|i| json!({
            "byday": BYDAY[usize::from(i.weekday.clamp(1, 7) - 1)],
            "opens_at": clock(i.opens),
            "closes_at": clock(i.closes),
        })).collect::<Vec<_>>(),
        "holiday_schedules": service.closures.iter().map(|c| json!({
            "start_date": c.date, "end_date": c.date, "closed": true, "description": c.note,
        })).collect::<Vec<_>>(),
        "last_verified": service.verified_at_ms.map(app::time::iso_date),
        "last_modified": app::time::iso_date(service.updated_at_ms),
    })
}
