//! Server functions for places. Reads are GET so that the service worker can
//! cache them; each one parses its input, calls `db`, and maps errors.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::model::{CommuneCode, ProvinceCode, SearchText};
use super::model::{CommuneHome, PlaceSearch};
use crate::error::AppError;

/// The place picker's search. `province` narrows it to one province.
#[server(input = GetUrl, endpoint = "places/search")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn search_places(
    q: String,
    #[server(default)] province: Option<String>,
) -> Result<PlaceSearch, AppError> {
    let result = async {
        let query = SearchText::parse(&q)?;
        let province = match province.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(ProvinceCode::parse(code)?),
        };
        let db = crate::state::use_db()?;
        super::db::search(&db, &query, province).await
    };
    result.await.map_err(AppError::with_status)
}

/// A commune's home page data. Opening it remembers the commune as the visitor's.
#[server(input = GetUrl, endpoint = "places/commune")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_commune_home(code: String) -> Result<CommuneHome, AppError> {
    let result = async {
        let code = CommuneCode::parse(&code)?;
        let db = crate::state::use_db()?;
        let home = super::db::commune_home(&db, code).await?;
        crate::request::set_cookie(super::COMMUNE_COOKIE, &code.get().to_string());
        Ok(home)
    };
    result.await.map_err(AppError::with_status)
}
