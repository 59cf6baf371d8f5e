//! Faults on demand, for demos and tests: latency, throttling, server errors, and a write
//! applied and then left unanswered (the connection dropped).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Mutex;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultConfig {
    pub latency_ms: u64,
    pub throttle_rate: f64,
    pub error_rate: f64,
    pub drop_after_write_rate: f64,
    pub seed: Option<u64>,
}

/// What to do to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Throttle,
    ServerError,
}

pub struct Faults {
    pub config: FaultConfig,
    rng: Mutex<StdRng>,
}

impl Faults {
    pub fn new(config: FaultConfig) -> Faults {
        let rng = match config.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        Faults {
            config,
            rng: Mutex::new(rng),
        }
    }

    fn roll(&self, rate: f64) -> bool {
        rate > 0.0
            && self
                .rng
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .random_bool(rate.clamp(0.0, 1.0))
    }

    /// The fault for a request about to be handled, if any.
    pub fn before(&self) -> Option<Fault> {
        if self.roll(self.config.throttle_rate) {
            Some(Fault::Throttle)
        } else if self.roll(self.config.error_rate) {
            Some(Fault::ServerError)
        } else {
            None
        }
    }

    /// Whether to drop the connection after a write was applied.
    pub fn drop_after_write(&self) -> bool {
        self.roll(self.config.drop_after_write_rate)
    }
}
