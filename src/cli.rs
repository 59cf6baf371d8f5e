//! The command line: global flags, subcommands, and what each one means.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lambda-policy",
    version,
    about = "See and change the resource-based policies of AWS Lambda functions",
    long_about = "A terminal UI (and scriptable commands) for the resource-based policies of AWS Lambda \
functions. With no subcommand it opens the TUI. --demo runs everything against an embedded emulator."
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Disable every write (add, remove): browse and dry-run only.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// No colours; every state stays visible through glyphs and reverse video (also NO_COLOR).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Where logs go (never to the terminal). Default: $XDG_STATE_HOME/lambda-policy/lambda-policy.log
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ConnectionArgs {
    /// Run against an embedded Lambda emulator with demo data (no AWS account needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// The AWS profile (as the AWS CLI's --profile; also AWS_PROFILE).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// The region (also AWS_REGION, AWS_DEFAULT_REGION, the profile's region).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// The Lambda endpoint (also AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, the config file).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Allow plain http to an endpoint that is not on loopback.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Lambda emulator standalone, for the AWS CLI, boto3 or any SDK.
    Serve(ServeArgs),
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1:9777", value_name = "ADDR")]
    pub bind: SocketAddr,
    /// A fixture file instead of the demo account.
    #[arg(long, value_name = "FILE")]
    pub fixture: Option<PathBuf>,
    /// Add N synthetic functions (fn-00001 …), for scale work.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub functions: usize,
    /// Persist every change to FILE (atomically) and reload it at start.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Verify signatures against this access key id (with --secret-access-key).
    #[arg(
        long,
        env = "LAMBDA_POLICY_EMULATOR_ACCESS_KEY_ID",
        requires = "secret_access_key"
    )]
    pub access_key_id: Option<String>,
    /// The secret of --access-key-id.
    #[arg(
        long,
        env = "LAMBDA_POLICY_EMULATOR_SECRET_ACCESS_KEY",
        hide_env_values = true,
        requires = "access_key_id"
    )]
    pub secret_access_key: Option<String>,
    #[command(flatten)]
    pub faults: FaultArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct FaultArgs {
    /// Added latency per request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests answered 429 TooManyRequestsException (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// Share of requests answered 500 ServiceException (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0)]
    pub error_rate: f64,
    /// Share of successful writes applied and then left unanswered (connection dropped).
    #[arg(long, default_value_t = 0.0)]
    pub drop_after_write_rate: f64,
    /// Seed for the fault dice, for repeatable runs.
    #[arg(long)]
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}
