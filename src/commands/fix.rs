//! `audit --fix LINT-ID`: the fix of one lint applied wherever the audit found it, each write
//! guarded by the revision the audit read, each reported. `--dry-run` shows the statements only;
//! a terminal is asked first, and anything else needs `--yes`.

use super::CommandError;
use crate::lambda::FunctionPolicy;
use crate::policy::{LintId, PermissionRequest, statement_for};
use crate::session::Session;
use serde::Serialize;

/// A policy where the audit found the lint being fixed.
pub struct Finding {
    pub function: String,
    pub qualifier: Option<String>,
    pub policy: FunctionPolicy,
}

#[derive(Serialize)]
pub struct FixOut {
    pub function: String,
    pub qualifier: Option<String>,
    pub lint: &'static str,
    pub sid: String,
    pub statement: serde_json::Value,
    /// Whether it was written (false with --dry-run or when the write failed).
    pub applied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub use crate::policy::lint_fix::fixable;

/// The request that fixes `lint` in `policy`: a Sid the policy does not use yet, guarded by the
/// policy's revision.
fn fix_request(lint: LintId, finding: &Finding) -> Option<PermissionRequest> {
    let taken: Vec<&str> = finding
        .policy
        .document
        .as_ref()
        .map(|d| d.sids().collect())
        .unwrap_or_default();
    let mut request = crate::policy::lint_fix::fix_request(lint, taken.iter().copied())?;
    request.function_name = Some(finding.function.clone());
    request.qualifier = finding.qualifier.clone();
    request.revision_id = finding.policy.revision_id.clone();
    Some(request)
}

/// Whether the writes may go ahead: `--yes`, or a person at a terminal says so.
fn confirmed(count: usize, lint: LintId, yes: bool) -> Result<bool, CommandError> {
    let policies = if count == 1 { "policy" } else { "policies" };
    super::confirm::confirmed(
        &format!("apply the fix of {lint} to {count} {policies}?"),
        &format!(
            "--fix {lint} would change {count} {policies}: add --yes to apply, or --dry-run to see the statements"
        ),
        yes,
    )
}

/// Applies (or with `dry_run` shows) the fix of `lint` to every finding.
pub async fn apply(
    session: &Session,
    lint: LintId,
    findings: &[Finding],
    dry_run: bool,
    yes: bool,
) -> Result<Vec<FixOut>, CommandError> {
    let planned: Vec<(&Finding, PermissionRequest)> = findings
        .iter()
        .filter_map(|f| fix_request(lint, f).map(|r| (f, r)))
        .collect();
    if !dry_run && !planned.is_empty() && session.client.is_read_only() {
        return Err(CommandError::bad_input(format!(
            "read-only mode (--read-only): --fix {lint} would change {} policies, so nothing was sent; add --dry-run to see the statements",
            planned.len()
        )));
    }
    let mut access = crate::policy::AccessChange::default();
    for (finding, request) in &planned {
        let own = crate::policy::arn::account_of_arn(
            &session
                .context
                .resource_arn(&finding.function, finding.qualifier.as_deref()),
        );
        let sid = request.statement_id.clone().unwrap_or_default();
        let label = format!("{} {sid}", finding.function);
        access.add(crate::policy::AccessChange::of_lints(
            &label,
            &crate::policy::lint_request(request, own.as_deref()),
        ));
    }
    // What the fixes grant beyond the account is said before the one question (which needs
    // --yes off a terminal, as any public grant does).
    if !dry_run && !planned.is_empty() {
        for line in access.lines() {
            eprintln!("  {}", crate::printable::line(&line));
        }
    }
    let go = !dry_run && !planned.is_empty() && confirmed(planned.len(), lint, yes)?;
    let mut out = Vec::new();
    for (finding, request) in planned {
        let resource = session
            .context
            .resource_arn(&finding.function, finding.qualifier.as_deref());
        let mut fix = FixOut {
            function: finding.function.clone(),
            qualifier: finding.qualifier.clone(),
            lint: lint.as_str(),
            sid: request.statement_id.clone().unwrap_or_default(),
            statement: statement_for(&request, &resource),
            applied: false,
            error: None,
        };
        if go {
            match session
                .client
                .add_permission_after(&request, Some(&finding.policy))
                .await
            {
                Ok(outcome) => {
                    fix.applied = true;
                    if let Some(statement) = outcome.statement {
                        fix.statement = statement;
                    }
                }
                Err(error) => fix.error = Some(error.to_string()),
            }
        }
        out.push(fix);
    }
    Ok(out)
}
