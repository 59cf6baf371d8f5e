//! Bad input everywhere: arbitrary error bodies, arbitrary requests to the emulator, odd
//! names and paths. Nothing panics; every answer is AWS-shaped.

use crate::common;

use axum::body::Body;
use lambda_policy::emulator::auth::AuthMode;
use lambda_policy::emulator::faults::{FaultConfig, Faults};
use lambda_policy::emulator::handler::Shared;
use lambda_policy::emulator::http::router;
use lambda_policy::lambda::response::RawResponse;
use proptest::prelude::*;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// One emulator for all the generated requests, so damage done by one (a poisoned lock, say)
/// shows in the next.
fn app() -> axum::Router {
    static APP: std::sync::OnceLock<axum::Router> = std::sync::OnceLock::new();
    APP.get_or_init(fresh_app).clone()
}

fn fresh_app() -> axum::Router {
    router(Arc::new(Shared {
        account: Mutex::new(common::demo_account()),
        auth: AuthMode::AnyWellFormed,
        faults: Faults::new(FaultConfig::default()),
        state_file: None,
        body_read_timeout: lambda_policy::emulator::server::BODY_READ_TIMEOUT,
        quota: None,
    }))
}

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIAX/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";

/// Sends one request to the router and checks the answer is AWS-shaped.
async fn answer(method: &str, path: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1")
        .header("x-amz-date", "20260101T000000Z")
        .header("authorization", AUTH)
        .body(Body::from(body))
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    assert!(
        headers.contains_key("x-amzn-requestid"),
        "{method} {path}: no request id"
    );
    if status >= 400 {
        assert!(
            headers.contains_key("x-amzn-errortype"),
            "{method} {path}: {status} without x-amzn-ErrorType"
        );
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "{method} {path}: {status} body is not JSON: {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        assert!(
            value.get("message").or(value.get("Message")).is_some(),
            "{value}"
        );
        return (status, value);
    }
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_error_body_gives_an_error_not_a_panic(
        status in 300u16..600,
        body in proptest::collection::vec(any::<u8>(), 0..300),
        error_type in proptest::option::of("[A-Za-z#:]{0,30}"),
        retry_after in proptest::option::of(prop_oneof![any::<String>(), any::<f64>().prop_map(|f| f.to_string()), Just("inf".to_string()), Just("-1".to_string())]),
    ) {
        let raw = RawResponse { status, content_type: None, error_type, request_id: None, retry_after, body };
        let text = raw.into_error().to_string();
        prop_assert!(!text.is_empty());
    }

    #[test]
    fn any_request_to_the_emulator_gets_an_aws_shaped_answer(
        method in prop_oneof![Just("GET"), Just("POST"), Just("DELETE"), Just("PUT")],
        name in prop_oneof!["[a-zA-Z0-9:%$._~\\-]{0,40}", "arn(:[a-z0-9$]{0,12}){0,7}", "(arn%3A)?[a-z]{0,4}(%3A[a-z0-9]{0,6}){0,6}"],
        tail in prop_oneof![Just(""), Just("/policy"), Just("/policy/s3"), Just("/aliases"), Just("/versions"), Just("/configuration"), Just("/aliases/live")],
        query in prop_oneof![Just(""), Just("?Qualifier=live"), Just("?Qualifier=%24LATEST"), Just("?MaxItems=0"), Just("?Marker=zz"), Just("?FunctionVersion=x")],
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let path = format!("/2015-03-31/functions/{name}{tail}{query}");
        if let Ok(uri) = path.parse::<http::Uri>() {
            let (status, _) = runtime().block_on(answer(method, &uri.to_string(), body));
            prop_assert!(status < 500, "{method} {path}: {status}");
        }
    }

    #[test]
    fn any_json_body_to_add_permission_is_judged_not_crashed(body in "\\{(\"[A-Za-z]{1,16}\":(\"[^\"]{0,20}\"|true|1|null|\\[\\]),?){0,6}\\}") {
        let (status, _) = runtime().block_on(answer("POST", "/2015-03-31/functions/user-signup/policy", body.into_bytes()));
        prop_assert!(status == 201 || (400..500).contains(&status));
    }

    /// Any text, and any cut of a real document, is judged with spans inside the text: the
    /// editor underlines them, so one past the end, or inside a character, would be a bug.
    #[test]
    fn any_text_as_a_whole_policy_gives_problems_inside_the_text(
        text in prop_oneof![
            any::<String>(),
            (0usize..400, "[\\s\\S]{0,3}").prop_map(|(cut, junk)| {
                let doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"é\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},\"Action\":\"lambda:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":true}}}]}";
                let cut = (0..=cut.min(doc.len())).rev().find(|&i| doc.is_char_boundary(i)).unwrap_or(0);
                format!("{}{junk}{}", &doc[..cut], &doc[cut..])
            }),
        ],
    ) {
        let arn = lambda_policy::policy::Arn::parse("arn:aws:lambda:us-east-1:111122223333:function:f").unwrap();
        let problems = lambda_policy::policy::validate_document(&text, &arn);
        // Nothing vacuous: text that is not JSON has at least its syntax problem.
        if serde_json::from_str::<serde_json::Value>(&text).is_err() {
            prop_assert!(!problems.is_empty(), "no problem found in {:?}", text);
        }
        for problem in problems {
            let span = problem.span;
            prop_assert!(span.start <= span.end && span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            prop_assert!(span.line >= 1 && span.column >= 1 && !problem.message.is_empty());
            // Past syntax, a span is a token of the document: it starts where one starts.
            if !problem.message.starts_with("not valid JSON") {
                let first = text[span.start..].chars().next();
                prop_assert!(
                    first.is_some_and(|c| "\"{[-0123456789tfn".contains(c)),
                    "{} points at {:?}", problem.message, &text[span.start..span.end]
                );
            }
        }
    }
}

#[tokio::test]
async fn malformed_json_oversized_bodies_traversal_and_odd_encodings_get_aws_errors() {
    let (status, body) = answer(
        "POST",
        "/2015-03-31/functions/orders-api/policy",
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Could not parse request body into json")
    );
    let (status, _) = answer(
        "POST",
        "/2015-03-31/functions/orders-api/policy",
        vec![b'x'; 300 * 1024],
    )
    .await;
    assert_eq!(status, 413);
    for path in [
        "/2015-03-31/functions/..%2F..%2Fetc%2Fpasswd/policy",
        "/2015-03-31/functions/../../etc/passwd",
        "/2015-03-31/functions/orders%00api/policy",
        "/2015-03-31/functions/%E2%98%83/policy",
        "/2015-03-31/functions/%ZZ/policy",
        "/2015-03-31/functions/orders-api/policy/..%2Fx",
        "/etc/passwd",
    ] {
        let (status, _) = answer("GET", path, Vec::new()).await;
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    // percent-encoded and raw colons in an ARN route alike
    let (a, _) = answer("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-api/policy", Vec::new()).await;
    let (b, _) = answer(
        "GET",
        "/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-api/policy",
        Vec::new(),
    )
    .await;
    assert_eq!((a, b), (200, 200));
}

#[test]
fn serve_binds_loopback_unless_told_otherwise() {
    use clap::CommandFactory;
    let command = lambda_policy::cli::Cli::command();
    let serve = command.find_subcommand("serve").unwrap();
    let bind = serve
        .get_arguments()
        .find(|a| a.get_id() == "bind")
        .unwrap();
    let default = bind.get_default_values()[0].to_str().unwrap();
    assert!(default.starts_with("127.0.0.1:"), "{default}");
}

#[tokio::test]
async fn a_slow_client_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let emulator = lambda_policy::emulator::start(lambda_policy::emulator::EmulatorConfig {
        connections: lambda_policy::emulator::ConnectionLimits {
            header_read_timeout: std::time::Duration::from_millis(300),
            ..Default::default()
        },
        ..lambda_policy::emulator::EmulatorConfig::on_loopback(
            common::demo_account(),
            AuthMode::AnyWellFormed,
        )
    })
    .await
    .unwrap();
    let mut stream = tokio::net::TcpStream::connect(emulator.addr).await.unwrap();
    stream
        .write_all(b"GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(3),
        stream.read_to_end(&mut buffer),
    )
    .await;
    // Ok(0 bytes) or a reset: either way the connection ended, which is what is checked here
    let _ = read.expect("the server closes the connection instead of waiting forever");
    let text = String::from_utf8_lossy(&buffer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}
