//! What the product promises where it protects, each tried as an attacker or a careless
//! operator would: `--read-only` sends no write whatever asks for one (the emulator's request
//! log shows what reached it), a baseline cannot hide a new finding, and the files it writes and
//! reads are never reached through a link, overwritten unasked, or read without bound.

use crate::common;

use common::support::{Served, run_measured};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

fn run(served: &Served, args: &[&str]) -> Output {
    served.command(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The requests the emulator answered, as (method, path) from its `--request-log`.
fn requests(log: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            (
                v["method"].as_str().unwrap().to_string(),
                v["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn write_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn read_only_sends_no_write_on_any_path_and_names_the_flag() {
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("requests.jsonl");
    let s = Served::start(&["--request-log", log.to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    let policy = write_file(
        dir.path(),
        "policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"one","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:user-signup"}]}"#,
    );
    let editor = "sed -i s/orders/other/";
    let writes: Vec<Vec<&str>> = vec![
        vec![
            "add",
            "user-signup",
            "--statement-id",
            "s",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "sns.amazonaws.com",
        ],
        vec!["remove", "legacy-reports", "anyone"],
        vec!["put", "user-signup", &policy, "--yes"],
        vec!["put", "user-signup", &policy, "--yes", "--force"],
        vec!["delete-policy", "legacy-reports", "--yes"],
        vec!["edit", "orders-api", "--yes"],
        vec![
            "layer-add",
            "pandas-runtime:2",
            "--statement-id",
            "x",
            "--principal",
            "210987654321",
        ],
        vec!["layer-remove", "public-certs:2", "anyone"],
        vec!["audit", "--fix", "function-url-missing-invoke", "--yes"],
    ];
    for args in &writes {
        let out = s
            .command(&[&["--read-only"], &args[..]].concat())
            .env("VISUAL", editor)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("--read-only"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // The audit before its refusal and the reads of put and edit did reach the emulator: the
    // log is live, and it holds no request but reads.
    let seen = requests(&log);
    assert!(seen.iter().any(|(m, _)| m == "GET"), "{seen:?}");
    let writes: Vec<_> = seen.iter().filter(|(m, _)| m != "GET").collect();
    assert!(writes.is_empty(), "writes reached the emulator: {writes:?}");
    // The same commands without --read-only write: the log would have shown them.
    let out = run(&s, &["remove", "legacy-reports", "anyone"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(requests(&log).iter().any(|(m, _)| m == "DELETE"));
}

#[tokio::test]
async fn a_read_only_client_refuses_every_write_before_it_is_sent() {
    use lambda_policy::emulator::request_log::RequestLog;
    use lambda_policy::lambda::LambdaError;
    use lambda_policy::policy::{LayerPermissionRequest, PermissionRequest};
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("requests.jsonl");
    let emulator = lambda_policy::emulator::start(lambda_policy::emulator::EmulatorConfig {
        request_log: Some(std::sync::Arc::new(RequestLog::open(&log_path).unwrap())),
        ..lambda_policy::emulator::EmulatorConfig::on_loopback(
            common::demo_account(),
            lambda_policy::emulator::AuthMode::AnyWellFormed,
        )
    })
    .await
    .unwrap();
    let client = common::client(&emulator).into_read_only();
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:legacy-reports";
    let request = PermissionRequest {
        function_name: Some("legacy-reports".into()),
        statement_id: Some("s".into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("sns.amazonaws.com".into()),
        ..PermissionRequest::default()
    };
    let layer = LayerPermissionRequest {
        layer_name: Some("pandas-runtime".into()),
        version_number: Some(2),
        statement_id: Some("x".into()),
        action: Some("lambda:GetLayerVersion".into()),
        principal: Some("210987654321".into()),
        ..LayerPermissionRequest::default()
    };
    let refused = |e: Option<LambdaError>| {
        assert!(
            matches!(e, Some(LambdaError::ReadOnly { .. })),
            "{e:?} is not the read-only refusal"
        );
    };
    refused(client.add_permission(&request).await.err());
    refused(
        client
            .remove_permission("legacy-reports", "anyone", None, None)
            .await
            .err(),
    );
    refused(
        client
            .put_resource_policy(arn, r#"{"Version":"2012-10-17","Statement":[]}"#, None)
            .await
            .err(),
    );
    refused(client.delete_resource_policy(arn, None).await.err());
    refused(client.add_layer_version_permission(&layer).await.err());
    refused(
        client
            .remove_layer_version_permission("public-certs", 2, "anyone", None)
            .await
            .err(),
    );
    let seen = requests(&log_path);
    assert!(
        seen.iter().all(|(m, _)| m == "GET"),
        "writes reached the emulator: {seen:?}"
    );
    // The same client, not read-only, is heard: the log is not simply empty.
    common::client(&emulator)
        .remove_permission("legacy-reports", "anyone", None, None)
        .await
        .unwrap();
    assert!(requests(&log_path).iter().any(|(m, _)| m == "DELETE"));
}

const SIDLESS_PUBLIC: &str = r#"{"Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"arn:aws:lambda:us-east-1:123456789012:function:user-signup"}"#;

fn document(statements: &[&str]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

#[test]
fn a_baseline_cannot_hide_a_second_sidless_grant_or_a_changed_one() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let one = write_file(dir.path(), "one.json", &document(&[SIDLESS_PUBLIC]));
    let put = run(&s, &["put", "user-signup", &one, "--yes"]);
    assert_eq!(put.status.code(), Some(0), "{}", stderr(&put));
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let _ = run(&s, &["audit", "--no-layers", "--write-baseline", baseline]);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(baseline).unwrap().permissions(),
    );
    assert_eq!(
        mode & 0o777,
        0o600,
        "a baseline names the account's resources"
    );
    let same = run(&s, &["audit", "--no-layers", "--baseline", baseline]);
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));

    // The same grant twice, then a different Sid-less grant: each is new.
    let other = SIDLESS_PUBLIC.replace("lambda:*", "lambda:GetFunction");
    for statements in [
        vec![SIDLESS_PUBLIC, SIDLESS_PUBLIC],
        vec![SIDLESS_PUBLIC, other.as_str()],
    ] {
        let file = write_file(dir.path(), "two.json", &document(&statements));
        let put = run(&s, &["put", "user-signup", &file, "--yes"]);
        assert_eq!(put.status.code(), Some(0), "{}", stderr(&put));
        let gate = run(&s, &["audit", "--no-layers", "--baseline", baseline]);
        assert_eq!(gate.status.code(), Some(1), "{}", stdout(&gate));
        assert!(stdout(&gate).contains("user-signup"), "{}", stdout(&gate));
    }

    // An old baseline is read with a warning and suppresses nothing.
    let old = write_file(
        dir.path(),
        "old.json",
        r#"{"version":1,"findings":[{"fingerprint":"00","lint":"public","resource":"r","sid":null}]}"#,
    );
    let gate = run(&s, &["audit", "--no-layers", "--baseline", &old]);
    assert_eq!(gate.status.code(), Some(1));
    assert!(stderr(&gate).contains("version 1"), "{}", stderr(&gate));
}

#[test]
fn files_are_never_written_through_links_or_over_existing_ones_nor_read_without_bound() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let precious = write_file(dir.path(), "precious", "keep me");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let link = link.to_str().unwrap();
    let out = run(&s, &["audit", "--write-baseline", link]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&s, &["audit", "--write-baseline", link, "--force"]);
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");

    let existing = write_file(dir.path(), "existing.json", "mine");
    let out = run(&s, &["audit", "--write-baseline", &existing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine");
    let out = run(&s, &["audit", "--write-baseline", &existing, "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&existing)
            .unwrap()
            .contains("findings")
    );

    // A device, a FIFO: refused at once, neither read until memory runs out nor waited on.
    let fifo = dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo on a path in a fresh temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for input in ["/dev/zero", fifo.to_str().unwrap()] {
        for args in [
            vec!["audit", "--baseline", input],
            vec!["put", "orders-api", input, "--dry-run"],
        ] {
            // Killed after a minute if it waits: then it has no exit code and fails here.
            let out = run_measured(s.command(&args), Duration::from_secs(60)).output();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("not a regular file"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
}

/// A fleet of the demo account alone (`serve --accounts 1 --write-profiles`), with the role
/// `auditor` besides the organisation's; its profiles file.
fn fleet(extra: &[&str]) -> (Served, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let profiles = dir.join("fleet.conf");
    let mut args = vec![
        "--accounts",
        "1",
        "--write-profiles",
        profiles.to_str().unwrap(),
        "--roles",
        "auditor",
    ];
    args.extend_from_slice(extra);
    (Served::start(&args), profiles)
}

fn strict_script(mode: &str, served: &Served, profiles: &Path) -> serde_json::Value {
    use common::processes::{clean_command, python_script, venv_tool};
    let out = clean_command(&venv_tool("python"), served.home.path())
        .arg(python_script("strict_sts_and_layers.py"))
        .args([mode, &served.url, ACCOUNT])
        .env("AWS_CONFIG_FILE", profiles)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{}", stderr(&out), stdout(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

const ACCOUNT: &str = "123456789012";

#[test]
fn the_emulators_sts_and_layers_refuse_what_aws_refuses() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let stored = common::demo_account().code_storage();
    let cap = (stored + 100).to_string();
    let (served, profiles) = fleet(&["--code-storage", &cap]);
    let out = strict_script("strict", &served, &profiles);
    let refused = |case: &str, status: u64, code: &str| {
        let e = &out[case];
        assert_eq!(
            (e["status"].as_u64(), e["code"].as_str()),
            (Some(status), Some(code)),
            "{case}: {e}"
        );
        e["message"].as_str().unwrap().to_string()
    };
    assert_eq!(out["with_token"], 12);
    refused("without_token", 403, "UnrecognizedClientException");
    refused("forged_token", 403, "UnrecognizedClientException");
    refused("sts_without_token", 403, "InvalidClientTokenId");
    assert!(
        out["sts_with_token"]
            .as_str()
            .unwrap()
            .contains(":assumed-role/OrganizationAccountAccessRole/audit-1")
    );
    let message = refused("undefined_role", 403, "AccessDenied");
    assert!(
        message.contains("is not authorized to perform: sts:AssumeRole"),
        "{message}"
    );
    assert!(
        out["defined_role"]
            .as_str()
            .unwrap()
            .contains("assumed-role/auditor/s1")
    );
    let message = refused("short_session_name", 400, "ValidationError");
    assert!(
        message.contains("roleSessionName")
            && message.contains("length greater than or equal to 2"),
        "{message}"
    );
    let message = refused("bad_session_name", 400, "ValidationError");
    assert!(message.contains("regular expression pattern"), "{message}");
    let message = refused("short_duration", 400, "ValidationError");
    assert!(message.contains("durationSeconds"), "{message}");
    let message = refused("past_max_session", 400, "ValidationError");
    assert!(message.contains("MaxSessionDuration"), "{message}");

    for (case, member) in [
        ("long_description", "description"),
        ("long_license", "licenseInfo"),
        ("many_runtimes", "compatibleRuntimes"),
        ("unknown_runtime", "compatibleRuntimes"),
        ("many_architectures", "compatibleArchitectures"),
    ] {
        let message = refused(case, 400, "ValidationException");
        assert!(message.contains(member), "{case}: {message}");
    }
    assert_eq!(out["first_publish"], 1);
    refused("past_storage", 400, "CodeStorageExceededException");
    // Nothing refused was kept: the layer holds the one version published.
    let layers = served
        .command(&["layers", "--versions", "--output", "json"])
        .env("AWS_CONFIG_FILE", &profiles)
        .env("AWS_PROFILE", format!("fleet-{ACCOUNT}"))
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&layers.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", stderr(&layers)));
    let strict = value["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "strict")
        .unwrap();
    assert_eq!(strict["versions"].as_array().unwrap().len(), 1, "{strict}");
}

#[test]
fn the_emulators_sts_answers_under_the_rate_limit() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let (served, profiles) = fleet(&["--rate-limit", "2"]);
    let out = strict_script("throttle", &served, &profiles);
    let throttled = out["throttled"].as_array().unwrap();
    assert!(
        !throttled.is_empty(),
        "12 calls at once, 2 a second allowed: {out}"
    );
    assert!(
        throttled
            .iter()
            .all(|t| t["code"] == "Throttling" && t["status"] == 400),
        "{out}"
    );
}

#[test]
fn write_profiles_never_replaces_a_file_serve_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_file(
        dir.path(),
        "config",
        "[profile sso]\nsso_start_url = https://example\n",
    );
    let home = tempfile::tempdir().unwrap();
    let out = common::support::clean_command(Path::new(common::support::BINARY), home.path())
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--accounts",
            "2",
            "--write-profiles",
            &config,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did not write it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "[profile sso]\nsso_start_url = https://example\n"
    );
    // A file it wrote is written again at the next start.
    let (first, profiles) = fleet(&[]);
    drop(first);
    let written = std::fs::read_to_string(&profiles).unwrap();
    let _again = Served::start(&[
        "--accounts",
        "1",
        "--write-profiles",
        profiles.to_str().unwrap(),
    ]);
    assert_ne!(
        std::fs::read_to_string(&profiles).unwrap(),
        written,
        "new keys each start"
    );
}

#[test]
fn put_and_edit_ask_before_public_access_the_way_every_write_path_does() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let public = r#"{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:user-signup"}"#;
    let file = write_file(dir.path(), "public.json", &document(&[public]));
    // Nothing is removed, so only the public grant can make it ask: without a terminal, no.
    let refused = run(&s, &["put", "user-signup", &file]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("PUBLIC anyone"),
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains("public access"),
        "{}",
        stderr(&refused)
    );
    let policy = run(&s, &["policy", "user-signup", "--output", "json"]);
    assert!(
        stdout(&policy).contains("\"policy\": null"),
        "nothing was put"
    );
    let dry = run(
        &s,
        &["put", "user-signup", &file, "--dry-run", "--output", "json"],
    );
    let value: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert!(
        value["access_added"][0]
            .as_str()
            .unwrap()
            .starts_with("PUBLIC anyone")
    );
    // edit: the same grant typed in the editor is refused without a terminal or --yes.
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, format!("#!/bin/sh\ncp {file} \"$1\"\n")).unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let edit = s
        .command(&["edit", "user-signup"])
        .env("VISUAL", &editor)
        .output()
        .unwrap();
    assert_eq!(edit.status.code(), Some(2), "{}", stderr(&edit));
    assert!(stderr(&edit).contains("public access"), "{}", stderr(&edit));
    let put = run(&s, &["put", "user-signup", &file, "--yes"]);
    assert_eq!(put.status.code(), Some(0), "{}", stderr(&put));
    // Kept as it is, the grant adds nothing and is not asked about again.
    let again = run(&s, &["put", "user-signup", &file]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));

    // add and layer-add follow the same rule.
    let grant = [
        "add",
        "orders-api",
        "--statement-id",
        "anyone",
        "--action",
        "lambda:InvokeFunction",
        "--principal",
        "*",
    ];
    let refused = run(&s, &grant);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("PUBLIC anyone"),
        "{}",
        stderr(&refused)
    );
    let added = run(&s, &[&grant[..], &["--yes"]].concat());
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    let layer = [
        "layer-add",
        "pandas-runtime:2",
        "--statement-id",
        "everyone",
        "--principal",
        "*",
    ];
    let refused = run(&s, &layer);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let shared = run(&s, &[&layer[..], &["--yes"]].concat());
    assert_eq!(shared.status.code(), Some(0), "{}", stderr(&shared));
    // Another account is asked about on a terminal only: a script adds it as before.
    let partner = run(
        &s,
        &[
            "add",
            "orders-api",
            "--statement-id",
            "partner2",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "345678901234",
        ],
    );
    assert_eq!(partner.status.code(), Some(0), "{}", stderr(&partner));
}

/// A grant to everyone under `condition` (JSON of the Condition member), on user-signup.
fn everyone_if(condition: &str) -> String {
    format!(
        r#"{{"Sid":"grant","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:user-signup","Condition":{condition}}}"#
    )
}

#[test]
fn the_public_access_block_and_audit_judge_a_condition_by_what_it_allows() {
    let s = Served::start(&["--block-public-policies"]);
    let dir = tempfile::tempdir().unwrap();
    // Each names a restricting key but lets anyone in: a wildcard, a policy variable,
    // ForAllValues (true when the key is absent), two AuthTypes, a URL key that forces nothing.
    let public = [
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:*:t"}}"#,
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}"#,
        r#"{"StringLike":{"aws:SourceAccount":["123456789012","*"]}}"#,
        r#"{"StringLike":{"aws:PrincipalOrgID":"o-*"}}"#,
        r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:*"}}"#,
        r#"{"ForAllValues:StringEquals":{"aws:SourceAccount":"123456789012"}}"#,
        r#"{"StringEquals":{"aws:PrincipalAccount":"${aws:PrincipalAccount}"}}"#,
        r#"{"StringEquals":{"lambda:FunctionUrlAuthType":["AWS_IAM","NONE"]}}"#,
        r#"{"Null":{"lambda:InvokedViaFunctionUrl":"true"}}"#,
    ];
    for condition in public {
        let file = write_file(dir.path(), "p.json", &document(&[&everyone_if(condition)]));
        let out = run(&s, &["put", "user-signup", &file, "--yes"]);
        assert_eq!(out.status.code(), Some(1), "{condition}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("PublicPolicyException"),
            "{condition}: {}",
            stderr(&out)
        );
    }
    // The same keys held to fixed values keep the world out, and are accepted.
    let fixed = [
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:t"}}"#,
        r#"{"StringEquals":{"aws:SourceAccount":["123456789012","210987654321"]}}"#,
        r#"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
        r#"{"StringEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}"#,
    ];
    for condition in fixed {
        let file = write_file(dir.path(), "f.json", &document(&[&everyone_if(condition)]));
        let out = run(&s, &["put", "user-signup", &file, "--yes"]);
        assert_eq!(out.status.code(), Some(0), "{condition}: {}", stderr(&out));
    }

    // audit calls the same grants public, where no block stops them.
    let open = Served::start(&[]);
    let file = write_file(
        dir.path(),
        "all.json",
        &document(
            &public
                .iter()
                .enumerate()
                .map(|(i, c)| everyone_if(c).replace("\"grant\"", &format!("\"g{i}\"")))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
    );
    let put = run(&open, &["put", "user-signup", &file, "--yes"]);
    assert_eq!(put.status.code(), Some(0), "{}", stderr(&put));
    let audit = run(&open, &["audit", "--no-layers", "--output", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let public_sids: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["function"] == "user-signup")
        .filter(|f| f["lint"] == "public" || f["lint"] == "public-function-url")
        .map(|f| f["sid"].as_str().unwrap())
        .collect();
    // user-signup has no URL: the grant held to two AuthTypes is public only through one, and
    // is reported as a URL grant where there is no URL (it applies to the next URL made).
    let expected: Vec<String> = (0..public.len())
        .filter(|i| *i != 7)
        .map(|i| format!("g{i}"))
        .collect();
    assert_eq!(public_sids, expected, "{value}");
    let g7: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["sid"] == "g7")
        .map(|f| f["lint"].as_str().unwrap())
        .collect();
    assert_eq!(g7, ["function-url-grant-without-url"], "{value}");
}
