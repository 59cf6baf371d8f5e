//! The policy core as a user of the library meets it: documents, statements, validation as AWS validates, properties over any input, replayed AWS answers, and the shape of the source tree.

#[path = "../common/mod.rs"]
mod common;

mod access_cases;
mod access_properties;
mod architecture;
mod conformance_replay;
mod policy_documents;
mod policy_properties;
mod policy_statements;
mod policy_validation;
mod readme_keys;
mod whole_policy_validation;
