//! Keys on the add form: move between fields, type, choose, submit, confirm, discard.

use super::{set_error, set_info};
use crate::tui::app::{App, DialogButton, Loadable, Overlay};
use crate::tui::effect::Effect;
use crate::tui::form::{AUTH_TYPES, AddForm, Question, Slot, Stage, SubmitConfirm};
use crate::tui::write_confirm::{ConfirmKey, WriteConfirm};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn form_mut(app: &mut App) -> Option<&mut AddForm> {
    match app.overlays.last_mut() {
        Some(Overlay::Form(form)) => Some(form),
        _ => None,
    }
}

pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    if let Slot::Text(field) = form.focus {
        // One line only: pasted newlines and control characters would break the field.
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        if let Some(input) = form.input_mut(field) {
            input.insert_str(clean);
        }
        form.server_errors.remove(&field);
        form.dirty = true;
        form.typed_since_preset = true;
    }
    Vec::new()
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let presets = app.presets.clone();
    let read_only = app.read_only;
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    // A question is answered by the next key, whatever it is.
    let asked = match &mut form.stage {
        Stage::Submitting => return Vec::new(),
        Stage::Confirming(_) => return confirm_key(app, key),
        Stage::Previewing { .. } => return preview_key(app, key, ctrl, read_only),
        Stage::Editing { asking } => asking.take(),
    };
    form.stage = Stage::Editing { asking: None };
    match key.code {
        // Esc on a changed form asks first; a second Esc discards, any other key keeps editing.
        KeyCode::Esc => {
            let confirmed = asked == Some(Question::Discard);
            if form.dirty && !confirmed {
                form.stage = Stage::Editing {
                    asking: Some(Question::Discard),
                };
            } else {
                app.overlays.pop();
                if confirmed {
                    set_info(app, "form discarded");
                }
            }
            Vec::new()
        }
        KeyCode::Tab | KeyCode::Down => {
            move_focus(form, 1);
            Vec::new()
        }
        KeyCode::BackTab | KeyCode::Up => {
            move_focus(form, -1);
            Vec::new()
        }
        KeyCode::Char('s') if ctrl => submit(app, read_only),
        // F1 anywhere, `?` where it types nothing: the keys, over the form.
        KeyCode::F(1) => {
            app.overlays.push(Overlay::Help {
                scroll: crate::tui::view_scroll::ViewScroll::TOP,
                first: crate::tui::app::HelpFor::Form,
            });
            Vec::new()
        }
        KeyCode::Char('?') if !matches!(form.focus, Slot::Text(_)) => {
            app.overlays.push(Overlay::Help {
                scroll: crate::tui::view_scroll::ViewScroll::TOP,
                first: crate::tui::app::HelpFor::Form,
            });
            Vec::new()
        }
        KeyCode::Char('p') if ctrl => {
            form.stage = Stage::Previewing { scroll: 0 };
            Vec::new()
        }
        KeyCode::Char('y') if ctrl => copy_statement(app),
        KeyCode::Char('r') if ctrl => reload_revision(app),
        KeyCode::Enter => {
            move_focus(form, 1);
            Vec::new()
        }
        _ => {
            let target_before = form.target();
            edit(form, key, &presets, asked == Some(Question::ReplaceTyped));
            if form.target() != target_before {
                return follow_target_policy(app);
            }
            Vec::new()
        }
    }
}

/// The guard's revision and the taken Sids come from the policy of the form's target: after
/// the qualifier changes they are taken from that qualifier's policy (loaded if need be).
pub(in crate::tui) fn follow_target_policy(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        return Vec::new();
    };
    let target = form.target();
    let (loaded, effects) = match app.policies.get(&target) {
        Some(Loadable::Loaded(policy)) => (Some(policy.clone()), Vec::new()),
        Some(Loadable::Loading) => (None, Vec::new()),
        _ => (None, vec![app.request_policy(target)]),
    };
    if let Some(Overlay::Form(form)) = app.overlays.last_mut() {
        match loaded {
            Some(policy) => form.take_policy(&policy),
            None => form.policy_loading = true,
        }
    }
    effects
}

fn move_focus(form: &mut AddForm, step: isize) {
    let slots = form.slots();
    let here = slots.iter().position(|s| *s == form.focus).unwrap_or(0) as isize;
    let next = (here + step).rem_euclid(slots.len() as isize) as usize;
    form.focus_slot(slots[next]);
}

fn cycle(index: usize, len: usize, forward: bool) -> usize {
    if len == 0 {
        return 0;
    }
    if forward {
        (index + 1) % len
    } else {
        (index + len - 1) % len
    }
}

/// Changes the focused field: text goes to a text field; ← → (and Space) change a choice.
fn edit(
    form: &mut AddForm,
    key: KeyEvent,
    presets: &[crate::policy::Preset],
    replace_confirmed: bool,
) {
    let forward = matches!(key.code, KeyCode::Right | KeyCode::Char(' '));
    let backward = matches!(key.code, KeyCode::Left);
    match form.focus {
        Slot::Preset if (forward || backward) && form.typed_since_preset && !replace_confirmed => {
            form.stage = Stage::Editing {
                asking: Some(Question::ReplaceTyped),
            };
        }
        Slot::Preset if forward || backward => {
            form.typed_since_preset = false;
            // Steps through every statement of every preset (a public URL has two).
            if forward && form.preset_statement + 1 < form.preset_total {
                form.apply_preset(presets, form.preset_statement + 1);
            } else if backward && form.preset_statement > 0 {
                form.apply_preset(presets, form.preset_statement - 1);
            } else {
                form.preset_index = cycle(form.preset_index, presets.len(), forward);
                let last = presets
                    .get(form.preset_index)
                    .map_or(0, |p| p.statements.len().saturating_sub(1));
                form.apply_preset(presets, if forward { 0 } else { last });
            }
            form.dirty = true;
        }
        Slot::Qualifier if forward || backward => {
            form.qualifier_index = cycle(form.qualifier_index, form.qualifiers.len(), forward);
            form.server_errors.clear();
            form.dirty = true;
        }
        Slot::AuthType if forward || backward => {
            form.auth_type_index = cycle(form.auth_type_index, AUTH_TYPES.len(), forward);
            form.server_errors
                .remove(&crate::policy::Field::FunctionUrlAuthType);
            form.dirty = true;
        }
        Slot::InvokedViaUrl if forward || backward => {
            form.invoked_via_url = !form.invoked_via_url;
            form.dirty = true;
        }
        Slot::Guard if forward || backward => {
            form.guard = !form.guard;
            form.server_errors.remove(&crate::policy::Field::RevisionId);
            form.dirty = true;
        }
        Slot::Text(field) => {
            if let Some(input) = form.input_mut(field)
                && input.input(key)
            {
                form.server_errors.remove(&field);
                form.form_error = None;
                form.dirty = true;
                form.typed_since_preset = true;
            }
        }
        _ => {}
    }
}

fn submit(app: &mut App, read_only: bool) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    if form.policy_loading {
        let target = form.target();
        set_info(
            app,
            format!("the policy of {target} is still loading: the guard and the Sid check need it"),
        );
        return Vec::new();
    }
    let issues = form.issues();
    if let Some(first) = issues.iter().min_by_key(|i| i.field) {
        form.focus_slot(AddForm::slot_of(first.field));
        let count = issues.len();
        let text = format!(
            "{count} problem{} to fix first: {}",
            if count == 1 { "" } else { "s" },
            first.message
        );
        set_error(app, text);
        return Vec::new();
    }
    if read_only {
        set_info(
            app,
            "read-only mode: dry run only — the preview (Ctrl-P) shows what would be sent",
        );
        return Vec::new();
    }
    let back_to_preview = form.preview_scroll();
    let mut confirm = WriteConfirm::new(form.access(), &form.function, false);
    // Adding a statement starts on Cancel whatever it grants, as it always has here.
    confirm.focus = DialogButton::Cancel;
    form.stage = Stage::Confirming(SubmitConfirm {
        confirm,
        back_to_preview,
    });
    Vec::new()
}

fn confirm_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    let Stage::Confirming(confirm) = &mut form.stage else {
        return Vec::new();
    };
    // Cancelled, the dialog gives back the screen it was opened from.
    let editing = match confirm.back_to_preview {
        Some(scroll) => Stage::Previewing { scroll },
        None => Stage::Editing { asking: None },
    };
    match confirm.confirm.on_key(key.code) {
        ConfirmKey::Asking => {}
        ConfirmKey::Cancelled => form.stage = editing,
        ConfirmKey::NameNeeded(text) => set_error(app, text),
        ConfirmKey::Confirmed => {
            form.stage = Stage::Submitting;
            form.form_error = None;
            let target = form.target();
            let request = form.request();
            let sid = request.statement_id.clone().unwrap_or_default();
            set_info(app, format!("adding {sid} to {target}…"));
            return vec![Effect::AddPermission {
                target,
                request: Box::new(request),
            }];
        }
    }
    Vec::new()
}

/// Keys while the preview fills the form: it scrolls and copies; Ctrl-P goes back to the fields,
/// Ctrl-S submits (a cancelled confirmation comes back here), Ctrl-Y and Ctrl-R work as in the
/// fields and keep the preview.
fn preview_key(app: &mut App, key: KeyEvent, ctrl: bool, read_only: bool) -> Vec<Effect> {
    let context = app.context.clone();
    if ctrl {
        return match key.code {
            KeyCode::Char('p') => {
                if let Some(form) = form_mut(app) {
                    form.stage = Stage::Editing { asking: None };
                }
                Vec::new()
            }
            KeyCode::Char('s') => submit(app, read_only),
            KeyCode::Char('y') => copy_statement(app),
            KeyCode::Char('r') => reload_revision(app),
            _ => Vec::new(),
        };
    }
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    let Stage::Previewing { scroll } = &mut form.stage else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            form.stage = Stage::Editing { asking: None };
            Vec::new()
        }
        KeyCode::Char('j') | KeyCode::Down => {
            *scroll = scroll.saturating_add(1);
            Vec::new()
        }
        KeyCode::Char('k') | KeyCode::Up => {
            *scroll = scroll.saturating_sub(1);
            Vec::new()
        }
        KeyCode::Char('y') => copy_statement(app),
        KeyCode::Char('c') => {
            if let Some(refusal) = copy_refusal(form) {
                set_error(app, refusal);
                return Vec::new();
            }
            let command = form.cli_command(&context);
            set_info(app, "copied the aws lambda add-permission command (OSC 52)");
            vec![Effect::CopyToClipboard(command)]
        }
        _ => Vec::new(),
    }
}

/// Why a form is not copied: a command or statement that Lambda would refuse helps no one.
fn copy_refusal(form: &AddForm) -> Option<String> {
    let issues = form.issues();
    let first = issues.first()?;
    Some(format!(
        "nothing copied: {} problem{} to fix first ({})",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" },
        first.message
    ))
}

fn copy_statement(app: &mut App) -> Vec<Effect> {
    let context = app.context.clone();
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    if let Some(refusal) = copy_refusal(form) {
        set_error(app, refusal);
        return Vec::new();
    }
    let target = form.target();
    let arn = context.resource_arn(&target.function, target.qualifier.as_deref());
    let text = form.preview_statement(&arn);
    set_info(app, "copied the statement JSON (OSC 52)");
    vec![Effect::CopyToClipboard(text)]
}

/// After a 412: reload the policy and keep the form; the new revision is taken when it arrives.
fn reload_revision(app: &mut App) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    let target = form.target();
    let effect = app.request_policy(target.clone());
    set_info(
        app,
        format!("reloading the policy of {target}; the form keeps your entries"),
    );
    vec![effect]
}
