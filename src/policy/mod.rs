//! The rules of Lambda resource policies, with no IO: function references, AddPermission
//! requests and their validation, the statement Lambda writes, policy documents, risk lints
//! and presets. The form, the emulator, the client and the audit all ask this module.

pub mod access;
pub mod access_change;
pub mod account_id;
pub mod action_set;
pub mod arn;
pub mod aws_error;
pub mod caller;
pub mod condition_check;
pub mod condition_operator;
pub mod deny_cover;
pub mod document;
pub mod engine;
pub mod error_field;
pub mod field;
pub mod function_ref;
pub mod holder;
pub mod holder_kind;
pub mod iam_wildcard;
pub mod issue;
pub mod lambda_actions;
pub mod layer;
pub mod lint;
pub mod lint_fix;
pub mod lint_id;
pub mod new_access;
pub mod patterns;
pub mod placeholder;
pub mod policy_diff;
pub mod preset;
pub mod principal;
pub mod public;
pub mod request;
pub mod statement;
pub mod text_span;
pub mod url_lint;
pub mod validate;
pub mod validation_error;
pub mod whole_policy;

pub use access_change::{AccessChange, Confirmation};
pub use arn::Arn;
pub use aws_error::{AwsError, ErrorType};
pub use document::{Effect, PolicyDocument, Principals, Statement};
pub use field::Field;
pub use function_ref::{AccountContext, FunctionRef, QualifierKind};
pub use holder::{HolderKind, PolicyHolder};
pub use issue::{FieldIssue, IssueKind};
pub use layer::{
    LayerPermissionRequest, layer_statement_for, layer_version_arn, lint_layer_statement,
};
pub use lint::{Lint, LintId, Severity, lint_policy, lint_request, lint_statement};
pub use policy_diff::{MemberChange, PolicyDiff, StatementChange, diff_policies};
pub use preset::{Preset, builtin_presets};
pub use principal::PrincipalForm;
pub use request::PermissionRequest;
pub use statement::{MAX_POLICY_BYTES, policy_json, policy_size, statement_for, stored_form};
pub use text_span::{LineIndex, TextSpan};
pub use url_lint::UrlState;
pub use whole_policy::{
    CheckedDocument, DocumentProblem, ProblemKind, check_document, validate_document,
};
