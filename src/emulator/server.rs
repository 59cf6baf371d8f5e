//! The listener: HTTP/1 on loopback by default, a slow client timed out, a write that must be
//! left unanswered answered by closing the connection, and a clean stop.

use super::account::Account;
use super::auth::AuthMode;
use super::faults::{FaultConfig, Faults};
use super::http::{DropConnection, Shared, router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// How long a client may take to send its request head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct EmulatorConfig {
    pub bind: SocketAddr,
    pub account: Account,
    pub auth: AuthMode,
    pub faults: FaultConfig,
    pub state_file: Option<PathBuf>,
    /// How long a client may take to send its request head before it is disconnected.
    pub header_read_timeout: Duration,
}

/// A running emulator; dropping it (or calling [`RunningEmulator::stop`]) stops it.
pub struct RunningEmulator {
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningEmulator {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared {
        account: Mutex::new(config.account),
        auth: config.auth,
        faults: Faults::new(config.faults),
        state_file: config.state_file,
    });
    let app = router(shared);
    let header_read_timeout = config.header_read_timeout;
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = stopped.changed() => break,
            };
            let Ok((stream, _)) = accepted else { continue };
            let app = app.clone();
            let mut stopped = stopped.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                        let app = app.clone();
                        async move {
                            let response = app
                                .oneshot(request.map(axum::body::Body::new))
                                .await
                                .unwrap_or_else(|e| match e {});
                            if response.extensions().get::<DropConnection>().is_some() {
                                return Err(DroppedOnPurpose);
                            }
                            Ok(response)
                        }
                    });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_read_timeout)
                    .serve_connection(TokioIo::new(stream), service);
                tokio::pin!(connection);
                tokio::select! {
                    _ = connection.as_mut() => {}
                    _ = stopped.changed() => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.as_mut().await;
                    }
                }
            });
        }
    });
    Ok(RunningEmulator {
        addr,
        stop,
        task: Some(task),
    })
}
