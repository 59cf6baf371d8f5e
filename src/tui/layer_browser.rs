//! What the layers screen holds (`L`): the layers, the selected layer's versions, and each
//! version's policy with the lints of its statements, worked out when it arrives.

use super::dialog::Loadable;
use super::selection::Selection;
pub use super::target::LayerVersionRef;
use crate::lambda::{FunctionPolicy, LayerSummary, LayerVersionSummary};
use crate::policy::{Lint, lint_layer_statement};
use std::collections::HashMap;

/// Which kind of resource the three panes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Browsing {
    #[default]
    Functions,
    Layers,
}

/// A layer version's policy as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownLayerPolicy {
    pub policy: FunctionPolicy,
    /// One list per statement, in the document's order.
    pub lints: Vec<Vec<Lint>>,
}

impl ShownLayerPolicy {
    /// `account` is the layer's: a grant to another one is shown as such.
    pub fn new(policy: FunctionPolicy, account: Option<&str>) -> ShownLayerPolicy {
        let lints = policy
            .document
            .iter()
            .flat_map(|d| d.statements.iter())
            .map(|s| lint_layer_statement(s, account))
            .collect();
        ShownLayerPolicy { policy, lints }
    }

    pub fn statement_count(&self) -> usize {
        self.lints.len()
    }

    pub fn worst(&self) -> Option<crate::policy::Severity> {
        self.lints.iter().flatten().map(|l| l.severity).max()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LayerBrowser {
    pub layers: Loadable<Vec<LayerSummary>>,
    pub selected_layer: Selection,
    /// The versions of one layer (by name), newest first.
    pub versions: Option<(String, Loadable<Vec<LayerVersionSummary>>)>,
    pub selected_version: Selection,
    pub policies: HashMap<LayerVersionRef, Loadable<ShownLayerPolicy>>,
    pub selected_statement: Selection,
}

impl Default for LayerBrowser {
    fn default() -> LayerBrowser {
        LayerBrowser {
            layers: Loadable::Loading,
            selected_layer: Selection::default(),
            versions: None,
            selected_version: Selection::default(),
            policies: HashMap::new(),
            selected_statement: Selection::default(),
        }
    }
}

impl LayerBrowser {
    pub fn layer_list(&self) -> &[LayerSummary] {
        match &self.layers {
            Loadable::Loaded(layers) => layers,
            _ => &[],
        }
    }

    pub fn selected_layer_name(&self) -> Option<String> {
        self.layer_list()
            .get(self.selected_layer.index())
            .map(|l| l.layer_name.clone())
    }

    pub fn version_list(&self) -> &[LayerVersionSummary] {
        match &self.versions {
            Some((_, Loadable::Loaded(versions))) => versions,
            _ => &[],
        }
    }

    pub fn selected_version(&self) -> Option<LayerVersionRef> {
        let (layer, _) = self.versions.as_ref()?;
        let version = self.version_list().get(self.selected_version.index())?;
        Some(LayerVersionRef {
            layer: layer.clone(),
            version: version.version,
        })
    }

    pub fn selected_version_summary(&self) -> Option<&LayerVersionSummary> {
        self.version_list().get(self.selected_version.index())
    }

    pub fn selected_policy(&self) -> Option<&ShownLayerPolicy> {
        match self.policies.get(&self.selected_version()?) {
            Some(Loadable::Loaded(policy)) => Some(policy),
            _ => None,
        }
    }

    /// Something on the layers screen is on its way (its spinner turns).
    pub fn is_loading(&self) -> bool {
        matches!(self.layers, Loadable::Loading)
            || matches!(self.versions, Some((_, Loadable::Loading)))
            || self
                .policies
                .values()
                .any(|p| matches!(p, Loadable::Loading))
    }

    pub fn selected_sid(&self) -> Option<String> {
        self.selected_policy()?
            .policy
            .sid_at(self.selected_statement.index())
    }
}
