//! PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy (API version 2026-07-09) on an
//! [`Account`], with no HTTP. What the model does not say is inferred, and decided here only:
//!
//! - One document per resource (function, version or alias), shared with GetPolicy,
//!   AddPermission and RemovePermission, and one RevisionId per resource that every write
//!   through either API changes.
//! - Put checks the document as `policy::whole_policy` does; the first problem it finds is the
//!   InvalidParameterValueException message, which names the statement and the member, with a
//!   count of the others. Problems that are only suspicious do not refuse it.
//! - Put stores the statements as an array (a single statement object becomes a list of one),
//!   member order as written, and keeps the document's Version and Id; GetPolicy and
//!   GetResourcePolicy both return that compact document.
//! - `RevisionId` guards Put and Delete as it guards AddPermission: on a resource with no
//!   policy yet, the resource's own RevisionId matches.
//! - Delete of a resource with no policy is ResourceNotFoundException.
//! - With the public-access block on (`serve --block-public-policies`), a Put that would make
//!   the resource public is PublicPolicyException.

use super::account::check_revision;
use super::account::{Account, Policy, WrittenHeader};
use super::operations::{Operation, Target};
use crate::policy::aws_error::messages;
use crate::policy::lint::is_public_document;
use crate::policy::patterns::{RESOURCE_ARN_RE, REVISION_ID, REVISION_ID_RE};
use crate::policy::validation_error::{Violation, constraint};
use crate::policy::whole_policy::{ProblemKind, validate_document};
use crate::policy::{Arn, AwsError, ErrorType, MAX_POLICY_BYTES, PolicyDocument, patterns};
use serde_json::{Value, json};

const MAX_RESOURCE_ARN: usize = 512;

/// The body of a PutResourcePolicy request.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutResourcePolicyIn {
    pub policy: Option<String>,
    pub revision_id: Option<String>,
}

impl Account {
    pub fn put_resource_policy(
        &mut self,
        resource_arn: &str,
        input: PutResourcePolicyIn,
        new_revision: String,
    ) -> Result<Value, AwsError> {
        let mut violations = resource_arn_violations(resource_arn);
        match &input.policy {
            None => violations.push(Violation::new("policy", None, constraint::not_null())),
            Some(p) if p.chars().count() > MAX_POLICY_BYTES => violations.push(Violation::new(
                "policy",
                Some(p),
                constraint::max_length(MAX_POLICY_BYTES),
            )),
            Some(p) if p.is_empty() => {
                violations.push(Violation::new("policy", Some(p), constraint::min_length(1)))
            }
            Some(_) => {}
        }
        violations.extend(revision_violation(input.revision_id.as_deref()));
        if !violations.is_empty() {
            return Err(AwsError::validation(&violations));
        }
        let text = input.policy.unwrap_or_default();
        let target = self.resource_target(resource_arn, Operation::AddPermission)?;
        let resource = Arn::parse(&self.function_arn(&target.name, target.qualifier.as_deref()))
            .expect("an ARN the account built");
        // Lambda stores the compact form: that is what the limit counts, in bytes.
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            let size = crate::policy::stored_form(&value).len();
            if size > MAX_POLICY_BYTES {
                return Err(AwsError::new(
                    ErrorType::PolicyLengthExceeded,
                    messages::policy_too_large(size, MAX_POLICY_BYTES),
                ));
            }
        }
        let problems: Vec<_> = validate_document(&text, &resource)
            .into_iter()
            .filter(|p| p.kind == ProblemKind::Invalid)
            .collect();
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                2 => " (and 1 more problem)".to_string(),
                n => format!(" (and {} more problems)", n - 1),
            };
            return Err(AwsError::new(
                ErrorType::InvalidParameterValue,
                messages::invalid_policy(format!("{}{more}", first.message)),
            ));
        }
        let document = PolicyDocument::parse(&text).map_err(|e| {
            AwsError::new(
                ErrorType::InvalidParameterValue,
                messages::invalid_policy(e),
            )
        })?;
        self.check_revision(&target, input.revision_id.as_deref())?;
        let statements: Vec<Value> = document.statements.iter().map(|s| s.raw.clone()).collect();
        self.refuse_if_public(&statements, &resource.to_string())?;
        let policy = Policy {
            statements,
            revision_id: new_revision,
            written: Some(WrittenHeader {
                version: document.version.clone().unwrap_or_default(),
                id: document.id.clone(),
            }),
        };
        let body = json!({"Policy": policy.json(), "RevisionId": policy.revision_id});
        let key = target.qualifier.clone().unwrap_or_default();
        self.functions
            .get_mut(&target.name)
            .expect("resolved function exists")
            .policies
            .insert(key, policy);
        Ok(body)
    }

    pub fn get_resource_policy(&self, resource_arn: &str) -> Result<Value, AwsError> {
        let violations = resource_arn_violations(resource_arn);
        if !violations.is_empty() {
            return Err(AwsError::validation(&violations));
        }
        let target = self.resource_target(resource_arn, Operation::GetPolicy)?;
        match self.policy_of(&target) {
            Some(p) => Ok(json!({"Policy": p.json(), "RevisionId": p.revision_id})),
            None => Err(AwsError::new(
                ErrorType::ResourceNotFound,
                messages::NO_SUCH_RESOURCE,
            )),
        }
    }

    pub fn delete_resource_policy(
        &mut self,
        resource_arn: &str,
        revision_id: Option<&str>,
        new_revision: String,
    ) -> Result<(), AwsError> {
        let mut violations = resource_arn_violations(resource_arn);
        violations.extend(revision_violation(revision_id));
        if !violations.is_empty() {
            return Err(AwsError::validation(&violations));
        }
        let target = self.resource_target(resource_arn, Operation::RemovePermission)?;
        if self.policy_of(&target).is_none() {
            return Err(AwsError::new(
                ErrorType::ResourceNotFound,
                messages::NO_POLICY_ASSOCIATED,
            ));
        }
        self.check_revision(&target, revision_id)?;
        let key = target.qualifier.clone().unwrap_or_default();
        let policy = self
            .functions
            .get_mut(&target.name)
            .and_then(|f| f.policies.get_mut(&key))
            .expect("checked above");
        // The revision stays, so a guard taken before the delete is refused after it.
        policy.statements.clear();
        policy.written = None;
        policy.revision_id = new_revision;
        Ok(())
    }

    /// PublicPolicyException when the public-access block is on and `statements` would
    /// leave the resource (`resource`, an ARN) public: AddPermission and RemovePermission ask
    /// too.
    pub(super) fn refuse_if_public(
        &self,
        statements: &[Value],
        resource: &str,
    ) -> Result<(), AwsError> {
        if !self.block_public_policies {
            return Ok(());
        }
        let document = PolicyDocument::from_value(json!({"Statement": statements}));
        match document {
            Ok(document) if is_public_document(&document, Some(resource)) => {
                Err(public_policy_blocked())
            }
            _ => Ok(()),
        }
    }

    /// The function, version or alias a ResourceArn names, which must exist here.
    fn resource_target(&self, resource_arn: &str, op: Operation) -> Result<Target, AwsError> {
        let arn = Arn::parse(resource_arn).expect("the pattern was checked");
        if !arn.resource.starts_with("function:") {
            return Err(AwsError::new(
                ErrorType::ResourceNotFound,
                messages::NO_SUCH_RESOURCE,
            ));
        }
        self.resolve(resource_arn, None, op)
    }

    fn policy_of(&self, target: &Target) -> Option<&Policy> {
        self.functions[&target.name]
            .policies
            .get(&target.qualifier.clone().unwrap_or_default())
            .filter(|p| !p.statements.is_empty())
    }

    fn check_revision(&self, target: &Target, given: Option<&str>) -> Result<(), AwsError> {
        let empty = Policy::default();
        let policy = self.functions[&target.name]
            .policies
            .get(&target.qualifier.clone().unwrap_or_default())
            .unwrap_or(&empty);
        check_revision(policy, self.resource_revision(target), given)
    }
}

fn resource_arn_violations(resource_arn: &str) -> Vec<Violation> {
    let mut violations = Vec::new();
    if resource_arn.chars().count() > MAX_RESOURCE_ARN {
        violations.push(Violation::new(
            "resourceArn",
            Some(resource_arn),
            constraint::max_length(MAX_RESOURCE_ARN),
        ));
    }
    if !RESOURCE_ARN_RE.is_match(resource_arn) {
        violations.push(Violation::new(
            "resourceArn",
            Some(resource_arn),
            constraint::pattern(patterns::RESOURCE_ARN),
        ));
    }
    violations
}

fn revision_violation(revision_id: Option<&str>) -> Option<Violation> {
    let given = revision_id?;
    (!REVISION_ID_RE.is_match(given))
        .then(|| Violation::new("revisionId", Some(given), constraint::pattern(REVISION_ID)))
}

fn public_policy_blocked() -> AwsError {
    AwsError::new(ErrorType::PublicPolicy, messages::PUBLIC_POLICY_BLOCKED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::{DEMO_FIXTURE, load_fixture};

    const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:thumbnailer";

    fn put(account: &mut Account, revision: Option<&str>, new: &str) -> Result<Value, AwsError> {
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"111122223333"}},"Action":"lambda:InvokeFunction","Resource":"{ARN}"}}]}}"#
        );
        let input = PutResourcePolicyIn {
            policy: Some(policy),
            revision_id: revision.map(str::to_string),
        };
        account.put_resource_policy(ARN, input, new.to_string())
    }

    #[test]
    fn the_revision_a_delete_leaves_guards_put_and_add_permission_alike() {
        let mut account = load_fixture(DEMO_FIXTURE).unwrap();
        let revision = account.get_resource_policy(ARN).unwrap()["RevisionId"]
            .as_str()
            .unwrap()
            .to_string();
        let after_delete = "11111111-1111-4111-8111-111111111111";
        account
            .delete_resource_policy(ARN, Some(&revision), after_delete.into())
            .unwrap();
        let stale = put(
            &mut account,
            Some(&revision),
            "22222222-2222-4222-8222-222222222222",
        );
        assert_eq!(stale.unwrap_err().error_type, ErrorType::PreconditionFailed);
        put(
            &mut account,
            Some(after_delete),
            "33333333-3333-4333-8333-333333333333",
        )
        .unwrap();
    }
}
