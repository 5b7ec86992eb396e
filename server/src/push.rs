//! Web Push, the server's side: the VAPID key pair (made at first start and
//! kept in the database), and the background worker that sends the queued
//! messages (`push_jobs`), encrypted for each phone (RFC 8291) and signed
//! (RFC 8292). The request that caused a message never waits for it: the job is
//! written in that request's transaction, and the worker sends it after, again
//! with backoff while the push service fails, so a restart loses nothing.

use std::time::Duration;

use app::db::{Db, now_ms};
use app::i18n::Lang;
use app::push::db::{self as queue, PushJob};
use app::push::model::PushEvent;
use base64ct::{Base64UrlUnpadded, Encoding};
use futures_util::StreamExt;
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};
use web_push_native::p256::PublicKey;
use web_push_native::{Auth, WebPushBuilder};

use crate::BoxError;

/// How long a push service keeps a message for a phone that is off.
const TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Jobs taken at once, and sent at once.
const BATCH: i64 = 50;
const CONCURRENT: usize = 8;
/// A taken job is someone else's again after this (a worker that died).
const LEASE_MS: i64 = 60_000;
/// After this many failed attempts a message is dropped (about a day of tries).
pub const MAX_ATTEMPTS: i64 = 10;

/// The server's VAPID key pair, made and kept the first time.
pub async fn vapid_key(db: &Db) -> Result<ES256KeyPair, BoxError> {
    let (private, _) = match queue::vapid_keys(db).await? {
        Some(keys) => keys,
        None => {
            let pair = ES256KeyPair::generate();
            let private = Base64UrlUnpadded::encode_string(&pair.to_bytes());
            let public = Base64UrlUnpadded::encode_string(
                &pair.public_key().public_key().to_bytes_uncompressed(),
            );
            // Two servers starting at once: the first one's pair is kept.
            queue::keep_vapid_keys(db, &private, &public).await?
        }
    };
    Ok(ES256KeyPair::from_bytes(&Base64UrlUnpadded::decode_vec(
        &private,
    )?)?)
}

/// How long to wait before attempt `attempts + 1`: 30 s, doubling, at most 6 h.
pub fn backoff_ms(attempts: i64) -> i64 {
    let doublings = (attempts.max(1) - 1).min(20) as u32;
    (30_000i64 << doublings).min(6 * 60 * 60 * 1000)
}

/// What became of one attempt.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Delivered,
    /// The push service says the subscription is gone (404, 410).
    Gone,
    /// Worth another try (network, 429, 5xx), not before this many ms.
    Retry {
        after_ms: Option<i64>,
        error: String,
    },
    /// Never deliverable (a bad message, a refused request).
    Dropped(String),
}

/// Sends queued push messages until the process ends.
pub struct Worker {
    db: Db,
    key: ES256KeyPair,
    contact: String,
    client: reqwest::Client,
    poll: Duration,
}

impl Worker {
    pub fn new(db: Db, key: ES256KeyPair, contact: String, poll: Duration) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            // A push service answers; it never redirects a sender elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a TLS client");
        Worker {
            db,
            key,
            contact,
            client,
            poll,
        }
    }

    /// Starts the worker on the runtime.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move { self.run().await })
    }

    async fn run(self) {
        loop {
            match self.send_due().await {
                // A full batch: there may be more waiting.
                Ok(n) if n as i64 >= BATCH => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "push queue unavailable"),
            }
            tokio::time::sleep(self.poll).await;
        }
    }

    /// Sends the jobs that are due; returns how many were taken.
    pub async fn send_due(&self) -> Result<usize, app::error::AppError> {
        let jobs = queue::take_due(&self.db, BATCH, LEASE_MS).await?;
        let taken = jobs.len();
        futures_util::stream::iter(jobs)
            .for_each_concurrent(CONCURRENT, |job| async move {
                let outcome = self.attempt(&job).await;
                if let Err(error) = self.record(&job, outcome).await {
                    tracing::warn!(%error, job = job.id, "push job not updated");
                }
            })
            .await;
        Ok(taken)
    }

    #[tracing::instrument(skip_all, fields(job = job.id, attempt = job.attempts))]
    async fn attempt(&self, job: &PushJob) -> Outcome {
        let request = match self.request(job) {
            Ok(request) => request,
            Err(error) => return Outcome::Dropped(error.to_string()),
        };
        match self.client.execute(request).await {
            Err(error) => Outcome::Retry {
                after_ms: None,
                error: error.to_string(),
            },
            Ok(response) => {
                let status = response.status().as_u16();
                match status {
                    200..=299 => Outcome::Delivered,
                    404 | 410 => Outcome::Gone,
                    429 | 500..=599 => Outcome::Retry {
                        after_ms: response
                            .headers()
                            .get(reqwest::header::RETRY_AFTER)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<i64>().ok())
                            .map(|s| s.clamp(1, 6 * 60 * 60) * 1000),
                        error: format!("push service answered {status}"),
                    },
                    _ => Outcome::Dropped(format!("push service refused it: {status}")),
                }
            }
        }
    }

    /// The encrypted, signed request for one job, in the person's language.
    fn request(&self, job: &PushJob) -> Result<reqwest::Request, BoxError> {
        let event: PushEvent = serde_json::from_str(&job.payload)?;
        let lang = Lang::parse(&job.lang).unwrap_or_default();
        let message = serde_json::to_vec(&event.message(lang.texts(), lang.code()))?;
        let public = PublicKey::from_sec1_bytes(&Base64UrlUnpadded::decode_vec(&job.p256dh)?)?;
        let auth = Base64UrlUnpadded::decode_vec(&job.auth)?;
        if auth.len() != 16 {
            return Err("auth secret is not 16 bytes".into());
        }
        let built =
            WebPushBuilder::new(job.endpoint.parse()?, public, Auth::clone_from_slice(&auth))
                .with_valid_duration(TTL)
                .with_vapid(&self.key, &self.contact)
                .build(message)?;
        let (parts, body) = built.into_parts();
        let mut request = reqwest::Request::new(
            reqwest::Method::POST,
            reqwest::Url::parse(&parts.uri.to_string())?,
        );
        *request.headers_mut() = parts.headers;
        request.headers_mut().insert(
            "urgency",
            reqwest::header::HeaderValue::from_static(if job.urgency == "high" {
                "high"
            } else {
                "normal"
            }),
        );
        *request.body_mut() = Some(body.into());
        Ok(request)
    }

    /// A message that will never arrive counts against its subscription.
    async fn failed_for_good(&self, job: &PushJob) -> Result<(), app::error::AppError> {
        if queue::failed(&self.db, job.subscription_id).await? {
            tracing::info!(
                subscription = job.subscription_id,
                "push subscription kept failing, removed"
            );
        }
        Ok(())
    }

    async fn record(&self, job: &PushJob, outcome: Outcome) -> Result<(), app::error::AppError> {
        match outcome {
            Outcome::Delivered => {
                queue::finish(&self.db, job.id).await?;
                queue::delivered(&self.db, job.subscription_id).await
            }
            Outcome::Gone => {
                tracing::info!(
                    subscription = job.subscription_id,
                    "push subscription gone, removed"
                );
                queue::remove_subscription(&self.db, job.subscription_id).await
            }
            Outcome::Dropped(error) => {
                tracing::warn!(job = job.id, %error, "push message dropped");
                queue::finish(&self.db, job.id).await?;
                self.failed_for_good(job).await
            }
            Outcome::Retry { error, .. } if job.attempts >= MAX_ATTEMPTS => {
                tracing::warn!(job = job.id, %error, "push message dropped after {MAX_ATTEMPTS} attempts");
                queue::finish(&self.db, job.id).await?;
                self.failed_for_good(job).await
            }
            Outcome::Retry { after_ms, error } => {
                let after = after_ms.unwrap_or_else(|| backoff_ms(job.attempts));
                tracing::info!(job = job.id, %error, after_ms = after, "push message to be tried again");
                queue::retry(&self.db, job.id, now_ms() + after, &error).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        assert_eq!(backoff_ms(1), 30_000);
        assert_eq!(backoff_ms(2), 60_000);
        assert_eq!(backoff_ms(5), 480_000);
        assert_eq!(backoff_ms(20), 6 * 60 * 60 * 1000);
        assert_eq!(backoff_ms(0), 30_000);
    }
}
