//! The scriptable commands, run as the real binary against `lambda-policy serve`: each command
//! and output format, the exit codes, and the text of bad-input errors.

use crate::common;

use common::support::Served;
use std::process::Output;

fn run(served: &Served, args: &[&str]) -> Output {
    served.command(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn functions_in_both_formats() {
    let s = Served::start(&[]);
    let out = run(&s, &["functions", "--aliases", "--versions"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("NAME"), "{text}");
    assert!(text.contains("live→2+3:10%"), "{text}");
    let out = run(&s, &["functions", "--aliases", "--output", "json"]);
    let value = json(&out);
    let functions = value["functions"].as_array().unwrap();
    assert_eq!(functions.len(), 12);
    let orders = functions
        .iter()
        .find(|f| f["name"] == "orders-api")
        .unwrap();
    assert_eq!(orders["aliases"][1]["weights"]["3"], 0.1);
}

#[test]
fn policy_with_lints_in_both_formats_and_an_empty_policy() {
    let s = Served::start(&[]);
    let out = run(&s, &["policy", "legacy-reports"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("error:public") && text.contains("warning:wildcard-action"),
        "{text}"
    );
    let value = json(&run(&s, &["policy", "orders-api:live", "--output", "json"]));
    assert_eq!(value["qualifier"], "live");
    assert_eq!(value["policy"]["Statement"].as_array().unwrap().len(), 2);
    assert_eq!(value["findings"][0]["lint"]["id"], "cross-account");
    let empty = run(&s, &["policy", "user-signup"]);
    assert_eq!(empty.status.code(), Some(0));
    assert!(stdout(&empty).contains("no resource policy"));
}

#[test]
fn a_policy_written_whole_shows_its_deny_and_its_two_principals() {
    let s = Served::start(&[]);
    let value = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));
    let policy = &value["policy"];
    assert_eq!(
        policy["Id"], "org-resolver",
        "the document's own Id: {policy}"
    );
    let statements = policy["Statement"].as_array().unwrap();
    let effects: Vec<&str> = statements
        .iter()
        .map(|s| s["Effect"].as_str().unwrap())
        .collect();
    assert_eq!(effects, ["Allow", "Allow", "Deny"]);
    assert_eq!(
        statements[1]["Principal"]["AWS"].as_array().unwrap().len(),
        2
    );
    let text = stdout(&run(&s, &["policy", "org-shared-resolver"]));
    let deny = text
        .lines()
        .find(|l| l.starts_with("policy-changes-from-home-only"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        deny.contains("Deny") && deny.contains("StringNotEquals aws:PrincipalAccount"),
        "{deny}"
    );
    assert!(
        text.contains("arn:aws:iam::210987654321:root, arn:aws:iam::345678901234:role/dns-admin"),
        "{text}"
    );
    let raw = stdout(&run(&s, &["policy", "org-shared-resolver", "--raw"]));
    assert!(
        raw.starts_with(
            r#"{"Version":"2012-10-17","Id":"org-resolver","Statement":[{"Sid":"org-members""#
        ),
        "{raw}"
    );
    assert_eq!(raw.lines().count(), 1, "as stored, compact: {raw}");
}

#[test]
fn add_validates_everything_first_naming_each_flag_with_exit_2() {
    let s = Served::start(&[]);
    let out = run(
        &s,
        &[
            "add",
            "orders-api",
            "--statement-id",
            "a.b",
            "--action",
            "s3:Get",
            "--principal",
            "sns.amazonaws.com",
            "--source-account",
            "12345678901",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("3 problem(s)"), "{err}");
    assert!(
        err.contains("--statement-id: StatementId must be letters"),
        "{err}"
    );
    assert!(err.contains("--action: Action must be"), "{err}");
    assert!(
        err.contains("--source-account: SourceAccount must be exactly 12 digits; got 11"),
        "{err}"
    );
    let missing = run(&s, &["add", "orders-api"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("--statement-id: StatementId is required"));
    let bad_name = run(
        &s,
        &[
            "add",
            "orders api",
            "--statement-id",
            "x",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "*",
        ],
    );
    assert_eq!(bad_name.status.code(), Some(2));
    assert!(stderr(&bad_name).contains("FUNCTION"));
}

#[test]
fn add_dry_run_sends_nothing_and_prints_the_statement_with_lints() {
    let s = Served::start(&[]);
    let out = run(
        &s,
        &[
            "add",
            "payments-worker:live",
            "--preset",
            "sns",
            "--source-arn",
            "arn:aws:sns:us-east-1:123456789012:t",
            "--dry-run",
            "--output",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["dry_run"], true);
    assert_eq!(
        value["statement"]["Resource"],
        "arn:aws:lambda:us-east-1:123456789012:function:payments-worker:live"
    );
    let after = json(&run(
        &s,
        &["policy", "payments-worker:live", "--output", "json"],
    ));
    assert!(after["policy"].is_null(), "nothing was sent");
    let deputy = run(
        &s,
        &[
            "add",
            "user-signup",
            "--statement-id",
            "sns",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "sns.amazonaws.com",
            "--dry-run",
        ],
    );
    assert!(
        stderr(&deputy).contains("confused-deputy"),
        "{}",
        stderr(&deputy)
    );
}

#[test]
fn add_and_remove_with_guard_then_errors_name_type_and_request_id() {
    let s = Served::start(&[]);
    let out = run(
        &s,
        &[
            "add",
            "user-signup",
            "--statement-id",
            "cognito",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "cognito-idp.amazonaws.com",
            "--source-account",
            "123456789012",
            "--guard",
            "--output",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        json(&out)["statement"]["Condition"]["StringEquals"]["AWS:SourceAccount"],
        "123456789012"
    );
    let again = run(
        &s,
        &[
            "add",
            "user-signup",
            "--statement-id",
            "cognito",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "cognito-idp.amazonaws.com",
            "--source-account",
            "123456789012",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert!(
        err.contains("ResourceConflictException") && err.contains("request id"),
        "{err}"
    );
    let removed = run(&s, &["remove", "user-signup", "cognito", "--guard"]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    assert_eq!(stdout(&removed), "removed cognito from user-signup\n");
    let gone = run(&s, &["remove", "user-signup", "cognito"]);
    assert_eq!(gone.status.code(), Some(1));
    assert!(stderr(&gone).contains("ResourceNotFoundException"));
    assert!(
        !stderr(&gone).contains("cli-secret-never-shown"),
        "no secret in errors"
    );
}

#[test]
fn audit_reports_findings_and_exits_by_fail_on() {
    let s = Served::start(&[]);
    let out = run(&s, &["audit", "--output", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors in the demo account fail the default gate"
    );
    let value = json(&out);
    assert_eq!(
        value["policies_read"], 18,
        "12 functions and 6 layer versions"
    );
    let ids: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["lint"].as_str().unwrap())
        .collect();
    for id in [
        "public",
        "confused-deputy",
        "wildcard-action",
        "public-function-url",
        "s3-without-source-account",
        "alexa-without-token",
        "public-layer",
        "cross-account-layer",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let layer = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["lint"] == "public-layer")
        .unwrap();
    assert_eq!(
        (
            &layer["kind"],
            &layer["layer"],
            &layer["layer_version"],
            &layer["sid"]
        ),
        (
            &serde_json::json!("layer"),
            &serde_json::json!("public-certs"),
            &serde_json::json!(2),
            &serde_json::json!("anyone")
        )
    );
    let layers_only = json(&run(&s, &["audit", "--layers", "--output", "json"]));
    assert_eq!(layers_only["policies_read"], 6);
    assert!(
        layers_only["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["kind"] == "layer")
    );
    let functions_only = json(&run(&s, &["audit", "--no-layers", "--output", "json"]));
    assert_eq!(functions_only["policies_read"], 12);
    let all = json(&run(&s, &["audit", "--all-qualifiers", "--output", "json"]));
    assert!(all["policies_read"].as_u64().unwrap() > 12);
    assert!(
        all["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["lint"] == "cross-account" && f["qualifier"] == "live")
    );
    let table = run(&s, &["audit", "--fail-on", "warning"]);
    assert_eq!(table.status.code(), Some(1));
    assert!(stdout(&table).contains("at or above warning"));
}

#[test]
fn audit_of_a_clean_account_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("clean.json");
    std::fs::write(&fixture, r#"{"account_id":"123456789012","region":"us-east-1","functions":[
        {"name":"clean","runtime":"python3.12","last_modified":"2026-01-01T00:00:00.000+0000",
         "policies":{"":[{"StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::reports-bucket","SourceAccount":"123456789012"}]}}]}"#).unwrap();
    let s = Served::start(&["--fixture", fixture.to_str().unwrap()]);
    let out = run(&s, &["audit", "--fail-on", "warning"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("1 policies read, 0 findings"));
}

#[test]
fn completions_and_man_page_come_from_the_clap_definitions() {
    let s = Served::start(&[]);
    let bash = run(&s, &["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(stdout(&bash).contains("--statement-id"));
    let man = run(&s, &["man"]);
    assert!(stdout(&man).contains(".TH lambda-policy"));
}

#[test]
fn missing_region_and_credentials_say_what_to_do() {
    let s = Served::start(&[]);
    let out = s
        .command(&["functions"])
        .env_remove("AWS_REGION")
        .output()
        .unwrap();
    // A configuration that cannot be used is bad input.
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--region") && err.contains("--demo"), "{err}");
}

#[test]
fn policy_of_a_function_that_does_not_exist_is_an_error_not_an_empty_policy() {
    let s = Served::start(&[]);
    let out = run(&s, &["policy", "no-such-function"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Function not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn control_characters_in_a_policy_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("escape.json");
    std::fs::write(&fixture, r#"{"account_id":"123456789012","region":"us-east-1","functions":[
        {"name":"f","runtime":"python3.12","last_modified":"2026-01-01T00:00:00.000+0000",
         "policies":{"":[{"StatementId":"s","Action":"lambda:InvokeFunction","Principal":"sns.amazonaws.com","SourceArn":"arn:aws:sns:us-east-1:123456789012:\u001b[2J\u0007t"}]}}]}"#).unwrap();
    let s = Served::start(&["--fixture", fixture.to_str().unwrap()]);
    let out = run(&s, &["policy", "f"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
        "raw escape bytes in the table"
    );
    assert!(stdout(&out).contains("\\u{1b}[2J"), "{}", stdout(&out));
}

#[test]
fn urls_are_listed_with_their_functions_and_shown_with_a_policy() {
    let s = Served::start(&[]);
    let value = json(&run(&s, &["functions", "--urls", "--output", "json"]));
    let urls_of = |name: &str| {
        value["functions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()["urls"]
            .clone()
    };
    assert_eq!(urls_of("inventory-sync")[0]["qualifier"], "staging");
    assert_eq!(urls_of("inventory-sync")[0]["auth_type"], "AWS_IAM");
    assert_eq!(
        urls_of("public-webhook")[0]["qualifier"],
        serde_json::Value::Null
    );
    assert_eq!(urls_of("thumbnailer"), serde_json::json!([]));
    let table = stdout(&run(&s, &["functions", "--urls"]));
    assert!(table.lines().next().unwrap().ends_with("URLS"), "{table}");
    let policy = json(&run(
        &s,
        &["policy", "audit-log-shipper", "--output", "json"],
    ));
    assert_eq!(policy["url"]["auth_type"], "NONE");
    let lints: Vec<&str> = policy["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["lint"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(lints, ["function-url-missing-invoke"]);
    let none = json(&run(&s, &["policy", "orders-api:live", "--output", "json"]));
    assert_eq!(none["url"], serde_json::Value::Null);
}

const RESOLVER: &str = "arn:aws:lambda:us-east-1:123456789012:function:org-shared-resolver";

/// The demo's org-shared-resolver policy with its Deny dropped and one statement changed.
fn resolver_document(extra_statement: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Sid": "org-members", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction",
      "Resource": "{RESOLVER}", "Condition": {{"StringEquals": {{"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}}}},
    {{"Sid": "network-accounts", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::210987654321:root"}},
      "Action": "lambda:InvokeFunction", "Resource": "{RESOLVER}"}}{extra_statement}
  ]
}}"#
    )
}

fn write_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn put_reports_every_problem_at_its_line_and_column_and_puts_nothing() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let bad = resolver_document(
        r#",
    {"Sid": "org-members", "Effect": "Permit", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#,
    );
    let file = write_file(&dir, "policy.json", &bad);
    let out = run(&s, &["put", "org-shared-resolver", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let expected = [
        format!(
            "{file}:8:13: Statement 3 (\"org-members\"), Sid: \"org-members\" is already the Sid of statement 1; Sids must be unique"
        ),
        format!(
            "{file}:8:38: Statement 3 (\"org-members\"), Effect: must be \"Allow\" or \"Deny\""
        ),
        format!(
            "{file}:8:76: Statement 3 (\"org-members\"), Action: \"s3:GetObject\" is not a Lambda action; a function's policy may name only lambda: actions or \"*\""
        ),
    ];
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[..3],
        expected.iter().map(String::as_str).collect::<Vec<_>>()[..],
        "{err}"
    );
    assert!(
        lines[3].ends_with(&format!("3 problems in {file}: nothing was put")),
        "{err}"
    );
    let after = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));
    assert_eq!(
        after["policy"]["Statement"].as_array().unwrap().len(),
        3,
        "unchanged"
    );
}

#[test]
fn put_shows_the_diff_asks_before_losing_statements_and_puts_guarded() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(&dir, "policy.json", &resolver_document(""));
    let before = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));

    let dry = run(&s, &["put", "org-shared-resolver", &file, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let text = stdout(&dry);
    assert!(text.contains("~ \"network-accounts\"\n    ~ Principal: {\"AWS\":[\"arn:aws:iam::210987654321:root\",\"arn:aws:iam::345678901234:role/dns-admin\"]} -> {\"AWS\":\"arn:aws:iam::210987654321:root\"}"), "{text}");
    assert!(
        text.contains("- \"policy-changes-from-home-only\": "),
        "{text}"
    );
    assert!(
        text.contains("lint: info network-accounts (cross-account)"),
        "{text}"
    );

    // Not a terminal and no --yes: a put that loses a statement is refused.
    let refused = run(&s, &["put", "org-shared-resolver", &file]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("this put removes 1 statement from arn:aws:lambda:us-east-1:123456789012:function:org-shared-resolver: add --yes"), "{}", stderr(&refused));

    let stale = run(
        &s,
        &[
            "put",
            "org-shared-resolver",
            &file,
            "--yes",
            "--revision-id",
            "00000000-0000-4000-8000-000000000000",
        ],
    );
    assert_eq!(stale.status.code(), Some(1));
    assert!(
        stderr(&stale).contains("the policy changed since it was read, so nothing was written"),
        "{}",
        stderr(&stale)
    );

    let put = json(&run(
        &s,
        &[
            "put",
            "org-shared-resolver",
            &file,
            "--yes",
            "--output",
            "json",
        ],
    ));
    assert_eq!(
        (
            put["added"].clone(),
            put["removed"].clone(),
            put["changed"].clone()
        ),
        (0.into(), 1.into(), 1.into()),
        "{put}"
    );
    let after = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));
    assert_eq!(after["revision_id"], put["revision_id"]);
    assert_ne!(after["revision_id"], before["revision_id"]);
    let sids: Vec<&str> = after["policy"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap())
        .collect();
    assert_eq!(sids, ["org-members", "network-accounts"]);

    // The same document again, from stdin: nothing lost, so nothing to confirm.
    let mut again = s.command(&["put", "org-shared-resolver", "-"]);
    again
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = again.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(resolver_document("").as_bytes())
        .unwrap();
    let again = child.wait_with_output().unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("no change to the statements"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn delete_policy_needs_yes_without_a_terminal_and_removes_the_whole_document() {
    let s = Served::start(&[]);
    let refused = run(&s, &["delete-policy", "org-shared-resolver"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("removes 3 statements: add --yes"),
        "{}",
        stderr(&refused)
    );
    let deleted = run(&s, &["delete-policy", "org-shared-resolver", "--yes"]);
    assert_eq!(deleted.status.code(), Some(0), "{}", stderr(&deleted));
    assert!(
        stdout(&deleted).starts_with(&format!("deleted the policy of {RESOLVER} (3 statements)"))
    );
    assert!(stdout(&run(&s, &["policy", "org-shared-resolver"])).contains("no resource policy"));
    let read_only = run(&s, &["--read-only", "delete-policy", "orders-api", "--yes"]);
    assert_eq!(read_only.status.code(), Some(2));
}

#[test]
fn a_put_whose_answer_is_lost_is_settled_by_reading_the_policy_back() {
    let s = Served::start(&["--drop-after-write-rate", "1.0", "--seed", "7"]);
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(&dir, "policy.json", &resolver_document(""));
    let out = run(
        &s,
        &[
            "put",
            "org-shared-resolver",
            &file,
            "--yes",
            "--output",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let put = json(&out);
    let note = put["reconciled"]
        .as_str()
        .unwrap_or_else(|| panic!("{put}"));
    assert!(
        note.contains("the policy now holds exactly the statements sent"),
        "{note}"
    );
    let after = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));
    assert_eq!(after["policy"]["Statement"].as_array().unwrap().len(), 2);
}

/// An editor for `edit`: a script that, on its Nth run, applies the Nth of `steps` (Python
/// statements on `text`, the file's content) and records what it was given.
fn scripted_editor(dir: &tempfile::TempDir, steps: &[&str]) -> String {
    let mut script = String::from(
        "#!/usr/bin/env python3\nimport pathlib, sys\nhere = pathlib.Path(__file__).parent\n\
         count = here / 'runs'\nn = int(count.read_text()) if count.exists() else 0\n\
         count.write_text(str(n + 1))\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n\
         (here / f'given-{n}').write_text(text)\n",
    );
    for (i, step) in steps.iter().enumerate() {
        script.push_str(&format!("if n == {i}:\n    {step}\n"));
    }
    script.push_str("path.write_text(text)\n");
    let path = write_file(dir, "editor.py", &script);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The file `edit` kept the text in, as its error names it.
fn kept_file(err: &str) -> &str {
    err.split("your text is kept in ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{err}"))
}

fn edit(s: &Served, editor: &str, extra: &[&str]) -> Output {
    let mut args = vec!["edit", "org-shared-resolver"];
    args.extend_from_slice(extra);
    s.command(&args)
        .env("VISUAL", editor)
        .env_remove("EDITOR")
        .output()
        .expect("binary runs")
}

#[test]
fn edit_reopens_with_the_problems_on_top_then_puts_the_fixed_text() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let editor = scripted_editor(
        &dir,
        &[
            r#"text = text.replace('"Effect": "Deny"', '"Effect": "Refuse"')"#,
            r#"text = text.replace('"Effect": "Refuse"', '"Effect": "Deny"').replace('"lambda:GetFunction"', '"lambda:GetAlias"')"#,
        ],
    );
    let out = edit(&s, &editor, &["--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second = std::fs::read_to_string(dir.path().join("given-1")).unwrap();
    let mut lines = second.lines();
    let note = lines.next().unwrap();
    assert!(
        note.starts_with("// ") && note.contains("Statement 3 (\"policy-changes-from-home-only\"), Effect: must be \"Allow\" or \"Deny\""),
        "{second}"
    );
    // The note's line number points at the line it names, in the reopened file.
    let line: usize = note[3..].split(':').next().unwrap().parse().unwrap();
    assert!(
        second.lines().nth(line - 1).unwrap().contains("\"Refuse\""),
        "{second}"
    );
    assert!(
        stdout(&out).contains("~ \"network-accounts\""),
        "{}",
        stdout(&out)
    );
    let after = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));
    let actions = &after["policy"]["Statement"][1]["Action"];
    assert_eq!(
        actions,
        &serde_json::json!(["lambda:InvokeFunction", "lambda:GetAlias"])
    );
    assert_eq!(after["policy"]["Statement"][2]["Effect"], "Deny");
}

#[test]
fn edit_keeps_the_text_when_nothing_is_put() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let unchanged = edit(&s, &scripted_editor(&dir, &[]), &[]);
    assert_eq!(unchanged.status.code(), Some(0));
    assert!(stderr(&unchanged).contains("no change: nothing was put"));

    let dir = tempfile::tempdir().unwrap();
    let breaks = scripted_editor(&dir, &[r#"text = text.replace('"Allow"', '"Permit"', 1)"#]);
    let gave_up = edit(&s, &breaks, &[]);
    assert_eq!(gave_up.status.code(), Some(1));
    let err = stderr(&gave_up);
    let kept = kept_file(&err);
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("\"Permit\"")
    );
    std::fs::remove_file(kept).unwrap();
    let policy = stdout(&run(&s, &["policy", "org-shared-resolver"]));
    assert!(!policy.contains("Permit"), "nothing was put: {policy}");
}

#[test]
fn edit_of_the_id_alone_is_a_change_and_an_unconfirmed_one_keeps_the_text() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let new_id = scripted_editor(
        &dir,
        &[r#"text = text.replace('"Id": "org-resolver"', '"Id": "resolver-v2"')"#],
    );
    let refused = edit(&s, &new_id, &[]);
    assert_eq!(refused.status.code(), Some(2), "no terminal, no --yes");
    let err = stderr(&refused);
    let kept = kept_file(&err);
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("resolver-v2")
    );
    std::fs::remove_file(kept).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let new_id = scripted_editor(
        &dir,
        &[r#"text = text.replace('"Id": "org-resolver"', '"Id": "resolver-v2"')"#],
    );
    let put = edit(&s, &new_id, &["--yes"]);
    assert_eq!(put.status.code(), Some(0), "{}", stderr(&put));
    let after = json(&run(
        &s,
        &["policy", "org-shared-resolver", "--output", "json"],
    ));
    assert_eq!(after["policy"]["Id"], "resolver-v2");
}

/// `edit org-shared-resolver EXTRA` where, while the file is open, a colleague adds the
/// statement `colleague` and the text renames `org-members`; the text is then saved unchanged.
fn edit_meeting_a_colleague(
    s: &Served,
    dir: &tempfile::TempDir,
    colleague: &str,
    extra: &[&str],
) -> Output {
    let step = format!(
        r#"import os, subprocess; subprocess.run([os.environ['LP_BIN'], 'add', 'org-shared-resolver', '--statement-id', '{colleague}', '--action', 'lambda:InvokeFunction', '--principal', '111122223333', '--endpoint-url', os.environ['LP_ENDPOINT']], check=True); text = text.replace('"org-members"', '"org-members-2"')"#
    );
    let editor = scripted_editor(dir, &[&step]);
    s.command(&[&["edit", "org-shared-resolver"], extra].concat())
        .env("VISUAL", &editor)
        .env("LP_BIN", env!("CARGO_BIN_EXE_lambda-policy"))
        .env("LP_ENDPOINT", &s.url)
        .output()
        .unwrap()
}

fn sids_of(s: &Served, function: &str) -> Vec<String> {
    let after = json(&run(s, &["policy", function, "--output", "json"]));
    after["policy"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn edit_after_a_concurrent_change_reopens_with_the_new_version_and_never_puts_over_it_unasked() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = edit_meeting_a_colleague(&s, &dir, "colleague", &["--yes"]);
    assert!(
        stderr(&out).contains("the policy changed since it was read"),
        "{}",
        stderr(&out)
    );
    let reopened = std::fs::read_to_string(dir.path().join("given-1")).expect("opened again");
    let (notes, text): (Vec<&str>, Vec<&str>) =
        reopened.lines().partition(|l| l.starts_with("// "));
    let notes = notes.join("\n");
    assert!(notes.contains("now revision"), "{notes}");
    assert!(
        notes.contains("- \"colleague\""),
        "what the text would take away:\n{notes}"
    );
    assert!(
        notes.contains("\"Sid\": \"colleague\""),
        "the server's version:\n{notes}"
    );
    assert!(
        text.join("\n").contains("\"org-members-2\""),
        "the text is kept:\n{reopened}"
    );
    // Saved unchanged with --yes: nothing is put over the colleague's statement.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("not put over"), "{err}");
    let kept = kept_file(&err);
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("org-members-2")
    );
    std::fs::remove_file(kept).unwrap();
    let sids = sids_of(&s, "org-shared-resolver");
    assert!(
        sids.contains(&"colleague".into()) && !sids.contains(&"org-members-2".into()),
        "{sids:?}"
    );

    // --force is the one override.
    let dir = tempfile::tempdir().unwrap();
    let out = edit_meeting_a_colleague(&s, &dir, "colleague-2", &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sids = sids_of(&s, "org-shared-resolver");
    assert!(
        sids.contains(&"org-members-2".into()) && !sids.contains(&"colleague-2".into()),
        "{sids:?}"
    );
}

#[test]
fn layer_commands_list_show_add_and_remove_with_exit_codes_as_for_functions() {
    let s = Served::start(&[]);
    let listed = json(&run(&s, &["layers", "--versions", "--output", "json"]));
    let layers = listed["layers"].as_array().unwrap();
    let names: Vec<&str> = layers.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "org-tracing",
            "pandas-runtime",
            "public-certs",
            "shared-utils"
        ]
    );
    let pandas = &layers[1];
    assert_eq!(pandas["latest_version"], 2);
    assert_eq!(
        pandas["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [2, 1],
        "newest first"
    );

    let public = run(&s, &["layer-policy", "public-certs:2"]);
    assert_eq!(public.status.code(), Some(0));
    assert!(
        stdout(&public).contains("error anyone (public-layer)"),
        "{}",
        stdout(&public)
    );

    let bad = run(
        &s,
        &[
            "layer-add",
            "pandas-runtime:2",
            "--statement-id",
            "bad.sid",
            "--principal",
            "sns.amazonaws.com",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--statement-id: StatementId must be"));
    assert!(stderr(&bad).contains("--principal: Principal must be"));
    for target in ["pandas-runtime", "pandas-runtime:0", "bad name:1"] {
        let out = run(&s, &["layer-policy", target]);
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
    }
    let missing = run(&s, &["layer-policy", "pandas-runtime:9"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("ResourceNotFoundException"));

    const ORG_GRANT: [&str; 8] = [
        "layer-add",
        "pandas-runtime:2",
        "--statement-id",
        "org",
        "--principal",
        "*",
        "--organization-id",
        "o-a1b2c3d4e5",
    ];
    let dry = json(&run(
        &s,
        &[&ORG_GRANT[..], &["--dry-run", "--output", "json"]].concat(),
    ));
    assert_eq!(
        dry["statement"]["Condition"],
        serde_json::json!({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})
    );
    assert!(
        json(&run(
            &s,
            &["layer-policy", "pandas-runtime:2", "--output", "json"]
        ))["policy"]
            .is_null(),
        "a dry run sends nothing"
    );
    let added = run(&s, &[&ORG_GRANT[..], &["--guard"]].concat());
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    let again = run(
        &s,
        &[
            "layer-add",
            "pandas-runtime:2",
            "--statement-id",
            "org",
            "--principal",
            "210987654321",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("ResourceConflictException"));

    let read_only = run(
        &s,
        &["--read-only", "layer-remove", "pandas-runtime:2", "org"],
    );
    assert_eq!(read_only.status.code(), Some(2));
    let removed = run(&s, &["layer-remove", "pandas-runtime:2", "org", "--guard"]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    assert!(stdout(&removed).contains("removed org from pandas-runtime:2"));
    let gone = run(&s, &["layer-remove", "pandas-runtime:2", "org"]);
    assert_eq!(gone.status.code(), Some(1));
}

#[test]
fn scripts_get_json_errors_read_only_add_refuses_and_the_demo_says_what_it_ignores() {
    let s = Served::start(&[]);
    let taken = run(
        &s,
        &[
            "add",
            "legacy-reports",
            "--statement-id",
            "anyone",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "210987654321",
            "--output",
            "json",
        ],
    );
    assert_eq!(taken.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_str(stderr(&taken).trim())
        .unwrap_or_else(|e| panic!("stderr is one JSON object ({e}): {}", stderr(&taken)));
    assert_eq!(error["error"]["type"], "ResourceConflictException");
    assert_eq!(error["error"]["exit_code"], 1);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already exists")
    );
    let bad = run(&s, &["layer-policy", "nope", "--output", "json"]);
    let error: serde_json::Value = serde_json::from_str(stderr(&bad).trim()).unwrap();
    assert_eq!(
        (&error["error"]["type"], &error["error"]["exit_code"]),
        (&serde_json::json!("BadInput"), &serde_json::json!(2))
    );

    let read_only = run(
        &s,
        &[
            "--read-only",
            "add",
            "user-signup",
            "--statement-id",
            "x",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "sns.amazonaws.com",
        ],
    );
    assert_eq!(read_only.status.code(), Some(2), "as remove refuses");
    assert!(stderr(&read_only).contains("--dry-run"));

    let home = tempfile::tempdir().unwrap();
    let demo = common::processes::clean_command(
        std::path::Path::new(common::processes::BINARY),
        home.path(),
    )
    .args(["--demo", "--region", "eu-west-1", "functions", "--log-file"])
    .arg(home.path().join("log"))
    .output()
    .unwrap();
    assert_eq!(demo.status.code(), Some(0));
    assert!(
        stderr(&demo).contains("--region ignored"),
        "{}",
        stderr(&demo)
    );
}

#[test]
fn the_demo_takes_the_emulators_knobs() {
    let home = tempfile::tempdir().unwrap();
    let run_demo = |args: &[&str]| {
        common::processes::clean_command(
            std::path::Path::new(common::processes::BINARY),
            home.path(),
        )
        .args(args)
        .arg("--log-file")
        .arg(home.path().join("log"))
        .output()
        .unwrap()
    };
    let blocked = run_demo(&[
        "--demo",
        "--block-public-policies",
        "add",
        "legacy-reports",
        "--statement-id",
        "anyone-else",
        "--action",
        "lambda:InvokeFunction",
        "--principal",
        "*",
        "--yes",
    ]);
    assert_eq!(blocked.status.code(), Some(1));
    assert!(
        stderr(&blocked).contains("PublicPolicyException"),
        "{}",
        stderr(&blocked)
    );
    let slow = run_demo(&["--demo", "--latency-ms", "50", "--seed", "7", "functions"]);
    assert_eq!(slow.status.code(), Some(0), "{}", stderr(&slow));
    assert!(stdout(&slow).contains("orders-api"));
}

#[test]
fn edit_remembers_the_conflict_through_a_round_of_problems_and_yes_still_does_not_answer_it() {
    let s = Served::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let step = r#"import os, subprocess; subprocess.run([os.environ['LP_BIN'], 'add', 'org-shared-resolver', '--statement-id', 'colleague', '--action', 'lambda:InvokeFunction', '--principal', '111122223333', '--endpoint-url', os.environ['LP_ENDPOINT']], check=True); text = text.replace('"org-members"', '"org-members-2"')"#;
    let editor = scripted_editor(
        &dir,
        &[
            step,
            // Reopened on the conflict: a problem is made, then mended.
            r#"lines = text.split('\n'); i = [k for k, l in enumerate(lines) if '"Allow"' in l and not l.startswith('//')][0]; lines[i] = lines[i].replace('"Allow"', '"Permit"'); text = '\n'.join(lines)"#,
            r#"text = text.replace('"Permit"', '"Allow"', 1)"#,
        ],
    );
    let out = s
        .command(&["edit", "org-shared-resolver", "--yes"])
        .env("VISUAL", &editor)
        .env("LP_BIN", env!("CARGO_BIN_EXE_lambda-policy"))
        .env("LP_ENDPOINT", &s.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("another writer's change"), "{err}");
    std::fs::remove_file(kept_file(&err)).unwrap();
    let sids = sids_of(&s, "org-shared-resolver");
    assert!(
        sids.contains(&"colleague".into()) && !sids.contains(&"org-members-2".into()),
        "{sids:?}"
    );
}

#[test]
fn a_closed_pipe_ends_the_output_quietly_with_status_0() {
    use std::io::{BufRead, BufReader};
    let s = Served::start(&["--functions", "3000"]);
    let mut child = s
        .command(&["functions", "--versions"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // As `| head -1` does: one line read, then the pipe closed.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("NAME"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "nothing said about the pipe");
}

#[test]
fn access_says_who_may_do_what_for_functions_and_layer_versions() {
    let s = Served::start(&[]);
    let out = run(&s, &["access", "org-shared-resolver"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for shown in [
        "org-members: everyone in o-a1b2c3d4e5 may invoke [EXTERNAL: o-a1b2c3d4e5]",
        "network-accounts: account 210987654321 may invoke, read (GetFunction) [EXTERNAL: 210987654321]",
        "network-accounts: arn:aws:iam::345678901234:role/dns-admin may invoke, read (GetFunction) [EXTERNAL: 345678901234]",
        "policy-changes-from-home-only: everyone may not change its permissions if StringNotEquals aws:PrincipalAccount 123456789012",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    // The organisation and one partner trusted: only the other partner is external.
    let trusted = stdout(&run(
        &s,
        &[
            "access",
            "org-shared-resolver",
            "--trust",
            "o-a1b2c3d4e5,210987654321",
        ],
    ));
    assert_eq!(trusted.matches("[EXTERNAL").count(), 1, "{trusted}");
    assert!(trusted.contains("[EXTERNAL: 345678901234]"), "{trusted}");
    // The zone of trust read from AWS Organizations, which `serve` answers for its account.
    let organization = stdout(&run(
        &s,
        &["access", "org-shared-resolver", "--organization"],
    ));
    assert!(
        organization.contains("org-members: everyone in o-a1b2c3d4e5 may invoke\n"),
        "{organization}"
    );
    assert!(
        organization.contains("[EXTERNAL: 210987654321]"),
        "{organization}"
    );
    let value = json(&run(&s, &["access", "legacy-reports", "--output", "json"]));
    let anyone = value["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["sid"] == "anyone")
        .unwrap();
    assert_eq!(anyone["public"], true, "{value}");
    assert_eq!(anyone["who"], "everyone");
    let layer = stdout(&run(&s, &["access", "layer:public-certs:2"]));
    assert!(
        layer.contains("anyone: everyone may use the layer version [PUBLIC]"),
        "{layer}"
    );
    let none = stdout(&run(&s, &["access", "user-signup"]));
    assert!(none.contains("no grant"), "{none}");
    assert_eq!(run(&s, &["access", "layer:nope"]).status.code(), Some(2));
}

#[test]
fn every_error_under_output_json_is_json_with_its_problems_and_request_id() {
    let s = Served::start(&[]);
    // clap's own mistake, on a command line that asked for JSON.
    let flag = run(&s, &["--output", "json", "access", "--nope"]);
    assert_eq!(flag.status.code(), Some(2));
    let value: serde_json::Value =
        serde_json::from_slice(&flag.stderr).unwrap_or_else(|e| panic!("{e}: {}", stderr(&flag)));
    assert_eq!(value["error"]["type"], "BadInput");
    assert!(
        value["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--nope")
    );
    // Several problems: a list beside the message.
    let bad = run(
        &s,
        &[
            "--output",
            "json",
            "add",
            "user-signup",
            "--statement-id",
            "bad id",
            "--action",
            "nope",
            "--principal",
            "x",
        ],
    );
    let value: serde_json::Value = serde_json::from_slice(&bad.stderr).unwrap();
    let problems = value["error"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 3, "{value}");
    assert!(problems[0].as_str().unwrap().starts_with("--statement-id:"));
    // Lambda's refusal: its request id as a field.
    let refused = run(&s, &["--output", "json", "remove", "user-signup", "nope"]);
    assert_eq!(refused.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&refused.stderr).unwrap();
    assert_eq!(value["error"]["type"], "ResourceNotFoundException");
    assert!(
        value["error"]["request_id"]
            .as_str()
            .is_some_and(|id| id.len() >= 32),
        "{value}"
    );
    // Help is what was asked for, not an error.
    let help = run(&s, &["--output", "json", "access", "--help"]);
    assert_eq!(help.status.code(), Some(0));
}
