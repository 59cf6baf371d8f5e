//! The policy core under criterion: validating an AddPermission request, generating the
//! statement Lambda writes, and parsing a policy at Lambda's 20 KB limit.
//!
//! `cargo bench --bench core` (or `./scripts/bench --core`); the figures table carries a plain
//! timing loop of the same three.

#[path = "shared/fixtures.rs"]
mod fixtures;

use criterion::{Criterion, criterion_group, criterion_main};
use lambda_policy::policy::{PolicyDocument, statement_for};
use std::hint::black_box;

fn core(c: &mut Criterion) {
    let request = fixtures::s3_request();
    assert!(request.validate().is_empty(), "the S3 request is valid");
    c.bench_function("validate (S3 grant, valid)", |b| {
        b.iter(|| black_box(&request).validate())
    });

    let mut invalid = fixtures::s3_request();
    invalid.source_account = Some("12345678901".into());
    invalid.principal = Some("not a principal".into());
    c.bench_function("validate (two errors)", |b| {
        b.iter(|| black_box(&invalid).validate())
    });

    let arn = fixtures::function_arn("orders-api");
    c.bench_function("statement_for (S3 grant)", |b| {
        b.iter(|| statement_for(black_box(&request), black_box(&arn)))
    });

    let policy = fixtures::policy_text_20kb();
    let statements = PolicyDocument::parse(&policy).unwrap().statements.len();
    c.bench_function(
        &format!(
            "PolicyDocument::parse ({} B, {statements} statements)",
            policy.len()
        ),
        |b| b.iter(|| PolicyDocument::parse(black_box(&policy)).unwrap()),
    );
}

criterion_group!(benches, core);
criterion_main!(benches);
