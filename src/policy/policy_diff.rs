//! What a Put would change: the statements of two documents compared one by one. Statements
//! are matched by Sid; those without one are matched by content, since nothing else names
//! them. A changed statement says which members changed and how.

use super::document::PolicyDocument;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum StatementChange {
    Added {
        label: String,
        statement: Value,
    },
    Removed {
        label: String,
        statement: Value,
    },
    Changed {
        label: String,
        members: Vec<MemberChange>,
    },
}

impl StatementChange {
    /// How a person names the statement: its Sid, or its position in its document.
    pub fn label(&self) -> &str {
        match self {
            StatementChange::Added { label, .. }
            | StatementChange::Removed { label, .. }
            | StatementChange::Changed { label, .. } => label,
        }
    }
}

/// One member of a changed statement: absent before (`None`), absent after, or different.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberChange {
    pub member: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyDiff {
    pub changes: Vec<StatementChange>,
}

impl PolicyDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// (added, removed, changed), for a confirmation such as "adds 1, removes 2, changes 1".
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |f: fn(&StatementChange) -> bool| self.changes.iter().filter(|c| f(c)).count();
        (
            count(|c| matches!(c, StatementChange::Added { .. })),
            count(|c| matches!(c, StatementChange::Removed { .. })),
            count(|c| matches!(c, StatementChange::Changed { .. })),
        )
    }

    /// One line per change and one per changed member, `+`, `-` and `~` first, as a diff reads.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for change in &self.changes {
            match change {
                StatementChange::Added { label, statement } => {
                    lines.push(format!("+ {label}: {}", compact(statement)))
                }
                StatementChange::Removed { label, statement } => {
                    lines.push(format!("- {label}: {}", compact(statement)))
                }
                StatementChange::Changed { label, members } => {
                    lines.push(format!("~ {label}"));
                    for m in members {
                        let line = match (&m.before, &m.after) {
                            (None, Some(after)) => {
                                format!("    + {}: {}", m.member, compact(after))
                            }
                            (Some(before), None) => {
                                format!("    - {}: {}", m.member, compact(before))
                            }
                            (Some(before), Some(after)) => format!(
                                "    ~ {}: {} -> {}",
                                m.member,
                                compact(before),
                                compact(after)
                            ),
                            (None, None) => continue,
                        };
                        lines.push(line);
                    }
                }
            }
        }
        lines
    }
}

/// The changes that turn `before` into `after`, in the order of `before`, then the additions.
pub fn diff_policies(before: &PolicyDocument, after: &PolicyDocument) -> PolicyDiff {
    let old: Vec<&Value> = before.statements.iter().map(|s| &s.raw).collect();
    let new: Vec<&Value> = after.statements.iter().map(|s| &s.raw).collect();
    let mut matched_new = vec![false; new.len()];
    let mut changes = Vec::new();

    for (i, statement) in old.iter().enumerate() {
        let partner = match sid(statement) {
            Some(id) => new.iter().position(|n| sid(n) == Some(id)),
            None => (0..new.len())
                .find(|&j| !matched_new[j] && sid(new[j]).is_none() && same(statement, new[j])),
        };
        let label = label(statement, i);
        match partner {
            Some(j) => {
                matched_new[j] = true;
                let members = member_changes(statement, new[j]);
                if !members.is_empty() {
                    changes.push(StatementChange::Changed { label, members });
                }
            }
            None => changes.push(StatementChange::Removed {
                label,
                statement: (*statement).clone(),
            }),
        }
    }
    for (j, statement) in new.iter().enumerate() {
        if !matched_new[j] {
            changes.push(StatementChange::Added {
                label: label(statement, j),
                statement: (*statement).clone(),
            });
        }
    }
    PolicyDiff { changes }
}

fn sid(statement: &Value) -> Option<&str> {
    statement
        .get("Sid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn label(statement: &Value, index: usize) -> String {
    match sid(statement) {
        Some(sid) => format!("\"{sid}\""),
        None => format!("statement {}", index + 1),
    }
}

fn member_changes(before: &Value, after: &Value) -> Vec<MemberChange> {
    let empty = serde_json::Map::new();
    let old = before.as_object().unwrap_or(&empty);
    let new = after.as_object().unwrap_or(&empty);
    let names = old
        .keys()
        .chain(new.keys().filter(|k| !old.contains_key(*k)));
    names
        .filter_map(|name| {
            let (b, a) = (old.get(name), new.get(name));
            let unchanged = match (b, a) {
                (Some(b), Some(a)) => same(b, a),
                _ => false,
            };
            (!unchanged).then(|| MemberChange {
                member: name.clone(),
                before: b.cloned(),
                after: a.cloned(),
            })
        })
        .collect()
}

/// Equal as IAM reads them: a one-element list is its element, and the order of a list or of
/// an object's members does not matter.
fn same(a: &Value, b: &Value) -> bool {
    normal(a) == normal(b)
}

fn normal(value: &Value) -> Value {
    match value {
        Value::Array(items) if items.len() == 1 => normal(&items[0]),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(normal).collect();
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, Value)> =
                map.iter().map(|(k, v)| (k, normal(v))).collect();
            entries.sort_by(|x, y| x.0.cmp(y.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        other => other.clone(),
    }
}

fn compact(value: &Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> PolicyDocument {
        PolicyDocument::parse(text).expect("test document")
    }

    const BEFORE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"},
        {"Sid":"old","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"},
        {"Effect":"Deny","Principal":"*","Action":["lambda:GetPolicy"],"Resource":"*"}]}"#;

    #[test]
    fn statements_are_matched_by_sid_then_by_content() {
        let after = doc(r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Principal":"*","Action":"lambda:GetPolicy","Resource":"*"},
            {"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"}}},
            {"Sid":"new","Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#);
        let diff = diff_policies(&doc(BEFORE), &after);
        assert_eq!(diff.counts(), (1, 1, 1));
        assert_eq!(
            diff.lines(),
            [
                r#"~ "s3""#,
                r#"    + Condition: {"StringEquals":{"AWS:SourceAccount":"111122223333"}}"#,
                r#"- "old": {"Sid":"old","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}"#,
                r#"+ "new": {"Sid":"new","Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}"#,
            ]
        );
    }

    #[test]
    fn a_member_that_changed_says_before_and_after() {
        let after = BEFORE.replace(
            r#""Sid":"old","Effect":"Allow","Principal":"*""#,
            r#""Sid":"old","Effect":"Allow","Principal":{"AWS":["111122223333","444455556666"]}"#,
        );
        let diff = diff_policies(&doc(BEFORE), &doc(&after));
        assert_eq!(
            diff.changes,
            [StatementChange::Changed {
                label: "\"old\"".into(),
                members: vec![MemberChange {
                    member: "Principal".into(),
                    before: Some(Value::from("*")),
                    after: Some(serde_json::json!({"AWS":["111122223333","444455556666"]})),
                }],
            }]
        );
    }

    #[test]
    fn the_same_policy_written_differently_is_no_change() {
        let reordered = r#"{"Statement":[
            {"Resource":"*","Action":"lambda:InvokeFunction","Principal":{"Service":"s3.amazonaws.com"},"Effect":"Allow","Sid":"s3"},
            {"Sid":"old","Effect":"Allow","Principal":"*","Action":["lambda:InvokeFunction"],"Resource":["*"]},
            {"Effect":"Deny","Principal":"*","Action":"lambda:GetPolicy","Resource":"*"}],"Version":"2012-10-17"}"#;
        assert!(diff_policies(&doc(BEFORE), &doc(reordered)).is_empty());
    }

    #[test]
    fn a_statement_without_sid_that_changed_is_removed_and_added() {
        let after = BEFORE.replace(r#"["lambda:GetPolicy"]"#, r#""lambda:Get*""#);
        let diff = diff_policies(&doc(BEFORE), &doc(&after));
        assert_eq!(diff.counts(), (1, 1, 0));
        assert_eq!(diff.changes[0].label(), "statement 3");
    }
}
