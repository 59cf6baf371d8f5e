//! Errors of the client, written for the person who reads them. No credential ever appears.

use crate::policy::ErrorType;
use crate::printable::line;
use std::time::Duration;

/// An error Lambda answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsFailure {
    /// The `x-amzn-ErrorType` (or body `__type`/`code`) value, as sent.
    pub code: String,
    pub known: Option<ErrorType>,
    pub message: String,
    pub request_id: Option<String>,
    pub status: u16,
    pub retry_after: Option<Duration>,
}

impl AwsFailure {
    pub fn is(&self, error_type: ErrorType) -> bool {
        self.known == Some(error_type)
    }

    pub fn is_retryable(&self) -> bool {
        self.status == 429
            || self.is(ErrorType::TooManyRequests)
            || (500..600).contains(&self.status)
    }

    /// Whether Lambda itself gave this answer: an error type it defines and its request id. A
    /// proxy in front of it (a 502 or 504 of a load balancer) gives neither.
    pub fn from_lambda(&self) -> bool {
        self.known.is_some() && self.request_id.is_some()
    }
}

/// What went wrong with a call. What the endpoint sent is shown on one line, escaped: it may be
/// anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LambdaError {
    #[error("{}", aws_text(.0))]
    Aws(AwsFailure),
    /// The answer was not an AWS-shaped response (a proxy's HTML page, truncated JSON...).
    #[error(
        "HTTP {status} with a response that is not from Lambda ({}): \"{}\"",
        line(content_type.as_deref().unwrap_or("no content type")),
        line(first_bytes)
    )]
    Malformed {
        status: u16,
        content_type: Option<String>,
        first_bytes: String,
        request_id: Option<String>,
    },
    /// The request could not be sent or the answer not received; `sent` says whether the
    /// request may have reached the server.
    #[error("network error: {message}")]
    Transport { message: String, sent: bool },
    #[error("no answer within {} s", after.as_secs_f32())]
    Timeout { after: Duration },
    #[error("{0}")]
    Credentials(String),
    #[error("{0}")]
    Config(String),
    /// Retries ran out; the last failure is kept.
    #[error("{last} (gave up after {attempts} attempts)")]
    RetriesExhausted {
        attempts: u32,
        last: Box<LambdaError>,
    },
    /// A write whose outcome could not be established.
    #[error("{0}")]
    UnknownOutcome(String),
    /// A 3xx: Lambda never redirects, so the endpoint is not Lambda (or not only Lambda). The
    /// redirect is not followed: it would carry the signed request elsewhere.
    #[error(
        "the endpoint answered a redirect (HTTP {status}) to {location}, which Lambda never does: the request was not sent there; check the endpoint"
    )]
    Redirect { status: u16, location: String },
    /// An answer longer than Lambda ever sends; reading stopped at `limit` bytes.
    #[error(
        "HTTP {status} with an answer longer than {} MiB, far more than Lambda ever sends: reading stopped",
        limit / (1024 * 1024)
    )]
    TooLarge { status: u16, limit: usize },
    /// A listing whose markers never end.
    #[error("the listing was stopped: {0}")]
    EndlessListing(String),
    /// A write that was not this command's: the policy shows another writer's change.
    #[error("{0}")]
    OtherWriter(String),
    /// Something this program needs could not be started (the demo's emulator).
    #[error("{0}")]
    Unavailable(String),
    /// A write asked of a read-only connection: it was not sent.
    #[error(
        "read-only mode (--read-only): {} would change the account, so nothing was sent; run without --read-only to write",
        line(request)
    )]
    ReadOnly { request: String },
}

fn aws_text(a: &AwsFailure) -> String {
    let mut text = format!("{} ({}): {}", line(&a.code), a.status, line(&a.message));
    if let Some(id) = &a.request_id {
        text.push_str(&format!(" [request id {}]", line(id)));
    }
    text
}

impl LambdaError {
    pub fn aws(&self) -> Option<&AwsFailure> {
        match self {
            LambdaError::Aws(f) => Some(f),
            LambdaError::RetriesExhausted { last, .. } => last.aws(),
            _ => None,
        }
    }

    /// Nothing answered: the endpoint could not be reached, or went silent.
    pub fn is_unreachable(&self) -> bool {
        match self {
            LambdaError::Transport { .. } | LambdaError::Timeout { .. } => true,
            LambdaError::RetriesExhausted { last, .. } => last.is_unreachable(),
            _ => false,
        }
    }

    /// Whether the endpoint answered, but with a failure of its own (a 5xx, or a page that is
    /// not Lambda's): it is there, and not working.
    pub fn is_server_failure(&self) -> bool {
        match self {
            LambdaError::Aws(failure) => failure.status >= 500,
            LambdaError::Malformed { status, .. } => *status >= 500,
            LambdaError::RetriesExhausted { last, .. } => last.is_server_failure(),
            _ => false,
        }
    }

    pub fn is_aws(&self, error_type: ErrorType) -> bool {
        self.aws().is_some_and(|f| f.is(error_type))
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            LambdaError::Aws(f) => f.request_id.as_deref(),
            LambdaError::Malformed { request_id, .. } => request_id.as_deref(),
            LambdaError::RetriesExhausted { last, .. } => last.request_id(),
            _ => None,
        }
    }

    /// Whether retrying the same call may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            LambdaError::Aws(f) => f.is_retryable(),
            LambdaError::Transport { .. } | LambdaError::Timeout { .. } => true,
            LambdaError::Malformed { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// Whether a write may have been applied though no answer says so. An error Lambda
    /// answered itself (a 5xx `ServiceException` with its request id too) says the request
    /// failed, as the AWS SDKs take it when they retry a write after one; a dropped connection,
    /// a timeout or a proxy's 5xx say nothing.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            LambdaError::Transport { sent, .. } => *sent,
            LambdaError::Timeout { .. } => true,
            LambdaError::Aws(f) => f.status >= 500 && !f.from_lambda(),
            LambdaError::Malformed { status, .. } | LambdaError::TooLarge { status, .. } => {
                *status >= 500 || *status < 400
            }
            _ => false,
        }
    }
}
