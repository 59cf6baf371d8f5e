//! One account and region read: every function's policy (and with `--all-qualifiers` every
//! version's and alias's) and every layer version's, a few at a time, each statement linted.

use super::finding::Finding;
use crate::commands::fix;
use crate::lambda::LambdaError;
use crate::policy::{LintId, PolicyHolder, UrlState};
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
    let client = &session.client;
    let region = session.context.region.clone();
    let holders = holders(session, options).await?;
    counts.total.fetch_add(holders.len(), Ordering::Relaxed);
    let mut results =
        futures_util::stream::iter(holders.into_iter().map(|(holder, arn)| async move {
            let policy = client.policy_of(&holder).await;
            let url = match (&policy, &holder) {
                (
                    Ok(policy),
                    PolicyHolder::Function {
                        function,
                        qualifier,
                    },
                ) => {
                    crate::commands::policy::url_state_for(
                        session,
                        policy,
                        function,
                        qualifier.as_deref(),
                    )
                    .await
                }
                _ => UrlState::Unknown,
            };
            (holder, arn, policy, url)
        }))
        .buffer_unordered(options.concurrency.clamp(1, 15));
    let mut scan = Scan::default();
    while let Some((holder, arn, policy, url)) = results.next().await {
        counts.read.fetch_add(1, Ordering::Relaxed);
        scan.policies_read += 1;
        let policy = policy?;
        scan.resources.push(arn.clone());
        let account = crate::policy::arn::account_of_arn(&arn);
        let statement_lints = policy.statement_lints_of(&holder, account.as_deref(), &url);
        if let (
            Some(lint),
            PolicyHolder::Function {
                function,
                qualifier,
            },
        ) = (options.fix, &holder)
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
                scan.findings
                    .push(found(&holder, &region, &arn, statement, lint));
            }
        }
    }
    Ok(scan)
}

/// Every policy holder of the account and region to read, with its ARN: the functions (with
/// `--all-qualifiers` their versions and aliases) and the layer versions, as asked.
async fn holders(
    session: &Session,
    options: ScanOptions,
) -> Result<Vec<(PolicyHolder, String)>, LambdaError> {
    let client = &session.client;
    let mut holders = Vec::new();
    if options.functions {
        for f in client.list_all_functions().await? {
            let name = f.function_name.clone();
            holders.push((PolicyHolder::function(&name, None), f.function_arn.clone()));
            if options.all_qualifiers {
                for v in client.list_versions(&name).await? {
                    if let Some(version) = v.version.filter(|v| v != "$LATEST") {
                        let arn = format!("{}:{version}", f.function_arn);
                        holders.push((PolicyHolder::function(&name, Some(version)), arn));
                    }
                }
                for a in client.list_aliases(&name, None).await? {
                    let arn = format!("{}:{}", f.function_arn, a.name);
                    holders.push((PolicyHolder::function(&name, Some(a.name)), arn));
                }
            }
        }
    }
    if options.layers {
        for layer in client.list_all_layers().await? {
            for version in client.list_layer_versions(&layer.layer_name).await? {
                holders.push((
                    PolicyHolder::layer_version(&layer.layer_name, version.version),
                    version.layer_version_arn,
                ));
            }
        }
    }
    Ok(holders)
}

/// A finding of `lint` on `statement` of `holder`, whose ARN is `arn`.
fn found(
    holder: &PolicyHolder,
    region: &str,
    arn: &str,
    statement: &crate::policy::Statement,
    lint: crate::policy::Lint,
) -> Finding {
    let sid = statement.sid.clone();
    let (function, qualifier, layer, layer_version) = match holder {
        PolicyHolder::Function {
            function,
            qualifier,
        } => (Some(function.clone()), qualifier.clone(), None, None),
        PolicyHolder::LayerVersion { layer, version } => {
            (None, None, Some(layer.clone()), Some(*version))
        }
    };
    Finding {
        kind: holder.kind(),
        account: crate::policy::arn::account_of_arn(arn),
        region: region.into(),
        function,
        qualifier,
        layer,
        layer_version,
        fingerprint: Finding::fingerprint(
            lint.id.as_str(),
            lint.severity.as_str(),
            arn,
            sid.as_deref(),
            &statement.raw,
        ),
        sid,
        lint: lint.id,
        severity: lint.severity,
        message: lint.message,
        resource: arn.into(),
    }
}
