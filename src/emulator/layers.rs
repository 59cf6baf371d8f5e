//! Layers and their versions, each version with its own policy: ListLayers, ListLayerVersions,
//! GetLayerVersion (and by ARN), PublishLayerVersion, DeleteLayerVersion, and
//! AddLayerVersionPermission / GetLayerVersionPolicy / RemoveLayerVersionPermission, as the model
//! has them under `/2018-10-31/layers`. What is inferred rather than recorded from AWS is
//! written in docs/LAYERS.md, and chosen here only.

use super::account::{Account, LayerVersion, Policy, check_revision};
use super::listing::{AWS_PAGE_CAP, max_items_up_to, page};
use crate::policy::aws_error::messages;
use crate::policy::layer::{LayerPermissionRequest, layer_statement_for, layer_version_arn};
use crate::policy::validation_error::{Violation, constraint};
use crate::policy::{Arn, AwsError, ErrorType, patterns, policy_json};
use serde::Deserialize;
use serde_json::{Value, json};

pub const ARCHITECTURES: [&str; 2] = ["x86_64", "arm64"];

/// What PublishLayerVersion takes (the content is summed, not kept).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublishIn {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: Option<Value>,
    #[serde(default)]
    pub compatible_runtimes: Option<Vec<String>>,
    #[serde(default)]
    pub compatible_architectures: Option<Vec<String>>,
    #[serde(default)]
    pub license_info: Option<String>,
}

/// The filters of ListLayers and ListLayerVersions.
#[derive(Debug, Default, Clone, Copy)]
pub struct LayerFilter<'q> {
    pub runtime: Option<&'q str>,
    pub architecture: Option<&'q str>,
}

impl LayerFilter<'_> {
    fn admits(&self, version: &LayerVersion) -> bool {
        self.runtime
            .is_none_or(|r| version.compatible_runtimes.iter().any(|v| v == r))
            && self
                .architecture
                .is_none_or(|a| version.compatible_architectures.iter().any(|v| v == a))
    }

    fn check(&self) -> Result<(), AwsError> {
        if let Some(arch) = self.architecture
            && !ARCHITECTURES.contains(&arch)
        {
            return Err(AwsError::validation(&[Violation::new(
                "compatibleArchitecture",
                Some(arch),
                constraint::one_of(&ARCHITECTURES),
            )]));
        }
        Ok(())
    }
}

/// PublishLayerVersion's members as the model bounds them (botocore's lambda 2015-03-31 model).
pub const MAX_LAYER_DESCRIPTION: usize = 256;
pub const MAX_LICENSE_INFO: usize = 512;
pub const MAX_COMPATIBLE_RUNTIMES: usize = 15;
pub const MAX_COMPATIBLE_ARCHITECTURES: usize = 2;
/// The model's Runtime enum.
pub const RUNTIMES: [&str; 52] = [
    "nodejs",
    "nodejs4.3",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "nodejs18.x",
    "nodejs20.x",
    "nodejs22.x",
    "nodejs24.x",
    "java8",
    "java8.al2",
    "java11",
    "java17",
    "java21",
    "java25",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet6",
    "dotnet8",
    "dotnet10",
    "nodejs4.3-edge",
    "go1.x",
    "ruby2.5",
    "ruby2.7",
    "ruby3.2",
    "ruby3.3",
    "ruby3.4",
    "ruby4.0",
    "provided",
    "provided.al2",
    "provided.al2023",
    "nodejs26.x",
    "python3.15",
    "java8.al2023",
    "java11.al2023",
    "java17.al2023",
    "custom",
];
/// Lambda's default quota of code storage per account and region: 75 GB.
pub const DEFAULT_CODE_STORAGE_BYTES: u64 = 75 * 1000 * 1000 * 1000;

/// Every constraint of the model that `input` breaks, as one ValidationException lists them.
fn publish_violations(input: &PublishIn) -> Vec<Violation> {
    let mut violations = Vec::new();
    let mut too_long = |member: &str, value: Option<&String>, max: usize| {
        if let Some(value) = value.filter(|v| v.chars().count() > max) {
            violations.push(Violation::new(
                member,
                Some(value),
                constraint::max_length(max),
            ));
        }
    };
    too_long(
        "description",
        input.description.as_ref(),
        MAX_LAYER_DESCRIPTION,
    );
    too_long("licenseInfo", input.license_info.as_ref(), MAX_LICENSE_INFO);
    let runtimes = input.compatible_runtimes.as_deref().unwrap_or_default();
    if runtimes.len() > MAX_COMPATIBLE_RUNTIMES {
        violations.push(Violation::new(
            "compatibleRuntimes",
            None,
            constraint::max_length(MAX_COMPATIBLE_RUNTIMES),
        ));
    }
    for runtime in runtimes.iter().filter(|r| !RUNTIMES.contains(&r.as_str())) {
        violations.push(Violation::new(
            "compatibleRuntimes",
            Some(runtime),
            constraint::one_of(&RUNTIMES),
        ));
    }
    let architectures = input
        .compatible_architectures
        .as_deref()
        .unwrap_or_default();
    if architectures.len() > MAX_COMPATIBLE_ARCHITECTURES {
        violations.push(Violation::new(
            "compatibleArchitectures",
            None,
            constraint::max_length(MAX_COMPATIBLE_ARCHITECTURES),
        ));
    }
    violations
}

fn no_such_version(arn: &str) -> AwsError {
    AwsError::new(
        ErrorType::ResourceNotFound,
        messages::no_such_layer_version(arn),
    )
}

impl Account {
    /// The layer a `LayerName` member names (a name or a layer ARN of this account and region).
    fn layer_name(&self, name_or_arn: &str) -> Result<String, AwsError> {
        if name_or_arn.chars().count() > 2048
            || !patterns::LAYER_NAME_OR_ARN_RE.is_match(name_or_arn)
        {
            return Err(AwsError::validation(&[Violation::new(
                "layerName",
                Some(name_or_arn),
                constraint::pattern(patterns::LAYER_NAME_OR_ARN),
            )]));
        }
        let Some(arn) = Arn::parse(name_or_arn) else {
            return Ok(name_or_arn.to_string());
        };
        let name = arn.resource.trim_start_matches("layer:").to_string();
        if arn.account != self.account_id || arn.region != self.region {
            return Err(AwsError::new(
                ErrorType::ResourceNotFound,
                messages::NO_SUCH_RESOURCE,
            ));
        }
        Ok(name)
    }

    pub fn layer_arn(&self, name: &str) -> String {
        Arn {
            partition: self.partition().into(),
            service: "lambda".into(),
            region: self.region.clone(),
            account: self.account_id.clone(),
            resource: format!("layer:{name}"),
        }
        .to_string()
    }

    pub fn layer_version_arn(&self, name: &str, version: u64) -> String {
        layer_version_arn(
            self.partition(),
            &self.region,
            &self.account_id,
            name,
            version,
        )
    }

    fn layer_version(&self, name: &str, version: i64) -> Result<&LayerVersion, AwsError> {
        u64::try_from(version)
            .ok()
            .and_then(|v| self.layers.get(name)?.versions.get(&v))
            .ok_or_else(|| no_such_version(&self.layer_version_arn(name, version.max(0) as u64)))
    }

    fn layer_version_mut(
        &mut self,
        name: &str,
        version: i64,
    ) -> Result<&mut LayerVersion, AwsError> {
        let arn = self.layer_version_arn(name, version.max(0) as u64);
        u64::try_from(version)
            .ok()
            .and_then(|v| self.layers.get_mut(name)?.versions.get_mut(&v))
            .ok_or_else(|| no_such_version(&arn))
    }

    /// A `LayerVersionsListItem`.
    fn version_item(&self, name: &str, number: u64, version: &LayerVersion) -> Value {
        let mut item = json!({
            "LayerVersionArn": self.layer_version_arn(name, number),
            "Version": number,
            "Description": version.description,
            "CreatedDate": version.created_date,
            "CompatibleRuntimes": version.compatible_runtimes,
            "CompatibleArchitectures": version.compatible_architectures,
        });
        if let Some(license) = &version.license_info {
            item["LicenseInfo"] = license.clone().into();
        }
        item
    }

    pub fn list_layers(
        &self,
        filter: LayerFilter,
        marker: Option<&str>,
        max_items: Option<&str>,
    ) -> Result<Value, AwsError> {
        filter.check()?;
        let max = max_items_up_to(max_items, AWS_PAGE_CAP)?;
        let layers: Vec<Value> = self
            .layers
            .iter()
            .filter_map(|(name, layer)| {
                let (number, version) = layer
                    .versions
                    .iter()
                    .rev()
                    .find(|(_, v)| filter.admits(v))?;
                Some(json!({
                    "LayerName": name,
                    "LayerArn": self.layer_arn(name),
                    "LatestMatchingVersion": self.version_item(name, *number, version),
                }))
            })
            .collect();
        let (items, next) = page(layers, marker, max, Some(AWS_PAGE_CAP))?;
        let mut out = json!({ "Layers": items });
        if let Some(next) = next {
            out["NextMarker"] = next.into();
        }
        Ok(out)
    }

    /// The versions of a layer, newest first; a layer that does not exist has none.
    pub fn list_layer_versions(
        &self,
        name_or_arn: &str,
        filter: LayerFilter,
        marker: Option<&str>,
        max_items: Option<&str>,
    ) -> Result<Value, AwsError> {
        filter.check()?;
        let name = self.layer_name(name_or_arn)?;
        let max = max_items_up_to(max_items, AWS_PAGE_CAP)?;
        let versions: Vec<Value> = self
            .layers
            .get(&name)
            .map(|layer| {
                layer
                    .versions
                    .iter()
                    .rev()
                    .filter(|(_, v)| filter.admits(v))
                    .map(|(n, v)| self.version_item(&name, *n, v))
                    .collect()
            })
            .unwrap_or_default();
        let (items, next) = page(versions, marker, max, Some(AWS_PAGE_CAP))?;
        let mut out = json!({ "LayerVersions": items });
        if let Some(next) = next {
            out["NextMarker"] = next.into();
        }
        Ok(out)
    }

    /// GetLayerVersion's answer (PublishLayerVersion's too).
    fn version_answer(&self, name: &str, number: u64, version: &LayerVersion) -> Value {
        let mut out = self.version_item(name, number, version);
        out["LayerArn"] = self.layer_arn(name).into();
        out["Content"] = json!({
            "Location": format!(
                "https://awslambda-{}-layers.s3.{}.amazonaws.com/snapshots/{}/{name}-{number}",
                self.region, self.region, self.account_id
            ),
            "CodeSha256": version.code_sha256,
            "CodeSize": version.code_size,
        });
        out
    }

    pub fn get_layer_version(&self, name_or_arn: &str, version: i64) -> Result<Value, AwsError> {
        let name = self.layer_name(name_or_arn)?;
        let found = self.layer_version(&name, version)?;
        Ok(self.version_answer(&name, version as u64, found))
    }

    pub fn get_layer_version_by_arn(&self, arn: &str) -> Result<Value, AwsError> {
        if !patterns::LAYER_VERSION_ARN_RE.is_match(arn) {
            return Err(AwsError::validation(&[Violation::new(
                "arn",
                Some(arn),
                constraint::pattern(patterns::LAYER_VERSION_ARN),
            )]));
        }
        let (layer, version) = arn.rsplit_once(':').expect("the pattern has a version");
        let version: i64 = version.parse().map_err(|_| no_such_version(arn))?;
        self.get_layer_version(layer, version)
    }

    pub fn publish_layer_version(
        &mut self,
        name_or_arn: &str,
        input: PublishIn,
        created_date: String,
        new_revision: String,
    ) -> Result<Value, AwsError> {
        let name = self.layer_name(name_or_arn)?;
        let violations = publish_violations(&input);
        if !violations.is_empty() {
            return Err(AwsError::validation(&violations));
        }
        let Some(content) = input.content.filter(Value::is_object) else {
            return Err(AwsError::validation(&[Violation::new(
                "content",
                None,
                constraint::not_null(),
            )]));
        };
        let bytes = content_bytes(&content)?;
        let limit = self
            .code_storage_limit
            .unwrap_or(DEFAULT_CODE_STORAGE_BYTES);
        if self.code_storage().saturating_add(bytes.len() as u64) > limit {
            return Err(AwsError::new(
                ErrorType::CodeStorageExceeded,
                messages::CODE_STORAGE_EXCEEDED,
            ));
        }
        for arch in input.compatible_architectures.iter().flatten() {
            LayerFilter {
                runtime: None,
                architecture: Some(arch),
            }
            .check()?;
        }
        let version = LayerVersion {
            description: input.description.unwrap_or_default(),
            created_date,
            compatible_runtimes: input.compatible_runtimes.unwrap_or_default(),
            compatible_architectures: input.compatible_architectures.unwrap_or_default(),
            license_info: input.license_info,
            code_sha256: sha256_base64(&bytes),
            code_size: bytes.len() as u64,
            policy: Policy {
                revision_id: new_revision,
                ..Policy::default()
            },
        };
        let layer = self.layers.entry(name.clone()).or_default();
        layer.last_version += 1;
        let number = layer.last_version;
        layer.versions.insert(number, version.clone());
        Ok(self.version_answer(&name, number, &version))
    }

    /// The code the account stores: every function's and every layer version's.
    pub fn code_storage(&self) -> u64 {
        let functions = self.functions.values().map(|f| f.code_size);
        let layers = self
            .layers
            .values()
            .flat_map(|l| l.versions.values().map(|v| v.code_size));
        functions.chain(layers).fold(0, u64::saturating_add)
    }

    /// Deleting a version that is not there succeeds too, as deleting twice would.
    pub fn delete_layer_version(
        &mut self,
        name_or_arn: &str,
        version: i64,
    ) -> Result<(), AwsError> {
        let name = self.layer_name(name_or_arn)?;
        if let (Some(layer), Ok(version)) = (self.layers.get_mut(&name), u64::try_from(version)) {
            layer.versions.remove(&version);
        }
        Ok(())
    }

    pub fn add_layer_version_permission(
        &mut self,
        mut request: LayerPermissionRequest,
        new_revision: String,
    ) -> Result<Value, AwsError> {
        let name = self.layer_name(request.layer_name.as_deref().unwrap_or_default())?;
        request.layer_name = Some(name.clone());
        // The model's constraints are checked before anything is looked up; our own checks
        // (Local) are not Lambda's and are left to it.
        if let Some(error) = AwsError::for_issues(&request.validate()) {
            return Err(error);
        }
        let number = request.version_number.unwrap_or_default();
        let arn = self.layer_version_arn(&name, number.max(0) as u64);
        let version = self.layer_version(&name, number)?;
        check_revision(
            &version.policy,
            &version.policy.revision_id,
            request.revision_id.as_deref(),
        )?;
        let sid = request.statement_id.clone().unwrap_or_default();
        let statement = layer_statement_for(&request, &arn);
        let updated =
            version
                .policy
                .with_statement(&sid, statement.clone(), new_revision.clone())?;
        self.layer_version_mut(&name, number)?.policy = updated;
        Ok(json!({"Statement": statement.to_string(), "RevisionId": new_revision}))
    }

    pub fn get_layer_version_policy(
        &self,
        name_or_arn: &str,
        version: i64,
    ) -> Result<Value, AwsError> {
        let name = self.layer_name(name_or_arn)?;
        let found = self.layer_version(&name, version)?;
        if found.policy.statements.is_empty() {
            return Err(AwsError::new(
                ErrorType::ResourceNotFound,
                messages::NO_SUCH_RESOURCE,
            ));
        }
        Ok(json!({
            "Policy": policy_json(&found.policy.statements),
            "RevisionId": found.policy.revision_id,
        }))
    }

    pub fn remove_layer_version_permission(
        &mut self,
        name_or_arn: &str,
        version: i64,
        sid: &str,
        revision_id: Option<&str>,
        new_revision: String,
    ) -> Result<(), AwsError> {
        let name = self.layer_name(name_or_arn)?;
        if let Some(issue) =
            crate::policy::validate::member_issue(crate::policy::Field::StatementId, sid)
        {
            return Err(AwsError::for_issues(&[issue]).expect("a model constraint has a wire form"));
        }
        let found = self.layer_version_mut(&name, version)?;
        check_revision(&found.policy, &found.policy.revision_id, revision_id)?;
        let before = found.policy.statements.len();
        found.policy.statements.retain(|s| s["Sid"] != sid);
        if found.policy.statements.len() == before {
            return Err(AwsError::new(
                ErrorType::ResourceNotFound,
                messages::statement_not_found(sid),
            ));
        }
        found.policy.revision_id = new_revision;
        Ok(())
    }
}

/// The bytes of a layer's content: the zip itself, or where it is in S3 (which is not read).
fn content_bytes(content: &Value) -> Result<Vec<u8>, AwsError> {
    use base64::Engine;
    if let Some(zip) = content["ZipFile"].as_str() {
        return base64::engine::general_purpose::STANDARD
            .decode(zip)
            .map_err(|_| AwsError::new(ErrorType::InvalidParameterValue, messages::UNZIP_FAILED));
    }
    match (content["S3Bucket"].as_str(), content["S3Key"].as_str()) {
        (Some(bucket), Some(key)) => Ok(format!("s3://{bucket}/{key}").into_bytes()),
        _ => Err(AwsError::new(
            ErrorType::InvalidParameterValue,
            messages::NO_LAYER_CONTENT,
        )),
    }
}

fn sha256_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(bytes))
}
