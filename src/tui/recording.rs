//! `--record FILE.cast`: everything the TUI writes to the terminal, also written as an
//! asciinema v2 recording (a JSON header, then `[seconds, "o", text]` for each flush), which
//! asciinema and its web player play back.

use std::fs::File;
use std::io::{BufWriter, Stdout, Write};
use std::time::Instant;

/// The terminal's output: stdout, and the recording when there is one.
pub struct Output {
    stdout: Stdout,
    recording: Option<Recording>,
}

pub struct Recording {
    file: BufWriter<File>,
    started: Instant,
    /// What was written since the last flush: one event per flush, whole characters.
    pending: Vec<u8>,
}

impl Recording {
    /// Starts a recording of a `width` x `height` terminal into `file`.
    pub fn start(file: File, width: u16, height: u16) -> std::io::Result<Recording> {
        let mut file = BufWriter::new(file);
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let term = std::env::var("TERM").unwrap_or_else(|_| "xterm-256color".into());
        let header = serde_json::json!({
            "version": 2,
            "width": width,
            "height": height,
            "timestamp": timestamp,
            "env": {"TERM": term},
        });
        writeln!(file, "{header}")?;
        // The screen the TUI starts from: cleared, so that a player shows only what is drawn.
        writeln!(
            file,
            "{}",
            serde_json::json!([0.0, "o", "\u{1b}[H\u{1b}[2J"])
        )?;
        Ok(Recording {
            file,
            started: Instant::now(),
            pending: Vec::new(),
        })
    }

    fn emit(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        let seconds = self.started.elapsed().as_secs_f64();
        let event = serde_json::json!([(seconds * 1e6).round() / 1e6, "o", text]);
        writeln!(self.file, "{event}")?;
        self.file.flush()
    }
}

impl Output {
    pub fn new(recording: Option<Recording>) -> Output {
        Output {
            stdout: std::io::stdout(),
            recording,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stdout.write_all(buf)?;
        if let Some(recording) = &mut self.recording {
            recording.pending.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stdout.flush()?;
        if let Some(recording) = &mut self.recording {
            // A recording that cannot be written stops; the session goes on.
            if let Err(error) = recording.emit() {
                tracing::warn!(%error, "the recording stopped");
                self.recording = None;
            }
        }
        Ok(())
    }
}
