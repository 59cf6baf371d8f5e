//! `audit --output sarif`: SARIF 2.1.0, as code-scanning services read it. One rule per lint
//! (its description, the fix, its default level), one result per finding with a logical
//! location (account, region, resource ARN, Sid) and the finding's stable fingerprint.

use super::finding::Finding;
use crate::policy::{LintId, Severity};
use serde_json::{Value, json};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `public-function-url` → `PublicFunctionUrl`.
fn rule_name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rule(lint: LintId) -> Value {
    json!({
        "id": lint.as_str(),
        "name": rule_name(lint.as_str()),
        "shortDescription": { "text": lint.description() },
        "fullDescription": {
            "text": format!("{} (a Lambda resource-based policy statement).", lint.description())
        },
        "help": {
            "text": format!("Fix: {}.", lint.fix_hint()),
            "markdown": format!("**Fix:** {}.", lint.fix_hint()),
        },
        "defaultConfiguration": { "level": level(lint.severity()) },
        "properties": { "tags": ["security", "aws-lambda", "resource-policy"] },
    })
}

/// The SARIF log of `findings`. `threshold` is `--fail-on`: a finding below it is reported at
/// its own level all the same (SARIF consumers filter by level).
pub fn log(findings: &[Finding], _threshold: Severity) -> Value {
    let rules: Vec<Value> = LintId::ALL.iter().map(|l| rule(*l)).collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = LintId::ALL.iter().position(|l| l.as_str() == f.lint);
            let severity = Severity::parse(&f.severity).unwrap_or(Severity::Warning);
            let sid = f.sid.clone().unwrap_or_else(|| "(no Sid)".into());
            let account = f.account.clone().unwrap_or_default();
            let statement = format!("{}#{sid}", f.resource);
            json!({
                "ruleId": f.lint,
                "ruleIndex": index,
                "level": level(severity),
                "message": { "text": format!("{}: {} (statement {sid})", f.resource_label(), f.message) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.resource },
                    },
                    "logicalLocations": [
                        { "name": account, "kind": "namespace", "fullyQualifiedName": account },
                        { "name": f.region, "kind": "namespace", "fullyQualifiedName": format!("{account}/{}", f.region) },
                        { "name": f.resource_label(), "kind": "resource", "fullyQualifiedName": f.resource },
                        { "name": sid, "kind": "statement", "fullyQualifiedName": statement },
                    ],
                }],
                "partialFingerprints": { "lambdaPolicyFinding/v1": f.fingerprint },
                "properties": {
                    "account": f.account,
                    "region": f.region,
                    "resource": f.resource,
                    "sid": f.sid,
                },
            })
        })
        .map(|mut result| {
            if result["ruleIndex"].is_null() {
                result.as_object_mut().map(|o| o.remove("ruleIndex"));
            }
            result
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "lambda-policy",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
            "columnKind": "unicodeCodePoints",
        }]
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_names_are_the_ids_in_pascal_case() {
        assert_eq!(super::rule_name("public-function-url"), "PublicFunctionUrl");
        assert_eq!(super::rule_name("public"), "Public");
    }
}
