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

/// Where a code-scanning service files a finding: a path, since it accepts no other URI
/// scheme than the checkout's (an ARN is refused), one per resource. Every name is one
/// percent-encoded segment, so that no name (`../..`, a `/`, an escape) can point outside
/// `aws/ACCOUNT/REGION/`.
fn artifact(f: &Finding) -> String {
    let account = f.account.as_deref().unwrap_or("unknown-account");
    let mut segments = vec!["aws", account, f.region.as_str()];
    let version;
    match (&f.function, &f.qualifier, &f.layer) {
        (Some(function), q, _) => {
            segments.extend(["function", function.as_str()]);
            segments.extend(q.as_deref());
        }
        (None, _, Some(layer)) => {
            version = f.layer_version.unwrap_or_default().to_string();
            segments.extend(["layer", layer.as_str(), version.as_str()]);
        }
        (None, _, None) => segments.push("resource"),
    }
    segments
        .iter()
        .map(|s| path_segment(s))
        .collect::<Vec<_>>()
        .join("/")
}

/// What RFC 3986 leaves unencoded in a segment without meaning: letters, digits and `-._~`.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment: percent-encoded. A resolver takes `.`, `..` and their encodings (`%2E`)
/// as steps, so a name of dots alone is written after a `~` (`~..`), which no resolver takes
/// for one; an empty name (never a real one) is `_`.
fn path_segment(name: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(name, SEGMENT).to_string();
    if name.is_empty() {
        "_".into()
    } else if name.chars().all(|c| c == '.') {
        format!("~{encoded}")
    } else {
        encoded
    }
}

/// The SARIF log of `findings`, and of those a baseline `suppressed` (marked so, so that a
/// code-scanning service keeps them known rather than closing them as fixed). Each finding is
/// at its own level: consumers filter by level. The places not read are the invocation's
/// notifications, and make it unsuccessful.
pub fn log(findings: &[Finding], suppressed: &[Finding], unread: &[super::Unread]) -> Value {
    let rules: Vec<Value> = LintId::ALL.iter().map(|l| rule(*l)).collect();
    let shown = findings.iter().map(|f| (f, false));
    let known = suppressed.iter().map(|f| (f, true));
    let results: Vec<Value> = shown
        .chain(known)
        .map(|(f, baseline)| {
            let index = LintId::ALL.iter().position(|l| *l == f.lint);
            let severity = f.severity;
            let sid = f.sid.clone().unwrap_or_else(|| "(no Sid)".into());
            let account = f.account.clone().unwrap_or_default();
            let statement = format!("{}#{sid}", f.resource);
            let mut result = json!({
                "ruleId": f.lint,
                "ruleIndex": index,
                "level": level(severity),
                "message": { "text": format!("{}: {} (statement {sid})", f.resource_label(), f.message) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact(f) },
                        "region": { "startLine": 1 },
                    },
                    "logicalLocations": [
                        { "name": account, "kind": "namespace", "fullyQualifiedName": account },
                        { "name": f.region, "kind": "namespace", "fullyQualifiedName": format!("{account}/{}", f.region) },
                        { "name": f.resource_label(), "kind": "resource", "fullyQualifiedName": f.resource },
                        { "name": sid, "kind": "statement", "fullyQualifiedName": statement },
                    ],
                }],
                "partialFingerprints": { "lambdaPolicyFinding/v2": f.fingerprint },
                "properties": {
                    "account": f.account,
                    "region": f.region,
                    "resource": f.resource,
                    "sid": f.sid,
                },
            });
            if let Some(object) = result.as_object_mut() {
                if object.get("ruleIndex").is_some_and(Value::is_null) {
                    object.remove("ruleIndex");
                }
                if baseline {
                    object.insert(
                        "suppressions".into(),
                        json!([{ "kind": "external", "justification": "in the audit's baseline" }]),
                    );
                }
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
            "invocations": [{
                "executionSuccessful": unread.iter().all(|p| p.status != "failed"),
                "toolExecutionNotifications": unread.iter().map(|p| json!({
                    "level": if p.status == "failed" { "error" } else { "note" },
                    "message": { "text": format!("{} {} in {}: {}", p.status, p.who, p.region, p.reason) },
                })).collect::<Vec<Value>>(),
            }],
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

    fn finding(function: &str, qualifier: Option<&str>) -> super::Finding {
        super::Finding {
            kind: crate::policy::HolderKind::Function,
            account: Some("123456789012".into()),
            region: "us-east-1".into(),
            function: Some(function.into()),
            qualifier: qualifier.map(str::to_string),
            layer: None,
            layer_version: None,
            sid: None,
            lint: crate::policy::LintId::Public,
            severity: crate::policy::Severity::Error,
            message: String::new(),
            resource: String::new(),
            fingerprint: String::new(),
        }
    }

    #[test]
    fn no_name_can_point_outside_the_account_region_folder() {
        for (function, qualifier) in [
            ("../../../../.github/workflows/ci.yml", None),
            ("..", Some("..")),
            (".", Some("a/b")),
            ("f", Some("../../x")),
            ("a\u{1b}[2J<b>\u{202e}", None),
        ] {
            let uri = super::artifact(&finding(function, qualifier));
            assert!(
                uri.starts_with("aws/123456789012/us-east-1/function/"),
                "{uri}"
            );
            let segments: Vec<&str> = uri.split('/').collect();
            assert_eq!(
                segments.len(),
                5 + usize::from(qualifier.is_some()),
                "{uri}"
            );
            // Resolved as a code-scanning service resolves it, against the checkout.
            let checkout = reqwest::Url::parse("file:///repo/").unwrap();
            let resolved = checkout.join(&uri).unwrap();
            assert!(
                resolved
                    .path()
                    .starts_with("/repo/aws/123456789012/us-east-1/function/"),
                "{uri} resolves to {resolved}"
            );
            assert!(
                uri.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~%/".contains(&b)),
                "{uri}"
            );
        }
        let uri = super::artifact(&finding("a<b>", None));
        assert!(uri.ends_with("/a%3Cb%3E"), "{uri}");
    }
}
