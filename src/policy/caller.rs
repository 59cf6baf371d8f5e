//! Who may use a grant: what its principal names, held to what its conditions allow. A
//! condition narrows the callers only through a key that names the caller or its source, and
//! only with fixed values (docs/ACCESS.md); anything else leaves the callers as they were.

use super::account_id::is_account_id;
use super::arn::{Arn, account_of_arn};
use super::document::{ConditionEntry, Principals, Statement, holds_to_fixed_values};
use serde::Serialize;

/// One set of callers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "values", rename_all = "kebab-case")]
pub enum Caller {
    /// Anyone, signed or not: public.
    Everyone,
    /// Any caller who signs with AWS credentials, of any account (a URL held to AWS_IAM).
    AnyAwsAccount,
    /// The principals of these accounts.
    Accounts(Vec<String>),
    /// The principals of these organisations (or organisation paths).
    Organizations(Vec<String>),
    /// These principals (role, user or session ARNs).
    Principals(Vec<String>),
    /// A service, on behalf of these sources (ARNs or accounts); none named: any source.
    Service {
        service: String,
        sources: Vec<String>,
    },
    /// Users federated through this identity provider.
    Federated(String),
    /// Callers reaching it from these networks (VPCs, VPC endpoints, IP ranges).
    Networks(Vec<String>),
    /// The Alexa skill holding this event-source token.
    Token(Vec<String>),
    /// Every caller but these principals (a NotPrincipal grant).
    EveryoneBut(Vec<String>),
}

/// Which callers are trusted: the holder's account by default, widened by `--trust`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trust {
    pub accounts: Vec<String>,
    pub organizations: Vec<String>,
}

impl Trust {
    pub fn account(own: Option<&str>) -> Trust {
        Trust {
            accounts: own.into_iter().map(str::to_string).collect(),
            organizations: Vec::new(),
        }
    }

    /// Adds `ACCOUNT` or `o-ORG` (an organisation path counts as its organisation).
    pub fn widen(&mut self, zone: &str) {
        if zone.starts_with("o-") {
            self.organizations.push(org_of_path(zone).to_string());
        } else {
            self.accounts.push(zone.to_string());
        }
    }

    fn trusts_account(&self, account: &str) -> bool {
        self.accounts.iter().any(|a| a == account)
    }
}

/// The organisation an org path (`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`) starts with.
fn org_of_path(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// How a condition key narrows the callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hold {
    Account,
    SourceAccount,
    Organization,
    SourceOrganization,
    OrganizationPath,
    PrincipalArn,
    UserId,
    SourceArn,
    Network,
    IpRange,
    Token,
}

fn hold_of(key: &str) -> Option<Hold> {
    Some(match key.to_ascii_lowercase().as_str() {
        "aws:principalaccount" => Hold::Account,
        "aws:sourceaccount" | "aws:sourceowner" => Hold::SourceAccount,
        "aws:principalorgid" => Hold::Organization,
        "aws:sourceorgid" => Hold::SourceOrganization,
        "aws:principalorgpaths" => Hold::OrganizationPath,
        "aws:sourceorgpaths" => Hold::SourceOrganization,
        "aws:principalarn" => Hold::PrincipalArn,
        "aws:userid" => Hold::UserId,
        "aws:sourcearn" => Hold::SourceArn,
        "aws:sourcevpc" | "aws:sourcevpce" => Hold::Network,
        "aws:sourceip" => Hold::IpRange,
        "lambda:eventsourcetoken" => Hold::Token,
        _ => return None,
    })
}

/// Whether the condition narrows who may call: a key that names the caller or its source,
/// held to fixed values. Such a condition is read as a hold; every other one stays a condition
/// of the grant (a negated or `…IfExists` test of a caller key too).
pub fn narrows(condition: &ConditionEntry) -> bool {
    hold_of(&condition.key).is_some_and(|hold| holds(condition, hold))
}

/// The shortest IP range (prefix length) that still names a network, not a share of the whole
/// internet: two /1 ranges are every IPv4 address.
const MIN_IPV4_PREFIX: u8 = 8;
const MIN_IPV6_PREFIX: u8 = 32;

/// Whether an `aws:SourceIp` value names a network: an address, or a range no wider than
/// [`MIN_IPV4_PREFIX`] / [`MIN_IPV6_PREFIX`].
fn is_network(value: &str) -> bool {
    let (address, prefix) = match value.split_once('/') {
        Some((address, prefix)) => (address, prefix.parse::<u8>().ok()),
        None => (value, None),
    };
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => prefix.is_none_or(|p| p >= MIN_IPV4_PREFIX),
        Ok(std::net::IpAddr::V6(_)) => prefix.is_none_or(|p| p >= MIN_IPV6_PREFIX),
        Err(_) => false,
    }
}

/// Whether the condition holds its key to fixed values, read the way its key is: an org path
/// may end in a wildcard below a written organisation, an IP range is fixed unless it is all
/// addresses.
fn is_path_key(key: &str) -> bool {
    key.to_ascii_lowercase().ends_with("orgpaths")
}

fn holds(condition: &ConditionEntry, hold: Hold) -> bool {
    match hold {
        Hold::IpRange => {
            condition.operator == "IpAddress"
                && !condition.values.is_empty()
                && condition.values.iter().all(|v| is_network(v))
        }
        Hold::OrganizationPath | Hold::SourceOrganization if is_path_key(&condition.key) => {
            matches!(
                condition.operator.as_str(),
                "StringEquals"
                    | "StringLike"
                    | "ForAnyValue:StringEquals"
                    | "ForAnyValue:StringLike"
            ) && !condition.values.is_empty()
                && condition.values.iter().all(|v| {
                    let org = org_of_path(v);
                    org.len() > 2
                        && !v.contains("${")
                        && !org.contains(['*', '?'])
                        && (condition.operator.ends_with("Equals") || v.contains('/'))
                })
        }
        // S3's rule: a user id held only to a role's sessions (`AROA…:*`) names every session.
        Hold::UserId => {
            holds_to_fixed_values(condition) && condition.values.iter().all(|v| !v.ends_with(":*"))
        }
        _ => holds_to_fixed_values(condition),
    }
}

/// The callers a statement's conditions hold it to, each ANDed with the others: empty when no
/// condition narrows who may call.
pub fn condition_holds(statement: &Statement) -> Vec<Caller> {
    let mut callers = Vec::new();
    for condition in &statement.conditions {
        let Some(hold) = hold_of(&condition.key) else {
            continue;
        };
        if !holds(condition, hold) {
            continue;
        }
        // `*` and `?` compared as themselves (an equality operator) are told apart from the
        // same text read as a pattern: `a*` the literal is not `a*` the pattern.
        let pattern = condition.operator.contains("Like") || condition.operator.contains("Arn");
        let values: Vec<String> = condition
            .values
            .iter()
            .map(|v| {
                if !pattern && v.contains(['*', '?']) {
                    format!("literal \"{v}\"")
                } else {
                    v.clone()
                }
            })
            .collect();
        callers.push(match hold {
            Hold::Account => Caller::Accounts(values),
            // A source account or organisation holds the service calls made on its behalf,
            // never a principal of that account: kept apart from the principal keys.
            Hold::SourceAccount | Hold::SourceOrganization => Caller::Service {
                service: "*".into(),
                sources: values,
            },
            Hold::Organization => Caller::Organizations(values),
            Hold::OrganizationPath => Caller::Organizations(values),
            Hold::PrincipalArn | Hold::UserId => Caller::Principals(values),
            Hold::SourceArn => Caller::Service {
                service: "*".into(),
                sources: values,
            },
            Hold::Network | Hold::IpRange => Caller::Networks(values),
            Hold::Token => Caller::Token(values),
        });
    }
    callers
}

/// How narrow a caller is, to pick the one a grant is told by (the narrowest of its holds).
fn narrowness(caller: &Caller) -> u8 {
    match caller {
        Caller::Principals(_) => 0,
        Caller::Token(_) => 1,
        Caller::Service { .. } => 2,
        Caller::Accounts(_) => 3,
        Caller::Organizations(_) => 4,
        Caller::Networks(_) => 5,
        Caller::Federated(_) => 6,
        Caller::AnyAwsAccount => 7,
        Caller::EveryoneBut(_) => 8,
        Caller::Everyone => 9,
    }
}

/// Every caller set a statement names, each held to what its conditions allow: one per kind
/// of principal (an account list is one, a service one each). The first of the returned holds
/// is the one that tells it.
pub fn callers_of(statement: &Statement) -> Vec<Vec<Caller>> {
    let holds = condition_holds(statement);
    let with_holds = |named: Caller| {
        let mut all = vec![named];
        all.extend(holds.iter().cloned());
        all.sort_by_key(narrowness);
        all
    };
    if let Some(excluded) = &statement.not_principal {
        let named = if excluded.is_anyone() {
            return Vec::new();
        } else {
            Caller::EveryoneBut(excluded.summary().split(", ").map(str::to_string).collect())
        };
        return vec![with_holds(named)];
    }
    let Some(principal) = &statement.principal else {
        return Vec::new();
    };
    // IAM takes no wildcard inside a principal but `*` itself (a Put refuses one); should a
    // document hold one anyway, it is read as everyone, never as the account it seems to name.
    let wildcard = match principal {
        Principals::Anyone => true,
        Principals::Named(kinds) => kinds
            .iter()
            .any(|(_, values)| values.iter().any(|v| v.contains(['*', '?']))),
    };
    if principal.is_anyone() || wildcard {
        return vec![with_holds(anyone_held(statement))];
    }
    let mut sets = Vec::new();
    let aws = principal.values("AWS");
    let (accounts, arns): (Vec<&str>, Vec<&str>) = aws
        .iter()
        .partition(|v| is_account_id(v) || Arn::parse(v).is_some_and(|a| a.resource == "root"));
    if !accounts.is_empty() {
        sets.push(with_holds(Caller::Accounts(
            accounts
                .iter()
                .map(|a| account_of_arn(a).unwrap_or_else(|| a.to_string()))
                .collect(),
        )));
    }
    if !arns.is_empty() {
        sets.push(with_holds(Caller::Principals(
            arns.iter().map(|a| a.to_string()).collect(),
        )));
    }
    for service in principal.values("Service") {
        let sources = service_sources(&holds);
        sets.push(with_holds(Caller::Service {
            service: service.to_string(),
            sources,
        }));
    }
    for provider in principal.values("Federated") {
        sets.push(with_holds(Caller::Federated(provider.to_string())));
    }
    if let Principals::Named(kinds) = principal {
        for (kind, values) in kinds {
            if !matches!(kind.as_str(), "AWS" | "Service" | "Federated") {
                // A kind IAM does not take in a resource policy (CanonicalUser): told as written.
                sets.push(with_holds(Caller::Principals(values.clone())));
            }
        }
    }
    sets
}

/// `*` before its conditions: everyone, unless a URL held to AWS_IAM alone demands a signed
/// caller (one that also takes NONE lets anyone through a public URL).
fn anyone_held(statement: &Statement) -> Caller {
    let auth_types = statement.narrowing_values("lambda:FunctionUrlAuthType");
    if !auth_types.is_empty() && auth_types.iter().all(|t| *t == "AWS_IAM") {
        Caller::AnyAwsAccount
    } else {
        Caller::Everyone
    }
}

/// The sources a service is held to: the accounts when a SourceAccount or SourceOwner is fixed
/// (they bound the source ARNs too), else the source ARNs.
fn service_sources(holds: &[Caller]) -> Vec<String> {
    let sources = || {
        holds.iter().filter_map(|h| match h {
            Caller::Service { sources, .. } => Some(sources),
            _ => None,
        })
    };
    let accounts = sources().find(|s| s.iter().all(|v| is_account_id(v)));
    accounts
        .or_else(|| sources().next())
        .cloned()
        .unwrap_or_default()
}

impl Caller {
    /// Anyone at all: what the public lints and the public-access block refuse.
    pub fn is_everyone(&self) -> bool {
        matches!(self, Caller::Everyone | Caller::EveryoneBut(_))
    }

    /// The accounts (or organisations, or "any") outside `trust` this lets in; empty when all of
    /// it is inside. A caller whose account cannot be known offline counts as outside.
    pub fn outside(&self, trust: &Trust) -> Vec<String> {
        let unknown = |what: &str| vec![what.to_string()];
        match self {
            Caller::Everyone | Caller::EveryoneBut(_) => unknown("everyone"),
            Caller::AnyAwsAccount => unknown("any AWS account"),
            Caller::Accounts(accounts) => accounts
                .iter()
                .filter(|a| !trust.trusts_account(a))
                .cloned()
                .collect(),
            Caller::Organizations(orgs) => orgs
                .iter()
                .map(|o| org_of_path(o).to_string())
                .filter(|o| !trust.organizations.contains(o))
                .collect(),
            Caller::Principals(arns) => arns
                .iter()
                .map(|a| account_of_arn(a).unwrap_or_else(|| a.clone()))
                .filter(|a| !trust.trusts_account(a))
                .collect(),
            Caller::Service { sources, .. } if sources.is_empty() => unknown("any account"),
            Caller::Service { sources, .. } => sources
                .iter()
                .filter(|s| {
                    !(s.starts_with("o-")
                        && trust.organizations.iter().any(|o| o == org_of_path(s)))
                })
                .map(|s| {
                    if is_account_id(s) || s.starts_with("o-") {
                        s.clone()
                    } else {
                        Arn::parse(s)
                            .and_then(|a| a.account_id().map(str::to_string))
                            .unwrap_or_else(|| format!("the account of {s}"))
                    }
                })
                .filter(|a| !trust.trusts_account(a))
                .collect(),
            Caller::Federated(provider) => unknown(provider),
            Caller::Networks(_) => unknown("any account on those networks"),
            Caller::Token(_) => unknown("the skill's account"),
        }
    }

    /// Whether every caller `other` names is one this names too: sound in the safe direction
    /// (false when it cannot be told offline, such as an account's membership of an organisation).
    pub fn covers(&self, other: &Caller) -> bool {
        let subset = |small: &[String], big: &[String]| small.iter().all(|s| big.contains(s));
        match (self, other) {
            (Caller::Everyone, _) => true,
            (Caller::EveryoneBut(spared), Caller::EveryoneBut(also)) => subset(spared, also),
            (
                Caller::AnyAwsAccount,
                Caller::AnyAwsAccount
                | Caller::Accounts(_)
                | Caller::Principals(_)
                | Caller::Organizations(_),
            ) => true,
            (Caller::Accounts(big), Caller::Accounts(small)) => subset(small, big),
            (Caller::Accounts(big), Caller::Principals(arns)) => arns
                .iter()
                .all(|a| account_of_arn(a).is_some_and(|acct| big.contains(&acct))),
            (Caller::Organizations(big), Caller::Organizations(small)) => small.iter().all(|s| {
                big.iter()
                    .any(|b| (b == s && !s.contains(['*', '?'])) || b == org_of_path(s))
            }),
            (Caller::Principals(big), Caller::Principals(small)) => subset(small, big),
            (
                Caller::Service {
                    service: a,
                    sources: from,
                },
                Caller::Service {
                    service: b,
                    sources: also,
                },
            ) => {
                (a == "*" || a == b)
                    && (from.is_empty() || (!also.is_empty() && subset(also, from)))
            }
            (Caller::Federated(a), Caller::Federated(b)) => a == b,
            (Caller::Networks(big), Caller::Networks(small)) => subset(small, big),
            (Caller::Token(big), Caller::Token(small)) => subset(small, big),
            _ => false,
        }
    }

    /// In words: `everyone`, `account 210987654321`, `sns.amazonaws.com from topic …`.
    pub fn words(&self) -> String {
        let list = |values: &[String]| values.join(" or ");
        match self {
            Caller::Everyone => "everyone".into(),
            Caller::EveryoneBut(spared) => format!("everyone but {}", spared.join(", ")),
            Caller::AnyAwsAccount => "any signed AWS caller, of any account".into(),
            Caller::Accounts(accounts) => accounts
                .iter()
                .map(|a| format!("account {a}"))
                .collect::<Vec<_>>()
                .join(", "),
            Caller::Organizations(orgs) => format!("everyone in {}", list(orgs)),
            Caller::Principals(arns) => arns.join(", "),
            Caller::Service { service, sources } if service == "*" => {
                format!("callers acting for {}", list(sources))
            }
            Caller::Service { service, sources } if sources.is_empty() => {
                format!("{service} for any source")
            }
            Caller::Service { service, sources } => format!("{service} from {}", list(sources)),
            Caller::Federated(provider) => format!("users federated by {provider}"),
            Caller::Networks(networks) => format!("everyone on {}", list(networks)),
            Caller::Token(tokens) => format!("the Alexa skill {}", list(tokens)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;

    fn callers(statement: &str) -> Vec<Vec<Caller>> {
        let document = PolicyDocument::parse(&format!(r#"{{"Statement":[{statement}]}}"#)).unwrap();
        callers_of(&document.statements[0])
    }

    fn everyone_if(condition: &str) -> Caller {
        callers(&format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{condition}}}"#
        ))[0][0]
            .clone()
    }

    #[test]
    fn only_fixed_values_of_a_caller_key_narrow_everyone() {
        for open in [
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:*:t"}}"#,
            r#"{"StringLike":{"aws:SourceAccount":["123456789012","*"]}}"#,
            r#"{"ForAllValues:StringEquals":{"aws:SourceAccount":"123456789012"}}"#,
            r#"{"StringEquals":{"aws:PrincipalAccount":"${aws:PrincipalAccount}"}}"#,
            r#"{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}"#,
            r#"{"StringEqualsIfExists":{"aws:PrincipalAccount":"123456789012"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#,
            r#"{"StringLike":{"aws:userid":"AROAEXAMPLE:*"}}"#,
            r#"{"StringEquals":{"aws:CurrentTime":"2026-01-01"}}"#,
        ] {
            assert_eq!(everyone_if(open), Caller::Everyone, "{open}");
        }
        assert_eq!(
            everyone_if(r#"{"StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/*"}}"#),
            Caller::Organizations(vec!["o-a1b2c3d4e5/r-ab12/*".into()])
        );
        assert_eq!(
            everyone_if(r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#),
            Caller::Networks(vec!["203.0.113.0/24".into()])
        );
        assert_eq!(
            everyone_if(
                r#"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","aws:PrincipalAccount":"210987654321"}}"#
            ),
            Caller::Accounts(vec!["210987654321".into()]),
            "the narrowest of the holds tells the grant"
        );
    }

    #[test]
    fn outside_the_zone_of_trust_is_what_it_cannot_vouch_for() {
        let mut trust = Trust::account(Some("123456789012"));
        let partner = Caller::Accounts(vec!["123456789012".into(), "210987654321".into()]);
        assert_eq!(partner.outside(&trust), ["210987654321"]);
        trust.widen("210987654321");
        assert!(partner.outside(&trust).is_empty());
        let bucket = Caller::Service {
            service: "s3.amazonaws.com".into(),
            sources: vec!["arn:aws:s3:::reports".into()],
        };
        assert_eq!(
            bucket.outside(&trust),
            ["the account of arn:aws:s3:::reports"]
        );
        assert!(
            Caller::Organizations(vec!["o-a1b2c3d4e5/r-ab12/".into()])
                .outside(&{
                    let mut t = Trust::default();
                    t.widen("o-a1b2c3d4e5");
                    t
                })
                .is_empty()
        );
    }

    #[test]
    fn coverage_never_guesses_in_the_unsafe_direction() {
        let account = |a: &str| Caller::Accounts(vec![a.into()]);
        assert!(Caller::Everyone.covers(&account("1")));
        assert!(Caller::Accounts(vec!["1".into(), "2".into()]).covers(&account("2")));
        assert!(!account("1").covers(&Caller::Accounts(vec!["1".into(), "2".into()])));
        assert!(!Caller::Organizations(vec!["o-a".into()]).covers(&account("1")));
        let topic = |sources: &[&str]| Caller::Service {
            service: "sns.amazonaws.com".into(),
            sources: sources.iter().map(|s| s.to_string()).collect(),
        };
        assert!(topic(&[]).covers(&topic(&["t"])));
        assert!(!topic(&["t"]).covers(&topic(&[])));
    }

    #[test]
    fn a_wildcard_inside_a_principal_is_read_as_everyone() {
        for principal in [
            r#"{"AWS":"arn:aws:iam::*:root"}"#,
            r#"{"AWS":["123456789012","arn:aws:iam::123456789012:role/*"]}"#,
            r#"{"Service":"*.amazonaws.com"}"#,
        ] {
            let holds = callers(&format!(
                r#"{{"Effect":"Allow","Principal":{principal},"Action":"lambda:InvokeFunction"}}"#
            ));
            assert_eq!(holds[0][0], Caller::Everyone, "{principal}");
        }
    }
}
