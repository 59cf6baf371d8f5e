//! Who can use a grant: the one rule the lints, the audit, the confirmations and the emulator's
//! public-access block decide "public" and "only through a URL" by.

use super::action_set::ActionSet;
use super::document::{Effect, Statement};
pub use super::engine::is_url_only;
use super::holder_kind::HolderKind;

/// Whether the statement lets anyone in: an Allow of some action of a `kind` holder to callers
/// that the engine's reading of its principal and conditions leaves as everyone
/// (docs/ACCESS.md). What the public lints judge a statement by.
pub fn is_public_statement(statement: &Statement, kind: HolderKind) -> bool {
    statement.effect == Effect::Allow
        && !ActionSet::granted(&statement.action, &statement.not_action, kind).is_empty()
        && super::caller::callers_of(statement)
            .iter()
            .any(|holds| holds[0].is_everyone())
}

/// Whether the policy of the function, version or alias `resource` (an ARN; `None` when not
/// known) leaves anyone in once its Denies are read: what the public-access block refuses.
pub fn is_public_document(document: &super::PolicyDocument, resource: Option<&str>) -> bool {
    super::engine::access_of(document, HolderKind::Function, resource).is_public()
}

pub(super) fn has_any(statement: &Statement, keys: &[&str]) -> bool {
    keys.iter().any(|k| statement.is_narrowed_by(k))
}
