//! A bad day: throttling, server errors, latency and lost answers while adding and removing;
//! two operators racing on the same revision. The policy must end exactly as intended.

use crate::common;

use common::*;
use lambda_policy::emulator::FaultConfig;
use lambda_policy::policy::{ErrorType, PermissionRequest};
use std::collections::BTreeSet;

fn grant(sid: &str) -> PermissionRequest {
    PermissionRequest {
        function_name: Some("image-resizer".into()),
        statement_id: Some(sid.into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("sns.amazonaws.com".into()),
        source_arn: Some(format!("arn:aws:sns:us-east-1:123456789012:{sid}")),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_hundred_writes_under_throttling_errors_latency_and_lost_answers_end_exactly_as_intended()
{
    let faults = FaultConfig {
        latency_ms: 2,
        throttle_rate: 0.3,
        error_rate: 0.1,
        drop_after_write_rate: 0.1,
        seed: Some(42),
    };
    let emulator = start_with(demo_account(), faults).await;
    let client = client(&emulator);
    let mut intended: BTreeSet<String> = BTreeSet::new();
    let mut reconciled = 0;
    let mut failures = Vec::new();
    for i in 0..100 {
        // add two, remove one: 67 adds and 33 removes
        let result = if i % 3 == 2 {
            let sid = intended
                .iter()
                .next()
                .cloned()
                .expect("something to remove");
            let outcome = client
                .remove_permission("image-resizer", &sid, None, None)
                .await;
            if outcome.is_ok() {
                intended.remove(&sid);
            }
            outcome
        } else {
            let sid = format!("s{i:03}");
            let outcome = client.add_permission(&grant(&sid)).await;
            if outcome.is_ok() {
                intended.insert(sid);
            }
            outcome
        };
        match result {
            Ok(outcome) => reconciled += usize::from(outcome.reconciled.is_some()),
            Err(error) => failures.push(error.to_string()),
        }
    }
    // every failure was reported (the write is then known not to be in the policy)
    let mut reader = client.clone();
    reader.retry.max_attempts = 30;
    let policy = reader.get_policy("image-resizer", None).await.unwrap();
    let actual: BTreeSet<String> = policy
        .document
        .map(|d| d.sids().map(str::to_string).collect())
        .unwrap_or_default();
    assert_eq!(
        actual, intended,
        "no lost statement, no duplicate; failures were: {failures:?}"
    );
    assert!(reconciled > 0, "some answers were lost and reconciled");
}

#[tokio::test]
async fn two_operators_adding_against_the_same_revision_exactly_one_wins() {
    let emulator = start_demo().await;
    let alice = client(&emulator);
    let bob = client(&emulator);
    let revision = alice
        .get_policy("thumbnailer", None)
        .await
        .unwrap()
        .revision_id;
    let mut a = grant("alice");
    a.function_name = Some("thumbnailer".into());
    a.revision_id = revision.clone();
    let mut b = grant("bob");
    b.function_name = Some("thumbnailer".into());
    b.revision_id = revision;
    let (ra, rb) = tokio::join!(alice.add_permission(&a), bob.add_permission(&b));
    let loser = match (ra, rb) {
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
        other => panic!("expected one winner: {other:?}"),
    };
    assert!(loser.is_aws(ErrorType::PreconditionFailed));
    assert_eq!(loser.aws().unwrap().status, 412);
    assert_eq!(
        alice
            .get_policy("thumbnailer", None)
            .await
            .unwrap()
            .statement_count(),
        2
    );
}
