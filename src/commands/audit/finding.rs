//! One finding of an audit: where (account, region, the resource's ARN, the statement), what
//! (the lint), and a fingerprint that stays the same from one run to the next, so a baseline
//! and a code-scanning service can recognise it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `function` or `layer`.
    pub kind: String,
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
    pub lint: String,
    pub severity: String,
    pub message: String,
    /// The function's, version's, alias's or layer version's ARN.
    pub resource: String,
    pub fingerprint: String,
}

impl Finding {
    /// The same resource, statement and lint give the same fingerprint, whatever the message
    /// says (its wording may change between releases).
    pub fn fingerprint(lint: &str, resource: &str, sid: Option<&str>) -> String {
        let mut digest = Sha256::new();
        for part in [lint, resource, sid.unwrap_or("")] {
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
            &self.lint,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Finding;

    #[test]
    fn a_fingerprint_is_stable_and_tells_resources_statements_and_lints_apart() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
        let one = Finding::fingerprint("public", arn, Some("anyone"));
        assert_eq!(one, Finding::fingerprint("public", arn, Some("anyone")));
        assert_eq!(one.len(), 32);
        assert_ne!(one, Finding::fingerprint("public", arn, Some("any")));
        assert_ne!(
            one,
            Finding::fingerprint("wildcard-action", arn, Some("anyone"))
        );
        assert_ne!(
            one,
            Finding::fingerprint("public", &format!("{arn}:live"), Some("anyone"))
        );
        // The separator keeps "a|bc" and "ab|c" apart.
        assert_ne!(
            Finding::fingerprint("a", "bc", None),
            Finding::fingerprint("ab", "c", None)
        );
    }
}
