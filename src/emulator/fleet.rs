//! Several accounts in several regions behind one endpoint (`serve --accounts N --regions
//! LIST`): each account has its own key pair, the request's signing scope names the region,
//! and each account-region holds its own functions, faults and request quota, as AWS keeps them
//! apart.

use super::account::Account;
use super::auth::{self, AuthMode, KeyPair};
use super::caller::{Caller, Fleet};
use super::faults::{FaultConfig, Faults};
use super::handler::{MAX_BODY_BYTES, Shared, error_response};
use super::http::{header_list, router};
use super::quota::Quota;
use super::server::{ConnectionLimits, RunningEmulator, serve_app};
use crate::policy::aws_error::messages;
use crate::policy::{AwsError, ErrorType};
use axum::extract::{Request, State};
use axum::response::Response;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
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
    /// Every request answered, one line each (`serve --request-log`).
    pub request_log: Option<Arc<super::request_log::RequestLog>>,
    /// Roles assumable in every account besides [`ORGANIZATION_ROLE`] (`serve --roles`).
    pub roles: Vec<String>,
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

pub async fn start_fleet(config: FleetConfig) -> std::io::Result<RunningEmulator> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let mut members = HashMap::new();
    let mut keys = HashMap::new();
    let accounts: Vec<String> = config
        .accounts
        .iter()
        .map(|a| a.account_id.clone())
        .collect();
    for account in config.accounts {
        keys.insert(
            account.keys.access_key_id.clone(),
            Caller {
                account_id: account.account_id.clone(),
                arn: format!("arn:aws:iam::{}:user/fleet", account.account_id),
                pair: account.keys.clone(),
                session: None,
            },
        );
        for data in account.regions {
            let key = (account.account_id.clone(), data.region.clone());
            // The fleet checks each signature against the key's own secret before the
            // account-region sees the request.
            let shared = Arc::new(Shared {
                account: Mutex::new(data),
                auth: AuthMode::AnyWellFormed,
                faults: Faults::new(config.faults.clone()),
                state_file: None,
                body_read_timeout: config.connections.body_read_timeout,
                quota: config.rate_limit.map(Quota::new),
            });
            members.insert(key, router(shared));
        }
    }
    let sts_quotas = match config.rate_limit {
        Some(rate) => keys
            .values()
            .map(|c| (c.account_id.clone(), Quota::new(rate)))
            .collect(),
        None => HashMap::new(),
    };
    let fleet = Fleet {
        members,
        keys: RwLock::new(keys),
        body_read_timeout: config.connections.body_read_timeout,
        roles: config.roles,
        sts_quotas,
        accounts,
    };
    let app = axum::Router::new()
        .fallback(dispatch)
        .with_state(Arc::new(fleet));
    serve_app(listener, app, config.connections, None, config.request_log)
}

fn unrecognized() -> Response {
    error_response(&AwsError::new(
        ErrorType::UnrecognizedClient,
        messages::SECURITY_TOKEN_INVALID,
    ))
}

/// Checks the signature with the key's own secret, then hands STS requests to STS and the
/// rest to the account-region the key and the signing scope name. A key the fleet does not
/// know, or a region the account is not served in, is refused as AWS refuses it.
async fn dispatch(State(fleet): State<Arc<Fleet>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(
        fleet.body_read_timeout,
        axum::body::to_bytes(body, MAX_BODY_BYTES),
    )
    .await;
    let Ok(Ok(body)) = read else {
        return error_response(&AwsError::new(
            ErrorType::InvalidParameterValue,
            messages::BODY_CUT_OFF,
        ));
    };
    let headers = header_list(&parts.headers);
    let scope = headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .and_then(|(_, v)| auth::parse_authorization(v).ok());
    let Some(scope) = scope else {
        // No signature at all: any account-region answers it as AWS would.
        let Some(router) = fleet.members.values().next() else {
            return unrecognized();
        };
        return forward(router, parts, body).await;
    };
    let Some(caller) = fleet.caller(&scope.access_key_id) else {
        if scope.service == "sts" {
            return super::sts::error(
                403,
                "InvalidClientTokenId",
                messages::SECURITY_TOKEN_INVALID,
            );
        }
        return unrecognized();
    };
    if let Some(refused) = session_refused(&caller, &headers, &scope.service) {
        return refused;
    }
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let checked = auth::check(
        &scope.service,
        &AuthMode::Verify(caller.pair.clone()),
        &scope.region,
        parts.method.as_str(),
        path_and_query,
        &headers,
        &body,
    );
    if scope.service == "sts" {
        return match checked {
            Ok(()) => super::sts::answer(&fleet, &caller, &body),
            Err(error) => super::sts::refusal(&error),
        };
    }
    if scope.service == "organizations" {
        let view = super::organizations::OrganizationView {
            accounts: &fleet.accounts,
        };
        return match checked {
            Ok(()) => super::organizations::answer(&view, &caller.account_id, &headers, &body),
            Err(error) => super::organizations::error(error.error_type.code(), &error.message),
        };
    }
    if let Err(error) = checked {
        return error_response(&error);
    }
    match fleet
        .members
        .get(&(caller.account_id.clone(), scope.region.clone()))
    {
        Some(router) => forward(router, parts, body).await,
        None => unrecognized(),
    }
}

/// Keys of an assumed role work only with their session token, and only until they expire:
/// what AWS answers otherwise, the STS way or Lambda's.
fn session_refused(
    caller: &Caller,
    headers: &[(String, String)],
    service: &str,
) -> Option<Response> {
    let session = caller.session.as_ref()?;
    let token = headers
        .iter()
        .find(|(n, _)| n == "x-amz-security-token")
        .map(|(_, v)| v.as_str());
    let sts = service == "sts";
    if token != Some(session.token.as_str()) {
        return Some(if sts {
            super::sts::error(
                403,
                "InvalidClientTokenId",
                messages::SECURITY_TOKEN_INVALID,
            )
        } else {
            unrecognized()
        });
    }
    if std::time::SystemTime::now() >= session.expires {
        return Some(if sts {
            super::sts::error(403, "ExpiredToken", messages::SECURITY_TOKEN_EXPIRED)
        } else {
            error_response(&AwsError::new(
                ErrorType::ExpiredToken,
                messages::SECURITY_TOKEN_EXPIRED,
            ))
        });
    }
    None
}

async fn forward(
    router: &axum::Router,
    parts: axum::http::request::Parts,
    body: axum::body::Bytes,
) -> Response {
    router
        .clone()
        .oneshot(Request::from_parts(parts, axum::body::Body::from(body)))
        .await
        .unwrap_or_else(|e| match e {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::caller::{AssumedSession, MAX_ASSUMED_SESSIONS, ORGANIZATION_ROLE};
    use std::time::{Duration, SystemTime};

    fn fleet() -> Fleet {
        Fleet {
            members: HashMap::new(),
            keys: RwLock::new(HashMap::new()),
            body_read_timeout: Duration::from_secs(1),
            roles: vec!["auditor".into()],
            sts_quotas: HashMap::new(),
            accounts: vec!["123456789012".into()],
        }
    }

    fn assumed(expires: SystemTime) -> Caller {
        let mut pair = KeyPair::generate();
        pair.access_key_id = format!("ASIA{}", &pair.access_key_id[4..]);
        Caller {
            account_id: "123456789012".into(),
            pair,
            arn: "arn:aws:sts::123456789012:assumed-role/auditor/s".into(),
            session: Some(AssumedSession {
                token: "token".into(),
                expires,
            }),
        }
    }

    fn token(value: &str) -> Vec<(String, String)> {
        vec![("x-amz-security-token".into(), value.into())]
    }

    #[test]
    fn an_expired_session_is_refused_as_aws_refuses_it() {
        let expired = assumed(SystemTime::now() - Duration::from_secs(1));
        let lambda = session_refused(&expired, &token("token"), "lambda").expect("refused");
        assert_eq!(lambda.status(), 403);
        assert_eq!(
            lambda.headers()["x-amzn-errortype"],
            "ExpiredTokenException"
        );
        let sts = session_refused(&expired, &token("token"), "sts").expect("refused");
        assert_eq!(sts.status(), 403);
        let live = assumed(SystemTime::now() + Duration::from_secs(60));
        assert!(session_refused(&live, &token("token"), "lambda").is_none());
        assert!(session_refused(&live, &token("other"), "lambda").is_some());
        assert!(session_refused(&live, &[], "sts").is_some());
    }

    #[test]
    fn assumed_sessions_are_bounded_and_the_expired_go_first() {
        let fleet = fleet();
        fleet.admit(assumed(SystemTime::now() - Duration::from_secs(1)));
        for _ in 0..MAX_ASSUMED_SESSIONS + 50 {
            fleet.admit(assumed(SystemTime::now() + Duration::from_secs(3600)));
        }
        assert_eq!(fleet.sessions(), MAX_ASSUMED_SESSIONS);
        assert!(fleet.has_role(ORGANIZATION_ROLE) && fleet.has_role("auditor"));
        assert!(!fleet.has_role("admin"));
    }
}
