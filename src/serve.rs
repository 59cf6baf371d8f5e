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
        Some(path) => crate::files::read_text(path, crate::files::MAX_INPUT_BYTES)
            .map_err(|e| CommandError::bad_input(format!("cannot read the fixture: {e}")))?,
        None => DEMO_FIXTURE.to_string(),
    };
    if let Some(rate) = args.rate_limit
        && !(rate.is_finite() && rate > 0.0)
    {
        return Err(CommandError::bad_input(
            "--rate-limit: requests a second must be a number above 0",
        ));
    }
    let connections = connection_limits(&args);
    if args.accounts > 1 || !args.regions.is_empty() || args.write_profiles.is_some() {
        return run_fleet(&args, &fixture, connections).await;
    }
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
    account.code_storage_limit = args.code_storage;
    let added = add_synthetic_functions(&mut account, args.functions);
    // A file is written only when its content changes: at start, only a new one or one that
    // gained synthetic functions.
    if let Some(file) = &state_file
        && (is_new || added > 0)
    {
        file.save(&account).map_err(|e| failed(&e))?;
    }
    let faults = args.faults.config();
    let region = account.region.clone();
    let account_id = account.account_id.clone();
    let count = account.functions.len();
    let emulator = start(EmulatorConfig {
        bind: args.bind,
        faults,
        state_file,
        connections,
        rate_limit: args.rate_limit,
        request_log: request_log(&args)?,
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

fn request_log(
    args: &ServeArgs,
) -> Result<Option<std::sync::Arc<crate::emulator::request_log::RequestLog>>, CommandError> {
    let Some(path) = &args.request_log else {
        return Ok(None);
    };
    let log = crate::emulator::request_log::RequestLog::open(path)
        .map_err(|e| CommandError::bad_input(format!("--request-log: {e}")))?;
    Ok(Some(std::sync::Arc::new(log)))
}

fn connection_limits(args: &ServeArgs) -> ConnectionLimits {
    let timeout = Duration::from_secs(args.request_timeout);
    ConnectionLimits {
        header_read_timeout: timeout,
        body_read_timeout: timeout,
        max_connections: args
            .max_connections
            .map_or_else(crate::emulator::server::default_max_connections, |n| {
                n as usize
            }),
    }
}

/// Several accounts and regions: each account's keys go to the profiles file (never to the
/// terminal), one profile per account.
async fn run_fleet(
    args: &ServeArgs,
    fixture: &str,
    connections: ConnectionLimits,
) -> Result<(), CommandError> {
    use crate::emulator::fleet::{
        FleetAccount, FleetConfig, account_ids, fixture_for, start_fleet,
    };
    let Some(profiles) = &args.write_profiles else {
        return Err(CommandError::bad_input(
            "--accounts and --regions need --write-profiles FILE: each account's keys are written there",
        ));
    };
    if args.state.is_some() || args.access_key_id.is_some() || args.allow_remote {
        return Err(CommandError::bad_input(
            "--accounts, --regions and --write-profiles serve made-up accounts on loopback: --state, --access-key-id and --allow-remote are for one account",
        ));
    }
    if !args.bind.ip().is_loopback() {
        return Err(CommandError::bad_input(format!(
            "--bind {}: several accounts are served on loopback only",
            args.bind
        )));
    }
    for role in &args.roles {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
        if role.is_empty() || role.len() > 64 || !role.chars().all(allowed) {
            return Err(CommandError::bad_input(format!(
                "--roles: '{}' is not a role name (1 to 64 letters, digits and _+=,.@-)",
                crate::printable::line(role)
            )));
        }
    }
    let profiles_existing = profiles_target(profiles)?;
    let base = load_fixture(fixture).map_err(|e| CommandError::bad_input(e.to_string()))?;
    let regions = if args.regions.is_empty() {
        vec![base.region.clone()]
    } else {
        args.regions.clone()
    };
    for region in &regions {
        if !crate::policy::function_ref::is_region(region) {
            return Err(CommandError::bad_input(format!(
                "--regions: '{}' is not a region",
                crate::printable::line(region)
            )));
        }
    }
    let mut accounts = Vec::new();
    for account_id in account_ids(&base.account_id, args.accounts as usize) {
        let mut data = Vec::new();
        for region in &regions {
            let mut account = fixture_for(fixture, &base, &account_id, region)
                .map_err(CommandError::bad_input)?;
            account.block_public_policies |= args.block_public_policies;
            account.code_storage_limit = args.code_storage;
            add_synthetic_functions(&mut account, args.functions);
            data.push(account);
        }
        accounts.push(FleetAccount {
            account_id,
            keys: KeyPair::generate(),
            regions: data,
        });
    }
    let functions = accounts[0].regions[0].functions.len();
    let keys: Vec<(String, KeyPair)> = accounts
        .iter()
        .map(|a| (a.account_id.clone(), a.keys.clone()))
        .collect();
    let emulator = start_fleet(FleetConfig {
        bind: args.bind,
        accounts,
        faults: args.faults.config(),
        connections,
        rate_limit: args.rate_limit,
        request_log: request_log(args)?,
        roles: args.roles.clone(),
    })
    .await
    .map_err(|e| CommandError::failed(format!("cannot listen on {}: {e}", args.bind)))?;
    let url = emulator.url();
    let mut text = format!("{PROFILES_MARK}\n\n");
    for (account_id, pair) in &keys {
        text.push_str(&format!(
            "[profile fleet-{account_id}]\naws_access_key_id = {}\naws_secret_access_key = {}\nregion = {}\nendpoint_url = {url}\n\n",
            pair.access_key_id, pair.secret_access_key, regions[0],
        ));
    }
    crate::files::write(
        profiles,
        text.as_bytes(),
        crate::files::Access::Private,
        profiles_existing,
    )
    .map_err(|e| CommandError::failed(format!("--write-profiles: cannot write it: {e}")))?;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{url}");
    let _ = writeln!(
        out,
        "{} accounts in {} ({functions} functions each), profiles in {}",
        keys.len(),
        regions.join(", "),
        crate::printable::line(&profiles.display().to_string())
    );
    for (account_id, pair) in &keys {
        let _ = writeln!(
            out,
            "profile fleet-{account_id}: account {account_id}, access key {}",
            pair.access_key_id
        );
    }
    if let Some(rate) = args.rate_limit {
        let _ = writeln!(
            out,
            "each account-region answers 429 above {rate} requests a second"
        );
    }
    let _ = out.flush();
    shutdown_signal().await;
    emulator.stop().await;
    Ok(())
}

/// The first line of a profiles file `serve` wrote: only such a file is ever replaced.
const PROFILES_MARK: &str = "# lambda-policy serve --write-profiles: made-up keys of an emulated fleet, replaced at each start";

/// Whether `--write-profiles` may write `path`: a new file, or one this command wrote before
/// (the user's real AWS config, with its SSO and role profiles, is never replaced).
fn profiles_target(path: &std::path::Path) -> Result<crate::files::Existing, CommandError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(crate::files::Existing::Keep);
    }
    let ours = crate::files::read_text(path, 16 * 1024 * 1024)
        .map_err(|e| CommandError::bad_input(format!("--write-profiles: {e}")))?
        .starts_with(PROFILES_MARK);
    if !ours {
        return Err(CommandError::bad_input(format!(
            "--write-profiles {}: the file exists and serve did not write it (an AWS config file?): it is left as it is; name a new file",
            crate::printable::line(&path.display().to_string())
        )));
    }
    Ok(crate::files::Existing::Replace)
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
