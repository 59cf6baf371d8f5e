//! Policy documents of any shape, lints on their statements and on requests, and presets.

use lambda_policy::policy::{
    Effect, Field, LintId, PermissionRequest, PolicyDocument, Principals, Severity,
    builtin_presets, lint_request, lint_statement,
};
use std::collections::BTreeMap;

#[test]
fn general_iam_shapes_parse_and_unknown_members_are_kept() {
    let text = r#"{"Version":"2012-10-17","Id":"custom","Extra":{"x":1},"Statement":[
        {"Sid":"a","Effect":"Deny","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:root"],"Service":"s3.amazonaws.com"},
         "Action":["lambda:InvokeFunction","lambda:GetFunction"],"Resource":"*",
         "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8"]},"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}},
        {"Effect":"Allow","NotPrincipal":"*","NotAction":"lambda:DeleteFunction","NotResource":["x"],"Future":"kept"}]}"#;
    let doc = PolicyDocument::parse(text).unwrap();
    assert_eq!(doc.id.as_deref(), Some("custom"));
    assert_eq!(doc.statements.len(), 2);
    let a = &doc.statements[0];
    assert_eq!(a.effect, Effect::Deny);
    assert_eq!(a.action.len(), 2);
    assert_eq!(a.principal.as_ref().unwrap().values("AWS").len(), 2);
    assert_eq!(a.condition_values("aws:multifactorauthage"), vec!["3600"]);
    assert_eq!(a.condition_values("aws:SecureTransport"), vec!["true"]);
    let b = &doc.statements[1];
    assert_eq!(b.not_principal, Some(Principals::Anyone));
    assert_eq!(b.not_action, vec!["lambda:DeleteFunction".to_string()]);
    assert_eq!(b.raw["Future"], "kept");
    assert_eq!(doc.raw["Extra"]["x"], 1);
}

#[test]
fn a_single_statement_object_is_accepted() {
    let doc = PolicyDocument::parse(
        r#"{"Statement":{"Sid":"x","Effect":"Allow","Principal":"*","Action":"*"}}"#,
    )
    .unwrap();
    assert_eq!(doc.statements.len(), 1);
}

#[test]
fn malformed_documents_say_where_and_why() {
    let cases = [
        ("not json", "policy: not valid JSON"),
        ("[1]", "policy: expected an object, found a list"),
        (
            r#"{"Statement":"x"}"#,
            "Statement: expected a list or an object, found a string",
        ),
        (
            r#"{"Statement":[{"Effect":"Maybe"}]}"#,
            "Statement[0].Effect: expected \"Allow\" or \"Deny\"",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Principal":5}]}"#,
            "Statement[0].Principal: expected \"*\" or an object, found a number",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Action":[1]}]}"#,
            "Statement[0].Action[0]: expected a string, found a number",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Condition":{"StringEquals":"x"}}]}"#,
            "Statement[0].Condition.StringEquals: expected an object of keys",
        ),
        (r#"{"Statement":[{}]}"#, "Statement[0].Effect: missing"),
    ];
    for (text, expected) in cases {
        let err = PolicyDocument::parse(text).unwrap_err().to_string();
        assert!(err.starts_with(expected), "{text}: {err}");
    }
}

fn lint_ids(statement_json: &str, own: Option<&str>) -> Vec<LintId> {
    let doc = PolicyDocument::parse(&format!(r#"{{"Statement":[{statement_json}]}}"#)).unwrap();
    lint_statement(&doc.statements[0], own)
        .into_iter()
        .map(|l| l.id)
        .collect()
}

#[test]
fn each_lint_fires_on_the_statement_that_carries_the_risk_and_not_otherwise() {
    let own = Some("111111111111");
    let cases: &[(&str, &[LintId])] = &[
        (
            r#"{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction"}"#,
            &[LintId::ConfusedDeputy],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"}}}"#,
            &[],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::reports-bucket"}}}"#,
            &[LintId::S3WithoutSourceAccount],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::reports-bucket"},"StringEquals":{"AWS:SourceAccount":"111111111111"}}}"#,
            &[],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"lambda:InvokeFunction"}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#,
            &[],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}"#,
            &[LintId::PublicFunctionUrl],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}"#,
            &[LintId::PublicFunctionUrl],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"lambda:*"}"#,
            &[LintId::WildcardAction],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"*"}"#,
            &[LintId::WildcardAction],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"lambda:InvokeFunction"}"#,
            &[LintId::CrossAccount],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"lambda:InvokeFunction"}"#,
            &[LintId::CrossAccount],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"alexa-appkit.amazon.com"},"Action":"lambda:InvokeFunction"}"#,
            &[LintId::AlexaWithoutToken],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"alexa-appkit.amazon.com"},"Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"lambda:EventSourceToken":"amzn1.ask.skill.x"}}}"#,
            &[],
        ),
        (r#"{"Effect":"Deny","Principal":"*","Action":"*"}"#, &[]),
        // conditions that name a key without restricting it do not narrow anything
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringNotEquals":{"aws:SourceAccount":"111111111111"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"Null":{"aws:SourceArn":"true"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111111111111"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"*"}}}"#,
            &[LintId::Public],
        ),
        // A wildcard in what names the source holds it to nothing (issue: who can do what).
        (
            r#"{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:*"}}}"#,
            &[LintId::ConfusedDeputy],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:123456789012:api/*/GET/orders"}}}"#,
            &[],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:*:t"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringLike":{"aws:SourceAccount":["123456789012","*"]}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringLike":{"aws:PrincipalOrgID":"o-*"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:*"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ForAllValues:StringEquals":{"aws:SourceAccount":"123456789012"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:PrincipalAccount":"${aws:PrincipalAccount}"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:t"}}}"#,
            &[],
        ),
        // A grant held to AWS_IAM and NONE takes unsigned callers through a NONE URL.
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":["AWS_IAM","NONE"]}}}"#,
            &[LintId::PublicFunctionUrl],
        ),
        // Naming a URL key without forcing it leaves a direct public grant.
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"Null":{"lambda:InvokedViaFunctionUrl":"true"}}}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringNotEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}"#,
            &[LintId::Public],
        ),
        // The disabled action beside another grants the other.
        (
            r#"{"Effect":"Allow","Principal":"*","Action":["lambda:InvokeFunction","lambda:DisableInvokeFunction"]}"#,
            &[LintId::Public],
        ),
        (
            r#"{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnNotLike":{"AWS:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"}}}"#,
            &[LintId::ConfusedDeputy],
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ForAnyValue:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#,
            &[],
        ),
    ];
    for (statement, expected) in cases {
        assert_eq!(lint_ids(statement, own), expected.to_vec(), "{statement}");
    }
    // without the function's account, no statement can be called cross-account
    assert_eq!(
        lint_ids(
            r#"{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"lambda:InvokeFunction"}"#,
            None
        ),
        vec![]
    );
}

#[test]
fn lints_have_stable_ids_severities_and_a_field() {
    assert_eq!(LintId::Public.as_str(), "public");
    assert_eq!(LintId::ConfusedDeputy.severity(), Severity::Error);
    assert_eq!(LintId::CrossAccount.severity(), Severity::Info);
    assert_eq!(LintId::ConfusedDeputy.field(), Field::SourceArn);
    assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
}

#[test]
fn a_request_is_linted_before_it_is_sent() {
    let request = PermissionRequest {
        function_name: Some("f".into()),
        statement_id: Some("s".into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("sns.amazonaws.com".into()),
        ..Default::default()
    };
    let lints = lint_request(&request, Some("111111111111"));
    assert_eq!(lints.len(), 1);
    assert_eq!(lints[0].id, LintId::ConfusedDeputy);
    assert!(lints[0].message.contains("add SourceArn or SourceAccount"));
}

#[test]
fn every_preset_is_valid_once_its_placeholders_are_filled() {
    let presets = builtin_presets().expect("the shipped presets are valid");
    let ids: Vec<&str> = presets.iter().map(|p| p.id.as_str()).collect();
    for id in [
        "s3",
        "sns",
        "apigateway",
        "eventbridge",
        "logs",
        "alexa-skill",
        "alexa-smart-home",
        "account",
        "organization",
        "function-url-public",
        "custom",
    ] {
        assert!(ids.contains(&id), "missing preset {id}");
    }
    for preset in &presets {
        for index in 0..preset.statements.len() {
            let mut unfilled = preset.request(index, &BTreeMap::new());
            unfilled.function_name = Some("f".into());
            if !preset.examples.is_empty() {
                assert!(
                    !unfilled.validate().is_empty(),
                    "{}: placeholders must be marked as still to fill",
                    preset.id
                );
            }
            let mut filled = preset.request(index, &preset.examples);
            filled.function_name = Some("f".into());
            assert_eq!(filled.validate(), vec![], "{}", preset.id);
        }
    }
    let url = presets
        .iter()
        .find(|p| p.id == "function-url-public")
        .unwrap();
    assert_eq!(
        url.statements.len(),
        2,
        "a public URL needs both statements AWS requires"
    );
}

#[test]
fn a_broken_preset_file_is_refused_with_the_reason() {
    use lambda_policy::policy::preset::parse_presets;
    let missing = r#"{"presets":[{"id":"x","title":"x","statements":[{"StatementId":"<sid>","Action":"lambda:InvokeFunction","Principal":"*"}],"examples":{}}]}"#;
    assert!(
        parse_presets(missing)
            .unwrap_err()
            .to_string()
            .contains("no example for placeholder <sid>")
    );
    let unknown =
        r#"{"presets":[{"id":"x","title":"x","statements":[{"Colour":"red"}],"examples":{}}]}"#;
    assert!(
        parse_presets(unknown)
            .unwrap_err()
            .to_string()
            .contains("unknown member 'Colour'")
    );
    let not_a_placeholder = r#"{"presets":[{"id":"x","title":"x","statements":[{"StatementId":"s","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::<bucket.name>"}],"examples":{}}]}"#;
    assert!(
        parse_presets(not_a_placeholder)
            .unwrap_err()
            .to_string()
            .contains("<bucket.name> is not a placeholder")
    );
    let invalid = r#"{"presets":[{"id":"x","title":"x","statements":[{"StatementId":"a.b","Action":"lambda:InvokeFunction","Principal":"*"}],"examples":{}}]}"#;
    assert!(
        parse_presets(invalid)
            .unwrap_err()
            .to_string()
            .contains("is invalid")
    );
}

#[test]
fn a_deny_in_the_same_policy_lowers_the_risk_of_an_allow_and_says_why() {
    use lambda_policy::policy::{UrlState, lint_policy};
    let policy = |deny: &str| {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[
            {{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}},
            {{"Sid":"partner","Effect":"Allow","Principal":{{"AWS":"210987654321"}},"Action":"lambda:*","Resource":"*"}}{deny}]}}"#
        );
        let doc = PolicyDocument::parse(&text).unwrap();
        lint_policy(&doc.statements, Some("123456789012"), &UrlState::Unknown)
    };
    let plain = policy("");
    assert_eq!(plain[0][0].id, LintId::Public);
    assert_eq!(plain[0][0].severity, Severity::Error);
    assert_eq!(
        plain[0][0].message,
        "anyone can invoke this function: add SourceAccount, SourceArn or PrincipalOrgID",
        "an AddPermission-shaped statement keeps its text"
    );

    let cancelled = policy(
        r#",{"Sid":"no-invoke","Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}"#,
    );
    assert_eq!(cancelled[0][0].severity, Severity::Info);
    assert!(
        cancelled[0][0]
            .message
            .ends_with("(cancelled: Deny \"no-invoke\" denies the same to everyone this names)"),
        "{}",
        cancelled[0][0].message
    );
    assert!(
        cancelled[1].iter().all(|l| !l.message.contains("Deny")),
        "lambda:* is wider than the Deny: {:?}",
        cancelled[1]
    );

    let reduced = policy(
        r#",{"Sid":"outside-org","Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#,
    );
    assert_eq!(reduced[0][0].severity, Severity::Warning);
    assert!(
        reduced[0][0].message.ends_with(
            "(reduced: Deny \"outside-org\" denies it when StringNotEquals aws:PrincipalOrgID o-a1b2c3d4e5)"
        ),
        "{}",
        reduced[0][0].message
    );
    let wildcard = reduced[1]
        .iter()
        .find(|l| l.id == LintId::WildcardAction)
        .unwrap();
    assert_eq!(wildcard.severity, Severity::Info, "a warning reduced");
}

#[test]
fn the_public_lint_and_the_public_access_block_call_the_same_statements_public() {
    let statement = |json: &str| {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{json}]}}"#);
        PolicyDocument::parse(&text).unwrap().statements.remove(0)
    };
    let cases = [
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}"#,
            true,
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"lambda:InvokeFunction"}"#,
            true,
        ),
        (
            r#"{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"lambda:InvokeFunction"}"#,
            true,
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}"#,
            true,
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}}"#,
            false,
        ),
        (
            r#"{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}"#,
            false,
        ),
        (
            r#"{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction"}"#,
            false,
        ),
        (
            r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"lambda:InvokeFunction"}"#,
            false,
        ),
    ];
    for (json, public) in cases {
        let s = statement(json);
        let linted = lint_statement(&s, Some("123456789012"))
            .iter()
            .any(|l| matches!(l.id, LintId::Public | LintId::PublicFunctionUrl));
        assert_eq!(
            lambda_policy::policy::lint::is_public_statement(
                &s,
                lambda_policy::policy::HolderKind::Function
            ),
            public,
            "the block: {json}"
        );
        assert_eq!(linted, public, "the lint: {json}");
    }
}

#[test]
fn a_grant_to_several_other_accounts_names_each_of_them() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root","123456789012"]},"Action":"lambda:InvokeFunction"}]}"#;
    let statement = &PolicyDocument::parse(text).unwrap().statements[0];
    let lints = lint_statement(statement, Some("123456789012"));
    let cross = lints.iter().find(|l| l.id == LintId::CrossAccount).unwrap();
    assert_eq!(
        cross.message,
        "2 other accounts (111122223333, 444455556666) are granted access"
    );
}
