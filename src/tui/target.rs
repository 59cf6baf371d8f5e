//! What a policy belongs to: a function, or one of its versions or aliases.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub function: String,
    pub qualifier: Option<String>,
}

impl Target {
    pub fn new(function: impl Into<String>, qualifier: Option<String>) -> Target {
        Target {
            function: function.into(),
            qualifier,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.qualifier {
            Some(q) => write!(f, "{}:{q}", self.function),
            None => f.write_str(&self.function),
        }
    }
}

/// One version of one layer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerVersionRef {
    pub layer: String,
    pub version: u64,
}

impl fmt::Display for LayerVersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.layer, self.version)
    }
}
