//! The text of a ValidationException, written and read in one place:
//! `2 validation errors detected: Value 'x!' at 'statementId' failed to satisfy constraint:
//! Member must satisfy regular expression pattern: …; Value null at 'action' failed to satisfy
//! constraint: Member must not be null`.

/// One constraint a member's value failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The member as the wire names it (`statementId`, `maxItems`).
    pub member: String,
    /// The value AWS quotes; `None` is written `null`.
    pub value: Option<String>,
    /// The text after `failed to satisfy constraint: `.
    pub constraint: String,
}

const AT: &str = " at '";
const FAILED: &str = "' failed to satisfy constraint: ";
const SEPARATOR: &str = "; Value ";

impl Violation {
    pub fn new(member: &str, value: Option<&str>, constraint: String) -> Violation {
        Violation {
            member: member.into(),
            value: value.map(str::to_string),
            constraint,
        }
    }

    /// The item as AWS writes it.
    pub fn item(&self) -> String {
        let quoted = match &self.value {
            Some(v) => format!("'{v}'"),
            None => "null".to_string(),
        };
        format!(
            "Value {quoted}{AT}{}{FAILED}{}",
            self.member, self.constraint
        )
    }
}

/// The message for these violations (at least one).
pub fn message(violations: &[Violation]) -> String {
    let noun = if violations.len() == 1 {
        "error"
    } else {
        "errors"
    };
    let items: Vec<String> = violations.iter().map(Violation::item).collect();
    format!(
        "{} validation {noun} detected: {}",
        violations.len(),
        items.join("; ")
    )
}

/// The violations a ValidationException message names, in order; items that are not in AWS's
/// form are left out.
pub fn parse(message: &str) -> Vec<Violation> {
    let body = message.split_once("detected: ").map_or(message, |(_, b)| b);
    body.split(SEPARATOR)
        .filter_map(|item| {
            let item = item.strip_prefix("Value ").unwrap_or(item);
            let (quoted, rest) = item.split_once(AT)?;
            let (member, constraint) = rest.split_once(FAILED)?;
            let value = match quoted {
                "null" => None,
                q => Some(q.strip_prefix('\'')?.strip_suffix('\'')?.to_string()),
            };
            Some(Violation {
                member: member.into(),
                value,
                constraint: constraint.into(),
            })
        })
        .collect()
}

/// The constraints, worded as AWS words them.
pub mod constraint {
    pub fn not_null() -> String {
        "Member must not be null".into()
    }
    pub fn max_length(max: usize) -> String {
        format!("Member must have length less than or equal to {max}")
    }
    pub fn min_length(min: usize) -> String {
        format!("Member must have length greater than or equal to {min}")
    }
    pub fn pattern(pattern: &str) -> String {
        format!("Member must satisfy regular expression pattern: {pattern}")
    }
    pub fn one_of(allowed: &[&str]) -> String {
        format!(
            "Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        )
    }
    pub fn min_value(min: i64) -> String {
        format!("Member must have value greater than or equal to {min}")
    }
    pub fn max_value(max: i64) -> String {
        format!("Member must have value less than or equal to {max}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_back_as_the_violations_it_was_written_from() {
        let violations = vec![
            Violation::new(
                "statementId",
                Some("a b"),
                constraint::pattern("([a-zA-Z0-9-_]+)"),
            ),
            Violation::new("action", None, constraint::not_null()),
            Violation::new("maxItems", Some("0"), constraint::min_value(1)),
        ];
        let text = message(&violations);
        assert!(text.starts_with("3 validation errors detected: Value 'a b' at 'statementId'"));
        assert_eq!(parse(&text), violations);
        assert_eq!(
            message(&violations[1..2]),
            "1 validation error detected: Value null at 'action' failed to satisfy constraint: Member must not be null"
        );
        assert_eq!(parse("Rate exceeded"), vec![]);
    }
}
