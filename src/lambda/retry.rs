//! When and how long to wait before trying again: exponential backoff with full jitter,
//! Retry-After honoured, bounded in attempts and in total time.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// No new attempt starts after this much time since the first.
    pub total_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            total_budget: Duration::from_secs(45),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1` (attempt counts from 1); `unit` is a random number
    /// in [0, 1) so the jitter can be tested.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.max_delay);
        let jittered = ceiling.mul_f64(unit.clamp(0.0, 1.0));
        match retry_after {
            Some(after) => after.min(self.max_delay).max(jittered),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_are_capped_and_honour_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, None, 0.999_999).as_millis(), 199);
        assert_eq!(p.delay(3, None, 0.5), Duration::from_millis(400));
        assert_eq!(p.delay(30, None, 1.0), p.max_delay);
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2)), 0.1),
            Duration::from_secs(2)
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(600)), 0.1), p.max_delay);
        assert_eq!(p.delay(2, None, 0.0), Duration::ZERO);
    }
}
