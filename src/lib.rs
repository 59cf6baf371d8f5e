//! lambda-policy: the resource-based policies of AWS Lambda functions, in a terminal.

pub mod cli;
pub mod commands;
pub mod emulator;
pub mod files;
pub mod interactive;
pub mod lambda;
pub mod logging;
pub mod policy;
pub mod printable;
pub mod serve;
pub mod session;
pub mod shell;
pub mod sigv4;
pub mod tui;
pub mod xml;
