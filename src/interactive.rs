//! `lambda-policy` with no subcommand: the TUI on a session.

use crate::cli::{Cli, ConnectionArgs};
use crate::commands::CommandError;
use crate::policy::builtin_presets;
use crate::session;
use crate::tui::app::App;
use crate::tui::runner::{Reconnector, Runner};
use std::sync::Arc;

pub async fn run(cli: &Cli) -> Result<(), CommandError> {
    // Opened before anything else, so that a refusal is said on a plain terminal: a recording
    // holds the account's data (0600), is never written through a link nor over a file
    // without --force.
    let record = match &cli.record {
        Some(path) => {
            let existing = if cli.force {
                crate::files::Existing::Replace
            } else {
                crate::files::Existing::Keep
            };
            let file = crate::files::create(path, crate::files::Access::Private, existing)
                .map_err(|e| CommandError::bad_input(format!("--record: {e}")))?;
            Some(file)
        }
        None => None,
    };
    let presets = builtin_presets()
        .map_err(|e| CommandError::failed(format!("the built-in presets are broken: {e}")))?;
    let request = cli.connect_request();
    let session = session::connect(&request, None).await?;
    let no_color = cli.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut app = App::new(
        session.context.clone(),
        cli.connection.read_only,
        !no_color,
        presets,
    );
    app.show_keys = cli.demo_options.show_keys;
    if !session.context.demo {
        app.profile_names = crate::lambda::config::profile_names().await;
    }
    if cli.demo_options.tour {
        app.tour = Some(crate::tui::tour::Tour::demo());
    }
    // The tour brings the demo: what the demo ignores is said then too.
    let flags = ConnectionArgs {
        demo: cli.connection.demo || cli.demo_options.tour,
        ..cli.connection.clone()
    };
    if let Some(note) = crate::commands::demo_ignores(&flags) {
        app.status = Some(crate::tui::app::Status {
            kind: crate::tui::app::StatusKind::Info,
            text: note,
            ttl: Some(crate::tui::update::INFO_TICKS),
        });
    }
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    let reconnect: Option<Reconnector> = if session.context.demo {
        None
    } else {
        let base = request.clone();
        Some(Arc::new(move |profile, region| {
            let request = base.elsewhere(profile, region);
            Box::pin(async move {
                let session = session::connect(&request, None).await?;
                Ok((session.client, session.context))
            })
        }))
    };
    let mut runner = Runner::new(session.client, sender, reconnect);
    if let Some(emulator) = &session.emulator {
        let start = crate::emulator::load_fixture(crate::emulator::DEMO_FIXTURE)
            .map_err(|e| CommandError::failed(format!("the demo account: {e}")))?;
        runner = runner
            .with_demo_reset(Arc::new(emulator.resetter(start)))
            .with_tour_store(Arc::new(emulator.step_store()));
    }
    let result = crate::tui::run(app, runner, receiver, cli.debug_panic, record).await;
    drop(session.emulator);
    result.map_err(|e| CommandError::failed(format!("the terminal: {e}")))
}
