//! The audit's progress line on stderr, when it is a terminal: places done, policies read of
//! those known, and how often Lambda throttled. Silent otherwise.

use super::scan::Counts;
use crate::lambda::{RetryNote, RetryNotes};
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub struct Reporter {
    shared: Arc<Shared>,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

struct Shared {
    places: usize,
    places_done: AtomicUsize,
    throttled: AtomicUsize,
    counts: Arc<Counts>,
}

impl Shared {
    fn line(&self) -> String {
        let places = if self.places > 1 {
            format!(
                "{}/{} account-regions, ",
                self.places_done.load(Ordering::Relaxed),
                self.places
            )
        } else {
            String::new()
        };
        let throttled = match self.throttled.load(Ordering::Relaxed) {
            0 => String::new(),
            n => format!(", throttled {n}×"),
        };
        format!(
            "audit: {places}{}/{} policies read{throttled}",
            self.counts.read.load(Ordering::Relaxed),
            self.counts.total.load(Ordering::Relaxed),
        )
    }
}

impl Reporter {
    /// Starts the line, redrawn a few times a second, when stderr is a terminal.
    pub fn start(places: usize, counts: Arc<Counts>) -> Reporter {
        let shared = Arc::new(Shared {
            places,
            places_done: AtomicUsize::new(0),
            throttled: AtomicUsize::new(0),
            counts,
        });
        let ticker = std::io::stderr().is_terminal().then(|| {
            let shared = shared.clone();
            tokio::spawn(async move {
                loop {
                    eprint!("\r{}\x1b[K", shared.line());
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            })
        });
        Reporter { shared, ticker }
    }

    pub fn place_done(&self) {
        self.shared.places_done.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts the throttles a client waits out, in all and in `place`.
    pub fn retry_notes(&self, place: Arc<AtomicUsize>) -> RetryNotes {
        let shared = self.shared.clone();
        Arc::new(move |note: RetryNote| {
            if note.reason.contains("throttl") {
                shared.throttled.fetch_add(1, Ordering::Relaxed);
                place.fetch_add(1, Ordering::Relaxed);
            }
        })
    }

    /// The last line, kept on the terminal.
    pub fn finish(self) {
        if let Some(ticker) = self.ticker {
            ticker.abort();
            eprintln!("\r{}\x1b[K", self.shared.line());
            let _ = std::io::stderr().flush();
        }
    }
}
