//! Answers to effects. Each carries what it was for; an answer for something no longer on
//! screen is dropped, not applied.

use super::browse::select_function;
use super::{set_error, set_info, set_success};
use crate::lambda::{FunctionConfiguration, LambdaError};
use crate::policy::ErrorType;
use crate::tui::app::{App, Loadable, Overlay, QualifierRow, Qualifiers, ShownPolicy};
use crate::tui::effect::Effect;
use crate::tui::form::Stage;
use crate::tui::msg::{Msg, QualifierListing};
use crate::tui::target::Target;
use crate::tui::tickets::Asked;

pub fn on_response(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::FunctionsPage { ticket, result } => {
            if !app.tickets.is_latest(&Asked::Functions, ticket) {
                return Vec::new();
            }
            functions_page(app, result)
        }
        Msg::SelectionSettled { function, ticket } => {
            if !app.tickets.is_latest(&Asked::SettledSelection, ticket) {
                return Vec::new();
            }
            app.tickets.done(&Asked::SettledSelection);
            if app.qualifiers.is_some() {
                return Vec::new();
            }
            vec![app.request_qualifiers(function)]
        }
        Msg::Qualifiers {
            function,
            ticket,
            result,
        } => {
            if !app.tickets.is_latest(&Asked::Qualifiers, ticket) {
                return Vec::new();
            }
            app.tickets.done(&Asked::Qualifiers);
            qualifiers(app, function, result)
        }
        Msg::Policy {
            target,
            ticket,
            result,
        } => {
            let asked = Asked::Policy(target.clone());
            if !app.tickets.is_latest(&asked, ticket) {
                return Vec::new();
            }
            app.tickets.done(&asked);
            policy(app, target, result)
        }
        Msg::Removed {
            target,
            sid,
            result,
        } => removed(app, target, sid, result),
        Msg::Added {
            target,
            sid,
            result,
        } => added(app, target, sid, result),
        Msg::PolicyPut { target, result } => super::editor_answers::put(app, target, result),
        Msg::Retrying { note } => retrying(app, note),
        Msg::ScreenshotSaved { result } => screenshot_saved(app, result),
        Msg::DemoReset { result } => demo_reset(app, result),
        Msg::ConflictMade { target, result } => conflict_made(app, target, result),
        Msg::Layers { result } => super::layer_answers::layers(app, result),
        Msg::LayerVersions { layer, result } => super::layer_answers::versions(app, layer, result),
        Msg::LayerPolicy { version, result } => super::layer_answers::policy(app, version, result),
        Msg::LayerPermissionAdded {
            version,
            sid,
            result,
        } => super::layer_answers::added(app, version, sid, result),
        Msg::LayerPermissionRemoved {
            version,
            sid,
            result,
        } => super::layer_answers::removed(app, version, sid, result),
        Msg::Reconnected { result } => reconnected(app, result),
        Msg::TaskFailed { task } => task_failed(app, task),
        _ => Vec::new(),
    }
}

/// A retry about to happen: said while the wait lasts; an error that is not retried replaces it.
fn retrying(app: &mut App, note: crate::lambda::RetryNote) -> Vec<Effect> {
    app.remember(crate::tui::app::StatusKind::Info, &note.to_string());
    app.status = Some(crate::tui::app::Status {
        kind: crate::tui::app::StatusKind::Info,
        text: note.to_string(),
        ttl: Some(((note.wait.as_millis() / 100) as u16).saturating_add(10)),
    });
    Vec::new()
}

/// A screenshot saved, refused because its files exist (the user is asked), or failed.
fn screenshot_saved(
    app: &mut App,
    result: Result<(String, String), crate::tui::msg::ScreenshotRefused>,
) -> Vec<Effect> {
    match result {
        Ok((svg, text)) => set_success(app, format!("screenshot saved: {svg} and {text}")),
        Err(crate::tui::msg::ScreenshotRefused::Exists(path)) => {
            app.overlays.push(Overlay::ConfirmOverwrite {
                path,
                focus: crate::tui::app::DialogButton::Cancel,
            });
        }
        Err(crate::tui::msg::ScreenshotRefused::Failed(why)) => {
            set_error(app, format!("no screenshot: {why}"))
        }
    }
    Vec::new()
}

/// The demo put back as it started: everything read again.
fn demo_reset(app: &mut App, result: Result<(), String>) -> Vec<Effect> {
    match result {
        Ok(()) => {
            let loads = reload_everything(app);
            set_success(
                app,
                "the demo is back as it started: every policy as it was",
            );
            loads
        }
        Err(why) => {
            set_error(app, why);
            Vec::new()
        }
    }
}

/// Another writer's change made on cue (`:conflict`).
fn conflict_made(app: &mut App, target: Target, result: Result<(), String>) -> Vec<Effect> {
    match result {
        Ok(()) => set_info(
            app,
            format!("{target} changed behind the app: its next write meets a 412"),
        ),
        Err(why) => set_error(app, format!("no conflict made on {target}: {why}")),
    }
    Vec::new()
}

/// Connected again with another profile or region: everything read again.
fn reconnected(
    app: &mut App,
    result: Result<crate::session::Context, crate::lambda::LambdaError>,
) -> Vec<Effect> {
    match result {
        Ok(context) => {
            app.context = context;
            app.selected_function.reset();
            let loads = reload_everything(app);
            set_success(app, "connected");
            loads
        }
        Err(error) => {
            set_error(app, error.to_string());
            Vec::new()
        }
    }
}

/// A background task failed (a bug): whatever waited on it stops waiting and says so.
fn task_failed(app: &mut App, task: crate::tui::msg::Task) -> Vec<Effect> {
    let what = task.doing();
    let why = format!("internal error while {what}");
    let mut failed = Vec::new();
    for (target, policy) in app.policies.iter_mut() {
        if matches!(policy, Loadable::Loading) {
            *policy = Loadable::Failed(why.clone());
            failed.push(target.clone());
        }
    }
    for target in &failed {
        super::editor_answers::policy_failed(app, target, &why);
    }
    app.functions.loading = false;
    super::editor_answers::task_failed(app, task);
    super::layer_answers::task_failed(app, task);
    for overlay in &mut app.overlays {
        if let Overlay::Form(form) = overlay
            && form.is_submitting()
        {
            form.stage = Stage::Editing { asking: None };
            form.form_error = Some(format!(
                "internal error while {what}: the outcome is unknown; reload the policy (Ctrl-R) before trying again"
            ));
        }
    }
    set_error(
        app,
        format!("internal error while {what} (details in the log); r reloads"),
    );
    Vec::new()
}

/// How many of the newest versions have their policies loaded with the qualifier list.
pub const EAGER_VERSIONS: usize = 20;

/// How an error reads in the status line: type, message and request id.
/// Another account, region or a reset demo: nothing read before holds. The functions are
/// listed again, the layers too when they are on screen, and no revision shown before counts.
fn reload_everything(app: &mut App) -> Vec<Effect> {
    app.layers = crate::tui::layer_browser::LayerBrowser::default();
    app.revisions = Default::default();
    let mut loads = vec![app.restart_listing()];
    if app.browsing == crate::tui::layer_browser::Browsing::Layers {
        loads.push(Effect::LoadLayers);
    }
    loads
}

pub fn describe(error: &LambdaError) -> String {
    match error {
        // The advice names the flags; in the app, the command does it without a restart.
        LambdaError::Credentials(_) => {
            format!("{error} (in the app: :profile NAME switches to another profile)")
        }
        _ => error.to_string(),
    }
}

fn functions_page(
    app: &mut App,
    result: Result<crate::lambda::Page<FunctionConfiguration>, LambdaError>,
) -> Vec<Effect> {
    match result {
        Ok(page) => {
            let first = app.functions.items.is_empty();
            app.functions.last_good.clear();
            let reselecting = app.functions.reselect.is_some();
            let selected = app
                .functions
                .reselect
                .clone()
                .or_else(|| app.selected_function_name());
            if app.context.account.is_none() {
                app.context.account = page.items.iter().find_map(|f| f.account());
                // Lints that tell this account from others change once it is known.
                app.relint();
            }
            app.functions.items.extend(page.items);
            app.functions
                .items
                .sort_by(|a, b| a.function_name.cmp(&b.function_name));
            app.functions.loading = page.next_marker.is_some();
            app.refilter();
            // keep the same function selected while rows arrive around it
            let found = selected.and_then(|name| {
                (0..app.visible_count()).position(|i| {
                    app.visible_function(i)
                        .is_some_and(|f| f.function_name == name)
                })
            });
            if reselecting && let Some(index) = found {
                // The function selected before a reload is back: selected, with its panes.
                app.functions.reselect = None;
                app.selected_function.reset();
                return select_function(app, index);
            }
            if let Some(index) = found {
                let len = app.visible_count();
                app.selected_function.select(index, len);
            }
            if first {
                return select_function(app, 0);
            }
            Vec::new()
        }
        Err(error) => {
            app.functions.loading = false;
            app.functions.error = Some(describe(&error));
            if app.functions.items.is_empty() && !app.functions.last_good.is_empty() {
                // A reload that failed leaves the last good list on screen, not an empty pane.
                app.functions.items = std::mem::take(&mut app.functions.last_good);
                app.refilter();
                if let Some(name) = app.functions.reselect.take()
                    && let Some(index) = (0..app.visible_count()).position(|i| {
                        app.visible_function(i)
                            .is_some_and(|f| f.function_name == name)
                    })
                {
                    let len = app.visible_count();
                    app.selected_function.select(index, len);
                }
            }
            set_error(
                app,
                format!("listing functions failed: {}", describe(&error)),
            );
            Vec::new()
        }
    }
}

fn qualifiers(
    app: &mut App,
    function: String,
    result: Result<QualifierListing, LambdaError>,
) -> Vec<Effect> {
    if app.selected_function_name().as_deref() != Some(function.as_str()) {
        return Vec::new();
    }
    match result {
        Ok(QualifierListing {
            versions,
            aliases,
            urls,
        }) => {
            let urls = urls.map(|urls| {
                urls.into_iter()
                    .map(|u| {
                        let key = u.qualifier().unwrap_or_default().to_string();
                        let summary = crate::tui::app::UrlSummary {
                            url: u.function_url,
                            auth_type: u.auth_type,
                        };
                        (key, summary)
                    })
                    .collect()
            });
            let mut rows = vec![QualifierRow::Unqualified];
            rows.extend(
                versions
                    .into_iter()
                    .filter(|v| v.version.as_deref() != Some("$LATEST"))
                    .map(|v| QualifierRow::Version {
                        number: v.version.unwrap_or_default(),
                        description: v.description.unwrap_or_default(),
                    }),
            );
            rows.extend(
                aliases
                    .into_iter()
                    .map(|alias| QualifierRow::Alias { alias }),
            );
            // The function, its aliases and its newest versions get their policies at once; older
            // versions when selected, so a function with hundreds of versions does not spend the
            // account's request quota.
            let versions = rows
                .iter()
                .filter(|r| matches!(r, QualifierRow::Version { .. }))
                .count();
            let targets: Vec<Target> = rows
                .iter()
                .enumerate()
                .filter(|(i, r)| {
                    !matches!(r, QualifierRow::Version { .. }) || *i + EAGER_VERSIONS > versions
                })
                .map(|(_, r)| Target::new(function.clone(), r.qualifier()))
                .collect();
            app.qualifiers = Some(Qualifiers {
                function,
                rows: Loadable::Loaded(rows),
                urls,
            });
            // Policies loaded before the URLs were known are linted again with them.
            app.relint();
            let rows = app.qualifier_rows().len();
            let index = app.selected_qualifier.index();
            app.selected_qualifier.select(index, rows);
            let missing: Vec<Target> = targets
                .into_iter()
                .filter(|t| !matches!(app.policies.get(t), Some(Loadable::Loaded(_))))
                .collect();
            missing
                .into_iter()
                .map(|target| app.request_policy(target))
                .collect()
        }
        Err(error) => {
            app.qualifiers = Some(Qualifiers {
                function,
                rows: Loadable::Failed(describe(&error)),
                urls: None,
            });
            set_error(
                app,
                format!("loading versions and aliases failed: {}", describe(&error)),
            );
            Vec::new()
        }
    }
}

fn policy(
    app: &mut App,
    target: Target,
    result: Result<crate::lambda::FunctionPolicy, LambdaError>,
) -> Vec<Effect> {
    if app.selected_function_name().as_deref() != Some(target.function.as_str()) {
        // a late answer for a function no longer selected
        app.policies.remove(&target);
        return Vec::new();
    }
    match result {
        Ok(policy) => {
            app.revisions
                .arrived(&target, policy.revision_id.as_deref());
            super::editor_answers::policy_arrived(app, &target, &policy);
            if let Some(Overlay::Form(form)) = app.overlays.last_mut()
                && form.target() == target
                && (form.stale_revision || form.policy_loading)
            {
                let was_stale = form.stale_revision;
                form.take_policy(&policy);
                if was_stale {
                    set_info(
                        app,
                        format!("policy of {target} reloaded: review it, then Ctrl-S again"),
                    );
                }
            }
            if let Some((highlight_target, sid)) = &app.highlight
                && *highlight_target == target
                && app.selected_target().as_ref() == Some(&target)
                && let Some(index) = policy.document.as_ref().and_then(|d| {
                    d.statements
                        .iter()
                        .position(|s| s.sid.as_deref() == Some(sid))
                })
            {
                app.selected_statement
                    .select(index, policy.statement_count());
            }
            let url = app.url_state(&target);
            let shown = ShownPolicy::new(policy, app.context.account.as_deref(), &url);
            app.policies.insert(target, Loadable::Loaded(shown));
        }
        Err(error) => {
            super::editor_answers::policy_failed(app, &target, &describe(&error));
            app.policies
                .insert(target.clone(), Loadable::Failed(describe(&error)));
            set_error(
                app,
                format!(
                    "reading the policy of {target} failed: {}",
                    describe(&error)
                ),
            );
        }
    }
    Vec::new()
}

fn reload_policy(app: &mut App, target: &Target) -> Vec<Effect> {
    vec![app.request_policy(target.clone())]
}

fn removed(
    app: &mut App,
    target: Target,
    sid: String,
    result: Result<crate::lambda::WriteOutcome, LambdaError>,
) -> Vec<Effect> {
    match result {
        Ok(outcome) => {
            let note = outcome
                .reconciled
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            app.revisions.wrote(&target);
            set_success(app, format!("removed {sid} from {target}{note}"));
            app.selected_statement.step(-1, usize::MAX);
        }
        Err(error) if error.is_aws(ErrorType::PreconditionFailed) => {
            super::show_server_error(
                app,
                &format!("Removing {sid} from {target}"),
                &error,
                "Someone else changed the policy since it was shown: it is read again and nothing was removed. Check it, then x again.",
            );
        }
        Err(error) => {
            super::show_server_error(
                app,
                &format!("Removing {sid} from {target}"),
                &error,
                "The policy is read again. x tries again; m lists every message of the session.",
            );
        }
    }
    reload_policy(app, &target)
}

fn added(
    app: &mut App,
    target: Target,
    sid: String,
    result: Result<crate::lambda::WriteOutcome, LambdaError>,
) -> Vec<Effect> {
    let form_index = app
        .overlays
        .iter()
        .rposition(|o| matches!(o, Overlay::Form(f) if f.is_submitting()));
    match result {
        Ok(outcome) => {
            if let Some(i) = form_index {
                app.overlays.remove(i);
            }
            let note = outcome
                .reconciled
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            app.revisions.wrote(&target);
            set_success(app, format!("added {sid} to {target}{note}"));
            app.highlight = Some((target.clone(), sid));
            if let Some(position) = app
                .qualifier_rows()
                .iter()
                .position(|r| r.qualifier() == target.qualifier)
            {
                app.selected_qualifier.select(position, usize::MAX);
            }
            app.focus = crate::tui::app::Pane::Policy;
            reload_policy(app, &target)
        }
        Err(error) => {
            let Some(i) = form_index else {
                set_error(app, format!("adding {sid} failed: {}", describe(&error)));
                return Vec::new();
            };
            if let Overlay::Form(form) = &mut app.overlays[i] {
                form.stage = Stage::Editing { asking: None };
                form.apply_server_error(&error);
            }
            let next = if error.is_aws(ErrorType::ResourceConflict) {
                "The StatementId is taken: choose another (the field says so). What you typed is kept."
            } else if error.is_aws(ErrorType::PreconditionFailed) {
                "The policy changed since the form read it: Ctrl-R reads it again and keeps what you typed; then Ctrl-S."
            } else {
                "What you typed is kept: fix the field the error names, or Ctrl-S to try again."
            };
            super::show_server_error(app, &format!("Adding {sid} to {target}"), &error, next);
            if error.is_aws(ErrorType::ResourceConflict) {
                // Someone else's statement is there: the panes show it, the form keeps its text.
                return reload_policy(app, &target);
            }
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn missing_credentials_name_the_command_that_switches_profile() {
        let error = crate::lambda::LambdaError::Credentials("no usable AWS credentials".into());
        assert!(super::describe(&error).contains(":profile NAME"));
    }
}
