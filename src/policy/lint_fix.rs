//! The fixes lints offer: the statement that mends a finding, with a Sid the policy does not
//! use yet. `audit --fix` and `f` in the TUI ask here, so both write the same statement.

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
}
