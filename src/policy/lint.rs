//! Security lints: the risks a statement carries, each with a stable id and where it points.
//!
//! The same rules judge a request before it is sent (through the statement Lambda would write)
//! and every statement of an existing policy, so the form and the policy view agree.

use super::deny_cover::DenyCover;
use super::document::{Effect, Statement};
pub use super::lint_id::{Lint, LintId, Severity};
use super::public::has_any;
pub use super::public::{is_public_document, is_public_statement, is_url_only};
use super::request::PermissionRequest;
use super::statement::statement_for;
use super::url_lint::{UrlState, url_lints};

const SOURCE_KEYS: [&str; 3] = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner"];
const ALEXA_PRINCIPALS: [&str; 2] = ["alexa-appkit.amazon.com", "alexa-connectedhome.amazon.com"];
/// Services that invoke without a source ARN to name (Secrets Manager's rotation): a grant to
/// them cannot be narrowed by one, so it is no confused deputy.
const NO_SOURCE_ARN_SERVICES: [&str; 1] = ["secretsmanager.amazonaws.com"];
/// The action the console writes when a trigger is disabled: it grants nothing.
const DISABLED_TRIGGER_ACTION: &str = "lambda:DisableInvokeFunction";
/// A policy above this share of Lambda's limit may not take the next AddPermission.
const SIZE_HEADROOM_PERCENT: usize = 90;

/// The ARN service a service principal's own resources carry: the label before
/// `.amazonaws.com` (`lambda.alarms.cloudwatch` → `cloudwatch`), except where AWS names them
/// otherwise (API Gateway's are `execute-api`, CloudWatch's `monitoring` ones `cloudwatch`).
fn arn_service_of(principal: &str) -> Option<&str> {
    let labels = principal.strip_suffix(".amazonaws.com")?;
    let label = labels.rsplit('.').next().unwrap_or(labels);
    Some(match label {
        "apigateway" => "execute-api",
        "monitoring" => "cloudwatch",
        other => other,
    })
}

/// Whether `name` can be an S3 bucket's: 3 to 63 lowercase letters, digits, dots and hyphens
/// today, and in older us-east-1 buckets up to 255 letters of either case, digits, dots,
/// hyphens and underscores; never a colon or a slash (S3's bucket naming rules).
fn could_be_bucket(name: &str) -> bool {
    (1..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The lints of one statement; `own_account` is the function's account, when known.
pub fn lint_statement(statement: &Statement, own_account: Option<&str>) -> Vec<Lint> {
    let mut lints = Vec::new();
    if statement.effect == Effect::Deny {
        return lints;
    }
    // Who counts as "anyone" is decided in one place, the one the public-access block uses.
    if is_public_statement(statement, super::holder_kind::HolderKind::Function) {
        if is_url_only(statement) {
            lints.push(Lint::new(
                LintId::PublicFunctionUrl,
                "anyone on the internet can invoke this function through its URL, unauthenticated",
            ));
        } else if statement.not_principal.is_some() {
            lints.push(Lint::new(
                LintId::Public,
                "everyone but the principals NotPrincipal names is allowed: add SourceAccount, SourceArn or PrincipalOrgID",
            ));
        } else {
            lints.push(Lint::new(
                LintId::Public,
                "anyone can invoke this function: add SourceAccount, SourceArn or PrincipalOrgID",
            ));
        }
    }
    let Some(principal) = &statement.principal else {
        return lints;
    };
    let services = principal.values("Service");
    // Only a statement whose every action is the disabled one grants nothing: beside another
    // action, that one is granted.
    if !statement.action.is_empty()
        && statement
            .action
            .iter()
            .all(|a| a == DISABLED_TRIGGER_ACTION)
    {
        lints.clear();
        lints.push(Lint::new(
            LintId::DisabledTrigger,
            "a trigger disabled in the console: this statement grants nothing until it is enabled again",
        ));
        return lints;
    }
    for service in &services {
        if ALEXA_PRINCIPALS.contains(service) {
            if !statement.is_narrowed_by("lambda:EventSourceToken") {
                lints.push(Lint::new(
                    LintId::AlexaWithoutToken,
                    format!("any Alexa skill can invoke this function: set EventSourceToken to your skill id ({service})"),
                ));
            }
        } else if NO_SOURCE_ARN_SERVICES.contains(service) {
            // rotation sends no source ARN: nothing to narrow by
        } else if !has_any(statement, &SOURCE_KEYS) {
            lints.push(Lint::new(
                LintId::ConfusedDeputy,
                format!("{service} resources of any account can invoke this function: add SourceArn or SourceAccount"),
            ));
        } else if *service == "s3.amazonaws.com" && !statement.is_narrowed_by("aws:SourceAccount") {
            lints.push(Lint::new(
                LintId::S3WithoutSourceAccount,
                "a bucket ARN has no account: if the bucket is deleted, another account can recreate it; add SourceAccount",
            ));
        }
    }
    for service in &services {
        let Some(expected) = arn_service_of(service) else {
            continue;
        };
        for arn in statement.narrowing_values("aws:SourceArn") {
            if let Some(found) = super::arn::Arn::parse(arn).map(|a| a.service)
                && found != expected
                && !(expected == "execute-api" && found == "apigateway")
            {
                lints.push(Lint::new(
                    LintId::SourceArnServiceMismatch,
                    format!("{service} is granted for a {found} ARN ({arn}): it never sends that SourceArn, so the grant never applies"),
                ));
            } else if expected == "s3"
                && let Some(parsed) = super::arn::Arn::parse(arn)
                && parsed.service == "s3"
                // A pattern, or a placeholder still to fill (`<bucket>`), is judged elsewhere.
                && !parsed.resource.contains(['*', '?', '<'])
                && !could_be_bucket(&parsed.resource)
            {
                lints.push(Lint::new(
                    LintId::SourceArnServiceMismatch,
                    format!("S3 sends its bucket's ARN (arn:aws:s3:::NAME, NAME letters, digits, dots, hyphens and underscores): '{}' is no bucket, so the grant never applies", parsed.resource),
                ));
            }
        }
    }
    if statement.action.iter().any(|a| a == "*" || a == "lambda:*") {
        lints.push(Lint::new(
            LintId::WildcardAction,
            "every Lambda action is granted, not only invoke: name the action (lambda:InvokeFunction)",
        ));
    }
    if let Some(own) = own_account {
        // The accounts the engine reads the principal as naming (an account, or a role or user
        // of one), outside the account: the one answer to who is let in.
        let trust = super::caller::Trust::account(Some(own));
        let mut others: Vec<String> = Vec::new();
        for holds in super::caller::callers_of(statement) {
            if let Some(
                named @ (super::caller::Caller::Accounts(_) | super::caller::Caller::Principals(_)),
            ) = holds.iter().find(|h| {
                matches!(
                    h,
                    super::caller::Caller::Accounts(_) | super::caller::Caller::Principals(_)
                )
            }) {
                for account in named.outside(&trust) {
                    if !others.contains(&account) {
                        others.push(account);
                    }
                }
            }
        }
        match others.as_slice() {
            [] => {}
            [other] => lints.push(Lint::new(
                LintId::CrossAccount,
                format!("another account ({other}) is granted access"),
            )),
            many => lints.push(Lint::new(
                LintId::CrossAccount,
                format!(
                    "{} other accounts ({}) are granted access",
                    many.len(),
                    many.join(", ")
                ),
            )),
        }
    }
    lints
}

/// The lints of every statement of a policy, in the document's order: each statement's own,
/// and those that need the URL of the policy's function or alias (`url`). Where it is known that
/// there is no URL, a public URL grant is not a public URL but a grant left behind.
pub fn lint_policy(
    statements: &[Statement],
    own_account: Option<&str>,
    url: &UrlState,
) -> Vec<Vec<Lint>> {
    statements
        .iter()
        .zip(url_lints(statements, url))
        .map(|(statement, mut with_url)| {
            let mut lints = lint_statement(statement, own_account);
            // No URL, or a URL that answers 403 for want of the second grant: nobody can call
            // it through this statement today, and the URL lint says why.
            let broken = with_url
                .iter()
                .any(|l| l.id == LintId::FunctionUrlMissingInvoke);
            if *url == UrlState::Absent || broken {
                lints.retain(|l| l.id != LintId::PublicFunctionUrl);
            }
            lints.append(&mut with_url);
            if let Some(cover) = super::deny_cover::deny_covering(statement, statements) {
                for lint in lints.iter_mut().filter(|l| RISKS.contains(&l.id)) {
                    lint.message.push_str(&cover.note());
                    lint.severity = match (&cover, lint.severity) {
                        (DenyCover::Cancels { .. }, _) => Severity::Info,
                        (DenyCover::Reduces { .. }, Severity::Error) => Severity::Warning,
                        (DenyCover::Reduces { .. }, _) => Severity::Info,
                    };
                }
            }
            lints
        })
        .collect()
}

/// The findings that say who can do what: a Deny that takes it away lowers them.
const RISKS: [LintId; 7] = [
    LintId::Public,
    LintId::PublicFunctionUrl,
    LintId::CrossAccount,
    LintId::ConfusedDeputy,
    LintId::WildcardAction,
    LintId::S3WithoutSourceAccount,
    LintId::AlexaWithoutToken,
];

/// A policy close to Lambda's size limit: the next AddPermission may be refused.
pub fn size_lint(size_bytes: usize) -> Option<Lint> {
    let limit = super::statement::MAX_POLICY_BYTES;
    (size_bytes * 100 >= limit * SIZE_HEADROOM_PERCENT).then(|| {
        Lint::new(
            LintId::PolicySizeHeadroom,
            format!("the policy is {size_bytes} of {limit} bytes: the next AddPermission may be refused (PolicyLengthExceededException)"),
        )
    })
}

/// The account of an AWS principal: a 12-digit id or an IAM ARN.
/// The lints of a request before it is sent, each to be shown on [`LintId::field`].
pub fn lint_request(request: &PermissionRequest, own_account: Option<&str>) -> Vec<Lint> {
    let value = statement_for(request, "arn:aws:lambda:us-east-1:000000000000:function:f");
    match super::document::PolicyDocument::from_value(serde_json::json!({ "Statement": [value] })) {
        Ok(document) => document
            .statements
            .first()
            .map(|s| lint_statement(s, own_account))
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyDocument;
    use serde_json::json;

    fn lint_ids(statement: serde_json::Value) -> Vec<&'static str> {
        let document = PolicyDocument::from_value(json!({ "Statement": [statement] })).unwrap();
        lint_statement(&document.statements[0], Some("123456789012"))
            .iter()
            .map(|l| l.id.as_str())
            .collect()
    }

    fn grant(service: &str, source_arn: Option<&str>) -> serde_json::Value {
        let mut s = json!({"Effect": "Allow", "Principal": {"Service": service}, "Action": "lambda:InvokeFunction", "Resource": "*"});
        if let Some(arn) = source_arn {
            s["Condition"] = json!({"ArnLike": {"AWS:SourceArn": arn}});
        }
        s
    }

    #[test]
    fn a_source_arn_of_another_service_never_matches() {
        assert_eq!(
            lint_ids(grant(
                "sns.amazonaws.com",
                Some("arn:aws:sqs:us-east-1:123456789012:q")
            )),
            ["source-arn-service-mismatch"]
        );
        assert_eq!(
            lint_ids(grant(
                "sns.amazonaws.com",
                Some("arn:aws:sns:us-east-1:123456789012:t")
            )),
            Vec::<&str>::new()
        );
        assert_eq!(
            lint_ids(grant(
                "apigateway.amazonaws.com",
                Some("arn:aws:execute-api:us-east-1:123456789012:a/*")
            )),
            Vec::<&str>::new()
        );
        assert_eq!(
            lint_ids(grant(
                "lambda.alarms.cloudwatch.amazonaws.com",
                Some("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a")
            )),
            Vec::<&str>::new()
        );
        // A test that does not restrict (StringNotLike) is not read as the grant's source.
        let mut negated = grant("sns.amazonaws.com", None);
        negated["Condition"] =
            json!({"ArnNotLike": {"AWS:SourceArn": "arn:aws:sqs:us-east-1:123456789012:q"}});
        assert_eq!(lint_ids(negated), ["confused-deputy"]);
    }

    #[test]
    fn an_s3_source_that_is_no_bucket_never_matches() {
        let mut bad = grant("s3.amazonaws.com", Some("arn:aws:s3:::My_Bucket:x"));
        bad["Condition"]["StringEquals"] = serde_json::json!({"aws:SourceAccount": "123456789012"});
        assert!(lint_ids(bad).contains(&"source-arn-service-mismatch"));
        let mut good = grant("s3.amazonaws.com", Some("arn:aws:s3:::my-bucket.logs"));
        good["Condition"]["StringEquals"] =
            serde_json::json!({"aws:SourceAccount": "123456789012"});
        assert!(!lint_ids(good).contains(&"source-arn-service-mismatch"));
    }

    #[test]
    fn rotation_and_disabled_triggers_are_no_deputies() {
        assert_eq!(
            lint_ids(grant("secretsmanager.amazonaws.com", None)),
            Vec::<&str>::new()
        );
        let mut disabled = grant("s3.amazonaws.com", None);
        disabled["Action"] = "lambda:DisableInvokeFunction".into();
        assert_eq!(lint_ids(disabled), ["disabled-trigger"]);
        let mut deny = grant("s3.amazonaws.com", None);
        deny["Effect"] = "Deny".into();
        assert_eq!(lint_ids(deny), Vec::<&str>::new());
    }

    #[test]
    fn a_policy_near_the_limit_is_told_before_the_next_add_fails() {
        assert!(size_lint(18_431).is_none());
        assert_eq!(
            size_lint(18_432).map(|l| l.id),
            Some(LintId::PolicySizeHeadroom)
        );
        assert_eq!(
            size_lint(20_480).map(|l| l.severity),
            Some(Severity::Warning)
        );
    }
}
