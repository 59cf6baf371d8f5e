//! Whether a Deny in the same policy takes away what an Allow grants: the same principals
//! (or more), the same actions (or more). An unconditional Deny cancels the Allow's risk; one
//! with a condition reduces it to the cases the condition leaves out.

use super::document::{Effect, Principals, Statement};
use super::lambda_actions::actions_matching;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenyCover {
    /// The Deny names `label` and has no condition: the Allow grants nothing.
    Cancels { label: String },
    /// The Deny applies only when its condition holds.
    Reduces { label: String, condition: String },
}

impl DenyCover {
    /// The words added to a finding's message.
    pub fn note(&self) -> String {
        match self {
            DenyCover::Cancels { label } => {
                format!(" (cancelled: Deny {label} denies the same to everyone this names)")
            }
            DenyCover::Reduces { label, condition } => {
                format!(" (reduced: Deny {label} denies it when {condition})")
            }
        }
    }
}

/// The strongest Deny of `statements` that covers `allow`, if any.
pub fn deny_covering(allow: &Statement, statements: &[Statement]) -> Option<DenyCover> {
    if allow.effect != Effect::Allow || !allow.not_action.is_empty() {
        return None;
    }
    let covers: Vec<DenyCover> = statements
        .iter()
        .enumerate()
        .filter(|(_, deny)| deny.effect == Effect::Deny && may_apply(deny))
        .filter(|(_, deny)| covers_actions(deny, &allow.action))
        .filter_map(|(index, deny)| {
            let label = match &deny.sid {
                Some(sid) => format!("\"{sid}\""),
                None => format!("statement {}", index + 1),
            };
            let everyone = covers_principals(deny, allow)?;
            Some(if everyone && deny.conditions.is_empty() {
                DenyCover::Cancels { label }
            } else {
                let condition = if deny.conditions.is_empty() {
                    "the caller is not excluded by its NotPrincipal".to_string()
                } else {
                    deny.condition_summary()
                };
                DenyCover::Reduces { label, condition }
            })
        })
        .collect();
    covers
        .iter()
        .find(|c| matches!(c, DenyCover::Cancels { .. }))
        .or(covers.first())
        .cloned()
}

/// Whether a Deny's conditions can hold at all: a test of a key against no value never does.
fn may_apply(deny: &Statement) -> bool {
    deny.conditions
        .iter()
        .all(|c| !c.values.is_empty() || c.operator.ends_with("IfExists"))
}

/// Every action granted is denied. Both sides are expanded into the Lambda actions they name
/// (wildcards and all), so a Deny's NotAction or pattern is judged action by action.
fn covers_actions(deny: &Statement, granted: &[String]) -> bool {
    let granted = actions_named(granted);
    let denied = if deny.action.is_empty() {
        let spared = actions_named(&deny.not_action);
        actions_named(&["*".to_string()])
            .into_iter()
            .filter(|a| !spared.contains(a))
            .collect()
    } else {
        actions_named(&deny.action)
    };
    !granted.is_empty() && granted.iter().all(|a| denied.contains(a))
}

/// The Lambda actions that `patterns` (`*`, `lambda:NAME` with wildcards) name.
fn actions_named(patterns: &[String]) -> Vec<&'static str> {
    let mut named: Vec<&'static str> = patterns
        .iter()
        .filter_map(|p| match p.as_str() {
            "*" => Some("*"),
            p => p
                .split_once(':')
                .filter(|(service, _)| service.eq_ignore_ascii_case("lambda"))
                .map(|(_, name)| name),
        })
        .flat_map(actions_matching)
        .collect();
    named.sort_unstable();
    named.dedup();
    named
}

/// `Some(true)` when the Deny names everyone the Allow does, `Some(false)` when it names all
/// but some (NotPrincipal), `None` when it misses some of them.
fn covers_principals(deny: &Statement, allow: &Statement) -> Option<bool> {
    let granted = allow.principal.as_ref()?;
    if let Some(excluded) = &deny.not_principal {
        // Everyone but everyone: the Deny applies to no one.
        if excluded.is_anyone() {
            return None;
        }
        let spared = match granted {
            Principals::Anyone => false,
            Principals::Named(kinds) => kinds.iter().all(|(kind, values)| {
                values
                    .iter()
                    .all(|v| excluded.values(kind).contains(&v.as_str()))
            }),
        };
        return (!spared).then_some(false);
    }
    let denied = deny.principal.as_ref()?;
    if denied.is_surely_everyone() {
        return Some(true);
    }
    match granted {
        Principals::Anyone => None,
        Principals::Named(kinds) => kinds
            .iter()
            .all(|(kind, values)| {
                values
                    .iter()
                    .all(|v| denied.values(kind).contains(&v.as_str()))
            })
            .then_some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;

    fn statements(json: &str) -> Vec<Statement> {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{json}]}}"#);
        PolicyDocument::parse(&text).unwrap().statements
    }

    const PUBLIC: &str = r#"{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}"#;

    #[test]
    fn an_unconditional_deny_of_the_same_cancels() {
        let s = statements(&format!(
            r#"{PUBLIC},{{"Sid":"no","Effect":"Deny","Principal":"*","Action":"lambda:Invoke*","Resource":"*"}}"#
        ));
        assert_eq!(
            deny_covering(&s[0], &s),
            Some(DenyCover::Cancels {
                label: "\"no\"".into()
            })
        );
    }

    #[test]
    fn a_conditional_deny_reduces_and_says_when() {
        let s = statements(&format!(
            r#"{PUBLIC},{{"Effect":"Deny","Principal":{{"AWS":"*"}},"NotAction":"lambda:GetPolicy","Resource":"*","Condition":{{"StringNotEquals":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}}}}"#
        ));
        let cover = deny_covering(&s[0], &s).unwrap();
        assert_eq!(
            cover.note(),
            " (reduced: Deny statement 2 denies it when StringNotEquals aws:PrincipalOrgID o-a1b2c3d4e5)"
        );
    }

    #[test]
    fn a_deny_that_never_applies_covers_nothing() {
        for deny in [
            // everyone but everyone: no one
            r#"{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"*","Resource":"*"}"#,
            // federated users only: not the anonymous callers the Allow lets in
            r#"{"Effect":"Deny","Principal":{"Federated":"*"},"Action":"*","Resource":"*"}"#,
            // a test against no value: never true
            r#"{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":[]}}}"#,
        ] {
            let s = statements(&format!("{PUBLIC},{deny}"));
            assert_eq!(deny_covering(&s[0], &s), None, "{deny}");
        }
    }

    #[test]
    fn a_deny_of_other_actions_or_other_principals_covers_nothing() {
        let other_action = statements(&format!(
            r#"{PUBLIC},{{"Effect":"Deny","Principal":"*","Action":"lambda:GetPolicy","Resource":"*"}}"#
        ));
        assert_eq!(deny_covering(&other_action[0], &other_action), None);
        let other_principal = statements(&format!(
            r#"{PUBLIC},{{"Effect":"Deny","Principal":{{"AWS":"111122223333"}},"Action":"*","Resource":"*"}}"#
        ));
        assert_eq!(deny_covering(&other_principal[0], &other_principal), None);
        let excluded = statements(
            r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"lambda:InvokeFunction","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}"#,
        );
        assert_eq!(
            deny_covering(&excluded[0], &excluded),
            None,
            "NotPrincipal spares it"
        );
        let spares_one = statements(
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"*"},{"Effect":"Deny","Principal":"*","NotAction":"lambda:GetPolicy","Resource":"*"}"#,
        );
        assert_eq!(
            deny_covering(&spares_one[0], &spares_one),
            None,
            "GetPolicy is still granted"
        );
        let pattern = statements(
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctio*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunctio?","Resource":"*"}"#,
        );
        assert_eq!(
            deny_covering(&pattern[0], &pattern),
            None,
            "InvokeFunctionUrl is still granted"
        );
    }
}
