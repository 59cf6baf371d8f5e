//! Where the client's credentials, region and endpoint come from, resolved by
//! `lambda_policy::lambda::config::resolve` as the AWS CLI resolves them: flags, environment
//! variables, the config file's profiles and `services` sections, then the regional default.
//!
//! Environment variables are process-wide, so everything runs in ONE test, in order, with HOME
//! and both AWS files pointed at a temporary folder: no real ~/.aws is read, and the
//! instance-metadata service is disabled.

use lambda_policy::emulator::{self, AuthMode, EmulatorConfig, KeyPair};
use lambda_policy::lambda::config::resolve;
use lambda_policy::lambda::{Connection, ConnectionRequest, LambdaClient, LambdaError};
use lambda_policy::policy::ErrorType;
use std::path::{Path, PathBuf};

const FILE_KEY: &str = "AKIAFROMCREDENTIALS1";
const FILE_SECRET: &str = "secret/from+the/credentials+file0123456";

/// Every variable that could steer the chain, cleared before each scenario.
const AWS_VARS: [&str; 22] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_LAMBDA",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_SDK_LOAD_CONFIG",
    "AWS_CA_BUNDLE",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
];

const CONFIG: &str = r#"
[default]
region = sa-east-1

[profile dev]
region = ap-southeast-2

[profile svc]
region = eu-central-1
services = local-lambda
endpoint_url = http://localhost:1111

[services local-lambda]
lambda =
  endpoint_url = http://127.0.0.1:4566

[profile withurl]
region = eu-west-2
endpoint_url = http://localhost:5000

[profile noregion]
output = json

[profile china]
region = cn-north-1

[profile govcloud]
region = us-gov-west-1

[profile remote]
region = us-east-1
endpoint_url = http://lambda.internal.example:9000

[profile wrongkey]
region = us-east-1

[profile temporary]
region = us-east-1
"#;

fn credentials_file() -> String {
    format!(
        "[default]\naws_access_key_id = {FILE_KEY}\naws_secret_access_key = {FILE_SECRET}\n\n\
         [wrongkey]\naws_access_key_id = {FILE_KEY}\naws_secret_access_key = not-the-right-secret\n\n\
         [temporary]\naws_access_key_id = {FILE_KEY}\naws_secret_access_key = {FILE_SECRET}\n\
         aws_session_token = FQoGZXIvYXdzEXAMPLEsessiontoken\n"
    )
}

struct Env {
    home: PathBuf,
    config: PathBuf,
    credentials: PathBuf,
}

fn set(name: &str, value: impl AsRef<std::ffi::OsStr>) {
    // SAFETY: the test runs alone in its own process (`common::alone`): no other thread reads
    // the environment meanwhile.
    unsafe { std::env::set_var(name, value) }
}

impl Env {
    fn new(dir: &Path) -> Env {
        let home = dir.join("home");
        std::fs::create_dir_all(home.join(".aws")).unwrap();
        let config = dir.join("config");
        let credentials = dir.join("credentials");
        std::fs::write(&config, CONFIG).unwrap();
        std::fs::write(&credentials, credentials_file()).unwrap();
        Env {
            home,
            config,
            credentials,
        }
    }

    /// A clean slate: no AWS variable but the temporary files and IMDS disabled.
    fn reset(&self) {
        for name in AWS_VARS {
            // SAFETY: as in `set`.
            unsafe { std::env::remove_var(name) }
        }
        set("HOME", &self.home);
        set("AWS_CONFIG_FILE", &self.config);
        set("AWS_SHARED_CREDENTIALS_FILE", &self.credentials);
        set("AWS_EC2_METADATA_DISABLED", "true");
    }
}

fn request() -> ConnectionRequest {
    ConnectionRequest::default()
}

fn profile(name: &str) -> ConnectionRequest {
    ConnectionRequest {
        profile: Some(name.into()),
        ..Default::default()
    }
}

async fn ok(what: &str, request: &ConnectionRequest) -> Connection {
    resolve(request)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"))
}

async fn region_and_endpoint(what: &str, request: &ConnectionRequest) -> (String, String) {
    let c = ok(what, request).await;
    (c.region, c.endpoint.url)
}

#[tokio::test]
async fn credentials_region_and_endpoint_resolve_as_the_aws_cli_resolves_them() {
    if !crate::common::alone(
        "client_config::credentials_region_and_endpoint_resolve_as_the_aws_cli_resolves_them",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let env = Env::new(dir.path());

    // Region: the flag, then AWS_REGION over AWS_DEFAULT_REGION, then the profile's.
    env.reset();
    set("AWS_REGION", "eu-west-1");
    set("AWS_DEFAULT_REGION", "us-west-2");
    assert_eq!(
        region_and_endpoint("AWS_REGION", &request()).await,
        (
            "eu-west-1".into(),
            "https://lambda.eu-west-1.amazonaws.com".into()
        ),
        "AWS_REGION wins over AWS_DEFAULT_REGION"
    );
    let flagged = ConnectionRequest {
        region: Some("ca-central-1".into()),
        ..Default::default()
    };
    assert_eq!(ok("--region", &flagged).await.region, "ca-central-1");
    env.reset();
    set("AWS_DEFAULT_REGION", "us-west-2");
    assert_eq!(
        ok("AWS_DEFAULT_REGION", &request()).await.region,
        "us-west-2"
    );
    env.reset();
    assert_eq!(ok("[default] region", &request()).await.region, "sa-east-1");
    set("AWS_PROFILE", "dev");
    let dev = ok("AWS_PROFILE", &request()).await;
    assert_eq!(
        dev.region, "ap-southeast-2",
        "AWS_PROFILE selects [profile dev]"
    );
    assert_eq!(dev.profile.as_deref(), Some("dev"));
    assert_eq!(
        ok("--profile over AWS_PROFILE", &profile("withurl"))
            .await
            .region,
        "eu-west-2"
    );

    // The regional endpoint follows the partition (and FIPS / dual-stack when asked).
    env.reset();
    assert_eq!(
        region_and_endpoint("China", &profile("china")).await.1,
        "https://lambda.cn-north-1.amazonaws.com.cn"
    );
    assert_eq!(
        region_and_endpoint("GovCloud", &profile("govcloud"))
            .await
            .1,
        "https://lambda.us-gov-west-1.amazonaws.com"
    );
    set("AWS_USE_FIPS_ENDPOINT", "true");
    assert_eq!(
        region_and_endpoint("FIPS", &profile("govcloud")).await.1,
        "https://lambda-fips.us-gov-west-1.amazonaws.com"
    );
    env.reset();
    set("AWS_USE_DUALSTACK_ENDPOINT", "true");
    assert_eq!(
        region_and_endpoint("dual-stack", &profile("dev")).await.1,
        "https://lambda.ap-southeast-2.api.aws"
    );

    // Endpoint: AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, then the profile's services
    // section, then the profile's endpoint_url; the flag over all; and all of them ignorable.
    env.reset();
    set("AWS_ENDPOINT_URL", "http://127.0.0.1:7001");
    set("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:7002/");
    let c = ok("AWS_ENDPOINT_URL_LAMBDA", &profile("svc")).await;
    assert_eq!(
        c.endpoint.url, "http://127.0.0.1:7002",
        "service-specific first"
    );
    assert_eq!(c.endpoint.source, "AWS_ENDPOINT_URL_LAMBDA");
    // SAFETY: as in `set`.
    unsafe { std::env::remove_var("AWS_ENDPOINT_URL_LAMBDA") };
    let c = ok("AWS_ENDPOINT_URL", &profile("svc")).await;
    assert_eq!(c.endpoint.url, "http://127.0.0.1:7001");
    env.reset();
    let c = ok("services section", &profile("svc")).await;
    assert_eq!(
        c.endpoint.url, "http://127.0.0.1:4566",
        "[services local-lambda] lambda.endpoint_url, over the profile's endpoint_url"
    );
    assert_eq!(c.endpoint.source, "the config file's services section");
    assert_eq!(c.region, "eu-central-1");
    let c = ok("profile endpoint_url", &profile("withurl")).await;
    assert_eq!(c.endpoint.url, "http://localhost:5000");
    assert_eq!(c.endpoint.source, "the profile's endpoint_url");
    let flag = ConnectionRequest {
        profile: Some("svc".into()),
        endpoint_url: Some("http://[::1]:9999".into()),
        ..Default::default()
    };
    assert_eq!(
        ok("--endpoint-url", &flag).await.endpoint.url,
        "http://[::1]:9999"
    );
    set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    set("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:7002");
    assert_eq!(
        ok("ignored endpoints", &profile("svc")).await.endpoint.url,
        "https://lambda.eu-central-1.amazonaws.com"
    );

    // Plain http to a host that is not loopback is refused unless allowed (nothing is sent).
    env.reset();
    let err = resolve(&profile("remote")).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, LambdaError::Config(_)), "{err:?}");
    assert!(
        text.contains("http://lambda.internal.example:9000")
            && text.contains("(from the profile's endpoint_url)")
            && text.contains("--allow-insecure-http"),
        "{text}"
    );
    let allowed = ConnectionRequest {
        profile: Some("remote".into()),
        allow_insecure_http: true,
        ..Default::default()
    };
    assert_eq!(
        ok("--allow-insecure-http", &allowed).await.endpoint.url,
        "http://lambda.internal.example:9000"
    );
    set("AWS_ENDPOINT_URL_LAMBDA", "http://10.1.2.3:9000");
    let err = resolve(&profile("dev")).await.unwrap_err();
    assert!(err.to_string().contains("AWS_ENDPOINT_URL_LAMBDA"), "{err}");

    // No region anywhere: an error that says what to do.
    env.reset();
    let err = resolve(&profile("noregion")).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("--region") && text.contains("--demo"),
        "the error names --region and --demo: {text}"
    );

    // The chain's credentials sign real requests: an emulator that verifies signatures with
    // the key of the temporary credentials file accepts them, and refuses a wrong secret.
    let emulator = emulator::start(EmulatorConfig::on_loopback(
        emulator::load_fixture(emulator::DEMO_FIXTURE).unwrap(),
        AuthMode::Verify(KeyPair {
            access_key_id: FILE_KEY.into(),
            secret_access_key: FILE_SECRET.into(),
        }),
    ))
    .await
    .unwrap();
    env.reset();
    set("AWS_REGION", "us-east-1");
    set("AWS_ENDPOINT_URL_LAMBDA", emulator.url());
    let connection = ok("default profile credentials", &request()).await;
    let credentials = connection.credentials.resolve(None).await.unwrap();
    assert_eq!(credentials.access_key_id(), FILE_KEY);
    assert_eq!(credentials.session_token(), None);
    let client = LambdaClient::new(connection).unwrap();
    let functions = client.list_all_functions().await.unwrap();
    assert_eq!(functions.len(), 12, "signed with the file's key, verified");

    let temporary = ok("session token profile", &profile("temporary")).await;
    assert_eq!(
        temporary
            .credentials
            .resolve(None)
            .await
            .unwrap()
            .session_token(),
        Some("FQoGZXIvYXdzEXAMPLEsessiontoken")
    );
    let policy = LambdaClient::new(temporary)
        .unwrap()
        .get_policy("orders-api", Some("live"))
        .await
        .unwrap();
    assert_eq!(policy.statement_count(), 2, "a session token is signed too");

    set("AWS_PROFILE", "wrongkey");
    let wrong = ok("wrong secret profile", &request()).await;
    let mut client = LambdaClient::new(wrong).unwrap();
    client.retry.max_attempts = 1;
    let err = client.list_all_functions().await.unwrap_err();
    assert_eq!(
        err.aws().map(|a| (a.known, a.status)),
        Some((Some(ErrorType::InvalidSignature), 403)),
        "{err}"
    );
    assert!(!format!("{err} {err:?}").contains("not-the-right-secret"));
}
