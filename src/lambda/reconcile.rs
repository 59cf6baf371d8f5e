//! Whether a statement found in a policy is the one a request asked for: same Sid, effect,
//! principal, action and conditions (the Resource is Lambda's to write).

use crate::policy::{PermissionRequest, statement_for};
use serde_json::Value;

pub fn matches_request(found: &Value, request: &PermissionRequest) -> bool {
    let resource = found
        .get("Resource")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let expected = statement_for(request, resource);
    ["Sid", "Effect", "Principal", "Action", "Condition"]
        .iter()
        .all(|k| found.get(k) == expected.get(k))
}
