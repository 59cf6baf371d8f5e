//! What holds one resource policy with its RevisionId: a function, one of its versions or
//! aliases, or a layer version. The client's reconciled write, the commands, the audit and the
//! TUI take a holder, so a rule about "a policy" is written once for every kind.

use super::document::Statement;
use super::function_ref::AccountContext;
pub use super::holder_kind::HolderKind;
use super::lint::{Lint, lint_statement};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyHolder {
    /// A function (`qualifier` `None`), a version or an alias.
    Function {
        function: String,
        qualifier: Option<String>,
    },
    LayerVersion {
        layer: String,
        version: u64,
    },
}

impl PolicyHolder {
    pub fn function(function: impl Into<String>, qualifier: Option<String>) -> PolicyHolder {
        PolicyHolder::Function {
            function: function.into(),
            qualifier,
        }
    }

    pub fn layer_version(layer: impl Into<String>, version: u64) -> PolicyHolder {
        PolicyHolder::LayerVersion {
            layer: layer.into(),
            version,
        }
    }

    pub fn kind(&self) -> HolderKind {
        match self {
            PolicyHolder::Function { .. } => HolderKind::Function,
            PolicyHolder::LayerVersion { .. } => HolderKind::Layer,
        }
    }

    /// The holder's ARN in `context`'s account and region.
    pub fn arn(&self, context: &AccountContext) -> String {
        match self {
            PolicyHolder::Function {
                function,
                qualifier,
            } => context.function_arn(function, qualifier.as_deref()),
            PolicyHolder::LayerVersion { layer, version } => super::layer::layer_version_arn(
                context.partition(),
                &context.region,
                &context.account,
                layer,
                *version,
            ),
        }
    }

    /// The lints of one of its statements: a layer version's policy grants other things than
    /// a function's, and is judged by its own rules.
    pub fn lint(&self, statement: &Statement, own_account: Option<&str>) -> Vec<Lint> {
        match self {
            PolicyHolder::Function { .. } => lint_statement(statement, own_account),
            PolicyHolder::LayerVersion { .. } => {
                super::layer::lint_layer_statement(statement, own_account)
            }
        }
    }
}

impl fmt::Display for PolicyHolder {
    /// `function`, `function:qualifier`, or `layer NAME:VERSION`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyHolder::Function {
                function,
                qualifier: Some(q),
            } => write!(f, "{function}:{q}"),
            PolicyHolder::Function { function, .. } => f.write_str(function),
            PolicyHolder::LayerVersion { layer, version } => write!(f, "layer {layer}:{version}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holder_names_itself_and_its_arn() {
        let context = AccountContext::new("123456789012", "us-east-1");
        let live = PolicyHolder::function("orders", Some("live".into()));
        assert_eq!(live.to_string(), "orders:live");
        assert_eq!(
            live.arn(&context),
            "arn:aws:lambda:us-east-1:123456789012:function:orders:live"
        );
        let layer = PolicyHolder::layer_version("utils", 3);
        assert_eq!(layer.to_string(), "layer utils:3");
        assert_eq!(
            layer.arn(&context),
            "arn:aws:lambda:us-east-1:123456789012:layer:utils:3"
        );
        assert_eq!(
            (live.kind().as_str(), layer.kind().as_str()),
            ("function", "layer")
        );
    }
}
