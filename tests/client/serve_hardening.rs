//! `lambda-policy serve` as an attacker or a careless operator would use it: two servers on one
//! state file, links planted beside it, a FIFO, clients that stall, a process short of file
//! descriptors, signatures from another time, fault rates out of range, an open bind; and
//! concurrent writers whose answers are lost.

use crate::common;

use common::support::{Served, process_cpu, user_command};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "AKIACLITEST000000001";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `serve ARGS` expected to refuse to start: its output, or a failure if it is still running
/// after `limit`.
fn refused(args: &[&str], limit: Duration) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lambda-policy"))
        .arg("serve")
        .args(args)
        .arg("--log-file")
        .arg(home.path().join("serve.log"))
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve {args:?} was still running after {limit:?}: it should have refused");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// `add FUNCTION --statement-id SID`, granting SNS the invoke.
fn add_args<'a>(function: &'a str, sid: &'a str) -> [&'a str; 8] {
    [
        "add",
        function,
        "--statement-id",
        sid,
        "--action",
        "lambda:InvokeFunction",
        "--principal",
        "sns.amazonaws.com",
    ]
}

fn add(served: &Served, sid: &str) -> Output {
    served
        .command(&add_args("user-signup", sid))
        .output()
        .unwrap()
}

#[test]
fn a_second_server_on_the_same_state_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let first = Served::start(&["--state", state.to_str().unwrap()]);
    let linked_folder = dir.path().join("same-folder");
    std::os::unix::fs::symlink(dir.path(), &linked_folder).unwrap();
    let spellings = [
        state.clone(),
        dir.path().join(".").join("state.json"),
        linked_folder.join("state.json"),
    ];
    for spelling in spellings {
        let out = refused(
            &[
                "--bind",
                "127.0.0.1:0",
                "--state",
                spelling.to_str().unwrap(),
            ],
            Duration::from_secs(20),
        );
        assert_ne!(out.status.code(), Some(0), "{}", spelling.display());
        assert!(
            stderr(&out).contains("in use by another lambda-policy serve"),
            "{}: {}",
            spelling.display(),
            stderr(&out)
        );
    }
    assert_eq!(add(&first, "still-mine").status.code(), Some(0));
}

#[test]
fn a_link_planted_at_the_temporary_name_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join(".state.json.tmp")).unwrap();
    let served = Served::start(&["--state", state.to_str().unwrap()]);
    assert_eq!(add(&served, "x").status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("\"Sid\":\"x\""));
}

#[test]
fn a_link_at_the_state_path_or_its_lock_is_refused_and_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.json");
    std::fs::write(&victim, "precious").unwrap();
    let state = dir.path().join("state.json");
    std::os::unix::fs::symlink(&victim, &state).unwrap();
    let out = refused(
        &["--bind", "127.0.0.1:0", "--state", state.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    let other = dir.path().join("other.json");
    std::os::unix::fs::symlink(&victim, dir.path().join(".other.json.lock")).unwrap();
    let out = refused(
        &["--bind", "127.0.0.1:0", "--state", other.to_str().unwrap()],
        Duration::from_secs(20),
    );
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_state_file_is_private_and_a_file_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let served = Served::start(&["--state", state.to_str().unwrap()]);
    assert_eq!(mode(&state), 0o600);
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(add(&served, "x").status.code(), Some(0));
    assert_eq!(mode(&state), 0o640);
}

#[test]
fn a_state_file_is_not_rewritten_at_start_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    drop(Served::start(&["--state", state.to_str().unwrap()]));
    let before = std::fs::metadata(&state).unwrap();
    let again = Served::start(&["--state", state.to_str().unwrap()]);
    let after = std::fs::metadata(&state).unwrap();
    assert_eq!(
        (before.ino(), before.mtime_nsec()),
        (after.ino(), after.mtime_nsec())
    );
    drop(again);
}

#[test]
fn a_state_path_that_is_not_a_regular_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    for path in [fifo.as_path(), dir.path()] {
        let out = refused(
            &["--bind", "127.0.0.1:0", "--state", path.to_str().unwrap()],
            Duration::from_secs(20),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

/// A connection that sends a request head announcing a body, then nothing.
fn stalled(url: &str) -> TcpStream {
    let mut stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream
        .write_all(b"POST /2015-03-31/functions/f/policy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"Sta")
        .unwrap();
    stream
}

/// Whether the server closed the connection within `limit`.
fn closed_within(mut stream: TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buffer = [0u8; 512];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn a_client_that_stalls_is_disconnected() {
    let served = Served::start(&["--request-timeout", "1"]);
    assert!(
        closed_within(stalled(&served.url), Duration::from_secs(8)),
        "a stalled body kept its connection"
    );
    let silent = TcpStream::connect(served.url.trim_start_matches("http://")).unwrap();
    assert!(
        closed_within(silent, Duration::from_secs(8)),
        "a silent connection was kept"
    );
}

fn serve_with_few_descriptors(args: &[&str]) -> (Child, String, tempfile::TempDir) {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_lambda-policy"));
    command
        .args(["serve", "--bind", "127.0.0.1:0", "--log-file"])
        .arg(home.path().join("serve.log"))
        .args(args)
        .env("HOME", home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 64,
                rlim_max: 64,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut child = command.spawn().unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (child, first.trim().to_string(), home)
}

/// A real client's listing still succeeds.
fn assert_client_served(url: &str) {
    let home = tempfile::tempdir().unwrap();
    let out = user_command(url, home.path(), &["functions"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a client was shut out: {}",
        stderr(&out)
    );
}

#[test]
fn a_server_short_of_descriptors_neither_spins_nor_shuts_out_clients() {
    // More connections than the process may hold, whatever --max-connections says.
    let (mut child, url, _home) =
        serve_with_few_descriptors(&["--request-timeout", "2", "--max-connections", "1000"]);
    let flood: Vec<TcpStream> = (0..120).map(|_| stalled(&url)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let before = process_cpu(child.id());
    std::thread::sleep(Duration::from_secs(2));
    let used = process_cpu(child.id()) - before;
    assert!(
        used < Duration::from_secs(1),
        "{used:?} of CPU in 2 s: accept is spinning"
    );
    assert_client_served(&url);
    drop(flood);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn the_default_connection_cap_keeps_a_client_served_under_a_flood() {
    let (mut child, url, _home) = serve_with_few_descriptors(&["--request-timeout", "1"]);
    let flood: Vec<TcpStream> = (0..120).map(|_| stalled(&url)).collect();
    assert_client_served(&url);
    drop(flood);
    let _ = child.kill();
    let _ = child.wait();
}

/// Descriptors the process holds open.
fn open_descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

#[test]
fn no_more_connections_are_held_than_the_cap() {
    let served = Served::start(&["--request-timeout", "5", "--max-connections", "10"]);
    let pid = served.child.id();
    let idle = open_descriptors(pid);
    let flood: Vec<TcpStream> = (0..60).map(|_| stalled(&served.url)).collect();
    // The flood has arrived once the cap is reached; no more is taken after that.
    assert!(
        common::support::wait_until(Duration::from_secs(5), || {
            open_descriptors(pid) - idle >= 10
        }),
        "the flood never reached the cap"
    );
    std::thread::sleep(Duration::from_millis(300));
    let held = open_descriptors(pid) - idle;
    assert!(held <= 10, "{held} connections held with a cap of 10");
    drop(flood);
}

async fn signed_at(url: &str, time: std::time::SystemTime) -> (u16, String, String) {
    use aws_credential_types::Credentials;
    let target = format!("{url}/2015-03-31/functions/orders-api/policy");
    let credentials = Credentials::new(KEY, common::support::SECRET_ACCESS_KEY, None, None, "test");
    use lambda_policy::lambda::signing::{Signer, Unsigned, sign_headers};
    let headers = sign_headers(
        &Unsigned {
            method: "GET",
            url: &target,
            headers: &[],
            body: b"",
        },
        &Signer {
            credentials: &credentials,
            region: "us-east-1",
            time,
        },
    )
    .unwrap();
    let mut request = reqwest::Client::new().get(&target);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let error_type = response
        .headers()
        .get("x-amzn-errortype")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body: serde_json::Value = response.json().await.unwrap();
    (
        status,
        error_type,
        body["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn a_signature_from_outside_fifteen_minutes_is_refused_as_aws_refuses_it() {
    let served = Served::start(&[
        "--access-key-id",
        KEY,
        "--secret-access-key",
        common::support::SECRET_ACCESS_KEY,
    ]);
    let now = std::time::SystemTime::now();
    let hour = Duration::from_secs(3600);
    assert_eq!(signed_at(&served.url, now).await.0, 200);
    assert_eq!(
        signed_at(&served.url, now - Duration::from_secs(600))
            .await
            .0,
        200
    );
    let in_2001 = std::time::UNIX_EPOCH + Duration::from_secs(978_307_200);
    let in_2099 = std::time::UNIX_EPOCH + Duration::from_secs(4_070_908_800);
    for (time, expected) in [
        (
            in_2001,
            "Signature expired: 20010101T000000Z is now earlier than ",
        ),
        (now - hour, "Signature expired: "),
        (
            in_2099,
            "Signature not yet current: 20990101T000000Z is still later than ",
        ),
    ] {
        let (status, error_type, message) = signed_at(&served.url, time).await;
        assert_eq!(
            (status, error_type.as_str()),
            (403, "InvalidSignatureException"),
            "{message}"
        );
        assert!(message.starts_with(expected), "{message}");
    }
}

#[test]
fn fault_rates_outside_zero_to_one_are_refused() {
    for flag in ["--throttle-rate", "--error-rate", "--drop-after-write-rate"] {
        for value in ["NaN", "inf", "-inf", "1e23", "-0.1", "1.5", "half"] {
            let out = refused(
                &["--bind", "127.0.0.1:0", &format!("{flag}={value}")],
                Duration::from_secs(10),
            );
            assert_eq!(
                out.status.code(),
                Some(2),
                "{flag} {value}: {}",
                stderr(&out)
            );
            assert!(stderr(&out).contains(flag), "{}", stderr(&out));
        }
    }
}

#[test]
fn an_open_bind_without_signature_checks_is_refused() {
    let out = refused(&["--bind", "0.0.0.0:0"], Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--allow-remote"), "{}", stderr(&out));
}

/// Two writers at once, each told of its lost answers: at most one may say it did the write.
fn race(served: &Served, args: &[&str]) -> Vec<Output> {
    let homes: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let children: Vec<_> = homes
        .iter()
        .map(|home| {
            user_command(&served.url, home.path(), args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

#[test]
fn of_two_concurrent_writers_of_one_statement_at_most_one_claims_it() {
    let add_x = add_args("user-signup", "x");
    for seed in 0..11 {
        let seed = seed.to_string();
        let served = Served::start(&[
            "--drop-after-write-rate",
            "0.5",
            "--error-rate",
            "0.3",
            "--seed",
            &seed,
        ]);
        let adds = race(&served, &add_x);
        let claimed = adds.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            claimed,
            1,
            "seed {seed}: {} add(s) claimed x: {:?}",
            claimed,
            adds.iter().map(stderr).collect::<Vec<_>>()
        );
        let removes = race(&served, &["remove", "user-signup", "x"]);
        let claimed = removes.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            claimed,
            1,
            "seed {seed}: {} remove(s) claimed x: {:?}",
            claimed,
            removes.iter().map(stderr).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_fixture_whose_account_or_region_is_not_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (account, region, said) in [
        ("12345678901\u{1b}[2J", "us-east-1", "account_id"),
        ("123456789012", "us-east-1\u{1b}]2;x\u{7}", "region"),
    ] {
        let fixture = dir.path().join("fixture.json");
        let text = serde_json::json!({"account_id": account, "region": region, "functions": []});
        std::fs::write(&fixture, text.to_string()).unwrap();
        let out = refused(
            &[
                "--bind",
                "127.0.0.1:0",
                "--fixture",
                fixture.to_str().unwrap(),
            ],
            Duration::from_secs(20),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        assert!(!out.stderr.contains(&0x1b), "{}", stderr(&out));
    }
}

#[test]
fn a_client_that_never_reads_its_answers_does_not_keep_its_slot() {
    let served = Served::start(&[
        "--request-timeout",
        "1",
        "--max-connections",
        "1",
        "--functions",
        "2000",
    ]);
    // Hundreds of pipelined listings (about 20 KB each), none of them read: the answers fill
    // the socket buffers and the server's write stalls.
    let mut greedy = TcpStream::connect(served.url.trim_start_matches("http://")).unwrap();
    let request = "GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAX/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000\r\nX-Amz-Date: 20260101T000000Z\r\n\r\n";
    let _ = greedy.set_write_timeout(Some(Duration::from_secs(5)));
    for _ in 0..600 {
        if greedy.write_all(request.as_bytes()).is_err() {
            break;
        }
    }
    assert_client_served(&served.url);
    drop(greedy);
}
