//! Every rule of AddPermission, checked at once, each problem tied to its field.

use super::field::Field;
use super::function_ref::{FunctionRef, MAX_BARE_NAME, MAX_QUALIFIER, QualifierKind};
use super::issue::{FieldIssue, IssueKind};
use super::patterns;
use super::placeholder;
use super::principal::PrincipalForm;
use super::request::{
    FUNCTION_URL_AUTH_TYPES, INVOKE_FUNCTION, INVOKE_FUNCTION_URL, PermissionRequest,
};
use regex_lite::Regex;

/// A length-and-pattern rule of the model for one string member.
pub(super) struct Rule {
    pub field: Field,
    pub min: usize,
    pub max: usize,
    pub pattern: Option<(&'static Regex, &'static str)>,
    pub expected: &'static str,
}

fn rules() -> [Rule; 8] {
    [
        Rule {
            field: Field::StatementId,
            min: 1,
            max: 100,
            pattern: Some((&patterns::STATEMENT_ID_RE, patterns::STATEMENT_ID)),
            expected: "letters, digits, '-' and '_' only",
        },
        Rule {
            field: Field::Action,
            min: 0,
            max: 10000,
            pattern: Some((&patterns::ACTION_RE, patterns::ACTION)),
            expected: "lambda:ACTION (such as lambda:InvokeFunction), lambda:* or *",
        },
        Rule {
            field: Field::Principal,
            min: 0,
            max: 2048,
            pattern: Some((&patterns::PRINCIPAL_RE, patterns::PRINCIPAL)),
            expected: "a service, an account id, an IAM ARN or *, without spaces",
        },
        Rule {
            field: Field::SourceArn,
            min: 0,
            max: 10000,
            pattern: Some((&patterns::SOURCE_ARN_RE, patterns::SOURCE_ARN)),
            expected: "an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)",
        },
        Rule {
            field: Field::SourceAccount,
            min: 0,
            max: 12,
            pattern: Some((&patterns::SOURCE_ACCOUNT_RE, patterns::SOURCE_ACCOUNT)),
            expected: "exactly 12 digits",
        },
        Rule {
            field: Field::EventSourceToken,
            min: 0,
            max: 256,
            pattern: Some((
                &patterns::EVENT_SOURCE_TOKEN_RE,
                patterns::EVENT_SOURCE_TOKEN,
            )),
            expected: "letters, digits, '.', '_' and '-' only",
        },
        Rule {
            field: Field::PrincipalOrgId,
            min: 12,
            max: 34,
            pattern: Some((&patterns::PRINCIPAL_ORG_ID_RE, patterns::PRINCIPAL_ORG_ID)),
            expected: "o- and 10 to 32 lowercase letters or digits",
        },
        Rule {
            field: Field::Qualifier,
            min: 1,
            max: MAX_QUALIFIER,
            pattern: Some((&patterns::QUALIFIER_RE, patterns::QUALIFIER)),
            expected: "a version number or an alias name",
        },
    ]
}

/// The model's length and pattern check of one string member (`None`: it passes).
pub fn member_issue(field: Field, value: &str) -> Option<FieldIssue> {
    rules().into_iter().find(|r| r.field == field)?.check(value)
}

/// RemovePermission's statement id (`NamespacedStatementId`: dots allowed, unlike AddPermission).
pub fn remove_statement_id_issue(sid: &str) -> Option<FieldIssue> {
    Rule {
        field: Field::StatementId,
        min: 1,
        max: 100,
        pattern: Some((
            &patterns::NAMESPACED_STATEMENT_ID_RE,
            patterns::NAMESPACED_STATEMENT_ID,
        )),
        expected: "letters, digits, '.', '-' and '_' only",
    }
    .check(sid)
}

impl Rule {
    pub(super) fn check(&self, value: &str) -> Option<FieldIssue> {
        let len = value.chars().count();
        if len > self.max {
            return Some(FieldIssue::too_long(self.field, value, self.max));
        }
        if len < self.min {
            return Some(FieldIssue::too_short(self.field, value, self.min));
        }
        let (regex, pattern) = self.pattern?;
        if regex.is_match(value) {
            return None;
        }
        let mut issue = FieldIssue::pattern(self.field, value, pattern, self.expected);
        if self.field == Field::SourceAccount {
            let digits = value.bytes().filter(u8::is_ascii_digit).count();
            issue.message = if digits == len {
                format!("SourceAccount must be exactly 12 digits; got {len}")
            } else {
                "SourceAccount must be exactly 12 digits, nothing else".to_string()
            };
        }
        Some(issue)
    }
}

impl PermissionRequest {
    /// Every problem of this request, in field order. Empty means AWS would accept it (as far
    /// as can be known without the function's current policy).
    pub fn validate(&self) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        let function = self.check_function_name(&mut issues);
        for field in [Field::StatementId, Field::Action, Field::Principal] {
            if self.text(field).is_none() {
                issues.push(FieldIssue::required(field));
            }
        }
        for rule in rules() {
            if let Some(issue) = self.text(rule.field).and_then(|v| rule.check(v)) {
                issues.push(issue);
            }
        }
        if let Some(kind) = self.function_url_auth_type.as_deref()
            && !FUNCTION_URL_AUTH_TYPES.contains(&kind)
        {
            issues.push(FieldIssue::not_in_enum(
                Field::FunctionUrlAuthType,
                kind,
                &FUNCTION_URL_AUTH_TYPES,
            ));
        }
        let has_model_issue = |issues: &[FieldIssue], f: Field| issues.iter().any(|i| i.field == f);
        if !has_model_issue(&issues, Field::Principal) {
            self.check_principal(&mut issues);
        }
        if !has_model_issue(&issues, Field::Qualifier)
            && let Some(function) = &function
        {
            self.check_qualifier(function, &mut issues);
        }
        self.check_cross_fields(&mut issues);
        self.check_placeholders(&mut issues);
        issues.sort_by_key(|i| i.field);
        issues
    }

    fn check_function_name(&self, issues: &mut Vec<FieldIssue>) -> Option<FunctionRef> {
        let name = self.function_name.as_deref().unwrap_or_default();
        match FunctionRef::parse(name) {
            Ok(function) => {
                if function.is_bare() && function.name.chars().count() > MAX_BARE_NAME {
                    issues.push(FieldIssue {
                        field: Field::FunctionName,
                        message: format!(
                            "a function name alone must be at most {MAX_BARE_NAME} characters; got {}",
                            function.name.chars().count()
                        ),
                        // AWS answers this with "Function not found", not a validation error.
                        kind: IssueKind::Local,
                    });
                }
                Some(function)
            }
            Err(issue) => {
                issues.push(issue);
                None
            }
        }
    }

    fn check_principal(&self, issues: &mut Vec<FieldIssue>) {
        if let Some(principal) = self.principal.as_deref()
            && PrincipalForm::of(principal).is_none()
        {
            issues.push(FieldIssue::invalid_parameter(
                Field::Principal,
                format!(
                    "Principal '{principal}' is not one AWS accepts: use a service (s3.amazonaws.com), a 12-digit account id, an IAM ARN or *"
                ),
                "The provided principal was invalid. Please check the principal and try again.",
            ));
        }
    }

    fn check_qualifier(&self, function: &FunctionRef, issues: &mut Vec<FieldIssue>) {
        match function.effective_qualifier(self.qualifier.as_deref()) {
            Err(issue) => issues.push(issue),
            Ok(Some(q)) if QualifierKind::of(&q) == QualifierKind::Latest => {
                issues.push(FieldIssue::invalid_parameter(
                    Field::Qualifier,
                    format!("{q} cannot have a policy: choose a published version or an alias"),
                    "We currently do not support adding policies for $LATEST.",
                ))
            }
            Ok(_) => {}
        }
    }

    fn check_cross_fields(&self, issues: &mut Vec<FieldIssue>) {
        let action = self.action.as_deref().unwrap_or_default();
        if self.function_url_auth_type.is_some() && action != INVOKE_FUNCTION_URL {
            issues.push(FieldIssue::invalid_parameter(
                Field::FunctionUrlAuthType,
                format!("FunctionUrlAuthType applies only to Action {INVOKE_FUNCTION_URL}; clear it or change Action"),
                "FunctionUrlAuthType is only supported for lambda:InvokeFunctionUrl action",
            ));
        }
        if self.invoked_via_function_url == Some(true) && action != INVOKE_FUNCTION {
            issues.push(FieldIssue::invalid_parameter(
                Field::InvokedViaFunctionUrl,
                format!("InvokedViaFunctionUrl applies only to Action {INVOKE_FUNCTION}; clear it or change Action"),
                "InvokedViaFunctionUrl is only supported for lambda:InvokeFunction action",
            ));
        }
    }

    fn check_placeholders(&self, issues: &mut Vec<FieldIssue>) {
        for field in Field::ALL {
            let Some(value) = self.text(field) else {
                continue;
            };
            if let Some(found) = placeholder::first(value) {
                // First for its field, so a person reads it first; the model's own objection
                // stays behind it, so the wire still refuses the value as AWS would.
                let at = issues
                    .iter()
                    .position(|i| i.field == field)
                    .unwrap_or(issues.len());
                issues.insert(
                    at,
                    FieldIssue {
                        field,
                        message: format!(
                            "replace the placeholder {} with a real value",
                            found.written()
                        ),
                        kind: IssueKind::Local,
                    },
                );
            }
        }
    }
}
