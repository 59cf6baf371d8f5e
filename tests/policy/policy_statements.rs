//! The statement Lambda writes, checked against statements recorded from real AWS.

use lambda_policy::policy::{
    MAX_POLICY_BYTES, PermissionRequest, policy_json, policy_size, statement_for,
};
use serde_json::{Value, json};

const FN: &str = "arn:aws:lambda:us-east-1:111111111111:function:fn";

fn request(sid: &str, principal: &str) -> PermissionRequest {
    PermissionRequest {
        function_name: Some("fn".into()),
        statement_id: Some(sid.into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some(principal.into()),
        ..Default::default()
    }
}

/// Compact JSON, as AWS sends it, with AWS's key order.
fn compact(statement: &Value) -> String {
    statement.to_string()
}

#[test]
fn service_principal_with_source_arn_matches_aws() {
    let mut r = request("s3", "s3.amazonaws.com");
    r.source_arn = Some("arn:aws:s3:::bucket".into());
    assert_eq!(
        compact(&statement_for(&r, FN)),
        r#"{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}"#
    );
}

#[test]
fn wildcard_principal_is_a_string_not_an_object() {
    let mut r = request("wilcard", "*");
    r.source_account = Some("111111111111".into());
    assert_eq!(
        statement_for(&r, FN),
        json!({"Sid":"wilcard","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction",
               "Resource":FN,"Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"}}})
    );
}

#[test]
fn an_account_id_becomes_its_root_in_the_functions_partition() {
    let s = statement_for(&request("account-id", "223456789012"), FN);
    assert_eq!(
        s["Principal"],
        json!({"AWS":"arn:aws:iam::223456789012:root"})
    );
    let cn = statement_for(
        &request("a", "223456789012"),
        "arn:aws-cn:lambda:cn-north-1:111111111111:function:fn",
    );
    assert_eq!(
        cn["Principal"],
        json!({"AWS":"arn:aws-cn:iam::223456789012:root"})
    );
}

#[test]
fn an_iam_arn_is_written_as_given() {
    let arn = "arn:aws:iam::111111111111:user/dev";
    let s = statement_for(&request("user-arn", arn), FN);
    assert_eq!(s["Principal"], json!({"AWS": arn}));
}

#[test]
fn optional_fields_merge_into_one_string_equals_in_aws_order() {
    let mut r = request("urlPermission", "*");
    r.action = Some("lambda:InvokeFunctionUrl".into());
    r.source_arn = Some("arn:aws:s3:::bucket".into());
    r.source_account = Some("111111111111".into());
    r.principal_org_id = Some("o-1234567890".into());
    r.function_url_auth_type = Some("NONE".into());
    assert_eq!(
        compact(&statement_for(&r, FN)),
        r#"{"Sid":"urlPermission","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111","lambda:FunctionUrlAuthType":"NONE","aws:PrincipalOrgID":"o-1234567890"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}"#
    );
}

#[test]
fn event_source_token_becomes_a_string_equals_condition() {
    let mut r = request("alexaSkill", "*");
    r.event_source_token = Some("amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".into());
    assert_eq!(
        statement_for(&r, FN)["Condition"],
        json!({"StringEquals":{"lambda:EventSourceToken":"amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"}})
    );
}

#[test]
fn invoked_via_function_url_becomes_a_bool_condition_after_the_others() {
    let mut r = request("FunctionURLInvokeAllowPublicAccess", "*");
    r.invoked_via_function_url = Some(true);
    r.source_account = Some("111111111111".into());
    let s = compact(&statement_for(&r, FN));
    assert!(s.ends_with(r#""Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"},"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}"#), "{s}");
    r.invoked_via_function_url = Some(false);
    assert!(!compact(&statement_for(&r, FN)).contains("Bool"));
}

#[test]
fn no_condition_block_without_optional_members() {
    let s = statement_for(&request("logs", "logs.amazonaws.com"), FN);
    assert!(s.get("Condition").is_none());
    assert_eq!(s["Resource"], FN);
}

#[test]
fn the_resource_is_the_qualified_arn_for_a_version_or_alias() {
    let s = statement_for(
        &request("s3", "s3.amazonaws.com"),
        &format!("{FN}:permission-alias"),
    );
    assert_eq!(s["Resource"], format!("{FN}:permission-alias"));
}

#[test]
fn the_policy_envelope_is_compact_and_its_size_is_measured_in_bytes() {
    let statements = vec![
        statement_for(&request("logs", "logs.amazonaws.com"), FN),
        statement_for(&request("kinesis", "kinesis.amazonaws.com"), FN),
    ];
    let policy = policy_json(&statements);
    assert!(
        policy.starts_with(r#"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"logs""#)
    );
    assert!(!policy.contains(": ") && !policy.contains(", "));
    assert_eq!(policy_size(&statements), policy.len());
    assert_eq!(MAX_POLICY_BYTES, 20480);
}
