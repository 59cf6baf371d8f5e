//! `--write-baseline FILE` records the findings of a run; `--baseline FILE` suppresses those
//! (matched by fingerprint) in a later run and names the ones no longer found, so a pipeline
//! fails only on what is new.

use super::finding::{FINGERPRINT_SCHEME, Finding};
use crate::commands::CommandError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// What a baseline keeps of a finding: enough to say what it was once it is gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub lint: String,
    pub resource: String,
    pub sid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    /// What the fingerprints cover (absent in version 1: lint, resource and Sid only).
    #[serde(default)]
    pub fingerprint: Option<String>,
    pub findings: Vec<Entry>,
}

/// The version written now: fingerprints over lint, severity, resource and statement.
const VERSION: u32 = 2;
/// The largest baseline read: a finding's entry is about 200 bytes.
const MAX_BASELINE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a baseline. One of version 1 (fingerprints over lint, resource and Sid, which let a
/// second Sid-less grant or an escalated finding pass as known) is read with a warning on
/// stderr and matches nothing: every finding counts as new until it is written again.
pub fn read(path: &Path) -> Result<Baseline, CommandError> {
    let shown = crate::printable::line(&path.display().to_string()).into_owned();
    let text = crate::files::read_text(path, MAX_BASELINE_BYTES)
        .map_err(|e| CommandError::bad_input(format!("--baseline: cannot read it: {e}")))?;
    let mut baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
        CommandError::bad_input(format!(
            "--baseline {shown}: not a baseline this tool wrote: {e}"
        ))
    })?;
    match baseline.version {
        1 => {
            eprintln!(
                "lambda-policy: --baseline {shown}: version 1 fingerprints cover only the lint, the resource and the Sid, so they are not trusted: no finding is suppressed; write it again with --write-baseline"
            );
            baseline.findings.clear();
            Ok(baseline)
        }
        VERSION if baseline.fingerprint.as_deref() == Some(FINGERPRINT_SCHEME) => Ok(baseline),
        VERSION => Err(CommandError::bad_input(format!(
            "--baseline {shown}: its fingerprints are of another kind ({}) than this tool makes ({FINGERPRINT_SCHEME}): write it again with --write-baseline",
            crate::printable::line(baseline.fingerprint.as_deref().unwrap_or("none named"))
        ))),
        version => Err(CommandError::bad_input(format!(
            "--baseline {shown}: version {version} is not one this tool reads ({VERSION})"
        ))),
    }
}

/// Refuses, before any work, a `--write-baseline` file that exists (without `--force`).
pub fn check_writable(path: &Path, force: bool) -> Result<(), CommandError> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(CommandError::bad_input(format!(
            "--write-baseline {}: it exists; add --force to replace it",
            crate::printable::line(&path.display().to_string())
        )));
    }
    Ok(())
}

/// Writes the baseline of `findings` at `path`, private (it names the account's resources),
/// never through a link, and over an existing file only with `force`.
pub fn write(path: &Path, findings: &[Finding], force: bool) -> Result<(), CommandError> {
    let baseline = Baseline {
        version: VERSION,
        fingerprint: Some(FINGERPRINT_SCHEME.into()),
        findings: findings
            .iter()
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                lint: f.lint.to_string(),
                resource: f.resource.clone(),
                sid: f.sid.clone(),
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&baseline).unwrap_or_default() + "\n";
    let existing = if force {
        crate::files::Existing::Replace
    } else {
        crate::files::Existing::Keep
    };
    crate::files::write(
        path,
        text.as_bytes(),
        crate::files::Access::Private,
        existing,
    )
    .map_err(|e| CommandError::failed(format!("--write-baseline: cannot write it: {e}")))
}

impl Baseline {
    /// The findings not in the baseline, those it suppressed, and its entries no longer found
    /// in the account-regions read this time (`read`: whether an account and region were).
    pub fn apply(
        &self,
        findings: Vec<Finding>,
        read: impl Fn(&str, &str) -> bool,
    ) -> (Vec<Finding>, Vec<Finding>, Vec<Entry>) {
        // Counted: a baseline that knew one finding suppresses one, so the same grant written
        // a second time (two identical Sid-less statements) is new.
        let mut known: HashMap<&str, usize> = HashMap::new();
        for entry in &self.findings {
            *known.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        // Counted too: of two recorded copies of a grant, one left is one gone.
        let mut found: HashMap<String, usize> = HashMap::new();
        for finding in &findings {
            *found.entry(finding.fingerprint.clone()).or_default() += 1;
        }
        let (suppressed, new): (Vec<Finding>, Vec<Finding>) =
            findings
                .into_iter()
                .partition(|f| match known.get_mut(f.fingerprint.as_str()) {
                    Some(left) if *left > 0 => {
                        *left -= 1;
                        true
                    }
                    _ => false,
                });
        let gone = self
            .findings
            .iter()
            .filter(|e| match found.get_mut(&e.fingerprint) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    false
                }
                _ => true,
            })
            .filter(|e| match crate::policy::Arn::parse(&e.resource) {
                Some(arn) => read(&arn.account, &arn.region),
                None => true,
            })
            .cloned()
            .collect();
        (new, suppressed, gone)
    }
}
