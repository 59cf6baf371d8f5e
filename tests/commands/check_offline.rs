//! `check FILE...` as CI runs it: the real binary, no AWS anywhere (no endpoint, no credentials),
//! exit 0 pass, 1 a check failed with each failing statement named, 2 input that is not a
//! policy; JSON and SARIF that tools read.

use crate::common;
use common::support::{BINARY, clean_command};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn check(dir: &Path, args: &[&str]) -> Output {
    clean_command(Path::new(BINARY), dir)
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, statements: &str) {
    std::fs::write(
        dir.join(name),
        format!("{{\n \"Version\": \"2012-10-17\",\n \"Statement\": [\n{statements}\n ]\n}}\n"),
    )
    .unwrap();
}

const PARTNER: &str = r#"  {"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "210987654321"}, "Action": "lambda:InvokeFunction", "Resource": "*"}"#;

#[test]
fn no_public_access_fails_on_a_wildcard_source_and_names_the_statement() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "wild.json",
        &format!(
            "{PARTNER},\n  {{\"Sid\": \"any-topic\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"lambda:InvokeFunction\", \"Resource\": \"*\", \"Condition\": {{\"ArnLike\": {{\"aws:SourceArn\": \"arn:aws:sns:us-east-1:*:t\"}}}}}}"
        ),
    );
    let out = check(d, &["wild.json", "--no-public-access"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "FAIL wild.json: no-public-access: statement 2 \"any-topic\" (line 5): everyone may invoke"
        ),
        "{said}"
    );
    assert!(!said.contains("partner"), "{said}");
    // The same grant held to a fixed topic passes, and with no check named, public is checked.
    write(
        d,
        "fixed.json",
        "  {\"Sid\": \"topic\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"lambda:InvokeFunction\", \"Resource\": \"*\", \"Condition\": {\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:sns:us-east-1:123456789012:t\"}}}",
    );
    let out = check(d, &["fixed.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "PASS fixed.json\n");
    assert_eq!(check(d, &["wild.json"]).status.code(), Some(1));
}

#[test]
fn no_new_access_names_the_new_account_and_action_and_passes_the_other_way() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "old.json", PARTNER);
    write(
        d,
        "new.json",
        &format!(
            "{PARTNER},\n  {{\"Sid\": \"more\", \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"345678901234\"}}, \"Action\": [\"lambda:InvokeFunction\", \"lambda:GetFunction\"], \"Resource\": \"*\"}}"
        ),
    );
    let out = check(d, &["new.json", "--no-new-access", "old.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(
            "no-new-access: statement 2 \"more\" (line 5): account 345678901234 may invoke, read (GetFunction)"
        ),
        "{}",
        text(&out.stdout)
    );
    let back = check(d, &["old.json", "--no-new-access", "new.json"]);
    assert_eq!(back.status.code(), Some(0), "{}", text(&back.stdout));
    let same = check(d, &["new.json", "--no-new-access", "new.json"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
}

#[test]
fn access_not_granted_and_external_access_name_what_they_find() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "p.json", PARTNER);
    let granted = check(
        d,
        &[
            "p.json",
            "--access-not-granted",
            "lambda:Invoke*,lambda:AddPermission",
        ],
    );
    assert_eq!(granted.status.code(), Some(1));
    assert!(text(&granted.stdout).contains("access-not-granted"));
    let not = check(
        d,
        &["p.json", "--access-not-granted", "lambda:AddPermission"],
    );
    assert_eq!(not.status.code(), Some(0), "{}", text(&not.stdout));
    let resource = "arn:aws:lambda:us-east-1:123456789012:function:f";
    let external = check(
        d,
        &["p.json", "--no-external-access", "--resource", resource],
    );
    assert_eq!(external.status.code(), Some(1));
    assert!(
        text(&external.stdout).contains("outside the zone of trust: 210987654321"),
        "{}",
        text(&external.stdout)
    );
    let trusted = check(
        d,
        &[
            "p.json",
            "--no-external-access",
            "--resource",
            resource,
            "--trust",
            "210987654321",
        ],
    );
    assert_eq!(trusted.status.code(), Some(0), "{}", text(&trusted.stdout));
}

#[test]
fn input_that_is_not_a_policy_exits_2_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("broken.json"), "{\"Statement\": [").unwrap();
    let out = check(d, &["broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.json"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(check(d, &["missing.json"]).status.code(), Some(2));
    write(d, "p.json", PARTNER);
    assert_eq!(
        check(d, &["p.json", "--access-not-granted", "lambda:Nope"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn json_and_sarif_say_the_same_failures() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "open.json",
        "  {\"Sid\": \"anyone\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"lambda:*\", \"Resource\": \"*\"}",
    );
    let out = clean_command(Path::new(BINARY), d)
        .current_dir(d)
        .args(["--output", "json", "check", "open.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["result"], "fail");
    let failure = &value["files"][0]["failures"][0];
    assert_eq!(failure["check"], "no-public-access");
    assert_eq!(failure["sid"], "anyone");
    assert_eq!(failure["line"], 4);
    assert_eq!(failure["caller"]["kind"], "everyone");
    assert!(failure["actions"].as_array().unwrap().len() > 40);
    let sarif = clean_command(Path::new(BINARY), d)
        .current_dir(d)
        .args(["--output", "sarif", "check", "open.json"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "no-public-access");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"no-public-access") && rules.contains(&"no-new-access"));
}
