//! The terminal is restored after a panic, and a closed pty ends the program instead of
//! leaving it spinning; secrets never reach the screen, the logs or the output.

use crate::common;

use common::support::Served;
use common::tmux::Tmux;
use std::time::Duration;

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    t.run_app("--demo --debug-panic");
    let screen = t.wait_for("EXIT:");
    assert!(
        screen.contains("panicking after the first frame"),
        "the panic message is shown after restoring:\n{screen}"
    );
    t.assert_restored();
}

#[test]
fn a_closed_pty_ends_the_program() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    t.run_app("--demo");
    t.wait_for("Functions 12/12");
    let pattern = t.log_file().display().to_string();
    let running = || {
        std::process::Command::new("pgrep")
            .args(["-f", &pattern])
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(running());
    t.kill_session();
    assert!(
        common::support::wait_until(Duration::from_secs(10), || !running()),
        "still running after its terminal closed"
    );
}

const SECRET: &str = "cli-secret-never-shown-0123456789";

#[test]
fn secrets_never_appear_on_screen_in_logs_in_errors_or_in_json() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let served = Served::start(&[]);
    // the TUI against the endpoint, with the secret in the environment and debug logs on
    let t = Tmux::start(120, 40);
    t.type_text(&format!(
        "export AWS_ACCESS_KEY_ID=AKIACLITEST000000001 AWS_SECRET_ACCESS_KEY={SECRET} AWS_SESSION_TOKEN=session-token-never-shown AWS_REGION=us-east-1 LAMBDA_POLICY_LOG=debug"
    ));
    t.keys(&["Enter"]);
    t.run_app(&format!("--endpoint-url {}", served.url));
    let screen = t.wait_for("Functions 12/12");
    t.keys(&["?"]);
    let help = t.screen();
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    t.wait_for("EXIT:0");
    for text in [screen, help] {
        assert!(
            !text.contains(SECRET) && !text.contains("session-token-never-shown"),
            "{text}"
        );
    }
    let log = std::fs::read_to_string(t.log_file()).unwrap_or_default();
    assert!(
        !log.contains(SECRET) && !log.contains("session-token-never-shown"),
        "secret in the log"
    );

    // commands: output, errors and JSON
    for args in [
        vec!["functions", "--output", "json"],
        vec!["policy", "orders-api", "--output", "json"],
        vec![
            "add",
            "orders-api",
            "--statement-id",
            "apigateway-invoke",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "*",
            "--yes",
            "--output",
            "json",
        ],
        vec!["remove", "orders-api", "missing"],
        vec!["functions", "--endpoint-url", "http://127.0.0.1:9"],
    ] {
        let out = served
            .command(&args)
            .env("LAMBDA_POLICY_LOG", "debug")
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains(SECRET), "{args:?}: {all}");
    }
    let cli_log = std::fs::read_to_string(served.home.path().join("cli.log"))
        .expect("the commands wrote their log");
    assert!(cli_log.contains("lambda call"));
    assert!(!cli_log.contains(SECRET));
}
