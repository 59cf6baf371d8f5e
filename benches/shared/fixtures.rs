//! Inputs shared by the figures and the criterion benchmarks: an AddPermission request, the
//! statements of a realistic policy, a 20 KB policy document, and a long function list.
#![allow(dead_code)]

use lambda_policy::lambda::{FunctionConfiguration, FunctionPolicy};
use lambda_policy::policy::{MAX_POLICY_BYTES, PermissionRequest, PolicyDocument, policy_json};
use lambda_policy::policy::{policy_size, statement_for};
use serde_json::Value;

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";

pub fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

/// An S3 grant with SourceArn and SourceAccount: the most common shape, every rule applies.
pub fn s3_request() -> PermissionRequest {
    PermissionRequest {
        function_name: Some("orders-api".into()),
        qualifier: Some("live".into()),
        statement_id: Some("s3-invoke-orders-uploads".into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("s3.amazonaws.com".into()),
        source_arn: Some("arn:aws:s3:::orders-uploads".into()),
        source_account: Some(ACCOUNT.into()),
        ..Default::default()
    }
}

/// The `i`-th statement of a mixed policy: services with and without conditions, accounts,
/// organisations, function URLs, and now and then a public grant (so lints have work to do).
pub fn mixed_request(i: usize) -> PermissionRequest {
    let mut request = PermissionRequest {
        statement_id: Some(format!("grant-{i:04}")),
        action: Some("lambda:InvokeFunction".into()),
        ..Default::default()
    };
    match i % 6 {
        0 => {
            request.principal = Some("s3.amazonaws.com".into());
            request.source_arn = Some(format!("arn:aws:s3:::bucket-{i}"));
            request.source_account = Some(ACCOUNT.into());
        }
        1 => {
            request.principal = Some("sns.amazonaws.com".into());
            request.source_arn = Some(format!("arn:aws:sns:{REGION}:{ACCOUNT}:topic-{i}"));
        }
        2 => request.principal = Some(format!("{:012}", 111_122_223_333u64 + i as u64)),
        3 => {
            request.principal = Some("*".into());
            request.principal_org_id = Some("o-a1b2c3d4e5".into());
        }
        4 => {
            request.action = Some("lambda:InvokeFunctionUrl".into());
            request.principal = Some("*".into());
            request.function_url_auth_type = Some("NONE".into());
        }
        _ => request.principal = Some("events.amazonaws.com".into()),
    }
    request
}

/// `count` statements on `function` as Lambda writes them.
pub fn statements(function: &str, count: usize) -> Vec<Value> {
    let arn = function_arn(function);
    (0..count)
        .map(|i| statement_for(&mixed_request(i), &arn))
        .collect()
}

/// A policy of `count` statements, as `GetPolicy` gives it to the app.
pub fn function_policy(function: &str, count: usize) -> FunctionPolicy {
    let text = policy_json(&statements(function, count));
    FunctionPolicy {
        document: Some(PolicyDocument::parse(&text).expect("a generated policy parses")),
        text: Some(text),
        revision_id: Some("4b1c2a7e-0d9f-4e55-9a3b-6f1e2d3c4b5a".into()),
    }
}

/// The compact JSON of the largest policy of mixed statements under Lambda's 20 KB limit.
pub fn policy_text_20kb() -> String {
    policy_text_20kb_of("orders-api")
}

/// The same for `function`.
pub fn policy_text_20kb_of(function: &str) -> String {
    let arn = function_arn(function);
    let mut statements: Vec<Value> = Vec::new();
    for i in 0.. {
        statements.push(statement_for(&mixed_request(i), &arn));
        if policy_size(&statements) > MAX_POLICY_BYTES {
            statements.pop();
            break;
        }
    }
    policy_json(&statements)
}

/// `count` functions as ListFunctions gives them (`fn-00001` …).
pub fn functions(count: usize) -> Vec<FunctionConfiguration> {
    const RUNTIMES: [&str; 4] = ["python3.12", "nodejs22.x", "java21", "provided.al2023"];
    (1..=count)
        .map(|i| {
            let name = format!("fn-{i:05}");
            FunctionConfiguration {
                function_arn: function_arn(&name),
                function_name: name,
                runtime: Some(RUNTIMES[i % RUNTIMES.len()].into()),
                description: Some(format!("synthetic function {i}")),
                last_modified: Some("2026-01-01T00:00:00.000+0000".into()),
                version: Some("$LATEST".into()),
                revision_id: Some(format!("{i:08x}-0000-4000-8000-000000000000")),
                memory_size: Some(128),
                handler: Some("index.handler".into()),
            }
        })
        .collect()
}
