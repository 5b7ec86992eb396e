//! Server functions of the directory pages. Reads are GET so that the service
//! worker keeps them for offline reading. Whether each service is open is worked
//! out on the server (`service`), in Vietnam time, and travels with the data.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::model::{Area, Service};
#[cfg(feature = "ssr")]
use super::service::{open_at, open_now};
use crate::error::AppError;
use crate::hours::OpenStatus;
use crate::places::model::CommuneSummary;

/// Whether the service is open at the time the data was loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub service: Service,
    pub open: OpenStatus,
}

/// A service as a list shows it: only what the line needs, so that a long list
/// stays light on a 3G link (the service's page loads the rest).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListedBrief {
    pub id: i64,
    pub name: String,
    /// A `Kind` code.
    pub kind: String,
    pub village: Option<String>,
    pub status: super::model::ServiceStatus,
    pub open: OpenStatus,
}

/// The directory of a commune: how many services each area has (only when
/// neither an area nor a search is given), or the services of the chosen area
/// or matching the search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectoryView {
    pub commune: CommuneSummary,
    pub counts: Vec<(Area, i64)>,
    pub area: Option<Area>,
    pub q: String,
    pub services: Vec<ListedBrief>,
    /// Today's weekday in Vietnam (1 Monday … 7 Sunday).
    pub today: u8,
    /// When the server read this (UTC ms): shown when the page is read offline.
    pub loaded_at_ms: i64,
}

/// One service with its open status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceView {
    pub listed: Listed,
    pub today: u8,
    pub loaded_at_ms: i64,
}

#[server(input = GetUrl, endpoint = "directory/overview")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_directory(
    commune: String,
    #[server(default)] area: String,
    #[server(default)] q: String,
) -> Result<DirectoryView, AppError> {
    let result = async {
        use crate::places::model::{CommuneCode, SearchText};
        let code = CommuneCode::parse(&commune)?;
        let area = match area.trim() {
            "" => None,
            code => Some(Area::parse(code)?),
        };
        let q = SearchText::parse(&q)?;
        let db = crate::state::use_db()?;
        let commune = crate::places::db::commune_for_page(&db, code)
            .await?
            .ok_or(crate::error::Problem::UnknownCommune)?;
        crate::page_changes::shows_commune(code.get());
        let now = crate::db::now_ms();
        // The areas' counts are shown only while browsing, the list only for
        // an area or a search: each page asks for what it shows (a query
        // less is a round trip less to the database thread).
        let browsing = area.is_none() && q.is_empty();
        let counts = if browsing {
            super::db::area_counts(&db, code.get()).await?
        } else {
            Vec::new()
        };
        let lines = if !browsing {
            let filter = super::db::ServiceFilter {
                commune: Some(code.get()),
                area,
                q: q.as_str().to_owned(),
                page: 1,
                per_page: 500,
                phones: false,
                count: false,
            };
            super::db::service_lines(&db, &filter, &crate::time::iso_date(now)).await?
        } else {
            Vec::new()
        };
        Ok(DirectoryView {
            commune,
            counts,
            area,
            q: q.as_str().to_owned(),
            services: lines
                .into_iter()
                .map(|line| ListedBrief {
                    open: open_at(now, &line.hours, line.closed_on.iter().map(String::as_str)).0,
                    id: line.id,
                    name: line.name,
                    kind: line.kind,
                    village: line.village,
                    status: line.status,
                })
                .collect(),
            today: crate::time::weekday_and_minute(now).0,
            loaded_at_ms: now,
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "directory/service")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_service(id: String) -> Result<ServiceView, AppError> {
    let result = async {
        let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
        let db = crate::state::use_db()?;
        let service = super::db::service(&db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::page_changes::shows_commune(service.commune_code);
        crate::places::service::adopt_if_none(service.commune_code);
        let (open, today) = open_now(&service);
        Ok(ServiceView {
            listed: Listed { service, open },
            today,
            loaded_at_ms: crate::db::now_ms(),
        })
    };
    result.await.map_err(AppError::with_status)
}
