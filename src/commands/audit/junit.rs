//! `audit --output junit`: JUnit XML for CI test reports. One test suite per account and
//! region, one test case per resource read; a finding at or above `--fail-on` is a failure,
//! the rest are written in the case's output.

use super::finding::Finding;
use crate::policy::Severity;
use std::collections::BTreeMap;

use crate::xml::escape;

use crate::policy::arn::place_of_arn as place_of;

/// The report: a suite per account and region read, a case per resource; and a suite of the
/// places not read, a case each, an error for those that failed.
pub fn report(
    resources: &[String],
    findings: &[Finding],
    threshold: Severity,
    unread: &[super::Unread],
) -> String {
    let mut suites: BTreeMap<(String, String), Vec<&String>> = BTreeMap::new();
    for resource in resources {
        suites.entry(place_of(resource)).or_default().push(resource);
    }
    let failing = |f: &&Finding| f.severity >= threshold;
    let total_failures = findings
        .iter()
        .filter(failing)
        .map(|f| &f.resource)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let errors = unread.iter().filter(|p| p.status == "failed").count();
    xml.push_str(&format!(
        "<testsuites name=\"lambda-policy audit\" tests=\"{}\" failures=\"{total_failures}\" errors=\"{errors}\">\n",
        resources.len() + unread.len()
    ));
    for ((account, region), resources) in &suites {
        let cases: Vec<(&String, Vec<&Finding>)> = resources
            .iter()
            .map(|r| (*r, findings.iter().filter(|f| &f.resource == *r).collect()))
            .collect();
        let failures = cases
            .iter()
            .filter(|(_, found)| found.iter().any(failing))
            .count();
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
            escape(&format!("{account}/{region}")),
            cases.len()
        ));
        for (resource, found) in cases {
            xml.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&format!("lambda-policy.{account}.{region}")),
                escape(resource)
            ));
            if found.is_empty() {
                xml.push_str("/>\n");
                continue;
            }
            xml.push_str(">\n");
            let (failed, noted): (Vec<&Finding>, Vec<&Finding>) =
                found.into_iter().partition(|f| failing(f));
            let line = |f: &Finding| {
                format!(
                    "{} {} (statement {}): {}",
                    f.severity.as_str(),
                    f.lint,
                    f.sid.as_deref().unwrap_or("-"),
                    f.message
                )
            };
            if let Some(first) = failed.first() {
                let text: Vec<String> = failed.iter().map(|f| line(f)).collect();
                xml.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&format!("{} finding(s): {}", failed.len(), first.message)),
                    escape(first.lint.as_str()),
                    escape(&text.join("\n"))
                ));
            }
            if !noted.is_empty() {
                let text: Vec<String> = noted.iter().map(|f| line(f)).collect();
                xml.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&text.join("\n"))
                ));
            }
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    if !unread.is_empty() {
        xml.push_str(&format!(
            "  <testsuite name=\"places not read\" tests=\"{}\" failures=\"0\" errors=\"{errors}\">\n",
            unread.len()
        ));
        for place in unread {
            let name = escape(&format!("{} in {}", place.who, place.region));
            let reason = escape(&place.reason);
            if place.status == "failed" {
                xml.push_str(&format!(
                    "    <testcase classname=\"lambda-policy.places\" name=\"{name}\">\n      <error message=\"{reason}\" type=\"not read\">{reason}</error>\n    </testcase>\n"
                ));
            } else {
                xml.push_str(&format!(
                    "    <testcase classname=\"lambda-policy.places\" name=\"{name}\">\n      <skipped message=\"{reason}\"/>\n    </testcase>\n"
                ));
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_and_control_characters_replaced() {
        assert_eq!(
            super::escape("a<b & \"c\"\u{1b}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
        assert_eq!(
            super::place_of("arn:aws:lambda:eu-west-1:123456789012:function:f"),
            ("123456789012".into(), "eu-west-1".into())
        );
    }
}
