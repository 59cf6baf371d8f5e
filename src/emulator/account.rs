//! What the emulator holds: one account's functions, their versions and aliases, and a
//! policy per qualifier. The same shape is the state file and (with requests instead of
//! statements) the fixture.

use crate::policy::aws_error::messages;
use crate::policy::{AwsError, ErrorType};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Account {
    pub account_id: String,
    pub region: String,
    pub functions: BTreeMap<String, Function>,
    /// Layers by name, each version with its own policy.
    #[serde(default)]
    pub layers: BTreeMap<String, Layer>,
    /// The account's public-access block: writes that would leave a policy public are
    /// refused with PublicPolicyException. A setting of the server, not of the saved state.
    #[serde(skip)]
    pub block_public_policies: bool,
    /// The code the account may store (`serve --code-storage`; AWS's 75 GB when `None`). A
    /// setting of the server too.
    #[serde(skip)]
    pub code_storage_limit: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Function {
    pub name: String,
    pub runtime: String,
    pub handler: String,
    pub description: String,
    pub memory_size: u32,
    pub timeout: u32,
    pub last_modified: String,
    pub code_sha256: String,
    pub code_size: u64,
    pub revision_id: String,
    #[serde(default)]
    pub versions: BTreeMap<u64, Version>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Alias>,
    /// Keyed by qualifier; the unqualified function's policy is under "".
    #[serde(default)]
    pub policies: BTreeMap<String, Policy>,
    /// Function URLs, keyed like the policies: "" for the function's, else the alias's.
    #[serde(default)]
    pub urls: BTreeMap<String, UrlConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Version {
    pub description: String,
    pub last_modified: String,
    pub code_sha256: String,
    pub revision_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Alias {
    pub function_version: String,
    pub description: String,
    /// Additional version → weight (0.0 to 1.0).
    #[serde(default)]
    pub routing: BTreeMap<String, f64>,
    pub revision_id: String,
}

/// A policy; with no statements it does not exist for GetPolicy, but keeps its last revision.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Policy {
    pub statements: Vec<Value>,
    pub revision_id: String,
    /// The document's own `Version` and `Id` when it was written whole (PutResourcePolicy);
    /// `None` for one AddPermission built, which Lambda writes as `2012-10-17` / `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<WrittenHeader>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct WrittenHeader {
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Policy {
    /// The document as GetPolicy and GetResourcePolicy return it: compact JSON.
    pub fn json(&self) -> String {
        match &self.written {
            None => crate::policy::policy_json(&self.statements),
            Some(header) => crate::policy::statement::document_json(
                &header.version,
                header.id.as_deref(),
                &self.statements,
            ),
        }
    }

    /// The policy with `statement` (Sid `sid`) added under `revision`, as AddPermission and
    /// AddLayerVersionPermission add it: refused when the Sid is taken (ResourceConflict) or
    /// the policy would pass Lambda's size limit (PolicyLengthExceeded). Nothing is changed.
    pub fn with_statement(
        &self,
        sid: &str,
        statement: Value,
        revision: String,
    ) -> Result<Policy, AwsError> {
        if self.statements.iter().any(|s| s["Sid"] == sid) {
            return Err(AwsError::new(
                ErrorType::ResourceConflict,
                messages::duplicate_sid(sid),
            ));
        }
        let mut updated = self.clone();
        updated.statements.push(statement);
        updated.revision_id = revision;
        let size = updated.json().len();
        if size > crate::policy::MAX_POLICY_BYTES {
            return Err(AwsError::new(
                ErrorType::PolicyLengthExceeded,
                messages::policy_too_large(size, crate::policy::MAX_POLICY_BYTES),
            ));
        }
        Ok(updated)
    }
}

impl Account {
    /// The account id and region are what AWS allows: they end up in ARNs, URLs and output.
    pub fn check_identity(&self) -> Result<(), String> {
        if !crate::policy::account_id::is_account_id(&self.account_id) {
            return Err(format!(
                "account_id {:?} is not 12 digits",
                crate::printable::line(&self.account_id)
            ));
        }
        if !crate::policy::function_ref::is_region(&self.region) {
            return Err(format!(
                "region {:?} is not an AWS region",
                crate::printable::line(&self.region)
            ));
        }
        Ok(())
    }

    pub fn partition(&self) -> &'static str {
        crate::policy::function_ref::partition_of_region(&self.region)
    }

    pub fn function_arn(&self, name: &str, qualifier: Option<&str>) -> String {
        crate::policy::AccountContext::new(self.account_id.clone(), self.region.clone())
            .function_arn(name, qualifier)
    }
}

/// The RevisionId guard of every policy write: the policy's own revision, or on a resource
/// with no statements, the resource's own (as a first AddPermission may name it).
pub(super) fn check_revision(
    policy: &Policy,
    resource_revision: &str,
    given: Option<&str>,
) -> Result<(), AwsError> {
    let Some(given) = given else {
        return Ok(());
    };
    let matches = (!policy.revision_id.is_empty() && given == policy.revision_id)
        || (policy.statements.is_empty() && given == resource_revision);
    if matches {
        Ok(())
    } else {
        Err(AwsError::new(
            ErrorType::PreconditionFailed,
            messages::REVISION_MISMATCH,
        ))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LayerVersion {
    pub description: String,
    pub created_date: String,
    #[serde(default)]
    pub compatible_runtimes: Vec<String>,
    #[serde(default)]
    pub compatible_architectures: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_info: Option<String>,
    pub code_sha256: String,
    pub code_size: u64,
    #[serde(default)]
    pub policy: Policy,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Layer {
    pub versions: BTreeMap<u64, LayerVersion>,
    /// The last version number given out: numbers are never reused, even after a delete.
    pub last_version: u64,
}

/// A function's or an alias's URL, as kept in the account (and the state file).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UrlConfig {
    /// The host's first label: 32 lowercase letters and digits.
    pub url_id: String,
    pub auth_type: String,
    /// As given (an object of the CORS members), when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<Value>,
    /// As given, when it was; `BUFFERED` is shown otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoke_mode: Option<String>,
    pub creation_time: String,
    pub last_modified_time: String,
}
