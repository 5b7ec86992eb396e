//! Reports as Open311 GeoReport v2 (JSON), for other systems: the discovery
//! document, a commune's services (its report categories; the
//! `jurisdiction_id` is the commune's code), its service requests (the reports,
//! never rejected ones, without anything about who sent them), and `POST
//! requests.json` to file one with an `api_key` the commune admin issued.
//! Errors follow the specification: a list of `{code, description}`, the
//! description translated (`?lang=en` for English).

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use app::error::{AppError, Problem};
use app::i18n::Lang;
use app::places::model::CommuneCode;
use app::reports::db::{Open311Filter, categories, open311_requests};
use app::state::AppState;
use app::time::{iso_date_time, parse_iso};

const BASE: &str = "/open311/v2";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/open311/v2/discovery.json", get(discovery))
        .route("/open311/v2/services.json", get(services))
        .route("/open311/v2/services/{code}", get(service_definition))
        .route(
            "/open311/v2/requests.json",
            get(requests).post(post_request),
        )
        .route("/open311/v2/requests/{code}", get(one_request))
}

/// An error in the specification's shape.
struct Open311Error(AppError, Lang);

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let Open311Error(error, lang) = self;
        // A missing, wrong or revoked key is "forbidden", as the specification says.
        let status = match error {
            AppError::Invalid(Problem::UnknownApiKey) => StatusCode::FORBIDDEN,
            _ => error.status(),
        };
        let body = json!([{ "code": status.as_u16(), "description": lang.texts().error(&error) }]);
        (status, Json(body)).into_response()
    }
}

type Answer = Result<Json<Value>, Open311Error>;

fn lang_of(params: &HashMap<String, String>, headers: &HeaderMap) -> Lang {
    params
        .get("lang")
        .and_then(|code| Lang::parse(code))
        .unwrap_or_else(|| crate::form_replies::lang_of(headers))
}

/// The site's own address, for absolute links (photos): the configured public
/// address (`XASO_PUBLIC_URL`) when there is one, never what a client's
/// `Host` header claims. Without it (a local run), the request's host.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|p| p.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// `{name}.json` → `name`; other formats are not offered.
fn json_name(path: &str) -> Result<&str, AppError> {
    path.strip_suffix(".json").ok_or(AppError::NotFound)
}

/// The commune of `jurisdiction_id`, which must exist.
async fn jurisdiction(state: &AppState, params: &HashMap<String, String>) -> Result<i64, AppError> {
    let code = params
        .get("jurisdiction_id")
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .ok_or(Problem::MalformedCommuneCode)?;
    let code = CommuneCode::parse(code)?;
    app::places::db::commune(&state.db, code)
        .await?
        .ok_or(Problem::UnknownCommune)?;
    Ok(code.get())
}

async fn discovery(State(state): State<AppState>, headers: HeaderMap) -> Json<Value> {
    let url = format!("{}{BASE}", origin(&state, &headers));
    Json(json!({
        "changeset": "2026-11-30T00:00:00+07:00",
        "contact": "Ủy ban nhân dân xã (UBND xã) của từng xã",
        "key_service": "Khóa API do quản trị viên xã cấp",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": url,
            "changeset": "2026-11-30T00:00:00+07:00",
            "type": "production",
            "formats": ["application/json"],
        }],
    }))
}

async fn services(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Answer {
    let lang = lang_of(&params, &headers);
    let fail = |e: AppError| Open311Error(e, lang);
    let commune = jurisdiction(&state, &params).await.map_err(fail)?;
    let list = categories(&state.db, commune).await.map_err(fail)?;
    Ok(Json(Value::Array(
        list.into_iter()
            .map(|c| {
                json!({
                    "service_code": c.code,
                    "service_name": c.name,
                    "description": c.name,
                    "metadata": false,
                    "type": "realtime",
                    "keywords": "",
                    "group": "",
                })
            })
            .collect(),
    )))
}

async fn service_definition(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Answer {
    let lang = lang_of(&params, &headers);
    let fail = |e: AppError| Open311Error(e, lang);
    let code = json_name(&code).map_err(fail)?;
    let commune = jurisdiction(&state, &params).await.map_err(fail)?;
    let list = categories(&state.db, commune).await.map_err(fail)?;
    let service = list
        .into_iter()
        .find(|c| c.code == code)
        .ok_or(AppError::NotFound)
        .map_err(fail)?;
    // No extra attributes: a description, a place and photos are all a report needs.
    Ok(Json(
        json!({ "service_code": service.code, "attributes": [] }),
    ))
}

async fn requests(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Answer {
    let lang = lang_of(&params, &headers);
    let fail = |e: AppError| Open311Error(e, lang);
    let commune = jurisdiction(&state, &params).await.map_err(fail)?;
    let text = |name: &str| {
        params
            .get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let date = |name: &str| -> Result<i64, AppError> {
        match params.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(0),
            Some(value) => parse_iso(value).ok_or(AppError::Invalid(Problem::DateInvalid)),
        }
    };
    let status = text("status");
    if !matches!(status.as_str(), "" | "open" | "closed") {
        return Err(fail(Problem::UnknownStatus.into()));
    }
    let filter = Open311Filter {
        commune,
        service_code: text("service_code"),
        code: text("service_request_id"),
        status,
        start_ms: date("start_date").map_err(fail)?,
        end_ms: date("end_date").map_err(fail)?,
    };
    let origin = origin(&state, &headers);
    let rows = open311_requests(&state.db, &filter).await.map_err(fail)?;
    Ok(Json(Value::Array(
        rows.iter().map(|r| request_json(r, &origin)).collect(),
    )))
}

async fn one_request(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Answer {
    let lang = lang_of(&params, &headers);
    let fail = |e: AppError| Open311Error(e, lang);
    let code = json_name(&code).map_err(fail)?;
    let filter = Open311Filter {
        code: code.to_owned(),
        ..Open311Filter::default()
    };
    let origin = origin(&state, &headers);
    let rows = open311_requests(&state.db, &filter).await.map_err(fail)?;
    if rows.is_empty() {
        return Err(fail(AppError::NotFound));
    }
    Ok(Json(Value::Array(
        rows.iter().map(|r| request_json(r, &origin)).collect(),
    )))
}

/// `POST requests.json`: another system files a report for the commune of its
/// key. Form fields: `api_key`, `service_code`, `description`, and `lat` with
/// `long` or `address_string`; `jurisdiction_id`, when sent, must be the key's
/// commune. Names, e-mail and phone numbers are not kept (a phone number is
/// never public here), and `media_url` is not fetched. Answers 201 with the
/// tracking code as `service_request_id`.
async fn post_request(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    address: Option<axum::Extension<app::accounts::session::ClientAddress>>,
    form: Result<axum::Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let lang = lang_of(&query, &headers);
    let address = address.map(|a| a.0.0).unwrap_or_default();
    let result = async {
        // Every POST from an address counts, wrong keys included.
        app::throttle::attempt(&state.db, &[(app::throttle::OPEN311_ADDRESS, &address)])
            .await?
            .keep();
        let axum::Form(params) = form.map_err(|_| AppError::Invalid(Problem::FormUnreadable))?;
        let text = |name: &str| {
            params
                .get(name)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let key = text("api_key");
        let (key_id, commune) = match key.is_empty() {
            true => None,
            false => {
                let hash = app::accounts::session::token_hash(&key);
                app::reports::settings::db::api_key_by_hash(&state.db, &hash).await?
            }
        }
        .ok_or(Problem::UnknownApiKey)?;
        let jurisdiction = text("jurisdiction_id");
        if !jurisdiction.is_empty() && jurisdiction != commune.to_string() {
            return Err(Problem::UnknownApiKey.into());
        }
        let service_code = text("service_code");
        let category = categories(&state.db, commune)
            .await?
            .into_iter()
            .find(|c| c.code == service_code)
            .ok_or(Problem::UnknownCategory)?;
        let input = app::reports::model::ReportInput {
            category: category.id.to_string(),
            description: text("description"),
            latitude: text("lat"),
            longitude: text("long"),
            ..Default::default()
        };
        let source = app::reports::service::Source::System {
            key: key_id,
            address: text("address_string"),
        };
        let commune = commune.to_string();
        app::reports::service::file_checked(
            &state.db,
            source,
            &commune,
            input,
            app::reports::service::Attachments::default(),
            None,
            &address,
        )
        .await
    };
    match result.await {
        Ok(code) => (
            StatusCode::CREATED,
            Json(json!([{
                "service_request_id": code,
                "service_notice": lang.texts().done_report_filed,
                "account_id": Value::Null,
            }])),
        )
            .into_response(),
        Err(error) => Open311Error(error, lang).into_response(),
    }
}

fn request_json(r: &app::reports::db::Open311Row, origin: &str) -> Value {
    json!({
        "service_request_id": r.code,
        "status": r.status.open311(),
        "status_notes": r.status_notes,
        "service_name": r.service_name,
        "service_code": r.service_code,
        "description": r.description,
        "agency_responsible": "UBND xã",
        "service_notice": "",
        "requested_datetime": iso_date_time(r.created_at_ms),
        "updated_datetime": iso_date_time(r.updated_at_ms),
        "expected_datetime": r.status.is_open().then(|| iso_date_time(r.resolve_by_ms)),
        "address": if r.address.is_empty() { r.village.clone() } else { Some(r.address.clone()) },
        "address_id": Value::Null,
        "zipcode": Value::Null,
        "lat": r.position.map(|p| p.0),
        "long": r.position.map(|p| p.1),
        "media_url": r.photo.map(|id| format!("{origin}/photos/{id}")),
    })
}
