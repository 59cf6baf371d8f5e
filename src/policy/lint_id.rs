//! The lints' names, severities and texts: what a finding is called, how bad it is, what it
//! means and where its fix goes. The rules that find them are in `lint.rs` and `url_lint.rs`.

use super::field::Field;
use std::fmt;

impl Lint {
    pub(crate) fn new(id: LintId, message: impl Into<String>) -> Lint {
        Lint {
            id,
            severity: id.severity(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub id: LintId,
    pub severity: Severity,
    pub message: String,
}

impl LintId {
    pub const ALL: [LintId; 15] = [
        LintId::ConfusedDeputy,
        LintId::S3WithoutSourceAccount,
        LintId::Public,
        LintId::PublicFunctionUrl,
        LintId::WildcardAction,
        LintId::CrossAccount,
        LintId::AlexaWithoutToken,
        LintId::FunctionUrlMissingInvoke,
        LintId::FunctionUrlAuthMismatch,
        LintId::FunctionUrlGrantWithoutUrl,
        LintId::SourceArnServiceMismatch,
        LintId::DisabledTrigger,
        LintId::PolicySizeHeadroom,
        LintId::PublicLayer,
        LintId::CrossAccountLayer,
    ];

    /// The lint with this id.
    pub fn parse(text: &str) -> Option<LintId> {
        LintId::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The stable id scripts and the audit's JSON use.
    pub fn as_str(self) -> &'static str {
        match self {
            LintId::ConfusedDeputy => "confused-deputy",
            LintId::S3WithoutSourceAccount => "s3-without-source-account",
            LintId::Public => "public",
            LintId::PublicFunctionUrl => "public-function-url",
            LintId::WildcardAction => "wildcard-action",
            LintId::CrossAccount => "cross-account",
            LintId::AlexaWithoutToken => "alexa-without-token",
            LintId::FunctionUrlMissingInvoke => "function-url-missing-invoke",
            LintId::FunctionUrlAuthMismatch => "function-url-auth-mismatch",
            LintId::FunctionUrlGrantWithoutUrl => "function-url-grant-without-url",
            LintId::SourceArnServiceMismatch => "source-arn-service-mismatch",
            LintId::DisabledTrigger => "disabled-trigger",
            LintId::PublicLayer => "public-layer",
            LintId::CrossAccountLayer => "cross-account-layer",
            LintId::PolicySizeHeadroom => "policy-size-headroom",
        }
    }

    /// What the lint finds, in a sentence (the README's lint table and SARIF's rules).
    pub fn description(self) -> &'static str {
        match self {
            LintId::Public => "anyone can invoke the function",
            LintId::ConfusedDeputy => {
                "a service's resources of any account can invoke the function"
            }
            LintId::FunctionUrlMissingInvoke => {
                "a public function URL whose policy lacks lambda:InvokeFunction with InvokedViaFunctionUrl: it answers 403 since 1 November 2026"
            }
            LintId::S3WithoutSourceAccount => "a bucket ARN without the bucket owner's account",
            LintId::PublicFunctionUrl => {
                "anyone on the internet can invoke the function through its URL"
            }
            LintId::WildcardAction => "every Lambda action is granted, not only invoke",
            LintId::AlexaWithoutToken => "any Alexa skill can invoke the function",
            LintId::FunctionUrlAuthMismatch => {
                "a grant for the other AuthType than the URL's: it never applies"
            }
            LintId::FunctionUrlGrantWithoutUrl => {
                "a URL grant where there is no URL: it applies to whatever URL is made next"
            }
            LintId::SourceArnServiceMismatch => {
                "a service granted for another service's ARN: the grant never applies"
            }
            LintId::PolicySizeHeadroom => {
                "the policy is above 90% of 20,480 bytes: the next AddPermission may fail"
            }
            LintId::CrossAccount => "another account is granted access",
            LintId::DisabledTrigger => {
                "a trigger disabled in the console (lambda:DisableInvokeFunction): it grants nothing"
            }
            LintId::PublicLayer => {
                "a layer version every AWS account may use (* without an organisation)"
            }
            LintId::CrossAccountLayer => "a layer version shared with another account",
        }
    }

    /// Where the fix goes.
    pub fn fix_hint(self) -> &'static str {
        match self {
            LintId::Public => {
                "narrow the Principal, or add SourceAccount, SourceArn or PrincipalOrgID"
            }
            LintId::ConfusedDeputy => "add SourceArn or SourceAccount",
            LintId::FunctionUrlMissingInvoke => {
                "add the lambda:InvokeFunction grant with InvokedViaFunctionUrl (audit --fix function-url-missing-invoke, or f in the TUI)"
            }
            LintId::S3WithoutSourceAccount => "add SourceAccount",
            LintId::PublicFunctionUrl => "set FunctionUrlAuthType AWS_IAM, or accept it knowingly",
            LintId::WildcardAction => "name the action (lambda:InvokeFunction)",
            LintId::AlexaWithoutToken => "set EventSourceToken to the skill id",
            LintId::FunctionUrlAuthMismatch => "grant for the URL's AuthType",
            LintId::FunctionUrlGrantWithoutUrl | LintId::PolicySizeHeadroom => {
                "remove statements no longer needed"
            }
            LintId::SourceArnServiceMismatch => "give a SourceArn of the granted service",
            LintId::CrossAccount | LintId::CrossAccountLayer => {
                "check the account is meant to have access"
            }
            LintId::DisabledTrigger => "remove it, or enable the trigger again",
            LintId::PublicLayer => "add an OrganizationId, or grant accounts one by one",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            LintId::Public
            | LintId::ConfusedDeputy
            | LintId::FunctionUrlMissingInvoke
            | LintId::PublicLayer => Severity::Error,
            LintId::S3WithoutSourceAccount
            | LintId::PublicFunctionUrl
            | LintId::WildcardAction
            | LintId::AlexaWithoutToken
            | LintId::FunctionUrlAuthMismatch
            | LintId::FunctionUrlGrantWithoutUrl
            | LintId::SourceArnServiceMismatch
            | LintId::PolicySizeHeadroom => Severity::Warning,
            LintId::CrossAccount | LintId::DisabledTrigger | LintId::CrossAccountLayer => {
                Severity::Info
            }
        }
    }

    /// A short badge for narrow table cells.
    pub fn badge(self) -> &'static str {
        match self {
            LintId::ConfusedDeputy => "DEPUTY",
            LintId::S3WithoutSourceAccount => "S3-ACCT",
            LintId::Public => "PUBLIC",
            LintId::PublicFunctionUrl => "PUBLIC-URL",
            LintId::WildcardAction => "WILDCARD",
            LintId::CrossAccount => "X-ACCOUNT",
            LintId::AlexaWithoutToken => "NO-TOKEN",
            LintId::FunctionUrlMissingInvoke => "URL-403",
            LintId::FunctionUrlAuthMismatch => "URL-AUTH",
            LintId::FunctionUrlGrantWithoutUrl => "NO-URL",
            LintId::SourceArnServiceMismatch => "ARN-SVC",
            LintId::DisabledTrigger => "DISABLED",
            LintId::PolicySizeHeadroom => "SIZE",
            LintId::PublicLayer => "PUBLIC",
            LintId::CrossAccountLayer => "X-ACCOUNT",
        }
    }

    /// The form field where the fix goes.
    pub fn field(self) -> Field {
        match self {
            LintId::ConfusedDeputy => Field::SourceArn,
            LintId::S3WithoutSourceAccount => Field::SourceAccount,
            LintId::Public | LintId::CrossAccount => Field::Principal,
            LintId::PublicFunctionUrl => Field::FunctionUrlAuthType,
            LintId::WildcardAction => Field::Action,
            LintId::AlexaWithoutToken => Field::EventSourceToken,
            LintId::FunctionUrlMissingInvoke => Field::InvokedViaFunctionUrl,
            LintId::FunctionUrlAuthMismatch | LintId::FunctionUrlGrantWithoutUrl => {
                Field::FunctionUrlAuthType
            }
            LintId::SourceArnServiceMismatch => Field::SourceArn,
            LintId::DisabledTrigger => Field::Action,
            LintId::PolicySizeHeadroom => Field::StatementId,
            LintId::PublicLayer => Field::OrganizationId,
            LintId::CrossAccountLayer => Field::Principal,
        }
    }
}

impl fmt::Display for LintId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintId {
    ConfusedDeputy,
    S3WithoutSourceAccount,
    Public,
    PublicFunctionUrl,
    WildcardAction,
    CrossAccount,
    AlexaWithoutToken,
    FunctionUrlMissingInvoke,
    FunctionUrlAuthMismatch,
    FunctionUrlGrantWithoutUrl,
    SourceArnServiceMismatch,
    DisabledTrigger,
    PolicySizeHeadroom,
    PublicLayer,
    CrossAccountLayer,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Each is written as its name (`error`, `public`): what JSON, SARIF and baselines carry.
macro_rules! serde_by_name {
    ($type:ty, $what:literal) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                <$type>::parse(&name).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("not ", $what, ": {}"), name))
                })
            }
        }
    };
}

serde_by_name!(Severity, "a severity");
serde_by_name!(LintId, "a lint");
