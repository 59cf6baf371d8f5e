//! A problem with one field, said twice: for a person, and as AWS words it on the wire.

use super::field::Field;
use std::fmt;

/// How AWS reports the problem: a model constraint (ValidationException) or a rule of the
/// service itself (InvalidParameterValueException).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    /// The text after `failed to satisfy constraint: `; `value` is what AWS quotes.
    Constraint {
        value: Option<String>,
        constraint: String,
    },
    InvalidParameter {
        aws_message: String,
    },
    /// A check of ours that AWS does not make (a placeholder still to fill): shown, not sent.
    Local,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: Field,
    /// For a person: what is wrong and what is expected.
    pub message: String,
    pub kind: IssueKind,
}

impl FieldIssue {
    pub fn required(field: Field) -> FieldIssue {
        FieldIssue {
            field,
            message: format!("{field} is required"),
            kind: IssueKind::Constraint {
                value: None,
                constraint: "Member must not be null".into(),
            },
        }
    }

    pub fn too_long(field: Field, value: &str, max: usize) -> FieldIssue {
        let got = value.chars().count();
        FieldIssue {
            field,
            message: format!("{field} must be at most {max} characters; got {got}"),
            kind: IssueKind::Constraint {
                value: Some(value.to_string()),
                constraint: format!("Member must have length less than or equal to {max}"),
            },
        }
    }

    pub fn too_short(field: Field, value: &str, min: usize) -> FieldIssue {
        let got = value.chars().count();
        FieldIssue {
            field,
            message: format!("{field} must be at least {min} characters; got {got}"),
            kind: IssueKind::Constraint {
                value: Some(value.to_string()),
                constraint: format!("Member must have length greater than or equal to {min}"),
            },
        }
    }

    /// A value that does not match the model's pattern; `expected` says it for a person.
    pub fn pattern(field: Field, value: &str, pattern: &str, expected: &str) -> FieldIssue {
        FieldIssue {
            field,
            message: format!("{field} must be {expected}"),
            kind: IssueKind::Constraint {
                value: Some(value.to_string()),
                constraint: format!("Member must satisfy regular expression pattern: {pattern}"),
            },
        }
    }

    pub fn not_in_enum(field: Field, value: &str, allowed: &[&str]) -> FieldIssue {
        FieldIssue {
            field,
            message: format!(
                "{field} must be one of {}; got '{value}'",
                allowed.join(", ")
            ),
            kind: IssueKind::Constraint {
                value: Some(value.to_string()),
                constraint: format!(
                    "Member must satisfy enum value set: [{}]",
                    allowed.join(", ")
                ),
            },
        }
    }

    pub fn invalid_parameter(
        field: Field,
        message: impl Into<String>,
        aws_message: impl Into<String>,
    ) -> FieldIssue {
        FieldIssue {
            field,
            message: message.into(),
            kind: IssueKind::InvalidParameter {
                aws_message: aws_message.into(),
            },
        }
    }

    /// One item of a ValidationException message, as AWS writes it.
    pub fn validation_item(&self) -> Option<String> {
        match &self.kind {
            IssueKind::Constraint { value, constraint } => {
                let quoted = match value {
                    Some(v) => format!("'{v}'"),
                    None => "null".to_string(),
                };
                Some(format!(
                    "Value {quoted} at '{}' failed to satisfy constraint: {constraint}",
                    self.field.wire_name()
                ))
            }
            IssueKind::InvalidParameter { .. } | IssueKind::Local => None,
        }
    }
}

impl fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
