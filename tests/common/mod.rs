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
pub mod serve;
pub mod tmux;
pub mod tui_harness;
