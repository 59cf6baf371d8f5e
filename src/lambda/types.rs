//! What the operations return. Unknown members are ignored: Lambda keeps adding them.

use crate::policy::{Lint, PolicyDocument, Statement, UrlState, lint_policy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionConfiguration {
    pub function_name: String,
    pub function_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
}

impl FunctionConfiguration {
    /// The account in the function's ARN.
    pub fn account(&self) -> Option<String> {
        crate::policy::arn::account_of_arn(&self.function_arn)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct RoutingConfig {
    #[serde(default)]
    pub additional_version_weights: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AliasConfiguration {
    pub alias_arn: String,
    pub name: String,
    pub function_version: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_config: Option<RoutingConfig>,
    #[serde(default)]
    pub revision_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ListFunctionsOutput {
    #[serde(default)]
    pub functions: Vec<FunctionConfiguration>,
    #[serde(default)]
    pub next_marker: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetFunctionOutput {
    pub configuration: FunctionConfiguration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetPolicyOutput {
    pub policy: String,
    pub revision_id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AddPermissionOutput {
    pub statement: String,
}

/// A function's or an alias's URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionUrlConfig {
    pub function_url: String,
    /// The function's ARN, or the alias's for an alias's URL.
    pub function_arn: String,
    /// `NONE` (anyone may call it, as the policy allows) or `AWS_IAM`.
    pub auth_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoke_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_time: Option<String>,
}

impl FunctionUrlConfig {
    /// The alias the URL belongs to, `None` for the function's own.
    pub fn qualifier(&self) -> Option<&str> {
        let resource = self.function_arn.splitn(8, ':').nth(7)?;
        Some(resource).filter(|q| !q.is_empty())
    }
}

/// One page of any listing but ListFunctions': its items (under the member each operation
/// names them) and the marker of the next page.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase", bound = "T: serde::de::DeserializeOwned")]
pub(crate) struct ListingPage<T> {
    #[serde(
        default,
        alias = "Versions",
        alias = "Aliases",
        alias = "FunctionUrlConfigs",
        alias = "Layers",
        alias = "LayerVersions"
    )]
    pub items: Vec<T>,
    #[serde(default)]
    pub next_marker: Option<String>,
}

/// A page of a listing, as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_marker: Option<String>,
}

/// A qualifier's policy. A function with no policy has an empty one, not an error.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionPolicy {
    pub document: Option<PolicyDocument>,
    /// The compact JSON as Lambda sent it.
    pub text: Option<String>,
    pub revision_id: Option<String>,
}

impl FunctionPolicy {
    /// The Sid of the statement at `index`, when there is one.
    pub fn sid_at(&self, index: usize) -> Option<String> {
        self.document.as_ref()?.statements.get(index)?.sid.clone()
    }

    pub fn empty() -> FunctionPolicy {
        FunctionPolicy {
            document: None,
            text: None,
            revision_id: None,
        }
    }

    pub fn statement_count(&self) -> usize {
        self.document.as_ref().map_or(0, |d| d.statements.len())
    }

    /// Each statement with its lints by the rules of the policy's `holder`: a function's
    /// ([`FunctionPolicy::statement_lints`]) or a layer version's.
    pub fn statement_lints_of(
        &self,
        holder: &crate::policy::PolicyHolder,
        own_account: Option<&str>,
        url: &UrlState,
    ) -> Vec<(&Statement, Vec<Lint>)> {
        match holder {
            crate::policy::PolicyHolder::Function { .. } => self.statement_lints(own_account, url),
            crate::policy::PolicyHolder::LayerVersion { .. } => self
                .document
                .iter()
                .flat_map(|d| d.statements.iter())
                .map(|s| (s, holder.lint(s, own_account)))
                .collect(),
        }
    }

    /// Each statement with its lints; `own_account` is the function's account, when known, and
    /// `url` what is known of the function's or alias's URL.
    pub fn statement_lints(
        &self,
        own_account: Option<&str>,
        url: &UrlState,
    ) -> Vec<(&Statement, Vec<Lint>)> {
        let mut linted: Vec<(&Statement, Vec<Lint>)> = self
            .document
            .as_ref()
            .map(|d| {
                d.statements
                    .iter()
                    .zip(lint_policy(&d.statements, own_account, url))
                    .collect()
            })
            .unwrap_or_default();
        // The size is the whole policy's: it is told on the last statement, the one that tipped it.
        if let (Some(lint), Some((_, last))) = (
            crate::policy::lint::size_lint(self.size_bytes()),
            linted.last_mut(),
        ) {
            last.push(lint);
        }
        linted
    }

    pub fn size_bytes(&self) -> usize {
        self.text.as_ref().map_or(0, String::len)
    }
}

/// How a write ended.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOutcome {
    /// The statement Lambda wrote (AddPermission), as JSON.
    pub statement: Option<serde_json::Value>,
    pub attempts: u32,
    /// Set when the answer was lost and the result was established by reading the policy.
    pub reconciled: Option<String>,
}
