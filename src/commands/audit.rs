//! `lambda-policy audit`: every function's policy (and with --all-qualifiers every version's and
//! alias's) and every layer version's, read a few at a time, each lint finding reported; exit 1
//! when one reaches --fail-on.

use super::CommandError;
use super::output::{json, print, table};
use crate::cli::{AuditArgs, FailOn, OutputFormat};
use crate::policy::{LintId, Severity, UrlState};
use crate::session::Session;
use futures_util::StreamExt;
use serde::Serialize;
use std::io::IsTerminal;

#[derive(Serialize)]
struct Finding {
    /// `function` or `layer`.
    kind: &'static str,
    /// The function, or `null` for a layer's finding.
    function: Option<String>,
    qualifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layer_version: Option<u64>,
    sid: Option<String>,
    lint: &'static str,
    severity: &'static str,
    message: String,
}

pub async fn run(
    session: &Session,
    args: &AuditArgs,
    format: OutputFormat,
) -> Result<u8, CommandError> {
    let fix = match &args.fix {
        None => None,
        Some(text) => Some(
            LintId::parse(text)
                .filter(|l| super::fix::fixable(*l))
                .ok_or_else(|| {
                    CommandError::bad_input(format!(
                        "--fix {text}: no such lint has a fix; fixes exist for: {}",
                        LintId::ALL
                            .iter()
                            .filter(|l| super::fix::fixable(**l))
                            .map(|l| l.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
        ),
    };
    let client = &session.client;
    let functions = if args.layers {
        Vec::new()
    } else {
        client.list_all_functions().await?
    };
    let mut targets: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for f in &functions {
        let account = f.account();
        targets.push((f.function_name.clone(), None, account.clone()));
        if args.all_qualifiers {
            for v in client.list_versions(&f.function_name).await? {
                if let Some(version) = v.version.filter(|v| v != "$LATEST") {
                    targets.push((f.function_name.clone(), Some(version), account.clone()));
                }
            }
            for a in client.list_aliases(&f.function_name, None).await? {
                targets.push((f.function_name.clone(), Some(a.name), account.clone()));
            }
        }
    }
    let total = targets.len();
    let progress = std::io::stderr().is_terminal();
    let mut done = 0;
    let mut findings = Vec::new();
    let mut to_fix = Vec::new();
    let mut results = futures_util::stream::iter(targets.into_iter().map(
        |(function, qualifier, account)| async move {
            let policy = client.get_policy(&function, qualifier.as_deref()).await;
            let url = match &policy {
                Ok(policy) => {
                    super::policy::url_state_for(session, policy, &function, qualifier.as_deref())
                        .await
                }
                Err(_) => UrlState::Unknown,
            };
            (function, qualifier, account, policy, url)
        },
    ))
    .buffer_unordered(args.concurrency.clamp(1, 15));
    while let Some((function, qualifier, account, policy, url)) = results.next().await {
        done += 1;
        if progress {
            eprint!("\raudit: {done}/{total} policies read");
        }
        let policy = policy?;
        let statement_lints = policy.statement_lints(account.as_deref(), &url);
        if let Some(fix) = fix
            && statement_lints
                .iter()
                .any(|(_, l)| l.iter().any(|l| l.id == fix))
        {
            to_fix.push(super::fix::Finding {
                function: function.clone(),
                qualifier: qualifier.clone(),
                policy: policy.clone(),
            });
        }
        for (statement, lints) in statement_lints {
            for lint in lints {
                findings.push(Finding {
                    kind: "function",
                    function: Some(function.clone()),
                    qualifier: qualifier.clone(),
                    layer: None,
                    layer_version: None,
                    sid: statement.sid.clone(),
                    lint: lint.id.as_str(),
                    severity: lint.severity.as_str(),
                    message: lint.message,
                });
            }
        }
    }
    drop(results);
    let mut read = total;
    if !args.no_layers {
        read += audit_layers(session, args, &mut findings, progress).await?;
    }
    let total = read;
    if progress {
        eprintln!();
    }
    findings.sort_by(|a, b| {
        (
            a.kind,
            &a.function,
            &a.layer,
            &a.layer_version,
            &a.qualifier,
            &a.sid,
        )
            .cmp(&(
                b.kind,
                &b.function,
                &b.layer,
                &b.layer_version,
                &b.qualifier,
                &b.sid,
            ))
    });
    let threshold = match args.fail_on {
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    let fixes = match fix {
        Some(lint) => super::fix::apply(session, lint, &to_fix, args.dry_run, args.yes).await?,
        None => Vec::new(),
    };
    let fixed = |f: &Finding| {
        fixes.iter().any(|x| {
            x.applied
                && x.lint == f.lint
                && f.function.as_ref() == Some(&x.function)
                && x.qualifier == f.qualifier
        })
    };
    let failing = findings
        .iter()
        .filter(|f| Severity::parse(f.severity).is_some_and(|s| s >= threshold))
        .filter(|f| !fixed(f))
        .count();
    match format {
        OutputFormat::Json => {
            let mut out = serde_json::json!({
                "policies_read": total,
                "findings": findings,
                "failing": failing,
            });
            if fix.is_some() {
                out["fixes"] = serde_json::to_value(&fixes).unwrap_or_default();
            }
            print(&json(&out))
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = findings
                .iter()
                .map(|f| {
                    let target = match (&f.function, &f.layer, &f.qualifier) {
                        (Some(function), _, Some(q)) => format!("{function}:{q}"),
                        (Some(function), _, None) => function.clone(),
                        (None, Some(layer), _) => {
                            format!("layer:{layer}:{}", f.layer_version.unwrap_or_default())
                        }
                        (None, None, _) => String::new(),
                    };
                    vec![
                        f.severity.to_string(),
                        target,
                        f.sid.clone().unwrap_or_default(),
                        f.lint.to_string(),
                        f.message.clone(),
                    ]
                })
                .collect();
            let mut text = table(&["SEVERITY", "RESOURCE", "SID", "LINT", "MESSAGE"], &rows);
            text.push_str(
                &format!(
                    "{total} policies read, {} findings, {failing} at or above {:?}\n",
                    findings.len(),
                    args.fail_on
                )
                .to_lowercase(),
            );
            for f in &fixes {
                let target = f
                    .qualifier
                    .as_ref()
                    .map_or(f.function.clone(), |q| format!("{}:{q}", f.function));
                let line = match (&f.error, f.applied) {
                    (Some(error), _) => format!("not fixed {target}: {error}\n"),
                    (None, true) => format!("fixed {target}: added {}\n", f.sid),
                    (None, false) => format!(
                        "would add to {target} ({}):\n{}",
                        f.lint,
                        super::output::json(&f.statement)
                    ),
                };
                text.push_str(&line);
            }
            print(&text);
        }
    }
    Ok(if failing > 0 {
        super::EXIT_FINDINGS_OR_AWS
    } else {
        0
    })
}

/// Every layer version's policy, linted; returns how many were read.
async fn audit_layers(
    session: &Session,
    args: &AuditArgs,
    findings: &mut Vec<Finding>,
    progress: bool,
) -> Result<usize, CommandError> {
    let client = &session.client;
    let mut versions = Vec::new();
    for layer in client.list_all_layers().await? {
        for version in client.list_layer_versions(&layer.layer_name).await? {
            let account = crate::policy::arn::account_of_arn(&version.layer_version_arn);
            versions.push((layer.layer_name.clone(), version.version, account));
        }
    }
    let total = versions.len();
    let mut results = futures_util::stream::iter(versions.into_iter().map(
        |(layer, version, account)| async move {
            let policy = client.get_layer_version_policy(&layer, version).await;
            (layer, version, account, policy)
        },
    ))
    .buffer_unordered(args.concurrency.clamp(1, 15));
    let mut done = 0;
    while let Some((layer, version, account, policy)) = results.next().await {
        done += 1;
        if progress {
            eprint!("\raudit: {done}/{total} layer versions read");
        }
        for statement in policy?.document.iter().flat_map(|d| d.statements.iter()) {
            for lint in crate::policy::lint_layer_statement(statement, account.as_deref()) {
                findings.push(Finding {
                    kind: "layer",
                    function: None,
                    qualifier: None,
                    layer: Some(layer.clone()),
                    layer_version: Some(version),
                    sid: statement.sid.clone(),
                    lint: lint.id.as_str(),
                    severity: lint.severity.as_str(),
                    message: lint.message,
                });
            }
        }
    }
    Ok(total)
}
