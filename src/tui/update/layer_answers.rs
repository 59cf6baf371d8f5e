//! Answers for the layers screen: the listing, a layer's versions, a version's policy, and the
//! outcome of sharing a version or removing one of its statements.

use super::layer_keys::{load_versions, policy_if_missing};
use super::{set_error, set_success};
use crate::lambda::{FunctionPolicy, LambdaError, LayerSummary, LayerVersionSummary, WriteOutcome};
use crate::policy::ErrorType;
use crate::tui::app::{App, Loadable, Overlay, Pane};
use crate::tui::effect::Effect;
use crate::tui::layer_browser::{LayerVersionRef, ShownLayerPolicy};
use crate::tui::layer_form::LayerFormStage;
use crate::tui::msg::Task;

pub fn layers(app: &mut App, result: Result<Vec<LayerSummary>, LambdaError>) -> Vec<Effect> {
    match result {
        Ok(layers) => {
            let len = layers.len();
            app.layers.layers = Loadable::Loaded(layers);
            let index = app.layers.selected_layer.index();
            app.layers.selected_layer.select(index, len);
            load_versions(app)
        }
        Err(error) => {
            app.layers.layers = Loadable::Failed(error.to_string());
            set_error(app, format!("listing the layers failed: {error}"));
            Vec::new()
        }
    }
}

pub fn versions(
    app: &mut App,
    layer: String,
    result: Result<Vec<LayerVersionSummary>, LambdaError>,
) -> Vec<Effect> {
    // Only the answer for the layer still selected is shown.
    if app.layers.selected_layer_name().as_deref() != Some(layer.as_str()) {
        return Vec::new();
    }
    match result {
        Ok(versions) => {
            let len = versions.len();
            app.layers.versions = Some((layer, Loadable::Loaded(versions)));
            let index = app.layers.selected_version.index();
            app.layers.selected_version.select(index, len);
            policy_if_missing(app)
        }
        Err(error) => {
            app.layers.versions = Some((layer, Loadable::Failed(error.to_string())));
            Vec::new()
        }
    }
}

pub fn policy(
    app: &mut App,
    version: LayerVersionRef,
    result: Result<FunctionPolicy, LambdaError>,
) -> Vec<Effect> {
    let shown = match result {
        Ok(policy) => {
            // The layer's account, from the session or the version's own ARN.
            let account = app.context.account.clone().or_else(|| {
                app.layers
                    .version_list()
                    .iter()
                    .find(|v| v.version == version.version)
                    .and_then(|v| crate::policy::arn::account_of_arn(&v.layer_version_arn))
            });
            Loadable::Loaded(ShownLayerPolicy::new(policy, account.as_deref()))
        }
        Err(error) => Loadable::Failed(error.to_string()),
    };
    app.layers.policies.insert(version, shown);
    Vec::new()
}

fn reload(app: &mut App, version: LayerVersionRef) -> Vec<Effect> {
    app.layers
        .policies
        .insert(version.clone(), Loadable::Loading);
    vec![Effect::LoadLayerPolicy { version }]
}

pub fn added(
    app: &mut App,
    version: LayerVersionRef,
    sid: String,
    result: Result<WriteOutcome, LambdaError>,
) -> Vec<Effect> {
    let form = app
        .overlays
        .iter()
        .rposition(|o| matches!(o, Overlay::LayerForm(f) if f.is_submitting()));
    match result {
        Ok(outcome) => {
            if let Some(i) = form {
                app.overlays.remove(i);
            }
            let note = outcome
                .reconciled
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            set_success(app, format!("shared layer {version}: added {sid}{note}"));
            app.focus = Pane::Policy;
            reload(app, version)
        }
        Err(error) => {
            if let Some(Overlay::LayerForm(form)) = form.map(|i| &mut app.overlays[i]) {
                form.stage = LayerFormStage::Editing;
                form.server_error = Some(error.to_string());
            }
            let next = if error.is_aws(ErrorType::ResourceConflict) {
                "The StatementId is taken: choose another. What you typed is kept."
            } else {
                "What you typed is kept: fix it, or Ctrl-S to try again."
            };
            super::show_server_error(app, &format!("Sharing layer {version}"), &error, next);
            if error.is_aws(ErrorType::PreconditionFailed) {
                // The form keeps what was typed; the policy is read again for the next try.
                return reload(app, version);
            }
            Vec::new()
        }
    }
}

pub fn removed(
    app: &mut App,
    version: LayerVersionRef,
    sid: String,
    result: Result<WriteOutcome, LambdaError>,
) -> Vec<Effect> {
    match result {
        Ok(_) => {
            set_success(app, format!("removed {sid} from layer {version}"));
            app.layers.selected_statement.reset();
            reload(app, version)
        }
        Err(error) => {
            super::show_server_error(
                app,
                &format!("Removing {sid} from layer {version}"),
                &error,
                "The policy is read again. x tries again once you have checked it.",
            );
            reload(app, version)
        }
    }
}

/// The task sharing a layer version failed unexpectedly: the outcome is unknown.
pub fn task_failed(app: &mut App, task: Task) {
    if task != Task::SharingLayerVersion {
        return;
    }
    for overlay in &mut app.overlays {
        if let Overlay::LayerForm(form) = overlay
            && form.is_submitting()
        {
            form.stage = LayerFormStage::Editing;
            form.server_error = Some(format!(
                "internal error while {}: the outcome is unknown; r on the layers screen reads the policy again",
                task.doing()
            ));
        }
    }
}
