//! The client against the emulator, a hostile endpoint and injected faults; the emulator served alone and hardened; signatures, credentials and the state file.

#[path = "../common/mod.rs"]
mod common;

mod client_config;
mod client_emulator;
mod credential_cache;
mod hostile_endpoint;
mod reliability_faults;
mod reliability_inputs;
mod serve_hardening;
mod signing_botocore;
mod state_file;
