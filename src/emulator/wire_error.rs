//! An error as Lambda puts it on the wire: its HTTP status, the `x-amzn-ErrorType` header and
//! the JSON body with the member casing each error type has.

use crate::policy::{AwsError, ErrorType};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub fn status(error_type: ErrorType) -> u16 {
    match error_type {
        ErrorType::Validation
        | ErrorType::InvalidParameterValue
        | ErrorType::PolicyLengthExceeded
        | ErrorType::PublicPolicy
        | ErrorType::SerializationException
        | ErrorType::InvalidRequestContent
        | ErrorType::UnknownOperation
        | ErrorType::CodeStorageExceeded => 400,
        ErrorType::AccessDenied
        | ErrorType::InvalidSignature
        | ErrorType::IncompleteSignature
        | ErrorType::MissingAuthenticationToken
        | ErrorType::UnrecognizedClient
        | ErrorType::ExpiredToken => 403,
        ErrorType::ResourceNotFound => 404,
        ErrorType::ResourceConflict => 409,
        ErrorType::PreconditionFailed => 412,
        ErrorType::RequestTooLarge => 413,
        ErrorType::TooManyRequests => 429,
        ErrorType::Service => 500,
    }
}

/// The model names the message member `Message` for some errors and `message` for others.
fn capitalised_message(error_type: ErrorType) -> bool {
    matches!(
        error_type,
        ErrorType::ResourceNotFound
            | ErrorType::PublicPolicy
            | ErrorType::Service
            | ErrorType::AccessDenied
            | ErrorType::RequestTooLarge
    )
}

/// Whether the body carries `"Type":"User"` (the framework's errors do not).
fn has_type_member(error_type: ErrorType) -> bool {
    !matches!(
        error_type,
        ErrorType::Validation
            | ErrorType::InvalidSignature
            | ErrorType::IncompleteSignature
            | ErrorType::MissingAuthenticationToken
            | ErrorType::UnrecognizedClient
            | ErrorType::ExpiredToken
            | ErrorType::SerializationException
            | ErrorType::UnknownOperation
    )
}

/// The JSON body, with the member casing of real AWS.
pub fn body_json(error: &AwsError) -> String {
    let key = if capitalised_message(error.error_type) {
        "Message"
    } else {
        "message"
    };
    let mut body = serde_json::Map::new();
    if has_type_member(error.error_type) {
        body.insert("Type".into(), "User".into());
    }
    if error.error_type == ErrorType::TooManyRequests {
        body.insert("Reason".into(), "CallerRateLimitExceeded".into());
    }
    body.insert(key.into(), error.message.clone().into());
    serde_json::Value::Object(body).to_string()
}

/// The whole answer.
pub fn error_response(error: &AwsError) -> Response {
    let status = StatusCode::from_u16(status(error.error_type)).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, body_json(error)).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    if let Ok(v) = HeaderValue::from_str(error.error_type.code()) {
        headers.insert("x-amzn-ErrorType", v);
    }
    if error.error_type == ErrorType::TooManyRequests {
        headers.insert("Retry-After", HeaderValue::from_static("1"));
    }
    response
}
