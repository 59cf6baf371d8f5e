//! The real binary in a real terminal: a private tmux server, keys sent, the screen read.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
    pub dir: tempfile::TempDir,
}

impl Tmux {
    /// A shell in an 80x24 (or given) terminal, on a tmux server of its own.
    pub fn start(width: u16, height: u16) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!(
            "lp-{}-{}",
            std::process::id(),
            dir.path().file_name().unwrap().to_string_lossy()
        );
        let tmux = Tmux { socket, dir };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "s",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .args(["env", "-i"])
            .arg(format!(
                "PATH={}",
                std::env::var("PATH").unwrap_or_default()
            ))
            .arg(format!("HOME={}", tmux.dir.path().display()))
            .args([
                "TERM=xterm-256color",
                "AWS_EC2_METADATA_DISABLED=true",
                "PS1=$ ",
                "bash",
                "--norc",
                "--noprofile",
            ])
            .status()
            .expect("tmux runs (./scripts/test installs it)");
        assert!(status.success(), "tmux could not start");
        tmux
    }

    pub fn log_file(&self) -> PathBuf {
        self.dir.path().join("lambda-policy.log")
    }

    /// Runs lambda-policy with `args` in the shell, printing its exit status when it ends.
    pub fn run_app(&self, args: &str) {
        self.run_app_with_env("", args);
    }

    /// The same, with `env` (`NAME=value …`) set for the app alone.
    pub fn run_app_with_env(&self, env: &str, args: &str) {
        let bin = env!("CARGO_BIN_EXE_lambda-policy");
        self.type_text(&format!(
            "{env} '{bin}' {args} --log-file '{}'; echo EXIT=$? | tr = :",
            self.log_file().display()
        ));
        self.keys(&["Enter"]);
    }

    /// Lets the app's OSC 52 copies reach tmux's paste buffer.
    pub fn accept_clipboard(&self) {
        let status = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "set-option",
                "-g",
                "set-clipboard",
                "on",
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// tmux's newest paste buffer (what an OSC 52 copy put there), waited for.
    pub fn wait_for_buffer(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let out = Command::new("tmux")
                .args(["-L", &self.socket, "show-buffer"])
                .output()
                .unwrap();
            if out.status.success() && !out.stdout.is_empty() {
                return String::from_utf8_lossy(&out.stdout).into_owned();
            }
            if Instant::now() > deadline {
                panic!("nothing was copied into tmux's buffer");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// On the functions list: filters to `user-signup` (no policy), opens the add form on the
    /// S3 preset and fills the bucket; the focus is left on SourceAccount.
    pub fn open_s3_form_on_user_signup(&self) {
        self.filter("user-signup");
        self.wait_for("No resource policy");
        self.keys(&["a"]);
        self.wait_for("S3 bucket notifications");
        for _ in 0..5 {
            self.keys(&["Tab"]);
        }
        self.type_text("signup-uploads");
        self.keys(&["Tab"]);
    }

    /// The demo in a new terminal of `width` x `height`, its functions listed; `None` (the
    /// test is skipped, as it says) where tmux is missing.
    pub fn demo(width: u16, height: u16) -> Option<Tmux> {
        if super::skip_without(super::Needs::Tmux) {
            return None;
        }
        let t = Tmux::start(width, height);
        t.run_app("--demo");
        t.wait_for("Functions 12/12");
        Some(t)
    }

    /// Types `:command` and Enter.
    pub fn command(&self, command: &str) {
        self.keys(&[":"]);
        self.type_text(command);
        self.keys(&["Enter"]);
    }

    /// On the functions list: types `text` into the filter and keeps it.
    pub fn filter(&self, text: &str) {
        self.keys(&["/"]);
        self.type_text(text);
        self.keys(&["Enter"]);
    }

    /// Quits with `q`, and checks the app exited cleanly and gave the terminal back.
    pub fn quit(&self) {
        self.keys(&["q"]);
        self.wait_for("EXIT:0");
        self.assert_restored();
    }

    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "s"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
        // a pause between keys, as a person types: a lone Esc must not read as Alt-<next key>
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "s", "-l", "--", text])
            .status()
            .unwrap();
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "s"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen with its styles, as SGR escape sequences.
    pub fn styled_screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-e", "-t", "s"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn display(&self, format: &str) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "s",
                format,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("the screen never showed {text:?}:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The screen once it stops changing: two captures 150 ms apart are the same.
    pub fn settled_screen(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.screen();
            if now == last || Instant::now() > deadline {
                return now;
            }
            last = now;
        }
    }

    /// The terminal is back to normal: off the alternate screen, line discipline restored.
    pub fn assert_restored(&self) {
        assert_eq!(
            self.display("#{alternate_on}"),
            "0",
            "still on the alternate screen"
        );
        assert_eq!(
            self.display("#{cursor_flag}"),
            "1",
            "the cursor is left hidden"
        );
        self.type_text(
            "clear; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo",
        );
        self.keys(&["Enter"]);
        let screen = self.wait_for("icanon");
        assert!(
            screen.contains("icanon echo")
                && !screen.contains("-icanon")
                && !screen.contains("-echo "),
            "terminal left raw:\n{screen}"
        );
    }

    pub fn kill_session(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }

    /// Sends a signal to the running app (found by its own log file path).
    pub fn signal_app(&self, signal: &str) {
        let pattern = self.log_file().display().to_string();
        let status = Command::new("pkill")
            .args([&format!("-{signal}"), "-f", &pattern])
            .status()
            .unwrap();
        assert!(status.success(), "no lambda-policy process to signal");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
