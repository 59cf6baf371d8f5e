//! `audit` as a CI step: SARIF read by real consumers (the SARIF 2.1.0 schema, sarif-tools),
//! JUnit read by junitparser, a baseline that suppresses what is known and fails on what is
//! new, and several regions read with one that cannot be reported apart. The real binary
//! against `lambda-policy serve`.

use crate::common;

use common::processes::venv_tool;
use common::support::Served;
use std::process::Output;

fn run(served: &Served, args: &[&str]) -> Output {
    served.command(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Writes what `args` printed to `name` in a new directory.
fn saved(served: &Served, args: &[&str], name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = run(served, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the demo has errors: {}",
        stdout(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &out.stdout).unwrap();
    (dir, path)
}

fn read_report(args: &[&str]) -> serde_json::Value {
    common::processes::python_json("read_audit_reports.py", args, &[])
}

#[test]
fn sarif_validates_against_the_schema_and_sarif_tools_lists_every_finding() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let s = Served::start(&[]);
    let findings = json(&run(&s, &["audit", "--output", "json"]))["findings"]
        .as_array()
        .unwrap()
        .clone();
    let (_dir, path) = saved(&s, &["audit", "--output", "sarif"], "audit.sarif");
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let checked = read_report(&["sarif", path.to_str().unwrap(), schema]);
    assert_eq!(checked["schema_errors"], serde_json::json!([]));

    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let public = rules.iter().find(|r| r["id"] == "public").unwrap();
    assert_eq!(public["defaultConfiguration"]["level"], "error");
    assert!(
        public["help"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Fix: ")
    );
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(&findings) {
        assert_eq!(result["ruleId"], finding["lint"]);
        assert_eq!(
            result["partialFingerprints"]["lambdaPolicyFinding/v2"],
            finding["fingerprint"]
        );
        let names: Vec<&str> = result["locations"][0]["logicalLocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[0], "123456789012");
        assert_eq!(names[1], "us-east-1");
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.starts_with("aws/123456789012/us-east-1/") && !uri.contains(':'),
            "a path, as code scanning wants: {uri}"
        );
    }
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);

    let summary = std::process::Command::new(venv_tool("sarif"))
        .args(["summary"])
        .arg(&path)
        .output()
        .unwrap();
    let text = stdout(&summary);
    assert!(summary.status.success(), "{text}");
    for line in ["error: 4", "warning: 6", "note: 3"] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(text.contains("public legacy-reports"), "{text}");
}

#[test]
fn junit_has_a_case_per_resource_and_a_failure_per_failing_resource() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let s = Served::start(&[]);
    let (_dir, path) = saved(&s, &["audit", "--output", "junit"], "audit.xml");
    let read = read_report(&["junit", path.to_str().unwrap()]);
    let suites = read["suites"].as_array().unwrap();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0]["name"], "123456789012/us-east-1");
    assert_eq!(suites[0]["tests"], 18, "12 functions and 6 layer versions");
    assert_eq!(suites[0]["failures"], 4);
    let failed: Vec<&str> = suites[0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["failed"] == true)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        failed.contains(&"arn:aws:lambda:us-east-1:123456789012:function:legacy-reports"),
        "{failed:?}"
    );
    // --fail-on warning makes the warnings failures too: 10 findings in 8 resources.
    let (_dir, path) = saved(
        &s,
        &["audit", "--output", "junit", "--fail-on", "warning"],
        "audit.xml",
    );
    let read = read_report(&["junit", path.to_str().unwrap()]);
    assert_eq!(read["suites"][0]["failures"], 8);
}

#[test]
fn a_baseline_suppresses_what_it_knows_names_what_is_gone_and_fails_on_what_is_new() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let first = run(&s, &["audit", "--write-baseline", baseline]);
    assert_eq!(first.status.code(), Some(1));
    let again = run(&s, &["audit", "--baseline", baseline]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(
        stdout(&again).contains("13 findings suppressed by the baseline; 0 in it no longer found"),
        "{}",
        stdout(&again)
    );

    // Someone opens a function to the world, and someone else removes a known finding.
    let added = run(
        &s,
        &[
            "add",
            "image-resizer",
            "--statement-id",
            "open",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "*",
            "--yes",
        ],
    );
    assert_eq!(added.status.code(), Some(0), "{}", stdout(&added));
    let removed = run(&s, &["remove", "legacy-reports", "anyone"]);
    assert_eq!(removed.status.code(), Some(0));
    let out = run(&s, &["audit", "--baseline", baseline, "--output", "json"]);
    assert_eq!(out.status.code(), Some(1), "the new finding fails the run");
    let value = json(&out);
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["function"], "image-resizer");
    assert_eq!(findings[0]["lint"], "public");
    assert_eq!(value["baseline"]["suppressed"], 12);
    assert_eq!(value["baseline"]["gone"][0]["sid"], "anyone");

    let sarif: serde_json::Value = serde_json::from_slice(
        &run(&s, &["audit", "--baseline", baseline, "--output", "sarif"]).stdout,
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed = results
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "external")
        .count();
    assert_eq!(
        (results.len(), suppressed),
        (13, 12),
        "the known findings stay in the log, marked suppressed"
    );

    std::fs::write(dir.path().join("bad.json"), "{}").unwrap();
    let bad = run(
        &s,
        &[
            "audit",
            "--baseline",
            dir.path().join("bad.json").to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn several_regions_are_read_and_one_that_cannot_be_is_reported_while_the_rest_goes_on() {
    let s = Served::start(&[]);
    let out = run(
        &s,
        &[
            "audit",
            "--regions",
            "us-east-1,eu-west-1",
            "--output",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let value = json(&out);
    let places = value["places"].as_array().unwrap();
    assert_eq!(places.len(), 2);
    let failed = places.iter().find(|p| p["region"] == "eu-west-1").unwrap();
    assert_eq!(failed["status"], "failed");
    assert!(failed["reason"].as_str().unwrap().contains("eu-west-1"));
    let read = places.iter().find(|p| p["region"] == "us-east-1").unwrap();
    assert_eq!(
        (&read["status"], &read["account"]),
        (&"read".into(), &"123456789012".into())
    );
    assert_eq!(value["findings"].as_array().unwrap().len(), 13);
    assert!(
        value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["region"] == "us-east-1")
    );

    let junit = run(
        &s,
        &[
            "audit",
            "--regions",
            "us-east-1,eu-west-1",
            "--output",
            "junit",
        ],
    );
    let xml = stdout(&junit);
    assert!(
        xml.contains(
            "<testsuite name=\"places not read\" tests=\"1\" failures=\"0\" errors=\"1\">"
        ) && xml.contains("<error message=\"InvalidSignatureException"),
        "{xml}"
    );
    assert!(
        String::from_utf8_lossy(&junit.stderr)
            .contains("audit: failed default credentials in eu-west-1"),
        "the CI log says why: {}",
        String::from_utf8_lossy(&junit.stderr)
    );
    let sarif: serde_json::Value = serde_json::from_slice(
        &run(
            &s,
            &[
                "audit",
                "--regions",
                "us-east-1,eu-west-1",
                "--output",
                "sarif",
            ],
        )
        .stdout,
    )
    .unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "error"
    );

    let text = stdout(&run(&s, &["audit", "--regions", "us-east-1,eu-west-1"]));
    assert!(text.starts_with("SEVERITY  ACCOUNT       REGION"), "{text}");
    assert!(text.contains("in 2 account-regions"), "{text}");
    assert!(
        text.contains("failed default credentials in eu-west-1"),
        "{text}"
    );

    for bad in [
        vec!["audit", "--regions", "moon-1"],
        vec!["functions", "--output", "junit"],
        vec!["audit", "--rate", "0"],
        vec!["audit", "--profiles", "no-such-profile"],
        vec![
            "audit",
            "--regions",
            "us-east-1,eu-west-1",
            "--endpoint-url",
            "ftp://x",
        ],
    ] {
        assert_eq!(run(&s, &bad).status.code(), Some(2), "{bad:?}");
    }
}
