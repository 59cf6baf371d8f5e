//! Who can do what: a policy's Allow statements read as grants in words ("everyone in
//! o-a1b2c3d4e5 may invoke"), each marked public or external by the rules the lints and the
//! public-access block use, with the Deny that narrows it named. A first form of the access
//! engine: the `access` command and its JSON are its callers.

use super::deny_cover::deny_covering;
use super::document::{Effect, PolicyDocument, Statement};
use super::holder::PolicyHolder;
use super::public::is_public_statement;
use serde::Serialize;

/// One grant of a policy, in words and in parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grant {
    pub sid: Option<String>,
    /// `allow`, or `deny` for what a Deny takes away.
    pub effect: &'static str,
    /// Who, in words: `everyone`, `everyone in o-...`, `account 111122223333`, a service and
    /// the source it is held to.
    pub who: String,
    /// What, in words: `invoke`, `invoke through its URL`, `do anything`, or the actions.
    pub what: String,
    /// The conditions, one each as written (`StringEquals aws:SourceAccount 123456789012`).
    pub conditions: Vec<String>,
    /// Anyone at all can use it (the rule of the public lints and the public-access block).
    pub public: bool,
    /// The accounts it names other than the holder's own.
    pub external: Vec<String>,
    /// The Deny of the same policy that takes some or all of it away, in words.
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

/// Every grant `document` makes on `holder`, then what its Denies take away;
/// `own_account` tells external accounts apart.
pub fn grants(
    document: &PolicyDocument,
    holder: &PolicyHolder,
    own_account: Option<&str>,
) -> Vec<Grant> {
    let allows = document
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow);
    let denies = document
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny);
    allows
        .chain(denies)
        .map(|statement| {
            let allow = statement.effect == Effect::Allow;
            let external = if allow {
                external_accounts(statement, own_account)
            } else {
                Vec::new()
            };
            Grant {
                sid: statement.sid.clone(),
                effect: if allow { "allow" } else { "deny" },
                who: who(statement),
                what: what(statement, holder),
                conditions: statement
                    .conditions
                    .iter()
                    .map(|c| format!("{} {} {}", c.operator, c.key, c.values.join("|")))
                    .collect(),
                public: allow && is_public_statement(statement),
                external,
                narrowed_by: deny_covering(statement, &document.statements)
                    .map(|cover| cover.note().trim().trim_matches(['(', ')']).to_string()),
            }
        })
        .collect()
}

/// Who a statement lets in, in words.
fn who(statement: &Statement) -> String {
    if let Some(excluded) = &statement.not_principal {
        return format!("everyone but {}", excluded.summary());
    }
    let Some(principal) = &statement.principal else {
        return "no one".into();
    };
    let orgs = statement.narrowing_values("aws:PrincipalOrgID");
    if principal.is_anyone() {
        return match orgs.as_slice() {
            [] => "everyone".into(),
            orgs => format!("everyone in {}", orgs.join(" or ")),
        };
    }
    let mut parts = Vec::new();
    let accounts = principal.values("AWS");
    if !accounts.is_empty() {
        let named: Vec<String> = accounts
            .iter()
            .map(|a| match super::arn::Arn::parse(a) {
                Some(arn) if arn.resource == "root" => format!("account {}", arn.account),
                Some(_) => (*a).to_string(),
                None => format!("account {a}"),
            })
            .collect();
        parts.push(named.join(", "));
    }
    for service in principal.values("Service") {
        let mut sources = statement.narrowing_values("aws:SourceArn");
        sources.extend(statement.narrowing_values("aws:SourceAccount"));
        parts.push(match sources.as_slice() {
            [] => format!("{service}, for any source"),
            sources => format!("{service}, from {}", sources.join(" or ")),
        });
    }
    if parts.is_empty() {
        principal.summary()
    } else {
        parts.join("; ")
    }
}

/// What a statement grants, in words.
fn what(statement: &Statement, holder: &PolicyHolder) -> String {
    if statement.action.is_empty() {
        return format!("do anything but {}", statement.not_action.join(", "));
    }
    let words: Vec<String> = statement
        .action
        .iter()
        .map(|a| match a.as_str() {
            "*" | "lambda:*" => "do anything".to_string(),
            "lambda:InvokeFunction" if super::public::is_url_only(statement) => {
                "invoke through its URL".to_string()
            }
            "lambda:InvokeFunction" => "invoke".to_string(),
            "lambda:InvokeFunctionUrl" => "invoke through its URL".to_string(),
            "lambda:GetLayerVersion" if matches!(holder, PolicyHolder::LayerVersion { .. }) => {
                "use the layer version".to_string()
            }
            other => other.to_string(),
        })
        .collect();
    let mut unique = Vec::new();
    for word in words {
        if !unique.contains(&word) {
            unique.push(word);
        }
    }
    unique.join(", ")
}

/// The accounts a statement names other than `own`.
fn external_accounts(statement: &Statement, own: Option<&str>) -> Vec<String> {
    let Some(principal) = &statement.principal else {
        return Vec::new();
    };
    let mut accounts: Vec<String> = principal
        .values("AWS")
        .into_iter()
        .filter_map(|a| {
            super::arn::account_of_arn(a)
                .or_else(|| super::account_id::is_account_id(a).then(|| a.to_string()))
        })
        .filter(|a| Some(a.as_str()) != own)
        .collect();
    accounts.dedup();
    accounts
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
            Some("123456789012"),
        )
    }

    #[test]
    fn grants_read_as_who_may_do_what() {
        let g = grants_of(
            r#"{"Sid":"org","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},
               {"Sid":"partner","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::210987654321:root","345678901234"]},"Action":["lambda:InvokeFunction","lambda:GetFunction"],"Resource":"*"},
               {"Sid":"topic","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:t"}}},
               {"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"*"},
               {"Sid":"no","Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}}"#,
        );
        assert_eq!(g.len(), 5, "four grants, then the Deny");
        assert_eq!(g[4].effect, "deny");
        assert!(
            g[4].line()
                .starts_with("everyone may not do anything if StringNotEquals"),
            "{}",
            g[4].line()
        );
        assert!(
            g[0].line()
                .starts_with("everyone in o-a1b2c3d4e5 may invoke"),
            "{}",
            g[0].line()
        );
        assert!(!g[0].public);
        assert_eq!(g[1].who, "account 210987654321, account 345678901234");
        assert_eq!(g[1].external, ["210987654321", "345678901234"]);
        assert!(
            g[1].line()
                .contains("[EXTERNAL: 210987654321, 345678901234]")
        );
        assert_eq!(
            g[2].who,
            "sns.amazonaws.com, from arn:aws:sns:us-east-1:123456789012:t"
        );
        assert!(g[3].public && g[3].line().contains("everyone may do anything [PUBLIC]"));
        assert!(
            g[3].narrowed_by
                .as_deref()
                .is_some_and(|d| d.contains("Deny \"no\"")),
            "{:?}",
            g[3]
        );
    }
}
