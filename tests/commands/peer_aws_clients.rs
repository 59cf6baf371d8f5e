//! The AWS SDK for Python (boto3/botocore) and the AWS CLI against `lambda-policy serve`: the
//! emulator must be usable by the real clients, which parse its answers exactly as they parse
//! AWS's (status codes, error codes from `x-amzn-ErrorType`, message members, request ids).
//!
//! Needs the venv `./scripts/test` creates (LAMBDA_POLICY_VENV).

use crate::common;

use common::processes::*;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function";

fn run_boto3(mode: &str, url: &str) -> Value {
    let home = tempfile::tempdir().unwrap();
    let mut command = clean_command(&venv_tool("python"), home.path());
    command
        .arg(python_script("boto3_against_serve.py"))
        .args([mode, url, ACCESS_KEY, SECRET_KEY]);
    script_output(command, &format!("boto3 script ({mode})"))
}

/// What a peer script printed: one JSON object, after it succeeded.
fn script_output(mut command: std::process::Command, what: &str) -> Value {
    let output = command.output().expect("the script runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{what} failed with {}:\n{}\n{stdout}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{what} prints one JSON object ({e}): {stdout}"))
}

/// `serve` checking every signature against the test key pair, with `extra` arguments.
fn verifying_server(extra: &[&str]) -> Served {
    let mut args = vec![
        "--access-key-id",
        ACCESS_KEY,
        "--secret-access-key",
        SECRET_KEY,
    ];
    args.extend_from_slice(extra);
    Served::start(&args)
}

/// The boto3 script's `mode` against a verifying server; `None` when the venv is missing
/// (and the suite allows that).
fn boto3_against_verifying_server(mode: &str, extra: &[&str]) -> Option<Value> {
    if common::skip_without(common::Needs::Venv) {
        return None;
    }
    let server = verifying_server(extra);
    Some(run_boto3(mode, &server.url))
}

/// Checks what botocore parsed from an error answer.
fn assert_parsed_error(result: &Value, case: &str, status: u64, code: &str, message: &str) {
    let e = &result[case];
    assert_eq!(e["status"], status, "{case}: HTTP status, {e}");
    assert_eq!(e["code"], code, "{case}: Error.Code, {e}");
    assert_eq!(e["message"], message, "{case}: Error.Message, {e}");
    // ValidationException is the service framework's, not in Lambda's model: a plain ClientError.
    let class = if code == "ValidationException" {
        "ClientError"
    } else {
        code
    };
    assert_eq!(
        e["exception"], class,
        "{case}: botocore raised the modelled exception class, {e}"
    );
    let id = e["request_id"].as_str().unwrap_or_default();
    assert!(is_uuid(id), "{case}: RequestId {id:?} is a UUID");
}

#[test]
fn boto3_lists_reads_and_writes_policies_against_a_verifying_emulator() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let server = Served::start(&[
        "--functions",
        "120",
        "--access-key-id",
        ACCESS_KEY,
        "--secret-access-key",
        SECRET_KEY,
    ]);
    let r = run_boto3("main", &server.url);

    // Paging: 12 demo functions + 120 synthetic ones, at most 50 a page, NextMarker until the end.
    assert_eq!(r["list_pages"], json!([50, 50, 32]), "paginator pages");
    assert_eq!(r["list_markers"], json!([true, true, false]));
    assert_eq!(
        r["list_names_unique"], 132,
        "no function twice across pages"
    );
    assert_eq!(r["list_pages_of_40"], json!([40, 40, 40, 12]), "PageSize");
    assert_eq!(r["list_max_items_1000"], 50, "MaxItems over 50 is capped");
    assert_eq!(r["list_first_arn"], format!("{ARN}:alexa-skill"));

    // Reads by full ARN, qualifier and alias.
    assert_eq!(
        r["get_function_alias"],
        json!({"arn": format!("{ARN}:orders-api:live"), "version": "2", "status": 200})
    );
    assert_eq!(r["get_function_version_in_arn"], "1");
    let versions: Vec<(String, String)> = serde_json::from_value(r["versions"].clone()).unwrap();
    assert_eq!(
        versions,
        ["$LATEST", "1", "2", "3"]
            .iter()
            .map(|v| (v.to_string(), format!("{ARN}:orders-api:{v}")))
            .collect::<Vec<_>>(),
        "ListVersionsByFunction: $LATEST first, qualified ARNs"
    );
    assert_eq!(r["aliases"], json!(["beta", "live"]));
    assert_eq!(
        r["aliases_for_version_2"],
        json!(["live"]),
        "FunctionVersion"
    );
    let alias = &r["get_alias"];
    assert_eq!(alias["status"], 200, "GetAlias answers 200, not moto's 201");
    assert_eq!(alias["arn"], format!("{ARN}:orders-api:live"));
    assert_eq!(alias["weights"], json!({"3": 0.1}));
    assert!(is_uuid(alias["revision_id"].as_str().unwrap()));

    // AddPermission: 201 and the statement as AWS writes it.
    let add = &r["add"];
    assert_eq!(add["status"], 201);
    assert!(is_uuid(add["request_id"].as_str().unwrap()));
    assert_eq!(
        add["statement"],
        json!({
            "Sid": "s3-invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": format!("{ARN}:user-signup"),
            "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"},
                          "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}
        })
    );
    assert!(
        !add["raw"].as_str().unwrap().contains(", "),
        "compact JSON: {}",
        add["raw"]
    );
    let policy = &r["get_policy"];
    assert_eq!(policy["status"], 200);
    assert_eq!(policy["policy"]["Version"], "2012-10-17");
    assert_eq!(policy["policy"]["Id"], "default");
    assert_eq!(policy["policy"]["Statement"], json!([add["statement"]]));
    assert!(is_uuid(policy["revision_id"].as_str().unwrap()));

    assert_parsed_error(
        &r,
        "stale_revision",
        412,
        "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id",
    );
    assert_parsed_error(
        &r,
        "duplicate_sid",
        409,
        "ResourceConflictException",
        "The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.",
    );
    assert_parsed_error(
        &r,
        "unknown_function",
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {ARN}:doesnotexist"),
    );
    assert_parsed_error(
        &r,
        "unknown_alias",
        404,
        "ResourceNotFoundException",
        &format!("Cannot find alias arn: {ARN}:orders-api:alias-doesnotexist"),
    );
    assert_parsed_error(
        &r,
        "unknown_version",
        404,
        "ResourceNotFoundException",
        &format!("Function not found: {ARN}:orders-api:42"),
    );
    assert_parsed_error(
        &r,
        "get_alias_unknown",
        404,
        "ResourceNotFoundException",
        &format!("Cannot find alias arn: {ARN}:orders-api:nope"),
    );
    assert_parsed_error(
        &r,
        "latest_qualifier",
        400,
        "InvalidParameterValueException",
        "We currently do not support adding policies for $LATEST.",
    );
    assert_parsed_error(
        &r,
        "qualifier_mismatch",
        400,
        "InvalidParameterValueException",
        "The derived qualifier from the function name does not match the specified qualifier.",
    );
    assert_parsed_error(
        &r,
        "invalid_principal",
        400,
        "InvalidParameterValueException",
        "The provided principal was invalid. Please check the principal and try again.",
    );
    assert_parsed_error(
        &r,
        "bad_statement_id",
        400,
        "ValidationException",
        "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    );
    assert_parsed_error(
        &r,
        "no_policy",
        404,
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
    );
    assert_parsed_error(
        &r,
        "remove_unknown_sid",
        404,
        "ResourceNotFoundException",
        "Statement s3-invoke is not found in resource policy.",
    );

    // The body members botocore kept: `message` or `Message` by error type, `"Type":"User"`
    // on the service's errors, none on the framework's ValidationException.
    for case in [
        "stale_revision",
        "duplicate_sid",
        "latest_qualifier",
        "invalid_principal",
    ] {
        assert_eq!(r[case]["type_member"], "User", "{case}");
        assert!(r[case]["lower_message"].is_string(), "{case}: `message`");
        assert!(r[case]["upper_message"].is_null(), "{case}: no `Message`");
    }
    for case in ["unknown_function", "unknown_alias", "no_policy"] {
        assert_eq!(r[case]["type_member"], "User", "{case}");
        assert!(r[case]["upper_message"].is_string(), "{case}: `Message`");
        assert!(r[case]["lower_message"].is_null(), "{case}: no `message`");
    }
    assert!(r["bad_statement_id"]["type_member"].is_null());

    // RemovePermission: 204, and the rest of the policy stays.
    assert_eq!(r["remove"]["status"], 204);
    assert_eq!(r["after_remove_sids"], json!(["sns-invoke"]));

    // The emulator verifies signatures: temporary credentials (a session token) pass, a wrong
    // secret is refused as AWS refuses it.
    let temporary = &r["session_token_get_policy"];
    assert_eq!(temporary["status"], 200, "{temporary}");
    assert_eq!(
        temporary["sids"],
        json!(["apigateway-live", "partner-account"])
    );
    let wrong = &r["wrong_secret"];
    assert_eq!(wrong["status"], 403);
    assert_eq!(wrong["code"], "InvalidSignatureException");
    assert!(
        wrong["message"]
            .as_str()
            .unwrap()
            .starts_with("The request signature we calculated does not match"),
        "{wrong}"
    );
}

#[test]
fn boto3_reports_persistent_throttling_as_too_many_requests_after_its_retries() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let server = Served::start(&["--throttle-rate", "1.0", "--seed", "1"]);
    let r = run_boto3("throttle", &server.url);
    let t = &r["throttled"];
    assert_eq!(t["status"], 429, "{t}");
    assert_eq!(t["code"], "TooManyRequestsException");
    assert_eq!(t["exception"], "TooManyRequestsException");
    assert_eq!(t["message"], "Rate exceeded");
    assert_eq!(t["reason"], "CallerRateLimitExceeded");
    assert_eq!(t["type_member"], "User");
    assert_eq!(
        t["retry_attempts"], 1,
        "botocore retried the throttled call once (total_max_attempts=2): {t}"
    );
    assert!(is_uuid(t["request_id"].as_str().unwrap()));
}

fn aws_cli(home: &Path, url: &str, args: &[&str]) -> Output {
    clean_command(&venv_tool("aws"), home)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_PAGER", "")
        .args(["--endpoint-url", url, "--output", "json", "lambda"])
        .args(args)
        .output()
        .expect("the venv's aws runs")
}

fn cli_json(output: &Output, what: &str) -> Value {
    assert!(
        output.status.success(),
        "aws lambda {what} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "aws lambda {what} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn the_aws_cli_lists_adds_reads_and_removes_permissions_and_reports_errors() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let server = Served::start(&[
        "--functions",
        "60",
        "--access-key-id",
        ACCESS_KEY,
        "--secret-access-key",
        SECRET_KEY,
    ]);
    let home = tempfile::tempdir().unwrap();
    let url = server.url.as_str();

    // The CLI follows NextMarker itself: all 72 functions, once each.
    let listed = cli_json(
        &aws_cli(home.path(), url, &["list-functions"]),
        "list-functions",
    );
    let functions = listed["Functions"].as_array().unwrap();
    assert_eq!(
        functions.len(),
        72,
        "12 demo + 60 synthetic, over two pages"
    );
    assert!(
        functions
            .iter()
            .any(|f| f["FunctionArn"] == format!("{ARN}:fn-00060"))
    );

    let added = cli_json(
        &aws_cli(
            home.path(),
            url,
            &[
                "add-permission",
                "--function-name",
                &format!("{ARN}:thumbnailer"),
                "--statement-id",
                "cli-events",
                "--action",
                "lambda:InvokeFunction",
                "--principal",
                "events.amazonaws.com",
                "--source-arn",
                "arn:aws:events:us-east-1:123456789012:rule/nightly",
            ],
        ),
        "add-permission",
    );
    let statement: Value = serde_json::from_str(added["Statement"].as_str().unwrap()).unwrap();
    assert_eq!(statement["Sid"], "cli-events");
    assert_eq!(
        statement["Principal"],
        json!({"Service": "events.amazonaws.com"})
    );
    assert_eq!(
        statement["Condition"],
        json!({"ArnLike": {"AWS:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/nightly"}})
    );

    let policy = cli_json(
        &aws_cli(
            home.path(),
            url,
            &["get-policy", "--function-name", "thumbnailer"],
        ),
        "get-policy",
    );
    let document: Value = serde_json::from_str(policy["Policy"].as_str().unwrap()).unwrap();
    let sids: Vec<&str> = document["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap())
        .collect();
    assert_eq!(sids, ["s3-uploads", "cli-events"], "appended in order");
    assert!(is_uuid(policy["RevisionId"].as_str().unwrap()));

    let removed = aws_cli(
        home.path(),
        url,
        &[
            "remove-permission",
            "--function-name",
            "thumbnailer",
            "--statement-id",
            "cli-events",
        ],
    );
    assert!(
        removed.status.success(),
        "remove-permission: {}",
        String::from_utf8_lossy(&removed.stderr)
    );
    assert!(removed.stdout.is_empty(), "204 prints nothing");

    // An AWS error: non-zero exit, and the CLI's usual line with the code and message.
    let missing = aws_cli(
        home.path(),
        url,
        &["get-policy", "--function-name", "image-resizer"],
    );
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        matches!(missing.status.code(), Some(254 | 255)),
        "a service error exits 254/255, got {:?}: {stderr}",
        missing.status
    );
    assert!(
        stderr.contains(
            "An error occurred (ResourceNotFoundException) when calling the GetPolicy operation: The resource you requested does not exist."
        ),
        "{stderr}"
    );
}

#[test]
fn boto3_creates_reads_changes_lists_and_deletes_function_urls() {
    let Some(r) = boto3_against_verifying_server("urls", &[]) else {
        return;
    };
    let created = &r["create"];
    assert_eq!(created["status"], 201);
    assert_eq!(created["FunctionArn"], format!("{ARN}:user-signup"));
    assert_eq!(created["AuthType"], "NONE");
    assert_eq!(
        created["InvokeMode"],
        Value::Null,
        "Create omits what was not asked for"
    );
    assert_eq!(created["LastModifiedTime"], Value::Null);
    let url = created["FunctionUrl"].as_str().unwrap();
    let id = url
        .strip_prefix("https://")
        .and_then(|u| u.strip_suffix(".lambda-url.us-east-1.on.aws/"))
        .unwrap_or_else(|| panic!("{url}"));
    assert!(
        id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{url}"
    );
    assert_eq!(
        r["create_alias"],
        json!({"FunctionArn": format!("{ARN}:orders-api:live"), "AuthType": "AWS_IAM", "InvokeMode": "RESPONSE_STREAM", "Cors": {"AllowOrigins": ["https://example.com"], "MaxAge": 60}})
    );
    assert_parsed_error(
        &r,
        "create_again",
        409,
        "ResourceConflictException",
        &format!(
            "Failed to create function url config for [functionArn = {ARN}:user-signup]. Error message:  FunctionUrlConfig exists for this Lambda function"
        ),
    );
    let got = &r["get"];
    assert_eq!(
        (got["status"].clone(), got["FunctionUrl"].as_str()),
        (json!(200), Some(url))
    );
    assert_eq!(
        got["InvokeMode"], "BUFFERED",
        "Get always gives the invoke mode"
    );
    assert_eq!(got["has_last_modified"], true);
    let none = "The resource you requested does not exist.";
    assert_parsed_error(&r, "get_none", 404, "ResourceNotFoundException", none);
    assert_parsed_error(
        &r,
        "get_version",
        400,
        "ValidationException",
        r"1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\d+$)^[0-9a-zA-Z-_]+$)",
    );
    assert_parsed_error(
        &r,
        "create_missing_function",
        404,
        "ResourceNotFoundException",
        "Function does not exist",
    );
    assert_eq!(r["create_bad_auth"]["code"], "ValidationException");
    assert!(
        r["create_bad_auth"]["message"]
            .as_str()
            .unwrap()
            .contains("Value 'OPEN' at 'authType'")
    );
    assert_eq!(r["update"], json!({"AuthType": "AWS_IAM", "status": 200}));
    assert_eq!(r["list_orders"], json!([format!("{ARN}:orders-api:live")]));
    assert_eq!(r["delete_status"], 204);
    assert_parsed_error(
        &r,
        "get_after_delete",
        404,
        "ResourceNotFoundException",
        none,
    );
    assert_parsed_error(&r, "delete_again", 404, "ResourceNotFoundException", none);
}

/// lambda-policy as a user runs it against `url`, with the peer tests' keys.
fn ours(home: &Path, url: &str, args: &[&str]) -> Output {
    clean_command(Path::new(BINARY), home)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .args(args)
        .args(["--endpoint-url", url, "--output", "json", "--log-file"])
        .arg(home.join("cli.log"))
        .output()
        .expect("lambda-policy runs")
}

fn url_findings(audit: &Output, function: &str) -> Vec<String> {
    let value: Value = serde_json::from_slice(&audit.stdout).unwrap_or_else(|e| {
        panic!(
            "audit printed no JSON ({e}): {}",
            String::from_utf8_lossy(&audit.stderr)
        )
    });
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["function"] == function)
        .map(|f| f["lint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_url_made_with_the_aws_cli_and_only_the_old_grant_is_found_and_fixed() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let server = verifying_server(&[]);
    let home = tempfile::tempdir().unwrap();
    let (home, url) = (home.path(), server.url.as_str());
    cli_json(
        &aws_cli(
            home,
            url,
            &[
                "create-function-url-config",
                "--function-name",
                "user-signup",
                "--auth-type",
                "NONE",
            ],
        ),
        "create-function-url-config",
    );
    cli_json(
        &aws_cli(
            home,
            url,
            &[
                "add-permission",
                "--function-name",
                "user-signup",
                "--statement-id",
                "url-public",
                "--action",
                "lambda:InvokeFunctionUrl",
                "--principal",
                "*",
                "--function-url-auth-type",
                "NONE",
            ],
        ),
        "add-permission",
    );
    let before = ours(home, url, &["audit"]);
    assert_eq!(before.status.code(), Some(1));
    assert_eq!(
        url_findings(&before, "user-signup"),
        ["function-url-missing-invoke"]
    );

    let fixed = ours(
        home,
        url,
        &["audit", "--fix", "function-url-missing-invoke", "--yes"],
    );
    let value: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    let fix = value["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["function"] == "user-signup")
        .unwrap_or_else(|| panic!("no fix for user-signup: {value}"));
    assert_eq!(fix["applied"], true, "{value}");
    assert_eq!(
        fix["statement"]["Condition"]["Bool"]["lambda:InvokedViaFunctionUrl"],
        "true"
    );
    let after = ours(home, url, &["audit"]);
    assert_eq!(
        url_findings(&after, "user-signup"),
        ["public-function-url", "public-function-url"]
    );

    cli_json(
        &aws_cli(
            home,
            url,
            &["get-function-url-config", "--function-name", "user-signup"],
        ),
        "get-function-url-config",
    );
    let deleted = aws_cli(
        home,
        url,
        &[
            "delete-function-url-config",
            "--function-name",
            "user-signup",
        ],
    );
    assert!(
        deleted.status.success(),
        "{}",
        String::from_utf8_lossy(&deleted.stderr)
    );
    let gone = ours(home, url, &["audit"]);
    assert_eq!(
        url_findings(&gone, "user-signup"),
        [
            "function-url-grant-without-url",
            "function-url-grant-without-url"
        ]
    );
}

/// The statements a Put of the Deny and the two-principal statement left: those two only (the
/// AddPermission statement before them is replaced), in order.
fn assert_deny_and_two_accounts(statements: &Value) {
    let statements = statements.as_array().expect("a list of statements");
    assert_eq!(
        statements
            .iter()
            .map(|s| (s["Sid"].as_str().unwrap(), s["Effect"].as_str().unwrap()))
            .collect::<Vec<_>>(),
        [("deny-insecure", "Deny"), ("two-accounts", "Allow")],
        "Put replaces the AddPermission statement; {statements:?}"
    );
    assert_eq!(
        statements[1]["Principal"],
        json!({"AWS": ["111122223333", "arn:aws:iam::444455556666:root"]}),
        "two principals in one statement"
    );
}

#[test]
fn boto3_puts_reads_and_deletes_whole_resource_policies() {
    let Some(r) = boto3_against_verifying_server("resource-policy", &[]) else {
        return;
    };
    assert_eq!(r["get_before"], json!({"statements": 1, "status": 200}));
    let put = &r["put"];
    assert_eq!(put["status"], 200);
    assert_eq!(put["revision_changed"], true);
    assert_deny_and_two_accounts(&put["policy"]["Statement"]);
    assert_eq!(put["policy"].get("Id"), None, "the document's own header");
    assert_eq!(r["get_policy_after_put"]["same"], true);
    let mismatch = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id";
    assert_parsed_error(
        &r,
        "stale_put",
        412,
        "PreconditionFailedException",
        mismatch,
    );
    assert_parsed_error(
        &r,
        "invalid_put",
        400,
        "InvalidParameterValueException",
        "The policy is not valid: Statement 1 (\"x\"), Effect: must be \"Allow\" or \"Deny\"",
    );
    let too_large = &r["too_large"];
    assert_eq!(
        (&too_large["code"], &too_large["status"]),
        (&json!("PolicyLengthExceededException"), &json!(400)),
        "{too_large}"
    );
    let short = &r["short_name"];
    assert_eq!(
        (&short["status"], &short["code"]),
        (&json!(400), &json!("ValidationException"))
    );
    assert!(
        short["message"]
            .as_str()
            .unwrap()
            .starts_with("1 validation error detected: Value 'thumbnailer' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:"),
        "{short}"
    );
    assert_parsed_error(
        &r,
        "missing_function",
        404,
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
    );
    assert_eq!(
        r["after_add"],
        json!(["deny-insecure", "two-accounts", "added-later"]),
        "AddPermission appends to a document written by Put"
    );
    assert_eq!(r["alias_resource"], format!("{ARN}:orders-api:live"));
    assert_parsed_error(
        &r,
        "stale_delete",
        412,
        "PreconditionFailedException",
        mismatch,
    );
    assert_eq!(r["delete_status"], 204);
    assert_parsed_error(
        &r,
        "get_after_delete",
        404,
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
    );
    assert_parsed_error(
        &r,
        "delete_again",
        404,
        "ResourceNotFoundException",
        "No policy is associated with the given resource.",
    );
}

/// The AWS SDK for JavaScript's resource-policy script against a verifying server.
fn node_sdk_against_verifying_server() -> Option<Value> {
    if common::skip_without(common::Needs::NodeSdk) {
        return None;
    }
    let server = verifying_server(&[]);
    let home = tempfile::tempdir().unwrap();
    let mut command = clean_command(Path::new("node"), home.path());
    command
        .current_dir(common::node_dir())
        .env("NODE_NO_WARNINGS", "1")
        .args(["resource_policy.mjs", &server.url, ACCESS_KEY, SECRET_KEY]);
    Some(script_output(command, "the Node script"))
}

/// An error as the JavaScript SDK parsed it: its class, status and message, and a request id.
fn assert_sdk_error(result: &Value, case: &str, status: u64, name: &str, message: &str) {
    let e = &result[case];
    assert_eq!(
        (&e["name"], &e["status"]),
        (&json!(name), &json!(status)),
        "{case}: {e}"
    );
    assert_eq!(e["message"], message, "{case}: {e}");
    assert!(
        is_uuid(e["request_id"].as_str().unwrap_or_default()),
        "{case}: {e}"
    );
}

#[test]
fn the_javascript_sdk_puts_reads_and_deletes_whole_resource_policies() {
    let Some(r) = node_sdk_against_verifying_server() else {
        return;
    };
    let put = &r["put"];
    assert_eq!(
        (&put["status"], &put["revision_changed"]),
        (&json!(200), &json!(true))
    );
    assert_deny_and_two_accounts(&put["statements"]);
    assert_eq!(
        r["read_back"],
        json!({"same_policy": true, "same_revision": true}),
        "GetResourcePolicy and GetPolicy read the same document"
    );
    assert_eq!(
        r["after_add"],
        json!(["deny-insecure", "two-accounts", "added-later"])
    );
    let mismatch = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id";
    assert_sdk_error(
        &r,
        "stale_put",
        412,
        "PreconditionFailedException",
        mismatch,
    );
    let too_large = &r["too_large"];
    assert_eq!(
        (&too_large["name"], &too_large["status"]),
        (&json!("PolicyLengthExceededException"), &json!(400)),
        "{too_large}"
    );
    assert!(
        too_large["message"]
            .as_str()
            .unwrap()
            .ends_with("is bigger than the limit (20480)."),
        "{too_large}"
    );
    let too_long = &r["too_long"];
    assert_eq!(too_long["name"], "ValidationException", "{too_long}");
    assert!(
        too_long["message"]
            .as_str()
            .unwrap()
            .ends_with("at 'policy' failed to satisfy constraint: Member must have length less than or equal to 20480"),
        "{too_long}"
    );
    assert_sdk_error(
        &r,
        "invalid",
        400,
        "InvalidParameterValueException",
        "The policy is not valid: Statement 1 (\"two-accounts\"), Effect: must be \"Allow\" or \"Deny\"",
    );
    assert_sdk_error(
        &r,
        "stale_delete",
        412,
        "PreconditionFailedException",
        mismatch,
    );
    assert_eq!(r["delete_status"], 204);
    for after in [
        "get_policy_after_delete",
        "get_resource_policy_after_delete",
    ] {
        assert_sdk_error(
            &r,
            after,
            404,
            "ResourceNotFoundException",
            "The resource you requested does not exist.",
        );
    }
}

#[test]
fn the_public_access_block_refuses_public_writes_through_either_api() {
    let Some(r) = boto3_against_verifying_server("public-block", &["--block-public-policies"])
    else {
        return;
    };
    let blocked = "The resource-based policy you tried to add to the Lambda resource would grant public access to it, which isn't allowed.";
    assert_parsed_error(&r, "public_put", 400, "PublicPolicyException", blocked);
    assert_parsed_error(&r, "public_add", 400, "PublicPolicyException", blocked);
    assert_eq!(r["narrowed_put_status"], 200, "an organisation narrows it");
}

#[test]
fn boto3_and_the_aws_cli_publish_share_and_unshare_a_layer_version_as_lambda_does() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let server = verifying_server(&[]);
    let r = run_boto3("layers", &server.url);
    let published = &r["published"];
    assert_eq!(
        (&published["status"], &published["version"]),
        (&json!(201), &json!(1))
    );
    assert_eq!(
        published["arn"],
        "arn:aws:lambda:us-east-1:123456789012:layer:peer-layer:1"
    );
    assert_eq!(published["size"], 22, "the empty zip's 22 bytes");
    assert_eq!(
        published["sha"], "hznHbmgfkAkjuQDJ3w73XPQh05yrtUZQxLmtGbanbYU=",
        "SHA-256 of the zip, in base64"
    );
    let resource = "arn:aws:lambda:us-east-1:123456789012:layer:peer-layer:1";
    assert_eq!(r["account_grant"]["status"], 201);
    assert_eq!(
        r["account_grant"]["statement"],
        json!({"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":resource})
    );
    assert_eq!(
        r["org_grant"],
        json!({"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":resource,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}})
    );
    assert_eq!(r["policy"]["Statement"].as_array().map(Vec::len), Some(2));
    assert_parsed_error(
        &r,
        "duplicate",
        409,
        "ResourceConflictException",
        "The statement id (org) provided already exists. Please provide a new statement id, or remove the existing statement.",
    );
    assert_parsed_error(
        &r,
        "stale",
        412,
        "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id",
    );
    assert_eq!(r["bad_action"]["code"], "ValidationException");
    assert_parsed_error(
        &r,
        "missing_version",
        404,
        "ResourceNotFoundException",
        "Layer version arn:aws:lambda:us-east-1:123456789012:layer:peer-layer:99 does not exist.",
    );
    assert!(
        r["listed"]
            .as_array()
            .unwrap()
            .contains(&json!(["peer-layer", 1])),
        "{}",
        r["listed"]
    );
    assert_eq!(r["versions_by_arn"], json!([1]));
    assert_eq!(r["removed_status"], 204);
    assert_eq!(r["after_remove"], json!(["xaccount"]));
    assert_parsed_error(
        &r,
        "remove_again",
        404,
        "ResourceNotFoundException",
        "Statement org is not found in resource policy.",
    );
    assert_eq!(r["by_arn_version"], 1);
    assert_eq!(r["deleted_status"], 204);
    assert_eq!(
        r["next_version"], 2,
        "a deleted version's number is not given again"
    );
    let home = tempfile::tempdir().unwrap();
    let url = &server.url;
    let ours_demo = ours(home.path(), url, &["layer-policy", "public-certs:2"]);
    let ours_demo: Value = serde_json::from_slice(&ours_demo.stdout).unwrap();
    assert_eq!(
        (&ours_demo["policy"], &ours_demo["revision_id"]),
        (
            &r["demo_policy"]["policy"],
            &r["demo_policy"]["revision_id"]
        ),
        "layer-policy --output json agrees with boto3's get_layer_version_policy"
    );

    // The AWS CLI against the demo layers, and our reading of the same policy.
    const GRANT_TEAM: [&str; 11] = [
        "add-layer-version-permission",
        "--layer-name",
        "pandas-runtime",
        "--version-number",
        "2",
        "--statement-id",
        "team",
        "--action",
        "lambda:GetLayerVersion",
        "--principal",
        "444455556666",
    ];
    let added = cli_json(
        &aws_cli(home.path(), url, &GRANT_TEAM),
        "add-layer-version-permission",
    );
    assert!(
        added["Statement"]
            .as_str()
            .unwrap()
            .contains("444455556666:root")
    );
    let theirs = cli_json(
        &aws_cli(
            home.path(),
            url,
            &[
                "get-layer-version-policy",
                "--layer-name",
                "pandas-runtime",
                "--version-number",
                "2",
            ],
        ),
        "get-layer-version-policy",
    );
    let ours_out = ours(home.path(), url, &["layer-policy", "pandas-runtime:2"]);
    assert!(
        ours_out.status.success(),
        "{}",
        String::from_utf8_lossy(&ours_out.stderr)
    );
    let ours_json: Value = serde_json::from_slice(&ours_out.stdout).unwrap();
    let their_policy: Value = serde_json::from_str(theirs["Policy"].as_str().unwrap()).unwrap();
    assert_eq!(ours_json["policy"], their_policy, "the same document");
    assert_eq!(ours_json["revision_id"], theirs["RevisionId"]);
    assert_eq!(
        ours_json["findings"][0]["lint"]["id"],
        "cross-account-layer"
    );
    let conflict = aws_cli(home.path(), url, &GRANT_TEAM);
    assert_eq!(
        conflict.status.code(),
        Some(255),
        "the AWS CLI v1's exit status for an error"
    );
    assert!(String::from_utf8_lossy(&conflict.stderr).contains("ResourceConflictException"));
    let removed = aws_cli(
        home.path(),
        url,
        &[
            "remove-layer-version-permission",
            "--layer-name",
            "pandas-runtime",
            "--version-number",
            "2",
            "--statement-id",
            "team",
        ],
    );
    assert!(
        removed.status.success(),
        "{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    let none = ours(home.path(), url, &["layer-policy", "pandas-runtime:2"]);
    let none: Value = serde_json::from_slice(&none.stdout).unwrap();
    assert_eq!(none["policy"], Value::Null, "no statement left, no policy");
}
