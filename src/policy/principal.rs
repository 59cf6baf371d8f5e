//! What a request's `Principal` names, and how Lambda writes it into the statement.

use super::account_id::is_account_id;
use super::arn::Arn;
use regex_lite::Regex;
use serde_json::{Value, json};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalForm {
    /// `*`: anyone, unless a condition narrows it.
    Anyone,
    /// A 12-digit account id, written as that account's root.
    Account(String),
    /// An IAM ARN (`arn:aws:iam::123456789012:role/x`), written as given.
    IamArn { account: String },
    /// A service principal such as `s3.amazonaws.com`.
    Service,
}

static IAM_ARN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^arn:aws[a-zA-Z-]*:iam::(\d{12}):(root|(user|role|assumed-role|federated-user)/\S+)$",
    )
    .expect("iam arn pattern compiles")
});
static SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.(amazonaws\.com(\.cn)?|amazon\.com)$")
        .expect("service principal pattern compiles")
});

impl PrincipalForm {
    /// Classifies a principal; `None` is one AWS refuses ("The provided principal was invalid").
    pub fn of(principal: &str) -> Option<PrincipalForm> {
        if principal == "*" {
            Some(PrincipalForm::Anyone)
        } else if is_account_id(principal) {
            Some(PrincipalForm::Account(principal.to_string()))
        } else if let Some(c) = IAM_ARN.captures(principal) {
            Some(PrincipalForm::IamArn {
                account: c[1].to_string(),
            })
        } else if SERVICE.is_match(principal) {
            Some(PrincipalForm::Service)
        } else {
            None
        }
    }

    /// The `Principal` element Lambda writes for `principal` in a function of `partition`.
    pub fn statement_value(&self, principal: &str, partition: &str) -> Value {
        match self {
            PrincipalForm::Anyone => Value::String("*".into()),
            PrincipalForm::Account(account) => {
                json!({ "AWS": Arn::iam_root(partition, account).to_string() })
            }
            PrincipalForm::IamArn { .. } => json!({ "AWS": principal }),
            PrincipalForm::Service => json!({ "Service": principal }),
        }
    }

    /// The account a principal belongs to, when it names one.
    pub fn account(&self) -> Option<&str> {
        match self {
            PrincipalForm::Account(a) | PrincipalForm::IamArn { account: a } => Some(a),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_ascii_digits_as_in_aws() {
        assert_eq!(
            PrincipalForm::of("arn:aws:iam::123456789012:root"),
            Some(PrincipalForm::IamArn {
                account: "123456789012".into()
            })
        );
        assert_eq!(PrincipalForm::of("arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:root"), None);
        assert_eq!(
            PrincipalForm::of("arn:aws:iam::１２３４５６７８９０１２:root"),
            None
        );
    }
}
