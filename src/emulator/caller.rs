//! Who is calling a fleet: an account's own key, or a role assumed in one with its session
//! token and expiry; and the fleet's roles, sessions and STS quota that decide it.

use super::auth::KeyPair;
use super::quota::Quota;
use std::collections::HashMap;
use std::sync::RwLock;

impl Fleet {
    /// Whether `account_id` is one of the fleet's accounts.
    pub fn serves(&self, account_id: &str) -> bool {
        self.members
            .keys()
            .any(|(account, _)| account == account_id)
    }

    /// Whether the role `name` exists in the fleet's accounts.
    pub fn has_role(&self, name: &str) -> bool {
        name == ORGANIZATION_ROLE || self.roles.iter().any(|r| r == name)
    }

    /// Whether STS may answer `account` now (`false`: over its rate).
    pub fn sts_admits(&self, account: &str) -> bool {
        self.sts_quotas.get(account).is_none_or(Quota::try_take)
    }

    /// Keys handed out by AssumeRole from now on sign as their account, until they expire.
    pub fn admit(&self, caller: Caller) {
        let mut keys = self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = std::time::SystemTime::now();
        keys.retain(|_, c| c.session.as_ref().is_none_or(|s| s.expires > now));
        let sessions = keys.values().filter(|c| c.session.is_some()).count();
        if sessions >= MAX_ASSUMED_SESSIONS
            && let Some(soonest) = keys
                .iter()
                .filter_map(|(id, c)| c.session.as_ref().map(|s| (s.expires, id.clone())))
                .min()
                .map(|(_, id)| id)
        {
            keys.remove(&soonest);
        }
        keys.insert(caller.pair.access_key_id.clone(), caller);
    }

    /// How many assumed-role sessions are kept.
    pub fn sessions(&self) -> usize {
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .filter(|c| c.session.is_some())
            .count()
    }

    pub(super) fn caller(&self, access_key_id: &str) -> Option<Caller> {
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(access_key_id)
            .cloned()
    }
}

/// The fleet behind the endpoint: each account-region's routes, and every key it knows.
pub struct Fleet {
    pub(super) members: HashMap<(String, String), axum::Router>,
    pub(super) keys: RwLock<HashMap<String, Caller>>,
    pub(super) body_read_timeout: std::time::Duration,
    /// The roles that exist in every account, besides [`ORGANIZATION_ROLE`].
    pub(super) roles: Vec<String>,
    /// STS's request quota of each account, under `--rate-limit` as Lambda's is.
    pub(super) sts_quotas: HashMap<String, Quota>,
    /// The accounts in the order served: the first is the organisation's management account.
    pub(super) accounts: Vec<String>,
}

/// The role AWS Organizations creates in every member account: assumable in every account of
/// the fleet, as the roles `serve --roles` names are.
pub const ORGANIZATION_ROLE: &str = "OrganizationAccountAccessRole";

/// The most assumed-role sessions kept at once: past it, expired ones go first, then the one
/// closest to expiring, so that no number of AssumeRole calls grows the server without bound.
pub const MAX_ASSUMED_SESSIONS: usize = 4096;

#[derive(Clone)]
pub struct AssumedSession {
    pub token: String,
    pub expires: std::time::SystemTime,
}

/// Whose keys signed a request: an account's own, or a role assumed in it.
#[derive(Clone)]
pub struct Caller {
    pub account_id: String,
    pub pair: KeyPair,
    /// The caller's ARN, as GetCallerIdentity gives it.
    pub arn: String,
    /// For keys AssumeRole handed out: the session token that must come with them, and when
    /// they stop working.
    pub session: Option<AssumedSession>,
}
