//! Which members of a request an error Lambda answered concerns, so that it can be shown on the
//! field, next to what the person typed, not as a line about the request as a whole.

use super::aws_error::ErrorType;
use super::field::Field;
use super::validation_error;

/// The fields `message` (an error of `error_type`) concerns, each with what it says of it; none
/// when it concerns the request as a whole.
pub fn fields_of(error_type: Option<ErrorType>, message: &str) -> Vec<(Field, String)> {
    let on = |field: Field| vec![(field, message.to_string())];
    match error_type {
        Some(ErrorType::ResourceConflict) if message.contains("statement id") => {
            on(Field::StatementId)
        }
        Some(ErrorType::PreconditionFailed) => on(Field::RevisionId),
        Some(ErrorType::InvalidParameterValue) => {
            let field = if message.contains("principal") {
                Field::Principal
            } else if message.contains("qualifier") || message.contains("$LATEST") {
                Field::Qualifier
            } else if message.contains("FunctionUrlAuthType") {
                Field::FunctionUrlAuthType
            } else if message.contains("InvokedViaFunctionUrl") {
                Field::InvokedViaFunctionUrl
            } else {
                return Vec::new();
            };
            on(field)
        }
        Some(ErrorType::Validation) => validation_error::parse(message)
            .into_iter()
            .filter_map(|v| Some((Field::from_name(&v.member)?, v.constraint)))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::aws_error::messages;

    #[test]
    fn each_error_lands_on_the_member_it_names() {
        let fields = |t, m: &str| -> Vec<Field> {
            fields_of(Some(t), m).into_iter().map(|(f, _)| f).collect()
        };
        assert_eq!(
            fields(ErrorType::ResourceConflict, &messages::duplicate_sid("x")),
            [Field::StatementId]
        );
        assert_eq!(
            fields(ErrorType::PreconditionFailed, messages::REVISION_MISMATCH),
            [Field::RevisionId]
        );
        assert_eq!(
            fields(
                ErrorType::InvalidParameterValue,
                "The provided principal was invalid. Please check the principal and try again."
            ),
            [Field::Principal]
        );
        let validation = "2 validation errors detected: Value 'a b' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+); Value null at 'action' failed to satisfy constraint: Member must not be null";
        assert_eq!(
            fields(ErrorType::Validation, validation),
            [Field::StatementId, Field::Action]
        );
        assert_eq!(
            fields(
                ErrorType::PolicyLengthExceeded,
                "The final policy size (20481) is bigger than the limit (20480)."
            ),
            []
        );
        assert_eq!(fields_of(None, "anything"), []);
    }
}
