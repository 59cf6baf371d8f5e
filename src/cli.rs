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
    /// No colours; every state stays visible through glyphs and reverse video (also NO_COLOR).
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_color: bool,
    /// Where logs go (never to the terminal). Default: $XDG_STATE_HOME/lambda-policy/lambda-policy.log
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub log_file: Option<PathBuf>,
    /// Record the TUI session as an asciinema v2 file (FILE.cast), to play back or share.
    #[arg(long, value_name = "FILE.cast")]
    pub record: Option<PathBuf>,
    /// With --record: replace FILE.cast if it exists.
    #[arg(long, requires = "record")]
    pub force: bool,
    /// Panic once the TUI is drawn, to check that the terminal is restored (for tests).
    #[arg(long, hide = true)]
    pub debug_panic: bool,
    /// Output of the scriptable commands: a readable table, or stable JSON; audit also writes
    /// SARIF 2.1.0 and JUnit XML.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = Output::Table,
        help_heading = "Global options"
    )]
    pub output: Output,
    #[command(flatten, next_help_heading = "Demo options (with --demo)")]
    pub demo_options: DemoOptions,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What the demo's emulator does to make a demo interesting: the same knobs as `serve`'s.
#[derive(Debug, Args, Clone, Default)]
pub struct DemoOptions {
    #[command(flatten)]
    pub faults: FaultArgs,
    /// The account's public-access block: writes that would make a policy public are refused.
    #[arg(long)]
    pub block_public_policies: bool,
    /// Where the demo's emulator listens (a fixed port, to point the AWS CLI at it).
    #[arg(long, value_name = "ADDR")]
    pub demo_bind: Option<SocketAddr>,
    /// Shows the keys pressed in a corner of the screen, for an audience (`:keys` toggles).
    #[arg(long)]
    pub show_keys: bool,
    /// A guided tour of the demo, step by step (implies --demo; `:tour` starts it later).
    #[arg(long)]
    pub tour: bool,
}

impl Cli {
    /// The connection the flags ask for, as the session takes it: flags are lowered to the
    /// domain's request here, once (the tour brings the demo).
    pub fn connect_request(&self) -> crate::session::ConnectRequest {
        use crate::session::{ConnectRequest, DemoSetup, Destination};
        let connection = &self.connection;
        let destination = if connection.demo || self.demo_options.tour {
            Destination::Demo(DemoSetup {
                faults: self.demo_options.faults.config(),
                block_public: self.demo_options.block_public_policies,
                bind: self.demo_options.demo_bind,
            })
        } else {
            Destination::Aws(crate::lambda::config::ConnectionRequest {
                profile: connection.profile.clone(),
                region: connection.region.clone(),
                endpoint_url: connection.endpoint_url.clone(),
                allow_insecure_http: connection.allow_insecure_http,
            })
        };
        ConnectRequest {
            destination,
            read_only: connection.read_only,
        }
    }
}

impl FaultArgs {
    pub fn config(&self) -> crate::emulator::FaultConfig {
        crate::emulator::FaultConfig {
            latency_ms: self.latency_ms,
            throttle_rate: self.throttle_rate,
            error_rate: self.error_rate,
            drop_after_write_rate: self.drop_after_write_rate,
            seed: self.seed,
        }
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct ConnectionArgs {
    /// Run against an embedded Lambda emulator with demo data (no AWS account needed).
    #[arg(long, global = true, help_heading = "Global options")]
    pub demo: bool,
    /// The AWS profile (as the AWS CLI's --profile; also AWS_PROFILE).
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        help_heading = "Global options"
    )]
    pub profile: Option<String>,
    /// The region (also AWS_REGION, AWS_DEFAULT_REGION, the profile's region).
    #[arg(
        long,
        global = true,
        value_name = "REGION",
        help_heading = "Global options"
    )]
    pub region: Option<String>,
    /// The Lambda endpoint (also AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL, the config file).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        help_heading = "Global options"
    )]
    pub endpoint_url: Option<String>,
    /// Allow plain http to an endpoint that is not on loopback.
    #[arg(long, global = true, help_heading = "Global options")]
    pub allow_insecure_http: bool,
    /// Send no write, whatever asks for one: browse, audit and dry-run only.
    #[arg(long, global = true, help_heading = "Global options")]
    pub read_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Lambda emulator standalone, for the AWS CLI, boto3 or any SDK.
    Serve(ServeArgs),
    /// List the functions (with --versions / --aliases, their qualifiers too).
    Functions(FunctionsArgs),
    /// Show the policy of a function, version or alias, with its lints.
    Policy(PolicyArgs),
    /// Who can do what: each grant of a function's, version's, alias's or layer version's
    /// policy in words, public and external access marked, the Deny that narrows it named.
    Access(AccessArgs),
    /// Check policy documents offline, with no AWS call: no public access (the default), no new
    /// access against a previous document, actions not granted, no external access. Exit 0
    /// pass, 1 a check failed (each failing statement named with what it grants), 2 bad input.
    Check(CheckArgs),
    /// Add a permission statement (validated locally first; --dry-run sends nothing).
    Add(AddArgs),
    /// Remove a permission statement by its Sid.
    Remove(RemoveArgs),
    /// Replace the whole policy with a document (AWS's PutResourcePolicy): validated locally,
    /// shown as a diff against the current policy, then put guarded by its revision.
    Put(PutArgs),
    /// Delete the whole policy of a function, version or alias (DeleteResourcePolicy).
    DeletePolicy(DeletePolicyArgs),
    /// Edit the whole policy in $VISUAL / $EDITOR, then put it (checked, diffed, confirmed,
    /// guarded by its revision).
    Edit(EditArgs),
    /// Read every policy and report each risk; exit 1 when a finding reaches --fail-on.
    Audit(AuditArgs),
    /// List the layers (with --versions, every version of each).
    Layers(LayersArgs),
    /// Show the policy of a layer version, with its lints.
    LayerPolicy(LayerPolicyArgs),
    /// Let an account, an organisation or everyone use a layer version
    /// (AddLayerVersionPermission; validated locally first; --dry-run sends nothing).
    LayerAdd(LayerAddArgs),
    /// Remove a statement from a layer version's policy by its Sid.
    LayerRemove(LayerRemoveArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args, Clone)]
pub struct LayersArgs {
    /// Also list every version of each layer.
    #[arg(long)]
    pub versions: bool,
}

#[derive(Debug, Args, Clone)]
pub struct AccessArgs {
    /// FUNCTION[:QUALIFIER], or layer:NAME:VERSION.
    pub target: String,
    /// Widen the zone of trust (the holder's account) by an account or an organisation
    /// (o-...): access by them is not marked external. Repeatable, or comma-separated.
    #[arg(long, value_name = "ACCOUNT|o-ORG", value_delimiter = ',')]
    pub trust: Vec<String>,
    /// Widen the zone of trust by the caller's organisation and its accounts, read from AWS
    /// Organizations (DescribeOrganization, ListAccounts).
    #[arg(long)]
    pub organization: bool,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Policy documents (JSON); `-` reads one from stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
    /// Fail when a document lets everyone do anything (what the public-access block refuses);
    /// the check run when no other is named.
    #[arg(long)]
    pub no_public_access: bool,
    /// Fail when a document grants anything BEFORE (a policy document) did not: a new caller,
    /// a new action, a looser condition, a Deny that is gone. Each is named.
    #[arg(long, value_name = "BEFORE")]
    pub no_new_access: Option<std::path::PathBuf>,
    /// Fail when a document grants any of these actions to anyone (lambda:AddPermission,
    /// lambda:*; comma-separated or repeated).
    #[arg(long, value_name = "ACTION,...", value_delimiter = ',')]
    pub access_not_granted: Vec<String>,
    /// Fail when a document lets in anyone outside the zone of trust (the account of
    /// --resource, and --trust).
    #[arg(long)]
    pub no_external_access: bool,
    /// The ARN of the function, version, alias or layer version the documents are for: the
    /// statements whose Resource does not name it grant nothing, and its account is trusted.
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,
    /// Widen the zone of trust by an account or an organisation (o-...). Repeatable, or
    /// comma-separated.
    #[arg(long, value_name = "ACCOUNT|o-ORG", value_delimiter = ',')]
    pub trust: Vec<String>,
}

#[derive(Debug, Args, Clone)]
pub struct LayerPolicyArgs {
    /// NAME:VERSION (a layer name or layer ARN, then the version number).
    pub layer_version: String,
}

#[derive(Debug, Args, Clone, Default)]
pub struct LayerAddArgs {
    /// NAME:VERSION (a layer name or layer ARN, then the version number).
    pub layer_version: String,
    /// The statement's id: letters, digits, '-' and '_'.
    #[arg(long)]
    pub statement_id: Option<String>,
    /// An account id, arn:aws:iam::ACCOUNT:root, or * (with --organization-id for an
    /// organisation; alone it makes the version public).
    #[arg(long)]
    pub principal: Option<String>,
    /// Share with every account of this organisation (o-...); --principal must be *.
    #[arg(long)]
    pub organization_id: Option<String>,
    /// The action (the only one a layer version grants: lambda:GetLayerVersion).
    #[arg(long, default_value = crate::policy::layer::GET_LAYER_VERSION)]
    pub action: String,
    /// Only add if the policy still has this revision.
    #[arg(long, conflicts_with = "guard")]
    pub revision_id: Option<String>,
    /// Read the policy's revision first and only add if it has not changed since.
    #[arg(long)]
    pub guard: bool,
    /// Validate and show the statement Lambda would write; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Share the version with every account without asking (needed when stdin is not a
    /// terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args, Clone)]
pub struct LayerRemoveArgs {
    /// NAME:VERSION (a layer name or layer ARN, then the version number).
    pub layer_version: String,
    /// The statement id to remove.
    pub sid: String,
    /// Read the policy's revision first and only remove if it has not changed since.
    #[arg(long)]
    pub guard: bool,
}

#[derive(Debug, Args, Clone)]
pub struct FunctionsArgs {
    /// Also list each function's published versions.
    #[arg(long)]
    pub versions: bool,
    /// Also list each function's aliases.
    #[arg(long)]
    pub aliases: bool,
    /// Also list each function's URLs (its own and its aliases'), with their AuthType.
    #[arg(long)]
    pub urls: bool,
}

#[derive(Debug, Args, Clone)]
pub struct PolicyArgs {
    /// FUNCTION[:QUALIFIER], as a name, a partial ARN or an ARN.
    pub function: String,
    /// Print the document exactly as Lambda stores it, and nothing else (for `put` to read
    /// back after editing).
    #[arg(long)]
    pub raw: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct AddArgs {
    /// FUNCTION[:QUALIFIER], as a name, a partial ARN or an ARN.
    pub function: String,
    /// The statement's id: letters, digits, '-' and '_' (a preset fills one).
    #[arg(long)]
    pub statement_id: Option<String>,
    /// The action granted, such as lambda:InvokeFunction (or lambda:*, *).
    #[arg(long)]
    pub action: Option<String>,
    /// Who: a service (s3.amazonaws.com), an account id, an IAM ARN, or *.
    #[arg(long)]
    pub principal: Option<String>,
    /// Only for this source: the ARN of the bucket, topic, rule or API that invokes.
    #[arg(long)]
    pub source_arn: Option<String>,
    /// Only for resources of this account (12 digits): what an S3 bucket ARN lacks.
    #[arg(long)]
    pub source_account: Option<String>,
    /// Only for this Alexa skill (its skill id).
    #[arg(long)]
    pub event_source_token: Option<String>,
    /// Only for principals of this organisation (o-...).
    #[arg(long)]
    pub principal_org_id: Option<String>,
    /// For a function URL grant: the URL's AuthType.
    #[arg(long, value_name = "NONE|AWS_IAM")]
    pub function_url_auth_type: Option<String>,
    /// The invoke grant that a function URL also needs since November 2026.
    #[arg(long)]
    pub invoked_via_function_url: bool,
    /// Only add if the policy still has this revision.
    #[arg(long, conflicts_with = "guard")]
    pub revision_id: Option<String>,
    /// Read the policy's revision first and only add if it has not changed since.
    #[arg(long)]
    pub guard: bool,
    /// Start from a preset (s3, sns, apigateway, eventbridge, logs, alexa-skill,
    /// alexa-smart-home, account, organization, function-url-public, custom); flags override it.
    #[arg(long)]
    pub preset: Option<String>,
    /// Which statement of a multi-statement preset (1-based).
    #[arg(long, default_value_t = 1)]
    pub preset_statement: usize,
    /// Validate and print the statement Lambda would write; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Add a grant that makes the function public without asking (needed when stdin is not a
    /// terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args, Clone)]
pub struct RemoveArgs {
    /// FUNCTION[:QUALIFIER], as a name, a partial ARN or an ARN.
    pub function: String,
    /// The statement id to remove.
    pub sid: String,
    /// Read the policy's revision first and only remove if it has not changed since.
    #[arg(long)]
    pub guard: bool,
}

/// How a whole-policy write is guarded against a policy that changed since it was read.
#[derive(Debug, Args, Clone, Default)]
pub struct RevisionGuard {
    /// Write only if the policy is still at this revision (default: the revision just read).
    #[arg(long, value_name = "ID", conflicts_with = "force")]
    pub revision_id: Option<String>,
    /// Write unguarded, whatever the policy became since it was read.
    #[arg(long)]
    pub force: bool,
    /// Write even though statements are lost, without asking (needed when stdin is not a
    /// terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args, Clone)]
pub struct PutArgs {
    /// FUNCTION[:QUALIFIER], as a name, a partial ARN or an ARN.
    pub function: String,
    /// The policy document (JSON); `-` reads it from stdin.
    pub file: PathBuf,
    /// Validate and show the diff and the lints, and put nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub guard: RevisionGuard,
}

#[derive(Debug, Args, Clone)]
pub struct EditArgs {
    /// FUNCTION[:QUALIFIER], as a name, a partial ARN or an ARN.
    pub function: String,
    /// Put without asking (needed when stdin is not a terminal); never answers a conflict.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Put without asking, even over the new version when the policy changed on the server
    /// meanwhile (and the text was saved unchanged).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args, Clone)]
pub struct DeletePolicyArgs {
    /// FUNCTION[:QUALIFIER], as a name, a partial ARN or an ARN.
    pub function: String,
    #[command(flatten)]
    pub guard: RevisionGuard,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Warning,
    Error,
}

#[derive(Debug, Args, Clone)]
pub struct AuditArgs {
    /// Read every version's and alias's policy too, not only the functions'.
    #[arg(long)]
    pub all_qualifiers: bool,
    /// Audit the layer versions' policies only (by default both functions and layers).
    #[arg(long, conflicts_with = "no_layers")]
    pub layers: bool,
    /// Audit the functions' policies only, not the layer versions'.
    #[arg(long)]
    pub no_layers: bool,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// How many policies are read at once (Lambda allows 15 GetPolicy calls a second).
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Regions to audit: a list (us-east-1,eu-west-1) or `all` (the commercial regions; one not
    /// enabled for the account is reported as skipped). Default: the configured region.
    #[arg(long, value_delimiter = ',', value_name = "LIST|all")]
    pub regions: Vec<String>,
    /// Profiles to audit, each an account (roles assumed as the AWS CLI does). Default: the
    /// configured credentials.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "LIST",
        conflicts_with = "accounts"
    )]
    pub profiles: Vec<String>,
    /// Accounts to audit, one 12-digit id a line (`#` comments): the role --role-name is
    /// assumed in each with STS, from the configured credentials.
    #[arg(long, value_name = "FILE", requires = "role_name")]
    pub accounts: Option<PathBuf>,
    /// Audit every active account of the caller's organisation (AWS Organizations' ListAccounts,
    /// from the management account or a delegated administrator), assuming --role-name in each.
    #[arg(long, requires = "role_name", conflicts_with_all = ["accounts", "profiles"])]
    pub organization: bool,
    /// With --accounts or --organization: the role assumed in each account
    /// (arn:aws:iam::ID:role/NAME).
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
    /// Requests a second allowed per account and region (Lambda's quota for GetPolicy is 15).
    /// Default: 10 against AWS, unpaced on loopback.
    #[arg(long, value_name = "RPS")]
    pub rate: Option<f64>,
    /// Suppress the findings recorded in FILE (by fingerprint) and name those no longer found.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this run's findings in FILE, as a baseline for later runs (0600; an existing
    /// FILE is replaced only with --force).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// With --write-baseline: replace the file if it exists.
    #[arg(long, requires = "write_baseline")]
    pub force: bool,
    /// Apply the fix of this lint wherever it is found (function-url-missing-invoke), each write
    /// guarded by the revision read; asks first on a terminal.
    #[arg(long, value_name = "LINT-ID")]
    pub fix: Option<String>,
    /// With --fix: apply without asking.
    #[arg(long, requires = "fix")]
    pub yes: bool,
    /// With --fix: show the statements that would be added; change nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
}

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    pub shell: clap_complete::Shell,
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
    /// Accept connections on an address that is not loopback even though signatures are not
    /// verified (anyone who reaches it can change its policies).
    #[arg(long)]
    pub allow_remote: bool,
    /// Seconds a client may take to send a request's head, and again its body.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
    /// Connections served at once (default: what the descriptor limit allows, at most 1,024).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub max_connections: Option<u64>,
    /// Turn on the account's public-access block: a PutResourcePolicy, AddPermission or
    /// RemovePermission that would leave a policy public answers PublicPolicyException.
    #[arg(long)]
    pub block_public_policies: bool,
    /// Serve N accounts (the fixture's, then made-up ids), each with its own key pair and
    /// its own functions in every region; needs --write-profiles.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub accounts: u64,
    /// Serve these regions (us-east-1,eu-west-1): the region a request is signed for picks
    /// which one answers; needs --write-profiles.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub regions: Vec<String>,
    /// Lambda's request quota per account and region: a caller above RPS requests a second is
    /// answered 429 TooManyRequestsException (Reason CallerRateLimitExceeded).
    #[arg(long, value_name = "RPS")]
    pub rate_limit: Option<f64>,
    /// Write an AWS config file with a profile per account (its keys, the region, this
    /// endpoint), readable by the owner only: what `audit --profiles` and the AWS CLI use.
    #[arg(long, value_name = "FILE")]
    pub write_profiles: Option<PathBuf>,
    /// The code each account may store, in bytes (PublishLayerVersion past it answers
    /// CodeStorageExceededException). Default: Lambda's 75 GB.
    #[arg(long, value_name = "BYTES")]
    pub code_storage: Option<u64>,
    /// Roles that exist in every account of a fleet, for AssumeRole (besides
    /// OrganizationAccountAccessRole, which every account has).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "LIST",
        requires = "write_profiles"
    )]
    pub roles: Vec<String>,
    /// Append one JSON line per request answered (method, path, status) to FILE.
    #[arg(long, value_name = "FILE")]
    pub request_log: Option<PathBuf>,
    #[command(flatten)]
    pub faults: FaultArgs,
}

/// A share of requests: a finite number from 0.0 to 1.0.
fn rate(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{text} is not a share from 0.0 to 1.0"))
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct FaultArgs {
    /// Added latency per request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests answered 429 TooManyRequestsException (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub throttle_rate: f64,
    /// Share of requests answered 500 ServiceException (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub error_rate: f64,
    /// Share of successful writes applied and then left unanswered (connection dropped).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub drop_after_write_rate: f64,
    /// Seed for the fault dice, for repeatable runs.
    #[arg(long)]
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Output {
    #[default]
    Table,
    Json,
    /// SARIF 2.1.0 (audit only): for code-scanning services.
    Sarif,
    /// JUnit XML (audit only): for CI test reports.
    Junit,
}

/// What every command but audit writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

impl Output {
    /// The format of a command that writes a table or JSON; `None` for sarif and junit.
    pub fn plain(self) -> Option<OutputFormat> {
        match self {
            Output::Table => Some(OutputFormat::Table),
            Output::Json => Some(OutputFormat::Json),
            Output::Sarif | Output::Junit => None,
        }
    }
}

impl Cli {
    /// The command line as given, or clap's own exit for help, a version or a mistake.
    pub fn from_args() -> Cli {
        use clap::FromArgMatches;
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let parsed = Cli::interface()
            .try_get_matches_from(&args)
            .and_then(|matches| Cli::from_arg_matches(&matches));
        parsed.unwrap_or_else(|e| {
            // A mistake on a command line that asked for JSON is said in JSON too; help and
            // the version are what was asked for, as clap prints them.
            let asked_json = args
                .windows(2)
                .any(|w| w[0] == "--output" && w[1] == "json")
                || args.iter().any(|a| a == "--output=json");
            let mistake = !matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            if asked_json && mistake {
                let text = e.to_string();
                let message = text.lines().next().unwrap_or_default();
                eprintln!(
                    "{}",
                    serde_json::json!({"error": {
                        "type": "BadInput",
                        "message": message.trim_start_matches("error: "),
                        "exit_code": 2,
                    }})
                );
                std::process::exit(2);
            }
            e.exit()
        })
    }

    /// The command line's definition. The global options are the client's: `serve`'s help
    /// does not list them.
    pub fn interface() -> clap::Command {
        use clap::CommandFactory;
        let command = Cli::command();
        // Hidden copies in serve: clap then does not hand it the visible global ones.
        let globals: Vec<clap::Arg> = command
            .get_arguments()
            .filter(|a| a.is_global_set())
            .map(|a| a.clone().hide(true))
            .collect();
        command.mut_subcommand("serve", |serve| serve.args(globals))
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn every_flag_of_every_command_says_what_it_is_for() {
        let cli = Cli::command();
        let mut silent = Vec::new();
        for command in std::iter::once(&cli).chain(cli.get_subcommands()) {
            for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    silent.push(format!("{} --{}", command.get_name(), arg.get_id()));
                }
            }
        }
        assert!(silent.is_empty(), "flags without a help text: {silent:?}");
    }

    #[test]
    fn serve_help_lists_only_what_serve_uses_and_takes_global_flags_quietly() {
        let help = |args: &[&str]| {
            let error = Cli::interface()
                .try_get_matches_from(args)
                .expect_err("help exits");
            error.to_string()
        };
        let serve = help(&["lambda-policy", "serve", "--help"]);
        assert!(
            serve.contains("--fixture") && serve.contains("--throttle-rate"),
            "{serve}"
        );
        assert!(
            !serve.contains("--profile <NAME>") && !serve.contains("--output <OUTPUT>"),
            "{serve}"
        );
        let policy = help(&["lambda-policy", "policy", "--help"]);
        assert!(policy.contains("--profile"), "{policy}");
        assert!(
            Cli::interface()
                .try_get_matches_from(["lambda-policy", "serve", "--region", "eu-west-1"])
                .is_ok()
        );
    }
}
