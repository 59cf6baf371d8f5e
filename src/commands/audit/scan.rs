//! One account and region read: every function's policy (and with `--all-qualifiers` every
//! version's and alias's) and every layer version's, a few at a time, each statement linted.

use super::finding::Finding;
use crate::commands::fix;
use crate::lambda::LambdaError;
use crate::policy::{LintId, UrlState};
use crate::session::Session;
use futures_util::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to read.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions {
    pub functions: bool,
    pub layers: bool,
    pub all_qualifiers: bool,
    /// Policies read at once.
    pub concurrency: usize,
    /// The lint whose fix is asked for: the policies where it is found are kept.
    pub fix: Option<LintId>,
}

/// Counts that a progress line shows while places are read.
#[derive(Debug, Default)]
pub struct Counts {
    /// Policies known to be read, over every place.
    pub total: AtomicUsize,
    pub read: AtomicUsize,
}

#[derive(Default)]
pub struct Scan {
    pub policies_read: usize,
    pub findings: Vec<Finding>,
    /// The ARN of every resource whose policy was read.
    pub resources: Vec<String>,
    /// The policies where the lint to fix was found.
    pub to_fix: Vec<fix::Finding>,
}

pub async fn scan(
    session: &Session,
    options: ScanOptions,
    counts: Arc<Counts>,
) -> Result<Scan, LambdaError> {
    let mut scan = Scan::default();
    if options.functions {
        scan_functions(session, options, &counts, &mut scan).await?;
    }
    if options.layers {
        scan_layers(session, options, &counts, &mut scan).await?;
    }
    Ok(scan)
}

async fn scan_functions(
    session: &Session,
    options: ScanOptions,
    counts: &Counts,
    scan: &mut Scan,
) -> Result<(), LambdaError> {
    let client = &session.client;
    let region = session.context.region.clone();
    let mut targets: Vec<(String, Option<String>, String)> = Vec::new();
    for f in client.list_all_functions().await? {
        targets.push((f.function_name.clone(), None, f.function_arn.clone()));
        if options.all_qualifiers {
            for v in client.list_versions(&f.function_name).await? {
                if let Some(version) = v.version.filter(|v| v != "$LATEST") {
                    let arn = format!("{}:{version}", f.function_arn);
                    targets.push((f.function_name.clone(), Some(version), arn));
                }
            }
            for a in client.list_aliases(&f.function_name, None).await? {
                let arn = format!("{}:{}", f.function_arn, a.name);
                targets.push((f.function_name.clone(), Some(a.name), arn));
            }
        }
    }
    counts.total.fetch_add(targets.len(), Ordering::Relaxed);
    let mut results = futures_util::stream::iter(targets.into_iter().map(
        |(function, qualifier, arn)| async move {
            let policy = client.get_policy(&function, qualifier.as_deref()).await;
            let url = match &policy {
                Ok(policy) => {
                    crate::commands::policy::url_state_for(
                        session,
                        policy,
                        &function,
                        qualifier.as_deref(),
                    )
                    .await
                }
                Err(_) => UrlState::Unknown,
            };
            (function, qualifier, arn, policy, url)
        },
    ))
    .buffer_unordered(options.concurrency.clamp(1, 15));
    while let Some((function, qualifier, arn, policy, url)) = results.next().await {
        counts.read.fetch_add(1, Ordering::Relaxed);
        scan.policies_read += 1;
        let policy = policy?;
        scan.resources.push(arn.clone());
        let account = crate::policy::arn::account_of_arn(&arn);
        let statement_lints = policy.statement_lints(account.as_deref(), &url);
        if let Some(lint) = options.fix
            && statement_lints
                .iter()
                .any(|(_, l)| l.iter().any(|l| l.id == lint))
        {
            scan.to_fix.push(fix::Finding {
                function: function.clone(),
                qualifier: qualifier.clone(),
                policy: policy.clone(),
            });
        }
        for (statement, lints) in statement_lints {
            for lint in lints {
                scan.findings.push(Finding {
                    function: Some(function.clone()),
                    qualifier: qualifier.clone(),
                    ..found("function", &region, &arn, statement, lint)
                });
            }
        }
    }
    Ok(())
}

async fn scan_layers(
    session: &Session,
    options: ScanOptions,
    counts: &Counts,
    scan: &mut Scan,
) -> Result<(), LambdaError> {
    let client = &session.client;
    let region = session.context.region.clone();
    let mut versions = Vec::new();
    for layer in client.list_all_layers().await? {
        for version in client.list_layer_versions(&layer.layer_name).await? {
            versions.push((
                layer.layer_name.clone(),
                version.version,
                version.layer_version_arn,
            ));
        }
    }
    counts.total.fetch_add(versions.len(), Ordering::Relaxed);
    let mut results = futures_util::stream::iter(versions.into_iter().map(
        |(layer, version, arn)| async move {
            let policy = client.get_layer_version_policy(&layer, version).await;
            (layer, version, arn, policy)
        },
    ))
    .buffer_unordered(options.concurrency.clamp(1, 15));
    while let Some((layer, version, arn, policy)) = results.next().await {
        counts.read.fetch_add(1, Ordering::Relaxed);
        scan.policies_read += 1;
        let policy = policy?;
        scan.resources.push(arn.clone());
        let account = crate::policy::arn::account_of_arn(&arn);
        for statement in policy.document.iter().flat_map(|d| d.statements.iter()) {
            for lint in crate::policy::lint_layer_statement(statement, account.as_deref()) {
                scan.findings.push(Finding {
                    layer: Some(layer.clone()),
                    layer_version: Some(version),
                    ..found("layer", &region, &arn, statement, lint)
                });
            }
        }
    }
    Ok(())
}

/// A finding of `lint` on `statement` of the resource `arn`.
fn found(
    kind: &str,
    region: &str,
    arn: &str,
    statement: &crate::policy::Statement,
    lint: crate::policy::Lint,
) -> Finding {
    let sid = statement.sid.clone();
    Finding {
        kind: kind.into(),
        account: crate::policy::arn::account_of_arn(arn),
        region: region.into(),
        function: None,
        qualifier: None,
        layer: None,
        layer_version: None,
        fingerprint: Finding::fingerprint(
            lint.id.as_str(),
            lint.severity.as_str(),
            arn,
            sid.as_deref(),
            &statement.raw,
        ),
        sid,
        lint: lint.id.as_str().into(),
        severity: lint.severity.as_str().into(),
        message: lint.message,
        resource: arn.into(),
    }
}
