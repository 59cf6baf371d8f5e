//! The real binary in a real terminal (tmux, 80x24), as an operator meets trouble: the server
//! goes away mid-session, and a write is refused.

use crate::common;

use common::tmux::Tmux;

const ENV: &str = "AWS_ACCESS_KEY_ID=AKIACLITEST000000001 AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null";

#[test]
fn a_killed_server_gives_a_plain_error_with_the_retry_key_and_no_spinner() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let mut served = common::support::Served::start(&[]);
    let t = Tmux::start(80, 24);
    t.run_app_with_env(ENV, &format!("--endpoint-url {}", served.url));
    let screen = t.wait_for("Functions 12/12");
    let header = screen.lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains('●'),
        "the header says the endpoint answers: {header}"
    );
    served.kill();
    let port = served.url.rsplit(':').next().unwrap().to_string();
    t.keys(&["j"]);
    // The retries give up within seconds (wait_for allows 15).
    let screen = t.wait_for("r retries");
    assert!(screen.contains("cannot connect to"), "{screen}");
    assert!(screen.contains(&port), "{screen}");
    assert!(!screen.contains("client error (Connect)"), "{screen}");
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("✗ unreachable"),
        "and that it no longer does: {header}"
    );
    // Watched for a second: no frame of the spinner shows in any capture.
    for _ in 0..5 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let later = t.screen();
        assert!(
            !lambda_policy::tui::theme::SPINNER
                .iter()
                .any(|frame| later.contains(frame)),
            "no spinner runs on:\n{later}"
        );
    }
    t.quit();
}

#[test]
fn a_taken_sid_shows_the_whole_aws_message_in_a_window_and_m_lists_it() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let served = common::support::Served::start(&[]);
    let t = Tmux::start(80, 24);
    t.run_app_with_env(ENV, &format!("--endpoint-url {}", served.url));
    t.wait_for("Functions 12/12");
    t.open_s3_form_on_user_signup();
    // Meanwhile a colleague takes the Sid the form will send, unguarded.
    let taken = served
        .command(&[
            "add",
            "user-signup",
            "--statement-id",
            "s3-invoke",
            "--action",
            "lambda:InvokeFunction",
            "--principal",
            "sns.amazonaws.com",
        ])
        .output()
        .unwrap();
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    t.wait_for("✓ SourceAccount");
    t.keys(&["C-s"]);
    t.wait_for("Confirm");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    let screen = t.wait_for("ResourceConflictException (409)");
    assert!(screen.contains("already exists"), "{screen}");
    assert!(screen.contains("The StatementId is taken"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("already has a statement 's3-invoke'");
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.keys(&["m"]);
    let screen = t.wait_for(" Messages ");
    assert!(
        screen.contains("Adding s3-invoke to user-signup failed"),
        "{screen}"
    );
    t.keys(&["Escape"]);
    t.quit();
}

#[test]
fn the_copied_cli_command_points_at_the_same_endpoint_and_an_invalid_form_is_not_copied() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let served = common::support::Served::start(&[]);
    let t = Tmux::start(80, 24);
    t.accept_clipboard();
    t.run_app_with_env(ENV, &format!("--endpoint-url {}", served.url));
    t.wait_for("Functions 12/12");
    t.open_s3_form_on_user_signup();
    t.wait_for("✓ SourceAccount");
    // The StatementId emptied: the form is not valid, and nothing is copied.
    t.keys(&["BTab"]);
    t.keys(&["BTab"]);
    t.keys(&["BTab"]);
    t.keys(&["BTab"]);
    for _ in 0..12 {
        t.keys(&["BSpace"]);
    }
    t.keys(&["C-y"]);
    t.wait_for("nothing copied");
    t.type_text("s3-invoke");
    t.keys(&["C-p"]);
    t.wait_for("aws lambda add-permission");
    t.keys(&["c"]);
    let copied = t.wait_for_buffer();
    assert!(copied.starts_with("aws lambda add-permission"), "{copied}");
    assert!(
        copied.contains(&format!("--endpoint-url {}", served.url)),
        "{copied}"
    );
    assert!(copied.contains("--region us-east-1"), "{copied}");
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.quit();
}

/// The screen's text with the window borders taken off and every run of spaces made one, so
/// that a message wrapped over several rows reads as one line.
fn flowing(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_add_form_fits_80x24_and_a_long_field_error_is_readable_whole() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.open_s3_form_on_user_signup();
    t.wait_for("✓ SourceAccount");
    t.keys(&["BTab"]);
    t.keys(&["BTab"]);
    for _ in 0..20 {
        t.keys(&["BSpace"]);
    }
    t.type_text("12345");
    let request = lambda_policy::policy::PermissionRequest {
        function_name: Some("user-signup".into()),
        statement_id: Some("s3-invoke".into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("12345".into()),
        ..Default::default()
    };
    let issues = request.validate();
    let message = &issues
        .iter()
        .find(|i| i.field == lambda_policy::policy::Field::Principal)
        .expect("'12345' is no principal")
        .message;
    assert!(message.len() > 70, "a message longer than a row: {message}");
    let screen = t.wait_for("✗ Principal");
    let text = flowing(&screen);
    assert!(
        text.contains(&format!("✗ Principal: {message}")),
        "the whole reason:\n{screen}"
    );
    for member in [
        "Preset",
        "Qualifier",
        "StatementId",
        "Action",
        "Principal",
        "SourceArn",
        "SourceAccount",
        "EventSourceToken",
        "PrincipalOrgID",
        "FunctionUrlAuthType",
        "InvokedViaFunctionUrl",
        "Guard with RevisionId",
    ] {
        assert!(
            screen.contains(member),
            "{member} is on the screen:\n{screen}"
        );
    }
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.quit();
}

#[test]
fn j_past_the_bottom_scrolls_by_one_line_and_r_keeps_the_selection() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    let screen = t.screen();
    let shown = |screen: &str, name: &str| screen.lines().any(|l| l.contains(name));
    assert!(shown(&screen, "alexa-skill") && !shown(&screen, "thumbnailer"));
    // Ten rows fit: the eleventh j-move scrolls the list by one line, not by a page.
    for _ in 0..10 {
        t.keys(&["j"]);
    }
    let screen = t.wait_for("> thumbnailer");
    assert!(
        !shown(&screen, "alexa-skill") && shown(&screen, "audit-log-shipper"),
        "one line scrolled:\n{screen}"
    );
    t.keys(&["j"]);
    let screen = t.wait_for("> user-signup");
    assert!(!shown(&screen, "audit-log-shipper") && shown(&screen, "image-resizer"));
    // Moving back up within the rows shown does not scroll.
    t.keys(&["k"]);
    let screen = t.wait_for("> thumbnailer");
    assert!(!shown(&screen, "audit-log-shipper") && shown(&screen, "user-signup"));
    t.keys(&["r"]);
    t.wait_for("Functions 12/12");
    let screen = t.wait_for("Policy thumbnailer");
    assert!(
        screen.contains("> thumbnailer") && !shown(&screen, "audit-log-shipper"),
        "the selection and the scroll are kept:\n{screen}"
    );
    t.quit();
}

#[test]
fn a_statement_is_read_whole_at_80x24_and_the_two_url_grants_are_told_apart() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    t.run_app("--demo");
    t.wait_for("Functions 12/12");
    t.keys(&["/"]);
    t.keys(&["p", "u", "b", "l", "i", "c", "-", "w"]);
    t.keys(&["Enter"]);
    t.wait_for("FunctionURLAllowPub");
    // The focused pane's details grow: everything of the statement fits.
    t.keys(&["Tab", "Tab"]);
    let screen = t.wait_for("URL NONE");
    // The table drops `lambda:`: InvokeFunctionUrl and InvokeFunction are not both "Invok…".
    assert!(screen.contains("InvokeFunctionUrl"), "{screen}");
    assert!(
        screen.contains("* InvokeFunction ") || screen.contains("InvokeFunction   "),
        "{screen}"
    );
    // The details: the grant in words, who, what, the condition, the resource and the URL.
    for shown in [
        "= everyone may invoke through its URL [PUBLIC]",
        "allow *",
        "to lambda:InvokeFunctionUrl",
        "URL NONE",
        "lambda-ur",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    t.quit();
}
