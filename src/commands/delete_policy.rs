//! `lambda-policy delete-policy FUNCTION[:QUALIFIER]`: the whole policy deleted
//! (DeleteResourcePolicy), after a confirmation, guarded by the revision read.

use super::output::{json, print};
use super::put::{guard_revision, resource_arn, stale_or};
use super::{CommandError, split_target};
use crate::cli::{DeletePolicyArgs, OutputFormat};
use crate::commands::Exit;
use crate::session::Session;

pub async fn run(
    session: &Session,
    args: &DeletePolicyArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let (function, qualifier) = split_target(&args.function)?;
    let resource = resource_arn(session, &function, qualifier.as_deref()).await?;
    let current = session
        .client
        .get_policy(&function, qualifier.as_deref())
        .await?;
    let count = current.statement_count();
    if count == 0 {
        return Err(CommandError::failed(format!("{resource} has no policy")));
    }
    let statements = if count == 1 {
        "statement"
    } else {
        "statements"
    };
    let go = super::confirm::confirmed(
        &format!("delete the policy of {resource} ({count} {statements})?"),
        &format!("deleting the policy of {resource} removes {count} {statements}: add --yes"),
        args.guard.yes,
    )?;
    if !go {
        eprintln!("nothing was deleted");
        return Ok(Exit::Clean);
    }
    let guard = guard_revision(&args.guard, &current);
    let written = session
        .client
        .delete_resource_policy(&resource, guard.as_deref())
        .await
        .map_err(|e| stale_or(e, &args.guard))?;
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({
            "resource": resource,
            "deleted": count,
            "attempts": written.attempts,
            "reconciled": written.reconciled,
        }))),
        OutputFormat::Table => {
            let mut out = format!("deleted the policy of {resource} ({count} {statements})\n");
            if let Some(note) = written.reconciled {
                out.push_str(&format!("note: {note}\n"));
            }
            print(&out);
        }
    }
    Ok(Exit::Clean)
}
