//! `lambda-policy serve`: the emulator on its own, until SIGINT or SIGTERM.

use crate::cli::ServeArgs;
use crate::emulator::{
    AuthMode, DEMO_FIXTURE, EmulatorConfig, FaultConfig, KeyPair, add_synthetic_functions,
    load_fixture, start, store,
};
use std::io::Write;

pub async fn run(args: ServeArgs) -> Result<(), String> {
    let fixture = match &args.fixture {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read fixture {}: {e}", path.display()))?,
        None => DEMO_FIXTURE.to_string(),
    };
    let mut account = match &args.state {
        Some(path) => match store::load(path).map_err(|e| e.to_string())? {
            Some(account) => account,
            None => load_fixture(&fixture).map_err(|e| e.to_string())?,
        },
        None => load_fixture(&fixture).map_err(|e| e.to_string())?,
    };
    add_synthetic_functions(&mut account, args.functions);
    if let Some(path) = &args.state {
        store::save(path, &account).map_err(|e| e.to_string())?;
    }
    let auth = match (args.access_key_id, args.secret_access_key) {
        (Some(access_key_id), Some(secret_access_key)) => AuthMode::Verify(KeyPair {
            access_key_id,
            secret_access_key,
        }),
        _ => AuthMode::AnyWellFormed,
    };
    let verifying = matches!(auth, AuthMode::Verify(_));
    let faults = FaultConfig {
        latency_ms: args.faults.latency_ms,
        throttle_rate: args.faults.throttle_rate,
        error_rate: args.faults.error_rate,
        drop_after_write_rate: args.faults.drop_after_write_rate,
        seed: args.faults.seed,
    };
    let region = account.region.clone();
    let account_id = account.account_id.clone();
    let count = account.functions.len();
    let emulator = start(EmulatorConfig {
        header_read_timeout: crate::emulator::server::HEADER_READ_TIMEOUT,
        bind: args.bind,
        account,
        auth,
        faults,
        state_file: args.state,
    })
    .await
    .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}", emulator.url());
    let _ = writeln!(
        out,
        "account {account_id}, region {region}, {count} functions"
    );
    if !verifying {
        let _ = writeln!(
            out,
            "accepting any well-formed SigV4 signature (give --access-key-id and --secret-access-key to verify)"
        );
    }
    let _ = out.flush();
    shutdown_signal().await;
    emulator.stop().await;
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let mut hangup = signal(SignalKind::hangup()).expect("SIGHUP handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hangup.recv() => {}
    }
}
