//! `lambda-policy layer-policy NAME:VERSION`, `layer-add NAME:VERSION ...` and
//! `layer-remove NAME:VERSION SID`: a layer version's policy, read, added to and taken from,
//! with the lints of its statements.

use super::CommandError;
use super::output::{json, print, table};
use super::policy::LintOut;
use crate::cli::{LayerAddArgs, LayerPolicyArgs, LayerRemoveArgs, OutputFormat};
use crate::commands::Exit;
use crate::lambda::FunctionPolicy;
use crate::policy::{
    Field, LayerPermissionRequest, Lint, Statement, layer_statement_for, lint_layer_statement,
    patterns,
};
use crate::printable::line;
use crate::session::Session;

/// `NAME:VERSION` (the name may be a layer ARN) → the layer and the version number.
pub fn split_layer_version(text: &str) -> Result<(String, u64), CommandError> {
    let bad = |why: &str| CommandError::bad_input(format!("LAYER:VERSION '{}': {why}", line(text)));
    let (layer, version) = text
        .rsplit_once(':')
        .ok_or_else(|| bad("write the layer, a colon and the version number (pandas:3)"))?;
    let version: u64 = version
        .parse()
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| bad("the version is a number from 1"))?;
    if !patterns::LAYER_NAME_OR_ARN_RE.is_match(layer) {
        return Err(bad(
            "the layer is a name (letters, digits, '-' and '_', up to 140) or a layer ARN",
        ));
    }
    Ok((layer.to_string(), version))
}

/// The account the layer belongs to: the session's, or the one its ARN names.
fn layer_account(session: &Session, layer: &str) -> Option<String> {
    session
        .context
        .account
        .clone()
        .or_else(|| crate::policy::arn::account_of_arn(layer))
}

fn lints_of(policy: &FunctionPolicy, account: Option<&str>) -> Vec<(Statement, Vec<Lint>)> {
    policy
        .document
        .iter()
        .flat_map(|d| d.statements.iter())
        .map(|s| (s.clone(), lint_layer_statement(s, account)))
        .collect()
}

pub async fn show(
    session: &Session,
    args: &LayerPolicyArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let (layer, version) = split_layer_version(&args.layer_version)?;
    let policy = session
        .client
        .get_layer_version_policy(&layer, version)
        .await?;
    // The layer's account: known, or named by the version's ARN in its own statements.
    let account = layer_account(session, &layer).or_else(|| {
        policy.document.as_ref().and_then(|d| {
            d.statements.iter().find_map(|s| {
                s.raw["Resource"]
                    .as_str()
                    .and_then(crate::policy::arn::account_of_arn)
            })
        })
    });
    let statements = lints_of(&policy, account.as_deref());
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({
            "layer": layer,
            "version": version,
            "revision_id": policy.revision_id,
            "policy": policy.document.as_ref().map(|d| d.raw.clone()),
            "findings": super::policy::findings_json(&statements),
        }))),
        OutputFormat::Table => {
            let target = format!("{layer}:{version}");
            if policy.document.is_none() {
                print(&format!(
                    "{}: no policy (only this account can use it)\n",
                    line(&target)
                ));
                return Ok(Exit::Clean);
            }
            let rows: Vec<Vec<String>> = statements
                .iter()
                .map(|(s, lints)| {
                    vec![
                        s.sid.clone().unwrap_or_default(),
                        s.principal
                            .as_ref()
                            .map(|p| p.summary())
                            .unwrap_or_default(),
                        s.condition_summary(),
                        super::policy::lint_cell(lints),
                    ]
                })
                .collect();
            let mut text = format!(
                "{}  revision {}\n",
                line(&target),
                line(policy.revision_id.as_deref().unwrap_or_default())
            );
            text.push_str(&table(&["SID", "PRINCIPAL", "CONDITIONS", "LINTS"], &rows));
            text.push_str(&super::policy::lint_lines(&statements));
            print(&text);
        }
    }
    Ok(Exit::Clean)
}

/// The request the flags describe, checked: every problem at once, as `--flag: reason`.
pub fn request_from(args: &LayerAddArgs) -> Result<LayerPermissionRequest, CommandError> {
    let (layer, version) = split_layer_version(&args.layer_version)?;
    let request = LayerPermissionRequest {
        layer_name: Some(layer),
        version_number: Some(version as i64),
        statement_id: args.statement_id.clone(),
        action: Some(args.action.clone()),
        principal: args.principal.clone(),
        organization_id: args.organization_id.clone(),
        revision_id: args.revision_id.clone(),
    };
    super::refuse_problems(&request.validate())?;
    Ok(request)
}

/// The ARN of a layer version: from the ARN given, else as the layer's listing names it.
async fn version_arn(session: &Session, layer: &str, version: u64) -> Result<String, CommandError> {
    if crate::policy::Arn::parse(layer).is_some() {
        return Ok(format!("{layer}:{version}"));
    }
    let versions = session.client.list_layer_versions(layer).await?;
    versions
        .into_iter()
        .find(|v| v.version == version)
        .map(|v| v.layer_version_arn)
        .ok_or_else(|| {
            CommandError::failed(format!(
                "layer {}:{version} does not exist (`lambda-policy layers --versions` lists them)",
                line(layer)
            ))
        })
}

pub async fn add(
    session: &Session,
    args: &LayerAddArgs,
    mut request: LayerPermissionRequest,
    format: OutputFormat,
    read_only: bool,
) -> Result<Exit, CommandError> {
    let layer = request.layer_name.clone().unwrap_or_default();
    let version = request.version_number.unwrap_or_default() as u64;
    let account = layer_account(session, &layer);
    // The statement as Lambda will write it, and its lints, before anything is sent.
    let arn = version_arn(session, &layer, version).await?;
    let statement = layer_statement_for(&request, &arn);
    let lints = crate::policy::PolicyDocument::from_value(
        serde_json::json!({"Statement": [statement.clone()]}),
    )
    .ok()
    .and_then(|d| d.statements.into_iter().next())
    .map(|s| lint_layer_statement(&s, account.as_deref()))
    .unwrap_or_default();
    for lint in lints.iter().filter(|_| format == OutputFormat::Table) {
        eprintln!(
            "{} ({}): {}",
            lint.severity.as_str(),
            lint.id,
            line(&lint.message)
        );
    }
    if read_only && !args.dry_run {
        return Err(CommandError::bad_input(
            "read-only mode (--read-only): layer-add sends nothing; add --dry-run to see the statement",
        ));
    }
    if args.dry_run {
        match format {
            OutputFormat::Json => print(&json(&serde_json::json!({
                "dry_run": true,
                "statement": statement,
                "lints": lints.iter().map(LintOut::from).collect::<Vec<_>>(),
            }))),
            OutputFormat::Table => print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&statement).unwrap_or_default()
            )),
        }
        return Ok(Exit::Clean);
    }
    let sid = request.statement_id.clone().unwrap_or_default();
    let access = crate::policy::AccessChange::of_lints(&sid, &lints);
    let target = format!("layer {layer}:{version}");
    if !super::confirm::access_confirmed(&access, &target, args.yes, false)? {
        eprintln!("nothing was added");
        return Ok(Exit::Clean);
    }
    if args.guard {
        let before = session
            .client
            .get_layer_version_policy(&layer, version)
            .await?;
        request.revision_id = before.revision_id;
    }
    let outcome = session
        .client
        .add_layer_version_permission(&request)
        .await?;
    super::add::print_added(&sid, &outcome, &lints, format);
    Ok(Exit::Clean)
}

pub async fn remove(
    session: &Session,
    args: &LayerRemoveArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let (layer, version) = split_layer_version(&args.layer_version)?;
    if let Some(issue) = crate::policy::validate::member_issue(Field::StatementId, &args.sid) {
        return Err(CommandError::bad_input(format!(
            "SID '{}': {issue}",
            line(&args.sid)
        )));
    }
    let revision = if args.guard {
        session
            .client
            .get_layer_version_policy(&layer, version)
            .await?
            .revision_id
    } else {
        None
    };
    let outcome = session
        .client
        .remove_layer_version_permission(&layer, version, &args.sid, revision.as_deref())
        .await?;
    super::remove::print_removed(
        &args.sid,
        &format!("{}:{version}", line(&layer)),
        &outcome,
        format,
    );
    Ok(Exit::Clean)
}
