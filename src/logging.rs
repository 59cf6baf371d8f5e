//! Logs go to a file, never to the terminal: the TUI owns the screen and secrets must not leak.

use std::path::{Path, PathBuf};

/// `$XDG_STATE_HOME/lambda-policy/lambda-policy.log`, else `~/.local/state/…`.
pub fn default_log_file() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("lambda-policy").join("lambda-policy.log")
}

/// Starts logging to `path`; the guard must live as long as the program.
pub fn init(path: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = path.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = tracing_subscriber::EnvFilter::try_from_env("LAMBDA_POLICY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
