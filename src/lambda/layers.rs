//! Layers and the policy of each layer version: ListLayers, ListLayerVersions,
//! GetLayerVersionPolicy, AddLayerVersionPermission and RemoveLayerVersionPermission, with the
//! same retries, guard and reconciliation of lost answers as a function's policy.

use super::client::{Call, Change, LambdaClient, label, layer_path, version_path};
use super::error::LambdaError;
use super::types::{FunctionPolicy, WriteOutcome};
use crate::policy::{LayerPermissionRequest, PolicyHolder, layer_statement_for};
use serde::Deserialize;

/// A layer, with its newest version.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LayerSummary {
    pub layer_name: String,
    pub layer_arn: String,
    #[serde(default)]
    pub latest_matching_version: Option<LayerVersionSummary>,
}

/// A version of a layer, as the listings give it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LayerVersionSummary {
    pub layer_version_arn: String,
    pub version: u64,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub created_date: String,
    #[serde(default)]
    pub compatible_runtimes: Vec<String>,
    #[serde(default)]
    pub compatible_architectures: Vec<String>,
    #[serde(default)]
    pub license_info: Option<String>,
}

impl LambdaClient {
    /// Every layer of the account and region, with its newest version.
    pub async fn list_all_layers(&self) -> Result<Vec<LayerSummary>, LambdaError> {
        let call = Call::new(reqwest::Method::GET, "/2018-10-31/layers".into());
        self.every_page(call).await
    }

    /// Every version of a layer, newest first.
    pub async fn list_layer_versions(
        &self,
        layer: &str,
    ) -> Result<Vec<LayerVersionSummary>, LambdaError> {
        let call = Call::new(reqwest::Method::GET, layer_path(layer, "/versions"));
        self.every_page(call).await
    }

    /// The policy of a layer version; none is an empty policy, not an error.
    pub async fn get_layer_version_policy(
        &self,
        layer: &str,
        version: u64,
    ) -> Result<FunctionPolicy, LambdaError> {
        self.policy_of(&PolicyHolder::layer_version(layer, version))
            .await
    }

    /// AddLayerVersionPermission, guarded by the request's RevisionId when it has one. If the
    /// answer is lost, the policy is read again and the add claimed only when it is the one
    /// change since the policy read before.
    pub async fn add_layer_version_permission(
        &self,
        request: &LayerPermissionRequest,
    ) -> Result<WriteOutcome, LambdaError> {
        let layer = request.layer_name.clone().unwrap_or_default();
        let version = request.version_number.unwrap_or_default().max(0) as u64;
        let holder = PolicyHolder::layer_version(layer.clone(), version);
        let before = self.policy_before_write(&holder).await;
        let call = Call {
            body: Some(request.body_json()),
            ..Call::new(
                reqwest::Method::POST,
                version_path(&layer, version, "/policy"),
            )
            .query("RevisionId", request.revision_id.as_deref())
        };
        let sid = request.statement_id.as_deref().unwrap_or_default();
        let expected = |resource: &str| layer_statement_for(request, resource);
        let change = Change::Add {
            sid,
            expected: &expected,
        };
        self.reconciled_write(&holder, &call, change, before.as_ref())
            .await
    }

    /// RemoveLayerVersionPermission, guarded and reconciled like the add.
    pub async fn remove_layer_version_permission(
        &self,
        layer: &str,
        version: u64,
        sid: &str,
        revision_id: Option<&str>,
    ) -> Result<WriteOutcome, LambdaError> {
        let holder = PolicyHolder::layer_version(layer, version);
        let before = self.policy_before_write(&holder).await;
        let call = Call::new(
            reqwest::Method::DELETE,
            version_path(layer, version, &format!("/policy/{}", label(sid))),
        )
        .query("RevisionId", revision_id);
        self.reconciled_write(&holder, &call, Change::Remove { sid }, before.as_ref())
            .await
    }
}
