//! Sending text messages (server only). The flows call `SmsSender`; the server
//! starts with `LogSender`, which writes each message to the log. An SMS gateway
//! is plugged in by implementing the trait and giving it to `AppState`.

use std::future::Future;
use std::pin::Pin;

use super::model::PhoneNumber;
use crate::error::AppError;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

pub trait SmsSender: Send + Sync {
    /// Sends `text` to `to`. An error means the message was not accepted.
    fn send<'a>(&'a self, to: &'a PhoneNumber, text: &'a str) -> SendFuture<'a>;
}

/// Writes messages to the log instead of sending them.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogSender;

impl SmsSender for LogSender {
    fn send<'a>(&'a self, to: &'a PhoneNumber, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                to = to.as_str(),
                text,
                "SMS (log only, no gateway configured)"
            );
            Ok(())
        })
    }
}
