//! Function references in every form AWS accepts, and the ARNs they stand for.
//!
//! `my-function`, `my-function:live`, `123456789012:function:my-function`,
//! `us-east-1:123456789012:function:my-function:1` and full ARNs in any partition.

use super::account_id::is_account_id;
use super::arn::Arn;
use super::field::Field;
use super::issue::FieldIssue;
use super::patterns;
use std::fmt;

/// The longest bare function name AWS accepts ("If you specify only the function name, it is
/// limited to 64 characters in length").
pub const MAX_BARE_NAME: usize = 64;
/// `NamespacedFunctionName`: 1 to 256 characters, whatever the form.
pub const MAX_NAME_REFERENCE: usize = 256;
pub const MAX_QUALIFIER: usize = 128;

/// A parsed function reference. Only the parts that were written are `Some`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef {
    pub partition: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub name: String,
    pub qualifier: Option<String>,
    /// Whether `function:` was written (it is optional in partial forms).
    pub has_function_prefix: bool,
}

/// Where a function lives: what a bare name needs to become an ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountContext {
    pub account: String,
    pub region: String,
}

impl AccountContext {
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        AccountContext {
            account: account.into(),
            region: region.into(),
        }
    }

    pub fn partition(&self) -> &'static str {
        partition_of_region(&self.region)
    }

    pub fn function_arn(&self, name: &str, qualifier: Option<&str>) -> String {
        Arn::lambda_function(
            self.partition(),
            &self.region,
            &self.account,
            name,
            qualifier,
        )
        .to_string()
    }
}

/// What kind of thing a qualifier names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QualifierKind {
    /// `$LATEST` or `$LATEST.PUBLISHED`: no policy can be attached to it.
    Latest,
    Version(u64),
    Alias,
}

impl QualifierKind {
    pub fn of(qualifier: &str) -> QualifierKind {
        if qualifier == "$LATEST" || qualifier == "$LATEST.PUBLISHED" {
            QualifierKind::Latest
        } else if !qualifier.is_empty() && qualifier.bytes().all(|b| b.is_ascii_digit()) {
            qualifier
                .parse()
                .map(QualifierKind::Version)
                .unwrap_or(QualifierKind::Alias)
        } else {
            QualifierKind::Alias
        }
    }
}

/// Whether `name` is a region as the service model writes one (`us-east-1`, `us-gov-west-1`,
/// `eusc-de-east-1`). Anything else must never become part of a host name.
pub fn is_region(name: &str) -> bool {
    crate::policy::patterns::REGION_RE.is_match(name)
}

/// The partition a region belongs to, by the partitions' region patterns.
pub fn partition_of_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("eusc-") {
        "aws-eusc"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-isof-") || region.starts_with("eu-isof-") {
        "aws-iso-f"
    } else if region.starts_with("eu-isoe-") {
        "aws-iso-e"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

impl FunctionRef {
    /// Parses a reference, checking length and the model's whole-value pattern.
    pub fn parse(input: &str) -> Result<FunctionRef, FieldIssue> {
        if input.is_empty() {
            return Err(FieldIssue::required(Field::FunctionName));
        }
        let chars = input.chars().count();
        if chars > MAX_NAME_REFERENCE {
            return Err(FieldIssue::too_long(
                Field::FunctionName,
                input,
                MAX_NAME_REFERENCE,
            ));
        }
        if !patterns::NAMESPACED_FUNCTION_NAME_RE.is_match(input) {
            return Err(FieldIssue::pattern(
                Field::FunctionName,
                input,
                patterns::FUNCTION_NAME_QUOTED,
                "a function name, NAME:QUALIFIER, ACCOUNT:function:NAME or a Lambda function ARN",
            ));
        }
        Ok(Self::split(input))
    }

    /// Splits a value that already matched the pattern into its parts.
    fn split(input: &str) -> FunctionRef {
        // A full ARN; `arn` alone or `arn:live` is a function named "arn".
        let full = Arn::parse(input).filter(|arn| arn.service == "lambda");
        let (partition, mut region, mut account, rest) = match full {
            Some(arn) => (
                Some(arn.partition),
                Some(arn.region),
                Some(arn.account),
                arn.resource,
            ),
            None => (None, None, None, input.to_string()),
        };
        let mut parts = super::arn::partial_parts(&rest);
        if partition.is_none() {
            if parts.len() > 1 && patterns::REGION_RE.is_match(parts[0]) {
                region = Some(parts.remove(0).to_string());
            }
            if parts.len() > 1 && is_account_id(parts[0]) {
                account = Some(parts.remove(0).to_string());
            }
        }
        let has_function_prefix = parts.len() > 1 && parts[0] == "function";
        if has_function_prefix {
            parts.remove(0);
        }
        FunctionRef {
            partition,
            region,
            account,
            name: parts[0].to_string(),
            qualifier: parts.get(1).map(|q| q.to_string()),
            has_function_prefix,
        }
    }

    /// A bare name (`my-function[:q]`), to which the 64-character name limit applies.
    pub fn is_bare(&self) -> bool {
        self.account.is_none() && self.region.is_none() && !self.has_function_prefix
    }

    /// The qualifier the request means: the one in the name and the `Qualifier` parameter must
    /// agree when both are given.
    pub fn effective_qualifier(
        &self,
        parameter: Option<&str>,
    ) -> Result<Option<String>, FieldIssue> {
        match (&self.qualifier, parameter) {
            (Some(derived), Some(given)) if derived != given => Err(FieldIssue::invalid_parameter(
                Field::Qualifier,
                format!(
                    "the name says qualifier '{derived}' but Qualifier is '{given}'; give one, or make them equal"
                ),
                "The derived qualifier from the function name does not match the specified qualifier.",
            )),
            (Some(derived), _) => Ok(Some(derived.clone())),
            (None, given) => Ok(given.map(str::to_string)),
        }
    }

    /// The unqualified ARN; parts the reference leaves out come from `context`.
    pub fn unqualified_arn(&self, context: &AccountContext) -> String {
        self.arn(context, None).to_string()
    }

    /// The ARN of the version or alias named by `qualifier` (or by the reference itself).
    pub fn qualified_arn(&self, context: &AccountContext, qualifier: Option<&str>) -> String {
        self.arn(context, qualifier.or(self.qualifier.as_deref()))
            .to_string()
    }

    fn arn(&self, context: &AccountContext, qualifier: Option<&str>) -> Arn {
        let region = self.region.as_deref().unwrap_or(&context.region);
        let partition = self
            .partition
            .as_deref()
            .unwrap_or_else(|| partition_of_region(region));
        let account = self.account.as_deref().unwrap_or(&context.account);
        Arn::lambda_function(partition, region, account, &self.name, qualifier)
    }
}

impl fmt::Display for FunctionRef {
    /// Prints the reference in the form it was written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(partition) = &self.partition {
            write!(
                f,
                "arn:{partition}:lambda:{}:{}:",
                self.region.as_deref().unwrap_or_default(),
                self.account.as_deref().unwrap_or_default()
            )?;
        } else {
            if let Some(region) = &self.region {
                write!(f, "{region}:")?;
            }
            if let Some(account) = &self.account {
                write!(f, "{account}:")?;
            }
        }
        if self.has_function_prefix {
            write!(f, "function:")?;
        }
        write!(f, "{}", self.name)?;
        if let Some(q) = &self.qualifier {
            write!(f, ":{q}")?;
        }
        Ok(())
    }
}
