//! Shared set-up for the tests that run real processes: the `lambda-policy serve` binary, the
//! Python venv that `./scripts/test` builds (boto3, the AWS CLI, moto), and loopback ports.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_lambda-policy");
pub const ACCESS_KEY: &str = "AKIAPEERTESTKEY00001";
pub const SECRET_KEY: &str = "peer/Test+Secret0123456789abcdefghijklmn";

/// The venv that `./scripts/test` creates. A test that needs it fails (never skips) without it.
pub fn venv() -> PathBuf {
    let Some(dir) = std::env::var_os("LAMBDA_POLICY_VENV").filter(|v| !v.is_empty()) else {
        panic!(
            "LAMBDA_POLICY_VENV is not set: this test needs the Python venv with moto, boto3 and \
             the AWS CLI; run ./scripts/test, which creates it and sets LAMBDA_POLICY_VENV"
        );
    };
    PathBuf::from(dir)
}

/// A program of the venv (`python`, `aws`, `moto_server`), or a failure naming what to do.
pub fn venv_tool(name: &str) -> PathBuf {
    let path = venv().join("bin").join(name);
    assert!(
        path.is_file(),
        "{} does not exist: LAMBDA_POLICY_VENV must be the venv ./scripts/test builds (run \
         ./scripts/test)",
        path.display()
    );
    path
}

/// A script under tests/python.
pub fn python_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python")
        .join(name)
}

/// A command with a clean environment: no AWS variable or file of the machine leaks in, the
/// instance-metadata service is never asked, and HOME is `home`.
pub fn clean_command(program: &Path, home: &Path) -> Command {
    let mut command = Command::new(program);
    command.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.join("no-aws-credentials"),
        )
        .env("PYTHONDONTWRITEBYTECODE", "1");
    command
}

/// A child process killed (SIGKILL) and reaped when dropped.
pub struct ChildGuard {
    pub child: Child,
}

impl ChildGuard {
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `lambda-policy serve` on a free loopback port.
pub struct Serve {
    pub url: String,
    pub guard: ChildGuard,
}

/// Starts `lambda-policy serve --bind 127.0.0.1:0 ARGS` and reads its URL (the first line).
pub fn serve(args: &[&str]) -> Serve {
    let home = std::env::temp_dir();
    let mut command = clean_command(Path::new(BINARY), &home);
    command
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(args)
        .arg("--log-file")
        .arg(std::env::temp_dir().join(format!("lambda-policy-test-{}.log", std::process::id())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("lambda-policy serve starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let guard = ChildGuard { child };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(first)) = lines.next() {
            let _ = tx.send(first);
        }
        // Keep reading so the server never blocks on a full pipe.
        for _ in lines {}
    });
    let url = rx
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("serve {args:?} printed no URL within 20 s"));
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "the first line of serve is its URL, got {url:?}"
    );
    Serve { url, guard }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Waits until `check` returns true, polling every 100 ms, for at most `limit`.
pub fn wait_until(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

pub fn is_uuid(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok_and(|u| u.hyphenated().to_string() == text)
}

pub const MOTO_FN_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:peer-fn";

/// A moto server with the role, functions, version and alias of `moto_setup.py`.
pub struct Moto {
    pub url: String,
    _guard: ChildGuard,
    _home: tempfile::TempDir,
}

pub async fn start_moto() -> Moto {
    let moto_server = venv_tool("moto_server");
    let python = venv_tool("python");
    let home = tempfile::tempdir().unwrap();
    let port = free_port();
    let child = clean_command(&moto_server, home.path())
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let guard = ChildGuard { child };
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..300 {
        if let Ok(r) = http.get(format!("{url}/moto-api/")).send().await
            && r.status().is_success()
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        ready,
        "moto_server did not answer GET /moto-api/ within 30 s"
    );
    let setup = clean_command(&python, home.path())
        .arg(python_script("moto_setup.py"))
        .arg(&url)
        .output()
        .expect("the venv's python runs");
    assert!(
        setup.status.success(),
        "creating the role and functions in moto failed: {}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let created: Value = serde_json::from_slice(&setup.stdout).unwrap();
    assert_eq!(created["functions"]["peer-fn"], MOTO_FN_ARN);
    assert_eq!(created["version"], "1");
    Moto {
        url,
        _guard: guard,
        _home: home,
    }
}
