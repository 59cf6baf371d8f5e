//! What `update` asks the outside world to do. The runner carries each out on tokio and
//! answers with a [`super::msg::Msg`].

use super::target::LayerVersionRef;
use super::target::Target;
use crate::policy::{LayerPermissionRequest, PermissionRequest};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Every page of the listing comes back with `ticket` (see `tui::tickets`).
    LoadFunctions {
        ticket: u64,
    },
    /// Answer with `SelectionSettled` after `delay`, so holding `j` does not flood the API.
    SettleSelection {
        function: String,
        delay: Duration,
        ticket: u64,
    },
    LoadQualifiers {
        function: String,
        ticket: u64,
    },
    /// `ticket` comes back with the answer: only the latest request for a target is applied.
    LoadPolicy {
        target: Target,
        ticket: u64,
    },
    RemovePermission {
        target: Target,
        sid: String,
        revision_id: Option<String>,
    },
    AddPermission {
        target: Target,
        request: Box<PermissionRequest>,
    },
    /// The whole policy replaced by `text`, guarded by `revision_id` when there is one.
    PutResourcePolicy {
        target: Target,
        resource: String,
        text: String,
        revision_id: Option<String>,
    },
    LoadLayers,
    LoadLayerVersions {
        layer: String,
    },
    LoadLayerPolicy {
        version: LayerVersionRef,
    },
    AddLayerPermission {
        version: LayerVersionRef,
        request: Box<LayerPermissionRequest>,
    },
    RemoveLayerPermission {
        version: LayerVersionRef,
        sid: String,
        revision_id: Option<String>,
    },
    /// The demo's account put back as it started.
    ResetDemo,
    /// The demo's account kept as the tour's `step` starts (`save`), or put back as it was
    /// then.
    TourStore {
        step: usize,
        save: bool,
    },
    /// Another writer changes `target`'s policy behind the app, so that its next write meets
    /// a 412 (a presenter's cue).
    MakeConflict {
        target: Target,
    },
    CopyToClipboard(String),
    /// The screen saved as SVG and text, at the path given or one with the time.
    Screenshot {
        path: Option<String>,
        /// The user said yes to replacing the files at `path`.
        replace: bool,
    },
    Reconnect {
        profile: Option<String>,
        region: Option<String>,
    },
    Suspend,
    Quit,
}

impl Effect {
    /// Writes are refused in read-only mode, in one place (see `update`).
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Effect::RemovePermission { .. }
                | Effect::AddPermission { .. }
                | Effect::PutResourcePolicy { .. }
                | Effect::AddLayerPermission { .. }
                | Effect::RemoveLayerPermission { .. }
                | Effect::MakeConflict { .. }
        )
    }
}
