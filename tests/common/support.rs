//! Child processes for the tests and the benchmarks alike (`benches/figures` includes this file):
//! a clean environment, a guard that kills, `lambda-policy serve` on a free port, the binary as a
//! user runs it, and a run measured with `wait4`. It uses nothing but std and the crates both
//! have, so that it can be one file.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_lambda-policy");
/// The credentials of [`user_command`]: recognisable, so a test can show they never leak.
pub const ACCESS_KEY_ID: &str = "AKIACLITEST000000001";
pub const SECRET_ACCESS_KEY: &str = "cli-secret-never-shown-0123456789";
pub const SESSION_TOKEN: &str = "cli-session-token-never-shown-98765";

/// A command with a clean environment: no AWS variable or file of the machine leaks in, the
/// instance-metadata service is never asked, HOME is `home`, and nothing is read from stdin.
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
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null());
    command
}

/// The binary as a user runs it against `endpoint`: credentials in the environment (with a
/// session token), a region, its log in `home`.
pub fn user_command(endpoint: &str, home: &Path, args: &[&str]) -> Command {
    let mut command = clean_command(Path::new(BINARY), home);
    command
        .args(args)
        .args(["--endpoint-url", endpoint, "--log-file"])
        .arg(home.join("cli.log"))
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .env("AWS_REGION", "us-east-1");
    command
}

/// A child killed (SIGKILL) and reaped when dropped.
pub struct ChildGuard(pub Child);

impl ChildGuard {
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `lambda-policy serve` on a free loopback port, killed when dropped.
pub struct Served {
    pub url: String,
    pub home: tempfile::TempDir,
    pub child: ChildGuard,
}

impl Served {
    /// `serve --bind 127.0.0.1:0 EXTRA`, once it has printed its URL.
    pub fn start(extra: &[&str]) -> Served {
        Served::start_with_env(extra, &[])
    }

    /// The same, with more environment variables (`LAMBDA_POLICY_LOG`, say).
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Served {
        let home = tempfile::tempdir().expect("a temporary HOME");
        let mut child = clean_command(Path::new(BINARY), home.path())
            .args(["serve", "--bind", "127.0.0.1:0", "--log-file"])
            .arg(home.path().join("serve.log"))
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("lambda-policy serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let child = ChildGuard(child);
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
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("serve {extra:?} printed no URL within 30 s"));
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "the first line of serve is its URL, got {url:?}"
        );
        Served { url, home, child }
    }

    /// The binary, configured as a user would for this endpoint.
    pub fn command(&self, args: &[&str]) -> Command {
        user_command(&self.url, self.home.path(), args)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, as a crash would.
    pub fn kill(&mut self) {
        self.child.kill();
    }

    /// The CPU time (user and system) the server has used so far.
    pub fn cpu(&self) -> Duration {
        process_cpu(self.pid())
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
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

/// utime + stime of a running process, from /proc/PID/stat.
pub fn process_cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
    let after_name = stat.rsplit_once(')').expect("a stat line").1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
    let ticks: u64 =
        fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
    Duration::from_secs_f64(ticks as f64 / clock_ticks_per_second() as f64)
}

pub fn clock_ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64
}

/// How a child ran: wall time from spawn to exit, its output, its peak RSS and CPU time.
pub struct Run {
    pub elapsed: Duration,
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub max_rss_kb: u64,
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

    pub fn output(&self) -> std::process::Output {
        std::process::Output {
            status: self.status,
            stdout: self.stdout.clone(),
            stderr: self.stderr.clone(),
        }
    }
}

/// Runs `command` to completion (killed after `limit`), timing it from spawn to exit and
/// reading its peak RSS and CPU time from `wait4`.
pub fn run_measured(mut command: Command, limit: Duration) -> Run {
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
    // Reaped above: dropping a `Child` neither waits nor kills.
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
