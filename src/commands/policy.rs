//! `lambda-policy policy FUNCTION[:QUALIFIER]`: the statements with their lints, or JSON.

use super::output::{json, print, table};
use super::{CommandError, split_target};
use crate::cli::{OutputFormat, PolicyArgs};
use crate::commands::Exit;
use crate::policy::{Lint, UrlState};
use crate::printable::line;
use crate::session::Session;
use serde::Serialize;

#[derive(Serialize)]
pub struct LintOut {
    pub id: &'static str,
    pub severity: &'static str,
    pub message: String,
}

impl From<&Lint> for LintOut {
    fn from(lint: &Lint) -> LintOut {
        LintOut {
            id: lint.id.as_str(),
            severity: lint.severity.as_str(),
            message: lint.message.clone(),
        }
    }
}

/// A statement's lints in a table cell: `severity:id` each.
pub fn lint_cell(lints: &[Lint]) -> String {
    lints
        .iter()
        .map(|l| format!("{}:{}", l.severity.as_str(), l.id))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line per finding, `SEVERITY SID (LINT): message`, under a policy's table.
pub fn lint_lines<S: std::borrow::Borrow<crate::policy::Statement>>(
    statements: &[(S, Vec<Lint>)],
) -> String {
    let mut text = String::new();
    for (s, lints) in statements {
        for l in lints {
            text.push_str(&format!(
                "{} {} ({}): {}\n",
                l.severity.as_str(),
                line(s.borrow().sid.as_deref().unwrap_or_default()),
                l.id,
                line(&l.message)
            ));
        }
    }
    text
}

/// The findings of a policy's statements, as the JSON output lists them.
pub fn findings_json<S: std::borrow::Borrow<crate::policy::Statement>>(
    statements: &[(S, Vec<Lint>)],
) -> Vec<serde_json::Value> {
    statements
        .iter()
        .flat_map(|(s, lints)| {
            lints.iter().map(
                move |l| serde_json::json!({ "sid": s.borrow().sid, "lint": LintOut::from(l) }),
            )
        })
        .collect()
}

/// The function's account: known from the session or the reference, else read from Lambda.
pub async fn function_account(session: &Session, function: &str) -> Option<String> {
    let written = crate::policy::FunctionRef::parse(function)
        .ok()
        .and_then(|r| r.account);
    if let Some(account) = session.context.account.clone().or(written) {
        return Some(account);
    }
    let configuration = session.client.get_function(function, None).await.ok()?;
    configuration.account()
}

/// The URL of the target, looked up only when a statement is about URLs (the URL lints need it
/// then, and only then).
pub async fn url_state_for(
    session: &Session,
    policy: &crate::lambda::FunctionPolicy,
    function: &str,
    qualifier: Option<&str>,
) -> UrlState {
    let mentions = policy
        .document
        .as_ref()
        .is_some_and(|d| crate::policy::url_lint::mentions_url(&d.statements));
    if !mentions {
        return UrlState::Unknown;
    }
    session.client.url_state(function, qualifier).await
}

pub async fn run(
    session: &Session,
    args: &PolicyArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let (function, qualifier) = split_target(&args.function)?;
    let policy = session
        .client
        .get_policy(&function, qualifier.as_deref())
        .await?;
    if policy.document.is_none() {
        // GetPolicy says "does not exist" alike for no policy and no function: tell them apart.
        session
            .client
            .get_function(&function, qualifier.as_deref())
            .await?;
    }
    if args.raw {
        match &policy.text {
            // As stored, but with unsafe characters as `\uXXXX`: the same JSON, safe to show.
            Some(text) => print(&format!("{}\n", crate::printable::json(text))),
            None => eprintln!("{}: no resource policy", line(&args.function)),
        }
        return Ok(Exit::Clean);
    }
    let account = function_account(session, &function).await;
    // One target: its URL is read whatever the policy holds, and shown with it.
    let is_version = qualifier.as_deref().is_some_and(|q| {
        crate::policy::QualifierKind::of(q) != crate::policy::QualifierKind::Alias
    });
    let (url, url_config) = if is_version {
        (UrlState::Absent, None)
    } else {
        match session
            .client
            .get_function_url_config(&function, qualifier.as_deref())
            .await
        {
            Ok(Some(config)) => (
                UrlState::Present {
                    auth_type: config.auth_type.clone(),
                },
                Some(config),
            ),
            Ok(None) => (UrlState::Absent, None),
            Err(_) => (UrlState::Unknown, None),
        }
    };
    let statements = policy.statement_lints(account.as_deref(), &url);
    match format {
        OutputFormat::Json => {
            let out = serde_json::json!({
                "function": function,
                "qualifier": qualifier,
                "revision_id": policy.revision_id,
                "size_bytes": policy.size_bytes(),
                "policy": policy.document.as_ref().map(|d| d.raw.clone()),
                "url": url_config.as_ref().map(|u| serde_json::json!({
                    "url": u.function_url,
                    "auth_type": u.auth_type,
                })),
                "findings": findings_json(&statements),
            });
            print(&json(&out));
        }
        OutputFormat::Table => {
            let target = qualifier
                .as_ref()
                .map_or(function.clone(), |q| format!("{function}:{q}"));
            if policy.document.is_none() {
                print(&format!("{target}: no resource policy\n"));
                return Ok(Exit::Clean);
            }
            let rows: Vec<Vec<String>> = statements
                .iter()
                .map(|(s, lints)| {
                    vec![
                        s.sid.clone().unwrap_or_default(),
                        format!("{:?}", s.effect),
                        s.principal
                            .as_ref()
                            .map(|p| p.summary())
                            .unwrap_or_default(),
                        s.action.join(","),
                        s.condition_summary(),
                        lint_cell(lints),
                    ]
                })
                .collect();
            let url_text = url_config
                .as_ref()
                .map(|u| format!("  URL {} ({})", line(&u.function_url), line(&u.auth_type)))
                .unwrap_or_default();
            let mut text = format!(
                "{target}  revision {}  {} bytes{url_text}\n",
                line(policy.revision_id.as_deref().unwrap_or_default()),
                policy.size_bytes()
            );
            text.push_str(&table(
                &[
                    "SID",
                    "EFFECT",
                    "PRINCIPAL",
                    "ACTION",
                    "CONDITIONS",
                    "LINTS",
                ],
                &rows,
            ));
            text.push_str(&lint_lines(&statements));
            print(&text);
        }
    }
    Ok(Exit::Clean)
}
