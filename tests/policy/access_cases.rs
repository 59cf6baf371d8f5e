//! The case table of the access engine and the validator (tests/data/access_cases.json): each
//! document with what AWS's documentation says of it, and the peers' answers on the same
//! documents, every difference with its reason.

use crate::common;
use lambda_policy::policy::caller::Trust;
use lambda_policy::policy::engine::access_of;
use lambda_policy::policy::holder_kind::HolderKind;
use lambda_policy::policy::{Arn, PolicyDocument, ProblemKind, validate_document};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const OWN: &str = "123456789012";

fn table() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/access_cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cases<'a>(table: &'a Value, part: &str) -> &'a Vec<Value> {
    table[part].as_array().unwrap()
}

fn document(statements: &Value) -> PolicyDocument {
    PolicyDocument::from_value(json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
}

fn kind(case: &Value) -> HolderKind {
    match case["holder"].as_str().unwrap() {
        "layer" => HolderKind::Layer,
        _ => HolderKind::Function,
    }
}

#[test]
fn the_table_is_large_and_every_expectation_names_its_source() {
    let table = table();
    let all: Vec<&Value> = cases(&table, "access")
        .iter()
        .chain(cases(&table, "validation"))
        .collect();
    assert!(all.len() >= 120, "{} cases", all.len());
    assert!(
        cases(&table, "access")
            .iter()
            .filter(|c| c["holder"] == "layer")
            .count()
            >= 8,
        "layer versions are covered too"
    );
    let mut names = BTreeSet::new();
    for case in all {
        assert!(
            case["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("https://docs.aws.amazon.com/")),
            "{case}"
        );
        assert!(names.insert(case["name"].as_str().unwrap()), "{case}");
    }
}

#[test]
fn every_access_case_is_judged_as_its_source_says() {
    let table = table();
    let trust = Trust::account(Some(OWN));
    let mut wrong = Vec::new();
    for case in cases(&table, "access") {
        let name = case["name"].as_str().unwrap();
        let access = access_of(
            &document(&case["statements"]),
            kind(case),
            case["resource"].as_str(),
        );
        if access.is_public() != case["public"].as_bool().unwrap() {
            wrong.push(format!("{name}: public is {}", access.is_public()));
        }
        if let Some(expected) = case["external"].as_array() {
            let expected: BTreeSet<&str> = expected.iter().map(|v| v.as_str().unwrap()).collect();
            let found: BTreeSet<String> = access.external(&trust).flat_map(|(_, o)| o).collect();
            let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
            if found != expected {
                wrong.push(format!("{name}: external {found:?}, not {expected:?}"));
            }
        }
        if let Some(url_only) = case["url_only"].as_bool() {
            let found = access.reaches.iter().all(|r| r.url_only);
            if found != url_only {
                wrong.push(format!("{name}: url_only {found}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_public_lints_and_the_public_access_block_agree_with_the_engine() {
    let table = table();
    for case in cases(&table, "access") {
        // The block and the lints do not know the resource: they judge every statement as
        // applying, so only the cases that do not hang on Resource are theirs.
        let statements = case["statements"].as_array().unwrap();
        let names_resource = statements
            .iter()
            .all(|s| s["Resource"] == case["resource"] || s["Resource"] == "*");
        if !names_resource {
            continue;
        }
        let doc = document(&case["statements"]);
        let expected = case["public"].as_bool().unwrap();
        if case["holder"] == "function" {
            assert_eq!(
                lambda_policy::policy::lint::is_public_document(&doc, case["resource"].as_str()),
                expected,
                "{}",
                case["name"]
            );
        }
        let any_public_lint = doc.statements.iter().any(|s| {
            lambda_policy::policy::lint::is_public_statement(s, kind(case))
                && !doc
                    .statements
                    .iter()
                    .any(|d| d.effect == lambda_policy::policy::Effect::Deny)
        });
        if !doc
            .statements
            .iter()
            .any(|d| d.effect == lambda_policy::policy::Effect::Deny)
        {
            assert_eq!(any_public_lint, expected, "{}", case["name"]);
        }
    }
}

#[test]
fn every_validation_case_is_reported_as_its_source_says() {
    let table = table();
    let arn = Arn::parse("arn:aws:lambda:us-east-1:123456789012:function:my-function").unwrap();
    for case in cases(&table, "validation") {
        let name = case["name"].as_str().unwrap();
        let text = json!({"Version": "2012-10-17", "Statement": [case["statement"]]}).to_string();
        let problems = validate_document(&text, &arn);
        let message = case["message"].as_str().unwrap();
        match case["expect"].as_str().unwrap() {
            "clean" => assert!(problems.is_empty(), "{name}: {problems:?}"),
            expect => {
                let kind = if expect == "error" {
                    ProblemKind::Invalid
                } else {
                    ProblemKind::Suspicious
                };
                assert!(
                    problems
                        .iter()
                        .any(|p| p.kind == kind && p.message.contains(message)),
                    "{name}: no {expect} saying {message:?} in {problems:#?}"
                );
            }
        }
    }
}

#[test]
fn policyuniverse_and_parliament_answer_as_recorded() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let peers = common::processes::python_json(
        "access_peers.py",
        &[concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/access_cases.json"
        )],
        &[],
    );
    let table = table();
    let mut differences = 0;
    for case in cases(&table, "access") {
        let name = case["name"].as_str().unwrap();
        let universe = peers["policyuniverse"][name].as_bool().unwrap();
        let agrees = universe == case["public"].as_bool().unwrap();
        match case["policyuniverse"].as_str().unwrap() {
            "agrees" => assert!(agrees, "{name}: policyuniverse says {universe}"),
            reason => {
                assert!(!agrees, "{name}: policyuniverse now agrees; drop: {reason}");
                differences += 1;
            }
        }
    }
    // Most cases are plain; the differences are where a peer does not read what IAM reads.
    assert!(differences > 0 && differences < cases(&table, "access").len() / 2);
    for case in cases(&table, "validation") {
        let name = case["name"].as_str().unwrap();
        assert_eq!(
            peers["parliament"][name], case["parliament"],
            "{name}: parliament's findings changed"
        );
        let flagged = !case["parliament"].as_array().unwrap().is_empty();
        if case["expect"] != "clean" && !flagged {
            assert!(
                case["parliament_note"].is_string(),
                "{name}: parliament says nothing, and the case does not say why"
            );
        }
    }
}
