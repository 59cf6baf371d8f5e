//! One finding of an audit: where (account, region, the resource's ARN, the statement), what
//! (the lint), and a fingerprint that stays the same from one run to the next, so a baseline
//! and a code-scanning service can recognise it.

use crate::policy::{HolderKind, LintId, Severity};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Names what a fingerprint covers; a baseline of another scheme is not matched against it.
pub const FINGERPRINT_SCHEME: &str = "lint+severity+resource+statement/2";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: HolderKind,
    /// The account the resource is in (from its ARN).
    pub account: Option<String>,
    pub region: String,
    /// The function, or `null` for a layer's finding.
    pub function: Option<String>,
    pub qualifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub layer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub layer_version: Option<u64>,
    pub sid: Option<String>,
    pub lint: LintId,
    pub severity: Severity,
    pub message: String,
    /// The function's, version's, alias's or layer version's ARN.
    pub resource: String,
    pub fingerprint: String,
}

impl Finding {
    /// What a baseline matches on: the lint and its severity, the resource, and the statement
    /// itself (its Sid and its whole content: effect, principal, action, conditions), but not
    /// the message (its wording may change between releases). A second statement without a Sid,
    /// a statement whose grant changed, or a finding that became more severe is a new finding.
    pub fn fingerprint(
        lint: &str,
        severity: &str,
        resource: &str,
        sid: Option<&str>,
        statement: &serde_json::Value,
    ) -> String {
        let mut digest = Sha256::new();
        let content = crate::policy::document::canonical_json(statement);
        let sid = sid.unwrap_or("");
        for part in [FINGERPRINT_SCHEME, lint, severity, resource, sid, &content] {
            digest.update(part.as_bytes());
            digest.update([0]);
        }
        digest
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The resource as a person reads it in a table: `function:qualifier`, `layer:NAME:VERSION`.
    pub fn resource_label(&self) -> String {
        match (&self.function, &self.layer, &self.qualifier) {
            (Some(function), _, Some(q)) => format!("{function}:{q}"),
            (Some(function), _, None) => function.clone(),
            (None, Some(layer), _) => {
                format!("layer:{layer}:{}", self.layer_version.unwrap_or_default())
            }
            (None, None, _) => self.resource.clone(),
        }
    }

    /// The order findings are reported in: by place, then resource, then statement.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.account,
            &self.region,
            &self.kind,
            &self.function,
            &self.layer,
            self.layer_version,
            &self.qualifier,
            &self.sid,
            self.lint.as_str(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Finding;
    use serde_json::json;

    #[test]
    fn a_fingerprint_is_stable_and_tells_resources_statements_lints_and_severities_apart() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
        let grant = json!({"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction"});
        let print = |lint, severity, resource: &str, sid, statement: &serde_json::Value| {
            Finding::fingerprint(lint, severity, resource, sid, statement)
        };
        let one = print("public", "error", arn, Some("anyone"), &grant);
        assert_eq!(one, print("public", "error", arn, Some("anyone"), &grant));
        assert_eq!(one.len(), 32);
        assert_ne!(one, print("public", "error", arn, Some("any"), &grant));
        assert_ne!(
            one,
            print("wildcard-action", "error", arn, Some("anyone"), &grant)
        );
        assert_ne!(one, print("public", "warning", arn, Some("anyone"), &grant));
        assert_ne!(
            one,
            print(
                "public",
                "error",
                &format!("{arn}:live"),
                Some("anyone"),
                &grant
            )
        );
        let widened =
            json!({"Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "lambda:*"});
        assert_ne!(one, print("public", "error", arn, Some("anyone"), &widened));
        // The same statement with its members in another order is the same statement.
        let reordered = json!({"Action": "lambda:InvokeFunction", "Principal": "*", "Effect": "Allow", "Sid": "anyone"});
        assert_eq!(
            one,
            print("public", "error", arn, Some("anyone"), &reordered)
        );
        // Two Sid-less statements granting different things are two findings.
        let a = json!({"Effect": "Allow", "Principal": "*", "Action": "lambda:*"});
        let b = json!({"Effect": "Allow", "Principal": "*", "Action": "lambda:GetPolicy"});
        assert_ne!(
            print("public", "error", arn, None, &a),
            print("public", "error", arn, None, &b)
        );
    }
}
