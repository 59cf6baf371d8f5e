//! lambda-policy's SigV4 signer against botocore's `SigV4Auth`: for the same request, key,
//! session token and instant, both must produce the same `Authorization`, `X-Amz-Date` and
//! `X-Amz-Security-Token` — the proof that AWS accepts what the client sends.
//!
//! Needs the venv `./scripts/test` creates (LAMBDA_POLICY_VENV).

use crate::common;

use aws_credential_types::Credentials;
use common::processes::*;
use lambda_policy::lambda::signing::{Signer, Unsigned, sign_headers};
use serde_json::{Value, json};
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, SystemTime};

const KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session/token=";
const POLICY_PATH: &str =
    "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/policy";

struct Case {
    what: &'static str,
    method: &'static str,
    url: String,
    content_type: bool,
    body: &'static str,
    token: Option<&'static str>,
    region: &'static str,
    /// Seconds since the epoch.
    at: u64,
}

/// 2026-11-26T12:34:56Z and 2026-12-31T23:59:59Z.
const NOON: u64 = 1_795_696_496;
const YEAR_END: u64 = 1_798_761_599;

fn timestamp(at: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(at as i64).unwrap();
    t.format(time::macros::format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .unwrap()
}

fn cases() -> Vec<Case> {
    let aws = "https://lambda.us-east-1.amazonaws.com";
    let body = r#"{"StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::my-bucket","SourceAccount":"123456789012"}"#;
    let mut cases = Vec::new();
    for token in [None, Some(TOKEN)] {
        cases.extend([
            Case {
                what: "GetPolicy of a full ARN with a qualifier",
                method: "GET",
                url: format!("{aws}{POLICY_PATH}?Qualifier=live"),
                content_type: false,
                body: "",
                token,
                region: "us-east-1",
                at: NOON,
            },
            Case {
                what: "RemovePermission with Qualifier and RevisionId",
                method: "DELETE",
                url: format!(
                    "{aws}{POLICY_PATH}/s3-invoke?Qualifier=live&RevisionId=4843f2f6-7c59-4fda-b484-afd0bc0e22b8"
                ),
                content_type: false,
                body: "",
                token,
                region: "us-east-1",
                at: NOON,
            },
            Case {
                what: "AddPermission with a JSON body",
                method: "POST",
                url: format!("{aws}{POLICY_PATH}?Qualifier=1"),
                content_type: true,
                body,
                token,
                region: "us-east-1",
                at: YEAR_END,
            },
            Case {
                what: "ListFunctions with an encoded marker, on a loopback port",
                method: "GET",
                url: "http://127.0.0.1:9777/2015-03-31/functions/?FunctionVersion=ALL&Marker=bGFtYmRh%3D%3D&MaxItems=50".into(),
                content_type: false,
                body: "",
                token,
                region: "us-east-1",
                at: NOON,
            },
            Case {
                what: "GetFunction of NAME:$LATEST in the China partition",
                method: "GET",
                url: "https://lambda.cn-north-1.amazonaws.com.cn/2015-03-31/functions/my-fn%3A%24LATEST".into(),
                content_type: false,
                body: "",
                token,
                region: "cn-north-1",
                at: YEAR_END,
            },
        ]);
    }
    cases
}

fn botocore_signatures(cases: &[Case]) -> Vec<Value> {
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            let headers: Vec<(&str, &str)> = if c.content_type {
                vec![("Content-Type", "application/json")]
            } else {
                vec![]
            };
            json!({
                "method": c.method, "url": c.url, "headers": headers, "body": c.body,
                "access_key": KEY, "secret_key": SECRET, "token": c.token,
                "region": c.region, "timestamp": timestamp(c.at),
            })
        })
        .collect();
    let home = tempfile::tempdir().unwrap();
    let mut child = clean_command(&venv_tool("python"), home.path())
        .arg(python_script("botocore_sign.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv's python runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::from(input).to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "botocore_sign.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("botocore_sign.py prints a JSON list")
}

#[test]
fn the_signer_matches_botocore_sigv4_for_paths_queries_bodies_and_session_tokens() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let cases = cases();
    let expected = botocore_signatures(&cases);
    assert_eq!(expected.len(), cases.len());
    for (case, botocore) in cases.iter().zip(&expected) {
        let credentials =
            Credentials::new(KEY, SECRET, case.token.map(str::to_string), None, "test");
        let headers: Vec<(&str, &str)> = if case.content_type {
            vec![("content-type", "application/json")]
        } else {
            vec![]
        };
        let ours = sign_headers(
            &Unsigned {
                method: case.method,
                url: &case.url,
                headers: &headers,
                body: case.body.as_bytes(),
            },
            &Signer {
                credentials: &credentials,
                region: case.region,
                time: SystemTime::UNIX_EPOCH + Duration::from_secs(case.at),
            },
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.what));
        let get = |name: &str| {
            ours.iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let what = format!(
            "{} ({})",
            case.what,
            if case.token.is_some() {
                "session token"
            } else {
                "long-term key"
            }
        );
        assert_eq!(
            get("x-amz-date"),
            botocore["x_amz_date"].as_str(),
            "{what}: X-Amz-Date"
        );
        assert_eq!(
            get("x-amz-security-token"),
            botocore["x_amz_security_token"].as_str(),
            "{what}: X-Amz-Security-Token"
        );
        assert_eq!(
            get("authorization"),
            botocore["authorization"].as_str(),
            "{what}: Authorization"
        );
        let authorization = get("authorization").unwrap();
        let scope = format!(
            "Credential={KEY}/{}/{}/lambda/aws4_request",
            &timestamp(case.at)[..8],
            case.region
        );
        assert!(authorization.contains(&scope), "{what}: {authorization}");
        let signed = match (case.content_type, case.token.is_some()) {
            (false, false) => "SignedHeaders=host;x-amz-date,",
            (false, true) => "SignedHeaders=host;x-amz-date;x-amz-security-token,",
            (true, false) => "SignedHeaders=content-type;host;x-amz-date,",
            (true, true) => "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,",
        };
        assert!(authorization.contains(signed), "{what}: {authorization}");
    }
    // Different requests sign differently (the comparison above is not vacuous).
    let mut all: Vec<&str> = expected
        .iter()
        .map(|e| e["authorization"].as_str().unwrap())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), cases.len());
}

#[test]
fn a_body_or_a_query_changed_after_signing_changes_the_signature() {
    let credentials = Credentials::new(KEY, SECRET, None, None, "test");
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(NOON);
    let sign = |url: &str, body: &str| {
        sign_headers(
            &Unsigned {
                method: "POST",
                url,
                headers: &[("content-type", "application/json")],
                body: body.as_bytes(),
            },
            &Signer {
                credentials: &credentials,
                region: "us-east-1",
                time: at,
            },
        )
        .unwrap()
        .into_iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
    };
    let url = format!("https://lambda.us-east-1.amazonaws.com{POLICY_PATH}");
    let base = sign(&url, "{}");
    assert_eq!(base, sign(&url, "{}"), "signing is deterministic");
    assert_ne!(base, sign(&url, "{ }"), "the body is signed");
    assert_ne!(
        base,
        sign(&format!("{url}?Qualifier=1"), "{}"),
        "the query is signed"
    );
    assert_ne!(
        base,
        sign(&url.replace("%3A", ":"), "{}"),
        "the path is signed as sent"
    );
}
