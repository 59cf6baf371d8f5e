//! Lambda's request quota of one account in one region (`serve --rate-limit RPS`): a token
//! bucket refilled at RPS a second holding at most RPS; a request finding it empty is answered
//! 429 TooManyRequestsException, as Lambda answers a caller over its rate.

use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug)]
pub struct Quota {
    per_second: f64,
    bucket: Mutex<(f64, Instant)>,
}

impl Quota {
    pub fn new(per_second: f64) -> Quota {
        let per_second = per_second.max(0.001);
        Quota {
            per_second,
            bucket: Mutex::new((per_second.max(1.0), Instant::now())),
        }
    }

    /// Takes a request's token; `false` when the caller is over the rate.
    pub fn try_take(&self) -> bool {
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let (tokens, updated) = *bucket;
        let refilled = (tokens + now.duration_since(updated).as_secs_f64() * self.per_second)
            .min(self.per_second.max(1.0));
        if refilled >= 1.0 {
            *bucket = (refilled - 1.0, now);
            true
        } else {
            *bucket = (refilled, now);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Quota;

    #[test]
    fn a_full_bucket_lets_its_burst_through_then_refuses_until_it_refills() {
        let quota = Quota::new(5.0);
        assert_eq!((0..8).filter(|_| quota.try_take()).count(), 5);
        std::thread::sleep(std::time::Duration::from_millis(450));
        let again = (0..8).filter(|_| quota.try_take()).count();
        assert!((1..=3).contains(&again), "{again} after 0.45 s at 5/s");
    }
}
