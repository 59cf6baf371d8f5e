//! Amazon Resource Names: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. The one place an ARN
//! is taken apart or put together, for functions, versions, aliases, IAM roots and roles.

use super::account_id::is_account_id;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub service: String,
    /// Empty for global services (IAM, S3 buckets).
    pub region: String,
    /// Empty where the resource has no account (an S3 bucket).
    pub account: String,
    /// Everything after the fifth colon, colons included (`function:NAME:QUALIFIER`).
    pub resource: String,
}

impl Arn {
    /// The parts of `text`, if it has the six parts of an ARN.
    pub fn parse(text: &str) -> Option<Arn> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        let partition = parts.next()?;
        let service = parts.next()?;
        let region = parts.next()?;
        let account = parts.next()?;
        let resource = parts.next()?;
        Some(Arn {
            partition: partition.into(),
            service: service.into(),
            region: region.into(),
            account: account.into(),
            resource: resource.into(),
        })
    }

    /// A function (`qualifier` `None`), version or alias.
    pub fn lambda_function(
        partition: &str,
        region: &str,
        account: &str,
        name: &str,
        qualifier: Option<&str>,
    ) -> Arn {
        let resource = match qualifier {
            Some(q) => format!("function:{name}:{q}"),
            None => format!("function:{name}"),
        };
        Arn {
            partition: partition.into(),
            service: "lambda".into(),
            region: region.into(),
            account: account.into(),
            resource,
        }
    }

    /// The root of an account: how a policy names "this account".
    pub fn iam_root(partition: &str, account: &str) -> Arn {
        Arn::iam(partition, account, "root".into())
    }

    pub fn iam_role(partition: &str, account: &str, name: &str) -> Arn {
        Arn::iam(partition, account, format!("role/{name}"))
    }

    fn iam(partition: &str, account: &str, resource: String) -> Arn {
        Arn {
            partition: partition.into(),
            service: "iam".into(),
            region: String::new(),
            account: account.into(),
            resource,
        }
    }

    /// The account, when the ARN has a well-formed one.
    pub fn account_id(&self) -> Option<&str> {
        is_account_id(&self.account).then_some(self.account.as_str())
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// The account and role name of an IAM role's ARN (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`).
pub fn role_of_arn(arn: &str) -> Option<(String, String)> {
    let arn = Arn::parse(arn)?;
    let path = arn.resource.strip_prefix("role/")?;
    let name = path.rsplit('/').next().filter(|n| !n.is_empty())?;
    (arn.service == "iam" && arn.region.is_empty() && is_account_id(&arn.account))
        .then(|| (arn.account.clone(), name.to_string()))
}

/// The account of an ARN, when it has one.
pub fn account_of_arn(arn: &str) -> Option<String> {
    Arn::parse(arn).and_then(|a| a.account_id().map(str::to_string))
}

/// The colon-separated parts of a partial ARN (`REGION:ACCOUNT:function:NAME:QUALIFIER`, or any
/// tail of it), as a function reference may be written.
pub fn partial_parts(text: &str) -> Vec<&str> {
    text.split(':').collect()
}

/// The account and region of an ARN (empty where it has none, or is not an ARN).
pub fn place_of_arn(arn: &str) -> (String, String) {
    Arn::parse(arn).map_or_else(Default::default, |a| (a.account, a.region))
}

/// The partition an ARN is in; `aws` when the text is not an ARN.
pub fn partition_of_arn(arn: &str) -> String {
    Arn::parse(arn).map_or_else(|| "aws".into(), |a| a.partition)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arn_round_trips_with_colons_in_its_resource() {
        let text = "arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live";
        let arn = Arn::parse(text).unwrap();
        assert_eq!(
            (
                arn.partition.as_str(),
                arn.region.as_str(),
                arn.resource.as_str()
            ),
            ("aws-cn", "cn-north-1", "function:f:live")
        );
        assert_eq!(arn.to_string(), text);
        assert_eq!(
            Arn::lambda_function("aws", "us-east-1", "123456789012", "f", Some("2")).to_string(),
            "arn:aws:lambda:us-east-1:123456789012:function:f:2"
        );
        assert_eq!(
            Arn::iam_root("aws-us-gov", "210987654321").to_string(),
            "arn:aws-us-gov:iam::210987654321:root"
        );
        assert_eq!(Arn::parse("arn:aws:s3"), None);
        assert_eq!(Arn::parse("nope:aws:s3:::b"), None);
    }

    #[test]
    fn only_a_well_formed_account_is_an_account() {
        assert_eq!(
            account_of_arn("arn:aws:iam::210987654321:root").as_deref(),
            Some("210987654321")
        );
        assert_eq!(account_of_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(account_of_arn("arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:root"), None);
        assert_eq!(partition_of_arn("not an arn"), "aws");
    }
}
