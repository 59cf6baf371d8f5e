//! Lints that need to know the function URL of the policy's function or alias: since October
//! 2025 a URL is invoked only with two grants, `lambda:InvokeFunctionUrl` and
//! `lambda:InvokeFunction` (with `lambda:InvokedViaFunctionUrl`), and URLs created before then
//! lost their exemption on 1 November 2026 (docs/FUNCTION_URLS.md). The URL is given, never
//! fetched: this module does no IO.

use super::document::{Effect, Statement};
use super::lint_id::{Lint, LintId};

/// What is known of the URL of the policy's function or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlState {
    /// Not looked up: the URL lints stay silent, and a public URL grant reads as one.
    Unknown,
    /// Looked up: there is none (a version never has one).
    Absent,
    /// There is one, with this AuthType (`NONE` or `AWS_IAM`).
    Present { auth_type: String },
}

const INVOKE_URL: &str = "lambda:InvokeFunctionUrl";
const INVOKE: &str = "lambda:InvokeFunction";
const AUTH_TYPE_KEY: &str = "lambda:FunctionUrlAuthType";
const VIA_URL_KEY: &str = "lambda:InvokedViaFunctionUrl";

/// Whether an Allow statement grants `action` (named, or through `lambda:*` or `*`).
fn allows(statement: &Statement, action: &str) -> bool {
    statement.effect == Effect::Allow
        && statement
            .action
            .iter()
            .any(|a| a == action || a == "lambda:*" || a == "*")
}

/// Whether anyone can use the statement: the one rule of the public lints and the block.
fn to_anyone(statement: &Statement) -> bool {
    super::public::is_public_statement(statement, super::holder_kind::HolderKind::Function)
}

/// Whether the statement is about invoking through a URL: it grants InvokeFunctionUrl by name,
/// or tests one of the URL condition keys.
fn is_url_grant(statement: &Statement) -> bool {
    statement.effect == Effect::Allow
        && (statement.action.iter().any(|a| a == INVOKE_URL)
            || statement.has_condition_key(AUTH_TYPE_KEY)
            || statement.has_condition_key(VIA_URL_KEY))
}

/// Whether any statement is about a function URL: only then does the URL matter to the lints.
pub fn mentions_url(statements: &[Statement]) -> bool {
    statements.iter().any(is_url_grant)
}

/// The URL lints of each statement, in the document's order.
pub fn url_lints(statements: &[Statement], url: &UrlState) -> Vec<Vec<Lint>> {
    let mut lints: Vec<Vec<Lint>> = vec![Vec::new(); statements.len()];
    match url {
        UrlState::Unknown => {}
        UrlState::Absent => {
            for (i, statement) in statements.iter().enumerate() {
                if is_url_grant(statement) {
                    lints[i].push(Lint::new(
                        LintId::FunctionUrlGrantWithoutUrl,
                        "a grant for invoking through a function URL, but there is no URL here: remove it, or it applies to whatever URL is created next",
                    ));
                }
            }
        }
        UrlState::Present { auth_type } => {
            let second_grant = statements.iter().any(|s| {
                allows(s, INVOKE) && to_anyone(s) && s.action.iter().all(|a| a != INVOKE_URL)
            });
            for (i, statement) in statements.iter().enumerate() {
                let granted_for = statement.narrowing_values(AUTH_TYPE_KEY);
                // It never applies only when none of the AuthTypes it is held to is the URL's.
                let never = !granted_for.is_empty() && !granted_for.contains(&auth_type.as_str());
                if let Some(other) = granted_for.first().filter(|_| never) {
                    lints[i].push(Lint::new(
                        LintId::FunctionUrlAuthMismatch,
                        format!("the grant is for AuthType {other} but the URL's is {auth_type}: it never applies"),
                    ));
                }
                let public_url_grant = auth_type == "NONE"
                    && allows(statement, INVOKE_URL)
                    && to_anyone(statement)
                    && granted_for.iter().all(|t| *t == "NONE");
                if public_url_grant && !second_grant {
                    lints[i].push(Lint::new(
                        LintId::FunctionUrlMissingInvoke,
                        "this URL answers 403 since 1 November 2026: lambda:InvokeFunctionUrl is granted but not lambda:InvokeFunction with InvokedViaFunctionUrl; add that grant",
                    ));
                }
            }
        }
    }
    lints
}

/// The statement that lets a public URL (AuthType NONE) be invoked, as AddPermission writes it
/// with `InvokedViaFunctionUrl`: the fix of [`LintId::FunctionUrlMissingInvoke`].
pub fn missing_invoke_request(sid: &str) -> super::PermissionRequest {
    super::PermissionRequest {
        statement_id: Some(sid.to_string()),
        action: Some(INVOKE.to_string()),
        principal: Some("*".to_string()),
        invoked_via_function_url: Some(true),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;
    use serde_json::json;

    const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";

    fn statements(values: serde_json::Value) -> Vec<Statement> {
        PolicyDocument::from_value(json!({ "Statement": values }))
            .unwrap()
            .statements
    }

    fn url_grant(auth: &str) -> serde_json::Value {
        json!({"Sid": "url", "Effect": "Allow", "Principal": "*", "Action": INVOKE_URL, "Resource": ARN,
               "Condition": {"StringEquals": {AUTH_TYPE_KEY: auth}}})
    }

    fn invoke_grant() -> serde_json::Value {
        json!({"Sid": "invoke", "Effect": "Allow", "Principal": "*", "Action": INVOKE, "Resource": ARN,
               "Condition": {"Bool": {VIA_URL_KEY: "true"}}})
    }

    fn ids(lints: &[Vec<Lint>]) -> Vec<Vec<&str>> {
        lints
            .iter()
            .map(|l| l.iter().map(|l| l.id.as_str()).collect())
            .collect()
    }

    fn present(auth: &str) -> UrlState {
        UrlState::Present {
            auth_type: auth.into(),
        }
    }

    #[test]
    fn a_public_url_needs_both_grants() {
        let only_old = statements(json!([url_grant("NONE")]));
        assert_eq!(
            ids(&url_lints(&only_old, &present("NONE"))),
            [["function-url-missing-invoke"]]
        );
        let both = statements(json!([url_grant("NONE"), invoke_grant()]));
        assert_eq!(
            ids(&url_lints(&both, &present("NONE"))),
            [Vec::<&str>::new(), vec![]]
        );
        // An IAM URL needs no public grant: nothing is missing.
        let iam = statements(json!([url_grant("AWS_IAM")]));
        assert_eq!(
            ids(&url_lints(&iam, &present("AWS_IAM"))),
            [Vec::<&str>::new()]
        );
    }

    #[test]
    fn a_deny_is_no_second_grant_and_a_grant_to_an_account_is_not_public() {
        let mut deny = invoke_grant();
        deny["Effect"] = "Deny".into();
        let denied = statements(json!([url_grant("NONE"), deny]));
        assert_eq!(
            ids(&url_lints(&denied, &present("NONE")))[0],
            ["function-url-missing-invoke"]
        );
        let mut account = url_grant("NONE");
        account["Principal"] = json!({"AWS": "arn:aws:iam::210987654321:root"});
        let to_account = statements(json!([account]));
        assert_eq!(
            ids(&url_lints(&to_account, &present("NONE"))),
            [Vec::<&str>::new()]
        );
    }

    #[test]
    fn a_grant_for_the_other_auth_type_never_applies() {
        let grant = statements(json!([url_grant("AWS_IAM")]));
        assert_eq!(
            ids(&url_lints(&grant, &present("NONE"))),
            [["function-url-auth-mismatch"]]
        );
    }

    #[test]
    fn url_grants_where_there_is_no_url_are_left_behind() {
        let grants = statements(json!([url_grant("NONE"), invoke_grant(),
            {"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": INVOKE, "Resource": ARN}]));
        assert_eq!(
            ids(&url_lints(&grants, &UrlState::Absent)),
            [
                vec!["function-url-grant-without-url"],
                vec!["function-url-grant-without-url"],
                vec![]
            ]
        );
        assert_eq!(
            ids(&url_lints(&grants, &UrlState::Unknown)),
            [Vec::<&str>::new(), vec![], vec![]]
        );
    }
}
