//! Shared set-up for the integration tests: a real emulator on loopback and a real client.
#![allow(dead_code)]

use lambda_policy::emulator::{
    self, Account, AuthMode, EmulatorConfig, FaultConfig, KeyPair, RunningEmulator,
};
use lambda_policy::lambda::retry::RetryPolicy;
use lambda_policy::lambda::{Connection, CredentialSource, Endpoint, LambdaClient};
use std::time::Duration;

pub const ACCESS_KEY: &str = "AKIATESTKEY0000000001";
pub const SECRET_KEY: &str = "tEsTsEcReT/do+not+show/0123456789abcdefgh";

pub fn demo_account() -> Account {
    emulator::load_fixture(emulator::DEMO_FIXTURE).expect("demo fixture loads")
}

pub async fn start_with(account: Account, faults: FaultConfig) -> RunningEmulator {
    emulator::start(EmulatorConfig {
        faults,
        ..EmulatorConfig::on_loopback(
            account,
            AuthMode::Verify(KeyPair {
                access_key_id: ACCESS_KEY.into(),
                secret_access_key: SECRET_KEY.into(),
            }),
        )
    })
    .await
    .expect("emulator starts")
}

pub async fn start_demo() -> RunningEmulator {
    start_with(demo_account(), FaultConfig::default()).await
}

pub fn client_for(url: &str, secret: &str) -> LambdaClient {
    let connection = Connection {
        endpoint: Endpoint {
            url: url.to_string(),
            source: "test".into(),
        },
        region: "us-east-1".into(),
        profile: None,
        credentials: CredentialSource::fixed(ACCESS_KEY, secret),
    };
    let mut client = LambdaClient::new(connection).expect("client builds");
    client.retry = fast_retries();
    client
}

pub fn client(emulator: &RunningEmulator) -> LambdaClient {
    client_for(&emulator.url(), SECRET_KEY)
}

/// Retries as in production but with short waits, so fault tests run quickly.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        total_budget: Duration::from_secs(20),
    }
}

pub mod hostile;
pub mod processes;
pub mod support;
pub mod tmux;
pub mod tui_harness;

/// What some tests need beyond Rust: the Python venv that `./scripts/test` builds (moto, boto3,
/// the AWS CLI), or tmux.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Venv,
    Tmux,
    /// Node with the AWS SDK for JavaScript installed in tests/node.
    NodeSdk,
    /// `rsvg-convert` (Debian's librsvg2-bin), to render the screenshots.
    Rsvg,
}

/// Where the Node peer scripts and their installed packages are.
pub fn node_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

fn node_sdk_installed() -> bool {
    node_dir()
        .join("node_modules/@aws-sdk/client-lambda/package.json")
        .is_file()
}

/// Whether a test must be skipped because what it needs is not on this machine. Under
/// `./scripts/test` (which sets `LAMBDA_POLICY_REQUIRE_ALL`) nothing is skipped: a missing tool
/// fails the test. A plain `cargo test` skips it and says how to run it.
pub fn skip_without(needs: Needs) -> bool {
    let here = match needs {
        Needs::Venv => std::env::var_os("LAMBDA_POLICY_VENV")
            .filter(|v| !v.is_empty())
            .is_some_and(|v| std::path::Path::new(&v).join("bin/python").is_file()),
        Needs::Tmux => std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success()),
        Needs::Rsvg => std::process::Command::new("rsvg-convert")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        Needs::NodeSdk => {
            node_sdk_installed()
                && std::process::Command::new("node")
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
        }
    };
    if here || std::env::var_os("LAMBDA_POLICY_REQUIRE_ALL").is_some() {
        return false;
    }
    let what = match needs {
        Needs::Venv => "the Python venv with moto, boto3 and the AWS CLI",
        Needs::Tmux => "tmux",
        Needs::NodeSdk => "node and the AWS SDK for JavaScript in tests/node",
        Needs::Rsvg => "rsvg-convert (librsvg2-bin)",
    };
    // Written to the process's stderr itself: the harness captures eprintln! of a test that
    // passes, and this must be seen.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "skipped: this test needs {what}; ./scripts/test installs it and runs every test\n"
        )
        .as_bytes(),
    );
    true
}

/// The seed of a test's random choices: `LAMBDA_POLICY_TEST_SEED` to repeat a run, else a new
/// one. It is printed either way, so a failure can be run again as it was.
pub fn test_seed(test: &str) -> u64 {
    let seed = std::env::var("LAMBDA_POLICY_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("{test}: seed {seed} (LAMBDA_POLICY_TEST_SEED={seed} repeats this run)");
    seed
}

/// Runs the calling test again, alone, in a child process of this test binary (one thread, an
/// environment of its own), and says whether this is that child. A test that changes the
/// process's environment starts with `if !common::alone("module::test") { return; }`: the
/// other tests of the binary, and the processes they start, never see its changes.
pub fn alone(test: &str) -> bool {
    const CHILD: &str = "LAMBDA_POLICY_TEST_ALONE";
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test}, run alone, failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    false
}
