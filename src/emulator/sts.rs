//! STS as a fleet needs it, on the same endpoint (`AWS_ENDPOINT_URL_STS`): `GetCallerIdentity`
//! and `AssumeRole` into a role of any account the fleet serves, in the query protocol with
//! XML answers, as the STS model has them. An assumed role's keys are then the account's.

use super::auth::KeyPair;
use super::fleet::{Caller, Fleet};
use crate::policy::AwsError;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// How long assumed credentials last (AssumeRole's default).
const SESSION: time::Duration = time::Duration::hours(1);

fn xml_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/xml"));
    response
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// An STS error: `<ErrorResponse>` with the error's type, code and message.
pub fn error(status: u16, code: &str, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let kind = if status.is_server_error() {
        "Receiver"
    } else {
        "Sender"
    };
    xml_response(
        status,
        format!(
            "<ErrorResponse xmlns=\"{NAMESPACE}\"><Error><Type>{kind}</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
            crate::xml::escape(code),
            crate::xml::escape(message),
            request_id()
        ),
    )
}

/// A Lambda-shaped refusal (a bad signature) said the STS way.
pub fn refusal(error: &AwsError) -> Response {
    let code = error.error_type.code().trim_end_matches("Exception");
    self::error(403, code, &error.message)
}

/// Answers an STS request from `caller`.
pub fn answer(fleet: &Fleet, caller: &Caller, body: &[u8]) -> Response {
    let params: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    match params.get("Action").map(String::as_str) {
        Some("GetCallerIdentity") => xml_response(
            StatusCode::OK,
            format!(
                "<GetCallerIdentityResponse xmlns=\"{NAMESPACE}\"><GetCallerIdentityResult><Arn>{}</Arn><UserId>{}</UserId><Account>{}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
                crate::xml::escape(&caller.arn),
                crate::xml::escape(&caller.pair.access_key_id),
                caller.account_id,
                request_id()
            ),
        ),
        Some("AssumeRole") => assume_role(fleet, caller, &params),
        Some(other) => error(
            400,
            "InvalidAction",
            &format!("Could not find operation {other} for version 2011-06-15"),
        ),
        None => error(400, "MissingAction", "Missing Action"),
    }
}

fn assume_role(fleet: &Fleet, caller: &Caller, params: &HashMap<String, String>) -> Response {
    let (Some(role_arn), Some(session)) = (params.get("RoleArn"), params.get("RoleSessionName"))
    else {
        return error(
            400,
            "ValidationError",
            "1 validation error detected: RoleArn and RoleSessionName must not be null",
        );
    };
    let parts: Vec<&str> = role_arn.split(':').collect();
    let (account, role) = match parts.as_slice() {
        ["arn", "aws", "iam", "", account, resource] => match resource.strip_prefix("role/") {
            Some(role) if !role.is_empty() => (account.to_string(), role.to_string()),
            _ => {
                return error(
                    400,
                    "ValidationError",
                    &format!("{role_arn} is not a role ARN"),
                );
            }
        },
        _ => {
            return error(
                400,
                "ValidationError",
                &format!("{role_arn} is not a role ARN"),
            );
        }
    };
    if !fleet.serves(&account) {
        return error(
            403,
            "AccessDenied",
            &format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                caller.arn
            ),
        );
    }
    let mut pair = KeyPair::generate();
    pair.access_key_id = format!("ASIA{}", &pair.access_key_id[4..]);
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let expires = (time::OffsetDateTime::now_utc() + SESSION)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let arn = format!("arn:aws:sts::{account}:assumed-role/{role}/{session}");
    let body = format!(
        "<AssumeRoleResponse xmlns=\"{NAMESPACE}\"><AssumeRoleResult><Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey><SessionToken>{token}</SessionToken><Expiration>{expires}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA{}:{}</AssumedRoleId><Arn>{}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></AssumeRoleResponse>",
        pair.access_key_id,
        pair.secret_access_key,
        &pair.access_key_id[4..],
        crate::xml::escape(session),
        crate::xml::escape(&arn),
        request_id()
    );
    fleet.admit(Caller {
        account_id: account,
        pair,
        arn,
    });
    xml_response(StatusCode::OK, body)
}
