use lambda_policy::cli::{Cli, Command, Output};
use lambda_policy::commands;
use lambda_policy::{interactive, logging, serve};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::from_args();
    let log_file = match &cli.log_file {
        // Asked for by name: a file that cannot be opened is an error, not silence.
        Some(path) => match logging::open(path) {
            Ok(file) => Some(file),
            Err(e) => {
                eprintln!(
                    "lambda-policy: --log-file {}: cannot open it: {e}",
                    lambda_policy::printable::line(&path.display().to_string())
                );
                return commands::Exit::BadInput.into();
            }
        },
        None => logging::open(&logging::default_log_file()).ok(),
    };
    let _log_guard = log_file.map(logging::start);
    // A scriptable command waits on one request after another (a listing's pages, a policy's
    // read and write): one thread serves it without handing each answer to another. The TUI,
    // the emulator and an audit of many places use both cores.
    let one_thread = matches!(
        &cli.command,
        Some(command) if !matches!(command, Command::Serve(_) | Command::Audit(_))
    );
    let mut builder = if one_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder.worker_threads(2);
        builder
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lambda-policy: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match &cli.command {
            Some(Command::Serve(args)) => serve::run(args.clone())
                .await
                .map(|()| commands::Exit::Clean),
            None => interactive::run(&cli).await.map(|()| commands::Exit::Clean),
            Some(command) => commands::run(&cli, command).await,
        }
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            if cli.output == Output::Json && cli.command.is_some() {
                // JSON-escaped, so whatever the message quotes stays inside its string.
                eprintln!("{}", error.json());
            } else {
                eprintln!(
                    "lambda-policy: {}",
                    lambda_policy::printable::text(&error.message)
                );
            }
            error.code.into()
        }
    }
}
