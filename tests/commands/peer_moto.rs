//! moto's Lambda as a second implementation: the project's `LambdaClient` against
//! `moto_server`, on the calls where moto behaves as AWS does (unqualified policies, service,
//! `*` and `:root` principals, GetPolicy's document and RevisionId, 404s, the 412 on a stale
//! revision). Statements are compared by meaning: moto's JSON has other key order and spacing.
//!
//! Needs the venv `./scripts/test` creates (LAMBDA_POLICY_VENV).

use crate::common;

use common::processes::*;
use lambda_policy::lambda::{LambdaClient, LambdaError};
use lambda_policy::policy::{ErrorType, PermissionRequest};
use serde_json::{Value, json};

const FN_ARN: &str = MOTO_FN_ARN;

fn grant(sid: &str, principal: &str) -> PermissionRequest {
    PermissionRequest {
        function_name: Some("peer-fn".into()),
        statement_id: Some(sid.into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some(principal.into()),
        ..Default::default()
    }
}

fn aws(error: &LambdaError) -> (Option<ErrorType>, u16, String) {
    let a = error
        .aws()
        .unwrap_or_else(|| panic!("expected an AWS error from moto, got {error}"));
    (a.known, a.status, a.message.clone())
}

async fn statements(client: &LambdaClient) -> Vec<Value> {
    let policy = client.get_policy("peer-fn", None).await.unwrap();
    policy
        .document
        .map(|d| d.statements.into_iter().map(|s| s.raw).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_client_reads_and_writes_unqualified_policies_in_moto_as_in_aws() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let moto = start_moto().await;
    let client = common::client_for(&moto.url, "any-secret-moto-accepts");

    // Listing and reading.
    let functions = client.list_all_functions().await.unwrap();
    let mut names: Vec<&str> = functions.iter().map(|f| f.function_name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["peer-fn", "peer-other"]);
    let f = functions
        .iter()
        .find(|f| f.function_name == "peer-fn")
        .unwrap();
    assert_eq!(f.function_arn, FN_ARN);
    assert_eq!(f.account().as_deref(), Some("123456789012"));
    let versions: Vec<String> = client
        .list_versions("peer-fn")
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.version.unwrap_or_default())
        .collect();
    assert_eq!(versions, ["$LATEST", "1"]);
    let aliases = client.list_aliases("peer-fn", None).await.unwrap();
    assert_eq!(aliases.len(), 1);
    assert_eq!(
        (
            aliases[0].name.as_str(),
            aliases[0].function_version.as_str()
        ),
        ("live", "1")
    );
    assert_eq!(aliases[0].alias_arn, format!("{FN_ARN}:live"));

    // No policy yet: moto's 404 "The resource you requested does not exist." is an empty policy.
    let empty = client.get_policy("peer-fn", None).await.unwrap();
    assert_eq!((empty.document, empty.revision_id), (None, None));

    // AddPermission (moto answers 200 with text/html; the client takes any 2xx and parses JSON).
    let mut s3 = grant("s3-invoke", "s3.amazonaws.com");
    s3.source_arn = Some("arn:aws:s3:::peer-bucket".into());
    s3.source_account = Some("123456789012".into());
    let added = client.add_permission(&s3).await.unwrap();
    let expected_s3 = json!({
        "Sid": "s3-invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction", "Resource": FN_ARN,
        "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::peer-bucket"},
                      "StringEquals": {"AWS:SourceAccount": "123456789012"}}
    });
    assert_eq!(added.statement, Some(expected_s3.clone()));
    assert_eq!(added.attempts, 1);
    assert_eq!(added.reconciled, None);

    let revision = client
        .get_policy("peer-fn", None)
        .await
        .unwrap()
        .revision_id
        .expect("moto's GetPolicy carries a RevisionId");

    // The current RevisionId is accepted.
    let mut anyone = grant("anyone", "*");
    anyone.revision_id = Some(revision.clone());
    let added = client.add_permission(&anyone).await.unwrap();
    let expected_anyone = json!({
        "Sid": "anyone", "Effect": "Allow", "Principal": "*",
        "Action": "lambda:InvokeFunction", "Resource": FN_ARN
    });
    assert_eq!(added.statement, Some(expected_anyone.clone()));

    // The now-stale one is refused with 412, and nothing is added.
    let mut stale = grant("stale", "sns.amazonaws.com");
    stale.revision_id = Some(revision.clone());
    let err = client.add_permission(&stale).await.unwrap_err();
    let (known, status, _) = aws(&err);
    assert_eq!(
        (known, status),
        (Some(ErrorType::PreconditionFailed), 412),
        "{err}"
    );

    let root = grant("partner-root", "arn:aws:iam::111122223333:root");
    let added = client.add_permission(&root).await.unwrap();
    let expected_root = json!({
        "Sid": "partner-root", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "lambda:InvokeFunction", "Resource": FN_ARN
    });
    assert_eq!(added.statement, Some(expected_root.clone()));

    // GetPolicy: the whole document, parsed, in insertion order, and a new revision.
    let policy = client.get_policy("peer-fn", None).await.unwrap();
    let document = policy.document.clone().unwrap();
    assert_eq!(document.version.as_deref(), Some("2012-10-17"));
    assert_eq!(document.id.as_deref(), Some("default"));
    assert_eq!(
        statements(&client).await,
        [
            expected_s3.clone(),
            expected_anyone.clone(),
            expected_root.clone()
        ]
    );
    assert_ne!(policy.revision_id.as_deref(), Some(revision.as_str()));
    let s3_statement = document.statement("s3-invoke").unwrap();
    assert_eq!(
        s3_statement.condition_values("AWS:SourceArn"),
        ["arn:aws:s3:::peer-bucket"]
    );
    assert!(
        document
            .statement("anyone")
            .unwrap()
            .principal
            .as_ref()
            .unwrap()
            .is_anyone()
    );

    // A missing function: 404 with AWS's text.
    let mut missing = grant("x", "s3.amazonaws.com");
    missing.function_name = Some("no-such-fn".into());
    let err = client.add_permission(&missing).await.unwrap_err();
    assert_eq!(
        aws(&err),
        (
            Some(ErrorType::ResourceNotFound),
            404,
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-fn".into()
        )
    );

    // RemovePermission (without RevisionId: moto refuses every RevisionId on remove).
    let removed = client
        .remove_permission("peer-fn", "anyone", None, None)
        .await
        .unwrap();
    assert_eq!((removed.attempts, removed.reconciled), (1, None));
    assert_eq!(
        statements(&client).await,
        [expected_s3, expected_root],
        "the others stay, in order"
    );
    for sid in ["s3-invoke", "partner-root"] {
        client
            .remove_permission("peer-fn", sid, None, None)
            .await
            .unwrap();
    }
    let empty = client.get_policy("peer-fn", None).await.unwrap();
    assert_eq!(
        empty.document, None,
        "removing every statement leaves no policy: 404, read as empty"
    );
}

#[tokio::test]
async fn the_client_lists_layers_and_shares_a_layer_version_in_moto() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let moto = start_moto().await;
    let client = common::client_for(&moto.url, "any-secret-moto-accepts");
    let layers = client.list_all_layers().await.unwrap();
    let layer = layers
        .iter()
        .find(|l| l.layer_name == "peer-layer")
        .expect("the layer the set-up published");
    assert_eq!(
        layer.layer_arn,
        "arn:aws:lambda:us-east-1:123456789012:layer:peer-layer"
    );
    let versions = client.list_layer_versions("peer-layer").await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1]);
    assert_eq!(versions[0].compatible_runtimes, ["python3.12"]);

    // No policy yet: an empty policy, not an error (moto answers as GetPolicy does).
    let none = client
        .get_layer_version_policy("peer-layer", 1)
        .await
        .unwrap();
    assert!(none.document.is_none());

    let request = lambda_policy::policy::LayerPermissionRequest {
        layer_name: Some("peer-layer".into()),
        version_number: Some(1),
        statement_id: Some("partner".into()),
        action: Some("lambda:GetLayerVersion".into()),
        principal: Some("210987654321".into()),
        ..Default::default()
    };
    let added = client.add_layer_version_permission(&request).await.unwrap();
    assert_eq!(added.statement.as_ref().unwrap()["Sid"], "partner");
    let policy = client
        .get_layer_version_policy("peer-layer", 1)
        .await
        .unwrap();
    let document = policy.document.expect("the policy now");
    let partner = document.statement("partner").expect("the statement");
    assert_eq!(partner.action, ["lambda:GetLayerVersion"]);
    assert!(policy.revision_id.is_some());

    // A version that is not there is an error, not an empty policy.
    let missing = client
        .get_layer_version_policy("peer-layer", 9)
        .await
        .unwrap_err();
    assert_eq!(aws(&missing).0, Some(ErrorType::ResourceNotFound));

    client
        .remove_layer_version_permission("peer-layer", 1, "partner", None)
        .await
        .unwrap();
    let after = client
        .get_layer_version_policy("peer-layer", 1)
        .await
        .unwrap();
    assert!(
        after
            .document
            .is_none_or(|d| d.statement("partner").is_none()),
        "the statement is gone"
    );
}
