//! How the endpoint has been answering: what the header's dot says. A leaf, read by the app
//! and set from each answer.

/// How the endpoint has been answering, as the last answer tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Answering,
    /// It answers, with failures of its own (5xx).
    Failing,
    /// No answer at all.
    Unreachable,
}
