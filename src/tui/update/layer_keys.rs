//! Keys on the layers screen: the layers, the selected layer's versions, and the version's
//! policy; `a` shares the version, `x` removes a statement, `L` goes back to the functions.

use super::set_info;
use crate::tui::app::{App, Loadable, Overlay, Pane, RemoveFrom};
use crate::tui::effect::Effect;
use crate::tui::keymap::Action;
use crate::tui::layer_browser::{Browsing, LayerBrowser};
use crate::tui::layer_form::LayerForm;

/// What an action does on the layers screen (the keys both screens share are handled before).
pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Layers => super::screens::switch(app, Browsing::Functions),
        Action::Move(rows) => move_selection(app, rows),
        Action::Open => {
            app.focus = app.focus.next();
            Vec::new()
        }
        Action::Back => {
            app.focus = app.focus.previous();
            Vec::new()
        }
        Action::Reload => {
            app.layers = LayerBrowser::default();
            vec![Effect::LoadLayers]
        }
        Action::Add => open_form(app),
        Action::Remove => ask_remove(app),
        Action::Access => open_access(app),
        Action::Filter | Action::Fix | Action::Edit | Action::Copy | Action::CopyPolicy => {
            super::set_info(
                app,
                "not on the layers screen: L goes back to the functions",
            );
            Vec::new()
        }
        Action::Quit
        | Action::Screenshot
        | Action::Help
        | Action::Messages
        | Action::Command
        | Action::NextPane
        | Action::PreviousPane => Vec::new(),
    }
}

/// `A`: who may use the selected layer version.
fn open_access(app: &mut App) -> Vec<Effect> {
    let layers = &app.layers;
    let (Some(version), Some(policy)) = (layers.selected_version(), layers.selected_policy())
    else {
        set_info(app, "select a layer version whose policy has loaded first");
        return Vec::new();
    };
    let holder = crate::policy::PolicyHolder::layer_version(version.layer.clone(), version.version);
    let trust = crate::policy::caller::Trust::account(app.context.account.as_deref());
    let grants = policy
        .policy
        .document
        .as_ref()
        .map_or_else(Vec::new, |document| {
            crate::policy::access::grants(document, &holder, None, &trust)
        });
    app.overlays.push(Overlay::Access {
        of: format!("layer {version}"),
        grants,
        scroll: crate::tui::view_scroll::ViewScroll::TOP,
    });
    Vec::new()
}

fn move_selection(app: &mut App, delta: isize) -> Vec<Effect> {
    let layers = &mut app.layers;
    match app.focus {
        Pane::Functions => {
            let before = layers.selected_layer_name();
            let len = layers.layer_list().len();
            layers.selected_layer.step(delta, len);
            if layers.selected_layer_name() == before {
                return Vec::new();
            }
            load_versions(app)
        }
        Pane::Qualifiers => {
            let len = layers.version_list().len();
            layers.selected_version.step(delta, len);
            layers.selected_statement.reset();
            policy_if_missing(app)
        }
        Pane::Policy => {
            let len = layers.selected_policy().map_or(0, |p| p.statement_count());
            layers.selected_statement.step(delta, len);
            Vec::new()
        }
    }
}

/// Asks for the selected layer's versions (its policies follow when they arrive).
pub(in crate::tui) fn load_versions(app: &mut App) -> Vec<Effect> {
    let layers = &mut app.layers;
    layers.selected_version.reset();
    layers.selected_statement.reset();
    let Some(layer) = layers.selected_layer_name() else {
        layers.versions = None;
        return Vec::new();
    };
    layers.versions = Some((layer.clone(), Loadable::Loading));
    vec![Effect::LoadLayerVersions { layer }]
}

/// Asks for the selected version's policy unless it is known.
pub(in crate::tui) fn policy_if_missing(app: &mut App) -> Vec<Effect> {
    let Some(version) = app.layers.selected_version() else {
        return Vec::new();
    };
    if app.layers.policies.contains_key(&version) {
        return Vec::new();
    }
    app.layers
        .policies
        .insert(version.clone(), Loadable::Loading);
    vec![Effect::LoadLayerPolicy { version }]
}

fn open_form(app: &mut App) -> Vec<Effect> {
    let (Some(version), Some(summary)) = (
        app.layers.selected_version(),
        app.layers.selected_version_summary(),
    ) else {
        set_info(app, "choose a layer version first");
        return Vec::new();
    };
    let revision = app
        .layers
        .selected_policy()
        .and_then(|p| p.policy.revision_id.clone());
    let arn = summary.layer_version_arn.clone();
    app.overlays
        .push(Overlay::LayerForm(Box::new(LayerForm::new(
            version, arn, revision,
        ))));
    if app.read_only {
        set_info(
            app,
            "read-only mode: the form is a dry run (validation and preview only)",
        );
    }
    Vec::new()
}

fn ask_remove(app: &mut App) -> Vec<Effect> {
    let chosen = app
        .layers
        .selected_version()
        .zip(app.layers.selected_sid())
        .map(|(version, sid)| (RemoveFrom::LayerVersion(version), sid));
    super::removal::ask_removal(app, chosen)
}
