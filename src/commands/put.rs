//! `lambda-policy put FUNCTION[:QUALIFIER] FILE`: the whole policy replaced by a document, as
//! `kubectl apply` replaces an object. The document is checked first (every problem, as
//! `FILE:LINE:COL: message`, exit 2), the diff against the current policy and the lints are
//! shown, a put that loses statements is confirmed, and the put is guarded by the revision read.

use super::output::{json, print};
use super::{CommandError, split_target};
use crate::cli::{OutputFormat, PutArgs, RevisionGuard};
use crate::commands::Exit;
use crate::lambda::FunctionPolicy;
use crate::policy::{
    AccessChange, AccountContext, FunctionRef, PolicyDiff, PolicyDocument, ProblemKind, UrlState,
    diff_policies, lint_policy, validate_document,
};
use crate::session::Session;
use serde_json::json as value;
use std::io::Read;

pub async fn run(
    session: &Session,
    args: &PutArgs,
    format: OutputFormat,
    read_only: bool,
) -> Result<Exit, CommandError> {
    let (label, text) = read_document(&args.file)?;
    let (function, qualifier) = split_target(&args.function)?;
    let resource = resource_arn(session, &function, qualifier.as_deref()).await?;
    let arn = crate::policy::Arn::parse(&resource).expect("an ARN built here");
    let problems = validate_document(&text, &arn);
    let (invalid, suspicious): (Vec<_>, Vec<_>) = problems
        .iter()
        .partition(|p| p.kind == ProblemKind::Invalid);
    for problem in &suspicious {
        eprintln!(
            "{}",
            crate::printable::line(&problem.located(&label).replacen(": ", ": warning: ", 1))
        );
    }
    if !invalid.is_empty() {
        // One problem per line, as compilers print them, so editors can jump to each.
        for problem in &invalid {
            eprintln!("{}", crate::printable::line(&problem.located(&label)));
        }
        return Err(CommandError::bad_input(format!(
            "{} problem{} in {label}: nothing was put",
            invalid.len(),
            if invalid.len() == 1 { "" } else { "s" }
        )));
    }
    let document = PolicyDocument::parse(&text)
        .map_err(|e| CommandError::bad_input(format!("{label}: {e}")))?;
    let current = session
        .client
        .get_policy(&function, qualifier.as_deref())
        .await?;
    let before = current
        .document
        .clone()
        .unwrap_or_else(PolicyDocument::empty);
    let diff = diff_policies(&before, &document);
    let lints = lint_lines(&document, arn.account_id());
    let (added, removed, changed) = diff.counts();
    let dry_run = args.dry_run || read_only;
    // What the put adds beyond the account: listed, and confirmed as every write path does.
    let access = AccessChange::of_put(current.document.as_ref(), &document, arn.account_id());
    match format {
        OutputFormat::Table => print(&review(&resource, &current, &diff, &lints, &access)),
        OutputFormat::Json if dry_run => print(&json(&value!({
            "resource": resource,
            "dry_run": true,
            "revision_id": current.revision_id,
            "diff": diff.lines(),
            "added": added, "removed": removed, "changed": changed,
            "lints": lints,
            "access_added": access.lines(),
            "access_removed": access.removed,
        }))),
        OutputFormat::Json => {}
    }
    if read_only && !args.dry_run {
        return Err(CommandError::bad_input(
            "read-only mode (--read-only): nothing was put; add --dry-run to review only",
        ));
    }
    if dry_run {
        return Ok(Exit::Clean);
    }
    if removed > 0 && format == OutputFormat::Json {
        // The question is asked on stderr; the diff it is about goes there too.
        eprint!(
            "{}",
            crate::printable::text(&review(&resource, &current, &diff, &lints, &access))
        );
    }
    // A document read from stdin used it up: no one is left there to answer.
    let stdin_used = args.file.as_os_str() == "-";
    if !confirm_losses(removed, &resource, args.guard.yes, stdin_used)?
        || !super::confirm::access_confirmed(&access, &resource, args.guard.yes, stdin_used)?
    {
        eprintln!("nothing was put");
        return Ok(Exit::Clean);
    }
    let guard = guard_revision(&args.guard, &current);
    let written = session
        .client
        .put_resource_policy(&resource, &text, guard.as_deref())
        .await
        .map_err(|e| stale_or(e, &args.guard))?;
    let revision = written.policy.as_ref().map(|p| p.revision_id.clone());
    match format {
        OutputFormat::Json => print(&json(&value!({
            "resource": resource,
            "put": true,
            "revision_id": revision,
            "diff": diff.lines(),
            "added": added, "removed": removed, "changed": changed,
            "lints": lints,
            "access_added": access.lines(),
            "access_removed": access.removed,
            "attempts": written.attempts,
            "reconciled": written.reconciled,
        }))),
        OutputFormat::Table => {
            let mut out = format!(
                "put {} statement{} (added {added}, removed {removed}, changed {changed}); revision {}\n",
                document.statements.len(),
                if document.statements.len() == 1 {
                    ""
                } else {
                    "s"
                },
                revision.as_deref().unwrap_or("-")
            );
            if let Some(note) = written.reconciled {
                out.push_str(&format!("note: {note}\n"));
            }
            print(&out);
        }
    }
    Ok(Exit::Clean)
}

/// The longest policy file read: a policy holds at most 20,480 bytes written compactly; even
/// pretty-printed with comments it stays far below this.
pub(super) const MAX_POLICY_FILE_BYTES: u64 = 1024 * 1024;

/// The document and how problems name it: the path, or `<stdin>` for `-`.
pub(super) fn read_document(file: &std::path::Path) -> Result<(String, String), CommandError> {
    if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_POLICY_FILE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| {
                CommandError::bad_input(format!("cannot read the policy from stdin: {e}"))
            })?;
        if text.len() as u64 > MAX_POLICY_FILE_BYTES {
            return Err(CommandError::bad_input(format!(
                "the policy on stdin is longer than {} KiB, far more than a policy holds",
                MAX_POLICY_FILE_BYTES / 1024
            )));
        }
        return Ok(("<stdin>".into(), text));
    }
    let text = crate::files::read_text(file, MAX_POLICY_FILE_BYTES)
        .map_err(|e| CommandError::bad_input(format!("cannot read the policy: {e}")))?;
    Ok((file.display().to_string(), text))
}

/// The complete ARN of the function, version or alias: PutResourcePolicy takes no short name.
pub(super) async fn resource_arn(
    session: &Session,
    function: &str,
    qualifier: Option<&str>,
) -> Result<String, CommandError> {
    let reference = FunctionRef::parse(function)
        .map_err(|issue| CommandError::bad_input(format!("FUNCTION '{function}': {issue}")))?;
    let account = match super::policy::function_account(session, function).await {
        Some(account) => account,
        // Ask again to say why: most often there is no such function.
        None => session
            .client
            .get_function(function, None)
            .await?
            .account()
            .ok_or_else(|| {
                CommandError::failed(format!(
                    "cannot tell the account of {function}: give its ARN"
                ))
            })?,
    };
    let context = AccountContext::new(account, session.context.region.clone());
    let qualifier = qualifier.filter(|q| *q != "$LATEST");
    Ok(reference.qualified_arn(&context, qualifier))
}

/// The revision the write is guarded by: the one given, none with `--force`, else the one read
/// (none when there was no policy: nothing is there to lose).
pub(super) fn guard_revision(guard: &RevisionGuard, current: &FunctionPolicy) -> Option<String> {
    if guard.force {
        return None;
    }
    guard
        .revision_id
        .clone()
        .or_else(|| current.revision_id.clone())
}

/// A refused guard, said as what happened and what to do.
pub(super) fn stale_or(error: crate::lambda::LambdaError, guard: &RevisionGuard) -> CommandError {
    if error.is_aws(crate::policy::ErrorType::PreconditionFailed) && !guard.force {
        return CommandError::failed(format!(
            "the policy changed since it was read, so nothing was written ({error}); read it again and retry, or give --force"
        ));
    }
    error.into()
}

/// One line per finding of the document's statements, `SEVERITY SID (LINT): message`.
pub(super) fn lint_lines(document: &PolicyDocument, account: Option<&str>) -> Vec<String> {
    document
        .statements
        .iter()
        .zip(lint_policy(
            &document.statements,
            account,
            &UrlState::Unknown,
        ))
        .flat_map(|(statement, lints)| {
            let sid = statement.sid.clone().unwrap_or_else(|| "-".into());
            lints.into_iter().map(move |lint| {
                format!(
                    "{} {sid} ({}): {}",
                    lint.severity.as_str(),
                    lint.id,
                    lint.message
                )
            })
        })
        .collect()
}

/// What a put would do, for a person: the resource and revision, the diff, the lints.
pub(super) fn review(
    resource: &str,
    current: &FunctionPolicy,
    diff: &PolicyDiff,
    lints: &[String],
    access: &AccessChange,
) -> String {
    let mut out = format!("{resource} (revision {})\n", revision_label(current));
    // Access first, in words: what the put lets in and shuts out, before how the text changes.
    for change in access.review_lines() {
        out.push_str(&format!("access: {}\n", crate::printable::line(&change)));
    }
    if diff.is_empty() {
        out.push_str("no change to the statements\n");
    }
    // Sids and values come from the document and the server: one line each, whatever they hold.
    for line in diff.lines() {
        out.push_str(&crate::printable::line(&line));
        out.push('\n');
    }
    for lint in lints {
        out.push_str(&format!("lint: {}\n", crate::printable::line(lint)));
    }
    out
}

/// Whether a put that removes `removed` statements may go ahead (true when it removes none).
pub(super) fn confirm_losses(
    removed: usize,
    resource: &str,
    yes: bool,
    stdin_used: bool,
) -> Result<bool, CommandError> {
    if removed == 0 {
        return Ok(true);
    }
    let statements = if removed == 1 {
        "statement"
    } else {
        "statements"
    };
    let refusal = format!(
        "this put removes {removed} {statements} from {resource}: add --yes to put it, or --dry-run to see the diff"
    );
    if stdin_used && !yes {
        return Err(CommandError::bad_input(refusal));
    }
    super::confirm::confirmed(
        &format!("this put removes {removed} {statements} from {resource}; put it?"),
        &refusal,
        yes,
    )
}

fn revision_label(policy: &FunctionPolicy) -> &str {
    policy
        .revision_id
        .as_deref()
        .unwrap_or("none: no policy yet")
}
