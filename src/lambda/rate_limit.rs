//! Keeps a client under Lambda's request quotas (15 a second per account and region for the
//! policy and listing calls): a token bucket shared by every clone of the client, so the TUI,
//! an audit or a script never throttles the account's other tools.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

#[derive(Debug, Clone)]
pub struct RateLimit {
    per_second: f64,
    burst: f64,
    state: Arc<Mutex<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// What the client allows itself against AWS: under the 15 a second quota, with room for
/// the account's other callers.
pub const AWS_REQUESTS_PER_SECOND: f64 = 10.0;
pub const AWS_BURST: f64 = 10.0;

impl RateLimit {
    pub fn new(per_second: f64, burst: f64) -> RateLimit {
        let burst = burst.max(1.0);
        RateLimit {
            per_second: per_second.max(0.001),
            burst,
            state: Arc::new(Mutex::new(Bucket {
                tokens: burst,
                updated: Instant::now(),
            })),
        }
    }

    /// Waits until a request may start.
    pub async fn acquire(&self) {
        let wait = self
            .state
            .lock()
            .await
            .reserve(Instant::now(), self.per_second, self.burst);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

impl Bucket {
    /// Takes a token at `now`; returns how long the caller must wait for it.
    fn reserve(&mut self, now: Instant, per_second: f64, burst: f64) -> Duration {
        let refill = now.saturating_duration_since(self.updated).as_secs_f64() * per_second;
        self.tokens = (self.tokens + refill).min(burst);
        self.updated = now;
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / per_second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_beyond_the_burst_wait_their_turn() {
        let start = Instant::now();
        let mut bucket = Bucket {
            tokens: 5.0,
            updated: start,
        };
        let waits: Vec<Duration> = (0..8).map(|_| bucket.reserve(start, 10.0, 5.0)).collect();
        assert!(
            waits[..5].iter().all(Duration::is_zero),
            "the burst goes at once"
        );
        assert_eq!(
            waits[5..].iter().map(|w| w.as_millis()).collect::<Vec<_>>(),
            [100, 200, 300]
        );
        // a second later ten tokens have come back, capped at the burst
        let later = start + Duration::from_secs(1);
        assert!(bucket.reserve(later, 10.0, 5.0).is_zero());
    }
}
