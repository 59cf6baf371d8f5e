//! `update(&mut App, Msg) -> Vec<Effect>`: the one place state changes. No IO, no clock, no
//! waiting: it answers a message with new state and the effects to run.

mod browse;
mod editor_answers;
mod editor_keys;
mod form_keys;
mod layer_answers;
mod layer_form_keys;
mod layer_keys;
mod overlays;
mod removal;
mod responses;
mod screens;
mod tour_steps;

use super::app::{App, Overlay, Status, StatusKind};
use super::effect::Effect;
use super::msg::Msg;
use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
use std::time::Duration;

/// How long the selection must rest before its qualifiers and policies are loaded.
pub const SETTLE_DELAY: Duration = Duration::from_millis(120);
/// Ticks an info message stays (a tick is 100 ms).
pub const INFO_TICKS: u16 = 40;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = dispatch(app, msg);
    app.release_view_if_ready();
    gate_writes(app, effects)
}

/// An Esc for the window on top when it holds typed work that Esc would ask about first;
/// `None` when there is none, or the question is already asked.
fn unsaved_work_esc(app: &App) -> Option<crossterm::event::KeyEvent> {
    use crate::tui::form::{Question, Stage};
    use crate::tui::policy_editor::EditorStage;
    let asks = match app.overlays.last()? {
        Overlay::Form(form) => {
            form.dirty
                && !matches!(
                    form.stage,
                    Stage::Editing {
                        asking: Some(Question::Discard)
                    }
                )
        }
        Overlay::Editor(editor) => {
            editor.is_changed() && !editor.read_only && editor.stage != EditorStage::AskingDiscard
        }
        _ => false,
    };
    asks.then(|| crossterm::event::KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

/// Read-only mode refuses every write here, whatever asked for it.
fn gate_writes(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    if !app.read_only {
        return effects;
    }
    let (writes, others): (Vec<Effect>, Vec<Effect>) =
        effects.into_iter().partition(Effect::is_write);
    if !writes.is_empty() {
        set_error(
            app,
            "read-only mode: nothing was changed (start without --read-only to write)",
        );
    }
    others
}

fn dispatch(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
        Msg::Key(key) => match tour_steps::user_key(app, key) {
            tour_steps::UserKey::Tour(to) => {
                show_key(app, key);
                tour_steps::on_move(app, to)
            }
            tour_steps::UserKey::App => on_key(app, key),
            tour_steps::UserKey::Dropped => Vec::new(),
        },
        Msg::Paste(text) => match app.overlays.last() {
            Some(Overlay::Form(_)) => form_keys::on_paste(app, &text),
            Some(Overlay::Editor(_)) => editor_keys::on_paste(app, &text),
            Some(Overlay::LayerForm(_)) => layer_form_keys::on_paste(app, &text),
            _ => Vec::new(),
        },
        Msg::Resize => Vec::new(),
        Msg::TourContinue => tour_steps::continue_step(app),
        Msg::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            if let Some(held) = &mut app.held {
                held.ticks = held.ticks.saturating_add(1);
            }
            for (_, ticks) in &mut app.recent_keys {
                *ticks = ticks.saturating_sub(1);
            }
            app.recent_keys.retain(|(_, ticks)| *ticks > 0);
            if let Some(status) = &mut app.status
                && let Some(ttl) = &mut status.ttl
            {
                *ttl = ttl.saturating_sub(1);
                if *ttl == 0 {
                    app.status = None;
                }
            }
            Vec::new()
        }
        other => {
            if let Some(reached) = other.reached() {
                app.reachable = Some(reached);
            }
            responses::on_response(app, other)
        }
    }
}

/// Keeps the key for the corner that shows them, when it is shown (`--show-keys`).
/// What is typed (the `:` line, the filter, a field) is shown as the text it makes, one entry,
/// not letter by letter; nothing while the `:` line is open (it shows what is typed itself).
fn show_key(app: &mut App, key: crossterm::event::KeyEvent) {
    if !app.show_keys || matches!(app.overlays.last(), Some(Overlay::CommandLine { .. })) {
        return;
    }
    let typing = app.filter_editing
        || matches!(
            app.overlays.last(),
            Some(Overlay::Form(_) | Overlay::Editor(_) | Overlay::LayerForm(_))
        );
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if typing
        && plain
        && let KeyCode::Char(c) = key.code
        && let Some((text, ticks)) = app.recent_keys.back_mut()
        && text.starts_with('"')
    {
        // Another letter of the text being typed: the entry grows (its closing quote moved).
        text.pop();
        text.push(c);
        text.push('"');
        *ticks = crate::tui::app::KEY_TICKS;
        return;
    }
    if app.recent_keys.len() == crate::tui::app::KEYS_SHOWN {
        app.recent_keys.pop_front();
    }
    let name = match key.code {
        KeyCode::Char(c) if typing && plain => format!("\"{c}\""),
        _ => crate::tui::keymap::key_name(key),
    };
    app.recent_keys
        .push_back((name, crate::tui::app::KEY_TICKS));
}

/// A key for the app (the user's, or one the tour feeds it).
fn on_key(app: &mut App, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    show_key(app, key);
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        // On a changed form or text, Ctrl-C asks as Esc does: work is not lost to a
        // reflex. Asked already (or nothing to lose), it quits.
        if let Some(esc) = unsaved_work_esc(app) {
            return on_key(app, esc);
        }
        app.should_quit = true;
        return vec![Effect::Quit];
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('z') {
        return vec![Effect::Suspend];
    }
    match app.overlays.last() {
        Some(Overlay::Form(_)) => form_keys::on_key(app, key),
        Some(Overlay::Editor(_)) => editor_keys::on_key(app, key),
        Some(Overlay::LayerForm(_)) => layer_form_keys::on_key(app, key),
        Some(_) => overlays::on_key(app, key),
        None => browse::on_key(app, key),
    }
}

/// Keys that move between the two buttons of a dialog.
pub(super) fn switches_button(code: KeyCode) -> bool {
    matches!(
        code,
        KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Char('h')
            | KeyCode::Char('l')
    )
}

/// Shows a status and keeps it in the session's history (`:messages`).
fn set_status(app: &mut App, kind: StatusKind, text: String, ttl: Option<u16>) {
    app.remember(kind, &text);
    app.status = Some(Status { kind, text, ttl });
}

pub(super) fn set_info(app: &mut App, text: impl Into<String>) {
    set_status(app, StatusKind::Info, text.into(), Some(INFO_TICKS));
}

pub(super) fn set_success(app: &mut App, text: impl Into<String>) {
    set_status(app, StatusKind::Success, text.into(), Some(INFO_TICKS));
}

/// Errors stay until the next key.
pub(super) fn set_error(app: &mut App, text: impl Into<String>) {
    set_status(app, StatusKind::Error, text.into(), None);
}

/// A write Lambda refused (or that never got an answer): a window with the error's type, its
/// whole message and what to press next, never a cut-off status line.
pub(super) fn show_server_error(
    app: &mut App,
    doing: &str,
    error: &crate::lambda::LambdaError,
    next: &str,
) {
    let kind = match error.aws() {
        Some(aws) => format!("{} ({})", aws.code, aws.status),
        None => "no answer from Lambda".into(),
    };
    let text = format!("{doing} failed.\n\n{error}\n\n{next}");
    app.remember(StatusKind::Error, &format!("{doing} failed: {error}"));
    // The window says it all: a "doing…" left in the status line would say otherwise.
    app.status = None;
    app.overlays.push(Overlay::Error {
        title: crate::printable::line(&kind).into_owned(),
        text,
    });
}
