//! The fixes lints offer: the statement that mends a finding, with a Sid the policy does not
//! use yet. `audit --fix` and `f` in the TUI ask here, so both write the same statement.

use super::document::{Effect, Principals, Statement};
use super::lint_id::LintId;
use super::request::PermissionRequest;

/// Whether `lint` has a fix to apply.
pub fn fixable(lint: LintId) -> bool {
    fix_base_sid(lint).is_some()
}

/// The Sid a fix of `lint` is written under, before it is made unique.
fn fix_base_sid(lint: LintId) -> Option<&'static str> {
    match lint {
        LintId::FunctionUrlMissingInvoke => Some("FunctionURLInvokeAllowPublicAccess"),
        _ => None,
    }
}

/// `base`, or `base-2`, `base-3`… whichever `taken` does not hold yet.
pub fn unique_sid<'a>(base: &str, taken: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let free = |candidate: &str| !taken.clone().into_iter().any(|t| t == candidate);
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| free(c))
        .expect("some suffix is free")
}

/// The statement that fixes `lint`, under a Sid none of `taken` is (the function and qualifier
/// left for the caller to set); `None` when the lint has no fix.
pub fn fix_request<'a>(
    lint: LintId,
    taken: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<PermissionRequest> {
    let sid = unique_sid(fix_base_sid(lint)?, taken);
    Some(super::url_lint::missing_invoke_request(&sid))
}

/// The grant a statement makes, as AddPermission would write it again: its one principal and
/// action and the conditions AddPermission has members for. `None` for a statement no
/// AddPermission request could write (several principals or actions, Deny, Not*).
fn request_of(statement: &Statement) -> Option<PermissionRequest> {
    if statement.effect != Effect::Allow
        || statement.not_principal.is_some()
        || statement.action.len() != 1
    {
        return None;
    }
    let principal = match statement.principal.as_ref()? {
        Principals::Anyone => "*".to_string(),
        named @ Principals::Named(_) if named.count() == 1 => named.summary(),
        _ => return None,
    };
    let one = |key: &str| match statement.condition_values(key).as_slice() {
        [value] => Some(value.to_string()),
        _ => None,
    };
    Some(PermissionRequest {
        statement_id: statement.sid.clone(),
        action: statement.action.first().cloned(),
        principal: Some(principal),
        source_arn: one("aws:SourceArn"),
        source_account: one("aws:SourceAccount"),
        event_source_token: one("lambda:EventSourceToken"),
        principal_org_id: one("aws:PrincipalOrgID"),
        function_url_auth_type: one("lambda:FunctionUrlAuthType"),
        invoked_via_function_url: statement
            .requires_true("lambda:InvokedViaFunctionUrl")
            .then_some(true),
        ..Default::default()
    })
}

/// The narrower grant that mends `lint` on `statement`, for the operator to review in the add
/// form (its placeholders to fill: `<organization-id>`), added beside the statement it replaces
/// under a Sid none of `taken` is; `None` when the lint has no such fix or the statement is
/// not one AddPermission writes.
pub fn statement_fix<'a>(
    lint: LintId,
    statement: &Statement,
    own_account: Option<&str>,
    taken: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<PermissionRequest> {
    let mut request = request_of(statement)?;
    let base = statement.sid.as_deref().unwrap_or("grant");
    match lint {
        // Everyone narrowed to an organisation: the one to fill in.
        LintId::Public => request.principal_org_id = Some("<organization-id>".into()),
        // A service held to the account its resources are in.
        LintId::ConfusedDeputy | LintId::S3WithoutSourceAccount => {
            request.source_account = Some(own_account.unwrap_or("<account-id>").to_string());
        }
        // The one action a grant most often means.
        LintId::WildcardAction => request.action = Some("lambda:InvokeFunction".into()),
        _ => return None,
    }
    request.statement_id = Some(unique_sid(&format!("{base}-narrowed"), taken));
    Some(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_takes_a_sid_the_policy_does_not_have() {
        let taken = [
            "FunctionURLInvokeAllowPublicAccess",
            "FunctionURLInvokeAllowPublicAccess-2",
        ];
        let fix = fix_request(LintId::FunctionUrlMissingInvoke, taken.iter().copied()).unwrap();
        assert_eq!(
            fix.statement_id.as_deref(),
            Some("FunctionURLInvokeAllowPublicAccess-3")
        );
        assert_eq!(fix.invoked_via_function_url, Some(true));
        assert!(fix_request(LintId::Public, std::iter::empty()).is_none());
        assert!(fixable(LintId::FunctionUrlMissingInvoke) && !fixable(LintId::Public));
    }

    fn statement(json: &str) -> Statement {
        crate::policy::PolicyDocument::parse(&format!(r#"{{"Statement":[{json}]}}"#))
            .unwrap()
            .statements
            .remove(0)
    }

    #[test]
    fn a_risky_grant_is_offered_its_narrower_twin() {
        let public = statement(
            r#"{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}"#,
        );
        let fix = statement_fix(LintId::Public, &public, None, ["anyone-narrowed"]).unwrap();
        assert_eq!(fix.principal.as_deref(), Some("*"));
        assert_eq!(fix.principal_org_id.as_deref(), Some("<organization-id>"));
        assert_eq!(fix.statement_id.as_deref(), Some("anyone-narrowed-2"));
        let deputy = statement(
            r#"{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"}"#,
        );
        let fix = statement_fix(
            LintId::ConfusedDeputy,
            &deputy,
            Some("123456789012"),
            std::iter::empty(),
        )
        .unwrap();
        assert_eq!(fix.source_account.as_deref(), Some("123456789012"));
        assert_eq!(fix.principal.as_deref(), Some("sns.amazonaws.com"));
        let star = statement(
            r#"{"Sid":"all","Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"lambda:*","Resource":"*"}"#,
        );
        let fix = statement_fix(LintId::WildcardAction, &star, None, std::iter::empty()).unwrap();
        assert_eq!(fix.action.as_deref(), Some("lambda:InvokeFunction"));
        let two = statement(
            r#"{"Effect":"Allow","Principal":{"AWS":["1","2"]},"Action":"lambda:*","Resource":"*"}"#,
        );
        assert!(statement_fix(LintId::WildcardAction, &two, None, std::iter::empty()).is_none());
    }
}
