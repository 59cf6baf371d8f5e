//! Which kind of thing holds a policy: a function (or one of its versions or aliases) or a
//! layer version. A leaf: the action lists and the engine read it without the holder's lints.

use std::fmt;

/// Which kind of holder, as findings and JSON name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HolderKind {
    Function,
    Layer,
}

impl HolderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HolderKind::Function => "function",
            HolderKind::Layer => "layer",
        }
    }
}

impl serde::Serialize for HolderKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for HolderKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match <std::borrow::Cow<'de, str>>::deserialize(deserializer)?.as_ref() {
            "function" => Ok(HolderKind::Function),
            "layer" => Ok(HolderKind::Layer),
            other => Err(serde::de::Error::custom(format!(
                "not a holder kind: {other}"
            ))),
        }
    }
}

impl fmt::Display for HolderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
