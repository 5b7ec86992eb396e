//! Server functions of the directory pages. Reads are GET so that the service
//! worker keeps them for offline reading. Whether each service is open is worked
//! out here, in Vietnam time, and travels with the data.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::model::{Area, OpenStatus, Service};
use crate::error::AppError;
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

/// The directory of a commune: how many services each area has, and the services
/// of the chosen area or matching the search (none when neither is given).
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

/// The open status of `service` now.
#[cfg(feature = "ssr")]
fn open_now(service: &Service) -> (OpenStatus, u8) {
    let now = crate::db::now_ms();
    let (weekday, minute) = crate::time::weekday_and_minute(now);
    let status = service.hours.status(weekday, minute, |days_ahead| {
        let date = crate::time::iso_date(now + i64::from(days_ahead) * 86_400_000);
        service.closures.iter().any(|c| c.date == date)
    });
    (status, weekday)
}

#[server(input = GetUrl, endpoint = "directory/overview")]
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
        let db = crate::db::use_db()?;
        let commune = crate::places::db::commune(&db, code)
            .await?
            .ok_or(crate::error::Problem::UnknownCommune)?;
        crate::page_changes::shows_commune(code.get());
        let counts = super::db::area_counts(&db, code.get()).await?;
        let services = if area.is_some() || !q.is_empty() {
            let filter = super::db::ServiceFilter {
                commune: Some(code.get()),
                area,
                q: q.as_str().to_owned(),
                page: 1,
                per_page: 500,
                phones: false,
                count: false,
            };
            super::db::list_services(&db, &filter).await?.0
        } else {
            Vec::new()
        };
        let today = crate::time::weekday_and_minute(crate::db::now_ms()).0;
        Ok(DirectoryView {
            commune,
            counts,
            area,
            q: q.as_str().to_owned(),
            services: services
                .into_iter()
                .map(|service| ListedBrief {
                    open: open_now(&service).0,
                    id: service.id,
                    name: service.name,
                    kind: service.kind,
                    village: service.village.map(|v| v.name),
                    status: service.status,
                })
                .collect(),
            today,
            loaded_at_ms: crate::db::now_ms(),
        })
    };
    result.await.map_err(AppError::with_status)
}

#[server(input = GetUrl, endpoint = "directory/service")]
pub async fn load_service(id: String) -> Result<ServiceView, AppError> {
    let result = async {
        let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
        let db = crate::db::use_db()?;
        let service = super::db::service(&db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::page_changes::shows_commune(service.commune_code);
        let (open, today) = open_now(&service);
        Ok(ServiceView {
            listed: Listed { service, open },
            today,
            loaded_at_ms: crate::db::now_ms(),
        })
    };
    result.await.map_err(AppError::with_status)
}
