//! `PermissionRequest`: every member of AddPermission, as the user or the wire gives it.

use super::field::Field;
use serde::{Deserialize, Serialize};

/// The action a function URL grant uses.
pub const INVOKE_FUNCTION_URL: &str = "lambda:InvokeFunctionUrl";
pub const INVOKE_FUNCTION: &str = "lambda:InvokeFunction";
pub const FUNCTION_URL_AUTH_TYPES: [&str; 2] = ["NONE", "AWS_IAM"];

/// Every member is optional here so that a missing one can be reported, not assumed.
/// `function_name` and `qualifier` travel in the path and query, the rest in the JSON body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionRequest {
    #[serde(skip)]
    pub function_name: Option<String>,
    #[serde(skip)]
    pub qualifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_source_token: Option<String>,
    #[serde(rename = "PrincipalOrgID", skip_serializing_if = "Option::is_none")]
    pub principal_org_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_url_auth_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoked_via_function_url: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision_id: Option<String>,
}

impl PermissionRequest {
    /// The text of a string member (`None` for the boolean and for unset members).
    pub fn text(&self, field: Field) -> Option<&str> {
        match field {
            Field::FunctionName => self.function_name.as_deref(),
            Field::Qualifier => self.qualifier.as_deref(),
            Field::StatementId => self.statement_id.as_deref(),
            Field::Action => self.action.as_deref(),
            Field::Principal => self.principal.as_deref(),
            Field::SourceArn => self.source_arn.as_deref(),
            Field::SourceAccount => self.source_account.as_deref(),
            Field::EventSourceToken => self.event_source_token.as_deref(),
            Field::PrincipalOrgId => self.principal_org_id.as_deref(),
            Field::FunctionUrlAuthType => self.function_url_auth_type.as_deref(),
            Field::RevisionId => self.revision_id.as_deref(),
            // Members of a layer's request, not of AddPermission.
            Field::InvokedViaFunctionUrl
            | Field::LayerName
            | Field::VersionNumber
            | Field::OrganizationId => None,
        }
    }

    /// Sets a string member; an empty text unsets it. The boolean takes `true`/`false`.
    pub fn set_text(&mut self, field: Field, text: &str) {
        let value = (!text.is_empty()).then(|| text.to_string());
        match field {
            Field::FunctionName => self.function_name = value,
            Field::Qualifier => self.qualifier = value,
            Field::StatementId => self.statement_id = value,
            Field::Action => self.action = value,
            Field::Principal => self.principal = value,
            Field::SourceArn => self.source_arn = value,
            Field::SourceAccount => self.source_account = value,
            Field::EventSourceToken => self.event_source_token = value,
            Field::PrincipalOrgId => self.principal_org_id = value,
            Field::FunctionUrlAuthType => self.function_url_auth_type = value,
            Field::RevisionId => self.revision_id = value,
            Field::InvokedViaFunctionUrl => {
                self.invoked_via_function_url = value.map(|v| v.eq_ignore_ascii_case("true"))
            }
            Field::LayerName | Field::VersionNumber | Field::OrganizationId => {}
        }
    }

    /// The JSON body AddPermission sends.
    pub fn body_json(&self) -> String {
        serde_json::to_string(self).expect("a request always serialises")
    }
}
