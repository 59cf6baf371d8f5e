//! Several accounts in several regions behind one endpoint (`serve --accounts N --regions
//! LIST`): each account has its own key pair, the request's signing scope names the region,
//! and each account-region holds its own functions, faults and request quota, as AWS keeps them
//! apart.

use super::account::Account;
use super::auth::{self, AuthMode, KeyPair};
use super::faults::{FaultConfig, Faults};
use super::http::{Shared, error_response, router};
use super::quota::Quota;
use super::server::{ConnectionLimits, RunningEmulator, serve_app};
use crate::policy::{AwsError, ErrorType};
use axum::extract::{Request, State};
use axum::response::Response;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// One account: its id, its key pair, and its data in each region.
pub struct FleetAccount {
    pub account_id: String,
    pub keys: KeyPair,
    pub regions: Vec<Account>,
}

/// What `serve` is asked to run.
pub struct FleetConfig {
    pub bind: SocketAddr,
    pub accounts: Vec<FleetAccount>,
    pub faults: FaultConfig,
    pub connections: ConnectionLimits,
    /// Requests a second per account and region, when enforced.
    pub rate_limit: Option<f64>,
}

/// The account ids of a fleet of `count`: the fixture's first, then made-up ones.
pub fn account_ids(first: &str, count: usize) -> Vec<String> {
    std::iter::once(first.to_string())
        .chain((1..count).map(|i| format!("{:012}", 210_000_000_000u64 + i as u64 * 1_111)))
        .collect()
}

/// The fixture as seen from `account_id` in `region`: its ids and region replaced throughout,
/// so each account-region holds the same functions, and the same findings, as the fixture.
pub fn fixture_for(
    fixture: &str,
    base: &Account,
    account_id: &str,
    region: &str,
) -> Result<Account, String> {
    let text = fixture
        .replace(&base.account_id, account_id)
        .replace(&base.region, region);
    super::load_fixture(&text).map_err(|e| e.to_string())
}

type Members = HashMap<(String, String), axum::Router>;

pub async fn start_fleet(config: FleetConfig) -> std::io::Result<RunningEmulator> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let mut members: Members = HashMap::new();
    for account in config.accounts {
        for data in account.regions {
            let key = (account.keys.access_key_id.clone(), data.region.clone());
            let shared = Arc::new(Shared {
                account: Mutex::new(data),
                auth: AuthMode::Verify(account.keys.clone()),
                faults: Faults::new(config.faults.clone()),
                state_file: None,
                body_read_timeout: config.connections.body_read_timeout,
                quota: config.rate_limit.map(Quota::new),
            });
            members.insert(key, router(shared));
        }
    }
    let app = axum::Router::new()
        .fallback(dispatch)
        .with_state(Arc::new(members));
    serve_app(listener, app, config.connections, None)
}

/// Hands the request to the account and region its signature names. A key no account has, or
/// a region the account is not served in, is refused as AWS refuses it.
async fn dispatch(State(members): State<Arc<Members>>, request: Request) -> Response {
    let scope = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| auth::parse_authorization(v).ok())
        .map(|a| (a.access_key_id, a.region));
    let member = match &scope {
        Some(key) => members.get(key),
        None => members.values().next(),
    };
    match member {
        Some(router) => router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| match e {}),
        None => error_response(&AwsError::new(
            ErrorType::UnrecognizedClient,
            "The security token included in the request is invalid.",
        )),
    }
}
