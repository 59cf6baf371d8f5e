//! `lambda-policy add`: local validation first (every problem, each naming its flag, exit 2),
//! lints on stderr, then AddPermission, or with `--dry-run` the statement only.

use super::output::{json, print};
use super::policy::LintOut;
use super::{CommandError, split_target};
use crate::cli::{AddArgs, OutputFormat};
use crate::commands::Exit;
use crate::policy::{Field, PermissionRequest, builtin_presets, lint_request, statement_for};
use crate::session::Session;
use std::collections::BTreeMap;

/// The request the flags describe, on top of a preset when one is named.
pub fn request_from(args: &AddArgs) -> Result<PermissionRequest, CommandError> {
    let (function, qualifier) = split_target(&args.function)?;
    let mut request = match &args.preset {
        Some(name) => {
            let presets = builtin_presets().map_err(|e| CommandError::failed(e.to_string()))?;
            let preset = presets.iter().find(|p| p.id == *name).ok_or_else(|| {
                let names: Vec<&str> = presets.iter().map(|p| p.id.as_str()).collect();
                CommandError::bad_input(format!(
                    "--preset: no preset '{name}'; choose one of {}",
                    names.join(", ")
                ))
            })?;
            if args.preset_statement == 0 || args.preset_statement > preset.statements.len() {
                return Err(CommandError::bad_input(format!(
                    "--preset-statement: preset '{name}' has {} statement(s)",
                    preset.statements.len()
                )));
            }
            preset.request(args.preset_statement - 1, &BTreeMap::new())
        }
        None => PermissionRequest::default(),
    };
    request.function_name = Some(function);
    request.qualifier = qualifier;
    let flags = [
        (Field::StatementId, &args.statement_id),
        (Field::Action, &args.action),
        (Field::Principal, &args.principal),
        (Field::SourceArn, &args.source_arn),
        (Field::SourceAccount, &args.source_account),
        (Field::EventSourceToken, &args.event_source_token),
        (Field::PrincipalOrgId, &args.principal_org_id),
        (Field::FunctionUrlAuthType, &args.function_url_auth_type),
        (Field::RevisionId, &args.revision_id),
    ];
    for (field, value) in flags {
        if let Some(value) = value {
            request.set_text(field, value);
        }
    }
    if args.invoked_via_function_url {
        request.invoked_via_function_url = Some(true);
    }
    super::refuse_problems(&request.validate())?;
    Ok(request)
}

pub async fn run(
    session: &Session,
    args: &AddArgs,
    mut request: PermissionRequest,
    format: OutputFormat,
    read_only: bool,
) -> Result<Exit, CommandError> {
    let function = request.function_name.clone().unwrap_or_default();
    let account = super::policy::function_account(session, &function).await;
    let lints = lint_request(&request, account.as_deref());
    // In JSON the lints are in the output: stderr keeps only an error, as one JSON object.
    let prose_lints = if format == OutputFormat::Table {
        lints.as_slice()
    } else {
        &[]
    };
    for lint in prose_lints {
        // A note (another account was asked for, say) is information, not something to fix.
        let fix = if lint.severity == crate::policy::Severity::Info {
            String::new()
        } else {
            format!(" — fix it in {}", lint.id.field().flag())
        };
        eprintln!(
            "{}",
            crate::printable::text(&format!(
                "{}: {} ({}){fix}",
                lint.severity.as_str(),
                lint.message,
                lint.id,
            ))
        );
    }
    if read_only && !args.dry_run {
        return Err(CommandError::bad_input(
            "read-only mode (--read-only): add sends nothing; add --dry-run to see the statement",
        ));
    }
    if args.dry_run {
        let context = crate::policy::AccountContext::new(
            account.unwrap_or_else(|| "ACCOUNT".into()),
            session.context.region.clone(),
        );
        let reference = crate::policy::FunctionRef::parse(&function)
            .map_err(|i| CommandError::bad_input(i.message))?;
        let resource = reference.qualified_arn(&context, request.qualifier.as_deref());
        let statement = statement_for(&request, &resource);
        match format {
            OutputFormat::Json => print(&json(&serde_json::json!({
                "dry_run": true,
                "statement": statement,
                "lints": lints.iter().map(LintOut::from).collect::<Vec<_>>(),
            }))),
            OutputFormat::Table => print(&json(&statement)),
        }
        return Ok(Exit::Clean);
    }
    let sid = request.statement_id.clone().unwrap_or_default();
    let access = crate::policy::AccessChange::of_lints(&sid, &lints);
    if !super::confirm::access_confirmed(&access, &function, args.yes, false)? {
        eprintln!("nothing was added");
        return Ok(Exit::Clean);
    }
    let outcome = if args.guard {
        // The guard needs the revision: read once, and judge a lost answer against that read.
        let before = session
            .client
            .get_policy(&function, request.qualifier.as_deref())
            .await?;
        request.revision_id = before.revision_id.clone();
        session
            .client
            .add_permission_after(&request, Some(&before))
            .await?
    } else {
        session.client.add_permission(&request).await?
    };
    print_added(&sid, &outcome, &lints, format);
    Ok(Exit::Clean)
}

/// What an add did: `added SID`, the note of a lost answer and the statement written, or JSON.
pub fn print_added(
    sid: &str,
    outcome: &crate::lambda::WriteOutcome,
    lints: &[crate::policy::Lint],
    format: OutputFormat,
) {
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({
            "added": sid,
            "statement": outcome.statement,
            "attempts": outcome.attempts,
            "reconciled": outcome.reconciled,
            "lints": lints.iter().map(LintOut::from).collect::<Vec<_>>(),
        }))),
        OutputFormat::Table => {
            let mut text = format!("added {}\n", crate::printable::line(sid));
            if let Some(note) = &outcome.reconciled {
                text.push_str(&format!("note: {note}\n"));
            }
            if let Some(statement) = &outcome.statement {
                text.push_str(&json(statement));
            }
            print(&text);
        }
    }
}
