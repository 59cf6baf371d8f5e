//! `--write-baseline FILE` records the findings of a run; `--baseline FILE` suppresses those
//! (matched by fingerprint) in a later run and names the ones no longer found, so a pipeline
//! fails only on what is new.

use super::finding::Finding;
use crate::commands::CommandError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
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
    pub findings: Vec<Entry>,
}

pub fn read(path: &Path) -> Result<Baseline, CommandError> {
    let shown = crate::printable::line(&path.display().to_string()).into_owned();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::bad_input(format!("--baseline {shown}: cannot read it: {e}")))?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
        CommandError::bad_input(format!(
            "--baseline {shown}: not a baseline this tool wrote: {e}"
        ))
    })?;
    if baseline.version != 1 {
        return Err(CommandError::bad_input(format!(
            "--baseline {shown}: version {} is not one this tool reads (1)",
            baseline.version
        )));
    }
    Ok(baseline)
}

pub fn write(path: &Path, findings: &[Finding]) -> Result<(), CommandError> {
    let baseline = Baseline {
        version: 1,
        findings: findings
            .iter()
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                lint: f.lint.clone(),
                resource: f.resource.clone(),
                sid: f.sid.clone(),
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&baseline).unwrap_or_default() + "\n";
    std::fs::write(path, text).map_err(|e| {
        CommandError::failed(format!(
            "--write-baseline {}: cannot write it: {e}",
            crate::printable::line(&path.display().to_string())
        ))
    })
}

impl Baseline {
    /// The findings not in the baseline, those it suppressed, and its entries no longer found
    /// in the account-regions read this time (`read`: whether an account and region were).
    pub fn apply(
        &self,
        findings: Vec<Finding>,
        read: impl Fn(&str, &str) -> bool,
    ) -> (Vec<Finding>, Vec<Finding>, Vec<Entry>) {
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let found: HashSet<String> = findings.iter().map(|f| f.fingerprint.clone()).collect();
        let (suppressed, new): (Vec<Finding>, Vec<Finding>) = findings
            .into_iter()
            .partition(|f| known.contains(f.fingerprint.as_str()));
        let gone = self
            .findings
            .iter()
            .filter(|e| !found.contains(&e.fingerprint))
            .filter(|e| {
                let parts: Vec<&str> = e.resource.split(':').collect();
                match (parts.get(4), parts.get(3)) {
                    (Some(account), Some(region)) => read(account, region),
                    _ => true,
                }
            })
            .cloned()
            .collect();
        (new, suppressed, gone)
    }
}
