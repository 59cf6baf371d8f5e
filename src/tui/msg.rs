//! Everything that can happen to the app: keys, and the answers to effects, each tagged with
//! what it was for so that a late answer can be recognised and dropped.

pub use super::health::Health;
use super::layer_browser::LayerVersionRef;
use super::target::Target;
use crate::lambda::{
    AliasConfiguration, FunctionConfiguration, FunctionPolicy, FunctionUrlConfig, LambdaError,
    LayerSummary, LayerVersionSummary, Page, PolicyWrite, WriteOutcome,
};
use crossterm::event::KeyEvent;

/// A function's versions, aliases and URLs, as they arrive together.
#[derive(Debug, Clone, PartialEq)]
pub struct QualifierListing {
    pub versions: Vec<FunctionConfiguration>,
    pub aliases: Vec<AliasConfiguration>,
    /// `None` when they could not be read (a role that may not read URLs): the URL lints wait.
    pub urls: Option<Vec<FunctionUrlConfig>>,
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize,
    /// The tour may feed the app its next input: the answers to the previous one are in.
    TourContinue,
    /// Time passes (only sent while something animates or expires).
    Tick,
    FunctionsPage {
        ticket: u64,
        result: Result<Page<FunctionConfiguration>, LambdaError>,
    },
    /// A selection held still long enough: load what it shows.
    SelectionSettled {
        function: String,
        ticket: u64,
    },
    Qualifiers {
        function: String,
        ticket: u64,
        result: Result<QualifierListing, LambdaError>,
    },
    Policy {
        target: Target,
        ticket: u64,
        result: Result<FunctionPolicy, LambdaError>,
    },
    Removed {
        target: Target,
        sid: String,
        result: Result<WriteOutcome, LambdaError>,
    },
    Added {
        target: Target,
        sid: String,
        result: Result<WriteOutcome, LambdaError>,
    },
    PolicyPut {
        target: Target,
        result: Result<PolicyWrite, LambdaError>,
    },
    Layers {
        result: Result<Vec<LayerSummary>, LambdaError>,
    },
    LayerVersions {
        layer: String,
        result: Result<Vec<LayerVersionSummary>, LambdaError>,
    },
    LayerPolicy {
        version: LayerVersionRef,
        result: Result<FunctionPolicy, LambdaError>,
    },
    LayerPermissionAdded {
        version: LayerVersionRef,
        sid: String,
        result: Result<WriteOutcome, LambdaError>,
    },
    LayerPermissionRemoved {
        version: LayerVersionRef,
        sid: String,
        result: Result<WriteOutcome, LambdaError>,
    },
    ScreenshotSaved {
        result: Result<(String, String), ScreenshotRefused>,
    },
    DemoReset {
        result: Result<(), String>,
    },
    ConflictMade {
        target: Target,
        result: Result<(), String>,
    },
    Reconnected {
        result: Result<super::app::Context, LambdaError>,
    },
    /// A call failed and is tried again after a wait: shown, so a slow screen says why.
    Retrying {
        note: crate::lambda::RetryNote,
    },
    /// A background task failed unexpectedly (a bug): what it was doing.
    TaskFailed {
        task: Task,
    },
}

impl Msg {
    /// What an answer says of the endpoint: answering (even with an error of the request's),
    /// failing (its own 5xx) or unreachable; `None` for messages that are not answers.
    pub fn reached(&self) -> Option<Health> {
        fn of<T>(result: &Result<T, LambdaError>) -> Health {
            match result {
                Err(e) if e.is_unreachable() => Health::Unreachable,
                Err(e) if e.is_server_failure() => Health::Failing,
                _ => Health::Answering,
            }
        }
        Some(match self {
            Msg::FunctionsPage { result, .. } => of(result),
            Msg::Qualifiers { result, .. } => of(result),
            Msg::Policy { result, .. } => of(result),
            Msg::Removed { result, .. } | Msg::Added { result, .. } => of(result),
            Msg::PolicyPut { result, .. } => of(result),
            Msg::Layers { result } => of(result),
            Msg::LayerVersions { result, .. } => of(result),
            Msg::LayerPolicy { result, .. } => of(result),
            Msg::LayerPermissionAdded { result, .. }
            | Msg::LayerPermissionRemoved { result, .. } => of(result),
            Msg::Reconnected { result } => of(result),
            // Named one by one: a new answer must say whether it tells of the endpoint.
            Msg::Key(_)
            | Msg::Paste(_)
            | Msg::Resize
            | Msg::TourContinue
            | Msg::Tick
            | Msg::SelectionSettled { .. }
            | Msg::ScreenshotSaved { .. }
            | Msg::DemoReset { .. }
            | Msg::ConflictMade { .. }
            | Msg::Retrying { .. }
            | Msg::TaskFailed { .. } => return None,
        })
    }
}

/// Why no screenshot was saved: files already there (the user is asked), or another reason.
#[derive(Debug, Clone, PartialEq)]
pub enum ScreenshotRefused {
    /// The path asked for, whose SVG or text exists.
    Exists(String),
    Failed(String),
}

/// What a background task does: what a failed one is reported as, and what the answers that
/// wait on it look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    ListingFunctions,
    WaitingForSelection,
    LoadingQualifiers,
    LoadingPolicy,
    RemovingStatement,
    AddingStatement,
    PuttingPolicy,
    ListingLayers,
    ListingLayerVersions,
    ReadingLayerPolicy,
    SharingLayerVersion,
    RemovingLayerStatement,
    ResettingDemo,
    MakingConflict,
    Connecting,
}

impl Task {
    /// The task in words: "internal error while {doing}".
    pub fn doing(self) -> &'static str {
        match self {
            Task::ListingFunctions => "listing functions",
            Task::WaitingForSelection => "waiting for the selection",
            Task::LoadingQualifiers => "loading versions and aliases",
            Task::LoadingPolicy => "loading a policy",
            Task::RemovingStatement => "removing a statement",
            Task::AddingStatement => "adding a statement",
            Task::PuttingPolicy => "putting the policy",
            Task::ListingLayers => "listing the layers",
            Task::ListingLayerVersions => "listing a layer's versions",
            Task::ReadingLayerPolicy => "reading a layer version's policy",
            Task::SharingLayerVersion => "sharing a layer version",
            Task::RemovingLayerStatement => "removing a layer version's statement",
            Task::ResettingDemo => "resetting the demo",
            Task::MakingConflict => "changing the policy behind the app",
            Task::Connecting => "connecting",
        }
    }
}
