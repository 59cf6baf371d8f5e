//! Answers for the whole-policy editor: its put, and the server's newer policy after a 412.

use super::{set_error, set_info, set_success};
use crate::lambda::{FunctionPolicy, LambdaError, PolicyWrite};
use crate::policy::ErrorType;
use crate::tui::app::{App, Overlay, Pane};
use crate::tui::effect::Effect;
use crate::tui::msg::Task;
use crate::tui::policy_editor::{Conflict, EditorStage, PolicyEditor};
use crate::tui::target::Target;

fn putting_editor(app: &mut App, target: &Target) -> Option<usize> {
    app.overlays
        .iter()
        .rposition(|o| matches!(o, Overlay::Editor(e) if e.target == *target && e.is_putting()))
}

pub fn put(app: &mut App, target: Target, result: Result<PolicyWrite, LambdaError>) -> Vec<Effect> {
    let index = putting_editor(app, &target);
    match result {
        Ok(written) => {
            app.revisions.wrote(&target);
            let counts = match index.map(|i| app.overlays.remove(i)) {
                Some(Overlay::Editor(editor)) => match editor.stage {
                    EditorStage::Putting { counts } => Some(counts),
                    _ => None,
                },
                _ => None,
            };
            let summary = counts.map_or(String::new(), |(a, r, c)| format!(" (+{a} -{r} ~{c})"));
            let revision = written
                .policy
                .as_ref()
                .map_or("-".to_string(), |p| p.revision_id.chars().take(8).collect());
            let note = written
                .reconciled
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            set_success(
                app,
                format!("put the policy of {target}{summary}, rev {revision}{note}"),
            );
            if let Some(position) = app
                .qualifier_rows()
                .iter()
                .position(|r| r.qualifier() == target.qualifier)
            {
                app.selected_qualifier.select(position, usize::MAX);
            }
            app.focus = Pane::Policy;
            vec![app.request_policy(target)]
        }
        Err(error) => {
            let Some(Overlay::Editor(editor)) = index.map(|i| &mut app.overlays[i]) else {
                set_error(
                    app,
                    format!("putting the policy of {target} failed: {error}"),
                );
                return Vec::new();
            };
            editor.stage = EditorStage::Editing;
            if error.is_aws(ErrorType::PreconditionFailed) {
                // The text stays; the server's version comes to be compared with it, and the
                // window asks what to do with the two.
                editor.stale = true;
                editor.stage = EditorStage::Conflict(Conflict {
                    title: crate::printable::line(&match error.aws() {
                        Some(aws) => format!("{} ({})", aws.code, aws.status),
                        None => "the policy changed".into(),
                    })
                    .into_owned(),
                    message: error.to_string(),
                    theirs_added: None,
                });
                app.remember(
                    crate::tui::app::StatusKind::Error,
                    &format!("putting the policy of {target} failed: {error}"),
                );
                app.status = None;
                return vec![app.request_policy(target)];
            }
            editor.server_error = Some(error.to_string());
            set_error(app, format!("{target}: {error}"));
            Vec::new()
        }
    }
}

/// A policy arrived: an editor waiting for the server's version is now against it.
pub fn policy_arrived(app: &mut App, target: &Target, policy: &FunctionPolicy) {
    let Some(Overlay::Editor(editor)) = app.overlays.last_mut() else {
        return;
    };
    if editor.target != *target || !editor.stale {
        return;
    }
    let theirs_added = editor.rebase(policy.clone());
    if let EditorStage::Conflict(conflict) = &mut editor.stage {
        conflict.theirs_added = Some(theirs_added);
        return;
    }
    if matches!(editor.stage, EditorStage::Confirming { .. }) {
        // The dialog's list was against the old version: it would not say what a put does now.
        editor.stage = EditorStage::Editing;
    }
    let revision = revision_label(editor);
    set_info(
        app,
        format!(
            "the server's policy of {target} is now revision {revision}: Ctrl-D shows what a put would change, Ctrl-O shows it"
        ),
    );
}

fn revision_label(editor: &PolicyEditor) -> String {
    editor
        .base
        .revision_id
        .clone()
        .unwrap_or_else(|| "none (no policy)".into())
}

/// The server's version could not be read for an editor waiting for it: it stops waiting and
/// says why.
pub fn policy_failed(app: &mut App, target: &Target, why: &str) {
    let Some(Overlay::Editor(editor)) = app.overlays.last_mut() else {
        return;
    };
    if editor.target == *target && editor.stale {
        editor.stale = false;
        if matches!(editor.stage, EditorStage::Conflict(_)) {
            // Without their version the window has nothing to offer: the text is back, and
            // the line below it says why.
            editor.stage = EditorStage::Editing;
        }
        editor.server_error = Some(format!(
            "the server's policy could not be read again ({why}): Ctrl-R tries again"
        ));
    }
}

/// The task putting the policy failed unexpectedly: the outcome is unknown.
pub fn task_failed(app: &mut App, task: Task) {
    if task != Task::PuttingPolicy {
        return;
    }
    for overlay in &mut app.overlays {
        if let Overlay::Editor(editor) = overlay
            && editor.is_putting()
        {
            editor.stage = EditorStage::Editing;
            editor.server_error = Some(format!(
                "internal error while {}: the outcome is unknown; Ctrl-R reads the policy again before trying again",
                task.doing()
            ));
        }
    }
}
