//! No input makes parsing or validation panic, and generated statements parse back.

use lambda_policy::policy::{
    FunctionRef, PermissionRequest, PolicyDocument, PrincipalForm, statement_for,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<String>().prop_map(Some),
        "[a-zA-Z0-9:.*<>$_-]{0,40}".prop_map(Some)
    ]
}

prop_compose! {
    fn any_request()(
        function_name in text(), qualifier in text(), statement_id in text(), action in text(),
        principal in text(), source_arn in text(), source_account in text(),
        event_source_token in text(), principal_org_id in text(), function_url_auth_type in text(),
        invoked_via_function_url in proptest::option::of(any::<bool>()), revision_id in text(),
    ) -> PermissionRequest {
        PermissionRequest {
            function_name, qualifier, statement_id, action, principal, source_arn, source_account,
            event_source_token, principal_org_id, function_url_auth_type, invoked_via_function_url, revision_id,
        }
    }
}

proptest! {
    #[test]
    fn function_ref_parsing_never_panics(input in any::<String>()) {
        let _ = FunctionRef::parse(&input);
    }

    #[test]
    fn arn_shaped_references_never_panic(input in "(arn|[0-9]{12}|function|us-east-1)(:[a-zA-Z0-9$_.-]{0,14}){0,8}") {
        let _ = FunctionRef::parse(&input);
    }

    #[test]
    fn parsed_function_refs_print_back_as_written(
        input in "(arn:aws:lambda:us-east-1:123456789012:function:|123456789012:function:|)[a-z0-9_-]{1,20}(:[a-z0-9]{1,5})?"
    ) {
        let parsed = FunctionRef::parse(&input).unwrap();
        prop_assert_eq!(parsed.to_string(), input);
    }

    #[test]
    fn validation_never_panics(request in any_request()) {
        let _ = request.validate();
    }

    #[test]
    fn policy_parsing_never_panics(input in any::<String>()) {
        let _ = PolicyDocument::parse(&input);
    }

    #[test]
    fn policy_parsing_of_arbitrary_json_never_panics(value in arb_json()) {
        let _ = PolicyDocument::from_value(value);
    }

    #[test]
    fn every_valid_request_gives_a_statement_that_parses_back_to_the_same_meaning(
        sid in "[a-zA-Z0-9_-]{1,20}",
        principal in prop_oneof![Just("*".to_string()), "[0-9]{12}", "[a-z]{2,8}\\.amazonaws\\.com"],
        source_account in proptest::option::of("[0-9]{12}"),
        source_arn in proptest::option::of("arn:aws:s3:::[a-z]{3,10}"),
    ) {
        let request = PermissionRequest {
            function_name: Some("fn".into()),
            statement_id: Some(sid.clone()),
            action: Some("lambda:InvokeFunction".into()),
            principal: Some(principal.clone()),
            source_account: source_account.clone(),
            source_arn: source_arn.clone(),
            ..Default::default()
        };
        prop_assert_eq!(request.validate(), vec![]);
        let arn = "arn:aws:lambda:us-east-1:111111111111:function:fn";
        let text = format!(r#"{{"Statement":[{}]}}"#, statement_for(&request, arn));
        let doc = PolicyDocument::parse(&text).unwrap();
        let statement = &doc.statements[0];
        prop_assert_eq!(statement.sid.as_deref(), Some(sid.as_str()));
        prop_assert_eq!(&statement.action, &vec!["lambda:InvokeFunction".to_string()]);
        prop_assert_eq!(&statement.resource, &vec![arn.to_string()]);
        let principals = statement.principal.as_ref().unwrap();
        match PrincipalForm::of(&principal).unwrap() {
            PrincipalForm::Anyone => prop_assert!(principals.is_anyone()),
            PrincipalForm::Account(a) => {
                let root = format!("arn:aws:iam::{a}:root");
                prop_assert_eq!(principals.values("AWS"), vec![root.as_str()]);
            }
            _ => prop_assert_eq!(principals.values("Service"), vec![principal.as_str()]),
        }
        prop_assert_eq!(statement.condition_values("AWS:SourceAccount").first().map(|s| s.to_string()), source_account);
        prop_assert_eq!(statement.condition_values("AWS:SourceArn").first().map(|s| s.to_string()), source_arn);
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        prop_oneof![
            Just("*".to_string()),
            Just("Allow".to_string()),
            Just("Deny".to_string()),
            any::<String>()
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        let key = prop_oneof![
            Just("Statement".to_string()),
            Just("Effect".to_string()),
            Just("Principal".to_string()),
            Just("Action".to_string()),
            Just("Condition".to_string()),
            Just("Sid".to_string()),
            Just("NotPrincipal".to_string()),
            Just("Resource".to_string()),
            "[A-Za-z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
