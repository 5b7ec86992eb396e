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

/// Writes messages to the log instead of sending them, with the number and
/// every digit of the text masked: a log line never carries a reset code or a
/// phone number (the officer who issued a code was shown it once).
#[derive(Clone, Copy, Debug, Default)]
pub struct LogSender;

impl SmsSender for LogSender {
    fn send<'a>(&'a self, to: &'a PhoneNumber, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                to = to.masked(),
                text = mask_digits(text),
                "SMS (log only, no gateway configured)"
            );
            Ok(())
        })
    }
}

/// The text with every digit replaced by `*`.
pub fn mask_digits(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_masked() {
        assert_eq!(
            super::mask_digits("Mã: 12345678 (30 phút)"),
            "Mã: ******** (** phút)"
        );
    }
}
