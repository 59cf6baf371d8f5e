//! AWS Organizations as the emulator's accounts form one: `DescribeOrganization` and
//! `ListAccounts` (JSON 1.1, `X-Amz-Target: AWSOrganizationsV20161128.<Operation>`, signed for
//! `organizations` like every other request), as botocore's model shapes them. A fleet's first
//! account is the management account; only it may list the accounts, as AWS allows only the
//! management account (or a delegated administrator).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The organisation every emulator serves: the one the demo's grants name.
pub const ORGANIZATION_ID: &str = "o-a1b2c3d4e5";
const TARGET_PREFIX: &str = "AWSOrganizationsV20161128.";
/// ListAccounts' MaxResults bounds (botocore: 1 to 20).
const MAX_RESULTS: u64 = 20;

/// The organisation as the emulator holds it.
pub struct OrganizationView<'a> {
    /// The management account first, then the members.
    pub accounts: &'a [String],
}

fn json_response(status: StatusCode, body: Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    response
}

/// An Organizations error: HTTP 400 and `{"__type", "Message"}`, as the JSON protocol answers.
pub fn error(code: &str, message: &str) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        json!({"__type": code, "Message": message}),
    )
}

fn organization_arn(management: &str) -> String {
    format!("arn:aws:organizations::{management}:organization/{ORGANIZATION_ID}")
}

/// Answers one Organizations request from `caller_account`.
pub fn answer(
    view: &OrganizationView<'_>,
    caller_account: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Response {
    let target = headers
        .iter()
        .find(|(n, _)| n == "x-amz-target")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let Some(management) = view.accounts.first() else {
        return error(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
        );
    };
    if !view.accounts.iter().any(|a| a == caller_account) {
        return error(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization.",
        );
    }
    let input: Value = match serde_json::from_slice(body) {
        Ok(Value::Object(members)) => Value::Object(members),
        _ if body.is_empty() => json!({}),
        _ => {
            return error(
                "SerializationException",
                "The request body is not a JSON object.",
            );
        }
    };
    match target.strip_prefix(TARGET_PREFIX) {
        Some("DescribeOrganization") => json_response(
            StatusCode::OK,
            json!({"Organization": {
                "Id": ORGANIZATION_ID,
                "Arn": organization_arn(management),
                "FeatureSet": "ALL",
                "MasterAccountArn": format!("arn:aws:organizations::{management}:account/{ORGANIZATION_ID}/{management}"),
                "MasterAccountId": management,
                "MasterAccountEmail": format!("management+{management}@example.com"),
                "AvailablePolicyTypes": [],
            }}),
        ),
        Some("ListAccounts") if caller_account != management => error(
            "AccessDeniedException",
            "You don't have permissions to access this resource.",
        ),
        Some("ListAccounts") => list_accounts(view, management, &input),
        _ => error(
            "UnknownOperationException",
            &format!("Unknown operation {target}"),
        ),
    }
}

fn list_accounts(view: &OrganizationView<'_>, management: &str, input: &Value) -> Response {
    let page = match &input["MaxResults"] {
        Value::Null => MAX_RESULTS,
        Value::Number(n) if n.as_u64().is_some_and(|n| (1..=MAX_RESULTS).contains(&n)) => {
            n.as_u64().unwrap_or(MAX_RESULTS)
        }
        _ => {
            return error(
                "InvalidInputException",
                "MaxResults must be a number from 1 to 20.",
            );
        }
    } as usize;
    let start = match &input["NextToken"] {
        Value::Null => 0,
        Value::String(token) => match token.strip_prefix("page-").and_then(|n| n.parse().ok()) {
            Some(start) if start < view.accounts.len() => start,
            _ => {
                return error(
                    "InvalidInputException",
                    "You specified an invalid value for nextToken.",
                );
            }
        },
        _ => {
            return error("InvalidInputException", "NextToken must be a string.");
        }
    };
    let end = (start + page).min(view.accounts.len());
    let accounts: Vec<Value> = view.accounts[start..end]
        .iter()
        .map(|id| {
            json!({
                "Id": id,
                "Arn": format!("arn:aws:organizations::{management}:account/{ORGANIZATION_ID}/{id}"),
                "Email": format!("aws+{id}@example.com"),
                "Name": if id == management { "management".to_string() } else { format!("member-{id}") },
                "State": "ACTIVE",
                // Retired by AWS on 9 September 2026, still sent beside State for older SDKs.
                "Status": "ACTIVE",
                "JoinedMethod": if id == management { "CREATED" } else { "INVITED" },
                "JoinedTimestamp": 1_767_225_600,
            })
        })
        .collect();
    let mut answer = json!({ "Accounts": accounts });
    if end < view.accounts.len() {
        answer["NextToken"] = format!("page-{end}").into();
    }
    json_response(StatusCode::OK, answer)
}
