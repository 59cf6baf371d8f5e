//! The form that shares a layer version (`a` on the layers screen): who (one account, an
//! organisation, everyone), the statement id, and the account or organisation; checked as it is
//! typed, with the statement Lambda will write and the equivalent AWS CLI command.

use super::target::LayerVersionRef;
use super::write_confirm::WriteConfirm;
use crate::policy::layer::GET_LAYER_VERSION;
use crate::policy::{Field, FieldIssue, LayerPermissionRequest, layer_statement_for};
use ratatui_textarea::{CursorMove, TextArea};

/// Who the grant is for: the presets of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerGrant {
    Account,
    Organisation,
    Public,
}

impl LayerGrant {
    pub const ALL: [LayerGrant; 3] = [
        LayerGrant::Account,
        LayerGrant::Organisation,
        LayerGrant::Public,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LayerGrant::Account => "one account",
            LayerGrant::Organisation => "an organisation",
            LayerGrant::Public => "everyone (public)",
        }
    }

    /// The text fields this grant asks for.
    pub fn fields(self) -> &'static [Field] {
        match self {
            LayerGrant::Account => &[Field::StatementId, Field::Principal],
            LayerGrant::Organisation => &[Field::StatementId, Field::OrganizationId],
            LayerGrant::Public => &[Field::StatementId],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LayerFormStage {
    Editing,
    Confirming(WriteConfirm),
    Submitting,
}

/// What has the keys: the grant's choice, or one of its text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerSlot {
    Grant,
    Text(Field),
}

#[derive(Debug, Clone)]
pub struct LayerForm {
    pub version: LayerVersionRef,
    pub version_arn: String,
    pub grant: LayerGrant,
    pub focus: LayerSlot,
    pub statement_id: TextArea<'static>,
    pub principal: TextArea<'static>,
    pub organization_id: TextArea<'static>,
    /// The policy's revision when the form opened: the add is guarded by it.
    pub revision_id: Option<String>,
    pub stage: LayerFormStage,
    /// What Lambda said when it refused the last add, until the next key.
    pub server_error: Option<String>,
}

fn input(value: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![value.to_string()]);
    area.move_cursor(CursorMove::End);
    area
}

fn text(area: &TextArea) -> String {
    area.lines().join("")
}

impl LayerForm {
    pub fn new(
        version: LayerVersionRef,
        version_arn: String,
        revision_id: Option<String>,
    ) -> LayerForm {
        LayerForm {
            version,
            version_arn,
            grant: LayerGrant::Account,
            focus: LayerSlot::Grant,
            statement_id: input(""),
            principal: input(""),
            organization_id: input(""),
            revision_id,
            stage: LayerFormStage::Editing,
            server_error: None,
        }
    }

    pub fn is_submitting(&self) -> bool {
        self.stage == LayerFormStage::Submitting
    }

    /// The slots in the order Tab visits them.
    pub fn slots(&self) -> Vec<LayerSlot> {
        std::iter::once(LayerSlot::Grant)
            .chain(self.grant.fields().iter().map(|f| LayerSlot::Text(*f)))
            .collect()
    }

    pub fn input(&self, field: Field) -> Option<&TextArea<'static>> {
        match field {
            Field::StatementId => Some(&self.statement_id),
            Field::Principal => Some(&self.principal),
            Field::OrganizationId => Some(&self.organization_id),
            _ => None,
        }
    }

    pub fn input_mut(&mut self, field: Field) -> Option<&mut TextArea<'static>> {
        match field {
            Field::StatementId => Some(&mut self.statement_id),
            Field::Principal => Some(&mut self.principal),
            Field::OrganizationId => Some(&mut self.organization_id),
            _ => None,
        }
    }

    /// The request the form describes.
    pub fn request(&self) -> LayerPermissionRequest {
        let given = |area: &TextArea| Some(text(area)).filter(|t| !t.is_empty());
        let (principal, organization_id) = match self.grant {
            LayerGrant::Account => (given(&self.principal), None),
            LayerGrant::Organisation => (Some("*".to_string()), given(&self.organization_id)),
            LayerGrant::Public => (Some("*".to_string()), None),
        };
        LayerPermissionRequest {
            layer_name: Some(self.version.layer.clone()),
            version_number: Some(self.version.version as i64),
            statement_id: given(&self.statement_id),
            action: Some(GET_LAYER_VERSION.into()),
            principal,
            organization_id,
            revision_id: self.revision_id.clone(),
        }
    }

    /// Every problem of the request; an organisation grant without its id is one too.
    pub fn issues(&self) -> Vec<FieldIssue> {
        let request = self.request();
        let mut issues = request.validate();
        if self.grant == LayerGrant::Organisation && request.organization_id.is_none() {
            issues.push(FieldIssue::required(Field::OrganizationId));
        }
        issues
    }

    pub fn issue_of(&self, field: Field) -> Option<FieldIssue> {
        self.issues().into_iter().find(|i| i.field == field)
    }

    /// The statement Lambda will write, pretty-printed.
    pub fn preview(&self) -> String {
        let statement = layer_statement_for(&self.request(), &self.version_arn);
        serde_json::to_string_pretty(&statement).unwrap_or_default()
    }

    /// The lints of the statement the form would add (public, another account).
    pub fn lints(&self) -> Vec<crate::policy::Lint> {
        let statement = layer_statement_for(&self.request(), &self.version_arn);
        let account = crate::policy::arn::account_of_arn(&self.version_arn);
        crate::policy::PolicyDocument::from_value(serde_json::json!({ "Statement": [statement] }))
            .ok()
            .and_then(|d| d.statements.into_iter().next())
            .map(|s| crate::policy::lint_layer_statement(&s, account.as_deref()))
            .unwrap_or_default()
    }

    /// The same grant with the AWS CLI, pointed at the same place as the app (`context`).
    pub fn cli_command(&self, context: &crate::session::Context) -> String {
        let request = self.request();
        // The layer's name and the revision came from the server: each stays one word.
        let word = crate::shell::word;
        let mut words = vec![
            "aws lambda add-layer-version-permission".to_string(),
            format!("--layer-name {}", word(&self.version.layer)),
            format!("--version-number {}", self.version.version),
            format!(
                "--statement-id {}",
                word(request.statement_id.as_deref().unwrap_or("SID"))
            ),
            format!("--action {GET_LAYER_VERSION}"),
            format!(
                "--principal {}",
                word(request.principal.as_deref().unwrap_or("ACCOUNT"))
            ),
        ];
        if let Some(org) = &request.organization_id {
            words.push(format!("--organization-id {}", word(org)));
        }
        if let Some(revision) = &request.revision_id {
            words.push(format!("--revision-id {}", word(revision)));
        }
        words.extend(context.cli_flags());
        words.join(" ")
    }

    /// Moves to the next (or previous) grant.
    pub fn cycle_grant(&mut self, step: isize) {
        let here = LayerGrant::ALL
            .iter()
            .position(|g| *g == self.grant)
            .unwrap_or(0) as isize;
        let next = (here + step).rem_euclid(LayerGrant::ALL.len() as isize) as usize;
        self.grant = LayerGrant::ALL[next];
    }

    pub fn move_focus(&mut self, step: isize) {
        let slots = self.slots();
        let here = slots.iter().position(|s| *s == self.focus).unwrap_or(0) as isize;
        let next = (here + step).rem_euclid(slots.len() as isize) as usize;
        self.focus = slots[next];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LayerForm {
        LayerForm::new(
            LayerVersionRef {
                layer: "shared-utils".into(),
                version: 1,
            },
            "arn:aws:lambda:us-east-1:123456789012:layer:shared-utils:1".into(),
            Some("4b1c2a7e-0d9f-4e55-9a3b-6f1e2d3c4b5a".into()),
        )
    }

    #[test]
    fn each_grant_asks_for_its_own_fields_and_writes_its_own_statement() {
        let mut f = form();
        f.statement_id.insert_str("team");
        assert!(
            f.issue_of(Field::Principal).is_some(),
            "an account is needed"
        );
        f.principal.insert_str("210987654321");
        assert!(f.issues().is_empty(), "{:?}", f.issues());
        assert!(f.preview().contains("arn:aws:iam::210987654321:root"));
        f.cycle_grant(1);
        assert_eq!(f.grant, LayerGrant::Organisation);
        assert!(f.issue_of(Field::OrganizationId).is_some());
        f.organization_id.insert_str("o-a1b2c3d4e5");
        assert!(f.issues().is_empty());
        assert!(f.preview().contains("aws:PrincipalOrgID"));
        let context = crate::session::Context {
            profile: None,
            region: "us-east-1".into(),
            endpoint: "https://lambda.us-east-1.amazonaws.com".into(),
            endpoint_url: "https://lambda.us-east-1.amazonaws.com".into(),
            credentials: "env".into(),
            account: None,
            demo: false,
        };
        assert!(
            f.cli_command(&context)
                .contains("--organization-id o-a1b2c3d4e5")
        );
        f.cycle_grant(1);
        assert_eq!(f.request().principal.as_deref(), Some("*"));
        assert_eq!(f.request().organization_id, None);
        assert_eq!(
            f.slots(),
            [LayerSlot::Grant, LayerSlot::Text(Field::StatementId)]
        );
    }

    #[test]
    fn what_the_server_sent_stays_one_word_of_the_cli_command() {
        let f = LayerForm::new(
            LayerVersionRef {
                layer: "x; rm -rf ~".into(),
                version: 1,
            },
            "arn:aws:lambda:us-east-1:123456789012:layer:x:1".into(),
            Some("r1$(reboot)".into()),
        );
        let command = f.cli_command(&crate::session::Context::default());
        assert!(command.contains("--layer-name 'x; rm -rf ~'"), "{command}");
        assert!(command.contains("--revision-id 'r1$(reboot)'"), "{command}");
    }
}
