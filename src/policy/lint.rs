//! Security lints: the risks a statement carries, each with a stable id and where it points.
//!
//! The same rules judge a request before it is sent (through the statement Lambda would write)
//! and every statement of an existing policy, so the form and the policy view agree.

use super::account_id::is_account_id;
use super::arn::account_of_arn;
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
}

impl LintId {
    pub const ALL: [LintId; 10] = [
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
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            LintId::Public | LintId::ConfusedDeputy | LintId::FunctionUrlMissingInvoke => {
                Severity::Error
            }
            LintId::S3WithoutSourceAccount
            | LintId::PublicFunctionUrl
            | LintId::WildcardAction
            | LintId::AlexaWithoutToken
            | LintId::FunctionUrlAuthMismatch
            | LintId::FunctionUrlGrantWithoutUrl => Severity::Warning,
            LintId::CrossAccount => Severity::Info,
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
const NARROWING_KEYS: [&str; 7] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "lambda:EventSourceToken",
];
const SOURCE_KEYS: [&str; 3] = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner"];
const ALEXA_PRINCIPALS: [&str; 2] = ["alexa-appkit.amazon.com", "alexa-connectedhome.amazon.com"];

fn has_any(statement: &Statement, keys: &[&str]) -> bool {
    keys.iter().any(|k| statement.is_narrowed_by(k))
}

/// The lints of one statement; `own_account` is the function's account, when known.
pub fn lint_statement(statement: &Statement, own_account: Option<&str>) -> Vec<Lint> {
    let mut lints = Vec::new();
    if statement.effect == Effect::Deny {
        return lints;
    }
    let Some(principal) = &statement.principal else {
        return lints;
    };
    let services = principal.values("Service");
    if principal.is_anyone() {
        let url_only = statement
            .condition_values("lambda:FunctionUrlAuthType")
            .contains(&"NONE")
            || statement.has_condition_key("lambda:InvokedViaFunctionUrl");
        if has_any(statement, &NARROWING_KEYS) {
            // narrowed to a source, account or organisation: not public
        } else if url_only {
            lints.push(Lint::new(
                LintId::PublicFunctionUrl,
                "anyone on the internet can invoke this function through its URL, unauthenticated",
            ));
        } else {
            lints.push(Lint::new(
                LintId::Public,
                "anyone can invoke this function: add SourceAccount, SourceArn or PrincipalOrgID",
            ));
        }
    }
    for service in &services {
        if ALEXA_PRINCIPALS.contains(service) {
            if !statement.is_narrowed_by("lambda:EventSourceToken") {
                lints.push(Lint::new(
                    LintId::AlexaWithoutToken,
                    format!("any Alexa skill can invoke this function: set EventSourceToken to your skill id ({service})"),
                ));
            }
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
        if let Some(other) = others.first() {
            lints.push(Lint::new(
                LintId::CrossAccount,
                format!("another account ({other}) is granted access"),
            ));
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
            lints
        })
        .collect()
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
