//! STS as a fleet needs it, on the same endpoint (`AWS_ENDPOINT_URL_STS`): `GetCallerIdentity`
//! and `AssumeRole` into a role the fleet defines (`OrganizationAccountAccessRole` and those of
//! `serve --roles`) in any account it serves, in the query protocol with XML answers, with the
//! model's constraints on RoleSessionName and DurationSeconds. An assumed role's keys then sign
//! as the account, with their session token, until they expire.

use super::auth::KeyPair;
use super::caller::{AssumedSession, Caller, Fleet};
use crate::policy::AwsError;
use crate::policy::aws_error::messages;
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
        Some(_) if !fleet.sts_admits(&caller.account_id) => {
            error(400, "Throttling", messages::STS_RATE_EXCEEDED)
        }
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

/// The role's MaxSessionDuration: IAM's default, which a role of the fleet keeps.
const MAX_SESSION_SECONDS: i64 = 3600;
/// AssumeRole's bounds on DurationSeconds, from the STS model.
const DURATION_SECONDS: std::ops::RangeInclusive<i64> = 900..=43_200;

/// A ValidationError listing one constraint, worded as STS words it.
fn invalid(value: &str, member: &str, constraint: &str) -> Response {
    error(
        400,
        "ValidationError",
        &format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must {constraint}"
        ),
    )
}

/// RoleSessionName as the STS model constrains it: 2 to 64 of `[\w+=,.@-]`.
fn session_name_refused(name: &str) -> Option<Response> {
    let length = name.chars().count();
    if length < 2 {
        return Some(invalid(
            name,
            "roleSessionName",
            "have length greater than or equal to 2",
        ));
    }
    if length > 64 {
        return Some(invalid(
            name,
            "roleSessionName",
            "have length less than or equal to 64",
        ));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
    (!name.chars().all(allowed)).then(|| {
        invalid(
            name,
            "roleSessionName",
            "satisfy regular expression pattern: [\\w+=,.@-]*",
        )
    })
}

/// How long the session lasts: DurationSeconds within the model's bounds and the role's
/// MaxSessionDuration, or the default hour.
fn session_seconds(params: &HashMap<String, String>) -> Result<i64, Box<Response>> {
    let Some(text) = params.get("DurationSeconds") else {
        return Ok(SESSION.whole_seconds());
    };
    let Ok(seconds) = text.parse::<i64>() else {
        return Err(Box::new(invalid(text, "durationSeconds", "be an integer")));
    };
    if seconds < *DURATION_SECONDS.start() {
        return Err(Box::new(invalid(
            text,
            "durationSeconds",
            "have value greater than or equal to 900",
        )));
    }
    if seconds > *DURATION_SECONDS.end() {
        return Err(Box::new(invalid(
            text,
            "durationSeconds",
            "have value less than or equal to 43200",
        )));
    }
    if seconds > MAX_SESSION_SECONDS {
        return Err(Box::new(error(
            400,
            "ValidationError",
            messages::DURATION_EXCEEDS_MAX_SESSION,
        )));
    }
    Ok(seconds)
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
    if let Some(refused) = session_name_refused(session) {
        return refused;
    }
    let seconds = match session_seconds(params) {
        Ok(seconds) => seconds,
        Err(refused) => return *refused,
    };
    let Some((account, role)) = crate::policy::arn::role_of_arn(role_arn) else {
        return error(
            400,
            "ValidationError",
            &format!("{} is not a role ARN", crate::xml::escape(role_arn)),
        );
    };
    if !fleet.serves(&account) || !fleet.has_role(&role) {
        return error(
            403,
            "AccessDenied",
            &messages::not_authorized_to_assume(&caller.arn, role_arn),
        );
    }
    let mut pair = KeyPair::generate();
    pair.access_key_id = format!("ASIA{}", &pair.access_key_id[4..]);
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let expires_at = time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds);
    let expires = expires_at
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
        session: Some(AssumedSession {
            token,
            expires: expires_at.into(),
        }),
    });
    xml_response(StatusCode::OK, body)
}
