//! Everything that can happen to the app: keys, and the answers to effects, each tagged with
//! what it was for so that a late answer can be recognised and dropped.

use super::target::Target;
use crate::lambda::{
    AliasConfiguration, FunctionConfiguration, FunctionPolicy, LambdaError, Page, WriteOutcome,
};
use crossterm::event::KeyEvent;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize,
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
        result: Result<(Vec<FunctionConfiguration>, Vec<AliasConfiguration>), LambdaError>,
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
    Reconnected {
        result: Result<super::app::Context, LambdaError>,
    },
    /// A background task failed unexpectedly (a bug): what it was doing.
    TaskFailed {
        what: String,
    },
}
