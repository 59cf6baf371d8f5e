//! Child processes: the release binary (`serve`, the scriptable commands, the TUI), the venv's
//! AWS CLI and moto_server. Every child runs with a clean environment (credentials from
//! variables, HOME a temporary directory, the instance-metadata service disabled) and is
//! killed when its guard is dropped.

pub use crate::support::{BINARY, run_measured as run};
use crate::support::{ChildGuard, Served, clean_command, free_port};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
pub const ACCESS_KEY: &str = "AKIABENCHKEY00000001";
pub const SECRET_KEY: &str = "bench/Secret+0123456789abcdefghijklmnopq";
pub const REGION: &str = "us-east-1";

/// Where the helpers live and where children keep their files.
pub struct Env {
    pub venv: PathBuf,
    pub home: tempfile::TempDir,
}

impl Env {
    /// The venv from LAMBDA_POLICY_VENV (set by ./scripts/bench), or `.venv` in the project.
    pub fn new() -> Env {
        let venv = std::env::var_os("LAMBDA_POLICY_VENV")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv"));
        for tool in ["python", "aws", "moto_server"] {
            let path = venv.join("bin").join(tool);
            assert!(
                path.is_file(),
                "{} is missing: run ./scripts/bench, which creates the venv (moto[server]==5.2.5, \
                 boto3, awscli) and sets LAMBDA_POLICY_VENV",
                path.display()
            );
        }
        Env {
            venv,
            home: tempfile::tempdir().expect("a temporary HOME"),
        }
    }

    pub fn tool(&self, name: &str) -> PathBuf {
        self.venv.join("bin").join(name)
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// A command with nothing of this machine's AWS set-up: credentials from variables only.
    pub fn command(&self, program: &Path) -> Command {
        let mut command = clean_command(program, self.home());
        command
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", REGION)
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_PAGER", "");
        command
    }

    /// The release binary with ARGS, pointed at `url` as a user would point it.
    pub fn ours(&self, url: &str, args: &[&str]) -> Command {
        let mut command = self.command(Path::new(BINARY));
        command
            .args(args)
            .args(["--endpoint-url", url, "--log-file"])
            .arg(self.home().join("cli.log"));
        command
    }

    /// The venv's AWS CLI: `aws lambda ARGS --endpoint-url URL --output json`.
    pub fn aws(&self, url: &str, args: &[&str]) -> Command {
        let mut command = self.command(&self.tool("aws"));
        command
            .arg("lambda")
            .args(args)
            .args(["--endpoint-url", url, "--output", "json"]);
        command
    }

    pub fn python_script(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("benches/python")
            .join(name)
    }

    /// The one script that fills moto, shared with the tests.
    pub fn moto_setup_script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/moto_setup.py")
    }
}

/// `lambda-policy serve --functions N` on a free loopback port.
pub struct Serve {
    pub url: String,
    served: Served,
}

impl Serve {
    pub fn start(_env: &Env, functions: usize) -> Serve {
        let served = Served::start(&["--functions", &functions.to_string()]);
        Serve {
            url: served.url.clone(),
            served,
        }
    }

    /// The CPU time (user and system) the emulator has used so far.
    pub fn cpu(&self) -> Duration {
        self.served.cpu()
    }
}

/// moto_server on a free loopback port, answering.
pub struct Moto {
    pub url: String,
    _guard: ChildGuard,
}

impl Moto {
    pub fn start(env: &Env) -> Moto {
        let port = free_port();
        let child = env
            .command(&env.tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let guard = ChildGuard(child);
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while !http_ok(port, "/moto-api/") {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not answer GET /moto-api/ within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { url, _guard: guard }
    }
}

/// A plain HTTP/1.0 GET on loopback: true on a 2xx answer.
fn http_ok(port: u16, path: &str) -> bool {
    use std::io::Write;
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") && head[9] == b'2'
}
