//! The only code that talks HTTP to Lambda: configuration as the AWS CLI resolves it, SigV4
//! signing, typed requests, responses and errors, retries with backoff and jitter, and the
//! reconciliation of writes whose answer was lost.

pub mod client;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod layers;
pub mod organizations;
pub mod pager;
pub mod rate_limit;
pub mod reconcile;
pub mod regions;
pub mod resource_policy;
pub mod response;
pub mod retry;
pub mod signing;
pub mod types;

pub use client::{LambdaClient, RetryNote, RetryNotes};
pub use config::{Connection, ConnectionRequest, CredentialSource};
pub use endpoint::Endpoint;
pub use error::{AwsFailure, LambdaError};
pub use layers::{LayerSummary, LayerVersionSummary};
pub use resource_policy::{PolicyWrite, ResourcePolicy};
pub use types::*;
