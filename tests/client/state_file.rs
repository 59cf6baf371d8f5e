//! `lambda-policy serve --state FILE`: a write is acknowledged only once it is on disk, so a
//! SIGKILL at any moment loses no acknowledged write and never leaves a torn file; a corrupt
//! state file is reported and left exactly as it was.

use crate::common;

use common::processes::*;
use lambda_policy::emulator::Account;
use lambda_policy::lambda::LambdaClient;
use lambda_policy::lambda::retry::RetryPolicy;
use lambda_policy::policy::PermissionRequest;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ROUNDS: usize = 8;
const WRITERS: usize = 2;
const SYNTHETIC: &str = "20";

/// The functions written to: the 20 synthetic ones (`--functions 20`) and two of the demo's,
/// so no policy comes near the 20 KB limit.
fn targets() -> Vec<String> {
    (1..=20)
        .map(|i| format!("fn-{i:05}"))
        .chain(["user-signup".to_string(), "image-resizer".to_string()])
        .collect()
}

/// A client that tries once: a refused connection ends the writer, it is not retried.
fn one_shot_client(url: &str) -> LambdaClient {
    let mut client = common::client_for(url, common::SECRET_KEY);
    client.retry = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    client
}

fn read_state(path: &Path) -> Account {
    let bytes = std::fs::read(path).expect("the state file exists");
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the state file must always parse ({e}): {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        )
    })
}

fn sids_in(account: &Account) -> BTreeSet<(String, String)> {
    account
        .functions
        .values()
        .flat_map(|f| {
            f.policies.get("").into_iter().flat_map(|p| {
                p.statements
                    .iter()
                    .map(|s| (f.name.clone(), s["Sid"].as_str().unwrap_or("").to_string()))
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_write_is_lost_when_the_server_is_killed_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap().to_string();
    let args = ["--state", state_arg.as_str(), "--functions", SYNTHETIC];
    let acknowledged: Arc<Mutex<BTreeSet<(String, String)>>> = Default::default();
    let attempted: Arc<Mutex<BTreeSet<(String, String)>>> = Default::default();
    let mut rng = rand::rngs::StdRng::seed_from_u64(common::test_seed("state file kills"));
    let mut server = Served::start(&args);
    for round in 0..ROUNDS {
        let mut writers = Vec::new();
        for writer in 0..WRITERS {
            let client = one_shot_client(&server.url);
            let acknowledged = acknowledged.clone();
            let attempted = attempted.clone();
            writers.push(tokio::spawn(async move {
                let targets = targets();
                for i in 0.. {
                    let function = targets[(i + writer * 7) % targets.len()].clone();
                    let sid = format!("r{round}-w{writer}-{i}");
                    let request = PermissionRequest {
                        function_name: Some(function.clone()),
                        statement_id: Some(sid.clone()),
                        action: Some("lambda:InvokeFunction".into()),
                        principal: Some("sns.amazonaws.com".into()),
                        source_arn: Some(format!(
                            "arn:aws:sns:us-east-1:123456789012:topic-{round}-{i}"
                        )),
                        ..Default::default()
                    };
                    attempted
                        .lock()
                        .unwrap()
                        .insert((function.clone(), sid.clone()));
                    match client.add_permission(&request).await {
                        Ok(outcome) => {
                            assert_eq!(outcome.reconciled, None, "a plain 201");
                            acknowledged.lock().unwrap().insert((function, sid));
                        }
                        // The server is gone; an answer from it would be a bug.
                        Err(e) if e.aws().is_none() => return i,
                        Err(e) => panic!("{function}/{sid}: unexpected answer {e}"),
                    }
                }
                unreachable!()
            }));
        }
        // Let some writes through (at least one, however slow the machine), then SIGKILL the
        // server wherever it is.
        let before = acknowledged.lock().unwrap().len();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while acknowledged.lock().unwrap().len() == before {
            assert!(
                std::time::Instant::now() < deadline,
                "round {round}: no write was answered in 20 s"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..200))).await;
        server.kill();
        let mut written = 0;
        for w in writers {
            written += tokio::time::timeout(Duration::from_secs(40), w)
                .await
                .expect("a writer stops once the server is gone")
                .unwrap();
        }
        assert!(written > 0, "round {round}: some writes were answered");

        // On disk, right after the kill: a whole file holding every acknowledged write.
        let on_disk = sids_in(&read_state(&state));
        let acked = acknowledged.lock().unwrap().clone();
        let missing: Vec<_> = acked.difference(&on_disk).collect();
        assert!(
            missing.is_empty(),
            "round {round}: acknowledged but not on disk: {missing:?}"
        );
        let attempted_now = attempted.lock().unwrap().clone();
        for (function, sid) in &on_disk {
            if sid.starts_with('r') && sid.contains("-w") {
                assert!(
                    attempted_now.contains(&(function.clone(), sid.clone())),
                    "{function}/{sid} is on disk but was never sent"
                );
            }
        }

        // Restarted on the same file (same flags): the server serves every acknowledged write.
        server = Served::start(&args);
        let client = one_shot_client(&server.url);
        let mut served = BTreeSet::new();
        for function in targets() {
            let policy = client.get_policy(&function, None).await.unwrap();
            if let Some(document) = policy.document {
                served.extend(document.sids().map(|s| (function.clone(), s.to_string())));
            }
        }
        let lost: Vec<_> = acked.difference(&served).collect();
        assert!(
            lost.is_empty(),
            "round {round}: lost after restart: {lost:?}"
        );
    }
    let total = acknowledged.lock().unwrap().len();
    assert!(
        total >= ROUNDS,
        "writes were acknowledged in every round ({total})"
    );
    // The demo fixture's own policies are still there after all the restarts.
    let client = one_shot_client(&server.url);
    let orders = client.get_policy("orders-api", Some("live")).await.unwrap();
    assert_eq!(orders.statement_count(), 2);
}

/// Runs serve on a state file and waits (bounded) for it to exit.
fn serve_exits(state: &Path) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    let mut child = clean_command(Path::new(BINARY), home.path())
        .args(["serve", "--bind", "127.0.0.1:0", "--state"])
        .arg(state)
        .arg("--log-file")
        .arg(home.path().join("log"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let exited = wait_until(Duration::from_secs(20), || {
        child.try_wait().ok().flatten().is_some()
    });
    if !exited {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "serve kept running on a corrupt state file {}",
            state.display()
        );
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_corrupt_state_file_is_reported_by_name_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 3] = [
        (
            "torn.json",
            br#"{"account_id":"123456789012","region":"us-ea"#,
        ),
        ("wrong-shape.json", b"[1, 2, 3]\n"),
        ("not-utf8.json", &[0xff, 0xfe, b'{', 0x00, 0x80]),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, stderr) = serve_exits(&path);
        assert!(
            code.is_some_and(|c| c != 0),
            "{name}: a non-zero exit, got {code:?}"
        );
        assert!(
            stderr.contains(&path.display().to_string()),
            "{name}: the message names the file: {stderr}"
        );
        assert!(
            stderr.contains("corrupt") || stderr.contains("cannot read"),
            "{name}: the message says what is wrong: {stderr}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{name}: left byte-for-byte untouched"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{name}: no temporary file written: {leftovers:?}"
        );
    }
}
