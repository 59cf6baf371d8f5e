//! Security lints: the risks a statement carries, each with a stable id and where it points.
//!
//! The same rules judge a request before it is sent (through the statement Lambda would write)
//! and every statement of an existing policy, so the form and the policy view agree.

use super::account_id::is_account_id;
use super::arn::account_of_arn;
use super::deny_cover::DenyCover;
use super::document::{Effect, Statement};
use super::field::Field;
use super::request::PermissionRequest;
use super::statement::statement_for;
use super::url_lint::{UrlState, url_lints};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintId {
    ConfusedDeputy,
    S3WithoutSourceAccount,
    Public,
    PublicFunctionUrl,
    WildcardAction,
    CrossAccount,
    AlexaWithoutToken,
    FunctionUrlMissingInvoke,
    FunctionUrlAuthMismatch,
    FunctionUrlGrantWithoutUrl,
    SourceArnServiceMismatch,
    DisabledTrigger,
    PolicySizeHeadroom,
    PublicLayer,
    CrossAccountLayer,
}

impl LintId {
    pub const ALL: [LintId; 15] = [
        LintId::ConfusedDeputy,
        LintId::S3WithoutSourceAccount,
        LintId::Public,
        LintId::PublicFunctionUrl,
        LintId::WildcardAction,
        LintId::CrossAccount,
        LintId::AlexaWithoutToken,
        LintId::FunctionUrlMissingInvoke,
        LintId::FunctionUrlAuthMismatch,
        LintId::FunctionUrlGrantWithoutUrl,
        LintId::SourceArnServiceMismatch,
        LintId::DisabledTrigger,
        LintId::PolicySizeHeadroom,
        LintId::PublicLayer,
        LintId::CrossAccountLayer,
    ];

    /// The lint with this id.
    pub fn parse(text: &str) -> Option<LintId> {
        LintId::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The stable id scripts and the audit's JSON use.
    pub fn as_str(self) -> &'static str {
        match self {
            LintId::ConfusedDeputy => "confused-deputy",
            LintId::S3WithoutSourceAccount => "s3-without-source-account",
            LintId::Public => "public",
            LintId::PublicFunctionUrl => "public-function-url",
            LintId::WildcardAction => "wildcard-action",
            LintId::CrossAccount => "cross-account",
            LintId::AlexaWithoutToken => "alexa-without-token",
            LintId::FunctionUrlMissingInvoke => "function-url-missing-invoke",
            LintId::FunctionUrlAuthMismatch => "function-url-auth-mismatch",
            LintId::FunctionUrlGrantWithoutUrl => "function-url-grant-without-url",
            LintId::SourceArnServiceMismatch => "source-arn-service-mismatch",
            LintId::DisabledTrigger => "disabled-trigger",
            LintId::PublicLayer => "public-layer",
            LintId::CrossAccountLayer => "cross-account-layer",
            LintId::PolicySizeHeadroom => "policy-size-headroom",
        }
    }

    /// What the lint finds, in a sentence (the README's lint table and SARIF's rules).
    pub fn description(self) -> &'static str {
        match self {
            LintId::Public => "anyone can invoke the function",
            LintId::ConfusedDeputy => {
                "a service's resources of any account can invoke the function"
            }
            LintId::FunctionUrlMissingInvoke => {
                "a public function URL whose policy lacks lambda:InvokeFunction with InvokedViaFunctionUrl: it answers 403 since 1 November 2026"
            }
            LintId::S3WithoutSourceAccount => "a bucket ARN without the bucket owner's account",
            LintId::PublicFunctionUrl => {
                "anyone on the internet can invoke the function through its URL"
            }
            LintId::WildcardAction => "every Lambda action is granted, not only invoke",
            LintId::AlexaWithoutToken => "any Alexa skill can invoke the function",
            LintId::FunctionUrlAuthMismatch => {
                "a grant for the other AuthType than the URL's: it never applies"
            }
            LintId::FunctionUrlGrantWithoutUrl => {
                "a URL grant where there is no URL: it applies to whatever URL is made next"
            }
            LintId::SourceArnServiceMismatch => {
                "a service granted for another service's ARN: the grant never applies"
            }
            LintId::PolicySizeHeadroom => {
                "the policy is above 90% of 20,480 bytes: the next AddPermission may fail"
            }
            LintId::CrossAccount => "another account is granted access",
            LintId::DisabledTrigger => {
                "a trigger disabled in the console (lambda:DisableInvokeFunction): it grants nothing"
            }
            LintId::PublicLayer => {
                "a layer version every AWS account may use (* without an organisation)"
            }
            LintId::CrossAccountLayer => "a layer version shared with another account",
        }
    }

    /// Where the fix goes.
    pub fn fix_hint(self) -> &'static str {
        match self {
            LintId::Public => {
                "narrow the Principal, or add SourceAccount, SourceArn or PrincipalOrgID"
            }
            LintId::ConfusedDeputy => "add SourceArn or SourceAccount",
            LintId::FunctionUrlMissingInvoke => {
                "add the lambda:InvokeFunction grant with InvokedViaFunctionUrl (audit --fix function-url-missing-invoke, or f in the TUI)"
            }
            LintId::S3WithoutSourceAccount => "add SourceAccount",
            LintId::PublicFunctionUrl => "set FunctionUrlAuthType AWS_IAM, or accept it knowingly",
            LintId::WildcardAction => "name the action (lambda:InvokeFunction)",
            LintId::AlexaWithoutToken => "set EventSourceToken to the skill id",
            LintId::FunctionUrlAuthMismatch => "grant for the URL's AuthType",
            LintId::FunctionUrlGrantWithoutUrl | LintId::PolicySizeHeadroom => {
                "remove statements no longer needed"
            }
            LintId::SourceArnServiceMismatch => "give a SourceArn of the granted service",
            LintId::CrossAccount | LintId::CrossAccountLayer => {
                "check the account is meant to have access"
            }
            LintId::DisabledTrigger => "remove it, or enable the trigger again",
            LintId::PublicLayer => "add an OrganizationId, or grant accounts one by one",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            LintId::Public
            | LintId::ConfusedDeputy
            | LintId::FunctionUrlMissingInvoke
            | LintId::PublicLayer => Severity::Error,
            LintId::S3WithoutSourceAccount
            | LintId::PublicFunctionUrl
            | LintId::WildcardAction
            | LintId::AlexaWithoutToken
            | LintId::FunctionUrlAuthMismatch
            | LintId::FunctionUrlGrantWithoutUrl
            | LintId::SourceArnServiceMismatch
            | LintId::PolicySizeHeadroom => Severity::Warning,
            LintId::CrossAccount | LintId::DisabledTrigger | LintId::CrossAccountLayer => {
                Severity::Info
            }
        }
    }

    /// A short badge for narrow table cells.
    pub fn badge(self) -> &'static str {
        match self {
            LintId::ConfusedDeputy => "DEPUTY",
            LintId::S3WithoutSourceAccount => "S3-ACCT",
            LintId::Public => "PUBLIC",
            LintId::PublicFunctionUrl => "PUBLIC-URL",
            LintId::WildcardAction => "WILDCARD",
            LintId::CrossAccount => "X-ACCOUNT",
            LintId::AlexaWithoutToken => "NO-TOKEN",
            LintId::FunctionUrlMissingInvoke => "URL-403",
            LintId::FunctionUrlAuthMismatch => "URL-AUTH",
            LintId::FunctionUrlGrantWithoutUrl => "NO-URL",
            LintId::SourceArnServiceMismatch => "ARN-SVC",
            LintId::DisabledTrigger => "DISABLED",
            LintId::PolicySizeHeadroom => "SIZE",
            LintId::PublicLayer => "PUBLIC",
            LintId::CrossAccountLayer => "X-ACCOUNT",
        }
    }

    /// The form field where the fix goes.
    pub fn field(self) -> Field {
        match self {
            LintId::ConfusedDeputy => Field::SourceArn,
            LintId::S3WithoutSourceAccount => Field::SourceAccount,
            LintId::Public | LintId::CrossAccount => Field::Principal,
            LintId::PublicFunctionUrl => Field::FunctionUrlAuthType,
            LintId::WildcardAction => Field::Action,
            LintId::AlexaWithoutToken => Field::EventSourceToken,
            LintId::FunctionUrlMissingInvoke => Field::InvokedViaFunctionUrl,
            LintId::FunctionUrlAuthMismatch | LintId::FunctionUrlGrantWithoutUrl => {
                Field::FunctionUrlAuthType
            }
            LintId::SourceArnServiceMismatch => Field::SourceArn,
            LintId::DisabledTrigger => Field::Action,
            LintId::PolicySizeHeadroom => Field::StatementId,
            LintId::PublicLayer => Field::OrganizationId,
            LintId::CrossAccountLayer => Field::Principal,
        }
    }
}

impl fmt::Display for LintId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub id: LintId,
    pub severity: Severity,
    pub message: String,
}

impl Lint {
    pub(crate) fn new(id: LintId, message: impl Into<String>) -> Lint {
        Lint {
            id,
            severity: id.severity(),
            message: message.into(),
        }
    }
}

/// Condition keys that narrow who can use a grant to one account, source or organisation.
const NARROWING_KEYS: [&str; 9] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "lambda:EventSourceToken",
];
const SOURCE_KEYS: [&str; 3] = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner"];
const ALEXA_PRINCIPALS: [&str; 2] = ["alexa-appkit.amazon.com", "alexa-connectedhome.amazon.com"];
/// Services that invoke without a source ARN to name (Secrets Manager's rotation): a grant to
/// them cannot be narrowed by one, so it is no confused deputy.
const NO_SOURCE_ARN_SERVICES: [&str; 1] = ["secretsmanager.amazonaws.com"];
/// The action the console writes when a trigger is disabled: it grants nothing.
const DISABLED_TRIGGER_ACTION: &str = "lambda:DisableInvokeFunction";
/// A policy above this share of Lambda's limit may not take the next AddPermission.
const SIZE_HEADROOM_PERCENT: usize = 90;

/// The ARN service a service principal's own resources carry: the label before
/// `.amazonaws.com` (`lambda.alarms.cloudwatch` → `cloudwatch`), except where AWS names them
/// otherwise (API Gateway's are `execute-api`, CloudWatch's `monitoring` ones `cloudwatch`).
fn arn_service_of(principal: &str) -> Option<&str> {
    let labels = principal.strip_suffix(".amazonaws.com")?;
    let label = labels.rsplit('.').next().unwrap_or(labels);
    Some(match label {
        "apigateway" => "execute-api",
        "monitoring" => "cloudwatch",
        other => other,
    })
}

fn has_any(statement: &Statement, keys: &[&str]) -> bool {
    keys.iter().any(|k| statement.is_narrowed_by(k))
}

/// Whether the statement lets anyone in: an Allow to `*` (or to everyone but someone, with
/// NotPrincipal) that no condition narrows to an account, source or organisation, and that
/// does not require IAM authentication of a function URL. What the public-access block refuses.
pub fn is_public_statement(statement: &Statement) -> bool {
    if statement.effect != Effect::Allow {
        return false;
    }
    let open = statement.not_principal.is_some()
        || statement.principal.as_ref().is_some_and(|p| p.is_anyone());
    let iam_only = statement
        .narrowing_values("lambda:FunctionUrlAuthType")
        .contains(&"AWS_IAM");
    open && !iam_only && !has_any(statement, &NARROWING_KEYS)
}

pub fn is_public_document(document: &super::PolicyDocument) -> bool {
    document.statements.iter().any(is_public_statement)
}

/// The lints of one statement; `own_account` is the function's account, when known.
pub fn lint_statement(statement: &Statement, own_account: Option<&str>) -> Vec<Lint> {
    let mut lints = Vec::new();
    if statement.effect == Effect::Deny {
        return lints;
    }
    // Who counts as "anyone" is decided in one place, the one the public-access block uses.
    if is_public_statement(statement) {
        let url_only = statement
            .condition_values("lambda:FunctionUrlAuthType")
            .contains(&"NONE")
            || statement.has_condition_key("lambda:InvokedViaFunctionUrl");
        if url_only {
            lints.push(Lint::new(
                LintId::PublicFunctionUrl,
                "anyone on the internet can invoke this function through its URL, unauthenticated",
            ));
        } else if statement.not_principal.is_some() {
            lints.push(Lint::new(
                LintId::Public,
                "everyone but the principals NotPrincipal names is allowed: add SourceAccount, SourceArn or PrincipalOrgID",
            ));
        } else {
            lints.push(Lint::new(
                LintId::Public,
                "anyone can invoke this function: add SourceAccount, SourceArn or PrincipalOrgID",
            ));
        }
    }
    let Some(principal) = &statement.principal else {
        return lints;
    };
    let services = principal.values("Service");
    if statement
        .action
        .iter()
        .any(|a| a == DISABLED_TRIGGER_ACTION)
    {
        lints.clear();
        lints.push(Lint::new(
            LintId::DisabledTrigger,
            "a trigger disabled in the console: this statement grants nothing until it is enabled again",
        ));
        return lints;
    }
    for service in &services {
        if ALEXA_PRINCIPALS.contains(service) {
            if !statement.is_narrowed_by("lambda:EventSourceToken") {
                lints.push(Lint::new(
                    LintId::AlexaWithoutToken,
                    format!("any Alexa skill can invoke this function: set EventSourceToken to your skill id ({service})"),
                ));
            }
        } else if NO_SOURCE_ARN_SERVICES.contains(service) {
            // rotation sends no source ARN: nothing to narrow by
        } else if !has_any(statement, &SOURCE_KEYS) {
            lints.push(Lint::new(
                LintId::ConfusedDeputy,
                format!("{service} resources of any account can invoke this function: add SourceArn or SourceAccount"),
            ));
        } else if *service == "s3.amazonaws.com" && !statement.is_narrowed_by("aws:SourceAccount") {
            lints.push(Lint::new(
                LintId::S3WithoutSourceAccount,
                "a bucket ARN has no account: if the bucket is deleted, another account can recreate it; add SourceAccount",
            ));
        }
    }
    for service in &services {
        let Some(expected) = arn_service_of(service) else {
            continue;
        };
        for arn in statement.narrowing_values("aws:SourceArn") {
            if let Some(found) = super::arn::Arn::parse(arn).map(|a| a.service)
                && found != expected
                && !(expected == "execute-api" && found == "apigateway")
            {
                lints.push(Lint::new(
                    LintId::SourceArnServiceMismatch,
                    format!("{service} is granted for a {found} ARN ({arn}): it never sends that SourceArn, so the grant never applies"),
                ));
            }
        }
    }
    if statement.action.iter().any(|a| a == "*" || a == "lambda:*") {
        lints.push(Lint::new(
            LintId::WildcardAction,
            "every Lambda action is granted, not only invoke: name the action (lambda:InvokeFunction)",
        ));
    }
    if let Some(own) = own_account {
        let others: Vec<String> = principal
            .values("AWS")
            .into_iter()
            .filter_map(account_of)
            .filter(|a| a != own)
            .collect();
        match others.as_slice() {
            [] => {}
            [other] => lints.push(Lint::new(
                LintId::CrossAccount,
                format!("another account ({other}) is granted access"),
            )),
            many => lints.push(Lint::new(
                LintId::CrossAccount,
                format!(
                    "{} other accounts ({}) are granted access",
                    many.len(),
                    many.join(", ")
                ),
            )),
        }
    }
    lints
}

/// The lints of every statement of a policy, in the document's order: each statement's own,
/// and those that need the URL of the policy's function or alias (`url`). Where it is known that
/// there is no URL, a public URL grant is not a public URL but a grant left behind.
pub fn lint_policy(
    statements: &[Statement],
    own_account: Option<&str>,
    url: &UrlState,
) -> Vec<Vec<Lint>> {
    statements
        .iter()
        .zip(url_lints(statements, url))
        .map(|(statement, mut with_url)| {
            let mut lints = lint_statement(statement, own_account);
            // No URL, or a URL that answers 403 for want of the second grant: nobody can call
            // it through this statement today, and the URL lint says why.
            let broken = with_url
                .iter()
                .any(|l| l.id == LintId::FunctionUrlMissingInvoke);
            if *url == UrlState::Absent || broken {
                lints.retain(|l| l.id != LintId::PublicFunctionUrl);
            }
            lints.append(&mut with_url);
            if let Some(cover) = super::deny_cover::deny_covering(statement, statements) {
                for lint in lints.iter_mut().filter(|l| RISKS.contains(&l.id)) {
                    lint.message.push_str(&cover.note());
                    lint.severity = match (&cover, lint.severity) {
                        (DenyCover::Cancels { .. }, _) => Severity::Info,
                        (DenyCover::Reduces { .. }, Severity::Error) => Severity::Warning,
                        (DenyCover::Reduces { .. }, _) => Severity::Info,
                    };
                }
            }
            lints
        })
        .collect()
}

/// The findings that say who can do what: a Deny that takes it away lowers them.
const RISKS: [LintId; 7] = [
    LintId::Public,
    LintId::PublicFunctionUrl,
    LintId::CrossAccount,
    LintId::ConfusedDeputy,
    LintId::WildcardAction,
    LintId::S3WithoutSourceAccount,
    LintId::AlexaWithoutToken,
];

/// A policy close to Lambda's size limit: the next AddPermission may be refused.
pub fn size_lint(size_bytes: usize) -> Option<Lint> {
    let limit = super::statement::MAX_POLICY_BYTES;
    (size_bytes * 100 >= limit * SIZE_HEADROOM_PERCENT).then(|| {
        Lint::new(
            LintId::PolicySizeHeadroom,
            format!("the policy is {size_bytes} of {limit} bytes: the next AddPermission may be refused (PolicyLengthExceededException)"),
        )
    })
}

/// The account of an AWS principal: a 12-digit id or an IAM ARN.
fn account_of(principal: &str) -> Option<String> {
    if is_account_id(principal) {
        return Some(principal.to_string());
    }
    account_of_arn(principal)
}

/// The lints of a request before it is sent, each to be shown on [`LintId::field`].
pub fn lint_request(request: &PermissionRequest, own_account: Option<&str>) -> Vec<Lint> {
    let value = statement_for(request, "arn:aws:lambda:us-east-1:000000000000:function:f");
    match super::document::PolicyDocument::from_value(serde_json::json!({ "Statement": [value] })) {
        Ok(document) => document
            .statements
            .first()
            .map(|s| lint_statement(s, own_account))
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;
    use serde_json::json;

    fn lint_ids(statement: serde_json::Value) -> Vec<&'static str> {
        let document = PolicyDocument::from_value(json!({ "Statement": [statement] })).unwrap();
        lint_statement(&document.statements[0], Some("123456789012"))
            .iter()
            .map(|l| l.id.as_str())
            .collect()
    }

    fn grant(service: &str, source_arn: Option<&str>) -> serde_json::Value {
        let mut s = json!({"Effect": "Allow", "Principal": {"Service": service}, "Action": "lambda:InvokeFunction", "Resource": "*"});
        if let Some(arn) = source_arn {
            s["Condition"] = json!({"ArnLike": {"AWS:SourceArn": arn}});
        }
        s
    }

    #[test]
    fn a_source_arn_of_another_service_never_matches() {
        assert_eq!(
            lint_ids(grant(
                "sns.amazonaws.com",
                Some("arn:aws:sqs:us-east-1:123456789012:q")
            )),
            ["source-arn-service-mismatch"]
        );
        assert_eq!(
            lint_ids(grant(
                "sns.amazonaws.com",
                Some("arn:aws:sns:us-east-1:123456789012:t")
            )),
            Vec::<&str>::new()
        );
        assert_eq!(
            lint_ids(grant(
                "apigateway.amazonaws.com",
                Some("arn:aws:execute-api:us-east-1:123456789012:a/*")
            )),
            Vec::<&str>::new()
        );
        assert_eq!(
            lint_ids(grant(
                "lambda.alarms.cloudwatch.amazonaws.com",
                Some("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a")
            )),
            Vec::<&str>::new()
        );
        // A test that does not restrict (StringNotLike) is not read as the grant's source.
        let mut negated = grant("sns.amazonaws.com", None);
        negated["Condition"] =
            json!({"ArnNotLike": {"AWS:SourceArn": "arn:aws:sqs:us-east-1:123456789012:q"}});
        assert_eq!(lint_ids(negated), ["confused-deputy"]);
    }

    #[test]
    fn rotation_and_disabled_triggers_are_no_deputies() {
        assert_eq!(
            lint_ids(grant("secretsmanager.amazonaws.com", None)),
            Vec::<&str>::new()
        );
        let mut disabled = grant("s3.amazonaws.com", None);
        disabled["Action"] = "lambda:DisableInvokeFunction".into();
        assert_eq!(lint_ids(disabled), ["disabled-trigger"]);
        let mut deny = grant("s3.amazonaws.com", None);
        deny["Effect"] = "Deny".into();
        assert_eq!(lint_ids(deny), Vec::<&str>::new());
    }

    #[test]
    fn a_policy_near_the_limit_is_told_before_the_next_add_fails() {
        assert!(size_lint(18_431).is_none());
        assert_eq!(
            size_lint(18_432).map(|l| l.id),
            Some(LintId::PolicySizeHeadroom)
        );
        assert_eq!(
            size_lint(20_480).map(|l| l.severity),
            Some(Severity::Warning)
        );
    }
}
