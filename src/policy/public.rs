//! Who can use a grant: the one rule the lints, the audit, the confirmations and the emulator's
//! public-access block decide "public" and "only through a URL" by.

use super::document::{Effect, Statement};

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

/// Whether the statement lets anyone in: an Allow to `*` (or to everyone but someone, with
/// NotPrincipal) that no condition narrows to an account, source or organisation, and that
/// does not require IAM authentication of a function URL. What the public-access block refuses.
pub fn is_public_statement(statement: &Statement) -> bool {
    if statement.effect != Effect::Allow {
        return false;
    }
    let open = statement.not_principal.is_some()
        || statement.principal.as_ref().is_some_and(|p| p.is_anyone());
    // Only a grant held to AWS_IAM alone requires a signed caller: one that also takes NONE
    // lets anyone through a public URL.
    let auth_types = statement.narrowing_values("lambda:FunctionUrlAuthType");
    let iam_only = !auth_types.is_empty() && auth_types.iter().all(|t| *t == "AWS_IAM");
    open && !iam_only && !has_any(statement, &NARROWING_KEYS)
}

pub fn is_public_document(document: &super::PolicyDocument) -> bool {
    document.statements.iter().any(is_public_statement)
}

/// Whether a grant can be used only through a function URL: its conditions force it
/// (`InvokedViaFunctionUrl` true, or the URL's AuthType held to NONE), not merely name a URL key
/// (a `Null` test or a negated AuthType lets a direct call through).
pub fn is_url_only(statement: &Statement) -> bool {
    // The AuthType key is present only in a request through a URL: held to any fixed value,
    // it keeps direct calls out.
    statement.requires_true("lambda:InvokedViaFunctionUrl")
        || statement.is_narrowed_by("lambda:FunctionUrlAuthType")
}

pub(super) fn has_any(statement: &Statement, keys: &[&str]) -> bool {
    keys.iter().any(|k| statement.is_narrowed_by(k))
}
