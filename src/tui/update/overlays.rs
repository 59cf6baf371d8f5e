//! Keys on windows over the panes: help, the policy JSON, confirmations, errors, `:` commands.

use super::{set_error, set_info};
use crate::tui::app::{App, DialogButton, Loadable, Overlay, RemoveFrom};
use crate::tui::effect::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(top) = app.overlays.last_mut() else {
        return Vec::new();
    };
    match top {
        Overlay::Help { scroll, .. } => {
            if matches!(
                key.code,
                KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter
            ) {
                app.overlays.pop();
            } else {
                scroll.on_key(key.code);
            }
            Vec::new()
        }
        Overlay::Messages { scroll } => {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('m')
            ) {
                app.overlays.pop();
            } else {
                // It opens on the newest message, at the end.
                scroll.on_key(key.code);
            }
            Vec::new()
        }
        Overlay::Error { .. } => {
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q')) {
                app.overlays.pop();
            }
            Vec::new()
        }
        Overlay::Access { scroll, .. } => {
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('A') | KeyCode::Enter => {
                    app.overlays.pop();
                }
                code => {
                    scroll.on_key(code);
                }
            }
            Vec::new()
        }
        Overlay::PolicyJson { scroll, target } => match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => {
                app.overlays.pop();
                Vec::new()
            }
            KeyCode::Char('y') => {
                let target = target.clone();
                copy_policy(app, &target)
            }
            code => {
                scroll.on_key(code);
                Vec::new()
            }
        },
        Overlay::ConfirmOverwrite { focus, .. } => match key.code {
            code if super::switches_button(code) => {
                *focus = focus.other();
                Vec::new()
            }
            KeyCode::Enter => overwrite_chosen(app),
            KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => {
                app.overlays.pop();
                set_info(app, "kept the files: no screenshot taken");
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::ConfirmRemove(confirm) => match key.code {
            code if super::switches_button(code) => {
                confirm.focus = confirm.focus.other();
                Vec::new()
            }
            KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => {
                app.overlays.pop();
                Vec::new()
            }
            KeyCode::Enter => removal_chosen(app),
            _ => Vec::new(),
        },
        Overlay::CommandLine { .. } => command_line_key(app, key),
        Overlay::Form(_) | Overlay::Editor(_) | Overlay::LayerForm(_) => Vec::new(),
    }
}

/// `y` on the policy JSON: the whole policy copied.
fn copy_policy(app: &mut App, target: &crate::tui::target::Target) -> Vec<Effect> {
    let text = match app.policy(target) {
        Some(Loadable::Loaded(p)) => p.document.as_ref().map(|d| d.pretty()),
        _ => None,
    };
    match text {
        Some(text) => {
            set_info(app, "copied the policy to the clipboard (OSC 52)");
            vec![Effect::CopyToClipboard(text)]
        }
        None => Vec::new(),
    }
}

/// Enter on the screenshot's question: its files replaced, or kept.
fn overwrite_chosen(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::ConfirmOverwrite { path, focus }) = app.overlays.pop() else {
        return Vec::new();
    };
    if focus == DialogButton::Cancel {
        set_info(app, format!("{path} kept: no screenshot taken"));
        return Vec::new();
    }
    vec![Effect::Screenshot {
        path: Some(path),
        replace: true,
    }]
}

/// Enter on the removal's question: the statement removed, guarded by the revision shown (a
/// policy changed since is not written blind), or nothing on Cancel.
fn removal_chosen(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::ConfirmRemove(confirm)) = app.overlays.pop() else {
        return Vec::new();
    };
    if confirm.focus == DialogButton::Cancel {
        return Vec::new();
    }
    set_info(
        app,
        format!("removing {} from {}…", confirm.sid, confirm.target),
    );
    match confirm.target {
        RemoveFrom::Function(target) => {
            let revision_id = match app.policy(&target) {
                Some(Loadable::Loaded(p)) => p.revision_id.clone(),
                _ => None,
            };
            vec![Effect::RemovePermission {
                target,
                sid: confirm.sid,
                revision_id,
            }]
        }
        RemoveFrom::LayerVersion(version) => {
            let revision_id = match app.layers.policies.get(&version) {
                Some(Loadable::Loaded(p)) => p.policy.revision_id.clone(),
                _ => None,
            };
            vec![Effect::RemoveLayerPermission {
                version,
                sid: confirm.sid,
                revision_id,
            }]
        }
    }
}

/// The most `:` commands kept for Up to bring back.
const COMMAND_HISTORY: usize = 100;

/// A key on the `:` command line: readline's editing keys (Ctrl-U, Ctrl-W, Ctrl-H), Up and
/// Down through the commands run before, Tab to complete; a control key never types a letter.
fn command_line_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let history_len = app.command_history.len();
    let Some(Overlay::CommandLine { text, recalled }) = app.overlays.last_mut() else {
        return Vec::new();
    };
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            app.overlays.pop();
            Vec::new()
        }
        KeyCode::Char('u') if control => {
            text.clear();
            Vec::new()
        }
        KeyCode::Char('w') if control => {
            // The word before the cursor (the end), and the spaces after it.
            let kept = text.trim_end().rfind(' ').map_or(0, |i| i + 1);
            text.truncate(kept);
            Vec::new()
        }
        KeyCode::Backspace | KeyCode::Char('h') if key.code == KeyCode::Backspace || control => {
            if text.pop().is_none() {
                app.overlays.pop();
            }
            Vec::new()
        }
        KeyCode::Up | KeyCode::Down => {
            let next = match (key.code, *recalled) {
                (KeyCode::Up, None) if history_len > 0 => Some(0),
                (KeyCode::Up, Some(i)) if i + 1 < history_len => Some(i + 1),
                (KeyCode::Up, at) => at,
                (_, Some(0) | None) => None,
                (_, Some(i)) => Some(i - 1),
            };
            *recalled = next;
            *text = next
                .map(|i| app.command_history[history_len - 1 - i].clone())
                .unwrap_or_default();
            Vec::new()
        }
        KeyCode::Char(c)
            if !c.is_control()
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            text.push(c);
            Vec::new()
        }
        KeyCode::Tab => {
            let typed = text.clone();
            complete_command(app, &typed)
        }
        KeyCode::Enter => {
            let command = text.trim().to_string();
            app.overlays.pop();
            if !command.is_empty() && app.command_history.last() != Some(&command) {
                app.command_history.push(command.clone());
                if app.command_history.len() > COMMAND_HISTORY {
                    app.command_history.remove(0);
                }
            }
            run_command(app, &command)
        }
        _ => Vec::new(),
    }
}

/// `Tab` on the command line: the text completed, or the choices shown.
fn complete_command(app: &mut App, typed: &str) -> Vec<Effect> {
    use crate::tui::command_line::{Completion, complete};
    match complete(typed, &app.profile_names) {
        Completion::Text(completed) => {
            if let Some(Overlay::CommandLine { text, .. }) = app.overlays.last_mut() {
                *text = completed;
            }
            app.status = None;
        }
        Completion::Choices(choices) => set_info(app, choices.join("  ")),
        Completion::Nothing => set_info(
            app,
            format!(
                "nothing to complete '{}' with",
                crate::printable::line(typed)
            ),
        ),
    }
    Vec::new()
}

/// `:profile NAME`, `:region NAME`, `:q`.
fn run_command(app: &mut App, command: &str) -> Vec<Effect> {
    let mut words = command.split_whitespace();
    match (words.next(), words.next()) {
        (Some("q" | "quit" | "q!"), None) => {
            app.should_quit = true;
            vec![Effect::Quit]
        }
        (Some("reset" | "conflict"), None) if app.context.demo && app.read_only => {
            set_error(
                app,
                format!(
                    ":{command} changes the demo's account: read-only mode sends no write (start without --read-only)"
                ),
            );
            Vec::new()
        }
        (Some("reset"), None) if app.context.demo => vec![Effect::ResetDemo],
        (Some("conflict"), None) if app.context.demo => match app.selected_target() {
            Some(target) => vec![Effect::MakeConflict { target }],
            None => {
                set_error(app, "choose a function first: :conflict changes its policy");
                Vec::new()
            }
        },
        (Some("tour"), None) if app.context.demo => super::tour_steps::start(app),
        (Some("reset" | "conflict" | "tour"), None) => {
            set_error(
                app,
                format!(":{command} is for the demo (start with --demo): nothing was changed"),
            );
            Vec::new()
        }
        (Some("screenshot"), file) => vec![Effect::Screenshot {
            path: file.map(str::to_string),
            replace: false,
        }],
        (Some("keys"), None) => {
            app.show_keys = !app.show_keys;
            app.recent_keys.clear();
            let state = if app.show_keys { "shown" } else { "hidden" };
            set_info(app, format!("keys pressed are {state}"));
            Vec::new()
        }
        (Some("messages"), None) => {
            app.overlays.push(Overlay::Messages {
                scroll: crate::tui::view_scroll::ViewScroll::END,
            });
            Vec::new()
        }
        (Some("layers"), None) => {
            super::screens::switch(app, crate::tui::layer_browser::Browsing::Layers)
        }
        (Some("functions"), None) => {
            super::screens::switch(app, crate::tui::layer_browser::Browsing::Functions)
        }
        (Some("profile"), Some(name)) if app.context.demo => {
            set_error(
                app,
                format!("the demo has no profiles: restart without --demo to use profile {name}"),
            );
            Vec::new()
        }
        (Some("region" | "profile"), None) => {
            set_error(
                app,
                format!("type :{command} NAME (such as :region eu-west-1 or :profile prod)"),
            );
            Vec::new()
        }
        (Some("region"), Some(name)) if !crate::policy::function_ref::is_region(name) => {
            set_error(
                app,
                format!(
                    "'{}' is not an AWS region (such as us-east-1, eu-west-1): nothing was switched",
                    crate::printable::line(name)
                ),
            );
            Vec::new()
        }
        (Some("region"), Some(_)) if app.context.demo => {
            set_error(
                app,
                "the demo serves one region: restart without --demo to change region",
            );
            Vec::new()
        }
        (Some("profile"), Some(name)) => {
            set_info(app, format!("switching to profile {name}…"));
            vec![Effect::Reconnect {
                profile: Some(name.to_string()),
                region: None,
            }]
        }
        (Some("region"), Some(name)) => {
            set_info(app, format!("switching to region {name}…"));
            vec![Effect::Reconnect {
                profile: app.context.profile.clone(),
                region: Some(name.to_string()),
            }]
        }
        (None, _) => Vec::new(),
        _ => {
            set_error(
                app,
                format!(
                    "unknown command ':{command}': try :profile NAME, :region NAME, :layers, :functions, :messages, :keys, :screenshot [FILE], :reset, :conflict, :tour or :q"
                ),
            );
            Vec::new()
        }
    }
}
