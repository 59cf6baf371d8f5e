//! Every AddPermission member's constraints, with passing and failing values.

use lambda_policy::policy::{
    AwsError, ErrorType, Field, FunctionRef, IssueKind, PermissionRequest,
};

fn valid() -> PermissionRequest {
    PermissionRequest {
        function_name: Some("my-function".into()),
        statement_id: Some("s3-invoke".into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("s3.amazonaws.com".into()),
        source_arn: Some("arn:aws:s3:::orders".into()),
        source_account: Some("123456789012".into()),
        ..Default::default()
    }
}

fn with(field: Field, value: &str) -> PermissionRequest {
    let mut request = valid();
    request.set_text(field, value);
    request
}

fn fields_in_error(request: &PermissionRequest) -> Vec<Field> {
    request.validate().iter().map(|i| i.field).collect()
}

#[test]
fn a_complete_request_is_valid() {
    assert_eq!(valid().validate(), vec![]);
}

#[test]
fn each_member_accepts_its_valid_values() {
    let cases: &[(Field, &str)] = &[
        (Field::StatementId, "a"),
        (Field::StatementId, &"x".repeat(100)),
        (Field::StatementId, "Mixed_Case-123"),
        (Field::Action, "lambda:InvokeFunction"),
        (Field::Action, "lambda:GetFunction"),
        (Field::Action, "lambda:*"),
        (Field::Action, "*"),
        (Field::Principal, "sns.amazonaws.com"),
        (Field::Principal, "123456789012"),
        (Field::Principal, "arn:aws:iam::123456789012:role/caller"),
        (Field::Principal, "arn:aws-cn:iam::123456789012:root"),
        (Field::Principal, "*"),
        (Field::Principal, "alexa-appkit.amazon.com"),
        (Field::SourceArn, "arn:aws:sns:us-east-1:123456789012:topic"),
        (
            Field::SourceArn,
            "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/*/GET/",
        ),
        (Field::SourceAccount, "000000000000"),
        (Field::EventSourceToken, "amzn1.ask.skill.abc-123_x"),
        (Field::PrincipalOrgId, "o-a1b2c3d4e5"),
        (Field::PrincipalOrgId, &format!("o-{}", "a".repeat(32))),
        (Field::Qualifier, "1"),
        (Field::Qualifier, "live"),
        (Field::Qualifier, "with-$-sign"),
        (Field::RevisionId, "any-text-at-all"),
    ];
    for (field, value) in cases {
        let issues = with(*field, value).validate();
        assert!(
            issues.is_empty(),
            "{field} = {value:?} should pass, got {issues:?}"
        );
    }
}

#[test]
fn each_member_rejects_its_invalid_values_with_a_reason() {
    let cases: &[(Field, &str, &str)] = &[
        (
            Field::StatementId,
            "example.com",
            "letters, digits, '-' and '_' only",
        ),
        (
            Field::StatementId,
            &"x".repeat(101),
            "at most 100 characters; got 101",
        ),
        (Field::StatementId, "has space", "letters, digits"),
        (Field::Action, "s3:GetObject", "lambda:ACTION"),
        (Field::Action, "lambda:Invoke1", "lambda:ACTION"),
        (Field::Action, "lambda:", "lambda:ACTION"),
        (Field::Principal, "has space", "without spaces"),
        (Field::Principal, &"a".repeat(2049), "at most 2048"),
        (
            Field::Principal,
            "invalid.nonaws.com",
            "is not one AWS accepts",
        ),
        (Field::Principal, "12345678901", "is not one AWS accepts"),
        (Field::SourceArn, "not-an-arn", "an ARN"),
        (Field::SourceArn, "arn:aws:s3", "an ARN"),
        (
            Field::SourceAccount,
            "12345678901",
            "exactly 12 digits; got 11",
        ),
        (
            Field::SourceAccount,
            "1234567890123",
            "at most 12 characters; got 13",
        ),
        (
            Field::SourceAccount,
            "12345678901a",
            "exactly 12 digits, nothing else",
        ),
        (
            Field::EventSourceToken,
            "token with space",
            "letters, digits, '.'",
        ),
        (Field::EventSourceToken, &"t".repeat(257), "at most 256"),
        (
            Field::PrincipalOrgId,
            "o-short",
            "at least 12 characters; got 7",
        ),
        (Field::PrincipalOrgId, "o-ABCDEFGHIJ", "o- and 10 to 32"),
        (
            Field::PrincipalOrgId,
            &format!("o-{}", "a".repeat(33)),
            "at most 34",
        ),
        (
            Field::Qualifier,
            "bad?q",
            "a version number or an alias name",
        ),
        (Field::Qualifier, &"q".repeat(129), "at most 128"),
        (Field::Qualifier, "$LATEST", "cannot have a policy"),
        (
            Field::Qualifier,
            "$LATEST.PUBLISHED",
            "cannot have a policy",
        ),
        (
            Field::FunctionUrlAuthType,
            "BOGUS",
            "one of NONE, AWS_IAM; got 'BOGUS'",
        ),
    ];
    for (field, value, reason) in cases {
        let issues = with(*field, value).validate();
        let issue = issues.iter().find(|i| i.field == *field);
        let issue =
            issue.unwrap_or_else(|| panic!("{field} = {value:?} should fail, got {issues:?}"));
        assert!(
            issue.message.contains(reason),
            "{field} = {value:?}: {:?} lacks {reason:?}",
            issue.message
        );
    }
}

#[test]
fn required_members_are_reported_all_at_once() {
    let request = PermissionRequest {
        function_name: Some("f".into()),
        ..Default::default()
    };
    assert_eq!(
        fields_in_error(&request),
        vec![Field::StatementId, Field::Action, Field::Principal]
    );
    let wire = AwsError::for_issues(&request.validate()).unwrap();
    assert_eq!(wire.error_type, ErrorType::Validation);
    assert!(
        wire.message.starts_with("3 validation errors detected: "),
        "{}",
        wire.message
    );
    assert!(wire.message.contains(
        "Value null at 'statementId' failed to satisfy constraint: Member must not be null"
    ));
}

#[test]
fn a_bad_statement_id_gives_the_message_aws_gives() {
    let issues = with(Field::StatementId, "example.com").validate();
    let wire = AwsError::for_issues(&issues).unwrap();
    assert_eq!(wire.error_type, ErrorType::Validation);
    assert_eq!(
        wire.message,
        "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"
    );
}

#[test]
fn a_bad_qualifier_gives_the_message_aws_gives() {
    let issues = with(Field::Qualifier, "invalid-qualifier-with-?-char").validate();
    let wire = AwsError::for_issues(&issues).unwrap();
    assert_eq!(
        wire.message,
        r"1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+"
    );
    let long = with(Field::Qualifier, &"a".repeat(129)).validate();
    assert_eq!(
        AwsError::for_issues(&long).unwrap().message,
        format!(
            "1 validation error detected: Value '{}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128",
            "a".repeat(129)
        )
    );
}

#[test]
fn service_rules_give_invalid_parameter_value_with_aws_text() {
    let cases = [
        (
            with(Field::Principal, "invalid.nonaws.com"),
            "The provided principal was invalid. Please check the principal and try again.",
        ),
        (
            with(Field::Qualifier, "$LATEST"),
            "We currently do not support adding policies for $LATEST.",
        ),
        (
            {
                let mut r = with(Field::FunctionName, "my-function:live");
                r.qualifier = Some("beta".into());
                r
            },
            "The derived qualifier from the function name does not match the specified qualifier.",
        ),
    ];
    for (request, message) in cases {
        let wire = AwsError::for_issues(&request.validate()).unwrap();
        assert_eq!(wire.error_type, ErrorType::InvalidParameterValue);
        assert_eq!(wire.message, message);
        assert_eq!(
            lambda_policy::emulator::wire_error::status(wire.error_type),
            400
        );
    }
}

#[test]
fn a_qualifier_in_the_name_equal_to_the_parameter_is_accepted() {
    let mut request = with(Field::FunctionName, "my-function:1");
    request.qualifier = Some("1".into());
    assert_eq!(request.validate(), vec![]);
}

#[test]
fn the_latest_qualifier_in_the_name_is_refused_too() {
    let request = with(Field::FunctionName, "my-function:$LATEST");
    assert_eq!(fields_in_error(&request), vec![Field::Qualifier]);
}

#[test]
fn function_url_auth_type_needs_the_invoke_function_url_action() {
    let mut request = with(Field::FunctionUrlAuthType, "NONE");
    let issue = &request.validate()[0];
    assert_eq!(issue.field, Field::FunctionUrlAuthType);
    assert!(issue.message.contains("lambda:InvokeFunctionUrl"));
    request.action = Some("lambda:InvokeFunctionUrl".into());
    assert_eq!(request.validate(), vec![]);
}

#[test]
fn invoked_via_function_url_needs_the_invoke_function_action() {
    let mut request = with(Field::InvokedViaFunctionUrl, "true");
    assert_eq!(request.validate(), vec![]);
    request.action = Some("lambda:InvokeFunctionUrl".into());
    let issue = &request.validate()[0];
    assert_eq!(issue.field, Field::InvokedViaFunctionUrl);
    assert!(issue.message.contains("lambda:InvokeFunction"));
}

#[test]
fn placeholders_are_reported_as_still_to_fill_and_never_sent() {
    let request = with(Field::SourceArn, "arn:aws:s3:::<bucket>");
    let issues = request.validate();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].field, Field::SourceArn);
    assert!(issues[0].message.contains("<bucket>"));
    assert_eq!(issues[0].kind, IssueKind::Local);
    assert_eq!(AwsError::for_issues(&issues), None);
}

#[test]
fn a_bare_name_longer_than_64_is_an_error_in_the_form() {
    let request = with(Field::FunctionName, &"a".repeat(65));
    let issues = request.validate();
    assert_eq!(issues[0].field, Field::FunctionName);
    assert!(issues[0].message.contains("at most 64 characters; got 65"));
    // an ARN of the same name is judged by the 256 limit of the whole reference
    let arn = format!(
        "arn:aws:lambda:us-east-1:123456789012:function:{}",
        "a".repeat(65)
    );
    assert_eq!(with(Field::FunctionName, &arn).validate(), vec![]);
}

/// input, partition, region, account, name, qualifier
type NameCase<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

#[test]
fn function_name_forms_are_parsed() {
    let cases: &[NameCase] = &[
        // input, partition, region, account, name, qualifier
        ("my-function", None, None, None, "my-function", None),
        (
            "my-function:v1",
            None,
            None,
            None,
            "my-function",
            Some("v1"),
        ),
        (
            "my-function:$LATEST",
            None,
            None,
            None,
            "my-function",
            Some("$LATEST"),
        ),
        (
            "123456789012:function:my-function",
            None,
            None,
            Some("123456789012"),
            "my-function",
            None,
        ),
        (
            "123456789012:function:my-function:7",
            None,
            None,
            Some("123456789012"),
            "my-function",
            Some("7"),
        ),
        (
            "function:my-function",
            None,
            None,
            None,
            "my-function",
            None,
        ),
        (
            "us-west-2:123456789012:function:f",
            None,
            Some("us-west-2"),
            Some("123456789012"),
            "f",
            None,
        ),
        (
            "arn:aws:lambda:us-west-2:123456789012:function:my-function",
            Some("aws"),
            Some("us-west-2"),
            Some("123456789012"),
            "my-function",
            None,
        ),
        (
            "arn:aws:lambda:us-west-2:123456789012:function:my-function:live",
            Some("aws"),
            Some("us-west-2"),
            Some("123456789012"),
            "my-function",
            Some("live"),
        ),
        (
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:f:1",
            Some("aws-cn"),
            Some("cn-north-1"),
            Some("123456789012"),
            "f",
            Some("1"),
        ),
        (
            "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f",
            Some("aws-us-gov"),
            Some("us-gov-west-1"),
            Some("123456789012"),
            "f",
            None,
        ),
        (
            "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f",
            Some("aws-iso"),
            Some("us-iso-east-1"),
            Some("123456789012"),
            "f",
            None,
        ),
        (
            "arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f",
            Some("aws-eusc"),
            Some("eusc-de-east-1"),
            Some("123456789012"),
            "f",
            None,
        ),
        (
            "us-east-1.edge-replica",
            None,
            None,
            None,
            "us-east-1.edge-replica",
            None,
        ),
    ];
    for (input, partition, region, account, name, qualifier) in cases {
        let r = FunctionRef::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(r.partition.as_deref(), *partition, "{input}");
        assert_eq!(r.region.as_deref(), *region, "{input}");
        assert_eq!(r.account.as_deref(), *account, "{input}");
        assert_eq!(r.name, *name, "{input}");
        assert_eq!(r.qualifier.as_deref(), *qualifier, "{input}");
        assert_eq!(
            r.to_string(),
            *input,
            "printing gives back the form that was written"
        );
    }
}

#[test]
fn function_names_aws_refuses_are_refused_with_the_pattern_aws_quotes() {
    let quoted = r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
    for input in [
        "*",
        "my-function!",
        "invalid-account:function:my-function",
        "arn:aws:lambda:invalid-region:111111111111:function:my-function",
        "arn:aws:ec2:us-east-1:111111111111:instance:i-1234567890abcdef0",
        "arn:aws:lambda:us-east-1:111111111111:function:my-function:1:2",
        "function:my-function:$LATEST:extra",
        "arn:aws:lambda::111111111111:function:my-function",
        "arn:aws:lambda:us-east-1::function:my-function",
        "arn:aws:lambda:us-east-1:111111111111:function:my-function:$LATES",
    ] {
        let issue = FunctionRef::parse(input).expect_err(input);
        assert_eq!(issue.field, Field::FunctionName);
        assert_eq!(
            issue.violation().map(|v| v.item()).unwrap(),
            format!(
                "Value '{input}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: {quoted}"
            )
        );
    }
    let long = "a".repeat(257);
    let issue = FunctionRef::parse(&long).unwrap_err();
    assert!(
        issue
            .violation()
            .map(|v| v.item())
            .unwrap()
            .ends_with("Member must have length less than or equal to 256")
    );
}

#[test]
fn arns_come_from_the_reference_and_the_account_context() {
    use lambda_policy::policy::AccountContext;
    let context = AccountContext::new("111111111111", "eu-west-1");
    let bare = FunctionRef::parse("orders").unwrap();
    assert_eq!(
        bare.unqualified_arn(&context),
        "arn:aws:lambda:eu-west-1:111111111111:function:orders"
    );
    assert_eq!(
        bare.qualified_arn(&context, Some("live")),
        "arn:aws:lambda:eu-west-1:111111111111:function:orders:live"
    );
    let partial = FunctionRef::parse("222222222222:function:orders:3").unwrap();
    assert_eq!(
        partial.qualified_arn(&context, None),
        "arn:aws:lambda:eu-west-1:222222222222:function:orders:3"
    );
    let china = AccountContext::new("111111111111", "cn-north-1");
    assert_eq!(
        bare.unqualified_arn(&china),
        "arn:aws-cn:lambda:cn-north-1:111111111111:function:orders"
    );
    let gov =
        FunctionRef::parse("arn:aws-us-gov:lambda:us-gov-west-1:333333333333:function:g").unwrap();
    assert_eq!(
        gov.unqualified_arn(&context),
        "arn:aws-us-gov:lambda:us-gov-west-1:333333333333:function:g"
    );
}

#[test]
fn the_body_carries_only_body_members_with_aws_names() {
    let mut request = valid();
    request.principal_org_id = Some("o-a1b2c3d4e5".into());
    request.qualifier = Some("live".into());
    let body: serde_json::Value = serde_json::from_str(&request.body_json()).unwrap();
    assert_eq!(body["PrincipalOrgID"], "o-a1b2c3d4e5");
    assert_eq!(body["StatementId"], "s3-invoke");
    assert!(body.get("FunctionName").is_none() && body.get("Qualifier").is_none());
    let back: PermissionRequest = serde_json::from_value(body).unwrap();
    assert_eq!(back.principal_org_id.as_deref(), Some("o-a1b2c3d4e5"));
}

#[test]
fn a_placeholder_is_named_first_but_the_wire_still_refuses_what_aws_refuses() {
    let request = with(Field::StatementId, "bad<sid>");
    let issues = request.validate();
    assert_eq!(
        issues[0].kind,
        IssueKind::Local,
        "the person reads about the placeholder first"
    );
    let wire = AwsError::for_issues(&issues).expect("AWS refuses '<' in a Sid");
    assert_eq!(wire.error_type, ErrorType::Validation);
    assert!(wire.message.contains("Value 'bad<sid>' at 'statementId'"));
}

#[test]
fn digits_and_spaces_are_ascii_as_in_aws() {
    assert!(
        !with(Field::SourceAccount, "١٢٣٤٥٦٧٨٩٠١٢")
            .validate()
            .is_empty(),
        "Arabic-Indic digits are not \\d to AWS"
    );
    assert!(FunctionRef::parse("١٢٣٤٥٦٧٨٩٠١٢:function:f").is_err());
    assert!(
        !with(Field::Principal, "a\u{2003}b")
            .validate()
            .iter()
            .any(|i| i.message.contains("without spaces")),
        "an em space is not \\s to AWS"
    );
    assert!(
        with(Field::Principal, "a b")
            .validate()
            .iter()
            .any(|i| i.message.contains("without spaces"))
    );
}

#[test]
fn a_function_named_arn_is_a_name_not_a_broken_arn() {
    for (input, name, qualifier) in [
        ("arn", "arn", None),
        ("arn:live", "arn", Some("live")),
        ("arn:1", "arn", Some("1")),
    ] {
        let parsed = FunctionRef::parse(input).unwrap();
        assert_eq!(
            (parsed.name.as_str(), parsed.qualifier.as_deref()),
            (name, qualifier)
        );
        assert_eq!(parsed.to_string(), input);
    }
}
