//! A problem with one field, said twice: for a person, and as AWS words it on the wire.

use super::field::Field;
use super::validation_error::{Violation, constraint};
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
                constraint: constraint::not_null(),
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
                constraint: constraint::max_length(max),
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
                constraint: constraint::min_length(min),
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
                constraint: constraint::pattern(pattern),
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
                constraint: constraint::one_of(allowed),
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

    /// The model constraint this issue breaks, as a ValidationException names it.
    pub fn violation(&self) -> Option<Violation> {
        match &self.kind {
            IssueKind::Constraint { value, constraint } => Some(Violation::new(
                &self.field.wire_name(),
                value.as_deref(),
                constraint.clone(),
            )),
            IssueKind::InvalidParameter { .. } | IssueKind::Local => None,
        }
    }
}

impl fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
