//! The one error type of the app. It crosses the wire from server functions to the
//! browser, so it carries codes, never messages: the page translates them
//! (`Texts::error`). Database and internal details stay in the server log.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// What was wrong with an input; each has a translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    SearchTooLong,
    MalformedCommuneCode,
    UnknownCommune,
    MalformedProvinceCode,
    UnknownProvince,
    MalformedPhone,
    NameMissing,
    NameTooLong,
    NameInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    /// Sign-up with a number that already has an account.
    PhoneTaken,
    /// Sign-in with a wrong number or password (which one is not said).
    WrongCredentials,
    /// The current password, asked again before a sensitive change, is wrong.
    WrongPassword,
    /// Sign-up without a home commune.
    CommuneMissing,
    /// A village that is not one of the commune's.
    UnknownVillage,
    /// A reset code that is wrong, expired or already used.
    ResetCodeInvalid,
    /// Nobody has an account with this number.
    NoSuchPerson,
    /// The person already holds a role (one per person).
    AlreadyAppointed,
    /// The person is not staff of this commune.
    NotStaffHere,
    /// The person's home commune is another one.
    PersonNotInCommune,
    /// Staff cannot change their own role.
    OwnRole,
    VillageNameMissing,
    VillageNameTooLong,
    /// The commune already has a village of this name.
    VillageTaken,
    /// The confirmation box was not ticked.
    NotConfirmed,
    /// Not one of the five areas of the directory.
    UnknownArea,
    /// Not one of the kinds of service.
    UnknownKind,
    ServicePhoneInvalid,
    PositionInvalid,
    PositionOutsideVietnam,
    /// A time that is not `hh:mm`, or a day that is not a weekday.
    HoursInvalid,
    HoursEndBeforeStart,
    HoursOverlap,
    /// A page number or page size that is not a whole number in range.
    PageInvalid,
    /// A text longer than its field allows.
    TextTooLong,
    /// A directory entry without a name.
    EntryNameMissing,
    /// An entry id that is not one of this commune's entries.
    UnknownEntry,
    /// A day closed that is not a date (`dd/mm/yyyy` or `yyyy-mm-dd`).
    ClosureInvalid,
    /// Not `active` or `temporarily_closed`.
    UnknownStatus,
    /// A CSV file that is not UTF-8 text.
    CsvEncoding,
    /// A CSV file whose header is not the expected columns.
    CsvColumns,
    /// A CSV file with more lines or bytes than an import takes.
    CsvTooLarge,
    /// A CSV file without any entry.
    CsvEmpty,
    /// A CSV line that cannot be read (unbalanced quotes, wrong number of cells).
    CsvMalformed,
    /// No file was chosen.
    FileMissing,
    /// A report description shorter than 10 characters.
    DescriptionTooShort,
    /// A report description longer than 2,000 characters.
    DescriptionTooLong,
    /// Not one of the commune's report categories.
    UnknownCategory,
    /// A reply (or referral, or reason) that is empty.
    ReplyMissing,
    /// The report's status does not allow this step (or it changed meanwhile).
    IllegalTransition,
    /// "Not fixed yet" more than 14 days after "resolved".
    ReopenTooLate,
    /// A rating that is not 1 to 5.
    RatingInvalid,
    /// The report was rated already.
    AlreadyRated,
    /// No report of this commune has this code.
    UnknownReport,
    /// A file that is not a JPEG, PNG or WebP image (whatever its name says).
    PhotoInvalid,
    /// A photo over 10 MB.
    PhotoTooLarge,
    /// More than 4 photos.
    TooManyPhotos,
    /// A date that is not ISO 8601 (`2026-11-30` or `2026-11-30T08:00:00+07:00`).
    DateInvalid,
    /// A category without a name.
    CategoryNameMissing,
    /// A time to resolve that is not 1 to 90 working days.
    ResolveDaysInvalid,
    /// The commune already has a category of this name.
    CategoryTaken,
    /// A category that reports use cannot be removed.
    CategoryInUse,
    /// A week without any working period.
    WorkingTimeEmpty,
    /// A reply template without a name.
    TemplateTitleMissing,
    /// Not one of the commune's reply templates.
    UnknownTemplate,
    /// An Open311 key without the name of who uses it.
    KeyNameMissing,
    /// Not one of the commune's live Open311 keys.
    UnknownApiKey,
    /// A moderation without its reason.
    ReasonMissing,
    /// No such text or photo in this report.
    NothingToHide,
    /// No such hidden text or photo in this report.
    NothingToShow,
    /// A report from another system with neither a position nor an address.
    PlaceMissing,
    /// The commune's only category cannot be removed.
    LastCategory,
    /// A request body that is not a form (`application/x-www-form-urlencoded`).
    FormUnreadable,
    /// No survey of this commune has this id (or it is not published).
    UnknownSurvey,
    /// A survey without a title.
    SurveyTitleMissing,
    /// A survey whose last day is before its first.
    SurveyEndsBeforeStart,
    /// A scale that does not have 2 to 7 levels.
    ScaleInvalid,
    /// Not one of the kinds of question.
    UnknownQuestionKind,
    /// A question without its text.
    QuestionPromptMissing,
    /// A choice with fewer than two options, or a matrix without rows.
    QuestionOptionsMissing,
    /// An answer to a question (or row, or option) the survey does not have.
    UnknownQuestion,
    /// A level or option outside the question's.
    AnswerOutOfScale,
    /// A required question left unanswered.
    AnswerRequired,
    /// Answers outside the survey's dates, or results of a draft.
    SurveyNotOpen,
    /// A survey of another commune, or for other villages.
    SurveyNotForYou,
    /// A second response by the same person.
    SurveyAlreadyAnswered,
    /// A change to questions (or the scale, or anonymity) once people answered.
    SurveyLocked,
    /// Publishing a survey without questions.
    SurveyEmpty,
    /// A dashboard period that is not one of the choices, or a date that is
    /// not a date.
    PeriodInvalid,
    /// A period that ends before it starts.
    PeriodBackwards,
    /// A period longer than five years.
    PeriodTooLong,
    /// A population that is not a whole number from 1 to 10,000,000.
    PopulationInvalid,
    /// Village populations that add up to more than the commune's.
    PopulationVillagesExceed,
    /// Results that staff have not published yet.
    ResultsNotPublished,
    /// An outbox idempotency key that is not 16 to 64 letters, digits, `-`, `_`.
    IdempotencyKeyInvalid,
    /// An idempotency key sent again with other content than the first time.
    IdempotencyKeyReused,
    /// A queued report written while another account was signed in.
    DraftOfAnotherAccount,
    /// An announcement without a title.
    AnnouncementTitleMissing,
    /// An announcement without its text.
    AnnouncementBodyMissing,
    /// Not `alert`, `notice` or `event`.
    UnknownAnnouncementKind,
    /// An expiry that is not after now.
    ExpiryInPast,
    /// No announcement of this commune has this id.
    UnknownAnnouncement,
    /// A push endpoint that is not an https address of a known push service.
    PushEndpointInvalid,
    /// A push subscription whose `p256dh` or `auth` key is not a valid key.
    PushKeysInvalid,
    /// A push topic choice that is not one of those offered.
    UnknownPushTopic,
    /// A request to a server function without a required field, or with a field of the wrong shape.
    RequestMalformed,
    /// A picture wider or taller than 6000 pixels, or of more than 24 megapixels.
    PhotoDimensions,
    /// A voice note that is not Opus audio in WebM or Ogg, or cannot be read to its end.
    VoiceInvalid,
    /// A voice note over 1 MB.
    VoiceTooLarge,
    /// A voice note over 60 seconds.
    VoiceTooLong,
}

/// What is wrong with one field of a form or of one line of a CSV file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The CSV line (1 is the header); 0 for a form.
    pub line: u32,
    /// The field's name, which is also its CSV column.
    pub field: String,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400 Bad Request, or 404 when the input names something that does not exist
    /// (see `status`): the input was refused and nothing changed.
    #[error("invalid input: {0:?}")]
    Invalid(Problem),
    /// 400 Bad Request: several fields (or lines of a file) are wrong; each is
    /// named. `more` counts the problems left out of a long report.
    #[error("invalid fields: {problems:?}")]
    Fields {
        problems: Vec<FieldProblem>,
        more: u32,
    },
    /// 401 Unauthorized: sign in first.
    #[error("not signed in")]
    Unauthenticated,
    /// 403 Forbidden: signed in, but the policy does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// 429 Too Many Requests: too many failed attempts; try again in `minutes`.
    #[error("too many attempts")]
    TooManyAttempts { minutes: i64 },
    /// 404 Not Found.
    #[error("not found")]
    NotFound,
    /// 503 Service Unavailable: the database cannot be reached right now.
    #[error("service unavailable")]
    Unavailable,
    /// 500 Internal Server Error: logged on the server, "try again" for the user.
    #[error("internal error")]
    Internal,
    /// The request did not complete (network, decoding); only seen in the browser.
    #[error("request failed: {0}")]
    Request(String),
}

impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Invalid(
                Problem::UnknownCommune
                | Problem::UnknownProvince
                | Problem::UnknownEntry
                | Problem::UnknownTemplate
                | Problem::UnknownApiKey
                | Problem::NothingToHide
                | Problem::NothingToShow
                | Problem::UnknownSurvey
                | Problem::UnknownAnnouncement,
            ) => StatusCode::NOT_FOUND,
            AppError::Invalid(
                Problem::PhoneTaken
                | Problem::AlreadyAppointed
                | Problem::VillageTaken
                | Problem::IllegalTransition
                | Problem::ReopenTooLate
                | Problem::AlreadyRated
                | Problem::CategoryTaken
                | Problem::CategoryInUse
                | Problem::LastCategory
                | Problem::SurveyNotOpen
                | Problem::SurveyAlreadyAnswered
                | Problem::SurveyLocked
                | Problem::IdempotencyKeyReused,
            ) => StatusCode::CONFLICT,
            AppError::Invalid(
                Problem::SurveyNotForYou
                | Problem::ResultsNotPublished
                | Problem::DraftOfAnotherAccount,
            ) => StatusCode::FORBIDDEN,
            AppError::Invalid(Problem::WrongCredentials) => StatusCode::UNAUTHORIZED,
            AppError::Invalid(
                Problem::CsvTooLarge | Problem::PhotoTooLarge | Problem::VoiceTooLarge,
            ) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) | AppError::Fields { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::Request(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl AppError {
    /// The problems of a form or file, the first `limit` of them kept.
    pub fn fields(mut problems: Vec<FieldProblem>, limit: usize) -> AppError {
        let more = problems.len().saturating_sub(limit) as u32;
        problems.truncate(limit);
        AppError::Fields { problems, more }
    }
}

impl From<Problem> for AppError {
    fn from(problem: Problem) -> Self {
        AppError::Invalid(problem)
    }
}

/// Whether the current request is a browser's form post (it asks for HTML),
/// which is answered with a redirect rather than the result.
#[cfg(feature = "ssr")]
pub fn from_browser_form() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server, arguments that cannot be read (a field missing, or of
        // the wrong shape) are the client's mistake: a translated 400 and
        // nothing done, never a 500. (A browser's own form posts always send
        // every field; Leptos sends those back to the page they came from.)
        #[cfg(feature = "ssr")]
        if matches!(
            value,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_)
        ) {
            let error = AppError::Invalid(Problem::RequestMalformed);
            return if from_browser_form() {
                error
            } else {
                error.with_status()
            };
        }
        AppError::Request(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            // The pool could not hand out a connection: the database is down or
            // overloaded. The user is told to try again; health checks say 503.
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => {
                tracing::warn!(%error, "database unavailable");
                AppError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets the HTTP status of the response being built (a server function's or a
    /// page's) to match this error, then hands the error back.
    pub fn with_status(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(AppError::Invalid(Problem::SearchTooLong).status(), 400);
        assert_eq!(AppError::Invalid(Problem::UnknownCommune).status(), 404);
        assert_eq!(AppError::Unavailable.status(), 503);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::TooManyAttempts { minutes: 3 }.status(), 429);
        assert_eq!(AppError::Invalid(Problem::PhoneTaken).status(), 409);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn crosses_the_wire_as_json() {
        let error = AppError::Invalid(Problem::MalformedCommuneCode);
        let back = AppError::de(error.ser());
        assert_eq!(back, error);
    }
}
