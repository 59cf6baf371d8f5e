//! The terminal UI, in the Elm architecture: `App` holds the state, `update` changes it
//! without IO, the `Runner` carries out effects on tokio and answers with messages, and `view`
//! draws the state. The loop below only moves messages and redraws when something changed.

pub mod app;
pub mod clipboard;
pub mod command_line;
pub mod dialog;
pub mod effect;
pub mod filter_rank;
pub mod form;
pub mod health;
pub mod keymap;
pub mod layer_browser;
pub mod layer_form;
pub mod msg;
pub mod policy_editor;
pub mod quiet_backend;
pub mod recording;
pub mod revisions;
pub mod runner;
pub mod screenshot;
pub mod selection;
pub mod target;
pub mod terminal;
pub mod theme;
pub mod tickets;
pub mod tour;
pub mod update;
pub mod view_scroll;
pub mod views;
pub mod write_confirm;

use app::App;
use crossterm::event::{Event, EventStream};
use effect::Effect;
use futures_util::StreamExt;
use msg::Msg;
use runner::Runner;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};

/// How often the spinner turns and messages fade, only while something is pending.
pub const TICK: Duration = Duration::from_millis(100);

/// The pause between two inputs the tour feeds the app.
pub const TOUR_PACE: Duration = Duration::from_millis(60);

/// The screen as it is drawn, saved as SVG and text: at `path` (replacing files there only
/// when `replace`), or under a name with the time that no file has yet.
fn take_screenshot(
    app: &App,
    size: ratatui::layout::Size,
    path: Option<String>,
    replace: bool,
) -> Result<(String, String), msg::ScreenshotRefused> {
    use msg::ScreenshotRefused;
    let failed = |e: &dyn std::fmt::Display| ScreenshotRefused::Failed(e.to_string());
    let mut shot =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.width, size.height))
            .map_err(|e| failed(&e))?;
    shot.draw(|frame| views::view(app, frame))
        .map_err(|e| failed(&e))?;
    let buffer = shot.backend().buffer();
    let existing = if replace {
        crate::files::Existing::Replace
    } else {
        crate::files::Existing::Keep
    };
    let Some(path) = path else {
        let stamp = screenshot::default_name(time::OffsetDateTime::now_utc());
        // Two in the same second get -2, -3...: a name is never reused.
        for n in 1..100 {
            let name = screenshot::numbered(&stamp, n);
            match screenshot::save(buffer, std::path::Path::new(&name), existing) {
                Err(crate::files::FileError::Exists(_)) => continue,
                other => return other.map_err(|e| failed(&e)),
            }
        }
        return Err(failed(&"every name for this second is taken"));
    };
    screenshot::save(buffer, std::path::Path::new(&path), existing).map_err(|e| match e {
        crate::files::FileError::Exists(_) => ScreenshotRefused::Exists(path.clone()),
        other => failed(&other),
    })
}

/// Runs the TUI until the user quits or the session ends.
pub async fn run(
    mut app: App,
    runner: Runner,
    mut messages: tokio::sync::mpsc::UnboundedReceiver<Msg>,
    debug_panic: bool,
    record: Option<std::fs::File>,
) -> std::io::Result<()> {
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut terminal = terminal::enter(record)?;
    let mut events = EventStream::new();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    runner.run(app.restart_listing());
    let mut dirty = true;
    let outcome = loop {
        if dirty {
            if let Err(e) = terminal.draw(|frame| views::view(&app, frame)) {
                break Err(e);
            }
            dirty = false;
            if debug_panic {
                panic!("--debug-panic: panicking after the first frame, as asked");
            }
        }
        let busy = app.is_busy();
        // The tour feeds its next input once every answer to the last one is in, at a pace an
        // audience can follow.
        let tour_ready = app.tour_is_feeding() && runner.in_flight() == 0 && messages.is_empty();
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(Event::Resize(..))) => Msg::Resize,
                Some(Ok(_)) => continue,
                Some(Err(e)) => break Err(e),
                None => break Ok(()),
            },
            Some(msg) = messages.recv() => msg,
            _ = ticker.tick(), if busy => Msg::Tick,
            _ = tokio::time::sleep(TOUR_PACE), if tour_ready => Msg::TourContinue,
            _ = sigterm.recv() => break Ok(()),
            _ = sighup.recv() => break Ok(()),
        };
        for effect in update::update(&mut app, msg) {
            match effect {
                Effect::CopyToClipboard(text) => terminal::write_raw(&clipboard::osc52(&text)),
                Effect::Screenshot { path, replace } => {
                    let size = terminal.size().unwrap_or_default();
                    runner.tell(Msg::ScreenshotSaved {
                        result: take_screenshot(&app, size, path, replace),
                    });
                }
                Effect::Suspend => terminal::suspend(&mut terminal),
                Effect::Quit => {}
                other => runner.run(other),
            }
        }
        dirty = true;
        if app.should_quit {
            break Ok(());
        }
    };
    terminal::leave();
    outcome
}
