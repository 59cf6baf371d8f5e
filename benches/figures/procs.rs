//! Child processes: the release binary (`serve`, the scriptable commands, the TUI), the venv's
//! AWS CLI and moto_server. Every child runs with a clean environment (credentials from
//! variables, HOME a temporary directory, the instance-metadata service disabled) and is
//! killed when its guard is dropped.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_lambda-policy");
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
        let home = self.home();
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
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_REGION", REGION)
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_PAGER", "")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::null());
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
}

/// A child killed (SIGKILL) and reaped when dropped.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `lambda-policy serve` on a free loopback port.
pub struct Serve {
    pub url: String,
    pid: u32,
    _guard: ChildGuard,
}

impl Serve {
    pub fn start(env: &Env, functions: usize) -> Serve {
        let mut command = env.command(Path::new(BINARY));
        command
            .args(["serve", "--bind", "127.0.0.1:0", "--functions"])
            .arg(functions.to_string())
            .arg("--log-file")
            .arg(env.home().join(format!("serve-{functions}.log")))
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = command.spawn().expect("lambda-policy serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let pid = child.id();
        let guard = ChildGuard(child);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first);
            }
            for _ in lines {}
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("serve printed its URL within 30 s");
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "serve printed {url:?}"
        );
        Serve {
            url,
            pid,
            _guard: guard,
        }
    }
}

impl Serve {
    /// The CPU time (user and system) the emulator has used so far.
    pub fn cpu(&self) -> Duration {
        process_cpu(self.pid)
    }
}

/// utime + stime of a running process, from /proc/PID/stat.
pub fn process_cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
    let after_name = stat.rsplit_once(')').expect("a stat line").1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
    let ticks: u64 =
        fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    Duration::from_secs_f64(ticks as f64 / per_second)
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

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// How a child ran: wall time from spawn to exit, its output, and its peak RSS.
pub struct Run {
    pub elapsed: Duration,
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub max_rss_kb: u64,
    /// User and system CPU time.
    pub cpu: Duration,
}

impl Run {
    /// Fails with the command's own words unless it exited 0.
    pub fn ok(self, what: &str) -> Run {
        assert!(
            self.status.success(),
            "{what} failed ({}): {}",
            self.status,
            String::from_utf8_lossy(&self.stderr)
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).expect("the command printed JSON")
    }
}

/// Runs `command` to completion (killed after `limit`), timing it from spawn to exit and
/// reading its peak RSS from wait4.
pub fn run(mut command: Command, limit: Duration) -> Run {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        bytes
    });
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(limit).is_err() {
            // SAFETY: signalling our own child, which has not been reaped yet.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    });
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid out-parameter for wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage are valid pointers.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    let _ = done_tx.send(());
    let _ = watchdog.join();
    assert_eq!(reaped, pid, "wait4 reaped the child");
    use std::os::unix::process::ExitStatusExt;
    let status = ExitStatus::from_raw(status);
    assert!(
        elapsed < limit,
        "the command was killed after {limit:?}: {command:?}"
    );
    // Reaped above; dropping a `Child` neither waits nor kills.
    drop(child);
    Run {
        elapsed,
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        max_rss_kb: usage.ru_maxrss as u64,
        cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
    }
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}
