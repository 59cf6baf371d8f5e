//! Logs go to a file, never to the terminal: the TUI owns the screen and secrets must not leak.
//!
//! The file is created readable by its owner only; every line is written through
//! [`crate::printable`], so a message an endpoint sent cannot put escape sequences into it; and
//! the crates that sign and send AWS requests never log what they sign: aws-sigv4's trace output
//! holds the request with its headers (the session token among them) and the SDK runtime's the
//! whole signed request, so the one is off and the others stop at debug, whatever
//! `LAMBDA_POLICY_LOG` says.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether an event of this target and level may be logged at all, whatever
/// `LAMBDA_POLICY_LOG` asks for (a filter on top of it, so no directive can turn these on).
fn may_log(target: &str, level: &tracing::Level) -> bool {
    if target.starts_with("aws_sigv4") {
        return false;
    }
    if target.starts_with("aws_smithy") || target.starts_with("aws_config") {
        return *level <= tracing::Level::DEBUG;
    }
    true
}

/// `$XDG_STATE_HOME/lambda-policy/lambda-policy.log`, else `~/.local/state/…`.
pub fn default_log_file() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("lambda-policy").join("lambda-policy.log")
}

/// Opens (or creates, mode 0600) the log file for appending, never through a link.
pub fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::DirBuilderExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    crate::files::append(path, crate::files::Access::Private)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Each write is one formatted event, one line: written with nothing a terminal would obey,
/// and with any newline inside it escaped, so that a message cannot forge another entry.
struct PrintableWriter(File);

impl Write for PrintableWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (event, end) = match text.strip_suffix('\n') {
            Some(event) => (event, "\n"),
            None => (text.as_ref(), ""),
        };
        let mut line = crate::printable::line(event).into_owned();
        line.push_str(end);
        self.0.write_all(line.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn filter() -> tracing_subscriber::EnvFilter {
    let asked = std::env::var("LAMBDA_POLICY_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "info".into());
    tracing_subscriber::EnvFilter::try_new(&asked)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
}

/// Starts logging to `file`; the guard must live as long as the program.
pub fn start(file: File) -> tracing_appender::non_blocking::WorkerGuard {
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let (writer, guard) = tracing_appender::non_blocking(PrintableWriter(file));
    let secrets =
        tracing_subscriber::filter::filter_fn(|meta| may_log(meta.target(), meta.level()));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(filter())
        .with_filter(secrets);
    let _ = tracing_subscriber::registry().with(layer).try_init();
    guard
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_signing_crates_never_log_what_they_sign() {
        use tracing::Level;
        assert!(!may_log("aws_sigv4::http_request::sign", &Level::ERROR));
        assert!(!may_log(
            "aws_smithy_runtime::client::orchestrator",
            &Level::TRACE
        ));
        assert!(may_log(
            "aws_smithy_runtime::client::orchestrator",
            &Level::DEBUG
        ));
        assert!(may_log("lambda_policy::lambda::client", &Level::TRACE));
    }

    #[test]
    fn a_new_log_file_is_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs/new.log");
        open(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_written_line_carries_no_escape_sequence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.log");
        let mut writer = PrintableWriter(open(&path).unwrap());
        writer
            .write_all(b"message=\x1b]52;c;aGk=\x07 \xe2\x80\xae done\nINFO forged\n")
            .unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            written,
            "message=\\u{1b}]52;c;aGk=\\u{7} \\u{202e} done\\nINFO forged\n"
        );
    }
}
