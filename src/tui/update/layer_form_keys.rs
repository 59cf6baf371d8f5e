//! Keys on the layer form: choose who, type, submit after a confirmation, Esc to close.

use super::{set_error, set_info};
use crate::tui::app::{App, Overlay};
use crate::tui::effect::Effect;
use crate::tui::layer_form::{LayerForm, LayerFormStage, LayerSlot};
use crate::tui::write_confirm::{ConfirmKey, WriteConfirm};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn form_mut(app: &mut App) -> Option<&mut LayerForm> {
    match app.overlays.last_mut() {
        Some(Overlay::LayerForm(form)) => Some(form),
        _ => None,
    }
}

pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    if let LayerSlot::Text(field) = form.focus
        && let Some(input) = form.input_mut(field)
    {
        // One line only: pasted newlines and control characters would break the field.
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        input.insert_str(clean);
        form.server_error = None;
    }
    Vec::new()
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let read_only = app.read_only;
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    match form.stage {
        LayerFormStage::Submitting => return Vec::new(),
        LayerFormStage::Confirming(_) => return confirm_key(app, key),
        LayerFormStage::Editing => {}
    }
    match key.code {
        KeyCode::Esc => {
            app.overlays.pop();
            Vec::new()
        }
        KeyCode::Tab | KeyCode::Down | KeyCode::Enter => {
            form.move_focus(1);
            Vec::new()
        }
        KeyCode::BackTab | KeyCode::Up => {
            form.move_focus(-1);
            Vec::new()
        }
        KeyCode::Char('s') if ctrl => submit(app, read_only),
        KeyCode::F(1) => {
            app.overlays.push(Overlay::Help {
                scroll: crate::tui::view_scroll::ViewScroll::TOP,
                first: crate::tui::app::HelpFor::Form,
            });
            Vec::new()
        }
        KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if form.focus == LayerSlot::Grant => {
            form.cycle_grant(if key.code == KeyCode::Left { -1 } else { 1 });
            form.server_error = None;
            Vec::new()
        }
        _ => {
            if let LayerSlot::Text(field) = form.focus
                && let Some(input) = form.input_mut(field)
                && !matches!(key.code, KeyCode::Enter)
                && input.input(key)
            {
                form.server_error = None;
            }
            Vec::new()
        }
    }
}

fn submit(app: &mut App, read_only: bool) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    let issues = form.issues();
    if let Some(first) = issues.first() {
        let field = first.field;
        let count = issues.len();
        if form.slots().contains(&LayerSlot::Text(field)) {
            form.focus = LayerSlot::Text(field);
        }
        set_error(
            app,
            format!(
                "{count} problem{} to fix first: {}",
                if count == 1 { "" } else { "s" },
                first.message
            ),
        );
        return Vec::new();
    }
    if read_only {
        set_info(
            app,
            "read-only mode: nothing is sent (the form is a dry run)",
        );
        return Vec::new();
    }
    // What the grant adds is judged by the lints (a public grant however it is written:
    // "everyone", or `*` as the account), and confirmed as every write path confirms it.
    let sid = form.request().statement_id.unwrap_or_default();
    let access = crate::policy::AccessChange::of_lints(&sid, &form.lints());
    form.stage = LayerFormStage::Confirming(WriteConfirm::new(access, &form.version.layer, false));
    Vec::new()
}

fn confirm_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(form) = form_mut(app) else {
        return Vec::new();
    };
    let LayerFormStage::Confirming(confirm) = &mut form.stage else {
        return Vec::new();
    };
    match confirm.on_key(key.code) {
        ConfirmKey::Asking => Vec::new(),
        ConfirmKey::Cancelled => {
            form.stage = LayerFormStage::Editing;
            Vec::new()
        }
        ConfirmKey::NameNeeded(text) => {
            set_error(app, text);
            Vec::new()
        }
        ConfirmKey::Confirmed => {
            form.stage = LayerFormStage::Submitting;
            let effect = Effect::AddLayerPermission {
                version: form.version.clone(),
                request: Box::new(form.request()),
            };
            let version = form.version.clone();
            set_info(app, format!("sharing layer {version}…"));
            vec![effect]
        }
    }
}
