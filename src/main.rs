use clap::Parser;
use lambda_policy::cli::{Cli, Command};
use lambda_policy::commands::{self, CommandError};
use lambda_policy::{interactive, logging, serve};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let log_file = cli
        .log_file
        .clone()
        .unwrap_or_else(logging::default_log_file);
    let _log_guard = logging::init(&log_file);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
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
                .map(|()| 0)
                .map_err(CommandError::failed),
            None => interactive::run(&cli)
                .await
                .map(|()| 0)
                .map_err(CommandError::failed),
            Some(command) => commands::run(&cli, command).await,
        }
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("lambda-policy: {}", error.message);
            ExitCode::from(error.code)
        }
    }
}
