//! The access engine: a policy reduced to what it lets whom do on one resource. Each Allow
//! becomes one reach per set of callers it names (held to what its conditions allow), with the
//! actions it grants on this resource; then each Deny takes away what it surely denies. The
//! public lints, the public-access block, `access`, `check` and the confirmations all ask it;
//! the rules and their sources are in docs/ACCESS.md.

use super::action_set::ActionSet;
use super::caller::{Caller, Trust, callers_of, narrows};
use super::document::{ConditionEntry, Effect, PolicyDocument, Statement};
use super::holder_kind::HolderKind;
use super::iam_wildcard::wildcard_match;
use serde::Serialize;

/// What one Allow lets one set of callers do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reach {
    pub sid: Option<String>,
    /// The statement's place in the document (0-based).
    pub statement: usize,
    /// Who, by the narrowest of what the principal and the conditions hold it to.
    pub caller: Caller,
    /// Every hold, ANDed (the caller among them).
    #[serde(skip)]
    pub holds: Vec<Caller>,
    #[serde(skip)]
    pub actions: ActionSet,
    /// InvokeFunction only through a function URL.
    pub url_only: bool,
    /// The conditions that are not holds on the caller (a time, a URL key, and a caller key
    /// tested in a way that does not narrow: negated, `…IfExists`, a wildcard), as written:
    /// access under them is covered only by access under the same ones.
    pub conditions: Vec<String>,
    /// The Denies that take part of it away, or may, in words.
    pub narrowed_by: Vec<String>,
}

impl Reach {
    pub fn is_public(&self) -> bool {
        self.caller.is_everyone() && !self.actions.is_empty()
    }

    /// What it grants, in words (`invoke`, `do anything`).
    pub fn what(&self) -> String {
        self.actions.words(self.url_only)
    }
}

/// A Deny of the policy, told as who may not do what under which conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct DenyWords {
    pub statement: usize,
    pub who: String,
    pub what: String,
    pub actions: ActionSet,
    pub conditions: Vec<String>,
}

/// Everything a policy lets anyone do on its resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    pub kind: HolderKind,
    pub reaches: Vec<Reach>,
    /// The Deny statements, in words.
    pub denies: Vec<DenyWords>,
}

impl Access {
    pub fn is_public(&self) -> bool {
        self.reaches.iter().any(Reach::is_public)
    }

    pub fn public(&self) -> impl Iterator<Item = &Reach> {
        self.reaches.iter().filter(|r| r.is_public())
    }

    /// The reaches that let in someone outside `trust`, with who.
    pub fn external<'a>(
        &'a self,
        trust: &'a Trust,
    ) -> impl Iterator<Item = (&'a Reach, Vec<String>)> + 'a {
        self.reaches.iter().filter_map(move |r| {
            let outside = r.caller.outside(trust);
            (!outside.is_empty() && !r.actions.is_empty()).then_some((r, outside))
        })
    }

    /// The reaches that grant any of `actions`.
    pub fn granting(&self, actions: ActionSet) -> impl Iterator<Item = &Reach> {
        self.reaches
            .iter()
            .filter(move |r| !r.actions.intersection(actions).is_empty())
    }
}

/// Whether a grant can be used only through a function URL: its conditions force it
/// (`InvokedViaFunctionUrl` true, or the URL's AuthType held to NONE), not merely name a URL key
/// (a `Null` test or a negated AuthType lets a direct call through).
pub fn is_url_only(statement: &Statement) -> bool {
    // The AuthType key is present only in a request through a URL: held to any fixed value,
    // it keeps direct calls out.
    statement.requires_true("lambda:InvokedViaFunctionUrl")
        || statement.is_narrowed_by("lambda:FunctionUrlAuthType")
}

/// Whether `patterns` (a Resource or NotResource list) name `resource`; an unknown resource is
/// named by every pattern (sound: a grant is assumed to apply).
fn names_resource(patterns: &[String], resource: Option<&str>) -> bool {
    match resource {
        None => true,
        Some(arn) => patterns.iter().any(|p| wildcard_match(p, arn, true)),
    }
}

/// Whether the statement applies to `resource`: its Resource names it, or its NotResource does
/// not (an unknown resource: it applies). A Deny is judged the other way: it surely applies
/// only when the resource is known to be named, or it names every resource.
fn applies_to(statement: &Statement, resource: Option<&str>) -> bool {
    if !statement.not_resource.is_empty() {
        return resource.is_none_or(|_| !names_resource(&statement.not_resource, resource));
    }
    statement.resource.is_empty() || names_resource(&statement.resource, resource)
}

fn surely_applies_to(statement: &Statement, resource: Option<&str>) -> bool {
    if !statement.not_resource.is_empty() {
        return resource.is_some() && !names_resource(&statement.not_resource, resource);
    }
    statement.resource.iter().any(|r| r == "*")
        || (resource.is_some() && names_resource(&statement.resource, resource))
}

fn written(condition: &ConditionEntry) -> String {
    format!(
        "{} {} {}",
        condition.operator,
        condition.key,
        condition.values.join("|")
    )
}

/// The access `document` grants on the resource `resource` (an ARN; `None` when unknown:
/// every statement is taken to name it) of a holder of `kind`.
pub fn access_of(document: &PolicyDocument, kind: HolderKind, resource: Option<&str>) -> Access {
    let denies: Vec<(usize, &Statement)> = document
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.effect == Effect::Deny)
        .collect();
    let mut reaches = Vec::new();
    for (index, statement) in document.statements.iter().enumerate() {
        if statement.effect != Effect::Allow || !applies_to(statement, resource) {
            continue;
        }
        let actions = ActionSet::granted(&statement.action, &statement.not_action, kind);
        if actions.is_empty() {
            continue;
        }
        let conditions: Vec<String> = statement
            .conditions
            .iter()
            .filter(|c| !narrows(c))
            .map(written)
            .collect();
        for holds in callers_of(statement) {
            let reach = Reach {
                sid: statement.sid.clone(),
                statement: index,
                caller: holds[0].clone(),
                holds,
                actions,
                url_only: is_url_only(statement),
                conditions: conditions.clone(),
                narrowed_by: Vec::new(),
            };
            reaches.extend(after_denies(reach, &denies, statement, resource));
        }
    }
    Access {
        kind,
        reaches,
        denies: denies
            .iter()
            .map(|(i, d)| deny_words(*i, d, kind))
            .collect(),
    }
}

fn deny_label(index: usize, deny: &Statement) -> String {
    match &deny.sid {
        Some(sid) => format!("Deny \"{sid}\""),
        None => format!("the Deny of statement {}", index + 1),
    }
}

fn deny_words(statement: usize, deny: &Statement, kind: HolderKind) -> DenyWords {
    let actions = ActionSet::granted(&deny.action, &deny.not_action, kind);
    let who = callers_of(&Statement {
        effect: Effect::Allow,
        conditions: Vec::new(),
        ..deny.clone()
    })
    .first()
    .map_or_else(|| "no one".to_string(), |holds| holds[0].words());
    DenyWords {
        statement,
        who,
        what: actions.words(false),
        actions,
        conditions: deny.conditions.iter().map(written).collect(),
    }
}

/// Whether a Deny's principal surely names every caller of `allow`'s reach.
fn deny_names_callers(deny: &Statement, allow: &Statement) -> bool {
    if deny.not_principal.is_some() {
        return false;
    }
    let Some(denied) = &deny.principal else {
        return false;
    };
    if denied.is_surely_everyone() {
        return true;
    }
    match (&allow.principal, denied) {
        (Some(super::Principals::Named(kinds)), _) => kinds.iter().all(|(kind, values)| {
            values
                .iter()
                .all(|v| v != "*" && denied.values(kind).contains(&v.as_str()))
        }),
        _ => false,
    }
}

/// The only condition of a Deny, when it keeps the callers it spares to fixed accounts or
/// organisations (`StringNotEquals aws:PrincipalAccount 123456789012`): then it surely denies
/// everyone else.
fn zone_kept(deny: &Statement) -> Option<(Caller, bool)> {
    let [condition] = deny.conditions.as_slice() else {
        return None;
    };
    if !matches!(
        condition.operator.as_str(),
        "StringNotEquals" | "StringNotEqualsIgnoreCase"
    ) || condition.values.is_empty()
        || condition
            .values
            .iter()
            .any(|v| v.contains("${") || v.contains(['*', '?']))
    {
        return None;
    }
    let values = condition.values.clone();
    match condition.key.to_ascii_lowercase().as_str() {
        "aws:principalaccount" => Some((Caller::Accounts(values), false)),
        "aws:sourceaccount" => Some((Caller::Accounts(values), true)),
        "aws:principalorgid" => Some((Caller::Organizations(values), false)),
        _ => None,
    }
}

/// `caller` with only the part `kept` spares; `None` when that cannot be told offline.
/// `by_source`: the Deny tests the caller's source account (which a service call carries and
/// a direct call does not). A caller whose account cannot be read is kept (it may be inside).
fn narrowed(caller: &Caller, kept: &Caller, by_source: bool) -> Option<Caller> {
    let inside = |value: &String, keep: &[String]| {
        if super::account_id::is_account_id(value) {
            keep.contains(value)
        } else {
            super::arn::account_of_arn(value).is_none_or(|account| keep.contains(&account))
        }
    };
    let common = |have: &[String], keep: &[String]| -> Vec<String> {
        have.iter().filter(|v| inside(v, keep)).cloned().collect()
    };
    match (caller, kept) {
        (
            Caller::Everyone | Caller::EveryoneBut(_) | Caller::AnyAwsAccount,
            Caller::Accounts(keep),
        ) if by_source => Some(Caller::Service {
            service: "*".into(),
            sources: keep.clone(),
        }),
        (Caller::Everyone | Caller::EveryoneBut(_) | Caller::AnyAwsAccount, _) => {
            Some(kept.clone())
        }
        (Caller::Accounts(have), Caller::Accounts(keep)) if !by_source => {
            Some(Caller::Accounts(common(have, keep)))
        }
        (Caller::Organizations(have), Caller::Organizations(keep)) => {
            Some(Caller::Organizations(common(have, keep)))
        }
        (Caller::Principals(arns), Caller::Accounts(keep)) if !by_source => {
            Some(Caller::Principals(common(arns, keep)))
        }
        (Caller::Service { service, sources }, Caller::Accounts(keep)) if by_source => {
            if sources.is_empty() {
                return Some(Caller::Service {
                    service: service.clone(),
                    sources: keep.clone(),
                });
            }
            let left = common(sources, keep);
            // No source left is no one (an empty list would read as any source).
            Some(if left.is_empty() {
                Caller::Accounts(Vec::new())
            } else {
                Caller::Service {
                    service: service.clone(),
                    sources: left,
                }
            })
        }
        _ => None,
    }
}

fn is_nobody(caller: &Caller) -> bool {
    matches!(caller, Caller::Accounts(v) | Caller::Organizations(v) | Caller::Principals(v) if v.is_empty())
}

/// Whether a Deny may name any caller of `allow`: not when both name principals and share none.
fn deny_may_name(deny: &Statement, allow: &Statement) -> bool {
    let (Some(super::Principals::Named(denied)), Some(super::Principals::Named(granted))) =
        (&deny.principal, &allow.principal)
    else {
        return true;
    };
    denied.iter().any(|(kind, values)| {
        values
            .iter()
            .any(|v| v == "*" || granted.iter().any(|(k, vs)| k == kind && vs.contains(v)))
    })
}

/// `reach` after every Deny: what a Deny surely denies is taken away (the reach split in two
/// where a Deny keeps only some callers); a Deny that may or may not apply is named.
fn after_denies(
    reach: Reach,
    denies: &[(usize, &Statement)],
    allow: &Statement,
    resource: Option<&str>,
) -> Vec<Reach> {
    let mut parts = vec![reach];
    for (index, deny) in denies {
        let denied = ActionSet::granted(&deny.action, &deny.not_action, parts[0].actions.kind());
        if !deny_may_name(deny, allow) {
            continue;
        }
        let label = deny_label(*index, deny);
        let sure = surely_applies_to(deny, resource) && deny_names_callers(deny, allow);
        let mut next = Vec::new();
        for mut part in parts {
            let hit = part.actions.intersection(denied);
            if hit.is_empty() {
                next.push(part);
                continue;
            }
            let applies_always = deny.conditions.is_empty();
            match (sure, applies_always, zone_kept(deny)) {
                (true, true, _) => {
                    part.actions = part.actions.minus(hit);
                    part.narrowed_by
                        .push(format!("{label} takes away {}", hit.words(part.url_only)));
                    if !part.actions.is_empty() {
                        next.push(part);
                    }
                }
                (true, false, Some((kept, by_source))) => {
                    match narrowed(&part.caller, &kept, by_source) {
                        Some(caller) => {
                            let mut spared = part.clone();
                            spared.actions = hit;
                            spared.holds.push(caller.clone());
                            spared.caller = caller;
                            spared
                                .narrowed_by
                                .push(format!("{label} keeps it to {}", spared.caller.words()));
                            part.actions = part.actions.minus(hit);
                            if !part.actions.is_empty() {
                                next.push(part);
                            }
                            if !is_nobody(&spared.caller) {
                                next.push(spared);
                            }
                        }
                        None => {
                            part.narrowed_by
                                .push(format!("{label} may take some of it away"));
                            next.push(part);
                        }
                    }
                }
                _ => {
                    let when = if deny.conditions.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " when {}",
                            deny.conditions
                                .iter()
                                .map(written)
                                .collect::<Vec<_>>()
                                .join(" and ")
                        )
                    };
                    part.narrowed_by.push(format!(
                        "{label} may take {} away{when}",
                        hit.words(part.url_only)
                    ));
                    next.push(part);
                }
            }
        }
        parts = next;
        if parts.is_empty() {
            break;
        }
    }
    parts
}
