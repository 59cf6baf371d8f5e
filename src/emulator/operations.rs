//! The Lambda operations on an [`Account`], as plain functions: no HTTP here. Each returns
//! the response body or the AWS error, with the texts real AWS uses.

use super::account::{Account, Function, Policy, check_revision};
use super::configuration::{
    ConfigurationOut, EphemeralStorage, ListFunctionsOut, LoggingConfig, Mode, SnapStart,
};
use super::listing::{AWS_PAGE_CAP, page, page_of};
use crate::policy::aws_error::messages;
use crate::policy::function_ref::MAX_QUALIFIER;
use crate::policy::validate::{member_issue, remove_statement_id_issue};
use crate::policy::validation_error::{Violation, constraint};
use crate::policy::{
    Arn, AwsError, ErrorType, Field, FieldIssue, FunctionRef, IssueKind, PermissionRequest,
    QualifierKind, patterns, statement_for,
};
use serde_json::{Map, Value, json};

/// Which operation asks: they word "not found" differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    GetFunction,
    GetPolicy,
    AddPermission,
    RemovePermission,
    ListVersions,
    ListAliases,
}

/// A function, and the qualifier a request means (`None`: the function itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub qualifier: Option<String>,
}

fn not_found(message: impl Into<String>) -> AwsError {
    AwsError::new(ErrorType::ResourceNotFound, message)
}

/// The model's checks on a path's FunctionName and a Qualifier query value.
fn check_name_and_qualifier(name: &str, qualifier: Option<&str>) -> Result<FunctionRef, AwsError> {
    let mut issues: Vec<FieldIssue> = Vec::new();
    let parsed = FunctionRef::parse(name).map_err(|i| issues.push(i)).ok();
    if let Some(issue) = qualifier.and_then(|q| member_issue(Field::Qualifier, q)) {
        issues.push(issue);
    }
    issues.sort_by_key(|i| std::cmp::Reverse(i.field));
    if let Some(error) = AwsError::for_issues(&issues) {
        return Err(error);
    }
    parsed.ok_or_else(|| AwsError::new(ErrorType::Validation, messages::INVALID_FUNCTION_NAME))
}

impl Account {
    /// Resolves a path name and Qualifier to a function and qualifier that exist.
    pub fn resolve(
        &self,
        name: &str,
        qualifier: Option<&str>,
        op: Operation,
    ) -> Result<Target, AwsError> {
        let reference = check_name_and_qualifier(name, qualifier)?;
        if let Some(region) = &reference.region
            && region != &self.region
        {
            return Err(not_found(format!(
                "Functions from '{region}' are not reachable in this region ('{}')",
                self.region
            )));
        }
        let qualifier =
            reference
                .effective_qualifier(qualifier)
                .map_err(|issue| match issue.kind {
                    IssueKind::InvalidParameter { aws_message } => {
                        AwsError::new(ErrorType::InvalidParameterValue, aws_message)
                    }
                    _ => AwsError::new(ErrorType::InvalidParameterValue, issue.message),
                })?;
        let arn_account = reference.account.as_deref().unwrap_or(&self.account_id);
        let arn = |q: Option<&str>| {
            Arn::lambda_function(
                self.partition(),
                &self.region,
                arn_account,
                &reference.name,
                q,
            )
            .to_string()
        };
        let function = self
            .functions
            .get(&reference.name)
            .filter(|_| arn_account == self.account_id);
        let Some(function) = function else {
            return Err(match op {
                Operation::GetPolicy => not_found(messages::NO_SUCH_RESOURCE),
                Operation::RemovePermission => not_found(messages::no_policy_found_for(&arn(None))),
                _ => not_found(messages::function_not_found(&arn(qualifier.as_deref()))),
            });
        };
        let qualifier = match qualifier {
            None => None,
            // GetFunction answers `$LATEST` with the `:$LATEST` ARN, as AWS does; the policy
            // operations mean the unqualified function by it.
            Some(q) if q == "$LATEST" && op != Operation::GetFunction => None,
            Some(q) => {
                let exists = match QualifierKind::of(&q) {
                    QualifierKind::Version(n) => function.versions.contains_key(&n),
                    QualifierKind::Alias => function.aliases.contains_key(&q),
                    QualifierKind::Latest => true,
                };
                if !exists {
                    let is_alias = QualifierKind::of(&q) == QualifierKind::Alias
                        && patterns::is_alias_name(&q);
                    return Err(match op {
                        Operation::GetPolicy => not_found(messages::NO_SUCH_RESOURCE),
                        Operation::AddPermission | Operation::RemovePermission if is_alias => {
                            not_found(messages::alias_not_found(&arn(Some(&q))))
                        }
                        _ => not_found(messages::function_not_found(&arn(Some(&q)))),
                    });
                }
                Some(q)
            }
        };
        Ok(Target {
            name: reference.name,
            qualifier,
        })
    }

    fn function(&self, target: &Target) -> &Function {
        &self.functions[&target.name]
    }

    /// FunctionConfiguration for the function, a version, or an alias (as its target version).
    pub fn configuration(&self, target: &Target, listing: bool) -> Value {
        let f = self.function(target);
        let (version, arn_qualifier) = match &target.qualifier {
            None => ("$LATEST".to_string(), None),
            Some(q) => match f.aliases.get(q) {
                Some(alias) => (alias.function_version.clone(), Some(q.clone())),
                None => (q.clone(), Some(q.clone())),
            },
        };
        serde_json::to_value(self.configuration_of(f, &version, arn_qualifier.as_deref(), listing))
            .expect("a configuration serialises")
    }

    fn configuration_of<'a>(
        &self,
        f: &'a Function,
        version: &str,
        arn_qualifier: Option<&str>,
        listing: bool,
    ) -> ConfigurationOut<'a> {
        let record = version.parse::<u64>().ok().and_then(|n| f.versions.get(&n));
        let (description, last_modified, sha, revision) = match record {
            Some(v) => (
                &v.description,
                &v.last_modified,
                &v.code_sha256,
                &v.revision_id,
            ),
            None => (
                &f.description,
                &f.last_modified,
                &f.code_sha256,
                &f.revision_id,
            ),
        };
        ConfigurationOut {
            function_name: &f.name,
            function_arn: self.function_arn(&f.name, arn_qualifier),
            runtime: &f.runtime,
            role: Arn::iam_role(
                self.partition(),
                &self.account_id,
                &format!("{}-role", f.name),
            )
            .to_string(),
            handler: &f.handler,
            code_size: f.code_size,
            description,
            timeout: f.timeout,
            memory_size: f.memory_size,
            last_modified,
            code_sha256: sha,
            version: version.to_string(),
            tracing_config: Mode {
                mode: "PassThrough",
            },
            revision_id: revision,
            state: (!listing).then_some("Active"),
            last_update_status: (!listing).then_some("Successful"),
            package_type: "Zip",
            architectures: ["x86_64"],
            ephemeral_storage: EphemeralStorage { size: 512 },
            snap_start: SnapStart {
                apply_on: "None",
                optimization_status: "Off",
            },
            logging_config: LoggingConfig {
                log_format: "Text",
                log_group: format!("/aws/lambda/{}", f.name),
            },
        }
    }

    pub fn get_function(&self, name: &str, qualifier: Option<&str>) -> Result<Value, AwsError> {
        let target = self.resolve(name, qualifier, Operation::GetFunction)?;
        Ok(json!({
            "Configuration": self.configuration(&target, false),
            "Code": {"RepositoryType": "S3", "Location": format!("https://awslambda-{}-tasks.s3.{}.amazonaws.com/snapshots/{}/{}", self.region, self.region, self.account_id, target.name)},
            "Tags": {},
        }))
    }

    pub fn get_function_configuration(
        &self,
        name: &str,
        qualifier: Option<&str>,
    ) -> Result<Value, AwsError> {
        let target = self.resolve(name, qualifier, Operation::GetFunction)?;
        Ok(self.configuration(&target, false))
    }

    /// ListFunctions; the body is written straight to JSON text.
    pub fn list_functions(
        &self,
        all_versions: bool,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<String, AwsError> {
        let total = self.functions.len()
            + if all_versions {
                self.functions.values().map(|f| f.versions.len()).sum()
            } else {
                0
            };
        let entries = self.functions.values().flat_map(|f| {
            let versions = f
                .versions
                .keys()
                .filter(move |_| all_versions)
                .map(move |n| (f, Some(*n)));
            std::iter::once((f, None)).chain(versions)
        });
        let (entries, next) = page_of(entries, total, marker, max_items, Some(AWS_PAGE_CAP))?;
        let functions = entries
            .into_iter()
            .map(|(f, n)| match n {
                Some(n) => self.configuration_of(f, &n.to_string(), Some(&n.to_string()), true),
                None if all_versions => self.configuration_of(f, "$LATEST", Some("$LATEST"), true),
                None => self.configuration_of(f, "$LATEST", None, true),
            })
            .collect();
        Ok(serde_json::to_string(&ListFunctionsOut {
            functions,
            next_marker: next,
        })
        .expect("a listing serialises"))
    }

    pub fn list_versions(
        &self,
        name: &str,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<Value, AwsError> {
        let target = self.resolve(name, None, Operation::ListVersions)?;
        let f = self.function(&target);
        let mut versions = vec![self.configuration_of(f, "$LATEST", Some("$LATEST"), true)];
        versions.extend(
            f.versions
                .keys()
                .map(|n| self.configuration_of(f, &n.to_string(), Some(&n.to_string()), true)),
        );
        let versions: Vec<Value> = versions
            .into_iter()
            .map(|c| serde_json::to_value(c).expect("a configuration serialises"))
            .collect();
        let (versions, next) = page(versions, marker, max_items, Some(AWS_PAGE_CAP))?;
        Ok(with_marker(json!({"Versions": versions}), next))
    }

    fn alias_configuration(&self, f: &Function, name: &str) -> Value {
        let alias = &f.aliases[name];
        let mut a = Map::new();
        a.insert(
            "AliasArn".into(),
            self.function_arn(&f.name, Some(name)).into(),
        );
        a.insert("Name".into(), name.into());
        a.insert(
            "FunctionVersion".into(),
            alias.function_version.clone().into(),
        );
        a.insert("Description".into(), alias.description.clone().into());
        if !alias.routing.is_empty() {
            a.insert(
                "RoutingConfig".into(),
                json!({"AdditionalVersionWeights": alias.routing}),
            );
        }
        a.insert("RevisionId".into(), alias.revision_id.clone().into());
        Value::Object(a)
    }

    pub fn list_aliases(
        &self,
        name: &str,
        function_version: Option<&str>,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<Value, AwsError> {
        if let Some(v) = function_version
            && !patterns::VERSION_WITH_LATEST_PUBLISHED_RE.is_match(v)
        {
            return Err(AwsError::validation(&[Violation::new(
                "functionVersion",
                Some(v),
                constraint::pattern(patterns::VERSION_WITH_LATEST_PUBLISHED),
            )]));
        }
        let target = self.resolve(name, None, Operation::ListAliases)?;
        let f = self.function(&target);
        let aliases: Vec<Value> = f
            .aliases
            .iter()
            .filter(|(_, a)| {
                function_version
                    .is_none_or(|v| a.function_version == v || a.routing.contains_key(v))
            })
            .map(|(n, _)| self.alias_configuration(f, n))
            .collect();
        let (aliases, next) = page(aliases, marker, max_items, None)?;
        Ok(with_marker(json!({"Aliases": aliases}), next))
    }

    pub fn get_alias(&self, name: &str, alias: &str) -> Result<Value, AwsError> {
        if !patterns::is_alias_name(alias) || alias.len() > MAX_QUALIFIER {
            return Err(AwsError::validation(&[Violation::new(
                "name",
                Some(alias),
                constraint::pattern(patterns::ALIAS),
            )]));
        }
        let target = self.resolve(name, None, Operation::ListAliases)?;
        let f = self.function(&target);
        if !f.aliases.contains_key(alias) {
            return Err(not_found(messages::alias_not_found(
                &self.function_arn(&f.name, Some(alias)),
            )));
        }
        Ok(self.alias_configuration(f, alias))
    }

    fn policy_key(target: &Target) -> String {
        target.qualifier.clone().unwrap_or_default()
    }

    /// The revision a first AddPermission may name when the qualifier has no policy yet: the
    /// function's, version's or alias's own RevisionId (as recorded from AWS).
    pub(super) fn resource_revision(&self, target: &Target) -> &str {
        let f = self.function(target);
        match &target.qualifier {
            None => &f.revision_id,
            Some(q) => match f.aliases.get(q) {
                Some(a) => &a.revision_id,
                None => q
                    .parse()
                    .ok()
                    .and_then(|n: u64| f.versions.get(&n))
                    .map_or(&f.revision_id, |v| &v.revision_id),
            },
        }
    }

    pub fn get_policy(&self, name: &str, qualifier: Option<&str>) -> Result<Value, AwsError> {
        let target = self.resolve(name, qualifier, Operation::GetPolicy)?;
        let policy = self
            .function(&target)
            .policies
            .get(&Self::policy_key(&target));
        match policy {
            Some(p) if !p.statements.is_empty() => {
                Ok(json!({"Policy": p.json(), "RevisionId": p.revision_id}))
            }
            _ => Err(not_found(messages::NO_SUCH_RESOURCE)),
        }
    }

    /// AddPermission: validates through `src/policy/`, then applies AWS's rules in AWS's order.
    pub fn add_permission(
        &mut self,
        mut request: PermissionRequest,
        new_revision: String,
    ) -> Result<Value, AwsError> {
        let issues: Vec<FieldIssue> = request
            .validate()
            .into_iter()
            .filter(|i| i.kind != IssueKind::Local)
            .collect();
        // Problems with the name or qualifier are judged by resolution, which words them as AWS does.
        let body_issues: Vec<FieldIssue> = issues
            .iter()
            .filter(|i| !matches!(i.field, Field::FunctionName | Field::Qualifier))
            .cloned()
            .collect();
        let constraint_issues: Vec<FieldIssue> = issues
            .iter()
            .filter(|i| matches!(i.kind, IssueKind::Constraint { .. }))
            .cloned()
            .collect();
        if let Some(error) = AwsError::for_issues(&constraint_issues) {
            return Err(error);
        }
        let name = request.function_name.clone().unwrap_or_default();
        let target = self.resolve(
            &name,
            request.qualifier.as_deref(),
            Operation::AddPermission,
        );
        if let Some(latest) = issues.iter().find(|i| i.field == Field::Qualifier) {
            return Err(AwsError::for_issues(std::slice::from_ref(latest))
                .expect("a qualifier issue has a wire form"));
        }
        let target = target?;
        if let Some(error) = AwsError::for_issues(&body_issues) {
            return Err(error);
        }
        request.qualifier = target.qualifier.clone();
        let resource = self.function_arn(&target.name, target.qualifier.as_deref());
        let resource_revision = self.resource_revision(&target).to_string();
        let key = Self::policy_key(&target);
        let function = self
            .functions
            .get_mut(&target.name)
            .expect("resolved function exists");
        let empty = Policy::default();
        let policy = function.policies.get(&key).unwrap_or(&empty);
        check_revision(policy, &resource_revision, request.revision_id.as_deref())?;
        let sid = request.statement_id.clone().unwrap_or_default();
        let statement = statement_for(&request, &resource);
        // A document written whole keeps its Version and Id; the statement joins it.
        let updated = policy.with_statement(&sid, statement.clone(), new_revision)?;
        self.refuse_if_public(&updated.statements, &resource)?;
        // Only now, with every check passed, does the account change.
        self.functions
            .get_mut(&target.name)
            .expect("resolved function exists")
            .policies
            .insert(key, updated);
        Ok(json!({"Statement": statement.to_string()}))
    }

    pub fn remove_permission(
        &mut self,
        name: &str,
        sid: &str,
        qualifier: Option<&str>,
        revision_id: Option<&str>,
        new_revision: String,
    ) -> Result<(), AwsError> {
        if let Some(issue) = remove_statement_id_issue(sid) {
            return Err(AwsError::for_issues(&[issue]).expect("a model constraint has a wire form"));
        }
        let target = self.resolve(name, qualifier, Operation::RemovePermission)?;
        let key = Self::policy_key(&target);
        let Some(policy) = self
            .function(&target)
            .policies
            .get(&key)
            .filter(|p| !p.statements.is_empty())
        else {
            return Err(not_found(messages::NO_POLICY_ASSOCIATED));
        };
        check_revision(policy, self.resource_revision(&target), revision_id)?;
        let mut updated = policy.clone();
        updated.statements.retain(|s| s["Sid"] != sid);
        if updated.statements.len() == policy.statements.len() {
            return Err(not_found(messages::statement_not_found(sid)));
        }
        let resource = self.function_arn(&target.name, target.qualifier.as_deref());
        self.refuse_if_public(&updated.statements, &resource)?;
        updated.revision_id = new_revision;
        if updated.statements.is_empty() {
            // The last statement gone, the document is gone with it, header and all.
            updated.written = None;
        }
        self.functions
            .get_mut(&target.name)
            .expect("resolved function exists")
            .policies
            .insert(key, updated);
        Ok(())
    }
}

fn with_marker(mut body: Value, next: Option<String>) -> Value {
    if let Some(marker) = next {
        body["NextMarker"] = marker.into();
    }
    body
}
