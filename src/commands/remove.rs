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
