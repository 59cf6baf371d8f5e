//! Credentials from the chain are fetched once and kept until shortly before they expire:
//! `credential_process` here counts its runs.

use crate::common;

use lambda_policy::emulator::{self, AuthMode, EmulatorConfig};
use lambda_policy::lambda::LambdaClient;
use lambda_policy::lambda::config::{ConnectionRequest, resolve};
use std::os::unix::fs::PermissionsExt;

fn credential_process(dir: &std::path::Path, name: &str, expiration: &str) -> std::path::PathBuf {
    let counter = dir.join(format!("{name}.runs"));
    let script = dir.join(format!("{name}.sh"));
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho run >> '{}'\necho '{{\"Version\":1,\"AccessKeyId\":\"AKIACACHETEST0000001\",\"SecretAccessKey\":\"cache-secret\",\"SessionToken\":\"tok\",\"Expiration\":\"{expiration}\"}}'\n",
            counter.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn runs(dir: &std::path::Path, name: &str) -> usize {
    std::fs::read_to_string(dir.join(format!("{name}.runs")))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[tokio::test]
async fn credentials_are_fetched_once_and_again_only_near_expiry() {
    if !common::alone("credential_cache::credentials_are_fetched_once_and_again_only_near_expiry") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let far = credential_process(dir.path(), "far", "2099-01-01T00:00:00Z");
    let soon_time = time::OffsetDateTime::now_utc() + time::Duration::minutes(2);
    let soon_text = soon_time
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let soon = credential_process(dir.path(), "soon", &soon_text);
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile far]\ncredential_process = {}\n\n[profile soon]\ncredential_process = {}\n",
            far.display(),
            soon.display()
        ),
    )
    .unwrap();
    // SAFETY: the test runs alone in its own process (`common::alone`): nothing else reads the
    // environment meanwhile.
    unsafe {
        std::env::set_var("HOME", dir.path());
        std::env::set_var("AWS_CONFIG_FILE", &config);
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.path().join("credentials"),
        );
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        for name in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_LAMBDA",
        ] {
            std::env::remove_var(name);
        }
    }
    let emulator = emulator::start(EmulatorConfig::on_loopback(
        common::demo_account(),
        AuthMode::AnyWellFormed,
    ))
    .await
    .unwrap();
    for (profile, expected_runs) in [("far", 1), ("soon", 5)] {
        let request = ConnectionRequest {
            profile: Some(profile.into()),
            region: Some("us-east-1".into()),
            endpoint_url: Some(emulator.url()),
            allow_insecure_http: false,
        };
        let client = LambdaClient::new(resolve(&request).await.unwrap()).unwrap();
        for _ in 0..5 {
            client.get_policy("orders-api", None).await.unwrap();
        }
        assert_eq!(
            runs(dir.path(), profile),
            expected_runs,
            "profile {profile}"
        );
    }
}
