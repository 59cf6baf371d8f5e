//! Layer-version policies: AddLayerVersionPermission's request and its rules (those it shares
//! with AddPermission, the statement id and the organisation id's pattern, are taken from there),
//! the statement Lambda writes for it, and the lints of a layer version's statements.

use super::arn::Arn;
use super::document::Statement;
use super::field::Field;
use super::issue::{FieldIssue, IssueKind};
use super::lint::{Lint, LintId};
use super::patterns;
use super::validate::{Rule, member_issue};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The one action a layer version's policy grants.
pub const GET_LAYER_VERSION: &str = patterns::LAYER_ACTION;
/// A layer name (the model's `LayerName` without an ARN) is at most this long.
pub const MAX_LAYER_NAME: usize = 140;

/// Every member of AddLayerVersionPermission, optional so that a missing one can be reported.
/// The layer and version travel in the path, the revision in the query, the rest in the body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LayerPermissionRequest {
    #[serde(skip)]
    pub layer_name: Option<String>,
    #[serde(skip)]
    pub version_number: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    #[serde(skip)]
    pub revision_id: Option<String>,
}

fn rules() -> [Rule; 4] {
    [
        Rule {
            field: Field::LayerName,
            min: 1,
            max: 2048,
            pattern: Some((&patterns::LAYER_NAME_OR_ARN_RE, patterns::LAYER_NAME_OR_ARN)),
            expected: "a layer name (letters, digits, '-' and '_', up to 140) or a layer ARN",
        },
        Rule {
            field: Field::Action,
            min: 0,
            max: 22,
            pattern: Some((&patterns::LAYER_ACTION_RE, patterns::LAYER_ACTION)),
            expected: "lambda:GetLayerVersion, the one action a layer version grants",
        },
        Rule {
            field: Field::Principal,
            min: 0,
            max: 10000,
            pattern: Some((&patterns::LAYER_PRINCIPAL_RE, patterns::LAYER_PRINCIPAL)),
            expected: "an account id, arn:aws:iam::ACCOUNT:root, or * (with an OrganizationId to share with an organisation)",
        },
        Rule {
            field: Field::OrganizationId,
            min: 0,
            max: 34,
            pattern: Some((&patterns::PRINCIPAL_ORG_ID_RE, patterns::PRINCIPAL_ORG_ID)),
            expected: "o- and 10 to 32 lowercase letters or digits",
        },
    ]
}

fn rule_issue(field: Field, value: &str) -> Option<FieldIssue> {
    rules().into_iter().find(|r| r.field == field)?.check(value)
}

impl LayerPermissionRequest {
    /// Every problem of this request, in the order of its members. Empty: AWS would take it
    /// (as far as can be known without the layer version's policy).
    pub fn validate(&self) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        match &self.layer_name {
            None => issues.push(FieldIssue::required(Field::LayerName)),
            Some(name) => issues.extend(rule_issue(Field::LayerName, name)),
        }
        match self.version_number {
            None => issues.push(FieldIssue::required(Field::VersionNumber)),
            Some(n) if n < 1 => issues.push(FieldIssue {
                field: Field::VersionNumber,
                message: format!(
                    "VersionNumber must be 1 or more (layer versions count from 1); got {n}"
                ),
                kind: IssueKind::Local,
            }),
            Some(_) => {}
        }
        match &self.statement_id {
            None => issues.push(FieldIssue::required(Field::StatementId)),
            // The same rule as AddPermission's, from the one place it is written.
            Some(sid) => issues.extend(member_issue(Field::StatementId, sid)),
        }
        for field in [Field::Action, Field::Principal] {
            let value = match field {
                Field::Action => &self.action,
                _ => &self.principal,
            };
            match value {
                None => issues.push(FieldIssue::required(field)),
                Some(value) => issues.extend(rule_issue(field, value)),
            }
        }
        if let Some(org) = &self.organization_id {
            issues.extend(rule_issue(Field::OrganizationId, org));
            if self.principal.as_deref().is_some_and(|p| p != "*") {
                issues.push(FieldIssue {
                    field: Field::OrganizationId,
                    message:
                        "OrganizationId shares with an organisation: the Principal must then be *"
                            .into(),
                    kind: IssueKind::Local,
                });
            }
        }
        if let Some(revision) = &self.revision_id
            && !patterns::REVISION_ID_RE.is_match(revision)
        {
            issues.push(FieldIssue {
                field: Field::RevisionId,
                message: "RevisionId must be a revision as Lambda gives it (a UUID)".into(),
                kind: IssueKind::Local,
            });
        }
        issues
    }

    /// The JSON body AddLayerVersionPermission sends.
    pub fn body_json(&self) -> String {
        serde_json::to_string(self).expect("a request always serialises")
    }
}

/// The ARN of version `version` of the layer `name`.
pub fn layer_version_arn(
    partition: &str,
    region: &str,
    account: &str,
    name: &str,
    version: u64,
) -> String {
    Arn {
        partition: partition.into(),
        service: "lambda".into(),
        region: region.into(),
        account: account.into(),
        resource: format!("layer:{name}:{version}"),
    }
    .to_string()
}

/// The statement Lambda writes for `request` on the layer version `layer_version_arn`: an
/// account as its root, `*` as it is, an organisation as a PrincipalOrgID condition.
pub fn layer_statement_for(request: &LayerPermissionRequest, layer_version_arn: &str) -> Value {
    let mut statement = super::statement::grant(
        request.statement_id.as_deref(),
        request.principal.as_deref(),
        request.action.as_deref(),
        layer_version_arn,
    );
    if let Some(org) = &request.organization_id {
        statement.insert(
            "Condition".into(),
            json!({"StringEquals": {"aws:PrincipalOrgID": org}}),
        );
    }
    Value::Object(statement)
}

/// The lints of one statement of a layer version's policy; `own_account` is the layer's.
pub fn lint_layer_statement(statement: &Statement, own_account: Option<&str>) -> Vec<Lint> {
    let mut lints = Vec::new();
    if statement.effect != super::document::Effect::Allow {
        return lints;
    }
    // Public as a function's policy is public: one definition, whatever holds the policy.
    if super::public::is_public_statement(statement, super::holder_kind::HolderKind::Layer) {
        lints.push(Lint::new(
            LintId::PublicLayer,
            "every AWS account can use this layer version: add an OrganizationId, or grant accounts one by one",
        ));
    }
    let Some(principal) = &statement.principal else {
        return lints;
    };
    if let Some(own) = own_account {
        let others: Vec<String> = principal
            .values("AWS")
            .into_iter()
            .filter_map(super::arn::account_of_arn)
            .filter(|a| a != own)
            .collect();
        if !others.is_empty() {
            lints.push(Lint::new(
                LintId::CrossAccountLayer,
                format!("shared with another account ({})", others.join(", ")),
            ));
        }
    }
    lints
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(principal: &str, org: Option<&str>) -> LayerPermissionRequest {
        LayerPermissionRequest {
            layer_name: Some("shared-utils".into()),
            version_number: Some(3),
            statement_id: Some("share".into()),
            action: Some(GET_LAYER_VERSION.into()),
            principal: Some(principal.into()),
            organization_id: org.map(str::to_string),
            revision_id: None,
        }
    }

    const ARN: &str = "arn:aws:lambda:us-east-2:123456789012:layer:shared-utils:3";

    #[test]
    fn an_account_becomes_its_root_and_an_organisation_a_condition() {
        assert_eq!(
            layer_statement_for(&request("210987654321", None), ARN),
            json!({"Sid":"share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":ARN})
        );
        assert_eq!(
            layer_statement_for(&request("*", Some("o-a1b2c3d4e5")), ARN),
            json!({"Sid":"share","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":ARN,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}})
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = LayerPermissionRequest {
            layer_name: Some("bad name".into()),
            version_number: Some(0),
            statement_id: Some("bad.sid".into()),
            action: Some("lambda:InvokeFunction".into()),
            principal: Some("s3.amazonaws.com".into()),
            organization_id: Some("o-short".into()),
            revision_id: None,
        };
        let fields: Vec<Field> = bad.validate().iter().map(|i| i.field).collect();
        // Every member but the revision, in the form's order; the organisation twice (its
        // pattern, and `*` that it needs as the principal).
        let mut expected = Field::LAYER[..6].to_vec();
        expected.push(Field::OrganizationId);
        assert_eq!(fields, expected);
        assert!(request("123456789012", None).validate().is_empty());
        assert!(
            request("arn:aws:iam::123456789012:root", None)
                .validate()
                .is_empty()
        );
        assert!(request("*", Some("o-a1b2c3d4e5")).validate().is_empty());
    }

    #[test]
    fn a_layer_grant_is_public_by_the_same_rule_as_a_function_s() {
        let lint = |statement: &str| {
            let document = crate::policy::PolicyDocument::parse(&format!(
                r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#
            ))
            .unwrap();
            lint_layer_statement(&document.statements[0], Some("123456789012"))
                .iter()
                .map(|l| l.id)
                .collect::<Vec<_>>()
        };
        let public = vec![LintId::PublicLayer];
        for statement in [
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgID":"o-*"}}}"#,
            r#"{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"lambda:GetLayerVersion","Resource":"*"}"#,
        ] {
            assert_eq!(lint(statement), public, "{statement}");
        }
        assert!(lint(r#"{"Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#).is_empty());
    }
}
