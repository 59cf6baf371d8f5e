//! `LambdaClient`: one async method per operation, signed with SigV4, retried with backoff,
//! and (for writes) reconciled when the answer was lost.

use super::config::{Connection, CredentialSource};
use super::error::LambdaError;
use super::pager::{self, RawPage};
use super::rate_limit::{AWS_BURST, AWS_REQUESTS_PER_SECOND, RateLimit};
use super::reconcile::{self, Attribution, Before};
use super::response::RawResponse;
use super::retry::RetryPolicy;
use super::signing::{Signer, Unsigned, sign_headers};
use super::types::*;
use crate::policy::{
    ErrorType, PermissionRequest, PolicyDocument, PolicyHolder, QualifierKind, UrlState,
};
use futures_util::Stream;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::time::{Duration, Instant, SystemTime};

/// What botocore leaves unencoded in a path label: letters, digits and `-._~`.
const PATH_LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The same set for query keys and values.
const QUERY_VALUE: &AsciiSet = PATH_LABEL;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest answer read. Lambda's longest is a page of 50 function configurations, well
/// under 1 MiB; anything near this is not Lambda.
pub const MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

pub(super) fn label(value: &str) -> String {
    utf8_percent_encode(value, PATH_LABEL).to_string()
}

/// One request, before signing.
#[derive(Debug, Clone)]
pub(super) struct Call {
    pub(super) method: reqwest::Method,
    pub(super) path: String,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) body: Option<String>,
}

impl Call {
    pub(super) fn new(method: reqwest::Method, path: String) -> Call {
        Call {
            method,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub(super) fn query(mut self, key: &'static str, value: Option<&str>) -> Call {
        if let Some(v) = value {
            self.query.push((key, v.to_string()));
        }
        self
    }

    fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }
}

/// The Lambda control-plane client.
#[derive(Clone)]
pub struct LambdaClient {
    http: reqwest::Client,
    connection: Connection,
    pub retry: RetryPolicy,
    /// Paces requests under AWS's quotas; none against an emulator on loopback.
    pub rate_limit: Option<RateLimit>,
    /// Told of every retry before its wait (the TUI shows "throttled — retry 2/6 in 1.2 s").
    pub retry_notes: Option<RetryNotes>,
    /// `--read-only`: every request but a read is refused here, before it is signed.
    read_only: bool,
}

/// A retry about to happen: why, which attempt comes next, and after how long.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryNote {
    /// Short: `throttled`, `Lambda answered 503`, `network error`, `no answer`.
    pub reason: String,
    pub next_attempt: u32,
    pub max_attempts: u32,
    pub wait: Duration,
}

pub type RetryNotes = std::sync::Arc<dyn Fn(RetryNote) + Send + Sync>;

impl std::fmt::Display for RetryNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} — retry {}/{} in {:.1} s",
            self.reason,
            self.next_attempt,
            self.max_attempts,
            self.wait.as_secs_f32()
        )
    }
}

/// What a retried failure was, in a few words.
fn retry_reason(error: &LambdaError) -> String {
    match error {
        e if e.is_aws(ErrorType::TooManyRequests) => "throttled".into(),
        LambdaError::Aws(a) => format!("Lambda answered {}", a.status),
        LambdaError::Timeout { .. } => "no answer".into(),
        LambdaError::Transport { .. } => "network error".into(),
        other => crate::printable::line(&other.to_string()).into_owned(),
    }
}

impl std::fmt::Debug for LambdaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LambdaClient")
            .field("endpoint", &self.connection.endpoint.url)
            .field("region", &self.connection.region)
            .finish()
    }
}

impl LambdaClient {
    pub fn new(connection: Connection) -> Result<LambdaClient, LambdaError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(CALL_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(60))
            // Lambda never redirects; following one would send the signed request (and its
            // session token) wherever the endpoint points.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("lambda-policy/", env!("CARGO_PKG_VERSION")));
        if connection.endpoint.url.starts_with("http://") {
            // Plain http (an emulator on loopback): no TLS, so the system's roots are not loaded.
            builder = builder.tls_certs_only(Vec::<reqwest::Certificate>::new());
        } else if let Ok(path) = std::env::var("AWS_CA_BUNDLE")
            && !path.is_empty()
        {
            // A bundle of every public root is some 200 KiB: 16 MiB is far above any.
            let pem = crate::files::read_text(std::path::Path::new(&path), 16 * 1024 * 1024)
                .map_err(|e| LambdaError::Config(format!("AWS_CA_BUNDLE cannot be read: {e}")))?;
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes()).map_err(|e| {
                LambdaError::Config(format!("AWS_CA_BUNDLE {path} is not a PEM bundle: {e}"))
            })?;
            builder = builder.tls_certs_merge(certs);
        }
        let http = builder
            .build()
            .map_err(|e| LambdaError::Config(format!("cannot build the HTTP client: {e}")))?;
        let on_loopback = reqwest::Url::parse(&connection.endpoint.url)
            .ok()
            .and_then(|u| u.host_str().map(super::endpoint::is_loopback_host))
            .unwrap_or(false);
        let rate_limit = (!on_loopback).then(|| RateLimit::new(AWS_REQUESTS_PER_SECOND, AWS_BURST));
        Ok(LambdaClient {
            http,
            connection,
            retry: RetryPolicy::default(),
            rate_limit,
            retry_notes: None,
            read_only: false,
        })
    }

    /// The same client, refusing every write: the one gate of `--read-only`, whatever asks
    /// for the write (a command, the TUI, `audit --fix`).
    pub fn into_read_only(self) -> LambdaClient {
        LambdaClient {
            read_only: true,
            ..self
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// The HTTP client, for the other services' few reads (`organizations.rs`).
    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    async fn send_once(&self, call: &Call) -> Result<RawResponse, LambdaError> {
        if let Some(limit) = &self.rate_limit {
            limit.acquire().await;
        }
        let credentials = self
            .connection
            .credentials
            .resolve(self.connection.profile.as_deref())
            .await?;
        let url = format!("{}{}", self.connection.endpoint.url, call.path_and_query());
        let parsed = reqwest::Url::parse(&url)
            .map_err(|e| LambdaError::Config(format!("bad request URL {url}: {e}")))?;
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if call.body.is_some() {
            headers.push(("content-type", "application/json"));
        }
        let body = call.body.as_deref().unwrap_or("").as_bytes();
        let signature = sign_headers(
            &Unsigned {
                method: call.method.as_str(),
                url: &url,
                headers: &headers,
                body,
            },
            &Signer {
                credentials: &credentials,
                region: &self.connection.region,
                time: SystemTime::now(),
            },
        )?;
        let mut request = self.http.request(call.method.clone(), parsed);
        for (name, value) in headers.iter().copied().chain(
            signature
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        ) {
            request = request.header(name, value);
        }
        if let Some(body) = &call.body {
            request = request.body(body.clone());
        }
        let mut response = request.send().await.map_err(transport_error)?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = header("location")
                .map(|l| super::endpoint::display_url(&l))
                .unwrap_or_else(|| "nowhere (no Location)".into());
            return Err(LambdaError::Redirect { status, location });
        }
        let raw = RawResponse {
            status,
            content_type: header("content-type"),
            error_type: header("x-amzn-errortype"),
            request_id: header("x-amzn-requestid"),
            retry_after: header("retry-after"),
            body: Vec::new(),
        };
        let too_large = LambdaError::TooLarge {
            status,
            limit: MAX_RESPONSE_BYTES,
        };
        if response
            .content_length()
            .is_some_and(|length| length > MAX_RESPONSE_BYTES as u64)
        {
            return Err(too_large);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| LambdaError::Transport {
            message: format!("the answer was cut off: {}", describe(&e)),
            sent: true,
        })? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(
            method = %call.method,
            path = %call.path,
            status = raw.status,
            request_id = raw.request_id.as_deref().unwrap_or("-"),
            "lambda call"
        );
        Ok(RawResponse { body, ..raw })
    }

    /// Sends with retries; returns the successful raw answer, the last error, and the number
    /// of attempts and whether any attempt may have been applied without an answer.
    pub(super) async fn send(&self, call: &Call) -> (Result<RawResponse, LambdaError>, Attempts) {
        let started = Instant::now();
        let mut attempts = Attempts::default();
        // Every Lambda read is a GET: anything else changes the account.
        if self.read_only && call.method != reqwest::Method::GET {
            let request = format!("{} {}", call.method, call.path);
            return (Err(LambdaError::ReadOnly { request }), attempts);
        }
        loop {
            attempts.count += 1;
            let result = match self.send_once(call).await {
                Ok(raw) if (200..300).contains(&raw.status) => Ok(raw),
                Ok(raw) => Err(raw.into_error()),
                Err(e) => Err(e),
            };
            let error = match result {
                Ok(raw) => return (Ok(raw), attempts),
                Err(error) => error,
            };
            attempts.maybe_applied |= error.outcome_unknown();
            let out_of_time = started.elapsed() >= self.retry.total_budget;
            if !error.is_retryable() || attempts.count >= self.retry.max_attempts || out_of_time {
                let error = if error.is_retryable() && attempts.count > 1 {
                    LambdaError::RetriesExhausted {
                        attempts: attempts.count,
                        last: Box::new(error),
                    }
                } else {
                    error
                };
                return (Err(error), attempts);
            }
            let retry_after = error.aws().and_then(|a| a.retry_after);
            let delay = self
                .retry
                .delay(attempts.count, retry_after, rand::random::<f64>());
            tracing::info!(attempt = attempts.count, ?delay, error = %error, "retrying");
            if let Some(notes) = &self.retry_notes {
                notes(RetryNote {
                    reason: retry_reason(&error),
                    next_attempt: attempts.count + 1,
                    max_attempts: self.retry.max_attempts,
                    wait: delay,
                });
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends a write. An error is returned as is when no attempt can have been applied;
    /// otherwise it comes back as [`WriteSent::Lost`], to be settled by reading the policy.
    pub(super) async fn send_write(&self, call: &Call) -> Result<WriteSent, LambdaError> {
        match self.send(call).await {
            (Ok(raw), attempts) => Ok(WriteSent::Answered(raw, attempts.count)),
            (Err(error), attempts) if attempts.maybe_applied => {
                Ok(WriteSent::Lost(error, attempts.count))
            }
            (Err(error), _) => Err(error),
        }
    }

    pub(super) async fn read(&self, call: Call) -> Result<RawResponse, LambdaError> {
        self.send(&call).await.0
    }

    fn function_path(function: &str, rest: &str) -> String {
        format!("/2015-03-31/functions/{}{rest}", label(function))
    }

    /// One page of ListFunctions.
    pub async fn list_functions_page(
        &self,
        all_versions: bool,
        marker: Option<&str>,
        max_items: Option<u32>,
    ) -> Result<Page<FunctionConfiguration>, LambdaError> {
        let call = Self::list_functions_call(all_versions, marker, max_items);
        functions_page(RawPage::of(self.read(call).await?)?)
    }

    fn list_functions_call(
        all_versions: bool,
        marker: Option<&str>,
        max_items: Option<u32>,
    ) -> Call {
        Call::new(reqwest::Method::GET, "/2015-03-31/functions/".into())
            .query("FunctionVersion", all_versions.then_some("ALL"))
            .query("Marker", marker)
            .query("MaxItems", max_items.map(|m| m.to_string()).as_deref())
    }

    /// A page of a listing, asked for on a task of its own (see [`pager::pages`]).
    fn page_request(
        &self,
        call: Call,
    ) -> impl std::future::Future<Output = Result<RawPage, LambdaError>> + Send + use<> {
        let client = self.clone();
        async move { RawPage::of(client.read(call).await?) }
    }

    /// Every item of a listing whose pages are `call` with a `Marker` added, through the one
    /// paging loop.
    pub(super) async fn every_page<T>(&self, call: Call) -> Result<Vec<T>, LambdaError>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let split = |page: ListingPage<T>| (page.items, page.next_marker);
        let client = self.clone();
        let pages = pager::pages(
            move |marker: Option<String>| {
                client.page_request(call.clone().query("Marker", marker.as_deref()))
            },
            move |raw| raw.parse(split),
        );
        pager::all(pages).await
    }

    /// Every page of ListFunctions, each delivered as it arrives.
    pub fn list_functions(
        &self,
        all_versions: bool,
    ) -> impl Stream<Item = Result<Page<FunctionConfiguration>, LambdaError>> + use<> {
        let client = self.clone();
        pager::pages(
            move |marker: Option<String>| {
                client.page_request(Self::list_functions_call(
                    all_versions,
                    marker.as_deref(),
                    None,
                ))
            },
            functions_page,
        )
    }

    /// Every function, all pages.
    pub async fn list_all_functions(&self) -> Result<Vec<FunctionConfiguration>, LambdaError> {
        pager::all(self.list_functions(false)).await
    }

    pub async fn get_function(
        &self,
        function: &str,
        qualifier: Option<&str>,
    ) -> Result<FunctionConfiguration, LambdaError> {
        let call = Call::new(reqwest::Method::GET, Self::function_path(function, ""))
            .query("Qualifier", qualifier);
        let out: GetFunctionOutput = self.read(call).await?.json()?;
        Ok(out.configuration)
    }

    /// Every published version (after `$LATEST`), all pages.
    pub async fn list_versions(
        &self,
        function: &str,
    ) -> Result<Vec<FunctionConfiguration>, LambdaError> {
        let call = Call::new(
            reqwest::Method::GET,
            Self::function_path(function, "/versions"),
        );
        self.every_page(call).await
    }

    /// Every alias, all pages; `function_version` keeps those that route to that version.
    pub async fn list_aliases(
        &self,
        function: &str,
        function_version: Option<&str>,
    ) -> Result<Vec<AliasConfiguration>, LambdaError> {
        let call = Call::new(
            reqwest::Method::GET,
            Self::function_path(function, "/aliases"),
        )
        .query("FunctionVersion", function_version);
        self.every_page(call).await
    }

    /// The URL of a function or alias; none is `None`, not an error.
    pub async fn get_function_url_config(
        &self,
        function: &str,
        qualifier: Option<&str>,
    ) -> Result<Option<FunctionUrlConfig>, LambdaError> {
        let call = Call::new(reqwest::Method::GET, Self::url_path(function, "/url"))
            .query("Qualifier", qualifier);
        match self.read(call).await {
            Ok(raw) => raw.json().map(Some),
            Err(e)
                if e.is_aws(ErrorType::ResourceNotFound)
                    && e.aws().is_some_and(|a| {
                        a.message == crate::policy::aws_error::messages::NO_SUCH_RESOURCE
                    }) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// What is known of the URL of a function, version or alias, for the URL lints: a version
    /// never has one; a lookup that fails (a role that may not read URLs) leaves it unknown.
    pub async fn url_state(&self, function: &str, qualifier: Option<&str>) -> UrlState {
        if qualifier.is_some_and(|q| QualifierKind::of(q) != QualifierKind::Alias) {
            return UrlState::Absent;
        }
        match self.get_function_url_config(function, qualifier).await {
            Ok(Some(url)) => UrlState::Present {
                auth_type: url.auth_type,
            },
            Ok(None) => UrlState::Absent,
            Err(error) => {
                tracing::info!(%error, "the function URL could not be read");
                UrlState::Unknown
            }
        }
    }

    /// Every URL of a function: its own and its aliases', all pages.
    pub async fn list_function_url_configs(
        &self,
        function: &str,
    ) -> Result<Vec<FunctionUrlConfig>, LambdaError> {
        let call = Call::new(reqwest::Method::GET, Self::url_path(function, "/urls"));
        self.every_page(call).await
    }

    fn url_path(function: &str, rest: &str) -> String {
        format!("/2021-10-31/functions/{}{rest}", label(function))
    }

    pub async fn get_alias(
        &self,
        function: &str,
        alias: &str,
    ) -> Result<AliasConfiguration, LambdaError> {
        let call = Call::new(
            reqwest::Method::GET,
            Self::function_path(function, &format!("/aliases/{}", label(alias))),
        );
        self.read(call).await?.json()
    }

    /// The policy of a function or qualifier; none is an empty policy, not an error.
    pub async fn get_policy(
        &self,
        function: &str,
        qualifier: Option<&str>,
    ) -> Result<FunctionPolicy, LambdaError> {
        self.policy_of(&PolicyHolder::function(
            function,
            qualifier.map(str::to_string),
        ))
        .await
    }

    /// AddPermission, judged against the policy read just before it (see
    /// [`LambdaClient::add_permission_after`]).
    pub async fn add_permission(
        &self,
        request: &PermissionRequest,
    ) -> Result<WriteOutcome, LambdaError> {
        let holder = PolicyHolder::function(
            request.function_name.clone().unwrap_or_default(),
            request.qualifier.clone(),
        );
        let before = self.policy_before_write(&holder).await;
        self.add_permission_after(request, before.as_ref()).await
    }

    /// The policy before a write, or `None` when it cannot be read: a role may be allowed to
    /// write a policy and not to read it, and the write must not depend on the read.
    pub(super) async fn policy_before_write(
        &self,
        holder: &PolicyHolder,
    ) -> Option<FunctionPolicy> {
        match self.policy_of(holder).await {
            Ok(policy) => Some(policy),
            Err(error) => {
                tracing::info!(%error, "the policy could not be read before the write");
                None
            }
        }
    }

    /// AddPermission, where `before` is the policy as read before the first attempt (`None`:
    /// it could not be read). If an answer is lost, the policy is read again: the add is claimed
    /// only when the one change since `before` is the statement asked for.
    pub async fn add_permission_after(
        &self,
        request: &PermissionRequest,
        before: Option<&FunctionPolicy>,
    ) -> Result<WriteOutcome, LambdaError> {
        let function = request.function_name.clone().unwrap_or_default();
        let call = Call {
            body: Some(request.body_json()),
            ..Call::new(
                reqwest::Method::POST,
                Self::function_path(&function, "/policy"),
            )
            .query("Qualifier", request.qualifier.as_deref())
        };
        let holder = PolicyHolder::function(function, request.qualifier.clone());
        let sid = request.statement_id.as_deref().unwrap_or_default();
        let expected = |resource: &str| crate::policy::statement_for(request, resource);
        let change = Change::Add {
            sid,
            expected: &expected,
        };
        self.reconciled_write(&holder, &call, change, before).await
    }

    /// The policy `holder` holds; none is an empty policy, not an error. Lambda says "none"
    /// with a 404 whose message tells it from a holder that is not there.
    pub async fn policy_of(&self, holder: &PolicyHolder) -> Result<FunctionPolicy, LambdaError> {
        use crate::policy::aws_error::messages::{NO_POLICY_ASSOCIATED, NO_SUCH_RESOURCE};
        let (call, none): (Call, &[&str]) = match holder {
            PolicyHolder::Function {
                function,
                qualifier,
            } => (
                Call::new(
                    reqwest::Method::GET,
                    Self::function_path(function, "/policy"),
                )
                .query("Qualifier", qualifier.as_deref()),
                &[NO_SUCH_RESOURCE],
            ),
            PolicyHolder::LayerVersion { layer, version } => (
                Call::new(
                    reqwest::Method::GET,
                    version_path(layer, *version, "/policy"),
                ),
                &[NO_POLICY_ASSOCIATED, NO_SUCH_RESOURCE],
            ),
        };
        match self.read(call).await {
            Ok(raw) => present_policy(raw),
            Err(e)
                if e.is_aws(ErrorType::ResourceNotFound)
                    && e.aws().is_some_and(|a| none.contains(&a.message.as_str())) =>
            {
                Ok(FunctionPolicy::empty())
            }
            Err(e) => Err(e),
        }
    }

    /// Every statement write, reconciled the one way: sent with retries; when its answer is
    /// lost, `holder`'s policy is read again and the write is claimed only when the one change
    /// since `before` (the policy read before the first attempt, `None` when it could not be)
    /// is `change`.
    pub(super) async fn reconciled_write(
        &self,
        holder: &PolicyHolder,
        call: &Call,
        change: Change<'_>,
        before: Option<&FunctionPolicy>,
    ) -> Result<WriteOutcome, LambdaError> {
        let (error, attempts) = match self.send_write(call).await? {
            WriteSent::Answered(raw, attempts) => {
                let statement = match change {
                    Change::Add { .. } => {
                        let out: AddPermissionOutput = raw.json()?;
                        serde_json::from_str(&out.statement).ok()
                    }
                    Change::Remove { .. } => None,
                };
                return Ok(WriteOutcome {
                    statement,
                    attempts,
                    reconciled: None,
                });
            }
            WriteSent::Lost(error, attempts) => (error, attempts),
        };
        let (sid, doing) = match change {
            Change::Add { sid, .. } => (sid, "adding"),
            Change::Remove { sid } => (sid, "removing"),
        };
        let now = self.policy_of(holder).await.map_err(|read_error| {
            LambdaError::UnknownOutcome(format!(
                "{doing} {sid} may or may not have been applied: the answer was lost ({error}) and the policy could not be read ({read_error})"
            ))
        })?;
        let document = now.document.as_ref();
        match change {
            Change::Add { expected, .. } => {
                let judged =
                    reconcile::added_statement(sid, expected, Before::of(before), document);
                let statement = document
                    .and_then(|d| d.statement(sid))
                    .map(|s| s.raw.clone());
                settle(judged, error, attempts, sid, "added", statement)
            }
            Change::Remove { .. } => {
                let judged = reconcile::removed(sid, Before::of(before), document);
                settle(judged, error, attempts, sid, "removed", None)
            }
        }
    }

    /// RemovePermission, judged against the policy read just before it.
    pub async fn remove_permission(
        &self,
        function: &str,
        sid: &str,
        qualifier: Option<&str>,
        revision_id: Option<&str>,
    ) -> Result<WriteOutcome, LambdaError> {
        let holder = PolicyHolder::function(function, qualifier.map(str::to_string));
        let before = self.policy_before_write(&holder).await;
        self.remove_permission_after(function, sid, qualifier, revision_id, before.as_ref())
            .await
    }

    /// RemovePermission, reconciled like [`LambdaClient::add_permission_after`].
    pub async fn remove_permission_after(
        &self,
        function: &str,
        sid: &str,
        qualifier: Option<&str>,
        revision_id: Option<&str>,
        before: Option<&FunctionPolicy>,
    ) -> Result<WriteOutcome, LambdaError> {
        let call = Call::new(
            reqwest::Method::DELETE,
            Self::function_path(function, &format!("/policy/{}", label(sid))),
        )
        .query("Qualifier", qualifier)
        .query("RevisionId", revision_id);
        let holder = PolicyHolder::function(function, qualifier.map(str::to_string));
        self.reconciled_write(&holder, &call, Change::Remove { sid }, before)
            .await
    }
}

/// The `{"Policy", "RevisionId"}` answer of GetPolicy, GetResourcePolicy and
/// PutResourcePolicy, with its document parsed; a document that is none is a malformed answer.
pub(super) fn policy_answer(
    raw: RawResponse,
) -> Result<(GetPolicyOutput, PolicyDocument), LambdaError> {
    let out: GetPolicyOutput = raw.clone().json()?;
    let document = PolicyDocument::parse(&out.policy).map_err(|e| LambdaError::Malformed {
        status: raw.status,
        content_type: raw.content_type.clone(),
        first_bytes: format!("the policy is not a policy document ({e})"),
        request_id: raw.request_id.clone(),
    })?;
    Ok((out, document))
}

/// A policy that is there, from GetPolicy's (or GetLayerVersionPolicy's) answer.
pub(super) fn present_policy(raw: RawResponse) -> Result<FunctionPolicy, LambdaError> {
    let (out, document) = policy_answer(raw)?;
    Ok(FunctionPolicy {
        document: Some(document),
        text: Some(out.policy),
        revision_id: Some(out.revision_id),
    })
}

/// The functions of a ListFunctions page.
fn functions_page(raw: RawPage) -> Result<Page<FunctionConfiguration>, LambdaError> {
    raw.parse(|out: ListFunctionsOutput| (out.functions, out.next_marker))
}

/// The outcome of a write whose answer was lost, from what the policy shows.
pub(super) fn settle(
    judged: Attribution,
    error: LambdaError,
    attempts: u32,
    sid: &str,
    done: &str,
    statement: Option<serde_json::Value>,
) -> Result<WriteOutcome, LambdaError> {
    match judged {
        Attribution::Ours => Ok(WriteOutcome {
            statement,
            attempts,
            reconciled: Some(format!(
                "the answer was lost ({error}); the policy shows {sid} was {done}, and nothing else changed"
            )),
        }),
        Attribution::NotApplied => Err(error),
        Attribution::NotOurs(reason) => Err(LambdaError::OtherWriter(reason)),
        Attribution::Unclear(reason) => Err(LambdaError::UnknownOutcome(format!(
            "{reason} (the answer to this command's request was lost: {error})"
        ))),
    }
}

/// The change a statement write makes, and how its lost answer is judged.
#[derive(Clone, Copy)]
pub(super) enum Change<'a> {
    /// Statement `sid`, as Lambda writes it for a resource ARN.
    Add {
        sid: &'a str,
        expected: &'a (dyn Fn(&str) -> serde_json::Value + Sync),
    },
    Remove {
        sid: &'a str,
    },
}

/// A write's answer with the number of attempts, or the error of a write that may have been
/// applied although its answer was lost.
pub(super) enum WriteSent {
    Answered(RawResponse, u32),
    Lost(LambdaError, u32),
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Attempts {
    pub(super) count: u32,
    pub(super) maybe_applied: bool,
}

pub(super) fn describe(error: &reqwest::Error) -> String {
    use std::error::Error;
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn transport_error(error: reqwest::Error) -> LambdaError {
    if error.is_timeout() {
        return LambdaError::Timeout {
            after: CALL_TIMEOUT,
        };
    }
    if error.is_connect() {
        // Said plainly, with where and why: the chain of library errors helps no operator.
        let place = error
            .url()
            .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
            .unwrap_or_else(|| "the endpoint".into());
        return LambdaError::Transport {
            message: format!("cannot connect to {place} ({})", innermost_cause(&error)),
            sent: false,
        };
    }
    LambdaError::Transport {
        message: describe(&error),
        sent: true,
    }
}

/// The deepest cause of an error: "Connection refused (os error 111)", not its wrappers.
fn innermost_cause(error: &reqwest::Error) -> String {
    use std::error::Error;
    let mut cause: &dyn Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

impl CredentialSource {
    /// Credentials that never expire, for the demo and for tests.
    pub fn fixed(access_key_id: &str, secret_access_key: &str) -> CredentialSource {
        CredentialSource::Static(aws_credential_types::Credentials::new(
            access_key_id,
            secret_access_key,
            None,
            None,
            "lambda-policy",
        ))
    }
}

/// The path of a layer version (and what follows it).
pub(super) fn version_path(layer: &str, version: u64, rest: &str) -> String {
    layer_path(layer, &format!("/versions/{version}{rest}"))
}

/// The path of a layer (and what follows it).
pub(super) fn layer_path(layer: &str, rest: &str) -> String {
    format!("/2018-10-31/layers/{}{rest}", label(layer))
}
