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
        let home = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_lambda-policy"))
            .args(["serve", "--bind", "127.0.0.1:0", "--log-file"])
            .arg(home.path().join("serve.log"))
            .args(extra)
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
        let mut command = Command::new(env!("CARGO_BIN_EXE_lambda-policy"));
        command
            .args(args)
            .args(["--endpoint-url", &self.url, "--log-file"])
            .arg(self.home.path().join("cli.log"))
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", "AKIACLITEST000000001")
            .env("AWS_SECRET_ACCESS_KEY", "cli-secret-never-shown-0123456789")
            .env("AWS_REGION", "us-east-1");
        command
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
