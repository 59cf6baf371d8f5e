//! Credentials, region and endpoint, resolved as the AWS CLI resolves them (through
//! `aws-config`), with errors that say what to do when something is missing.

use super::endpoint::{Endpoint, check_endpoint, regional_endpoint};
use super::error::LambdaError;
use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_types::region::Region;
use aws_types::service_config::ServiceConfigKey;
use std::time::Duration;

/// How long loading the configuration chain may take before it is reported as a failure.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(10);

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct ConnectionRequest {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub allow_insecure_http: bool,
}

/// Where credentials come from. `Debug` never prints a secret.
#[derive(Clone)]
pub enum CredentialSource {
    Static(Credentials),
    /// The AWS credential chain, with the last credentials kept until shortly before they
    /// expire (the chain itself does not cache: an assume-role profile would call STS each time).
    Chain(SharedCredentialsProvider, CredentialCache),
}

impl std::fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CredentialSource::Static(c) => write!(
                f,
                "Static({})",
                c.access_key_id().chars().take(4).collect::<String>() + "…"
            ),
            CredentialSource::Chain(..) => f.write_str("Chain"),
        }
    }
}

/// Everything the client needs to reach Lambda.
#[derive(Debug, Clone)]
pub struct Connection {
    pub endpoint: Endpoint,
    pub region: String,
    pub profile: Option<String>,
    pub credentials: CredentialSource,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl CredentialSource {
    /// Current credentials, with an error that says how to get them.
    pub async fn resolve(&self, profile: Option<&str>) -> Result<Credentials, LambdaError> {
        match self {
            CredentialSource::Static(c) => Ok(c.clone()),
            CredentialSource::Chain(provider, cache) => {
                // One refresh at a time; the others wait for it and use its result.
                let mut cached = cache.0.lock().await;
                if let Some(c) = cached.as_ref().filter(|c| still_fresh(c)) {
                    return Ok(c.clone());
                }
                let fetched =
                    tokio::time::timeout(LOAD_TIMEOUT, provider.provide_credentials()).await;
                match fetched {
                    Ok(Ok(c)) => {
                        *cached = Some(c.clone());
                        Ok(c)
                    }
                    Ok(Err(e)) => Err(credentials_error(&with_causes(&e), profile)),
                    Err(_) => Err(LambdaError::Credentials(format!(
                        "finding AWS credentials took more than {} s: check your profile's credential source, or try --demo",
                        LOAD_TIMEOUT.as_secs()
                    ))),
                }
            }
        }
    }
}

/// Credentials kept between calls. `Debug` says nothing of them.
#[derive(Clone, Default)]
pub struct CredentialCache(std::sync::Arc<tokio::sync::Mutex<Option<Credentials>>>);

/// How long before expiry credentials are fetched anew.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

fn still_fresh(credentials: &Credentials) -> bool {
    credentials.expiry().is_none_or(|expiry| {
        expiry
            .duration_since(std::time::SystemTime::now())
            .is_ok_and(|left| left > REFRESH_BEFORE_EXPIRY)
    })
}

fn credentials_error(detail: &str, profile: Option<&str>) -> LambdaError {
    let profile_flag = profile
        .map(|p| format!(" --profile {p}"))
        .unwrap_or_default();
    let lower = detail.to_lowercase();
    let advice = if lower.contains("sso") || lower.contains("token") && lower.contains("expired") {
        format!("your SSO session has expired or is missing: run `aws sso login{profile_flag}`")
    } else if lower.contains("assumerole") || lower.contains("accessdenied") {
        "the role could not be assumed: check that it exists and that its trust policy lets these credentials assume it".to_string()
    } else {
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile with --profile, or try --demo".to_string()
    };
    LambdaError::Credentials(format!(
        "no usable AWS credentials ({}): {advice}",
        first_line(detail)
    ))
}

/// An error and the errors that caused it, on one line: the chain says which step failed (the
/// profile, the role, the STS call).
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Resolves region, endpoint and credentials with the AWS configuration chain.
///
/// Bad input is a [`LambdaError::Config`] naming where the value came from: a region that is
/// not a region (it becomes part of a host name), a profile that does not exist (it must not
/// quietly give way to other credentials), an endpoint that is not an http(s) URL.
pub async fn resolve(request: &ConnectionRequest) -> Result<Connection, LambdaError> {
    if let Some(region) = &request.region {
        check_region(region, "--region")?;
    }
    let profile = request.profile.clone().or_else(|| env("AWS_PROFILE"));
    if let Some(name) = &profile {
        check_profile_exists(name, request.profile.is_some()).await?;
    }
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &request.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &request.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let sdk = load(loader).await?;
    let region = sdk.region().map(|r| r.to_string()).ok_or_else(|| {
        LambdaError::Config(
            "no AWS region: pass --region, set AWS_REGION, or set region in your profile (or try --demo)".into(),
        )
    })?;
    check_region(&region, &region_source(request, profile.as_deref()))?;
    let endpoint = resolve_endpoint(request, &sdk, &region)?;
    let provider = match &request.profile {
        Some(name) => profile_credentials(name, &region),
        None => sdk
            .credentials_provider()
            .ok_or_else(|| credentials_error("no credential provider", profile.as_deref()))?,
    };
    Ok(Connection {
        endpoint,
        region,
        profile,
        credentials: CredentialSource::Chain(provider, CredentialCache::default()),
    })
}

/// The configuration `loader` reads, in a bounded time.
async fn load(loader: aws_config::ConfigLoader) -> Result<aws_types::SdkConfig, LambdaError> {
    tokio::time::timeout(LOAD_TIMEOUT, loader.load())
        .await
        .map_err(|_| {
            LambdaError::Config(
                "loading the AWS configuration took too long: check ~/.aws/config".into(),
            )
        })
}

/// The credentials of `role_arn`, assumed with STS from `base`'s, as a role profile of the
/// AWS CLI assumes it: in `sts_region` (the configured region when `None`, else
/// `base`'s), so that every region of an account uses the STS of one region the
/// account has; the STS endpoint from `AWS_ENDPOINT_URL_STS` or the config file when one is set.
/// Renewed before they expire.
pub async fn assume_role(
    base: &Connection,
    role_arn: &str,
    sts_region: Option<&str>,
) -> Result<CredentialSource, LambdaError> {
    let provider = match &base.credentials {
        CredentialSource::Chain(provider, _) => provider.clone(),
        CredentialSource::Static(credentials) => {
            SharedCredentialsProvider::new(credentials.clone())
        }
    };
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &base.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = sts_region {
        loader = loader.region(Region::new(region.to_string()));
    }
    let sdk = load(loader).await?;
    let region = sdk
        .region()
        .cloned()
        .unwrap_or_else(|| Region::new(base.region.clone()));
    let assumed = aws_config::sts::AssumeRoleProvider::builder(role_arn)
        .session_name("lambda-policy-audit")
        .region(region)
        .configure(&sdk)
        .build_from_provider(provider)
        .await;
    Ok(CredentialSource::Chain(
        SharedCredentialsProvider::new(assumed),
        CredentialCache::default(),
    ))
}

/// The credentials of a profile named with `--profile`, as the AWS CLI takes them: from the
/// profile (its keys, roles, SSO, web identity or credential_process), never from keys in the
/// environment. Roles are assumed with STS in `region`.
fn profile_credentials(name: &str, region: &str) -> SharedCredentialsProvider {
    let config = aws_config::provider_config::ProviderConfig::default()
        .with_region(Some(Region::new(region.to_string())))
        .with_behavior_version(Some(BehaviorVersion::latest()));
    SharedCredentialsProvider::new(
        aws_config::profile::ProfileFileCredentialsProvider::builder()
            .configure(&config)
            .profile_name(name)
            .build(),
    )
}

/// Where the region in force came from, in the order aws-config reads them.
fn region_source(request: &ConnectionRequest, profile: Option<&str>) -> String {
    if request.region.is_some() {
        "--region".into()
    } else if env("AWS_REGION").is_some() {
        "AWS_REGION".into()
    } else if env("AWS_DEFAULT_REGION").is_some() {
        "AWS_DEFAULT_REGION".into()
    } else {
        format!("the region of profile {}", profile.unwrap_or("default"))
    }
}

fn check_region(region: &str, source: &str) -> Result<(), LambdaError> {
    if crate::policy::function_ref::is_region(region) {
        return Ok(());
    }
    Err(LambdaError::Config(format!(
        "{source}: {:?} is not an AWS region (such as us-east-1 or eu-west-3)",
        crate::printable::line(region)
    )))
}

/// Where the credentials come from, in a word or two for the TUI's header: `env` (keys in the
/// environment), `sso NAME`, `process NAME`, `role NAME` or `profile NAME`.
pub async fn credential_origin(request: &ConnectionRequest) -> String {
    use aws_types::os_shim_internal::{Env, Fs};
    let named = request.profile.clone().or_else(|| env("AWS_PROFILE"));
    // Without --profile, keys in the environment come first in the chain, as the CLI has it.
    if request.profile.is_none() && env("AWS_ACCESS_KEY_ID").is_some() {
        return "env".into();
    }
    let name = named.unwrap_or_else(|| "default".into());
    let set = aws_config::profile::load(&Fs::real(), &Env::real(), &Default::default(), None).await;
    let kind = set.ok().and_then(|set| {
        let profile = set.get_profile(&name)?;
        let has = |key: &str| profile.get(key).is_some();
        Some(if has("sso_session") || has("sso_start_url") {
            "sso"
        } else if has("credential_process") {
            "process"
        } else if has("role_arn") {
            "role"
        } else {
            "profile"
        })
    });
    format!(
        "{} {}",
        kind.unwrap_or("profile"),
        crate::printable::line(&name)
    )
}

/// The profiles of the config and credentials files, sorted (none when they cannot be read).
pub async fn profile_names() -> Vec<String> {
    use aws_types::os_shim_internal::{Env, Fs};
    let Ok(set) =
        aws_config::profile::load(&Fs::real(), &Env::real(), &Default::default(), None).await
    else {
        return Vec::new();
    };
    let mut names: Vec<String> = set.profiles().map(str::to_string).collect();
    names.sort_unstable();
    names
}

/// A named profile must exist in the config or credentials file.
async fn check_profile_exists(name: &str, from_flag: bool) -> Result<(), LambdaError> {
    use aws_types::os_shim_internal::{Env, Fs};
    let set = aws_config::profile::load(&Fs::real(), &Env::real(), &Default::default(), None)
        .await
        .map_err(|e| LambdaError::Config(format!("the AWS config files cannot be read: {e}")))?;
    if set.get_profile(name).is_some() {
        return Ok(());
    }
    let source = if from_flag {
        "--profile"
    } else {
        "AWS_PROFILE"
    };
    let mut known: Vec<&str> = set.profiles().collect();
    known.sort_unstable();
    let known = if known.is_empty() {
        "there are none".to_string()
    } else {
        format!("there are {}", known.join(", "))
    };
    Err(LambdaError::Config(format!(
        "{source}: no profile named {:?} in ~/.aws/config or ~/.aws/credentials ({known})",
        crate::printable::line(name)
    )))
}

fn resolve_endpoint(
    request: &ConnectionRequest,
    sdk: &aws_types::SdkConfig,
    region: &str,
) -> Result<Endpoint, LambdaError> {
    let allow = request.allow_insecure_http;
    if let Some(url) = &request.endpoint_url {
        return check_endpoint(url, "--endpoint-url", allow);
    }
    let ignore =
        env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if !ignore {
        if let Some(url) = env("AWS_ENDPOINT_URL_LAMBDA") {
            return check_endpoint(&url, "AWS_ENDPOINT_URL_LAMBDA", allow);
        }
        if let Some(url) = env("AWS_ENDPOINT_URL") {
            return check_endpoint(&url, "AWS_ENDPOINT_URL", allow);
        }
        let key = ServiceConfigKey::builder()
            .service_id("Lambda")
            .env("AWS_ENDPOINT_URL_LAMBDA")
            .profile("endpoint_url")
            .build()
            .expect("all key parts are given");
        // This lookup falls back to the profile's own endpoint_url: only a different value
        // comes from a services section.
        if let Some(url) = sdk
            .service_config()
            .and_then(|c| c.load_config(key))
            .filter(|url| Some(url.as_str()) != sdk.endpoint_url())
        {
            return check_endpoint(&url, "the config file's services section", allow);
        }
        if let Some(url) = sdk.endpoint_url() {
            return check_endpoint(url, "the profile's endpoint_url", allow);
        }
    }
    let fips = sdk.use_fips().unwrap_or(false);
    let dual_stack = sdk.use_dual_stack().unwrap_or(false);
    Ok(Endpoint {
        url: regional_endpoint(region, fips, dual_stack),
        source: format!("the {region} regional endpoint"),
    })
}
