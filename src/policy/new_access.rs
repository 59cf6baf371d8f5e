//! Whether a policy grants anything another did not: Access Analyzer's CheckNoNewAccess, read
//! offline over the engine's reaches. Sound in the safe direction: access is new unless some
//! reach of the old policy surely covers it (its callers, its actions, no condition the new one
//! lacks), and a conditional Deny the old policy had and the new one lacks makes what it may
//! have denied new.

use super::action_set::ActionSet;
use super::caller::Caller;
use super::document::{Effect, PolicyDocument};
use super::engine::{Access, Reach, access_of};
use super::holder_kind::HolderKind;
use serde::Serialize;

/// Access the new policy grants that the old did not (or may not have).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAccess {
    pub sid: Option<String>,
    /// The statement of the new policy that grants it (0-based).
    pub statement: usize,
    pub caller: Caller,
    #[serde(skip)]
    pub actions: ActionSet,
    pub url_only: bool,
    /// Why it is counted new when the reason is not plain absence (a Deny that is gone).
    pub reason: Option<String>,
}

impl NewAccess {
    /// In words: `account 210987654321 may invoke`.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} may {}",
            self.caller.words(),
            self.actions.words(self.url_only)
        );
        if let Some(reason) = &self.reason {
            line.push_str(&format!(" ({reason})"));
        }
        line
    }
}

/// One caller at a time: a reach to two accounts is two reaches, so that two old grants of
/// one account each cover it.
fn atoms(reach: &Reach) -> Vec<Reach> {
    let split = |values: &[String], make: fn(Vec<String>) -> Caller| -> Vec<Reach> {
        values
            .iter()
            .map(|v| {
                let caller = make(vec![v.clone()]);
                let mut atom = reach.clone();
                atom.holds.push(caller.clone());
                atom.caller = caller;
                atom
            })
            .collect()
    };
    match &reach.caller {
        Caller::Accounts(v) if v.len() > 1 => split(v, Caller::Accounts),
        Caller::Principals(v) if v.len() > 1 => split(v, Caller::Principals),
        Caller::Organizations(v) if v.len() > 1 => split(v, Caller::Organizations),
        _ => vec![reach.clone()],
    }
}

/// Whether `old` surely lets in every request `new` does, for the actions both grant: each of
/// old's holds is met by one of new's, and new is under every other condition old is.
fn covers(old: &Reach, new: &Reach) -> bool {
    let same = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
    old.holds
        .iter()
        .all(|hold| new.holds.iter().any(|n| hold.covers(n)))
        && old
            .conditions
            .iter()
            .all(|c| new.conditions.iter().any(|n| same(c, n)))
        && (!old.url_only || new.url_only)
}

/// What `after` grants on the resource (`resource`, when known) that `before` did not.
pub fn new_access(
    before: &PolicyDocument,
    after: &PolicyDocument,
    kind: HolderKind,
    resource: Option<&str>,
) -> Vec<NewAccess> {
    let old = access_of(before, kind, resource);
    let new = access_of(after, kind, resource);
    new_access_between((before, &old), (after, &new))
}

/// [`new_access`] of two documents whose access is already worked out (a caller that
/// compares both ways reads each document once).
pub fn new_access_between(
    (before, old): (&PolicyDocument, &Access),
    (after, new): (&PolicyDocument, &Access),
) -> Vec<NewAccess> {
    let kind = new.kind;
    // Only a Deny can stand for a Deny: the other statements are not written out to compare.
    let kept: Vec<String> = after
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .map(|s| s.canonical())
        .collect();
    let gone_denies: Vec<(String, ActionSet)> = before
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.effect == Effect::Deny && !kept.contains(&s.canonical()))
        .map(|(i, s)| {
            let label = match &s.sid {
                Some(sid) => format!("Deny \"{sid}\""),
                None => format!("the Deny of statement {}", i + 1),
            };
            (label, ActionSet::granted(&s.action, &s.not_action, kind))
        })
        .collect();
    let mut found = Vec::new();
    for reach in &new.reaches {
        for atom in atoms(reach) {
            let mut uncovered = atom.actions;
            let mut covered = ActionSet::empty(kind);
            for old_reach in old.reaches.iter() {
                if old_reach.actions.intersection(atom.actions).is_empty()
                    || !covers(old_reach, &atom)
                {
                    continue;
                }
                uncovered = uncovered.minus(old_reach.actions);
                covered = covered.union(old_reach.actions);
            }
            if !uncovered.is_empty() {
                found.push(NewAccess {
                    sid: atom.sid.clone(),
                    statement: atom.statement,
                    caller: atom.caller.clone(),
                    actions: uncovered,
                    url_only: atom.url_only,
                    reason: None,
                });
            }
            let covered = covered.intersection(atom.actions);
            for (label, denied) in &gone_denies {
                let maybe = covered.intersection(*denied);
                if !maybe.is_empty() {
                    found.push(NewAccess {
                        sid: atom.sid.clone(),
                        statement: atom.statement,
                        caller: atom.caller.clone(),
                        actions: maybe,
                        url_only: atom.url_only,
                        reason: Some(format!("the old policy's {label} may have denied it")),
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(statements: &str) -> PolicyDocument {
        PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
        ))
        .unwrap()
    }

    fn lines(before: &str, after: &str) -> Vec<String> {
        new_access(
            &document(before),
            &document(after),
            HolderKind::Function,
            None,
        )
        .iter()
        .map(NewAccess::line)
        .collect()
    }

    const PARTNER: &str = r#"{"Sid":"partner","Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"lambda:InvokeFunction","Resource":"*"}"#;
    const PARTNERS: &str = r#"{"Sid":"partners","Effect":"Allow","Principal":{"AWS":["210987654321","345678901234"]},"Action":["lambda:InvokeFunction","lambda:GetFunction"],"Resource":"*"}"#;

    #[test]
    fn a_new_account_and_action_are_named() {
        assert_eq!(
            lines(PARTNER, PARTNERS),
            [
                "account 210987654321 may read (GetFunction)",
                "account 345678901234 may invoke, read (GetFunction)"
            ]
        );
        assert!(lines(PARTNERS, PARTNER).is_empty());
        assert!(lines(PARTNERS, PARTNERS).is_empty());
    }

    #[test]
    fn two_old_grants_together_cover_one_new_one() {
        let split = format!(
            "{PARTNER},{}",
            PARTNER
                .replace("partner", "other")
                .replace("210987654321", "345678901234")
        );
        let joined = PARTNERS.replace(r#","lambda:GetFunction""#, "");
        assert!(lines(&split, &joined).is_empty());
    }

    #[test]
    fn a_looser_condition_or_a_gone_deny_is_new_access() {
        let held = r#"{"Sid":"s","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}"#;
        let wildcard = held
            .replace("StringEquals", "StringLike")
            .replace("123456789012", "*");
        assert_eq!(lines(held, &wildcard), ["everyone may invoke"]);
        let timed = r#"{"Sid":"t","Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}}"#;
        assert_eq!(lines(timed, PARTNER), ["account 210987654321 may invoke"]);
        assert!(lines(PARTNER, timed).is_empty());
        let deny = r#"{"Sid":"night","Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}"#;
        assert_eq!(
            lines(&format!("{PARTNER},{deny}"), PARTNER),
            [
                "account 210987654321 may invoke (the old policy's Deny \"night\" may have denied it)"
            ]
        );
    }

    #[test]
    fn conditions_that_do_not_narrow_still_bound_the_old_grant() {
        let everyone_if = |condition: &str| {
            format!(
                r#"{{"Sid":"s","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"{condition}}}"#
            )
        };
        let open = everyone_if("");
        for kept_out in [
            r#","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}"#,
            r#","Condition":{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
            r#","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:t"}}"#,
        ] {
            assert_eq!(
                lines(&everyone_if(kept_out), &open),
                ["everyone may invoke"],
                "{kept_out}"
            );
        }
    }

    #[test]
    fn a_source_account_is_not_the_account_s_principals() {
        let source = r#"{"Sid":"s","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"210987654321"}}}"#;
        assert_eq!(lines(source, PARTNER), ["account 210987654321 may invoke"]);
        let literal = r#"{"Sid":"s","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::210987654321:role/a*"}}}"#;
        let pattern = literal.replace("StringEquals", "StringLike");
        assert_eq!(
            lines(literal, &pattern).len(),
            1,
            "a pattern is not its text"
        );
    }

    #[test]
    fn everyone_but_someone_never_covers_that_someone() {
        let but = r#"{"Sid":"s","Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:InvokeFunction","Resource":"*"}"#;
        assert_eq!(lines(but, PARTNER), ["account 210987654321 may invoke"]);
    }
}
