//! Whether a service is open, worked out in Vietnam time on the server so that
//! it travels with the data. Server only.

use super::model::Service;
use crate::hours::OpenStatus;

/// The open status of `service` now.
pub(crate) fn open_now(service: &Service) -> (OpenStatus, u8) {
    open_at(
        crate::db::now_ms(),
        &service.hours,
        service.closures.iter().map(|c| c.date.as_str()),
    )
}

/// The open status at `now` (UTC ms) of a service with these hours and
/// closure days (`yyyy-mm-dd`), and that day's weekday.
pub(crate) fn open_at<'a>(
    now: i64,
    hours: &crate::hours::OpeningHours,
    closed_on: impl Iterator<Item = &'a str> + Clone,
) -> (OpenStatus, u8) {
    let (weekday, minute) = crate::time::weekday_and_minute(now);
    let status = hours.status(weekday, minute, |days_ahead| {
        let date = crate::time::iso_date(now + i64::from(days_ahead) * 86_400_000);
        closed_on.clone().any(|d| d == date)
    });
    (status, weekday)
}
