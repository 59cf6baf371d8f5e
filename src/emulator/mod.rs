//! An emulator of the Lambda control-plane calls lambda-policy uses, faithful to real AWS:
//! the same paths, status codes, JSON members, error types and texts, a policy per qualifier,
//! RevisionId checks and the 20 KB limit. `--demo` runs it in-process; `serve` runs it alone.

pub mod account;
pub mod auth;
pub mod caller;
pub mod configuration;
pub mod faults;
pub mod fixture;
pub mod fleet;
pub mod handler;
pub mod http;
pub mod layer_routes;
pub mod layers;
pub mod listing;
pub mod operations;
pub mod organizations;
pub mod quota;
pub mod request_log;
pub mod resource_policy;
pub mod server;
pub mod store;
pub mod sts;
pub mod url_config;
pub mod wire_error;

pub use account::Account;
pub use auth::{AuthMode, KeyPair};
pub use faults::FaultConfig;
pub use fixture::{DEMO_FIXTURE, add_synthetic_functions, load_fixture};
pub use server::{ConnectionLimits, EmulatorConfig, RunningEmulator, start};
pub use store::StateFile;
