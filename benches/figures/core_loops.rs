//! 7. The policy core in a plain timing loop (criterion gives the detailed run:
//!    `cargo bench --bench core`).

use crate::fixtures;
use crate::report::{Row, Value};
use lambda_policy::policy::{PolicyDocument, statement_for};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The time of one call: the median over 20 batches, each the mean of the calls made in a
/// twentieth of `budget` (after a short warm-up), so a descheduled moment skews one batch only.
pub fn per_call<T>(budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    let warm = Instant::now();
    while warm.elapsed() < budget / 10 {
        black_box(f());
    }
    let mut batches = Vec::new();
    for _ in 0..20 {
        let mut calls: u32 = 0;
        let started = Instant::now();
        while started.elapsed() < budget / 20 {
            black_box(f());
            calls += 1;
        }
        batches.push(started.elapsed() / calls);
    }
    crate::median(&batches)
}

pub fn rows() -> Vec<Row> {
    let budget = Duration::from_millis(700);
    let request = fixtures::s3_request();
    assert!(request.validate().is_empty(), "the S3 request is valid");
    let arn = fixtures::function_arn("orders-api");
    let policy = fixtures::policy_text_20kb();
    let statements = PolicyDocument::parse(&policy)
        .expect("the 20 KB policy parses")
        .statements
        .len();
    vec![
        Row::new(
            "7a",
            "PermissionRequest::validate (S3 grant with SourceArn, SourceAccount)",
            Value::Time(per_call(budget, || black_box(&request).validate())),
        ),
        Row::new(
            "7b",
            "statement_for (same request)",
            Value::Time(per_call(budget, || {
                statement_for(black_box(&request), black_box(&arn))
            })),
        ),
        Row::new(
            "7c",
            format!(
                "PolicyDocument::parse, {} B policy ({statements} statements)",
                policy.len()
            ),
            Value::Time(per_call(budget, || {
                PolicyDocument::parse(black_box(&policy)).expect("parses")
            })),
        ),
    ]
}
