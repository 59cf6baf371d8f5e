//! `lambda-policy audit`: every policy of every place asked for (profiles × regions), each
//! place read in parallel at its own pace, each lint finding reported as a table, JSON, SARIF or
//! JUnit; a baseline suppresses known findings. Exit 1 when a finding reaches --fail-on or a
//! place could not be read.

mod baseline;
mod finding;
mod junit;
mod places;
mod progress;
mod sarif;
mod scan;

use super::CommandError;
use super::output::{json, print, table};
use crate::cli::{AuditArgs, Cli, FailOn, Output};
use crate::commands::Exit;
use crate::lambda::LambdaError;
use crate::lambda::rate_limit::RateLimit;
use crate::policy::{LintId, Severity};
use crate::session::Session;
pub use finding::Finding;
use futures_util::StreamExt;
use places::Place;
use scan::{Counts, Scan, ScanOptions};
use serde::Serialize;
use std::sync::Arc;

/// Places read at once: each keeps its own pace, so more run in parallel than one place could.
const PLACES_AT_ONCE: usize = 16;

/// How a place's reading went.
struct PlaceOutcome {
    place: Place,
    /// The region read (the configuration's when the place named none).
    region: String,
    result: Result<Scan, LambdaError>,
    session: Option<Session>,
    /// Requests Lambda throttled (each waited out and tried again).
    throttled: usize,
}

#[derive(Serialize)]
struct PlaceReport {
    profile: Option<String>,
    /// The role assumed (`--accounts --role-name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    region: String,
    account: Option<String>,
    /// `read`, `skipped` (a region not enabled for the account) or `failed`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    policies_read: usize,
    /// Requests throttled and tried again.
    throttled: usize,
}

pub async fn run(cli: &Cli, args: &AuditArgs, format: Output) -> Result<Exit, CommandError> {
    let fix = parse_fix(args)?;
    let organization = match args.organization {
        true => Some(organization_accounts(cli).await?),
        false => None,
    };
    let places = places::places(cli, args, organization)?;
    if fix.is_some() && places.len() > 1 {
        return Err(CommandError::bad_input(
            "--fix works on one account in one region: give one profile and one region",
        ));
    }
    if let Some(rate) = args.rate
        && !(rate.is_finite() && rate > 0.0)
    {
        return Err(CommandError::bad_input(
            "--rate: requests a second must be a number above 0",
        ));
    }
    let known = match &args.baseline {
        Some(path) => Some(baseline::read(path)?),
        None => None,
    };
    if let Some(path) = &args.write_baseline {
        baseline::check_writable(path, args.force)?;
    }
    if let Some(note) = super::demo_ignores(&cli.connection) {
        eprintln!("lambda-policy: {note}");
    }
    let options = ScanOptions {
        functions: !args.layers,
        layers: !args.no_layers,
        all_qualifiers: args.all_qualifiers,
        concurrency: args.concurrency,
        fix,
    };
    let counts = Arc::new(Counts::default());
    let reporter = progress::Reporter::start(places.len(), counts.clone());
    let reporting = &reporter;
    let mut outcomes: Vec<(usize, PlaceOutcome)> =
        futures_util::stream::iter(places.into_iter().enumerate())
            .map(|(i, place)| {
                let counts = counts.clone();
                async move {
                    let outcome = read_place(cli, args.rate, place, options, counts, reporting);
                    (i, outcome.await)
                }
            })
            .buffer_unordered(PLACES_AT_ONCE)
            .collect()
            .await;
    // In the order asked for, whatever order they finished in: of two places that are one
    // account-region, the first named is the one read.
    outcomes.sort_by_key(|(i, _)| *i);
    let outcomes: Vec<PlaceOutcome> = outcomes.into_iter().map(|(_, o)| o).collect();
    reporter.finish();
    // A region, profile or endpoint that cannot be used is the command line's mistake (exit 2),
    // not a place that could not be read.
    if let Some(PlaceOutcome {
        result: Err(error @ LambdaError::Config(_)),
        ..
    }) = outcomes
        .iter()
        .find(|o| matches!(o.result, Err(LambdaError::Config(_))))
    {
        return Err(CommandError::from(error.clone()));
    }
    report(args, format, fix, outcomes, known).await
}

/// The active accounts of the caller's organisation, read with the configured credentials.
async fn organization_accounts(cli: &Cli) -> Result<Vec<String>, CommandError> {
    let session = crate::session::connect(&cli.connect_request(), None).await?;
    let organization = crate::commands::organization::read(&session.client).await?;
    let active: Vec<String> = organization.active().map(|a| a.id.clone()).collect();
    if active.is_empty() {
        return Err(CommandError::failed(format!(
            "--organization: {} lists no active account",
            organization.id
        )));
    }
    eprintln!(
        "auditing the {} active accounts of {}",
        active.len(),
        organization.id
    );
    Ok(active)
}

fn parse_fix(args: &AuditArgs) -> Result<Option<LintId>, CommandError> {
    let Some(text) = &args.fix else {
        return Ok(None);
    };
    LintId::parse(text)
        .filter(|l| super::fix::fixable(*l))
        .map(Some)
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
        })
}

async fn read_place(
    cli: &Cli,
    rate: Option<f64>,
    place: Place,
    options: ScanOptions,
    counts: Arc<Counts>,
    reporter: &progress::Reporter,
) -> PlaceOutcome {
    let request = cli
        .connect_request()
        .elsewhere(place.profile.clone(), place.region.clone());
    // Every region of an account gets its role from the STS of the configured region, which
    // the account has whatever regions it enabled.
    let role = place
        .role
        .as_deref()
        .map(|arn| crate::session::AssumedRole {
            arn,
            sts_region: cli.connection.region.as_deref(),
        });
    let connected = crate::session::connect(&request, role.as_ref()).await;
    let mut session = match connected {
        Ok(session) => session,
        Err(error) => {
            reporter.place_done();
            return PlaceOutcome {
                region: place
                    .region
                    .clone()
                    .or(cli.connection.region.clone())
                    .unwrap_or_default(),
                place,
                result: Err(error),
                session: None,
                throttled: 0,
            };
        }
    };
    if let Some(rate) = rate {
        session.client.rate_limit = Some(RateLimit::new(rate, rate));
    }
    let throttled = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    session.client.retry_notes = Some(reporter.retry_notes(throttled.clone()));
    let result = scan::scan(&session, options, counts).await;
    reporter.place_done();
    PlaceOutcome {
        region: session.context.region.clone(),
        place,
        result,
        session: Some(session),
        throttled: throttled.load(std::sync::atomic::Ordering::Relaxed),
    }
}

/// How a place is named to a person: its role, its profile, or the default credentials.
fn place_name(place: &Place) -> String {
    who(place.role.as_deref(), place.profile.as_deref())
}

/// Whose credentials read a place, for a person: the role, else the profile. The names come
/// from the command line and the config files.
fn who(role: Option<&str>, profile: Option<&str>) -> String {
    crate::printable::line(role.or(profile).unwrap_or("default credentials")).into_owned()
}

/// A place not read, as the reports name it.
pub struct Unread {
    /// The role, the profile, or `default credentials`.
    pub who: String,
    pub region: String,
    /// `failed` or `skipped`.
    pub status: &'static str,
    pub reason: String,
}

fn unread(reports: &[PlaceReport]) -> Vec<Unread> {
    reports
        .iter()
        .filter(|p| p.status != "read")
        .map(|p| Unread {
            who: who(p.role.as_deref(), p.profile.as_deref()),
            region: p.region.clone(),
            status: p.status,
            reason: p.reason.clone().unwrap_or_default(),
        })
        .collect()
}

/// A region that refuses credentials another region of the same profile accepted is one the
/// account has not enabled: skipped, not failed.
fn is_not_enabled(outcome: &PlaceOutcome, outcomes: &[PlaceOutcome]) -> bool {
    let refused = matches!(&outcome.result, Err(e) if e.aws().is_some_and(|a| {
        a.code == "UnrecognizedClientException" || a.code == "InvalidClientTokenId"
    }));
    refused
        && outcomes.iter().any(|o| {
            o.place.profile == outcome.place.profile
                && o.place.role == outcome.place.role
                && o.result.is_ok()
        })
}

async fn report(
    args: &AuditArgs,
    format: Output,
    fix: Option<LintId>,
    outcomes: Vec<PlaceOutcome>,
    known: Option<baseline::Baseline>,
) -> Result<Exit, CommandError> {
    let Gathered {
        mut reports,
        mut findings,
        mut resources,
        policies_read,
        failed,
        read_places,
    } = gather(&outcomes);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    resources.sort();
    reports.sort_by(|a, b| (&a.profile, &a.role, &a.region).cmp(&(&b.profile, &b.role, &b.region)));
    if let Some(path) = &args.write_baseline {
        baseline::write(path, &findings, args.force)?;
    }
    let read_here = |account: &str, region: &str| {
        read_places
            .iter()
            .any(|(a, r, _)| a.as_deref() == Some(account) && r == region)
    };
    let (findings, suppressed, gone) = match &known {
        Some(known) => known.apply(findings, read_here),
        None => (findings, Vec::new(), Vec::new()),
    };
    let threshold = match args.fail_on {
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    let fixes = match (fix, outcomes.first()) {
        (Some(lint), Some(outcome)) => match (&outcome.session, &outcome.result) {
            (Some(session), Ok(scan)) => {
                super::fix::apply(session, lint, &scan.to_fix, args.dry_run, args.yes).await?
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let fixed = |f: &Finding| {
        fixes.iter().any(|x| {
            x.applied
                && x.lint == f.lint.as_str()
                && f.function.as_ref() == Some(&x.function)
                && x.qualifier == f.qualifier
        })
    };
    let is_failing = |f: &Finding| f.severity >= threshold && !fixed(f);
    let failing = findings.iter().filter(|f| is_failing(f)).count();
    match format {
        Output::Json => {
            let mut out = serde_json::json!({
                "policies_read": policies_read,
                "findings": findings,
                "failing": failing,
                "places": reports,
            });
            if known.is_some() {
                out["baseline"] =
                    serde_json::json!({ "suppressed": suppressed.len(), "gone": gone });
            }
            if fix.is_some() {
                out["fixes"] = serde_json::to_value(&fixes).unwrap_or_default();
            }
            print(&json(&out))
        }
        Output::Sarif => print(&json(&sarif::log(
            &findings,
            &suppressed,
            &unread(&reports),
        ))),
        Output::Junit => print(&junit::report(
            &resources,
            &findings,
            threshold,
            &unread(&reports),
        )),
        Output::Table => print(&text_report(
            args,
            &findings,
            &reports,
            (policies_read, failing, suppressed.len()),
            &gone,
            &fixes,
        )),
    }
    if format != Output::Table {
        // The report on stdout is for a program; a person reading the CI log learns here why
        // the run failed.
        for place in unread(&reports) {
            eprintln!(
                "lambda-policy: audit: {} {} in {}: {}",
                place.status, place.who, place.region, place.reason
            );
        }
    }
    Ok(if failing > 0 || failed > 0 {
        Exit::FindingsOrAws
    } else {
        Exit::Clean
    })
}

/// What the places read come to: a report each, and the findings, resources and policies of
/// the account-regions read (two profiles of one account and region are read once).
struct Gathered {
    reports: Vec<PlaceReport>,
    findings: Vec<Finding>,
    resources: Vec<String>,
    policies_read: usize,
    failed: usize,
    /// Account-regions read, by whom.
    read_places: Vec<(Option<String>, String, String)>,
}

fn gather(outcomes: &[PlaceOutcome]) -> Gathered {
    let mut reports = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut resources: Vec<String> = Vec::new();
    let mut policies_read = 0;
    let mut failed = 0;
    let mut read_places: Vec<(Option<String>, String, String)> = Vec::new();
    for outcome in outcomes {
        let (status, reason, read, account) = match &outcome.result {
            Ok(scan) => {
                let account = scan
                    .resources
                    .first()
                    .and_then(|arn| crate::policy::arn::account_of_arn(arn))
                    .or_else(|| outcome.session.as_ref()?.context.account.clone());
                let seen = read_places
                    .iter()
                    .find(|(a, r, _)| account.is_some() && *a == account && *r == outcome.region);
                match seen {
                    Some((_, _, by)) => (
                        "skipped",
                        Some(format!("the same account and region as {by}")),
                        0,
                        account,
                    ),
                    None => {
                        read_places.push((
                            account.clone(),
                            outcome.region.clone(),
                            place_name(&outcome.place),
                        ));
                        findings.extend(scan.findings.iter().cloned());
                        resources.extend(scan.resources.iter().cloned());
                        policies_read += scan.policies_read;
                        ("read", None, scan.policies_read, account)
                    }
                }
            }
            Err(error) if is_not_enabled(outcome, outcomes) => (
                "skipped",
                Some(format!("not enabled for this account ({error})")),
                0,
                None,
            ),
            Err(error) => {
                failed += 1;
                ("failed", Some(error.to_string()), 0, None)
            }
        };
        reports.push(PlaceReport {
            profile: outcome.place.profile.clone(),
            role: outcome.place.role.clone(),
            region: outcome.region.clone(),
            account,
            status,
            reason: reason.map(|r| crate::printable::line(&r).into_owned()),
            policies_read: read,
            throttled: outcome.throttled,
        });
    }
    Gathered {
        reports,
        findings,
        resources,
        policies_read,
        failed,
        read_places,
    }
}

fn text_report(
    args: &AuditArgs,
    findings: &[Finding],
    places: &[PlaceReport],
    (policies_read, failing, suppressed): (usize, usize, usize),
    gone: &[baseline::Entry],
    fixes: &[super::fix::FixOut],
) -> String {
    let several = places.len() > 1;
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            let mut row = vec![f.severity.as_str().to_string()];
            if several {
                row.push(f.account.clone().unwrap_or_default());
                row.push(f.region.clone());
            }
            row.extend([
                f.resource_label(),
                f.sid.clone().unwrap_or_default(),
                f.lint.to_string(),
                f.message.clone(),
            ]);
            row
        })
        .collect();
    let header: &[&str] = if several {
        &[
            "SEVERITY", "ACCOUNT", "REGION", "RESOURCE", "SID", "LINT", "MESSAGE",
        ]
    } else {
        &["SEVERITY", "RESOURCE", "SID", "LINT", "MESSAGE"]
    };
    // No findings: no empty table, the summary says it.
    let mut text = if rows.is_empty() {
        String::new()
    } else {
        table(header, &rows)
    };
    let place_note = if several {
        format!(" in {} account-regions", places.len())
    } else {
        String::new()
    };
    text.push_str(
        &format!(
            "{policies_read} policies read{place_note}, {} findings, {failing} at or above {:?}\n",
            findings.len(),
            args.fail_on
        )
        .to_lowercase(),
    );
    if args.baseline.is_some() {
        text.push_str(&format!(
            "{suppressed} findings suppressed by the baseline; {} in it no longer found\n",
            gone.len()
        ));
        for entry in gone {
            text.push_str(&format!(
                "  gone: {} {} {}\n",
                entry.lint,
                entry.resource,
                entry.sid.as_deref().unwrap_or("-")
            ));
        }
    }
    for place in unread(places) {
        text.push_str(&format!(
            "{} {} in {}: {}\n",
            place.status, place.who, place.region, place.reason
        ));
    }
    for f in fixes {
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
    text
}
