//! Keys on the three panes: move, filter, change pane, open, reload, remove, add, copy.

use super::{SETTLE_DELAY, set_info};
use crate::tui::app::{App, Loadable, Overlay, Pane, QualifierRow, RemoveFrom, StatusKind};
use crate::tui::effect::Effect;
use crate::tui::form::AddForm;
use crate::tui::keymap::{self, Action};
use crate::tui::layer_browser::Browsing;
use crate::tui::tickets::Asked;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app
        .status
        .as_ref()
        .is_some_and(|s| s.kind == StatusKind::Error)
    {
        app.status = None;
    }
    if app.filter_editing {
        return filter_key(app, key);
    }
    let Some(action) = keymap::action(key) else {
        return Vec::new();
    };
    // The keys both screens share are here; the layers screen does the rest its own way.
    match action {
        Action::Quit => {
            app.should_quit = true;
            vec![Effect::Quit]
        }
        Action::Help => {
            app.overlays.push(Overlay::Help {
                scroll: crate::tui::view_scroll::ViewScroll::TOP,
                first: crate::tui::app::HelpFor::Browsing,
            });
            Vec::new()
        }
        Action::Messages => {
            app.overlays.push(Overlay::Messages {
                scroll: crate::tui::view_scroll::ViewScroll::END,
            });
            Vec::new()
        }
        Action::Command => {
            app.overlays.push(Overlay::CommandLine {
                text: String::new(),
                recalled: None,
            });
            Vec::new()
        }
        Action::Screenshot => vec![Effect::Screenshot {
            path: None,
            replace: false,
        }],
        Action::NextPane => {
            app.focus = app.focus.next();
            Vec::new()
        }
        Action::PreviousPane => {
            app.focus = app.focus.previous();
            Vec::new()
        }
        _ if app.browsing == Browsing::Layers => super::layer_keys::on_action(app, action),
        Action::Layers => super::screens::switch(app, Browsing::Layers),
        Action::Move(rows) => move_selection(app, rows),
        Action::Filter => {
            app.focus = Pane::Functions;
            app.filter_editing = true;
            Vec::new()
        }
        Action::Back => {
            if !app.filter.is_empty() {
                return clear_filter(app);
            }
            app.focus = app.focus.previous();
            Vec::new()
        }
        Action::Open => open(app),
        Action::Access => open_access(app),
        Action::Reload => reload(app),
        Action::Remove => ask_remove(app),
        Action::Add => open_form(app),
        Action::Fix => open_fix(app),
        Action::Edit => super::editor_keys::open(app),
        Action::Copy => copy(app, false),
        Action::CopyPolicy => copy(app, true),
    }
}

fn filter_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
            app.filter_editing = false;
            Vec::new()
        }
        KeyCode::Esc => {
            app.filter_editing = false;
            clear_filter(app)
        }
        KeyCode::Backspace => {
            app.filter.pop();
            app.refilter();
            select_function(app, 0)
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() => {
            app.filter.push(c);
            app.refilter();
            select_function(app, 0)
        }
        _ => Vec::new(),
    }
}

/// Clears the filter and keeps the selected function selected in the whole list.
fn clear_filter(app: &mut App) -> Vec<Effect> {
    let selected = app.selected_function_name();
    app.filter.clear();
    app.refilter();
    let index = (0..app.visible_count())
        .position(|i| app.visible_function(i).map(|f| &f.function_name) == selected.as_ref())
        .unwrap_or(0);
    select_function(app, index)
}

fn move_selection(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.focus {
        Pane::Functions => {
            let mut next = app.selected_function;
            next.step(delta, app.visible_count());
            select_function(app, next.index())
        }
        Pane::Qualifiers => {
            let rows = app.qualifier_rows().len();
            app.selected_qualifier.step(delta, rows);
            app.selected_statement.reset();
            policy_if_missing(app)
        }
        Pane::Policy => {
            let count = app.selected_policy().map_or(0, |p| p.statement_count());
            app.selected_statement.step(delta, count);
            Vec::new()
        }
    }
}

/// Selects a function; its qualifiers load once the selection rests.
pub(in crate::tui) fn select_function(app: &mut App, index: usize) -> Vec<Effect> {
    let len = app.visible_count();
    app.selected_function.select(index, len);
    let after = app.selected_function_name();
    let shown = app.qualifiers.as_ref().map(|q| q.function.clone());
    if shown.is_some() && shown == after {
        return Vec::new();
    }
    // the qualifiers still belong to the function being left: keep them on screen meanwhile
    if shown.is_some() {
        app.hold_view();
    }
    app.selected_qualifier.reset();
    app.selected_statement.reset();
    app.revisions.forget_changes();
    app.qualifiers = None;
    app.release_view_if_ready();
    match after {
        Some(function) => vec![Effect::SettleSelection {
            function,
            delay: SETTLE_DELAY,
            ticket: app.tickets.issue(Asked::SettledSelection),
        }],
        None => Vec::new(),
    }
}

fn policy_if_missing(app: &mut App) -> Vec<Effect> {
    let Some(target) = app.selected_target() else {
        return Vec::new();
    };
    if app.policies.contains_key(&target) {
        return Vec::new();
    }
    vec![app.request_policy(target)]
}

/// `A`: who may do what under the selected policy.
fn open_access(app: &mut App) -> Vec<Effect> {
    let Some(target) = app.selected_target() else {
        set_info(
            app,
            "select a function first: A shows who may do what under its policy",
        );
        return Vec::new();
    };
    match app.policy(&target) {
        Some(Loadable::Loaded(policy)) => {
            let grants = policy.grants.clone();
            app.overlays.push(Overlay::Access {
                of: target.to_string(),
                grants,
                scroll: crate::tui::view_scroll::ViewScroll::TOP,
            });
        }
        _ => set_info(app, "the policy is still loading"),
    }
    Vec::new()
}

fn open(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Functions => {
            app.focus = Pane::Qualifiers;
            Vec::new()
        }
        Pane::Qualifiers | Pane::Policy => {
            let Some(target) = app.selected_target() else {
                return Vec::new();
            };
            match app.policy(&target) {
                Some(Loadable::Loaded(p)) if p.document.is_some() => {
                    app.overlays.push(Overlay::PolicyJson {
                        target,
                        scroll: crate::tui::view_scroll::ViewScroll::TOP,
                    });
                }
                Some(Loadable::Loaded(_)) => {
                    set_info(app, format!("{target} has no resource policy"))
                }
                _ => set_info(app, "the policy is still loading"),
            }
            Vec::new()
        }
    }
}

pub(in crate::tui) fn reload(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Functions => vec![app.restart_listing()],
        Pane::Qualifiers | Pane::Policy => {
            let Some(function) = app.selected_function_name() else {
                return Vec::new();
            };
            app.policies.retain(|t, _| t.function != function);
            app.qualifiers = None;
            app.tickets
                .forget(|asked| !matches!(asked, Asked::Policy(t) if t.function == function));
            vec![app.request_qualifiers(function)]
        }
    }
}

fn ask_remove(app: &mut App) -> Vec<Effect> {
    let chosen = app
        .selected_target()
        .zip(app.selected_sid())
        .map(|(target, sid)| (RemoveFrom::Function(target), sid));
    super::removal::ask_removal(app, chosen)
}

/// Opens the add form on the selected function and qualifier.
pub(in crate::tui) fn open_form(app: &mut App) -> Vec<Effect> {
    let Some(target) = app.selected_target() else {
        set_info(app, "choose a function first");
        return Vec::new();
    };
    let mut qualifiers: Vec<Option<String>> = vec![None];
    qualifiers.extend(
        app.qualifier_rows()
            .iter()
            .filter_map(QualifierRow::qualifier)
            .map(Some),
    );
    let policy = app.selected_policy();
    let revision = policy.and_then(|p| p.revision_id.clone());
    let sids: Vec<String> = policy
        .and_then(|p| p.document.as_ref())
        .map(|d| d.sids().map(str::to_string).collect())
        .unwrap_or_default();
    let form = AddForm::new(
        &target,
        qualifiers,
        &app.presets,
        revision,
        sids,
        app.context.account.clone(),
        &app.context.region,
    );
    app.overlays.push(Overlay::Form(Box::new(form)));
    let effects = super::form_keys::follow_target_policy(app);
    if app.read_only {
        set_info(
            app,
            "read-only mode: the form is a dry run (validation and preview only)",
        );
    }
    effects
}

/// `f`: the add form, filled with the fix of the selected statement's lint (the grant a URL
/// lacks), to review and submit as any other.
fn open_fix(app: &mut App) -> Vec<Effect> {
    let Some((lint, request)) = app.selected_fix_request() else {
        set_info(
            app,
            "no fix for this statement (f fixes: function-url-missing-invoke, public, confused-deputy, s3-without-source-account, wildcard-action)",
        );
        return Vec::new();
    };
    let effects = open_form(app);
    // The form makes the Sid unique among the policy's, as it does for every preset.
    if let Some(Overlay::Form(form)) = app.overlays.last_mut() {
        form.fill_with(&request, &format!("fix: {lint}"));
    }
    let next = if crate::policy::lint_fix::fixable(lint) {
        "review it, then Ctrl-S".to_string()
    } else {
        // The narrower grant goes beside the old one: the old one is removed by name after.
        "fill what is in <…>, Ctrl-S adds it; then x removes the statement it replaces".to_string()
    };
    set_info(app, format!("the fix of {lint}: {next}"));
    effects
}

fn copy(app: &mut App, whole_policy: bool) -> Vec<Effect> {
    let text = match app.focus {
        Pane::Functions | Pane::Qualifiers if !whole_policy => {
            let Some(target) = app.selected_target() else {
                return Vec::new();
            };
            let function = app
                .visible_function(app.selected_function.index())
                .map(|f| f.function_arn.clone());
            function.map(|arn| match &target.qualifier {
                Some(q) if app.focus == Pane::Qualifiers => format!("{arn}:{q}"),
                _ => arn,
            })
        }
        Pane::Policy if !whole_policy => {
            let policy = app.selected_policy();
            let statement = policy
                .and_then(|p| p.document.as_ref())
                .and_then(|d| d.statements.get(app.selected_statement.index()));
            statement.map(|s| serde_json::to_string_pretty(&s.raw).unwrap_or_default())
        }
        _ => app
            .selected_policy()
            .and_then(|p| p.document.as_ref())
            .map(|d| d.pretty()),
    };
    match text {
        Some(text) => {
            let what = if whole_policy {
                "policy"
            } else if app.focus == Pane::Policy {
                "statement"
            } else {
                "ARN"
            };
            set_info(app, format!("copied the {what} to the clipboard (OSC 52)"));
            vec![Effect::CopyToClipboard(text)]
        }
        None => {
            set_info(app, "nothing to copy here");
            Vec::new()
        }
    }
}
