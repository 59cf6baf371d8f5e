//! The errors Lambda answers with: their types and the texts Lambda uses.

use super::issue::{FieldIssue, IssueKind};
use super::validation_error::{self, Violation};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    Validation,
    InvalidParameterValue,
    ResourceNotFound,
    ResourceConflict,
    PreconditionFailed,
    PolicyLengthExceeded,
    PublicPolicy,
    TooManyRequests,
    Service,
    AccessDenied,
    InvalidSignature,
    IncompleteSignature,
    MissingAuthenticationToken,
    UnrecognizedClient,
    RequestTooLarge,
    SerializationException,
    InvalidRequestContent,
    UnknownOperation,
    ExpiredToken,
    CodeStorageExceeded,
}

impl ErrorType {
    pub const ALL: [ErrorType; 20] = [
        ErrorType::Validation,
        ErrorType::InvalidParameterValue,
        ErrorType::ResourceNotFound,
        ErrorType::ResourceConflict,
        ErrorType::PreconditionFailed,
        ErrorType::PolicyLengthExceeded,
        ErrorType::PublicPolicy,
        ErrorType::TooManyRequests,
        ErrorType::Service,
        ErrorType::AccessDenied,
        ErrorType::InvalidSignature,
        ErrorType::IncompleteSignature,
        ErrorType::MissingAuthenticationToken,
        ErrorType::UnrecognizedClient,
        ErrorType::RequestTooLarge,
        ErrorType::SerializationException,
        ErrorType::InvalidRequestContent,
        ErrorType::UnknownOperation,
        ErrorType::ExpiredToken,
        ErrorType::CodeStorageExceeded,
    ];

    /// The `x-amzn-ErrorType` value.
    pub fn code(self) -> &'static str {
        match self {
            ErrorType::Validation => "ValidationException",
            ErrorType::InvalidParameterValue => "InvalidParameterValueException",
            ErrorType::ResourceNotFound => "ResourceNotFoundException",
            ErrorType::ResourceConflict => "ResourceConflictException",
            ErrorType::PreconditionFailed => "PreconditionFailedException",
            ErrorType::PolicyLengthExceeded => "PolicyLengthExceededException",
            ErrorType::PublicPolicy => "PublicPolicyException",
            ErrorType::TooManyRequests => "TooManyRequestsException",
            ErrorType::Service => "ServiceException",
            ErrorType::AccessDenied => "AccessDeniedException",
            ErrorType::InvalidSignature => "InvalidSignatureException",
            ErrorType::IncompleteSignature => "IncompleteSignatureException",
            ErrorType::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            ErrorType::UnrecognizedClient => "UnrecognizedClientException",
            ErrorType::RequestTooLarge => "RequestEntityTooLargeException",
            ErrorType::SerializationException => "SerializationException",
            ErrorType::InvalidRequestContent => "InvalidRequestContentException",
            ErrorType::UnknownOperation => "UnknownOperationException",
            ErrorType::ExpiredToken => "ExpiredTokenException",
            ErrorType::CodeStorageExceeded => "CodeStorageExceededException",
        }
    }

    pub fn from_code(code: &str) -> Option<ErrorType> {
        ErrorType::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// An error as Lambda sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    pub error_type: ErrorType,
    pub message: String,
}

impl AwsError {
    pub fn new(error_type: ErrorType, message: impl Into<String>) -> AwsError {
        AwsError {
            error_type,
            message: message.into(),
        }
    }

    /// A ValidationException naming these violations.
    pub fn validation(violations: &[Violation]) -> AwsError {
        AwsError::new(ErrorType::Validation, validation_error::message(violations))
    }

    /// The error AWS returns for these issues: the model's constraints first (one
    /// ValidationException listing them all), then the service's own checks.
    pub fn for_issues(issues: &[FieldIssue]) -> Option<AwsError> {
        let violations: Vec<Violation> = issues.iter().filter_map(FieldIssue::violation).collect();
        if !violations.is_empty() {
            return Some(AwsError::validation(&violations));
        }
        issues.iter().find_map(|issue| match &issue.kind {
            IssueKind::InvalidParameter { aws_message } => Some(AwsError::new(
                ErrorType::InvalidParameterValue,
                aws_message.clone(),
            )),
            _ => None,
        })
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type.code(), self.message)
    }
}

/// The texts Lambda uses, in one place.
pub mod messages {
    pub fn duplicate_sid(sid: &str) -> String {
        format!(
            "The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement."
        )
    }
    pub const NO_SUCH_RESOURCE: &str = "The resource you requested does not exist.";
    pub fn function_not_found(arn: &str) -> String {
        format!("Function not found: {arn}")
    }
    pub fn alias_not_found(arn: &str) -> String {
        format!("Cannot find alias arn: {arn}")
    }
    pub fn no_policy_found_for(arn: &str) -> String {
        format!("No policy found for: {arn}")
    }
    pub const NO_POLICY_ASSOCIATED: &str = "No policy is associated with the given resource.";
    pub fn statement_not_found(sid: &str) -> String {
        format!("Statement {sid} is not found in resource policy.")
    }
    pub const REVISION_MISMATCH: &str = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id";
    pub fn policy_too_large(size: usize, limit: usize) -> String {
        format!("The final policy size ({size}) is bigger than the limit ({limit}).")
    }
    pub const RATE_EXCEEDED: &str = "Rate exceeded";
    /// PublicPolicyException's text, from the model's documentation of the error.
    pub const PUBLIC_POLICY_BLOCKED: &str = "The resource-based policy you tried to add to the Lambda resource would grant public access to it, which isn't allowed.";
    /// A key AWS does not know, or an assumed role's key without its session token.
    pub const SECURITY_TOKEN_INVALID: &str =
        "The security token included in the request is invalid.";
    pub const SECURITY_TOKEN_EXPIRED: &str =
        "The security token included in the request is expired";
    /// PublishLayerVersion past the account's code storage.
    pub const CODE_STORAGE_EXCEEDED: &str = "Code storage limit exceeded.";
    /// STS's throttling text.
    pub const STS_RATE_EXCEEDED: &str = "Rate exceeded";
    /// An AssumeRole into a role that the caller may not assume (or that does not exist).
    pub fn not_authorized_to_assume(caller: &str, role_arn: &str) -> String {
        format!(
            "User: {caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
        )
    }
    /// InvalidRequestContentException's text for a body that is not the JSON asked for.
    pub fn unparsable_body(reason: impl std::fmt::Display) -> String {
        format!("Could not parse request body into json: {reason}")
    }
    pub fn no_such_layer_version(arn: &str) -> String {
        format!("Layer version {arn} does not exist.")
    }
    pub const UNZIP_FAILED: &str =
        "Could not unzip uploaded file. Please check your file, then try to upload again.";
    pub const NO_LAYER_CONTENT: &str =
        "Please provide a source for your layer content: a ZipFile, or an S3Bucket and S3Key.";
    pub const MISSING_AUTHENTICATION_TOKEN: &str = "Missing Authentication Token";
    pub fn credential_scope_service(service: &str) -> String {
        format!("Credential should be scoped to correct service: '{service}'.")
    }
    pub const BODY_CUT_OFF: &str = "The request body did not arrive whole.";
    pub const INVALID_FUNCTION_NAME: &str = "invalid function name";
    pub const QUALIFIER_MISMATCH: &str =
        "The derived qualifier from the function name does not match the specified qualifier.";
    pub const UNKNOWN_OPERATION: &str = "Unknown operation for this endpoint.";
    pub fn request_too_large(limit: usize) -> String {
        format!("Request must be smaller than {limit} bytes for the operation.")
    }
    pub const INTERNAL_TRY_AGAIN: &str = "An internal error occurred. Try again.";
    pub const INTERNAL: &str = "An internal error occurred.";
    pub const STATE_NOT_SAVED: &str = "The state file could not be written.";
    pub fn invalid_version_number(raw: &str) -> String {
        format!("Invalid version number: {raw}")
    }
    pub fn invalid_policy(reason: impl std::fmt::Display) -> String {
        format!("The policy is not valid: {reason}")
    }
    pub fn max_items_not_integer(raw: &str) -> String {
        format!("Invalid value for MaxItems: '{raw}' is not an integer")
    }
    pub fn invalid_marker(marker: &str) -> String {
        format!("Invalid marker: {marker}")
    }
    pub const DURATION_EXCEEDS_MAX_SESSION: &str =
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
}
