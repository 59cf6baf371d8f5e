//! `lambda-policy serve`: the emulator on its own, until SIGINT or SIGTERM.

use crate::cli::ServeArgs;
use crate::commands::CommandError;
use crate::emulator::{
    AuthMode, ConnectionLimits, DEMO_FIXTURE, EmulatorConfig, KeyPair, StateFile,
    add_synthetic_functions, load_fixture, start, store::StoreError,
};
use std::io::Write;
use std::time::Duration;

/// Whether a server that accepts any well-formed signature may listen on `bind`: only on
/// loopback, unless the operator says otherwise.
pub fn exposure_refused(bind: std::net::SocketAddr, verifying: bool, allow_remote: bool) -> bool {
    !bind.ip().is_loopback() && !verifying && !allow_remote
}

pub async fn run(args: ServeArgs) -> Result<(), CommandError> {
    let failed = |e: &dyn std::fmt::Display| CommandError::failed(e.to_string());
    let state_error = |e: StoreError| match e {
        StoreError::NotAFile { .. } | StoreError::Folder { .. } => {
            CommandError::bad_input(e.to_string())
        }
        _ => CommandError::failed(e.to_string()),
    };
    let auth = match (&args.access_key_id, &args.secret_access_key) {
        (Some(access_key_id), Some(secret_access_key)) => AuthMode::Verify(KeyPair {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.clone(),
        }),
        _ => AuthMode::AnyWellFormed,
    };
    let verifying = matches!(auth, AuthMode::Verify(_));
    if exposure_refused(args.bind, verifying, args.allow_remote) {
        return Err(CommandError::bad_input(format!(
            "--bind {}: not a loopback address, and signatures are not verified, so anyone who reaches it could change its policies; give --access-key-id and --secret-access-key, or --allow-remote if that is really meant",
            args.bind
        )));
    }
    let fixture = match &args.fixture {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            CommandError::bad_input(format!("cannot read fixture {}: {e}", path.display()))
        })?,
        None => DEMO_FIXTURE.to_string(),
    };
    let state_file = match &args.state {
        Some(path) => Some(StateFile::open(path).map_err(state_error)?),
        None => None,
    };
    let saved = match &state_file {
        Some(file) => file.load().map_err(state_error)?,
        None => None,
    };
    if let (Some(account), Some(file)) = (&saved, &state_file) {
        account.check_identity().map_err(|reason| {
            failed(&format!(
                "state file {}: {reason}; it was left untouched",
                file.path().display()
            ))
        })?;
    }
    let is_new = saved.is_none();
    let mut account = match saved {
        Some(account) => account,
        None => load_fixture(&fixture).map_err(|e| CommandError::bad_input(e.to_string()))?,
    };
    account.block_public_policies |= args.block_public_policies;
    let added = add_synthetic_functions(&mut account, args.functions);
    // A file is written only when its content changes: at start, only a new one or one that
    // gained synthetic functions.
    if let Some(file) = &state_file
        && (is_new || added > 0)
    {
        file.save(&account).map_err(|e| failed(&e))?;
    }
    let faults = args.faults.config();
    let timeout = Duration::from_secs(args.request_timeout);
    let connections = ConnectionLimits {
        header_read_timeout: timeout,
        body_read_timeout: timeout,
        max_connections: args
            .max_connections
            .map_or_else(crate::emulator::server::default_max_connections, |n| {
                n as usize
            }),
    };
    let region = account.region.clone();
    let account_id = account.account_id.clone();
    let count = account.functions.len();
    let emulator = start(EmulatorConfig {
        bind: args.bind,
        faults,
        state_file,
        connections,
        ..EmulatorConfig::on_loopback(account, auth)
    })
    .await
    .map_err(|e| CommandError::failed(format!("cannot listen on {}: {e}", args.bind)))?;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}", emulator.url());
    let _ = writeln!(
        out,
        "account {account_id}, region {region}, {count} functions"
    );
    // (Both were checked to be an account id and a region, whichever file they came from.)
    if !verifying {
        let _ = writeln!(
            out,
            "accepting any well-formed SigV4 signature (give --access-key-id and --secret-access-key to verify)"
        );
    }
    let _ = out.flush();
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "WARNING: listening on {}, which is not loopback{}",
            emulator.addr,
            if verifying {
                ""
            } else {
                ", WITHOUT verifying signatures: anyone who can reach this address can read and change every policy"
            }
        );
    }
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

#[cfg(test)]
mod tests {
    use super::exposure_refused;

    #[test]
    fn an_unverified_server_stays_on_loopback_unless_allowed() {
        let any = "0.0.0.0:9777".parse().unwrap();
        let loopback = "127.0.0.1:9777".parse().unwrap();
        let loopback6 = "[::1]:9777".parse().unwrap();
        assert!(exposure_refused(any, false, false));
        assert!(!exposure_refused(any, false, true));
        assert!(!exposure_refused(any, true, false));
        assert!(!exposure_refused(loopback, false, false));
        assert!(!exposure_refused(loopback6, false, false));
    }
}
