//! The life of a report: `new → acknowledged → in_progress → resolved → closed`,
//! or closed early as `not_responsible`, `duplicate` or `rejected`. A resolved
//! report goes back to `in_progress` when its reporter says "not yet" within 14
//! days, and is `closed` when they say it is fixed. Every change goes through
//! `transition`, so an illegal one is refused in one place.

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::i18n::Texts;

/// How long after "resolved" the reporter may say "not yet".
pub const REOPEN_WINDOW_MS: i64 = 14 * 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    New,
    Acknowledged,
    InProgress,
    Resolved,
    /// The reporter confirmed the fix.
    Closed,
    /// Not the commune's to fix; referred to someone else.
    NotResponsible,
    /// The same problem as another report.
    Duplicate,
    /// Spam or abuse.
    Rejected,
}

impl Status {
    /// The status as residents read it, in the language of `t`.
    pub fn name(self, t: &Texts) -> &'static str {
        match self {
            Status::New => t.rep_status_new,
            Status::Acknowledged => t.rep_status_acknowledged,
            Status::InProgress => t.rep_status_in_progress,
            Status::Resolved => t.rep_status_resolved,
            Status::Closed => t.rep_status_closed,
            Status::NotResponsible => t.rep_status_not_responsible,
            Status::Duplicate => t.rep_status_duplicate,
            Status::Rejected => t.rep_status_rejected,
        }
    }
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::New,
        Status::Acknowledged,
        Status::InProgress,
        Status::Resolved,
        Status::Closed,
        Status::NotResponsible,
        Status::Duplicate,
        Status::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Acknowledged => "acknowledged",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::NotResponsible => "not_responsible",
            Status::Duplicate => "duplicate",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// Staff still have to act on it.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::New | Status::Acknowledged | Status::InProgress
        )
    }

    /// Open311's two states.
    pub fn open311(self) -> &'static str {
        if self.is_open() { "open" } else { "closed" }
    }
}

/// What someone does to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Acknowledge,
    StartWork,
    Resolve,
    NotResponsible,
    Duplicate,
    Reject,
    /// The reporter: "not fixed yet".
    Reopen,
    /// The reporter: "it is fixed".
    Confirm,
}

impl Step {
    /// Whether the reporter (rather than staff) takes this step.
    pub fn by_reporter(self) -> bool {
        matches!(self, Step::Reopen | Step::Confirm)
    }
}

/// The status after `step` on a report in `status`, or `IllegalTransition`.
/// `since_resolved_ms` is how long ago it was resolved (for reopening).
pub fn transition(
    status: Status,
    step: Step,
    since_resolved_ms: Option<i64>,
) -> Result<Status, Problem> {
    use Status::*;
    let next = match (status, step) {
        (New, Step::Acknowledge) => Acknowledged,
        (New | Acknowledged, Step::StartWork) => InProgress,
        (New | Acknowledged | InProgress, Step::Resolve) => Resolved,
        (New | Acknowledged | InProgress, Step::NotResponsible) => NotResponsible,
        (New | Acknowledged | InProgress, Step::Duplicate) => Duplicate,
        (New | Acknowledged | InProgress, Step::Reject) => Rejected,
        (Resolved, Step::Reopen) => match since_resolved_ms {
            Some(since) if (0..=REOPEN_WINDOW_MS).contains(&since) => InProgress,
            _ => return Err(Problem::ReopenTooLate),
        },
        (Resolved, Step::Confirm) => Closed,
        _ => return Err(Problem::IllegalTransition),
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_path() {
        let mut status = Status::New;
        for step in [
            Step::Acknowledge,
            Step::StartWork,
            Step::Resolve,
            Step::Confirm,
        ] {
            status = transition(status, step, Some(0)).unwrap();
        }
        assert_eq!(status, Status::Closed);
    }

    #[test]
    fn not_yet_reopens_within_fourteen_days() {
        assert_eq!(
            transition(Status::Resolved, Step::Reopen, Some(86_400_000)),
            Ok(Status::InProgress)
        );
        assert_eq!(
            transition(Status::Resolved, Step::Reopen, Some(REOPEN_WINDOW_MS + 1)),
            Err(Problem::ReopenTooLate)
        );
    }

    #[test]
    fn illegal_steps_are_refused() {
        for (status, step) in [
            (Status::Acknowledged, Step::Acknowledge),
            (Status::Resolved, Step::Resolve),
            (Status::Closed, Step::Reopen),
            (Status::Rejected, Step::StartWork),
            (Status::Duplicate, Step::Resolve),
            (Status::New, Step::Confirm),
            (Status::InProgress, Step::Reopen),
        ] {
            assert_eq!(
                transition(status, step, Some(0)),
                Err(Problem::IllegalTransition),
                "{status:?} {step:?}"
            );
        }
    }

    #[test]
    fn codes_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.code()), Some(status));
        }
        assert_eq!(Status::Resolved.open311(), "closed");
        assert_eq!(Status::InProgress.open311(), "open");
    }
}
