//! The data the emulator starts from: a fixture (the demo account by default) and, for scale
//! work, any number of synthetic functions.

use super::account::{Account, Alias, Function, Policy, Version};
use super::resource_policy::PutResourcePolicyIn;
use crate::policy::{PermissionRequest, statement_for};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

pub const DEMO_FIXTURE: &str = include_str!("../../assets/demo-fixture.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFile {
    account_id: String,
    region: String,
    functions: Vec<FixtureFunction>,
    /// The account's public-access block (`serve --block-public-policies` turns it on too).
    #[serde(default)]
    block_public_policies: bool,
    #[serde(default)]
    layers: Vec<FixtureLayer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureLayer {
    name: String,
    versions: Vec<FixtureLayerVersion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureLayerVersion {
    #[serde(default)]
    description: String,
    created: String,
    #[serde(default)]
    runtimes: Vec<String>,
    #[serde(default)]
    architectures: Vec<String>,
    #[serde(default)]
    license: Option<String>,
    /// The AddLayerVersionPermission requests that built its policy.
    #[serde(default)]
    policy: Vec<crate::policy::LayerPermissionRequest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFunction {
    name: String,
    runtime: String,
    #[serde(default = "default_handler")]
    handler: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_memory")]
    memory_size: u32,
    #[serde(default = "default_timeout")]
    timeout: u32,
    last_modified: String,
    #[serde(default)]
    versions: Vec<FixtureVersion>,
    #[serde(default)]
    aliases: Vec<FixtureAlias>,
    /// Qualifier ("" for the function itself) → the AddPermission requests that built it.
    #[serde(default)]
    policies: BTreeMap<String, Vec<PermissionRequest>>,
    /// Qualifier ("" for the function itself) → a whole document written with
    /// PutResourcePolicy, after the AddPermission requests of `policies`.
    #[serde(default)]
    resource_policies: BTreeMap<String, Value>,
    /// "" for the function itself, or an alias → its function URL.
    #[serde(default)]
    urls: BTreeMap<String, FixtureUrl>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureUrl {
    auth_type: String,
    #[serde(default)]
    invoke_mode: Option<String>,
    created: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureVersion {
    #[serde(default)]
    description: String,
    last_modified: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureAlias {
    name: String,
    version: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    routing: BTreeMap<String, f64>,
}

fn default_handler() -> String {
    "index.handler".into()
}
/// Lambda's default memory size, in MB.
fn default_memory() -> u32 {
    128
}
fn default_timeout() -> u32 {
    3
}

/// The namespace of the fixtures' name-based ids.
const FIXTURE_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6c62272e_07bb_0142_62b8_21756295c58d);

/// A revision id that is stable for the same input (a name-based UUID), so fixtures load the
/// same every time.
fn revision(seed: &str) -> String {
    uuid::Uuid::new_v5(&FIXTURE_NAMESPACE, seed.as_bytes()).to_string()
}

fn sha(seed: &str) -> String {
    use base64::Engine;
    let bytes: Vec<u8> = revision(seed)
        .bytes()
        .chain(revision(&format!("{seed}/2")).bytes())
        .take(32)
        .collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Publishes a fixture's layer version by version, then grants each version's policy through
/// AddLayerVersionPermission: every request is checked as Lambda would check it.
fn load_layer(account: &mut Account, layer: FixtureLayer) -> Result<(), FixtureError> {
    use super::layers::PublishIn;
    let name = layer.name;
    for (index, version) in layer.versions.into_iter().enumerate() {
        let number = index as i64 + 1;
        let seed = format!("layer:{name}:{number}");
        let input = PublishIn {
            description: Some(version.description),
            content: Some(serde_json::json!({"S3Bucket": "demo-layers", "S3Key": seed})),
            compatible_runtimes: Some(version.runtimes),
            compatible_architectures: Some(version.architectures),
            license_info: version.license,
        };
        account
            .publish_layer_version(
                &name,
                input,
                version.created,
                revision(&format!("{seed}/policy")),
            )
            .map_err(|e| FixtureError::Invalid(format!("layer {name}: {}", e.message)))?;
        for (grant, mut request) in version.policy.into_iter().enumerate() {
            request.layer_name = Some(name.clone());
            request.version_number = Some(number);
            if let Some(issue) = request.validate().first() {
                return Err(FixtureError::Invalid(format!("policy of {seed}: {issue}")));
            }
            account
                .add_layer_version_permission(request, revision(&format!("{seed}/policy/{grant}")))
                .map_err(|e| FixtureError::Invalid(format!("policy of {seed}: {}", e.message)))?;
        }
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("fixture is not valid JSON of the expected shape: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("fixture: {0}")]
    Invalid(String),
}

/// Builds the account a fixture describes, checking every policy request with `src/policy/`.
pub fn load_fixture(text: &str) -> Result<Account, FixtureError> {
    let file: FixtureFile = serde_json::from_str(text)?;
    let mut account = Account {
        account_id: file.account_id,
        region: file.region,
        functions: BTreeMap::new(),
        layers: BTreeMap::new(),
        block_public_policies: file.block_public_policies,
        code_storage_limit: None,
    };
    account.check_identity().map_err(FixtureError::Invalid)?;
    for f in file.functions {
        let name = f.name.clone();
        if crate::policy::FunctionRef::parse(&name)
            .map(|r| !r.is_bare())
            .unwrap_or(true)
            || name.len() > crate::policy::function_ref::MAX_BARE_NAME
        {
            return Err(FixtureError::Invalid(format!(
                "'{name}' is not a valid function name"
            )));
        }
        let mut function = Function {
            name: name.clone(),
            runtime: f.runtime,
            handler: f.handler,
            description: f.description,
            memory_size: f.memory_size,
            timeout: f.timeout,
            last_modified: f.last_modified,
            code_sha256: sha(&name),
            code_size: 1024 + name.len() as u64 * 97,
            revision_id: revision(&format!("{name}/config")),
            versions: BTreeMap::new(),
            aliases: BTreeMap::new(),
            policies: BTreeMap::new(),
            urls: BTreeMap::new(),
        };
        for (i, v) in f.versions.into_iter().enumerate() {
            let number = i as u64 + 1;
            function.versions.insert(
                number,
                Version {
                    description: v.description,
                    last_modified: v.last_modified,
                    code_sha256: sha(&format!("{name}:{number}")),
                    revision_id: revision(&format!("{name}:{number}/config")),
                },
            );
        }
        for a in f.aliases {
            let target: u64 = a.version.parse().map_err(|_| {
                FixtureError::Invalid(format!(
                    "alias {name}:{} targets '{}', not a version number",
                    a.name, a.version
                ))
            })?;
            if !function.versions.contains_key(&target) {
                return Err(FixtureError::Invalid(format!(
                    "alias {name}:{} targets missing version {target}",
                    a.name
                )));
            }
            let revision_id = revision(&format!("{name}:{}/alias", a.name));
            function.aliases.insert(
                a.name,
                Alias {
                    function_version: a.version,
                    description: a.description,
                    routing: a.routing,
                    revision_id,
                },
            );
        }
        for (qualifier, requests) in f.policies {
            let q = (!qualifier.is_empty()).then_some(qualifier.as_str());
            if let Some(q) = q
                && !function.aliases.contains_key(q)
                && !q
                    .parse::<u64>()
                    .is_ok_and(|n| function.versions.contains_key(&n))
            {
                return Err(FixtureError::Invalid(format!(
                    "policy for {name}:{q}, which does not exist"
                )));
            }
            let resource = account.function_arn(&name, q);
            let mut statements = Vec::new();
            for mut request in requests {
                request.function_name = Some(name.clone());
                request.qualifier = q.map(str::to_string);
                if let Some(issue) = request.validate().first() {
                    return Err(FixtureError::Invalid(format!(
                        "policy of {resource}: {issue}"
                    )));
                }
                statements.push(statement_for(&request, &resource));
            }
            let revision_id = revision(&format!("{resource}/policy"));
            function.policies.insert(
                qualifier,
                Policy {
                    statements,
                    revision_id,
                    written: None,
                },
            );
        }
        account.functions.insert(name.clone(), function);
        for (qualifier, document) in f.resource_policies {
            let q = (!qualifier.is_empty()).then_some(qualifier.as_str());
            let resource = account.function_arn(&name, q);
            let input = PutResourcePolicyIn {
                policy: Some(document.to_string()),
                revision_id: None,
            };
            account
                .put_resource_policy(&resource, input, revision(&format!("{resource}/policy")))
                .map_err(|e| FixtureError::Invalid(format!("policy of {resource}: {e}")))?;
        }
        for (qualifier, url) in f.urls {
            let body =
                serde_json::json!({"AuthType": url.auth_type, "InvokeMode": url.invoke_mode});
            let created = time::OffsetDateTime::parse(
                &url.created,
                &time::format_description::well_known::Rfc3339,
            )
            .map_err(|e| FixtureError::Invalid(format!("URL of {name}: created {e}")))?;
            let q = (!qualifier.is_empty()).then_some(qualifier.as_str());
            let id = revision(&format!("{name}:{qualifier}/url")).replace('-', "");
            account
                .create_url_config(&name, q, body.to_string().as_bytes(), id, created)
                .map_err(|e| FixtureError::Invalid(format!("URL of {name}: {}", e.message)))?;
        }
    }
    for layer in file.layers {
        load_layer(&mut account, layer)?;
    }
    Ok(account)
}

const RUNTIMES: [&str; 6] = [
    "python3.12",
    "nodejs22.x",
    "java21",
    "provided.al2023",
    "python3.13",
    "nodejs20.x",
];

/// Adds `count` synthetic functions (`fn-00001` …), every tenth with a policy, for scale work.
/// A function of that name that is already there (reloaded from a state file) is kept as it is.
/// Returns how many were added.
pub fn add_synthetic_functions(account: &mut Account, count: usize) -> usize {
    let width = count.to_string().len().max(5);
    let mut added = 0;
    for i in 1..=count {
        let name = format!("fn-{i:0width$}");
        if account.functions.contains_key(&name) {
            continue;
        }
        added += 1;
        let mut policies = BTreeMap::new();
        if i % 10 == 0 {
            let request = PermissionRequest {
                statement_id: Some("sns-invoke".into()),
                action: Some("lambda:InvokeFunction".into()),
                principal: Some("sns.amazonaws.com".into()),
                source_arn: Some(format!(
                    "arn:aws:sns:{}:{}:topic-{i}",
                    account.region, account.account_id
                )),
                ..Default::default()
            };
            let statement = statement_for(&request, &account.function_arn(&name, None));
            policies.insert(
                String::new(),
                Policy {
                    statements: vec![statement],
                    revision_id: revision(&name),
                    written: None,
                },
            );
        }
        let function = Function {
            name: name.clone(),
            runtime: RUNTIMES[i % RUNTIMES.len()].into(),
            handler: default_handler(),
            description: format!("synthetic function {i}"),
            memory_size: default_memory(),
            timeout: 3,
            last_modified: "2026-01-01T00:00:00.000+0000".into(),
            code_sha256: sha(&name),
            code_size: 2048,
            revision_id: revision(&format!("{name}/config")),
            versions: BTreeMap::new(),
            aliases: BTreeMap::new(),
            policies,
            urls: BTreeMap::new(),
        };
        account.functions.insert(name, function);
    }
    added
}
