//! Turns an HTTP answer into a typed value or a [`LambdaError`]: the error type from
//! `x-amzn-ErrorType` or the body, the message from `message` or `Message`, and anything that is
//! not AWS-shaped reported with its status and first bytes.

use super::error::{AwsFailure, LambdaError};
use crate::policy::ErrorType;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// What came back, before interpretation.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub error_type: Option<String>,
    pub request_id: Option<String>,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

const SNIPPET: usize = 120;

fn first_bytes(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET)]);
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// botocore keeps the text before `:` and after the last `#` of the error type.
fn clean_code(raw: &str) -> String {
    let before_colon = raw.split_once(':').map_or(raw, |(code, _)| code);
    before_colon
        .rsplit('#')
        .next()
        .unwrap_or(before_colon)
        .trim()
        .to_string()
}

/// `Retry-After` in seconds; anything that is not a finite, non-negative number is ignored
/// (a proxy may send anything), and a day is the most honoured.
fn retry_after_seconds(value: &str) -> Option<Duration> {
    let seconds = value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)?;
    Duration::try_from_secs_f64(seconds.min(86_400.0)).ok()
}

impl RawResponse {
    /// This answer as one that is not Lambda's: its status and first bytes.
    pub(crate) fn malformed(&self) -> LambdaError {
        LambdaError::Malformed {
            status: self.status,
            content_type: self.content_type.clone(),
            first_bytes: first_bytes(&self.body),
            request_id: self.request_id.clone(),
        }
    }

    /// The error this response carries (call only for non-2xx statuses).
    pub fn into_error(self) -> LambdaError {
        let body: Option<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(&self.body)
                .ok()
                .and_then(|v: serde_json::Value| v.as_object().cloned());
        let body_field = |name: &str| {
            body.as_ref()
                .and_then(|b| b.get(name))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let code = self
            .error_type
            .as_deref()
            .map(clean_code)
            .or_else(|| body_field("__type").map(|t| clean_code(&t)))
            .or_else(|| body_field("code"))
            .or_else(|| body_field("Code"));
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            return self.malformed();
        };
        if body.is_none() && !self.body.is_empty() {
            return self.malformed();
        }
        let message = body_field("message")
            .or_else(|| body_field("Message"))
            .unwrap_or_default();
        LambdaError::Aws(AwsFailure {
            known: ErrorType::from_code(&code),
            code,
            message,
            request_id: self.request_id,
            status: self.status,
            retry_after: self.retry_after.as_deref().and_then(retry_after_seconds),
        })
    }

    /// The typed body of a successful answer, leaving the answer as it is.
    pub fn clone_json<T: DeserializeOwned>(&self) -> Result<T, LambdaError> {
        serde_json::from_slice(&self.body).map_err(|_| self.malformed())
    }

    /// The typed body of a successful answer.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, LambdaError> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(_) => Err(self.malformed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, error_type: Option<&str>, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some("application/json".into()),
            error_type: error_type.map(str::to_string),
            request_id: Some("rid-1".into()),
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn error_type_comes_from_the_header_then_the_body() {
        let e = raw(
            404,
            Some("ResourceNotFoundException:http://internal.amazon.com/x"),
            r#"{"Type":"User","Message":"gone"}"#,
        )
        .into_error();
        let a = e.aws().unwrap();
        assert_eq!(
            (a.code.as_str(), a.message.as_str(), a.known),
            (
                "ResourceNotFoundException",
                "gone",
                Some(ErrorType::ResourceNotFound)
            )
        );
        let e = raw(
            409,
            None,
            r#"{"__type":"aws#ResourceConflictException","message":"dup"}"#,
        )
        .into_error();
        assert_eq!(e.aws().unwrap().code, "ResourceConflictException");
        assert_eq!(e.request_id(), Some("rid-1"));
    }

    #[test]
    fn any_retry_after_value_is_read_safely() {
        for (value, expected) in [
            ("2", Some(2.0)),
            ("0.5", Some(0.5)),
            ("-1", None),
            ("inf", None),
            ("NaN", None),
            ("1e20", Some(86_400.0)),
            ("soon", None),
        ] {
            let mut r = raw(
                429,
                Some("TooManyRequestsException"),
                r#"{"message":"Rate exceeded"}"#,
            );
            r.retry_after = Some(value.into());
            let got = r
                .into_error()
                .aws()
                .unwrap()
                .retry_after
                .map(|d| d.as_secs_f64());
            assert_eq!(got, expected, "{value}");
        }
    }

    #[test]
    fn non_aws_answers_name_the_status_and_show_the_first_bytes() {
        let mut r = raw(502, None, "<html><body>Bad Gateway</body></html>");
        r.content_type = Some("text/html".into());
        let text = r.into_error().to_string();
        assert!(
            text.contains("HTTP 502") && text.contains("<html><body>Bad Gateway"),
            "{text}"
        );
        let truncated = raw(200, None, r#"{"Functions":[{"FunctionName":"#)
            .json::<serde_json::Value>()
            .unwrap_err();
        assert!(matches!(
            truncated,
            LambdaError::Malformed { status: 200, .. }
        ));
    }
}
