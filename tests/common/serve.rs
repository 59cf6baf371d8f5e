//! `lambda-policy serve` as a child process, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Served {
    pub child: Child,
    pub url: String,
    pub home: tempfile::TempDir,
}

impl Served {
    pub fn start(extra: &[&str]) -> Served {
        Served::start_with_env(extra, &[])
    }

    /// `serve` with more environment variables (`LAMBDA_POLICY_LOG`, say).
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Served {
        let home = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_lambda-policy"))
            .args(["serve", "--bind", "127.0.0.1:0", "--log-file"])
            .arg(home.path().join("serve.log"))
            .args(extra)
            .envs(env.iter().copied())
            .env("HOME", home.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "serve printed {url:?} first"
        );
        Served { child, url, home }
    }

    /// The binary, configured as a user would for this endpoint (env credentials, a region).
    pub fn command(&self, args: &[&str]) -> Command {
        user_command(&self.url, self.home.path(), args)
    }
}

/// The binary as a user runs it against `endpoint`: env credentials (with a session token), a
/// region, the log in `home`, nothing of this machine's AWS set-up.
pub fn user_command(endpoint: &str, home: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lambda-policy"));
    command
        .args(args)
        .args(["--endpoint-url", endpoint, "--log-file"])
        .arg(home.join("cli.log"))
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.join("no-aws-credentials"),
        )
        .env("AWS_ACCESS_KEY_ID", "AKIACLITEST000000001")
        .env("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .env("AWS_REGION", "us-east-1")
        .stdin(std::process::Stdio::null());
    command
}

pub const SECRET_ACCESS_KEY: &str = "cli-secret-never-shown-0123456789";
pub const SESSION_TOKEN: &str = "cli-session-token-never-shown-98765";

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
