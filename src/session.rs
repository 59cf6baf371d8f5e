//! Connecting: the embedded emulator for `--demo`, else AWS as the AWS CLI would reach it.

use crate::emulator::{self, AuthMode, EmulatorConfig, FaultConfig, KeyPair, RunningEmulator};
use crate::lambda::config::{self, ConnectionRequest};
use crate::lambda::{Connection, CredentialSource, Endpoint, LambdaClient, LambdaError};

/// Where the app is connected: shown in the header at all times.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Context {
    pub profile: Option<String>,
    pub region: String,
    /// The endpoint as the header shows it (`demo 127.0.0.1:PORT` for the demo).
    pub endpoint: String,
    /// The endpoint's URL, for the commands the app gives to copy.
    pub endpoint_url: String,
    /// Where the credentials come from (`env`, `profile NAME`, `sso NAME`...), for the header.
    pub credentials: String,
    pub account: Option<String>,
    pub demo: bool,
}

impl Context {
    /// The AWS CLI flags that point a copied command at the same place: the region, the
    /// profile when one is in use, and the endpoint when it is not AWS's own.
    pub fn cli_flags(&self) -> Vec<String> {
        let word = crate::shell::word;
        let mut flags = vec![format!("--region {}", word(&self.region))];
        if let Some(profile) = &self.profile {
            flags.push(format!("--profile {}", word(profile)));
        }
        if !crate::lambda::endpoint::is_aws_endpoint(&self.endpoint_url) {
            flags.push(format!("--endpoint-url {}", word(&self.endpoint_url)));
        }
        flags
    }

    /// The ARN a statement's Resource names for a function, version or alias.
    pub fn resource_arn(&self, function: &str, qualifier: Option<&str>) -> String {
        let account = self.account.clone().unwrap_or_else(|| "ACCOUNT".into());
        crate::policy::AccountContext::new(account, self.region.clone())
            .function_arn(function, qualifier)
    }
}

/// A role to assume, and the region whose STS assumes it (`None`: the configured region).
pub struct AssumedRole<'a> {
    pub arn: &'a str,
    pub sts_region: Option<&'a str>,
}

/// A client, where it points, and the emulator behind it when there is one.
pub struct Session {
    pub client: LambdaClient,
    pub context: Context,
    /// Kept alive for as long as the session: dropping it stops the demo's emulator.
    pub emulator: Option<RunningEmulator>,
}

/// Where to connect, as the command line asks it (lowered once, in `cli.rs`).
#[derive(Debug, Clone)]
pub enum Destination {
    /// The embedded emulator with the demo account.
    Demo(DemoSetup),
    /// AWS, or the endpoint given, as the AWS CLI would reach it.
    Aws(ConnectionRequest),
}

/// What the demo's emulator does.
#[derive(Debug, Clone, Default)]
pub struct DemoSetup {
    pub faults: FaultConfig,
    /// The account's public-access block.
    pub block_public: bool,
    /// A fixed address for the emulator (to point the AWS CLI at it).
    pub bind: Option<std::net::SocketAddr>,
}

/// A connection asked for: where, and whether writes may be sent at all.
#[derive(Debug, Clone)]
pub struct ConnectRequest {
    pub destination: Destination,
    pub read_only: bool,
}

impl ConnectRequest {
    /// The same connection through another profile or in another region (an audit's places,
    /// `:profile` and `:region`); the demo serves its own account and region whatever is asked.
    pub fn elsewhere(&self, profile: Option<String>, region: Option<String>) -> ConnectRequest {
        let destination = match &self.destination {
            Destination::Aws(request) => Destination::Aws(ConnectionRequest {
                profile: profile.or(request.profile.clone()),
                region: region.or(request.region.clone()),
                ..request.clone()
            }),
            demo => demo.clone(),
        };
        ConnectRequest {
            destination,
            ..self.clone()
        }
    }
}

/// Starts the demo: the emulator on an ephemeral loopback port, verifying every signature
/// against a key pair made for this run, and the ordinary client pointed at it.
pub async fn demo(faults: FaultConfig) -> Result<Session, LambdaError> {
    demo_with(faults, false, None).await
}

/// The demo with its faults and, when `block_public`, the account's public-access block on.
pub async fn demo_with(
    faults: FaultConfig,
    block_public: bool,
    bind: Option<std::net::SocketAddr>,
) -> Result<Session, LambdaError> {
    let mut account = emulator::load_fixture(emulator::DEMO_FIXTURE)
        .map_err(|e| LambdaError::Unavailable(format!("the demo account: {e}")))?;
    account.block_public_policies |= block_public;
    let keys = KeyPair::generate();
    let region = account.region.clone();
    let account_id = account.account_id.clone();
    let mut config = EmulatorConfig {
        faults,
        ..EmulatorConfig::on_loopback(account, AuthMode::Verify(keys.clone()))
    };
    if let Some(bind) = bind {
        config.bind = bind;
    }
    let running = emulator::start(config)
        .await
        .map_err(|e| LambdaError::Unavailable(format!("cannot start the demo emulator: {e}")))?;
    let connection = Connection {
        endpoint: Endpoint {
            url: running.url(),
            source: "the demo".into(),
        },
        region: region.clone(),
        profile: None,
        credentials: CredentialSource::fixed(&keys.access_key_id, &keys.secret_access_key),
    };
    let client = LambdaClient::new(connection)?;
    let context = Context {
        profile: None,
        region,
        endpoint: format!("demo {}", running.addr),
        endpoint_url: running.url(),
        credentials: "demo keys".into(),
        account: Some(account_id),
        demo: true,
    };
    Ok(Session {
        client,
        context,
        emulator: Some(running),
    })
}

/// Connects as `request` says: the demo's emulator, or AWS (or the endpoint given) with the
/// credential chain, as `role` when one is given (the role assumed with STS from the
/// credentials the request resolves to: `audit --accounts FILE --role-name NAME`). A
/// [`LambdaError::Config`] is bad input: a region, profile or endpoint that cannot be used.
pub async fn connect(
    request: &ConnectRequest,
    role: Option<&AssumedRole<'_>>,
) -> Result<Session, LambdaError> {
    let mut session = match &request.destination {
        Destination::Demo(setup) => {
            demo_with(setup.faults.clone(), setup.block_public, setup.bind).await?
        }
        Destination::Aws(aws) => connect_aws(aws, role).await?,
    };
    if request.read_only {
        session.client = session.client.into_read_only();
    }
    Ok(session)
}

async fn connect_aws(
    request: &ConnectionRequest,
    role: Option<&AssumedRole<'_>>,
) -> Result<Session, LambdaError> {
    let mut connection = config::resolve(request).await?;
    let mut credentials = config::credential_origin(request).await;
    let mut account = None;
    if let Some(AssumedRole {
        arn: role_arn,
        sts_region,
    }) = role
    {
        connection.credentials = config::assume_role(&connection, role_arn, *sts_region).await?;
        credentials = format!("role {}", role_arn.rsplit('/').next().unwrap_or(role_arn));
        account = crate::policy::arn::account_of_arn(role_arn);
    }
    let context = Context {
        profile: connection.profile.clone(),
        region: connection.region.clone(),
        endpoint: crate::lambda::endpoint::display_url(&connection.endpoint.url),
        endpoint_url: crate::lambda::endpoint::display_url(&connection.endpoint.url),
        credentials,
        account,
        demo: false,
    };
    let client = LambdaClient::new(connection)?;
    Ok(Session {
        client,
        context,
        emulator: None,
    })
}
