//! The real binary, in a real terminal (tmux), on the demo: browse, remove, add through the
//! form, quit, and the terminal restored after a quit, SIGTERM and SIGHUP.

use crate::common;

use common::tmux::Tmux;

#[test]
fn browse_remove_and_quit_leave_the_terminal_restored() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.filter("legacy");
    let screen = t.wait_for("anyone");
    assert!(screen.contains("ops-admin"), "{screen}");
    assert!(
        screen.contains("PUBLIC"),
        "the lint is shown in place:\n{screen}"
    );
    t.keys(&["Tab"]);
    t.keys(&["Tab"]);
    t.keys(&["x"]);
    t.wait_for("Remove statement anyone");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    let screen = t.wait_for("removed anyone from legacy-reports");
    assert!(!screen.contains("✗ anyone"), "{screen}");
    t.quit();
}

#[test]
fn add_through_the_form_with_an_inline_error_fixed_then_a_taken_sid() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.open_s3_form_on_user_signup();
    for _ in 0..12 {
        t.keys(&["BSpace"]);
    }
    t.type_text("12345678901");
    t.wait_for("exactly 12 digits; got 11");
    t.type_text("2");
    t.wait_for("✓ SourceAccount");
    t.keys(&["C-s"]);
    t.wait_for("Confirm");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    t.wait_for("added s3-invoke to user-signup");
    let screen = t.wait_for("+s3-invoke");
    assert!(
        screen.contains("+s3-invoke"),
        "the new statement is highlighted:\n{screen}"
    );
    t.keys(&["a"]);
    t.wait_for("S3 bucket notifications");
    t.keys(&["Tab"]);
    t.keys(&["Tab"]);
    for _ in 0..12 {
        t.keys(&["BSpace"]);
    }
    t.type_text("s3-invoke");
    t.wait_for("already has a statement 's3-invoke'");
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.quit();
}

#[test]
fn sigterm_mid_session_restores_the_terminal() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.keys(&["?"]);
    t.wait_for("next pane");
    t.signal_app("TERM");
    t.wait_for("EXIT:");
    t.assert_restored();
}

#[test]
fn sighup_restores_the_terminal() {
    let Some(t) = Tmux::demo(100, 30) else {
        return;
    };
    t.signal_app("HUP");
    t.wait_for("EXIT:");
    t.assert_restored();
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_fg_resumes() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.keys(&["C-z"]);
    t.wait_for("EXIT:148");
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "the shell gets the normal screen back"
    );
    assert_eq!(
        t.display("#{cursor_flag}"),
        "1",
        "the shell gets a hidden cursor"
    );
    t.type_text("fg");
    t.keys(&["Enter"]);
    t.wait_for("Functions 12/12");
    assert_eq!(t.display("#{alternate_on}"), "1");
    assert_eq!(
        t.display("#{cursor_flag}"),
        "0",
        "after fg the app hides the cursor again"
    );
    // the shell already printed the stopped job's status; after `fg` it waits for the app again
    t.keys(&["q"]);
    assert!(
        common::support::wait_until(std::time::Duration::from_secs(10), || {
            t.display("#{alternate_on}") == "0"
        }),
        "the app did not quit after fg"
    );
    t.assert_restored();
}

#[test]
fn the_real_loop_handles_keys_while_a_request_is_in_flight() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    // Every answer takes 4 s: the first page of functions is still on its way when `?` is
    // pressed, and help must show at once, above a list still loading.
    let served = common::support::Served::start(&["--latency-ms", "4000"]);
    let t = Tmux::start(100, 30);
    t.run_app_with_env(
        "AWS_ACCESS_KEY_ID=AKIACLITEST000000001 AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null",
        &format!("--endpoint-url {}", served.url),
    );
    t.wait_for("loading");
    t.keys(&["?"]);
    let screen = t.wait_for(" Keys ");
    assert!(
        screen.contains("loading"),
        "the list finished loading before help showed: the key waited for the network\n{screen}"
    );
    t.keys(&["?"]);
    t.wait_for("Functions 12/12");
    t.quit();
}

#[test]
fn a_broken_url_shows_its_error_and_f_then_ctrl_s_mends_it() {
    let Some(t) = Tmux::demo(120, 40) else {
        return;
    };
    t.filter("audit-log");
    t.wait_for("URL NONE");
    t.keys(&["Tab"]);
    t.keys(&["Tab"]);
    t.keys(&["j"]);
    let screen = t.wait_for("URL-403");
    assert!(
        screen.contains("answers 403"),
        "the error is shown in place:\n{screen}"
    );
    t.keys(&["f"]);
    let screen = t.wait_for("Add permission");
    assert!(screen.contains("lambda:InvokeFunction"), "{screen}");
    t.keys(&["C-s"]);
    t.wait_for("Confirm");
    // Typing the name is the confirmation: Enter right after it adds the grant.
    t.type_text("audit-log-shipper");
    t.keys(&["Enter"]);
    t.wait_for("added FunctionURLInvokeAllowPublicAccess");
    // The new statement marked in the reloaded pane: the lints are the new policy's.
    let screen = t.wait_for("+FunctionURL");
    assert!(
        !screen.contains("URL-403"),
        "the URL has both grants now:\n{screen}"
    );
    t.quit();
}
