//! The Python venv that `./scripts/test` builds (boto3, the AWS CLI, moto) and moto_server;
//! the processes themselves are `support`'s.

pub use super::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

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

/// A script under tests/python run with the venv's Python and `env`, which must succeed: the
/// JSON it prints.
pub fn python_json(script: &str, args: &[&str], env: &[(&str, &Path)]) -> Value {
    let mut command = std::process::Command::new(venv_tool("python"));
    command.arg(python_script(script)).args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{script} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
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
    let guard = ChildGuard(child);
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
