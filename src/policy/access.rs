//! Who can do what, in words: the engine's reaches of a policy told one line each ("everyone
//! in o-a1b2c3d4e5 may invoke"), public and external access marked, the Deny that narrows each
//! named; then each Deny. What `access`, its JSON and the TUI's access view show.

use super::PolicyDocument;
use super::caller::{Caller, Trust};
use super::engine::{Access, access_of};
use super::holder::PolicyHolder;
use serde::Serialize;

/// One grant of a policy, in words and in parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grant {
    pub sid: Option<String>,
    /// The statement it comes from (0-based).
    #[serde(skip)]
    pub statement: usize,
    /// `allow`, or `deny` for what a Deny takes away.
    pub effect: &'static str,
    /// Who, in words: `everyone`, `everyone in o-...`, `account 111122223333`, a service and
    /// the source it is held to.
    pub who: String,
    /// Who, in parts (an allow only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller: Option<Caller>,
    /// What, in words: `invoke`, `invoke through its URL`, `do anything`, or groups of actions.
    pub what: String,
    /// The actions, as IAM names them.
    pub actions: Vec<String>,
    /// The other conditions it is granted under, one each as written
    /// (`DateLessThan aws:CurrentTime 2027-01-01`); those naming the caller are in `who`.
    pub conditions: Vec<String>,
    /// Anyone at all can use it (the rule of the public lints and the public-access block).
    pub public: bool,
    /// Who it lets in from outside the zone of trust (accounts, organisations, or words such
    /// as `any account` when it cannot be known offline).
    pub external: Vec<String>,
    /// The Denies of the same policy that take some or all of it away, or may, in words.
    pub narrowed_by: Option<String>,
}

impl Grant {
    /// The grant as one line.
    pub fn line(&self) -> String {
        let may = if self.effect == "deny" {
            "may not"
        } else {
            "may"
        };
        let mut line = format!("{} {may} {}", self.who, self.what);
        if !self.conditions.is_empty() {
            line.push_str(&format!(" if {}", self.conditions.join(" and ")));
        }
        if self.public {
            line.push_str(" [PUBLIC]");
        } else if !self.external.is_empty() {
            line.push_str(&format!(" [EXTERNAL: {}]", self.external.join(", ")));
        }
        if let Some(deny) = &self.narrowed_by {
            line.push_str(&format!(" — {deny}"));
        }
        line
    }
}

/// Every grant `document` makes on `holder` (whose ARN is `resource`, when known), then what
/// its Denies take away; `trust` tells external access apart.
pub fn grants(
    document: &PolicyDocument,
    holder: &PolicyHolder,
    resource: Option<&str>,
    trust: &Trust,
) -> Vec<Grant> {
    grants_of(
        &access_of(document, holder.kind(), resource),
        document,
        trust,
    )
}

/// The grants of an access already worked out.
pub fn grants_of(access: &Access, document: &PolicyDocument, trust: &Trust) -> Vec<Grant> {
    let allows = access.reaches.iter().map(|reach| Grant {
        sid: reach.sid.clone(),
        statement: reach.statement,
        effect: "allow",
        who: reach.caller.words(),
        caller: Some(reach.caller.clone()),
        what: reach.what(),
        actions: reach.actions.names(),
        conditions: reach.conditions.clone(),
        public: reach.is_public(),
        external: if reach.is_public() {
            Vec::new()
        } else {
            reach.caller.outside(trust)
        },
        narrowed_by: (!reach.narrowed_by.is_empty()).then(|| reach.narrowed_by.join("; ")),
    });
    let denies = access.denies.iter().map(|deny| Grant {
        sid: document.statements[deny.statement].sid.clone(),
        statement: deny.statement,
        effect: "deny",
        who: deny.who.clone(),
        caller: None,
        what: deny.what.clone(),
        actions: deny.actions.names(),
        conditions: deny.conditions.clone(),
        public: false,
        external: Vec::new(),
        narrowed_by: None,
    });
    allows.chain(denies).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grants_of(statements: &str) -> Vec<Grant> {
        let document = PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
        ))
        .unwrap();
        grants(
            &document,
            &PolicyHolder::function("f", None),
            None,
            &Trust::account(Some("123456789012")),
        )
    }

    #[test]
    fn grants_read_as_who_may_do_what() {
        let g = grants_of(
            r#"{"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},
               {"Sid":"partner","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::210987654321:root","345678901234"]},"Action":["lambda:InvokeFunction","lambda:GetFunction"],"Resource":"*"},
               {"Sid":"topic","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:t"}}},
               {"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"*"},
               {"Sid":"home","Effect":"Deny","Principal":"*","Action":["lambda:AddPermission","lambda:RemovePermission"],"Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}}"#,
        );
        let lines: Vec<String> = g.iter().map(Grant::line).collect();
        assert_eq!(g.len(), 6, "{lines:#?}");
        assert!(
            lines[0].starts_with("everyone in o-a1b2c3d4e5 may invoke"),
            "{lines:#?}"
        );
        assert!(!g[0].public && g[0].external == ["o-a1b2c3d4e5"]);
        assert_eq!(g[1].who, "account 210987654321, account 345678901234");
        assert_eq!(g[1].what, "invoke, read (GetFunction)");
        assert!(lines[1].contains("[EXTERNAL: 210987654321, 345678901234]"));
        assert_eq!(
            g[2].who,
            "sns.amazonaws.com from arn:aws:sns:us-east-1:123456789012:t"
        );
        assert!(g[2].external.is_empty(), "its source is in the account");
        // The Deny keeps changing permissions to the account: the public grant is split in two.
        assert!(
            g[3].public
                && g[3]
                    .what
                    .starts_with("invoke, invoke through its URL, read")
        );
        assert!(!g[3].actions.contains(&"lambda:AddPermission".to_string()));
        assert_eq!(g[4].who, "account 123456789012");
        assert_eq!(
            g[4].what,
            "change its permissions (AddPermission, RemovePermission)"
        );
        assert!(!g[4].public && g[4].external.is_empty());
        assert!(
            lines[4].contains("Deny \"home\" keeps it to account 123456789012"),
            "{lines:#?}"
        );
        assert_eq!(g[5].effect, "deny");
        assert!(
            lines[5].starts_with(
                "everyone may not change its permissions (AddPermission, RemovePermission) if StringNotEquals"
            ),
            "{lines:#?}"
        );
    }

    #[test]
    fn a_deny_subtracts_only_what_it_surely_denies() {
        let public = |deny: &str| {
            let g = grants_of(&format!(
                r#"{{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}},{deny}"#
            ));
            g.iter().any(|g| g.public)
        };
        // Denies that surely apply to everyone: nothing public is left.
        for sure in [
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*"}"#,
            r#"{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"lambda:Invoke*","Resource":"*"}"#,
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#,
        ] {
            assert!(!public(sure), "{sure}");
        }
        // Denies that may never apply, or not to everyone: the grant stays public.
        for unsure in [
            r#"{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"lambda:*","Resource":"*"}"#,
            r#"{"Effect":"Deny","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"lambda:*","Resource":"*"}"#,
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceIp":[]}}}"#,
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}"#,
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:GetFunction","Resource":"*"}"#,
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"arn:aws:lambda:us-east-1:123456789012:function:other"}"#,
        ] {
            assert!(public(unsure), "{unsure}");
        }
    }

    #[test]
    fn a_deny_keeping_the_account_keeps_callers_whose_account_cannot_be_read() {
        let g = grants_of(
            r#"{"Sid":"user","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:userid":"AIDAEXAMPLEUSERID"}}},
               {"Sid":"home","Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}}"#,
        );
        assert_eq!(g[0].who, "AIDAEXAMPLEUSERID", "{g:#?}");
        assert!(
            !g[0].external.is_empty(),
            "its account is not known: {g:#?}"
        );
    }
}
