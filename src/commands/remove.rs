//! `lambda-policy remove FUNCTION[:QUALIFIER] SID [--guard]`.

use super::output::{json, print};
use super::{CommandError, split_target};
use crate::cli::{OutputFormat, RemoveArgs};
use crate::commands::Exit;
use crate::session::Session;

pub async fn run(
    session: &Session,
    args: &RemoveArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let (function, qualifier) = split_target(&args.function)?;
    if let Some(issue) = crate::policy::validate::remove_statement_id_issue(&args.sid) {
        return Err(CommandError::bad_input(format!(
            "SID '{}': {issue}",
            args.sid
        )));
    }
    let client = &session.client;
    let qualifier = qualifier.as_deref();
    let outcome = if args.guard {
        // The guard needs the revision: read once, and judge a lost answer against that read.
        let before = client.get_policy(&function, qualifier).await?;
        let revision = before.revision_id.as_deref();
        client
            .remove_permission_after(&function, &args.sid, qualifier, revision, Some(&before))
            .await?
    } else {
        client
            .remove_permission(&function, &args.sid, qualifier, None)
            .await?
    };
    print_removed(&args.sid, &args.function, &outcome, format);
    Ok(Exit::Clean)
}

/// What a removal did: `removed SID from TARGET` (with the note of a lost answer), or JSON.
pub fn print_removed(
    sid: &str,
    target: &str,
    outcome: &crate::lambda::WriteOutcome,
    format: OutputFormat,
) {
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({
            "removed": sid,
            "attempts": outcome.attempts,
            "reconciled": outcome.reconciled,
        }))),
        OutputFormat::Table => {
            let mut text = format!(
                "removed {} from {}\n",
                crate::printable::line(sid),
                crate::printable::line(target)
            );
            if let Some(note) = &outcome.reconciled {
                text.push_str(&format!("note: {note}\n"));
            }
            print(&text);
        }
    }
}
