//! The statement Lambda writes for an AddPermission request, and the policy that holds it.
//!
//! Key order and condition layout follow what real AWS returns: `Sid, Effect, Principal,
//! Action, Resource, Condition`; inside `Condition`, one `StringEquals` with SourceAccount,
//! FunctionUrlAuthType, PrincipalOrgID and EventSourceToken, then `ArnLike`, then `Bool`.

use super::arn::partition_of_arn;
use super::principal::PrincipalForm;
use super::request::PermissionRequest;
use serde_json::{Map, Value};

/// Lambda's limit on a function policy, in bytes of its compact JSON.
pub const MAX_POLICY_BYTES: usize = 20480;
pub const POLICY_VERSION: &str = "2012-10-17";

/// A document as Lambda stores it and counts it against [`MAX_POLICY_BYTES`]: compact JSON,
/// members in their order.
pub fn stored_form(document: &Value) -> String {
    document.to_string()
}

/// The statement for `request` on `resource_arn` (the function, version or alias ARN).
/// Members the request lacks are left out; `validate()` says whether it may be sent.
pub fn statement_for(request: &PermissionRequest, resource_arn: &str) -> Value {
    let mut statement = grant(
        request.statement_id.as_deref(),
        request.principal.as_deref(),
        request.action.as_deref(),
        resource_arn,
    );
    let condition = condition_for(request);
    if !condition.is_empty() {
        statement.insert("Condition".into(), Value::Object(condition));
    }
    Value::Object(statement)
}

/// What every statement Lambda writes for a permission has, in Lambda's order: Sid, Effect
/// Allow, the Principal as Lambda rewrites it (an account as its root), Action, Resource.
/// Members not given are left out.
pub fn grant(
    sid: Option<&str>,
    principal: Option<&str>,
    action: Option<&str>,
    resource_arn: &str,
) -> Map<String, Value> {
    let partition = partition_of_arn(resource_arn);
    let mut statement = Map::new();
    if let Some(sid) = sid {
        statement.insert("Sid".into(), sid.into());
    }
    statement.insert("Effect".into(), "Allow".into());
    if let Some(principal) = principal {
        let value = match PrincipalForm::of(principal) {
            Some(form) => form.statement_value(principal, &partition),
            None => Value::String(principal.to_string()),
        };
        statement.insert("Principal".into(), value);
    }
    if let Some(action) = action {
        statement.insert("Action".into(), action.into());
    }
    statement.insert("Resource".into(), resource_arn.into());
    statement
}

fn condition_for(request: &PermissionRequest) -> Map<String, Value> {
    let mut string_equals = Map::new();
    let entries = [
        ("AWS:SourceAccount", &request.source_account),
        (
            "lambda:FunctionUrlAuthType",
            &request.function_url_auth_type,
        ),
        ("aws:PrincipalOrgID", &request.principal_org_id),
        ("lambda:EventSourceToken", &request.event_source_token),
    ];
    for (key, value) in entries {
        if let Some(v) = value {
            string_equals.insert(key.into(), v.clone().into());
        }
    }
    let mut condition = Map::new();
    if !string_equals.is_empty() {
        condition.insert("StringEquals".into(), Value::Object(string_equals));
    }
    if let Some(arn) = &request.source_arn {
        let mut arn_like = Map::new();
        arn_like.insert("AWS:SourceArn".into(), arn.clone().into());
        condition.insert("ArnLike".into(), Value::Object(arn_like));
    }
    if request.invoked_via_function_url == Some(true) {
        let mut bool_condition = Map::new();
        bool_condition.insert("lambda:InvokedViaFunctionUrl".into(), "true".into());
        condition.insert("Bool".into(), Value::Object(bool_condition));
    }
    condition
}

/// The policy envelope `{"Version","Id":"default","Statement":[…]}` in compact JSON.
pub fn policy_json(statements: &[Value]) -> String {
    document_json(POLICY_VERSION, Some("default"), statements)
}

/// A document with its own `Version` and `Id` (as PutResourcePolicy writes one), compact.
pub fn document_json(version: &str, id: Option<&str>, statements: &[Value]) -> String {
    let mut policy = Map::new();
    policy.insert("Version".into(), version.into());
    if let Some(id) = id {
        policy.insert("Id".into(), id.into());
    }
    policy.insert("Statement".into(), Value::Array(statements.to_vec()));
    Value::Object(policy).to_string()
}

/// The size Lambda measures against [`MAX_POLICY_BYTES`].
pub fn policy_size(statements: &[Value]) -> usize {
    policy_json(statements).len()
}
