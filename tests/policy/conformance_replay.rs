//! Facts recorded from real AWS Lambda (status codes, error types, message texts, body member
//! casing, statement and policy shapes), replayed as raw HTTP against the emulator. Each case
//! restates a recorded fact for the demo account (123456789012, us-east-1); nothing here reads
//! a recording at run time.

use lambda_policy::emulator::{self, AuthMode, EmulatorConfig, RunningEmulator};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use serde_json::{Map, Value, json};

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function";
/// The functionName pattern AWS quotes in GetFunction's validation errors.
const NAME_PATTERN: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
const QUALIFIER_PATTERN: &str = r"\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";
const REVISION_MISMATCH: &str = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id";

/// botocore's safe set for URI labels and query values: letters, digits and `-._~`.
const SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn enc(value: &str) -> String {
    utf8_percent_encode(value, SAFE).to_string()
}

async fn start() -> RunningEmulator {
    emulator::start(EmulatorConfig::on_loopback(
        emulator::load_fixture(emulator::DEMO_FIXTURE).unwrap(),
        AuthMode::AnyWellFormed,
    ))
    .await
    .expect("emulator starts")
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Map<String, Value> {
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(map)) => map,
            _ => panic!(
                "HTTP {} body is not a JSON object: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            ),
        }
    }
}

struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    fn new(emulator: &RunningEmulator) -> Raw {
        Raw {
            http: reqwest::Client::new(),
            base: emulator.url(),
        }
    }

    /// One request with a well-formed SigV4 Authorization (the emulator runs in AnyWellFormed).
    async fn call(&self, method: Method, path_and_query: &str, body: Option<Vec<u8>>) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path_and_query}", self.base))
            .header("x-amz-date", "20260101T000000Z")
            .header(
                "authorization",
                format!(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature={}",
                    "ab".repeat(32)
                ),
            );
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.expect("the emulator answers");
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }

    async fn get(&self, path_and_query: &str) -> Answer {
        self.call(Method::GET, path_and_query, None).await
    }
}

fn function_path(name: &str, rest: &str, qualifier: Option<&str>) -> String {
    let q = qualifier.map_or(String::new(), |q| format!("?Qualifier={}", enc(q)));
    format!("/2015-03-31/functions/{}{rest}{q}", enc(name))
}

fn assert_request_id(answer: &Answer, what: &str) {
    let id = answer
        .header("x-amzn-requestid")
        .unwrap_or_else(|| panic!("{what}: no x-amzn-RequestId"));
    assert!(
        uuid::Uuid::parse_str(id).is_ok_and(|u| u.hyphenated().to_string() == id),
        "{what}: x-amzn-RequestId {id:?} is a UUID"
    );
}

/// The message member of an error body, as AWS spells it for that error type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Member {
    /// `{"Type":"User","message":…}`: InvalidParameterValue, ResourceConflict, PreconditionFailed.
    LowerWithType,
    /// `{"Type":"User","Message":…}`: ResourceNotFound.
    UpperWithType,
    /// `{"message":…}` with no `Type`: the framework's ValidationException.
    LowerOnly,
}

fn assert_aws_error(
    answer: &Answer,
    what: &str,
    status: u16,
    error_type: &str,
    member: Member,
    message: &str,
) {
    let body = String::from_utf8_lossy(&answer.body);
    assert_eq!(answer.status, status, "{what}: status ({body})");
    assert_eq!(
        answer.header("x-amzn-errortype"),
        Some(error_type),
        "{what}: x-amzn-ErrorType ({body})"
    );
    assert_eq!(
        answer.header("content-type"),
        Some("application/json"),
        "{what}: content type"
    );
    assert_request_id(answer, what);
    let json = answer.json();
    assert!(!json.contains_key("__type"), "{what}: AWS sends no __type");
    let (key, other, with_type) = match member {
        Member::LowerWithType => ("message", "Message", true),
        Member::UpperWithType => ("Message", "message", true),
        Member::LowerOnly => ("message", "Message", false),
    };
    assert_eq!(
        json.get(key),
        Some(&json!(message)),
        "{what}: `{key}` ({body})"
    );
    assert!(!json.contains_key(other), "{what}: no `{other}` ({body})");
    assert_eq!(
        json.get("Type"),
        with_type.then(|| json!("User")).as_ref(),
        "{what}: `\"Type\":\"User\"` {} ({body})",
        if with_type { "present" } else { "absent" }
    );
}

/// (case, function name, qualifier, status, error type, message member, message)
type NameCase = (
    &'static str,
    String,
    Option<String>,
    u16,
    &'static str,
    Member,
    String,
);

fn name_pattern_error(value: &str) -> String {
    format!(
        "1 validation error detected: Value '{value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: {NAME_PATTERN}"
    )
}

#[tokio::test]
async fn get_function_name_and_qualifier_validation_matches_the_recorded_answers() {
    let emulator = start().await;
    let raw = Raw::new(&emulator);
    let a65 = "a".repeat(65);
    let a129 = "a".repeat(129);
    let long_bad_region = format!(
        "arn:aws:lambda:invalid-region:123456789012:function:my-function{}",
        "a".repeat(170)
    );
    let long_bad_region_dash = format!(
        "arn:aws:lambda:invalid-region:123456789012:function:my-function-{}",
        "a".repeat(170)
    );
    let latest_arn = format!("{ARN}:orders-api:$LATEST");
    let incomplete = "arn:aws:lambda:us-east-1:123456789012:function".to_string();
    let not_found = |suffix: &str| format!("Function not found: {ARN}:{suffix}");
    use Member::*;
    let cases: Vec<NameCase> = vec![
        (
            "function_name_is_single_invalid",
            "*".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("*"),
        ),
        (
            "invalid_characters_in_function_name",
            "my-function!".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("my-function!"),
        ),
        (
            "invalid_account_id_in_partial_arn",
            "invalid-account:function:my-function".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("invalid-account:function:my-function"),
        ),
        (
            "invalid_region_in_arn",
            "arn:aws:lambda:invalid-region:123456789012:function:my-function".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("arn:aws:lambda:invalid-region:123456789012:function:my-function"),
        ),
        (
            "non_lambda_arn",
            "arn:aws:ec2:us-east-1:123456789012:instance:i-1234567890abcdef0".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("arn:aws:ec2:us-east-1:123456789012:instance:i-1234567890abcdef0"),
        ),
        (
            "function_name_too_long (65-char bare name: 404, not a length error)",
            a65.clone(),
            None,
            404,
            "ResourceNotFoundException",
            UpperWithType,
            not_found(&a65),
        ),
        (
            "function_name_too_long_and_invalid_region",
            long_bad_region.clone(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error(&long_bad_region),
        ),
        (
            "full_arn_and_qualifier_too_long_and_invalid_region",
            long_bad_region_dash.clone(),
            Some(a129.clone()),
            400,
            "ValidationException",
            LowerOnly,
            format!(
                "2 validation errors detected: Value '{a129}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128; Value '{long_bad_region_dash}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: {NAME_PATTERN}"
            ),
        ),
        (
            "full_arn_with_multiple_qualifiers",
            format!("{ARN}:my-function:1:2"),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error(&format!("{ARN}:my-function:1:2")),
        ),
        (
            "incomplete_arn (the name is literally 'function')",
            incomplete,
            None,
            404,
            "ResourceNotFoundException",
            UpperWithType,
            not_found("function"),
        ),
        (
            "partial_arn_with_extra_qualifier",
            "function:my-function:$LATEST:extra".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("function:my-function:$LATEST:extra"),
        ),
        (
            "latest_version_with_additional_qualifier",
            latest_arn,
            Some("1".into()),
            400,
            "InvalidParameterValueException",
            LowerWithType,
            "The derived qualifier from the function name does not match the specified qualifier."
                .into(),
        ),
        (
            "lowercase_latest_qualifier",
            "orders-api".into(),
            Some("$latest".into()),
            404,
            "ResourceNotFoundException",
            UpperWithType,
            not_found("orders-api:$latest"),
        ),
        (
            "missing_region_in_arn",
            "arn:aws:lambda::123456789012:function:my-function".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("arn:aws:lambda::123456789012:function:my-function"),
        ),
        (
            "missing_account_id_in_arn",
            "arn:aws:lambda:us-east-1::function:my-function".into(),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error("arn:aws:lambda:us-east-1::function:my-function"),
        ),
        (
            "misspelled_latest_in_arn",
            format!("{ARN}:my-function:$LATES"),
            None,
            400,
            "ValidationException",
            LowerOnly,
            name_pattern_error(&format!("{ARN}:my-function:$LATES")),
        ),
        (
            "qualifier_too_long",
            "orders-api".into(),
            Some(a129.clone()),
            400,
            "ValidationException",
            LowerOnly,
            format!(
                "1 validation error detected: Value '{a129}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128"
            ),
        ),
        (
            "invalid_characters_in_qualifier",
            "orders-api".into(),
            Some("invalid!".into()),
            400,
            "ValidationException",
            LowerOnly,
            format!(
                "1 validation error detected: Value 'invalid!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: {QUALIFIER_PATTERN}"
            ),
        ),
        (
            "qualifier_too_long1 (65-char qualifier of a missing function)",
            "my-function".into(),
            Some(a65.clone()),
            404,
            "ResourceNotFoundException",
            UpperWithType,
            not_found(&format!("my-function:{a65}")),
        ),
        (
            "ops_on_nonexisting_version",
            "orders-api".into(),
            Some("1221".into()),
            404,
            "ResourceNotFoundException",
            UpperWithType,
            not_found("orders-api:1221"),
        ),
    ];
    for (case, name, qualifier, status, error_type, member, message) in &cases {
        for rest in ["", "/configuration"] {
            let answer = raw
                .get(&function_path(name, rest, qualifier.as_deref()))
                .await;
            let what = format!(
                "GetFunction{} {case}",
                if rest.is_empty() { "" } else { "Configuration" }
            );
            assert_aws_error(&answer, &what, *status, error_type, *member, message);
        }
    }
}

#[tokio::test]
async fn listing_answers_match_the_recorded_shapes_and_errors() {
    let emulator = start().await;
    let raw = Raw::new(&emulator);

    let invalid = raw
        .get("/2015-03-31/functions/?FunctionVersion=invalid")
        .await;
    assert_aws_error(
        &invalid,
        "ListFunctions FunctionVersion=invalid",
        400,
        "ValidationException",
        Member::LowerOnly,
        "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
    );

    // Default listing: unqualified ARNs with Version $LATEST, a subset without State.
    let listed = raw.get("/2015-03-31/functions/").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header("content-type"), Some("application/json"));
    assert_request_id(&listed, "ListFunctions");
    let body = listed.json();
    assert!(
        !body.contains_key("NextMarker"),
        "no NextMarker on the last page"
    );
    let orders = body["Functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["FunctionName"] == "orders-api")
        .unwrap();
    assert_eq!(orders["FunctionArn"], format!("{ARN}:orders-api"));
    assert_eq!(orders["Version"], "$LATEST");
    assert!(orders.get("State").is_none(), "ListFunctions omits State");

    // FunctionVersion=ALL: $LATEST qualified in the ARN, then the versions.
    let all = raw
        .get("/2015-03-31/functions/?FunctionVersion=ALL")
        .await
        .json();
    let arns: Vec<&str> = all["Functions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["FunctionName"] == "orders-api")
        .map(|f| f["FunctionArn"].as_str().unwrap())
        .collect();
    assert_eq!(
        arns,
        ["$LATEST", "1", "2", "3"].map(|v| format!("{ARN}:orders-api:{v}"))
    );

    // ListVersionsByFunction: $LATEST first, qualified.
    let versions = raw
        .get(&function_path("orders-api", "/versions", None))
        .await
        .json();
    let first = &versions["Versions"][0];
    assert_eq!(
        (&first["Version"], &first["FunctionArn"]),
        (
            &json!("$LATEST"),
            &json!(format!("{ARN}:orders-api:$LATEST"))
        )
    );

    // GetFunction: unqualified, by version, by alias (Version is the alias's target).
    for (qualifier, arn, version) in [
        (None, format!("{ARN}:orders-api"), "$LATEST"),
        (
            Some("$LATEST"),
            format!("{ARN}:orders-api:$LATEST"),
            "$LATEST",
        ),
        (Some("1"), format!("{ARN}:orders-api:1"), "1"),
        (Some("live"), format!("{ARN}:orders-api:live"), "2"),
    ] {
        let got = raw.get(&function_path("orders-api", "", qualifier)).await;
        assert_eq!(got.status, 200);
        let c = &got.json()["Configuration"];
        assert_eq!(
            (&c["FunctionArn"], &c["Version"]),
            (&json!(arn), &json!(version)),
            "{qualifier:?}"
        );
    }
    let latest_in_name = raw
        .get(&function_path("orders-api:$LATEST", "/configuration", None))
        .await
        .json();
    assert_eq!(
        latest_in_name["FunctionArn"],
        format!("{ARN}:orders-api:$LATEST"),
        "get_function_latest_result"
    );
    let by_arn = raw
        .get(&function_path(&format!("{ARN}:orders-api:live"), "", None))
        .await
        .json();
    assert_eq!(
        by_arn["Configuration"]["FunctionArn"],
        format!("{ARN}:orders-api:live")
    );

    // GetAlias: 200, Description always present, RoutingConfig only when set.
    let prod = raw
        .get(&function_path("alexa-skill", "/aliases/prod", None))
        .await;
    assert_eq!(prod.status, 200);
    let prod = prod.json();
    assert_eq!(
        prod["Description"], "",
        "Description is sent even when empty"
    );
    assert!(
        !prod.contains_key("RoutingConfig"),
        "no RoutingConfig when unset"
    );
    assert_eq!(prod["AliasArn"], format!("{ARN}:alexa-skill:prod"));
    let live = raw
        .get(&function_path("orders-api", "/aliases/live", None))
        .await
        .json();
    assert_eq!(
        live["RoutingConfig"],
        json!({"AdditionalVersionWeights": {"3": 0.1}})
    );
    let missing = raw
        .get(&function_path("orders-api", "/aliases/nope", None))
        .await;
    assert_aws_error(
        &missing,
        "GetAlias unknown",
        404,
        "ResourceNotFoundException",
        Member::UpperWithType,
        &format!("Cannot find alias arn: {ARN}:orders-api:nope"),
    );
}

fn add_body(fields: Value) -> Vec<u8> {
    fields.to_string().into_bytes()
}

#[tokio::test]
async fn permission_errors_match_the_recorded_answers() {
    let emulator = start().await;
    let raw = Raw::new(&emulator);
    let grant = |sid: &str, principal: &str| {
        add_body(
            json!({"StatementId": sid, "Action": "lambda:InvokeFunction", "Principal": principal}),
        )
    };
    let post = |name: &str, qualifier: Option<&str>, body: Vec<u8>| {
        let path = function_path(name, "/policy", qualifier);
        let raw = &raw;
        async move { raw.call(Method::POST, &path, Some(body)).await }
    };
    let delete = |name: &str, sid: &str, qualifier: Option<&str>| {
        let path = function_path(name, &format!("/policy/{}", enc(sid)), qualifier);
        let raw = &raw;
        async move { raw.call(Method::DELETE, &path, None).await }
    };
    use Member::*;

    let a = post("orders-api", None, grant("example.com", "s3.amazonaws.com")).await;
    assert_aws_error(
        &a,
        "add_permission_invalid_statement_id",
        400,
        "ValidationException",
        LowerOnly,
        "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    );
    let a = post(
        "orders-api:live",
        Some("beta"),
        grant("x", "s3.amazonaws.com"),
    )
    .await;
    assert_aws_error(
        &a,
        "add_permission_fn_qualifier_mismatch",
        400,
        "InvalidParameterValueException",
        LowerWithType,
        "The derived qualifier from the function name does not match the specified qualifier.",
    );
    let a = post(
        "orders-api",
        Some("$LATEST"),
        grant("x", "s3.amazonaws.com"),
    )
    .await;
    assert_aws_error(
        &a,
        "add_permission_fn_qualifier_latest",
        400,
        "InvalidParameterValueException",
        LowerWithType,
        "We currently do not support adding policies for $LATEST.",
    );
    let a = post("orders-api", None, grant("x", "invalid.nonaws.com")).await;
    assert_aws_error(
        &a,
        "add_permission_principal_invalid",
        400,
        "InvalidParameterValueException",
        LowerWithType,
        "The provided principal was invalid. Please check the principal and try again.",
    );
    let a = raw
        .get(&function_path("doesnotexist", "/policy", None))
        .await;
    assert_aws_error(
        &a,
        "get_policy_fn_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        "The resource you requested does not exist.",
    );
    let a = raw
        .get(&function_path("orders-api", "/policy", Some("77")))
        .await;
    assert_aws_error(
        &a,
        "get_policy_fn_version_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        "The resource you requested does not exist.",
    );
    let a = post("doesnotexist", None, grant("x", "s3.amazonaws.com")).await;
    assert_aws_error(
        &a,
        "add_permission_fn_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        &format!("Function not found: {ARN}:doesnotexist"),
    );
    let a = delete("user-signup", "x", None).await;
    assert_aws_error(
        &a,
        "remove_permission_policy_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        "No policy is associated with the given resource.",
    );
    let a = post(
        "orders-api",
        Some("alias-doesnotexist"),
        grant("x", "s3.amazonaws.com"),
    )
    .await;
    assert_aws_error(
        &a,
        "add_permission_fn_alias_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        &format!("Cannot find alias arn: {ARN}:orders-api:alias-doesnotexist"),
    );
    let a = post("orders-api", Some("42"), grant("x", "s3.amazonaws.com")).await;
    assert_aws_error(
        &a,
        "add_permission_fn_version_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        &format!("Function not found: {ARN}:orders-api:42"),
    );
    let a = post(
        "orders-api",
        Some("invalid-qualifier-with-?-char"),
        grant("x", "s3.amazonaws.com"),
    )
    .await;
    assert_aws_error(
        &a,
        "add_permission_fn_qualifier_invalid",
        400,
        "ValidationException",
        LowerOnly,
        &format!(
            "1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: {QUALIFIER_PATTERN}"
        ),
    );
    let a = post(
        "orders-api",
        Some("valid-with-$-but-doesnotexist"),
        grant("x", "s3.amazonaws.com"),
    )
    .await;
    assert_aws_error(
        &a,
        "add_permission_fn_qualifier_valid_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        &format!("Function not found: {ARN}:orders-api:valid-with-$-but-doesnotexist"),
    );
    let a = post(
        "orders-api",
        None,
        grant("apigateway-invoke", "apigateway.amazonaws.com"),
    )
    .await;
    assert_aws_error(
        &a,
        "add_permission_conflicting_statement_id",
        409,
        "ResourceConflictException",
        LowerWithType,
        "The statement id (apigateway-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.",
    );
    let a = delete("doesnotexist", "x", None).await;
    assert_aws_error(
        &a,
        "remove_permission_fn_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        &format!("No policy found for: {ARN}:doesnotexist"),
    );
    let a = delete("orders-api", "x", Some("alias-doesnotexist")).await;
    assert_aws_error(
        &a,
        "remove_permission_fn_alias_doesnotexist",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        &format!("Cannot find alias arn: {ARN}:orders-api:alias-doesnotexist"),
    );
    let a = delete("orders-api", "non-existent", None).await;
    assert_aws_error(
        &a,
        "remove_permission_exception_nonexisting_sid",
        404,
        "ResourceNotFoundException",
        UpperWithType,
        "Statement non-existent is not found in resource policy.",
    );

    // The 412 was recorded with its bytes: `{"Type":"User","message":…}`, Content-Length 149.
    let mut stale = json!({"StatementId": "x", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"});
    stale["RevisionId"] = json!("00000000-0000-0000-0000-000000000000");
    let a = post("orders-api", None, add_body(stale)).await;
    assert_aws_error(
        &a,
        "add_permission_revision_exception",
        412,
        "PreconditionFailedException",
        LowerWithType,
        REVISION_MISMATCH,
    );
    assert_eq!(
        String::from_utf8(a.body.clone()).unwrap(),
        format!(r#"{{"Type":"User","message":"{REVISION_MISMATCH}"}}"#)
    );
    assert_eq!(a.header("content-length"), Some("149"));
}

#[tokio::test]
async fn generated_statements_have_aws_key_order_and_compact_json() {
    let emulator = start().await;
    let raw = Raw::new(&emulator);
    let resource = format!("{ARN}:user-signup");
    // (recorded case, request body, the statement AWS generated, in AWS's key order)
    let cases = [
        (
            "add_permission_principal_wildcard",
            json!({"StatementId": "wilcard", "Action": "lambda:InvokeFunction", "Principal": "*", "SourceAccount": "123456789012"}),
            json!({"Sid": "wilcard", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": resource,
                   "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}}}),
        ),
        (
            "add_permission_principal_service",
            json!({"StatementId": "lambda", "Action": "lambda:InvokeFunction", "Principal": "lambda.amazonaws.com", "SourceAccount": "123456789012"}),
            json!({"Sid": "lambda", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": resource,
                   "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}}}),
        ),
        (
            "add_permission_principal_account",
            json!({"StatementId": "account-id", "Action": "lambda:InvokeFunction", "Principal": "210987654321"}),
            json!({"Sid": "account-id", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "lambda:InvokeFunction", "Resource": resource}),
        ),
        (
            "add_permission_principal_arn",
            json!({"StatementId": "user-arn", "Action": "lambda:InvokeFunction", "Principal": "arn:aws:iam::123456789012:user/dev", "SourceAccount": "123456789012"}),
            json!({"Sid": "user-arn", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/dev"}, "Action": "lambda:InvokeFunction", "Resource": resource,
                   "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}}}),
        ),
        (
            "add_permission_optional_fields",
            json!({"StatementId": "urlPermission", "Action": "lambda:InvokeFunctionUrl", "Principal": "*", "SourceArn": "arn:aws:s3:::my-bucket",
                   "SourceAccount": "123456789012", "PrincipalOrgID": "o-1234567890", "FunctionUrlAuthType": "NONE"}),
            json!({"Sid": "urlPermission", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunctionUrl", "Resource": resource,
                   "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012", "lambda:FunctionUrlAuthType": "NONE", "aws:PrincipalOrgID": "o-1234567890"},
                                 "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::my-bucket"}}}),
        ),
        (
            "add_permission_alexa_skill",
            json!({"StatementId": "alexaSkill", "Action": "lambda:InvokeFunction", "Principal": "*", "EventSourceToken": "amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"}),
            json!({"Sid": "alexaSkill", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": resource,
                   "Condition": {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"}}}),
        ),
    ];
    let mut expected_statements = Vec::new();
    for (case, request, expected) in &cases {
        let a = raw
            .call(
                Method::POST,
                &function_path("user-signup", "/policy", None),
                Some(add_body(request.clone())),
            )
            .await;
        assert_eq!(
            a.status,
            201,
            "{case}: {}",
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(a.header("content-type"), Some("application/json"), "{case}");
        assert_request_id(&a, case);
        let body = a.json();
        assert_eq!(body.keys().collect::<Vec<_>>(), ["Statement"], "{case}");
        // Byte-for-byte: AWS's key order (Sid, Effect, Principal, Action, Resource, Condition),
        // compact separators.
        assert_eq!(body["Statement"], json!(expected.to_string()), "{case}");
        expected_statements.push(expected.clone());
    }

    // GetPolicy: the envelope in AWS's order, statements appended in insertion order.
    let got = raw
        .get(&function_path("user-signup", "/policy", None))
        .await;
    assert_eq!(got.status, 200);
    let body = got.json();
    assert_eq!(body.keys().collect::<Vec<_>>(), ["Policy", "RevisionId"]);
    let expected_policy =
        json!({"Version": "2012-10-17", "Id": "default", "Statement": expected_statements});
    assert_eq!(body["Policy"], json!(expected_policy.to_string()));
    let first_revision = body["RevisionId"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&first_revision).is_ok());

    // Removing keeps the others' order and moves the revision; removing all deletes the policy.
    let removed = raw
        .call(
            Method::DELETE,
            &function_path("user-signup", "/policy/account-id", None),
            None,
        )
        .await;
    assert_eq!(removed.status, 204);
    assert!(removed.body.is_empty(), "204 has no body");
    assert_request_id(&removed, "RemovePermission");
    let after = raw
        .get(&function_path("user-signup", "/policy", None))
        .await
        .json();
    let policy: Value = serde_json::from_str(after["Policy"].as_str().unwrap()).unwrap();
    let sids: Vec<&str> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap())
        .collect();
    assert_eq!(
        sids,
        [
            "wilcard",
            "lambda",
            "user-arn",
            "urlPermission",
            "alexaSkill"
        ]
    );
    assert_ne!(
        after["RevisionId"].as_str().unwrap(),
        first_revision,
        "RemovePermission moves the revision"
    );
    for sid in sids {
        let r = raw
            .call(
                Method::DELETE,
                &function_path("user-signup", &format!("/policy/{sid}"), None),
                None,
            )
            .await;
        assert_eq!(r.status, 204, "{sid}");
    }
    let gone = raw
        .get(&function_path("user-signup", "/policy", None))
        .await;
    assert_aws_error(
        &gone,
        "get_policy_exception_removed_all",
        404,
        "ResourceNotFoundException",
        Member::UpperWithType,
        "The resource you requested does not exist.",
    );

    // A qualifier's statement names the qualified resource (get_policy_version / get_policy_alias).
    for qualifier in ["1", "staging"] {
        let a = raw
            .call(
                Method::POST,
                &function_path("inventory-sync", "/policy", Some(qualifier)),
                Some(add_body(json!({"StatementId": "s3", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}))),
            )
            .await;
        assert_eq!(
            a.status,
            201,
            "{qualifier}: {}",
            String::from_utf8_lossy(&a.body)
        );
        let statement: Value =
            serde_json::from_str(a.json()["Statement"].as_str().unwrap()).unwrap();
        assert_eq!(
            statement["Resource"],
            format!("{ARN}:inventory-sync:{qualifier}"),
            "the same Sid on each qualifier's own policy"
        );
    }
}

#[tokio::test]
async fn malformed_oversized_and_unroutable_requests_get_aws_shaped_errors() {
    let emulator = start().await;
    let raw = Raw::new(&emulator);
    let policy = function_path("orders-api", "/policy", None);

    let malformed = raw
        .call(Method::POST, &policy, Some(b"{\"StatementId\": ".to_vec()))
        .await;
    assert_eq!(
        malformed.status,
        400,
        "{}",
        String::from_utf8_lossy(&malformed.body)
    );
    assert_eq!(
        malformed.header("x-amzn-errortype"),
        Some("InvalidRequestContentException")
    );
    assert_eq!(malformed.header("content-type"), Some("application/json"));
    assert_request_id(&malformed, "malformed JSON");
    let body = malformed.json();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Could not parse request body into json"),
        "{body:?}"
    );
    assert!(!body.contains_key("__type"));

    let not_an_object = raw
        .call(Method::POST, &policy, Some(b"[1,2]".to_vec()))
        .await;
    assert_eq!(not_an_object.status, 400);
    assert_eq!(
        not_an_object.header("x-amzn-errortype"),
        Some("InvalidRequestContentException")
    );

    let mut big = b"{\"StatementId\":\"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 300 * 1024));
    big.extend(b"\"}");
    let oversized = raw.call(Method::POST, &policy, Some(big)).await;
    assert_eq!(
        oversized.status,
        413,
        "{}",
        String::from_utf8_lossy(&oversized.body)
    );
    assert_eq!(
        oversized.header("x-amzn-errortype"),
        Some("RequestEntityTooLargeException")
    );
    assert_eq!(oversized.header("content-type"), Some("application/json"));
    assert_request_id(&oversized, "oversized body");
    assert!(
        oversized.json()["Message"]
            .as_str()
            .is_some_and(|m| m.contains("bytes"))
    );

    for (method, path) in [
        (Method::GET, "/2015-03-31/nothing-here".to_string()),
        (Method::GET, "/".to_string()),
        (Method::PUT, policy.clone()),
        (
            Method::GET,
            "/2015-03-31/functions/orders-api/policy/a/b".to_string(),
        ),
    ] {
        let answer = raw.call(method.clone(), &path, None).await;
        let what = format!("{method} {path}");
        assert!(
            (400..500).contains(&answer.status),
            "{what}: a 4xx, got {}",
            answer.status
        );
        assert_eq!(
            answer.header("x-amzn-errortype"),
            Some("UnknownOperationException"),
            "{what}"
        );
        assert_eq!(
            answer.header("content-type"),
            Some("application/json"),
            "{what}"
        );
        assert_request_id(&answer, &what);
        assert!(
            answer.json().contains_key("message") || answer.json().contains_key("Message"),
            "{what}"
        );
    }
}
