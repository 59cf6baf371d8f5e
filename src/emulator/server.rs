//! The listener: HTTP/1 on loopback by default, a slow client timed out, a write that must be
//! left unanswered answered by closing the connection, and a clean stop.

use super::account::Account;
use super::auth::AuthMode;
use super::faults::{FaultConfig, Faults};
use super::handler::{DropConnection, Shared};
use super::http::router;
use super::request_log::RequestLog;
use super::store::StateFile;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// How long a client may take to send its request head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections beyond the descriptors the process may open would make `accept` fail; a quarter
/// of them, up to this many, are kept for the state file, the log and the runtime.
const SPARE_DESCRIPTORS: u64 = 64;

/// What one client may hold: a connection slot for a bounded time.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// How long a client may take to send its request head before it is disconnected.
    pub header_read_timeout: Duration,
    /// How long it may take to send the body once the head has arrived, and to take in an
    /// answer once it is being written.
    pub body_read_timeout: Duration,
    /// Connections served at once; the others wait in the listen queue.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
            max_connections: default_max_connections(),
        }
    }
}

/// As many connections as the descriptor limit allows, less a margin, and at most 1,024.
pub fn default_max_connections() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let soft = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        limit.rlim_cur
    } else {
        1024
    };
    let spare = SPARE_DESCRIPTORS.min(soft / 4);
    soft.saturating_sub(spare).clamp(8, 1024) as usize
}

#[derive(Debug)]
pub struct EmulatorConfig {
    pub bind: SocketAddr,
    pub account: Account,
    pub auth: AuthMode,
    pub faults: FaultConfig,
    pub state_file: Option<StateFile>,
    pub connections: ConnectionLimits,
    /// Requests a second the account allows a caller (`serve --rate-limit`).
    pub rate_limit: Option<f64>,
    /// Every request answered, one line each (`serve --request-log`).
    pub request_log: Option<Arc<RequestLog>>,
}

impl EmulatorConfig {
    /// `account` on an ephemeral loopback port, without faults or a state file.
    pub fn on_loopback(account: Account, auth: AuthMode) -> EmulatorConfig {
        EmulatorConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            account,
            auth,
            faults: FaultConfig::default(),
            state_file: None,
            connections: ConnectionLimits::default(),
            rate_limit: None,
            request_log: None,
        }
    }
}

/// A running emulator; dropping it (or calling [`RunningEmulator::stop`]) stops it.
pub struct RunningEmulator {
    pub addr: SocketAddr,
    /// What it serves, to be put back as it was (`:reset` in the demo); a fleet has no one
    /// account to put back.
    shared: Option<Arc<Shared>>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningEmulator {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A handle that puts `account` back in place of whatever the emulator now holds.
    pub fn resetter(&self, account: Account) -> impl Fn() + Send + Sync + 'static {
        let shared = self.shared.clone();
        move || {
            let Some(shared) = &shared else {
                return;
            };
            let mut held = shared.account();
            let (block, storage) = (held.block_public_policies, held.code_storage_limit);
            *held = account.clone();
            held.block_public_policies = block;
            held.code_storage_limit = storage;
        }
    }

    /// A handle that keeps the account as it stands under a number (`save` true), or puts back
    /// the one kept under it: what the tour restores each step from.
    pub fn step_store(&self) -> impl Fn(bool, usize) + Send + Sync + 'static {
        let shared = self.shared.clone();
        let kept: std::sync::Mutex<std::collections::HashMap<usize, Account>> = Default::default();
        move |save, step| {
            let Some(shared) = &shared else {
                return;
            };
            let mut held = shared.account();
            let mut kept = kept
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if save {
                kept.insert(step, held.clone());
            } else if let Some(account) = kept.get(&step) {
                *held = account.clone();
            }
        }
    }

    /// Stops serving now (as a killed server would), without waiting for the task.
    pub fn halt(&self) {
        let _ = self.stop.send(true);
    }

    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped after the write, as asked")
    }
}

impl std::error::Error for DroppedOnPurpose {}

pub async fn start(config: EmulatorConfig) -> std::io::Result<RunningEmulator> {
    let listener = TcpListener::bind(config.bind).await?;
    let limits = config.connections;
    let shared = Arc::new(Shared {
        account: Mutex::new(config.account),
        auth: config.auth,
        faults: Faults::new(config.faults),
        state_file: config.state_file,
        body_read_timeout: limits.body_read_timeout,
        quota: config.rate_limit.map(super::quota::Quota::new),
    });
    let app = router(shared.clone());
    serve_app(listener, app, limits, Some(shared), config.request_log)
}

/// Serves `app` on `listener` until stopped.
pub(super) fn serve_app(
    listener: TcpListener,
    app: axum::Router,
    limits: ConnectionLimits,
    shared: Option<Arc<Shared>>,
    request_log: Option<Arc<RequestLog>>,
) -> std::io::Result<RunningEmulator> {
    let addr = listener.local_addr()?;
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let mut backoff = AcceptBackoff::default();
        loop {
            let slot = tokio::select! {
                slot = slots.clone().acquire_owned() => slot,
                _ = stopped.changed() => break,
            };
            let Ok(slot) = slot else { break };
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = stopped.changed() => break,
            };
            let stream = match accepted {
                Ok((stream, _)) => {
                    backoff.reset();
                    stream
                }
                Err(error) => {
                    // Out of descriptors (or memory): retrying at once would spin a core.
                    let wait = backoff.next();
                    tracing::warn!(%error, ?wait, "accept failed; waiting before the next");
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => continue,
                        _ = stopped.changed() => break,
                    }
                }
            };
            let app = app.clone();
            let stopped = stopped.clone();
            let log = request_log.clone();
            tokio::spawn(serve_connection(stream, app, limits, stopped, slot, log));
        }
    });
    Ok(RunningEmulator {
        addr,
        shared,
        stop,
        task: Some(task),
    })
}

/// Waits that grow from 10 ms to 1 s while `accept` keeps failing.
#[derive(Debug, Default)]
struct AcceptBackoff {
    failures: u32,
}

impl AcceptBackoff {
    fn reset(&mut self) {
        self.failures = 0;
    }

    fn next(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        Duration::from_millis(10u64.saturating_mul(1 << self.failures.min(7)).min(1000))
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: axum::Router,
    limits: ConnectionLimits,
    mut stopped: watch::Receiver<bool>,
    _slot: tokio::sync::OwnedSemaphorePermit,
    request_log: Option<Arc<RequestLog>>,
) {
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let app = app.clone();
        let log = request_log.clone();
        async move {
            let asked = log.as_ref().map(|_| {
                let uri = request.uri();
                let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
                (request.method().to_string(), path.to_string())
            });
            let response = app
                .oneshot(request.map(axum::body::Body::new))
                .await
                .unwrap_or_else(|e| match e {});
            if let (Some(log), Some((method, path))) = (&log, &asked) {
                log.record(method, path, response.status().as_u16());
            }
            if response.extensions().get::<DropConnection>().is_some() {
                return Err(DroppedOnPurpose);
            }
            Ok(response)
        }
    });
    // A client that stops reading its answers would block the write, with no timer running,
    // for as long as it likes: a write that makes no progress for the request timeout ends the
    // connection.
    let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
    stream.set_write_timeout(Some(limits.body_read_timeout));
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(TokioIo::new(Box::pin(stream)), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = stopped.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.as_mut().await;
        }
    }
}
