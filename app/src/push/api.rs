//! Server functions of Web Push: the account page asks for the server's key
//! and this phone's topics, subscribes the phone (or changes its topics), and
//! unsubscribes it. Signed-in people only; a phone is always theirs.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::PushSettings;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::db,
    super::model::{SubscriptionInput, Topics},
    crate::accounts::session,
};

#[server(input = GetUrl, endpoint = "push/settings")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_push_settings(
    #[server(default)] endpoint: String,
) -> Result<PushSettings, AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        let (_, public_key) = db::vapid_keys(&db).await?.ok_or(AppError::Unavailable)?;
        let topics = match endpoint.trim() {
            "" => None,
            endpoint => db::topics(&db, visitor.user_id, endpoint).await?,
        };
        Ok(PushSettings { public_key, topics })
    };
    result.await.map_err(AppError::with_status)
}

/// Subscribes this phone (its `PushSubscription`) with the chosen topics, or
/// changes the topics of a phone already subscribed.
#[server(endpoint = "push/subscribe")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn subscribe_push(
    endpoint: String,
    p256dh: String,
    auth: String,
    #[server(default)] reports: String,
    #[server(default)] announcements: String,
) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let topics = Topics::parse(&reports, &announcements)?;
        let services = crate::state::use_push_services()?;
        let subscription = SubscriptionInput {
            endpoint,
            p256dh,
            auth,
        }
        .check(&services)?;
        let db = crate::state::use_db()?;
        let address = session::client_address();
        let account = visitor.user_id.to_string();
        crate::throttle::attempt(
            &db,
            &[
                (crate::throttle::PUSH_ACCOUNT, &account),
                (crate::throttle::PUSH_ADDRESS, &address),
            ],
        )
        .await?
        .keep();
        db::subscribe(&db, visitor.user_id, &subscription, topics).await
    };
    result.await.map_err(AppError::with_status)
}

/// Stops pushing to this phone.
#[server(endpoint = "push/unsubscribe")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn unsubscribe_push(endpoint: String) -> Result<(), AppError> {
    let result = async {
        let visitor = session::require_visitor()?;
        let db = crate::state::use_db()?;
        db::unsubscribe(&db, visitor.user_id, &endpoint).await
    };
    result.await.map_err(AppError::with_status)
}
