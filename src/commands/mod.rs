//! The scriptable commands beside the TUI. They use the same client, validation and lints,
//! print a table or stable JSON, and exit 0 (ok), 1 (findings or an AWS error) or 2 (bad input).

mod access;
mod add;
mod audit;
mod check;
mod confirm;
mod delete_policy;
mod edit;
mod fix;
mod functions;
mod layer_policy;
mod layers;
mod organization;
mod output;
mod policy;
mod put;
mod remove;

use crate::cli::{Cli, Command};
use crate::lambda::LambdaError;
use crate::policy::FunctionRef;
use crate::session::{self, Session};

/// How a command ends, as its exit status says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, nothing found at or above `--fail-on`.
    Clean,
    /// 1: findings at or above `--fail-on`, a place not read, or an AWS error.
    FindingsOrAws,
    /// 2: bad input (a flag, a file, a region, profile or endpoint that cannot be used).
    BadInput,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Clean => 0,
            Exit::FindingsOrAws => 1,
            Exit::BadInput => 2,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> std::process::ExitCode {
        std::process::ExitCode::from(exit.code())
    }
}

/// A failed command: what to print on stderr, the exit status, and the error that caused it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub code: Exit,
    pub message: String,
    /// The AWS error type when Lambda refused (`ResourceConflictException`...): what a script
    /// reading `--output json` matches on.
    pub aws_type: Option<String>,
    /// The client's error behind it, when there is one.
    #[source]
    pub cause: Option<Box<LambdaError>>,
}

impl CommandError {
    /// The error as `--output json` prints it on stderr, so that scripts never parse prose:
    /// `{"error": {"type", "message", "exit_code"}}`.
    pub fn json(&self) -> serde_json::Value {
        let kind = match (&self.aws_type, self.code) {
            (Some(aws), _) => aws.clone(),
            (None, Exit::BadInput) => "BadInput".into(),
            (None, _) => "Failed".into(),
        };
        let mut error = serde_json::json!({
            "type": kind,
            "message": self.message,
            "exit_code": self.code.code(),
        });
        // A message of several problems, one a line: also as a list, to read without parsing.
        // (Under a heading line such as "3 problem(s) in the request:", the lines below it.)
        let mut lines: Vec<&str> = self
            .message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > 1 && lines[0].ends_with(':') {
            lines.remove(0);
        }
        if self.message.lines().count() > 1 {
            error["problems"] = lines.into();
        }
        if let Some(id) = self
            .cause
            .as_deref()
            .and_then(LambdaError::aws)
            .and_then(|aws| aws.request_id.as_deref())
        {
            error["request_id"] = id.into();
        }
        serde_json::json!({ "error": error })
    }

    pub fn bad_input(message: impl Into<String>) -> CommandError {
        CommandError {
            code: Exit::BadInput,
            message: message.into(),
            aws_type: None,
            cause: None,
        }
    }

    pub fn failed(message: impl Into<String>) -> CommandError {
        CommandError {
            code: Exit::FindingsOrAws,
            message: message.into(),
            aws_type: None,
            cause: None,
        }
    }
}

impl From<LambdaError> for CommandError {
    /// Names the AWS error type and request id (the error's own text does). A configuration
    /// that cannot be used (region, profile, endpoint, log file) is bad input.
    fn from(error: LambdaError) -> CommandError {
        let base = match error {
            LambdaError::Config(_) | LambdaError::ReadOnly { .. } => {
                CommandError::bad_input(error.to_string())
            }
            _ => CommandError {
                aws_type: error.aws().map(|a| a.code.clone()),
                ..CommandError::failed(error.to_string())
            },
        };
        CommandError {
            cause: Some(Box::new(error)),
            ..base
        }
    }
}

/// `FUNCTION[:QUALIFIER]` → the function as written (without qualifier) and the qualifier.
pub fn split_target(text: &str) -> Result<(String, Option<String>), CommandError> {
    let reference = FunctionRef::parse(text)
        .map_err(|issue| CommandError::bad_input(format!("FUNCTION '{text}': {issue}")))?;
    let qualifier = reference.qualifier.clone();
    let function = FunctionRef {
        qualifier: None,
        ..reference
    }
    .to_string();
    Ok((function, qualifier))
}

/// Every problem of a request, one line each as `--flag: reason`, as a bad-input error.
pub fn refuse_problems(issues: &[crate::policy::FieldIssue]) -> Result<(), CommandError> {
    use crate::policy::Field;
    if issues.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = issues
        .iter()
        .map(|i| {
            let flag = match i.field {
                Field::FunctionName | Field::Qualifier => "FUNCTION[:QUALIFIER]",
                Field::LayerName | Field::VersionNumber => "LAYER:VERSION",
                other => other.flag(),
            };
            format!("{flag}: {}", i.message)
        })
        .collect();
    Err(CommandError::bad_input(format!(
        "{} problem(s) in the request:\n  {}",
        lines.len(),
        lines.join("\n  ")
    )))
}

async fn connect(cli: &Cli) -> Result<Session, CommandError> {
    if let Some(note) = demo_ignores(&cli.connection) {
        eprintln!("lambda-policy: {note}");
    }
    Ok(session::connect(&cli.connect_request(), None).await?)
}

/// What `--demo` leaves aside of the flags given: it serves its own account and region.
pub fn demo_ignores(connection: &crate::cli::ConnectionArgs) -> Option<String> {
    if !connection.demo {
        return None;
    }
    let ignored: Vec<&str> = [
        ("--region", connection.region.is_some()),
        ("--profile", connection.profile.is_some()),
        ("--endpoint-url", connection.endpoint_url.is_some()),
    ]
    .into_iter()
    .filter_map(|(flag, given)| given.then_some(flag))
    .collect();
    (!ignored.is_empty()).then(|| {
        format!(
            "the demo serves its own account in its own region: {} ignored",
            ignored.join(" and ")
        )
    })
}

/// A command that only writes, refused up front under `--read-only` (the client would refuse
/// its write anyway; this says so before connecting).
fn refuse_in_read_only(cli: &Cli, command: &str) -> Result<(), CommandError> {
    if cli.connection.read_only {
        return Err(CommandError::bad_input(format!(
            "read-only mode (--read-only): {command} is disabled"
        )));
    }
    Ok(())
}

/// Runs a scriptable command; `Ok` carries the exit status (audit findings give 1).
pub async fn run(cli: &Cli, command: &Command) -> Result<Exit, CommandError> {
    if let Command::Audit(args) = command {
        return audit::run(cli, args, cli.output).await;
    }
    if let Command::Check(args) = command {
        return check::run(args, cli.output);
    }
    let Some(format) = cli.output.plain() else {
        return Err(CommandError::bad_input(
            "--output sarif and junit are audit's: the other commands write table or json",
        ));
    };
    let read_only = cli.connection.read_only;
    match command {
        Command::Functions(args) => functions::run(&connect(cli).await?, args, format).await,
        Command::Policy(args) => policy::run(&connect(cli).await?, args, format).await,
        Command::Add(args) => {
            let request = add::request_from(args)?;
            add::run(&connect(cli).await?, args, request, format, read_only).await
        }
        Command::Put(args) => put::run(&connect(cli).await?, args, format, read_only).await,
        Command::Edit(args) => edit::run(&connect(cli).await?, args, read_only).await,
        Command::DeletePolicy(args) => {
            refuse_in_read_only(cli, "delete-policy")?;
            delete_policy::run(&connect(cli).await?, args, format).await
        }
        Command::Remove(args) => {
            refuse_in_read_only(cli, "remove")?;
            remove::run(&connect(cli).await?, args, format).await
        }
        Command::Audit(_) | Command::Check(_) => unreachable!("audit and check are run above"),
        Command::Layers(args) => layers::run(&connect(cli).await?, args, format).await,
        Command::LayerPolicy(args) => layer_policy::show(&connect(cli).await?, args, format).await,
        Command::Access(args) => access::run(&connect(cli).await?, args, format).await,
        Command::LayerAdd(args) => {
            let request = layer_policy::request_from(args)?;
            layer_policy::add(&connect(cli).await?, args, request, format, read_only).await
        }
        Command::LayerRemove(args) => {
            refuse_in_read_only(cli, "layer-remove")?;
            layer_policy::remove(&connect(cli).await?, args, format).await
        }
        Command::Completions(args) => {
            let mut command = Cli::interface();
            clap_complete::generate(
                args.shell,
                &mut command,
                "lambda-policy",
                &mut std::io::stdout(),
            );
            Ok(Exit::Clean)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map_err(|e| CommandError::failed(format!("cannot write the man page: {e}")))?;
            Ok(Exit::Clean)
        }
        Command::Serve(_) => unreachable!("serve is not a scriptable command"),
    }
}
