//! Who can use a grant: the one rule the lints, the audit, the confirmations and the emulator's
//! public-access block decide "public" and "only through a URL" by.

use super::document::{Effect, Statement};
pub use super::engine::is_url_only;

/// Whether the statement lets anyone in: an Allow of some Lambda action to callers that the
/// engine's reading of its principal and conditions leaves as everyone (docs/ACCESS.md). What
/// the public lints judge a statement by.
pub fn is_public_statement(statement: &Statement) -> bool {
    use super::action_set::ActionSet;
    use super::holder_kind::HolderKind;
    statement.effect == Effect::Allow
        && [HolderKind::Function, HolderKind::Layer]
            .into_iter()
            .any(|kind| {
                !ActionSet::granted(&statement.action, &statement.not_action, kind).is_empty()
            })
        && super::caller::callers_of(statement)
            .iter()
            .any(|holds| holds[0].is_everyone())
}

/// Whether the policy leaves anyone in once its Denies are read: what the public-access block
/// refuses.
pub fn is_public_document(document: &super::PolicyDocument) -> bool {
    super::engine::access_of(document, super::holder_kind::HolderKind::Function, None).is_public()
}

pub(super) fn has_any(statement: &Statement, keys: &[&str]) -> bool {
    keys.iter().any(|k| statement.is_narrowed_by(k))
}
