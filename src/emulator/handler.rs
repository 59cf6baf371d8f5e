//! What every route of the emulator shares: the state it serves, reading the account,
//! changing it (saved first when there is a state file), answering, and dropping a connection
//! on cue.

use super::account::Account;
use super::auth::AuthMode;
use super::faults::Faults;
use super::store::StateFile;
pub use super::wire_error::error_response;
use crate::policy::aws_error::messages;
use crate::policy::{AwsError, ErrorType};
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// A request body read as the JSON `T`: what is not answers InvalidRequestContentException.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AwsError> {
    serde_json::from_slice(body).map_err(|e| {
        AwsError::new(
            ErrorType::InvalidRequestContent,
            messages::unparsable_body(e),
        )
    })
}

/// The largest request body accepted; AddPermission bodies are a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub fn no_content(result: Result<(), AwsError>) -> Response {
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error_response(&error),
    }
}

pub fn maybe_drop(shared: &Shared, mut response: Response) -> Response {
    if response.status().is_success() && shared.faults.drop_after_write() {
        response.extensions_mut().insert(DropConnection);
    }
    response
}

/// Applies a write, persists it, and maybe drops the connection instead of answering.
pub fn write<T>(
    shared: &Shared,
    apply: impl FnOnce(&mut Account) -> Result<T, AwsError>,
) -> Result<T, AwsError> {
    let mut account = shared.account();
    let Some(state_file) = &shared.state_file else {
        // Operations change nothing before they succeed, so in memory the change applies directly.
        return apply(&mut account);
    };
    // With a state file the change counts only once saved: it is made on a copy.
    let mut next = account.clone();
    let out = apply(&mut next)?;
    state_file.save(&next).map_err(|e| {
        tracing::error!(error = %e, "state not saved");
        AwsError::new(ErrorType::Service, messages::STATE_NOT_SAVED)
    })?;
    *account = next;
    Ok(out)
}

/// Answers a read with what `operation` finds in the account.
pub fn read(
    shared: &Shared,
    operation: impl FnOnce(&Account) -> Result<Value, AwsError>,
) -> Response {
    answer(operation(&shared.account()), StatusCode::OK)
}

impl Shared {
    /// The account, even after a handler panicked while holding it (its data is still whole:
    /// operations change nothing before they succeed).
    pub fn account(&self) -> std::sync::MutexGuard<'_, Account> {
        self.account
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub fn param<'a>(params: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    params.get(name).map(String::as_str)
}

pub fn answer(result: Result<Value, AwsError>, status: StatusCode) -> Response {
    match result {
        Ok(body) => json_response(status, &body),
        Err(error) => error_response(&error),
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    response
}

pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub type Params = Query<HashMap<String, String>>;

/// Marks a response whose connection must be dropped instead of answered.
#[derive(Clone, Copy)]
pub struct DropConnection;

pub struct Shared {
    pub account: Mutex<Account>,
    pub auth: AuthMode,
    pub faults: Faults,
    pub state_file: Option<StateFile>,
    /// How long a client may take to send a request's body once its head has arrived.
    pub body_read_timeout: Duration,
    /// Lambda's request quota of this account and region (`serve --rate-limit`), when enforced.
    pub quota: Option<super::quota::Quota>,
}
