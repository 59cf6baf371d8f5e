//! The scriptable commands as the real binary: against `serve`, moto and a fleet; audits for CI; the security guarantees; the AWS CLI, boto3 and the JavaScript SDK as peers.

#[path = "../common/mod.rs"]
mod common;

mod audit_ci;
mod audit_fleet;
mod check_offline;
mod cli_against_moto;
mod cli_commands;
mod peer_aws_clients;
mod peer_moto;
mod security_guarantees;
