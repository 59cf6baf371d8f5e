//! `lambda-policy remove FUNCTION[:QUALIFIER] SID [--guard]`.

use super::output::{json, print};
use super::{CommandError, split_target};
use crate::cli::{OutputFormat, RemoveArgs};
use crate::session::Session;

pub async fn run(
    session: &Session,
    args: &RemoveArgs,
    format: OutputFormat,
) -> Result<u8, CommandError> {
    let (function, qualifier) = split_target(&args.function)?;
    if let Some(issue) = crate::policy::validate::remove_statement_id_issue(&args.sid) {
        return Err(CommandError::bad_input(format!(
            "SID '{}': {issue}",
            args.sid
        )));
    }
    // Read before writing: the revision for --guard, and what a lost answer is judged against.
    let before = session
        .client
        .get_policy(&function, qualifier.as_deref())
        .await?;
    let revision = before.revision_id.as_deref().filter(|_| args.guard);
    let outcome = session
        .client
        .remove_permission_after(
            &function,
            &args.sid,
            qualifier.as_deref(),
            revision,
            &before,
        )
        .await?;
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({
            "removed": args.sid,
            "attempts": outcome.attempts,
            "reconciled": outcome.reconciled,
        }))),
        OutputFormat::Table => {
            let mut text = format!("removed {}\n", args.sid);
            if let Some(note) = outcome.reconciled {
                text.push_str(&format!("note: {note}\n"));
            }
            print(&text);
        }
    }
    Ok(0)
}
