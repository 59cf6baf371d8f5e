//! The access engine's laws over generated policies: an Allow only adds, a Deny only takes
//! away, a policy grants nothing new over itself, and public means "everyone" may do something.

use lambda_policy::policy::PolicyDocument;
use lambda_policy::policy::engine::access_of;
use lambda_policy::policy::holder_kind::HolderKind;
use lambda_policy::policy::new_access::new_access;
use proptest::prelude::*;
use serde_json::{Value, json};

fn principal() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("*")),
        Just(json!({"AWS": "*"})),
        Just(json!({"AWS": "123456789012"})),
        Just(json!({"AWS": ["210987654321", "arn:aws:iam::345678901234:role/r"]})),
        Just(json!({"Service": "sns.amazonaws.com"})),
        Just(json!({"Federated": "cognito-identity.amazonaws.com"})),
    ]
}

fn action() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("lambda:InvokeFunction")),
        Just(json!("lambda:*")),
        Just(json!(["lambda:Get*", "lambda:InvokeFunctionUrl"])),
        Just(json!("lambda:AddPermission")),
        Just(json!("*")),
    ]
}

fn condition() -> impl Strategy<Value = Option<Value>> {
    let key = prop_oneof![
        Just("aws:SourceAccount"),
        Just("aws:PrincipalOrgID"),
        Just("aws:SourceArn"),
        Just("aws:PrincipalAccount"),
        Just("aws:CurrentTime"),
        Just("lambda:FunctionUrlAuthType"),
    ];
    let operator = prop_oneof![
        Just("StringEquals"),
        Just("StringLike"),
        Just("StringNotEquals"),
        Just("ArnLike"),
        Just("ForAllValues:StringEquals"),
        Just("StringEqualsIfExists"),
    ];
    let value = prop_oneof![
        Just(json!("123456789012")),
        Just(json!("o-a1b2c3d4e5")),
        Just(json!("*")),
        Just(json!("arn:aws:sns:us-east-1:123456789012:t")),
        Just(json!("${aws:PrincipalAccount}")),
        Just(json!("NONE")),
    ];
    proptest::option::of((operator, key, value).prop_map(|(o, k, v)| json!({ o: { k: v } })))
}

fn statement(effect: &'static str) -> impl Strategy<Value = Value> {
    (principal(), action(), condition(), any::<bool>()).prop_map(
        move |(principal, action, condition, not_action)| {
            let mut s = json!({"Effect": effect, "Principal": principal, "Resource": "*"});
            s[if not_action { "NotAction" } else { "Action" }] = action;
            if let Some(c) = condition {
                s["Condition"] = c;
            }
            s
        },
    )
}

fn policy() -> impl Strategy<Value = Vec<Value>> {
    proptest::collection::vec(
        prop_oneof![3 => statement("Allow"), 1 => statement("Deny")],
        0..5,
    )
}

fn document(statements: &[Value]) -> PolicyDocument {
    PolicyDocument::from_value(json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
}

fn with(statements: &[Value], one: Value) -> Vec<Value> {
    let mut more = statements.to_vec();
    more.push(one);
    more
}

proptest! {
    #[test]
    fn adding_an_allow_never_removes_access(p in policy(), allow in statement("Allow")) {
        let before = document(&p);
        let after = document(&with(&p, allow));
        let lost = new_access(&after, &before, HolderKind::Function, None);
        prop_assert!(lost.is_empty(), "{:?}", lost);
    }

    #[test]
    fn adding_a_deny_never_adds_access(p in policy(), deny in statement("Deny")) {
        let before = document(&p);
        let after = document(&with(&p, deny));
        let gained = new_access(&before, &after, HolderKind::Function, None);
        prop_assert!(gained.is_empty(), "{:?}", gained);
    }

    #[test]
    fn a_policy_grants_nothing_new_over_itself(p in policy()) {
        let d = document(&p);
        prop_assert!(new_access(&d, &d, HolderKind::Function, None).is_empty());
    }

    #[test]
    fn public_is_everyone_may_do_something(p in policy()) {
        let access = access_of(&document(&p), HolderKind::Function, None);
        let everyone = access
            .reaches
            .iter()
            .any(|r| r.caller.is_everyone() && !r.actions.is_empty());
        prop_assert_eq!(access.is_public(), everyone);
        let grants = lambda_policy::policy::access::grants_of(
            &access,
            &document(&p),
            &lambda_policy::policy::caller::Trust::account(Some("123456789012")),
        );
        prop_assert_eq!(
            access.is_public(),
            grants.iter().any(|g| g.public && g.who.starts_with("everyone"))
        );
    }
}
