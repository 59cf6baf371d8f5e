//! The members of a permission request (AddPermission, and AddLayerVersionPermission), and how
//! each is named where it shows.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    FunctionName,
    Qualifier,
    StatementId,
    Action,
    Principal,
    SourceArn,
    SourceAccount,
    EventSourceToken,
    PrincipalOrgId,
    FunctionUrlAuthType,
    InvokedViaFunctionUrl,
    RevisionId,
    /// AddLayerVersionPermission's own members.
    LayerName,
    VersionNumber,
    OrganizationId,
}

impl Field {
    /// AddLayerVersionPermission's members, in the order of its form.
    pub const LAYER: [Field; 7] = [
        Field::LayerName,
        Field::VersionNumber,
        Field::StatementId,
        Field::Action,
        Field::Principal,
        Field::OrganizationId,
        Field::RevisionId,
    ];

    /// AddPermission's members.
    pub const ALL: [Field; 12] = [
        Field::FunctionName,
        Field::Qualifier,
        Field::StatementId,
        Field::Action,
        Field::Principal,
        Field::SourceArn,
        Field::SourceAccount,
        Field::EventSourceToken,
        Field::PrincipalOrgId,
        Field::FunctionUrlAuthType,
        Field::InvokedViaFunctionUrl,
        Field::RevisionId,
    ];

    /// The member name as the model and the JSON body spell it.
    pub fn member(self) -> &'static str {
        match self {
            Field::FunctionName => "FunctionName",
            Field::Qualifier => "Qualifier",
            Field::StatementId => "StatementId",
            Field::Action => "Action",
            Field::Principal => "Principal",
            Field::SourceArn => "SourceArn",
            Field::SourceAccount => "SourceAccount",
            Field::EventSourceToken => "EventSourceToken",
            Field::PrincipalOrgId => "PrincipalOrgID",
            Field::FunctionUrlAuthType => "FunctionUrlAuthType",
            Field::InvokedViaFunctionUrl => "InvokedViaFunctionUrl",
            Field::RevisionId => "RevisionId",
            Field::LayerName => "LayerName",
            Field::VersionNumber => "VersionNumber",
            Field::OrganizationId => "OrganizationId",
        }
    }

    /// The lowerCamelCase name AWS puts in validation messages (`at 'statementId'`).
    pub fn wire_name(self) -> String {
        let member = self.member();
        let mut chars = member.chars();
        let first = chars
            .next()
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default();
        std::iter::once(first).chain(chars).collect()
    }

    /// The flag of `lambda-policy add` and of `aws lambda add-permission`.
    pub fn flag(self) -> &'static str {
        match self {
            Field::FunctionName => "--function-name",
            Field::Qualifier => "--qualifier",
            Field::StatementId => "--statement-id",
            Field::Action => "--action",
            Field::Principal => "--principal",
            Field::SourceArn => "--source-arn",
            Field::SourceAccount => "--source-account",
            Field::EventSourceToken => "--event-source-token",
            Field::PrincipalOrgId => "--principal-org-id",
            Field::FunctionUrlAuthType => "--function-url-auth-type",
            Field::InvokedViaFunctionUrl => "--invoked-via-function-url",
            Field::RevisionId => "--revision-id",
            Field::LayerName => "--layer-name",
            Field::VersionNumber => "--version-number",
            Field::OrganizationId => "--organization-id",
        }
    }

    /// Finds a field by its member name, its wire name or its flag.
    pub fn from_name(name: &str) -> Option<Field> {
        let bare = name.trim_start_matches("--");
        Field::ALL.into_iter().chain(Field::LAYER).find(|f| {
            f.member().eq_ignore_ascii_case(bare) || f.flag().trim_start_matches("--") == bare
        })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.member())
    }
}
