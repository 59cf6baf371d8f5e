//! The scriptable commands as the real binary against moto_server, an implementation nobody
//! here wrote, on the calls where moto behaves as AWS does: each command and output format,
//! and the exit codes.
//!
//! Needs the venv `./scripts/test` creates (LAMBDA_POLICY_VENV).

use crate::common;

use common::processes::*;
use std::process::{Command, Output};

fn lambda_policy(moto: &Moto, home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .args(["--endpoint-url", &moto.url, "--log-file"])
        .arg(home.join("cli.log"))
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "AKIDMOTOPEER")
        .env("AWS_SECRET_ACCESS_KEY", "moto-peer-secret")
        .env("AWS_REGION", "us-east-1")
        .output()
        .expect("the binary runs")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[tokio::test]
async fn every_command_in_both_formats_against_moto() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let moto = start_moto().await;
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| lambda_policy(&moto, home.path(), args);

    let listed = run(&["functions", "--versions", "--aliases", "--output", "json"]);
    assert_eq!(
        listed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let functions = json(&listed)["functions"].as_array().unwrap().clone();
    let names: Vec<&str> = functions
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["peer-fn", "peer-other"]);
    assert_eq!(functions[0]["versions"], serde_json::json!(["1"]));
    assert_eq!(functions[0]["aliases"][0]["name"], "live");
    let table = run(&["functions"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("peer-other"));

    let empty = run(&["policy", "peer-fn", "--output", "json"]);
    assert_eq!(empty.status.code(), Some(0));
    assert!(
        json(&empty)["policy"].is_null(),
        "moto's 404 is an empty policy"
    );

    let added = run(&[
        "add",
        "peer-fn",
        "--statement-id",
        "s3-invoke",
        "--action",
        "lambda:InvokeFunction",
        "--principal",
        "s3.amazonaws.com",
        "--source-arn",
        "arn:aws:s3:::peer-bucket",
        "--source-account",
        "123456789012",
        "--guard",
        "--output",
        "json",
    ]);
    assert_eq!(
        added.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let statement = &json(&added)["statement"];
    assert_eq!(statement["Principal"]["Service"], "s3.amazonaws.com");
    assert_eq!(
        statement["Condition"]["ArnLike"]["AWS:SourceArn"],
        "arn:aws:s3:::peer-bucket"
    );

    let shown = run(&["policy", "peer-fn", "--output", "json"]);
    let value = json(&shown);
    assert_eq!(value["policy"]["Statement"][0]["Sid"], "s3-invoke");
    assert!(value["revision_id"].is_string());
    assert!(
        value["findings"].as_array().unwrap().is_empty(),
        "a well-guarded grant has no finding"
    );
    let table = String::from_utf8_lossy(&run(&["policy", "peer-fn"]).stdout).into_owned();
    assert!(
        table.contains("s3-invoke") && table.contains("ArnLike AWS:SourceArn"),
        "{table}"
    );

    let public = run(&[
        "add",
        "peer-other",
        "--statement-id",
        "everyone",
        "--action",
        "lambda:InvokeFunction",
        "--principal",
        "*",
        "--yes",
    ]);
    assert_eq!(public.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&public.stderr).contains("public"),
        "the lint is said before sending"
    );
    let audit = run(&["audit", "--output", "json"]);
    assert_eq!(
        audit.status.code(),
        Some(1),
        "a public grant fails the default gate"
    );
    let findings = json(&audit)["findings"].as_array().unwrap().clone();
    assert!(
        findings
            .iter()
            .any(|f| f["function"] == "peer-other" && f["lint"] == "public")
    );

    let missing = run(&[
        "add",
        "no-such-fn",
        "--statement-id",
        "x",
        "--action",
        "lambda:InvokeFunction",
        "--principal",
        "*",
        "--yes",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("ResourceNotFoundException"));

    let removed = run(&["remove", "peer-fn", "s3-invoke", "--output", "json"]);
    assert_eq!(
        removed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    assert_eq!(json(&removed)["removed"], "s3-invoke");
    let bad = run(&["remove", "peer-fn", "bad sid"]);
    assert_eq!(bad.status.code(), Some(2));
}
