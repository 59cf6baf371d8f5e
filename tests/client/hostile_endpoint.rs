//! The real binary against a hostile or broken Lambda endpoint (`common::hostile`): redirects,
//! escape sequences in messages, listings that never end, bodies without end, bad
//! configuration, and writes whose answer is lost. Nothing may leak, hang, grow without bound or
//! claim what it cannot know.

use crate::common;

use common::hostile::{Body, Hostile, Reply, Request};
use common::support::{SESSION_TOKEN, run_measured, user_command};
use serde_json::json;
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The command ended with `code` and said `said` on stderr.
#[track_caller]
fn assert_exit(out: &Output, code: i32, said: &str) {
    assert!(
        out.status.code() == Some(code) && stderr(out).contains(said),
        "expected exit {code} saying {said:?}, got {:?}\nstderr: {}\nstdout: {}",
        out.status.code(),
        stderr(out),
        stdout(out)
    );
}

fn run(endpoint: &str, args: &[&str]) -> (Output, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let out = user_command(endpoint, home.path(), args)
        .output()
        .expect("the binary runs");
    (out, home)
}

/// Raw bytes a terminal would obey: ESC, BEL, any other C0 but newline, DEL, C1 (as UTF-8),
/// and the bidi controls.
fn obeyed_bytes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .filter(|c| lambda_policy::printable::is_unsafe(*c) && *c != '\n')
        .map(|c| format!("{:?}", c))
        .collect()
}

fn policy_body(statements: &[serde_json::Value], revision: &str) -> serde_json::Value {
    let policy = json!({"Version": "2012-10-17", "Id": "default", "Statement": statements});
    json!({"Policy": policy.to_string(), "RevisionId": revision})
}

fn sns_statement(sid: &str) -> serde_json::Value {
    json!({"Sid": sid, "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
           "Action": "lambda:InvokeFunction", "Resource": ARN})
}

const ADD_X: &[&str] = &[
    "add",
    "f",
    "--statement-id",
    "x",
    "--action",
    "lambda:InvokeFunction",
    "--principal",
    "sns.amazonaws.com",
];

#[test]
fn a_redirect_is_never_followed_and_the_add_is_not_reported() {
    for status in [307, 302, 301, 308] {
        let trap = Hostile::trap();
        let target = format!("{}/2015-03-31/functions/f/policy", trap.url);
        let endpoint = Hostile::start(move |request: &Request| match request.method.as_str() {
            "GET" if request.path().ends_with("/policy") => Reply::error(
                404,
                "ResourceNotFoundException",
                "The resource you requested does not exist.",
            ),
            "GET" => Reply::json(
                200,
                &json!({"Configuration": {"FunctionName": "f", "FunctionArn": ARN}}),
            ),
            _ => Reply::redirect(status, &target),
        });
        let (out, _home) = run(&endpoint.url, ADD_X);
        assert_eq!(out.status.code(), Some(1), "{status}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("redirect")
                && err.contains("which Lambda never does")
                && err.contains(&trap.url),
            "{status}: {err}"
        );
        assert!(!stdout(&out).contains("added"), "{}", stdout(&out));
        assert!(
            trap.received().is_empty(),
            "{status}: the redirect was followed"
        );
        let posts = endpoint
            .received()
            .iter()
            .filter(|r| r.method == "POST")
            .count();
        assert_eq!(posts, 1, "{status}: a redirect is not retried");
    }
}

const HOSTILE_MESSAGE: &str = "bad\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{7}\u{1b}]2;owned\u{7}\u{9b}31m\u{202e}txt.exe";

#[test]
fn server_text_reaches_stderr_and_the_log_escaped() {
    let endpoint = Hostile::start(|_| Reply::error(400, "ValidationException", HOSTILE_MESSAGE));
    let home = tempfile::tempdir().unwrap();
    let out = user_command(&endpoint.url, home.path(), &["policy", "f"])
        .env("LAMBDA_POLICY_LOG", "trace")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        obeyed_bytes(&out.stderr),
        Vec::<String>::new(),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("\\u{1b}[2J") && stderr(&out).contains("\\u{202e}"),
        "{}",
        stderr(&out)
    );
    let log = std::fs::read(home.path().join("cli.log")).unwrap();
    assert_eq!(obeyed_bytes(&log), Vec::<String>::new());
}

#[test]
fn the_tui_draws_hostile_names_and_messages_without_obeying_them() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let endpoint = Hostile::start(|request: &Request| {
        if request.path() == "/2015-03-31/functions/" {
            let names = [
                "evil\u{1b}]2;PWNED\u{7}title",
                "wipe\u{1b}[2J\u{9b}2Jscreen",
                "bidi\u{202e}gnp.exe",
            ];
            let items: Vec<_> = names
                .iter()
                .map(
                    |n| json!({"FunctionName": n, "FunctionArn": ARN, "Runtime": "rt\u{202e}lmth"}),
                )
                .collect();
            Reply::json(200, &json!({"Functions": items}))
        } else {
            Reply::error(400, "ValidationException", HOSTILE_MESSAGE)
        }
    });
    let t = common::tmux::Tmux::start(100, 30);
    let title_before = t.display("#{pane_title}");
    t.run_app_with_env(
        "AWS_ACCESS_KEY_ID=AKIACLITEST000000001 AWS_SECRET_ACCESS_KEY=x AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null",
        &format!("--endpoint-url {} --region us-east-1", endpoint.url),
    );
    let screen = t.wait_for("Functions 3/3");
    // Shown as their escapes: neither obeyed nor dropped (a dropped override would make
    // the last read `bidignp.exe`).
    for shown in [
        "evil\\u{1b}]2;PWNED\\u{7}title",
        "wipe\\u{1b}[2J\\u{9b}2Jscreen",
        "bidi\\u{202e}gnp.exe",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    t.wait_for("ValidationException");
    assert_eq!(
        t.display("#{pane_title}"),
        title_before,
        "a function name set the title"
    );
    assert!(!t.display("#{pane_title}").contains("PWNED"));
    t.keys(&["q"]);
    t.wait_for("EXIT:0");
    t.assert_restored();
}

#[test]
fn names_and_statements_from_the_endpoint_reach_stdout_escaped_and_json_stays_valid() {
    let hostile_sid = "a\u{7f}b\u{85}c\u{202e}d\u{1b}[2J";
    let endpoint = Hostile::start(move |request: &Request| {
        if request.path().ends_with("/policy") {
            Reply::json(200, &policy_body(&[sns_statement(hostile_sid)], "r1"))
        } else {
            let name = "fn\u{1b}]2;owned\u{7}\u{9b}";
            Reply::json(
                200,
                &json!({"Functions": [{"FunctionName": name, "FunctionArn": ARN, "Runtime": "x\u{202e}"}]}),
            )
        }
    });
    for args in [&["policy", "f"][..], &["functions"]] {
        let (table, _home) = run(&endpoint.url, args);
        assert_eq!(table.status.code(), Some(0), "{}", stderr(&table));
        assert_eq!(
            obeyed_bytes(&table.stdout),
            Vec::<String>::new(),
            "{}",
            stdout(&table)
        );
        let mut json_args = args.to_vec();
        json_args.extend(["--output", "json"]);
        let (out, _home) = run(&endpoint.url, &json_args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            obeyed_bytes(&out.stdout),
            Vec::<String>::new(),
            "{}",
            stdout(&out)
        );
        let value: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("--output json is not JSON ({e}): {}", stdout(&out)));
        let text = value.to_string();
        assert!(
            text.contains('\u{202e}'),
            "the JSON keeps the value: {text}"
        );
    }
}

fn listing(functions: usize, next_marker: Option<String>) -> Reply {
    let items: Vec<_> = (0..functions)
        .map(|i| json!({"FunctionName": format!("f{i}"), "FunctionArn": ARN}))
        .collect();
    Reply::json(200, &json!({"Functions": items, "NextMarker": next_marker}))
}

#[test]
fn a_cycle_of_markers_ends_the_listing_with_an_error() {
    // None → A → B → A → …
    let endpoint = Hostile::start(|request: &Request| {
        let next = match request.query("Marker") {
            None | Some("B") => "A",
            Some(_) => "B",
        };
        listing(50, Some(next.into()))
    });
    let (out, _home) = run(&endpoint.url, &["functions"]);
    assert_exit(&out, 1, "\"A\" a second time");
    assert_eq!(endpoint.received().len(), 3);
}

#[test]
fn versions_and_aliases_that_cycle_end_with_an_error_too() {
    let endpoint = Hostile::start(|request: &Request| {
        let next = if request.query("Marker") == Some("A") {
            "B"
        } else {
            "A"
        };
        if request.path().ends_with("/versions") {
            Reply::json(200, &json!({"Versions": [], "NextMarker": next}))
        } else if request.path().ends_with("/aliases") {
            Reply::json(200, &json!({"Aliases": [], "NextMarker": next}))
        } else {
            listing(1, None)
        }
    });
    for flag in ["--versions", "--aliases"] {
        let (out, _home) = run(&endpoint.url, &["functions", flag]);
        assert_exit(&out, 1, "a second time");
    }
}

#[test]
fn an_endless_run_of_new_markers_is_stopped_at_the_bound() {
    let pages = AtomicUsize::new(0);
    let endpoint = Hostile::start(move |_| {
        let page = pages.fetch_add(1, Ordering::SeqCst);
        listing(0, Some(format!("m{page}")))
    });
    let (out, _home) = run(&endpoint.url, &["functions"]);
    assert_exit(&out, 1, "still gives a next marker");
    assert_eq!(
        endpoint.received().len(),
        lambda_policy::lambda::pager::MAX_PAGES
    );
}

#[test]
fn a_body_without_end_is_cut_off_at_the_cap_in_little_memory() {
    for content_length in [Some(200 * 1024 * 1024), Some(1 << 30), None] {
        let endpoint = Hostile::start(move |_| Reply {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Body::Endless { content_length },
        });
        let home = tempfile::tempdir().unwrap();
        let run = run_measured(
            user_command(&endpoint.url, home.path(), &["functions"]),
            std::time::Duration::from_secs(60),
        );
        let (out, peak_kib) = (run.output(), run.max_rss_kb);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{content_length:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("longer than 10 MiB"),
            "{}",
            stderr(&out)
        );
        assert!(
            peak_kib < 80 * 1024,
            "{content_length:?}: peak RSS {peak_kib} KiB: the body was held in memory"
        );
    }
}

#[test]
fn a_region_that_is_not_a_region_never_becomes_a_host() {
    let trap = Hostile::trap();
    let bad = format!("x@127.0.0.1:{}/", trap.port());
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(&config, format!("[default]\nregion = {bad}\n")).unwrap();
    let cases: Vec<(&str, Command)> = vec![
        ("--region", {
            let mut c = Command::new(env!("CARGO_BIN_EXE_lambda-policy"));
            c.args(["functions", "--region", &bad]);
            c
        }),
        ("AWS_REGION", {
            let mut c = Command::new(env!("CARGO_BIN_EXE_lambda-policy"));
            c.arg("functions").env("AWS_REGION", &bad);
            c
        }),
        ("region of profile default", {
            let mut c = Command::new(env!("CARGO_BIN_EXE_lambda-policy"));
            c.arg("functions").env("AWS_CONFIG_FILE", &config);
            c
        }),
    ];
    for (source, mut command) in cases {
        let out = command
            .arg("--log-file")
            .arg(home.path().join("log"))
            .env("HOME", home.path())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "AKIACLITEST000000001")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_DEFAULT_REGION")
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ENDPOINT_URL_LAMBDA")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{source}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(source) && stderr(&out).contains("is not an AWS region"),
            "{source}: {}",
            stderr(&out)
        );
    }
    assert_eq!(trap.connections(), 0, "the region became a host");
}

#[test]
fn unusable_configuration_is_bad_input_and_sends_nothing() {
    let trap = Hostile::trap();
    let home = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["--endpoint-url".into(), "".into()], "not a URL"),
        (
            vec!["--endpoint-url".into(), "ftp://x".into()],
            "scheme ftp",
        ),
        (
            vec!["--endpoint-url".into(), "http://192.0.2.10:1".into()],
            "--allow-insecure-http",
        ),
        (
            vec![
                "--endpoint-url".into(),
                format!("http://user:pa55word@127.0.0.1:{}", trap.port()),
            ],
            "user name or password",
        ),
        (
            vec![
                "--endpoint-url".into(),
                trap.url.clone(),
                "--profile".into(),
                "nosuch".into(),
            ],
            "no profile named \"nosuch\"",
        ),
    ];
    for (args, expected) in cases {
        let mut full = vec!["policy", "f"];
        full.extend(args.iter().map(String::as_str));
        let out = Command::new(env!("CARGO_BIN_EXE_lambda-policy"))
            .args(&full)
            .arg("--log-file")
            .arg(home.path().join("log"))
            .env_clear()
            .env("HOME", home.path())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "AKIACLITEST000000001")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_REGION", "us-east-1")
            .output()
            .unwrap();
        assert_exit(&out, 2, expected);
        assert!(!stderr(&out).contains("pa55word"), "{}", stderr(&out));
    }
    assert_eq!(
        trap.connections(),
        0,
        "a request was sent with a bad configuration"
    );
}

#[test]
fn a_log_file_that_cannot_be_opened_is_an_error_and_a_new_one_is_private() {
    let home = tempfile::tempdir().unwrap();
    let blocked = home.path().join("a-file");
    std::fs::write(&blocked, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lambda-policy"))
        .args(["--demo", "functions", "--log-file"])
        .arg(blocked.join("log"))
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--log-file"), "{}", stderr(&out));
    let log = home.path().join("new/private.log");
    let out = Command::new(env!("CARGO_BIN_EXE_lambda-policy"))
        .args(["--demo", "functions", "--log-file"])
        .arg(&log)
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "log file mode {mode:o}");
}

#[test]
fn an_explicit_profile_never_falls_back_to_environment_keys() {
    let endpoint = Hostile::start(|_| listing(0, None));
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(&config, "[profile other]\nregion = us-east-1\n").unwrap();
    let credentials = home.path().join("credentials");
    std::fs::write(
        &credentials,
        "[other]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = profile-secret\n",
    )
    .unwrap();
    let out = user_command(
        &endpoint.url,
        home.path(),
        &["functions", "--profile", "other"],
    )
    .env("AWS_CONFIG_FILE", &config)
    .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let authorization = endpoint.received()[0]
        .header("authorization")
        .unwrap()
        .to_string();
    assert!(
        authorization.contains("Credential=AKIAPROFILEKEY000001/"),
        "signed with {authorization}"
    );
}

#[test]
fn no_secret_reaches_the_client_or_server_log_at_trace_level() {
    // Verifying signatures, so that the server computes them (and would log what it signs).
    let served = common::support::Served::start_with_env(
        &[
            "--access-key-id",
            "AKIACLITEST000000001",
            "--secret-access-key",
            common::support::SECRET_ACCESS_KEY,
        ],
        &[("LAMBDA_POLICY_LOG", "trace")],
    );
    let home = tempfile::tempdir().unwrap();
    let out = user_command(&served.url, home.path(), &["policy", "orders-api"])
        .env("LAMBDA_POLICY_LOG", "trace")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = std::fs::read_to_string(home.path().join("cli.log")).unwrap();
    assert!(
        log.contains("lambda call"),
        "the trace log was written: {log}"
    );
    let server_log = std::fs::read_to_string(served.home.path().join("serve.log")).unwrap();
    assert!(
        server_log.contains("TRACE"),
        "the server's trace log was written"
    );
    for secret in [SESSION_TOKEN, common::support::SECRET_ACCESS_KEY] {
        assert!(!log.contains(secret), "{secret} in the client's trace log");
        assert!(
            !server_log.contains(secret),
            "{secret} in the server's trace log"
        );
    }
}

/// A policy endpoint that plays one scripted sequence of answers to AddPermission or
/// RemovePermission and of policies to GetPolicy.
fn scripted(policies: Vec<serde_json::Value>, writes: Vec<Reply>) -> Hostile {
    let policies = Mutex::new(policies.into_iter());
    let writes = Mutex::new(writes.into_iter());
    let last = Mutex::new(None::<serde_json::Value>);
    Hostile::start(move |request: &Request| match request.method.as_str() {
        "GET" if request.path().ends_with("/policy") => {
            let mut last = last.lock().unwrap();
            if let Some(next) = policies.lock().unwrap().next() {
                *last = Some(next);
            }
            Reply::json(200, last.as_ref().unwrap())
        }
        "GET" => Reply::json(
            200,
            &json!({"Configuration": {"FunctionName": "f", "FunctionArn": ARN}}),
        ),
        _ => writes.lock().unwrap().next().unwrap_or_else(Reply::hangup),
    })
}

fn conflict() -> Reply {
    Reply::error(
        409,
        "ResourceConflictException",
        "The statement id (x) provided already exists. Please provide a new statement id, or remove the existing statement.",
    )
}

#[test]
fn an_add_of_a_statement_that_was_there_before_is_never_claimed() {
    let before = policy_body(&[sns_statement("x")], "r1");
    let endpoint = scripted(
        vec![before.clone(), before],
        vec![Reply::hangup(), conflict()],
    );
    let (out, _home) = run(&endpoint.url, ADD_X);
    assert_exit(&out, 1, "already in the policy before");
    assert!(!stdout(&out).contains("added"));
}

#[test]
fn a_lost_add_is_claimed_only_when_it_is_the_one_change() {
    let before = policy_body(&[sns_statement("y")], "r1");
    let ours = policy_body(&[sns_statement("y"), sns_statement("x")], "r2");
    let endpoint = scripted(
        vec![before.clone(), ours],
        vec![Reply::hangup(), conflict()],
    );
    let (out, _home) = run(&endpoint.url, ADD_X);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("added x") && stdout(&out).contains("nothing else changed"),
        "{}",
        stdout(&out)
    );

    let someone_else_too = policy_body(&[sns_statement("x")], "r3");
    let endpoint = scripted(
        vec![before, someone_else_too],
        vec![Reply::hangup(), conflict()],
    );
    let (out, _home) = run(&endpoint.url, ADD_X);
    assert_exit(&out, 1, "may have been added by another writer");
}

#[test]
fn a_remove_of_a_statement_that_was_already_gone_is_never_claimed() {
    let gone = policy_body(&[sns_statement("y")], "r1");
    let not_found = Reply::error(
        404,
        "ResourceNotFoundException",
        "Statement x is not found in resource policy.",
    );
    let endpoint = scripted(vec![gone.clone(), gone], vec![Reply::hangup(), not_found]);
    let (out, _home) = run(&endpoint.url, &["remove", "f", "x"]);
    assert_exit(&out, 1, "was not in the policy when this command started");
    assert!(!stdout(&out).contains("removed"));
}

#[test]
fn a_role_that_may_write_but_not_read_still_adds_and_removes() {
    let denied = || {
        Reply::error(
            403,
            "AccessDeniedException",
            "User is not authorized to perform: lambda:GetPolicy",
        )
    };
    let endpoint = Hostile::start(move |request: &Request| match request.method.as_str() {
        "GET" if request.path().ends_with("/policy") => denied(),
        "GET" => Reply::json(
            200,
            &json!({"Configuration": {"FunctionName": "f", "FunctionArn": ARN}}),
        ),
        "POST" => Reply::json(201, &json!({"Statement": sns_statement("x").to_string()})),
        _ => Reply {
            status: 204,
            headers: Vec::new(),
            body: Body::Bytes(Vec::new()),
        },
    });
    let (out, _home) = run(&endpoint.url, ADD_X);
    assert_exit(&out, 0, "");
    assert!(stdout(&out).contains("added x"), "{}", stdout(&out));
    let (out, _home) = run(&endpoint.url, &["remove", "f", "x"]);
    assert_exit(&out, 0, "");
    assert!(stdout(&out).contains("removed x"), "{}", stdout(&out));
}

#[test]
fn a_5xx_not_from_lambda_leaves_a_write_open_and_the_policy_settles_it() {
    // A load balancer's 504, and a 5xx with an error type but no Lambda request id: the write
    // may have happened, so the policy is read back.
    let answers: [fn() -> Reply; 2] = [
        || Reply::json(504, &json!({"message": "Endpoint request timed out"})),
        || Reply::error(502, "ServiceException", "Bad gateway"),
    ];
    for answer in answers {
        let before = policy_body(&[sns_statement("y")], "r1");
        let after = policy_body(&[sns_statement("y"), sns_statement("x")], "r2");
        let endpoint = scripted(vec![before, after], vec![answer(), conflict()]);
        let (out, _home) = run(&endpoint.url, ADD_X);
        assert_exit(&out, 0, "");
        assert!(
            stdout(&out).contains("nothing else changed"),
            "{}",
            stdout(&out)
        );
    }
}

#[test]
fn an_explicit_profile_assumes_its_role_with_sts_in_its_region() {
    let sts = Hostile::start(|request: &Request| {
        let body = String::from_utf8_lossy(&request.body);
        if !body.contains("Action=AssumeRole") {
            return Reply::error(400, "InvalidAction", "only AssumeRole here");
        }
        Reply {
            status: 200,
            headers: vec![("content-type".into(), "text/xml".into())],
            body: Body::Bytes(
                r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLEKEY000000001</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAX:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/auditor/s</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>"#
                    .as_bytes()
                    .to_vec(),
            ),
        }
    });
    let endpoint = Hostile::start(|_| listing(0, None));
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(
        &config,
        "[profile auditor]\nrole_arn = arn:aws:iam::123456789012:role/auditor\nsource_profile = base\nregion = eu-west-3\n[profile base]\nregion = eu-west-3\n",
    )
    .unwrap();
    let credentials = home.path().join("credentials");
    std::fs::write(
        &credentials,
        "[base]\naws_access_key_id = AKIABASEKEY000000001\naws_secret_access_key = base-secret\n",
    )
    .unwrap();
    let out = user_command(
        &endpoint.url,
        home.path(),
        &["functions", "--profile", "auditor"],
    )
    .env("AWS_CONFIG_FILE", &config)
    .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
    .env_remove("AWS_REGION")
    .env("AWS_ENDPOINT_URL_STS", &sts.url)
    .output()
    .unwrap();
    assert_exit(&out, 0, "");
    let assume = &sts.received()[0];
    let signed_by = assume
        .header("authorization")
        .unwrap_or_default()
        .to_string();
    assert!(
        signed_by.contains("AKIABASEKEY000000001/") && signed_by.contains("/eu-west-3/sts/"),
        "{signed_by}"
    );
    let listed_by = endpoint.received()[0]
        .header("authorization")
        .unwrap()
        .to_string();
    assert!(
        listed_by.contains("Credential=ASIAROLEKEY000000001/"),
        "{listed_by}"
    );
}

#[test]
fn a_newline_from_the_endpoint_cannot_forge_a_line_of_output_or_log() {
    let forged = "denied\nlambda-policy: added x\n2026-12-01T00:00:00Z  INFO forged";
    let endpoint = Hostile::start(move |_| Reply::error(400, "ValidationException", forged));
    let home = tempfile::tempdir().unwrap();
    let out = user_command(&endpoint.url, home.path(), &["policy", "f"])
        .env("LAMBDA_POLICY_LOG", "debug")
        .output()
        .unwrap();
    assert_exit(&out, 1, "denied\\nlambda-policy: added x");
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let log = std::fs::read_to_string(home.path().join("cli.log")).unwrap();
    assert!(
        !log.lines().any(|l| l.starts_with("lambda-policy: added")
            || l.contains("INFO forged") && !l.contains("\\n")),
        "{log}"
    );
}
