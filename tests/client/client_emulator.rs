//! The real client over loopback against the embedded emulator: every operation, every error.

use crate::common;

use common::*;
use futures_util::StreamExt;
use lambda_policy::emulator::{FaultConfig, add_synthetic_functions};
use lambda_policy::lambda::LambdaError;
use lambda_policy::policy::{ErrorType, PermissionRequest};

fn grant(function: &str, sid: &str, principal: &str) -> PermissionRequest {
    PermissionRequest {
        function_name: Some(function.into()),
        statement_id: Some(sid.into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some(principal.into()),
        ..Default::default()
    }
}

fn aws_error(error: &LambdaError) -> (ErrorType, String) {
    let aws = error
        .aws()
        .unwrap_or_else(|| panic!("expected an AWS error, got {error}"));
    (aws.known.expect("a known error type"), aws.message.clone())
}

#[tokio::test]
async fn lists_every_function_and_version() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let functions = client.list_all_functions().await.unwrap();
    assert_eq!(functions.len(), 12);
    assert!(
        functions
            .iter()
            .all(|f| f.account().as_deref() == Some("123456789012"))
    );
    let orders = functions
        .iter()
        .find(|f| f.function_name == "orders-api")
        .unwrap();
    assert_eq!(
        orders.function_arn,
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
    );
    assert_eq!(orders.version.as_deref(), Some("$LATEST"));
    let page = client
        .list_functions_page(true, None, Some(50))
        .await
        .unwrap();
    assert!(
        page.items
            .iter()
            .any(|f| f.function_arn.ends_with("orders-api:$LATEST"))
    );
    assert!(
        page.items
            .iter()
            .any(|f| f.function_arn.ends_with("orders-api:3"))
    );
}

#[tokio::test]
async fn pages_through_ten_thousand_functions_fifty_at_a_time() {
    let mut account = demo_account();
    add_synthetic_functions(&mut account, 10_000);
    let emulator = start_with(account, FaultConfig::default()).await;
    let client = client(&emulator);
    let first = client
        .list_functions_page(false, None, Some(1000))
        .await
        .unwrap();
    assert_eq!(
        first.items.len(),
        50,
        "AWS caps a page at 50 whatever MaxItems says"
    );
    let pages: Vec<_> = client.list_functions(false).collect().await;
    assert_eq!(pages.len(), 10_012_usize.div_ceil(50));
    let names: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.unwrap().items)
        .map(|f| f.function_name)
        .collect();
    assert_eq!(names.len(), 10_012);
    let mut sorted = names.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "no function twice across pages");
}

#[tokio::test]
async fn qualifiers_have_their_own_configuration() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let alias = client
        .get_function("orders-api", Some("live"))
        .await
        .unwrap();
    assert_eq!(
        alias.function_arn,
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api:live"
    );
    assert_eq!(alias.version.as_deref(), Some("2"));
    let by_arn = client
        .get_function(
            "arn:aws:lambda:us-east-1:123456789012:function:orders-api:1",
            None,
        )
        .await
        .unwrap();
    assert_eq!(by_arn.version.as_deref(), Some("1"));
    let versions = client.list_versions("orders-api").await.unwrap();
    let numbers: Vec<_> = versions
        .iter()
        .map(|v| v.version.clone().unwrap())
        .collect();
    assert_eq!(numbers, ["$LATEST", "1", "2", "3"]);
    let aliases = client.list_aliases("orders-api", None).await.unwrap();
    assert_eq!(
        aliases.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["beta", "live"]
    );
    let live = client.get_alias("orders-api", "live").await.unwrap();
    assert_eq!(
        live.routing_config.unwrap().additional_version_weights["3"],
        0.1
    );
    let routed_to_3 = client.list_aliases("orders-api", Some("3")).await.unwrap();
    assert_eq!(
        routed_to_3.len(),
        2,
        "beta targets 3 and live routes 10% to 3"
    );
    let err = client.get_alias("orders-api", "nope").await.unwrap_err();
    assert_eq!(
        aws_error(&err),
        (
            ErrorType::ResourceNotFound,
            "Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:orders-api:nope"
                .into()
        )
    );
}

#[tokio::test]
async fn each_qualifier_has_its_own_policy_and_none_is_empty() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let unqualified = client.get_policy("orders-api", None).await.unwrap();
    let live = client.get_policy("orders-api", Some("live")).await.unwrap();
    let version_one = client.get_policy("orders-api", Some("1")).await.unwrap();
    assert_eq!(unqualified.statement_count(), 1);
    assert_eq!(live.statement_count(), 2);
    assert_eq!(version_one.statement_count(), 0);
    assert_eq!(version_one.revision_id, None);
    assert_ne!(unqualified.revision_id, live.revision_id);
    let resource = &live.document.unwrap().statements[0].resource[0];
    assert_eq!(
        resource,
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api:live"
    );
    let none = client.get_policy("user-signup", None).await.unwrap();
    assert_eq!(none.document, None);
}

#[tokio::test]
async fn add_get_remove_round_trip_with_revisions() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let before = client.get_policy("image-resizer", Some("1")).await.unwrap();
    assert_eq!(before.statement_count(), 0);
    let mut request = grant("image-resizer", "sns-1", "sns.amazonaws.com");
    request.qualifier = Some("1".into());
    request.source_arn = Some("arn:aws:sns:us-east-1:123456789012:resize".into());
    let added = client.add_permission(&request).await.unwrap();
    assert_eq!(added.reconciled, None);
    assert_eq!(
        added.statement.unwrap()["Resource"],
        "arn:aws:lambda:us-east-1:123456789012:function:image-resizer:1"
    );
    let after = client.get_policy("image-resizer", Some("1")).await.unwrap();
    assert_eq!(after.statement_count(), 1);
    let revision = after.revision_id.clone().unwrap();
    // the unqualified function's policy is untouched
    assert_eq!(
        client
            .get_policy("image-resizer", None)
            .await
            .unwrap()
            .statement_count(),
        0
    );
    // a stale revision is refused, on add and on remove
    let mut stale = grant("image-resizer", "sns-2", "sns.amazonaws.com");
    stale.qualifier = Some("1".into());
    stale.revision_id = Some("00000000-0000-0000-0000-000000000000".into());
    let err = client.add_permission(&stale).await.unwrap_err();
    assert_eq!(aws_error(&err).0, ErrorType::PreconditionFailed);
    assert_eq!(err.aws().unwrap().status, 412);
    let err = client
        .remove_permission("image-resizer", "sns-1", Some("1"), Some("stale"))
        .await
        .unwrap_err();
    assert_eq!(
        aws_error(&err).1,
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"
    );
    client
        .remove_permission("image-resizer", "sns-1", Some("1"), Some(&revision))
        .await
        .unwrap();
    // removing the last statement deletes the policy
    assert_eq!(
        client
            .get_policy("image-resizer", Some("1"))
            .await
            .unwrap()
            .document,
        None
    );
}

#[tokio::test]
async fn every_aws_error_comes_back_typed_with_its_message() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let arn = "arn:aws:lambda:us-east-1:123456789012:function";
    let duplicate = grant(
        "orders-api",
        "apigateway-invoke",
        "apigateway.amazonaws.com",
    );
    let mut missing_alias = grant("orders-api", "x", "sns.amazonaws.com");
    missing_alias.qualifier = Some("alias-doesnotexist".into());
    let mut missing_version = grant("orders-api", "x", "sns.amazonaws.com");
    missing_version.qualifier = Some("42".into());
    let mut latest = grant("orders-api", "x", "sns.amazonaws.com");
    latest.qualifier = Some("$LATEST".into());
    let mut mismatch = grant("orders-api:live", "x", "sns.amazonaws.com");
    mismatch.qualifier = Some("beta".into());
    let cases: Vec<(PermissionRequest, ErrorType, String)> = vec![
        (duplicate, ErrorType::ResourceConflict, "The statement id (apigateway-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.".into()),
        (grant("doesnotexist", "x", "sns.amazonaws.com"), ErrorType::ResourceNotFound, format!("Function not found: {arn}:doesnotexist")),
        (missing_alias, ErrorType::ResourceNotFound, format!("Cannot find alias arn: {arn}:orders-api:alias-doesnotexist")),
        (missing_version, ErrorType::ResourceNotFound, format!("Function not found: {arn}:orders-api:42")),
        (latest, ErrorType::InvalidParameterValue, "We currently do not support adding policies for $LATEST.".into()),
        (mismatch, ErrorType::InvalidParameterValue, "The derived qualifier from the function name does not match the specified qualifier.".into()),
        (grant("orders-api", "x", "invalid.nonaws.com"), ErrorType::InvalidParameterValue, "The provided principal was invalid. Please check the principal and try again.".into()),
        (grant("orders-api", "example.com", "sns.amazonaws.com"), ErrorType::Validation, "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)".into()),
    ];
    for (request, error_type, message) in cases {
        let err = client.add_permission(&request).await.unwrap_err();
        assert_eq!(
            aws_error(&err),
            (error_type, message.clone()),
            "{request:?}"
        );
        assert!(
            err.request_id()
                .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok()),
            "request id is a UUID"
        );
    }
    let err = client
        .remove_permission("orders-api", "non-existent", None, None)
        .await
        .unwrap_err();
    assert_eq!(
        aws_error(&err),
        (
            ErrorType::ResourceNotFound,
            "Statement non-existent is not found in resource policy.".into()
        )
    );
    let err = client
        .remove_permission("user-signup", "x", None, None)
        .await
        .unwrap_err();
    assert_eq!(
        aws_error(&err).1,
        "No policy is associated with the given resource."
    );
    let err = client
        .remove_permission("doesnotexist", "x", None, None)
        .await
        .unwrap_err();
    assert_eq!(
        aws_error(&err).1,
        format!("No policy found for: {arn}:doesnotexist")
    );
    let err = client.get_function("doesnotexist", None).await.unwrap_err();
    assert_eq!(
        aws_error(&err).1,
        format!("Function not found: {arn}:doesnotexist")
    );
}

#[tokio::test]
async fn the_policy_size_limit_is_enforced_with_the_size_in_the_message() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let mut last_error = None;
    for i in 0..200 {
        let mut request = grant(
            "user-signup",
            &format!("statement-number-{i:03}"),
            "sns.amazonaws.com",
        );
        request.source_arn = Some(format!(
            "arn:aws:sns:us-east-1:123456789012:{}",
            "t".repeat(60)
        ));
        if let Err(e) = client.add_permission(&request).await {
            last_error = Some(e);
            break;
        }
    }
    let err = last_error.expect("20 KB is reached within 200 statements");
    let (error_type, message) = aws_error(&err);
    assert_eq!(error_type, ErrorType::PolicyLengthExceeded);
    assert!(
        message.starts_with("The final policy size (")
            && message.ends_with(") is bigger than the limit (20480)."),
        "{message}"
    );
    let policy = client.get_policy("user-signup", None).await.unwrap();
    assert!(policy.size_bytes() <= 20480);
}

#[tokio::test]
async fn full_arns_and_partial_arns_sign_and_route() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    for name in [
        "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
        "123456789012:function:orders-api",
        "us-east-1:123456789012:function:orders-api",
        "orders-api:live",
    ] {
        let policy = client
            .get_policy(name, None)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(policy.statement_count() > 0, "{name}");
    }
    let mut request = grant(
        "arn:aws:lambda:us-east-1:123456789012:function:thumbnailer",
        "with-arn",
        "events.amazonaws.com",
    );
    request.source_arn = Some("arn:aws:events:us-east-1:123456789012:rule/r".into());
    client.add_permission(&request).await.unwrap();
    client
        .remove_permission(
            "arn:aws:lambda:us-east-1:123456789012:function:thumbnailer",
            "with-arn",
            None,
            None,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried_until_they_pass() {
    let faults = FaultConfig {
        throttle_rate: 0.3,
        error_rate: 0.1,
        seed: Some(7),
        ..Default::default()
    };
    let emulator = start_with(demo_account(), faults).await;
    let client = client(&emulator);
    for _ in 0..20 {
        assert_eq!(client.list_all_functions().await.unwrap().len(), 12);
    }
}

#[tokio::test]
async fn persistent_throttling_is_reported_after_bounded_retries() {
    let emulator = start_with(
        demo_account(),
        FaultConfig {
            throttle_rate: 1.0,
            ..Default::default()
        },
    )
    .await;
    let client = client(&emulator);
    let err = client.get_policy("orders-api", None).await.unwrap_err();
    let LambdaError::RetriesExhausted { attempts, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*attempts, client.retry.max_attempts);
    let aws = err.aws().unwrap();
    assert_eq!(
        (aws.known, aws.status, aws.message.as_str()),
        (Some(ErrorType::TooManyRequests), 429, "Rate exceeded")
    );
    assert_eq!(aws.retry_after, Some(std::time::Duration::from_secs(1)));
    let emulator = start_with(
        demo_account(),
        FaultConfig {
            error_rate: 1.0,
            ..Default::default()
        },
    )
    .await;
    let err = common::client(&emulator)
        .get_policy("orders-api", None)
        .await
        .unwrap_err();
    assert_eq!(err.aws().unwrap().known, Some(ErrorType::Service));
    assert!(err.to_string().contains("gave up after"));
}

#[tokio::test]
async fn a_write_whose_answer_is_lost_is_reconciled_by_reading_the_policy() {
    let emulator = start_with(
        demo_account(),
        FaultConfig {
            drop_after_write_rate: 1.0,
            ..Default::default()
        },
    )
    .await;
    let client = client(&emulator);
    let mut request = grant("user-signup", "cognito", "cognito-idp.amazonaws.com");
    request.source_arn =
        Some("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc".into());
    let outcome = client.add_permission(&request).await.unwrap();
    assert!(
        outcome
            .reconciled
            .as_deref()
            .is_some_and(|r| r.contains("was added")),
        "{outcome:?}"
    );
    assert!(outcome.attempts >= 2);
    let policy = client.get_policy("user-signup", None).await.unwrap();
    assert_eq!(policy.statement_count(), 1, "added exactly once");
    let removed = client
        .remove_permission("user-signup", "cognito", None, None)
        .await
        .unwrap();
    assert!(
        removed
            .reconciled
            .as_deref()
            .is_some_and(|r| r.contains("was removed"))
    );
    assert_eq!(
        client
            .get_policy("user-signup", None)
            .await
            .unwrap()
            .document,
        None
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_and_never_shown() {
    let emulator = start_demo().await;
    let client = client_for(&emulator.url(), "wrong-secret-value-XYZ");
    let err = client.list_all_functions().await.unwrap_err();
    assert_eq!(err.aws().unwrap().known, Some(ErrorType::InvalidSignature));
    assert_eq!(err.aws().unwrap().status, 403);
    let shown = format!("{err} {err:?} {client:?} {:?}", client.connection());
    assert!(!shown.contains("wrong-secret-value-XYZ"), "{shown}");
}

#[tokio::test]
async fn unsigned_and_badly_signed_requests_are_refused() {
    let emulator = start_demo().await;
    let http = reqwest::Client::new();
    let url = format!("{}/2015-03-31/functions/orders-api/policy", emulator.url());
    let unsigned = http.get(&url).send().await.unwrap();
    assert_eq!(unsigned.status(), 403);
    assert_eq!(
        unsigned.headers()["x-amzn-errortype"],
        "MissingAuthenticationTokenException"
    );
    let now = time::OffsetDateTime::now_utc();
    let amz_date = now
        .format(time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap();
    let day = &amz_date[..8];
    let forged = http
        .get(&url)
        .header("x-amz-date", &amz_date)
        .header("authorization", format!("AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{day}/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature={}", "0".repeat(64)))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(
        forged.headers()["x-amzn-errortype"],
        "InvalidSignatureException"
    );
    let body: serde_json::Value = forged.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("The request signature we calculated does not match")
    );
}

#[tokio::test]
async fn a_listing_whose_next_marker_never_changes_ends_with_an_error() {
    use axum::routing::get;
    let app = axum::Router::new().route(
        "/2015-03-31/functions/",
        get(|| async { axum::Json(serde_json::json!({"Functions": [], "NextMarker": "same"})) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = client_for(&format!("http://{addr}"), SECRET_KEY);
    let err = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        client.list_all_functions(),
    )
    .await
    .expect("the listing ends")
    .unwrap_err();
    assert!(err.to_string().contains("\"same\" a second time"), "{err}");
}

#[tokio::test]
async fn function_urls_are_read_one_by_one_and_listed() {
    let mut account = demo_account();
    let now = time::OffsetDateTime::now_utc();
    account
        .create_url_config(
            "thumbnailer",
            None,
            br#"{"AuthType":"NONE"}"#,
            "a".repeat(32),
            now,
        )
        .unwrap();
    for (qualifier, auth) in [(None, "AWS_IAM"), (Some("live"), "NONE")] {
        let body = format!(r#"{{"AuthType":"{auth}"}}"#);
        account
            .create_url_config(
                "orders-api",
                qualifier,
                body.as_bytes(),
                "b".repeat(32),
                now,
            )
            .unwrap();
    }
    let emulator = start_with(account, FaultConfig::default()).await;
    let client = client(&emulator);
    let url = client
        .get_function_url_config("thumbnailer", None)
        .await
        .unwrap()
        .expect("thumbnailer has a URL");
    assert_eq!(url.auth_type, "NONE");
    assert_eq!(
        url.function_url,
        format!("https://{}.lambda-url.us-east-1.on.aws/", "a".repeat(32))
    );
    assert_eq!(url.qualifier(), None);
    assert_eq!(
        client
            .get_function_url_config("user-signup", None)
            .await
            .unwrap(),
        None
    );
    let urls = client
        .list_function_url_configs("orders-api")
        .await
        .unwrap();
    let seen: Vec<(Option<&str>, &str)> = urls
        .iter()
        .map(|u| (u.qualifier(), u.auth_type.as_str()))
        .collect();
    assert_eq!(seen, [(None, "AWS_IAM"), (Some("live"), "NONE")]);
    let missing = client
        .list_function_url_configs("no-such-fn")
        .await
        .unwrap_err();
    assert!(
        missing.to_string().contains("Function does not exist"),
        "{missing}"
    );
}

#[tokio::test]
async fn a_pretty_printed_policy_that_fits_compact_is_put_though_longer_than_the_member_allows() {
    let emulator = start_demo().await;
    let client = client(&emulator);
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:thumbnailer";
    let statements: Vec<serde_json::Value> = (0..60)
        .map(|i| {
            serde_json::json!({
                "Sid": format!("account-{i:02}"),
                "Effect": "Allow",
                "Principal": {"AWS": format!("1111222233{i:02}")},
                "Action": "lambda:InvokeFunction",
                "Resource": arn,
            })
        })
        .collect();
    let document = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
    // Wide indentation, as an editor might leave it: far over 20,480 characters as written.
    let pretty = serde_json::to_string_pretty(&document)
        .unwrap()
        .replace("\n  ", "\n                    ");
    assert!(pretty.chars().count() > 20_480, "{}", pretty.len());
    assert!(document.to_string().len() < 20_480);
    let written = client
        .put_resource_policy(arn, &pretty, None)
        .await
        .unwrap();
    let policy = written.policy.expect("the policy after the put");
    assert_eq!(policy.document.statements.len(), 60);
    assert_eq!(
        policy.text,
        document.to_string(),
        "stored compact, in order"
    );
}

#[tokio::test]
async fn a_server_that_is_gone_is_said_plainly_with_where() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut client = common::client_for(&format!("http://127.0.0.1:{port}"), "secret");
    client.retry.max_attempts = 1;
    let error = client.list_all_functions().await.unwrap_err().to_string();
    assert!(
        error.contains(&format!("cannot connect to 127.0.0.1:{port}")),
        "{error}"
    );
    assert!(
        !error.contains("client error (Connect)"),
        "no library chain: {error}"
    );
}
