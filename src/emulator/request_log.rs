//! `serve --request-log FILE`: one JSON line per request answered (method, path and query,
//! status), so that a test or an operator can see exactly what reached the emulator, such as
//! that a `--read-only` client sent no write.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

#[derive(Debug)]
pub struct RequestLog {
    file: Mutex<std::fs::File>,
}

impl RequestLog {
    /// Appends to `path` (created 0600, never through a link).
    pub fn open(path: &Path) -> Result<RequestLog, crate::files::FileError> {
        let file = crate::files::append(path, crate::files::Access::Private)?;
        Ok(RequestLog {
            file: Mutex::new(file),
        })
    }

    pub fn record(&self, method: &str, path_and_query: &str, status: u16) {
        let line = serde_json::json!({
            "method": method,
            "path": path_and_query,
            "status": status,
        });
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // What a client sent is written with nothing a terminal would obey (the same JSON). A
        // log that cannot be written does not stop the server answering.
        let _ = writeln!(file, "{}", crate::printable::json(&line.to_string()));
    }
}
