//! The real binary in a real terminal (tmux, 80x24), as a presenter uses it: the keys pressed
//! shown for the audience, the demo reset after a change.

use crate::common;

use common::tmux::Tmux;

#[test]
fn show_keys_shows_j_and_tab_and_reset_brings_a_removed_statement_back() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    t.run_app("--demo --show-keys");
    t.wait_for("Functions 12/12");
    t.keys(&["j"]);
    t.keys(&["Tab"]);
    let screen = t.wait_for("j  Tab");
    let corner = screen
        .lines()
        .find(|l| l.contains("j  Tab"))
        .unwrap_or_else(|| panic!("j and Tab are shown:\n{screen}"));
    assert!(
        corner.trim_end().ends_with('│'),
        "at the right edge: {corner}"
    );
    assert!(
        screen.lines().nth(22).is_some_and(|l| l.contains("quit")),
        "the footer's text is not covered:\n{screen}"
    );

    t.filter("legacy");
    t.wait_for("anyone");
    t.keys(&["Tab"]);
    t.keys(&["Tab"]);
    t.keys(&["x"]);
    t.wait_for("Remove statement anyone");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    t.wait_for("removed anyone from legacy-reports");
    t.command("reset");
    t.wait_for("back as it started");
    t.wait_for("✗ anyone");
    t.quit();
}

#[test]
fn screenshot_writes_an_svg_and_the_text_of_the_screen() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    let shot = t.dir.path().join("shot.svg");
    t.run_app("--demo");
    t.wait_for("Functions 12/12");
    t.keys(&[":"]);
    t.type_text(&format!("screenshot {}", shot.display()));
    t.keys(&["Enter"]);
    t.wait_for("screenshot saved");
    let svg = std::fs::read_to_string(&shot).expect("the SVG is written");
    assert!(svg.starts_with("<svg "), "{}", &svg[..80.min(svg.len())]);
    let text = std::fs::read_to_string(shot.with_extension("txt")).expect("and the text");
    assert!(text.contains("Functions 12/12"), "{text}");
    assert_eq!(text.lines().count(), 24);

    // Files there already are never replaced unasked: the text beside notes.svg is someone's.
    let notes = t.dir.path().join("notes.svg");
    std::fs::write(notes.with_extension("txt"), "my notes").unwrap();
    t.keys(&[":"]);
    t.type_text(&format!("screenshot {}", notes.display()));
    t.keys(&["Enter"]);
    t.wait_for("Replace it with this screen?");
    t.keys(&["Enter"]);
    t.wait_for("no screenshot taken");
    assert_eq!(
        std::fs::read_to_string(notes.with_extension("txt")).unwrap(),
        "my notes"
    );
    assert!(!notes.exists(), "neither file is written");
    t.keys(&[":"]);
    t.type_text(&format!("screenshot {}", notes.display()));
    t.keys(&["Enter"]);
    t.wait_for("Replace it with this screen?");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    t.wait_for("screenshot saved");
    assert!(
        std::fs::read_to_string(notes.with_extension("txt"))
            .unwrap()
            .contains("Functions 12/12")
    );
    t.quit();
}

#[test]
fn record_never_writes_through_a_link_nor_over_a_file_and_keeps_the_cast_private() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let precious = home.join("precious");
    std::fs::write(&precious, "keep").unwrap();
    let link = home.join("link.cast");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let existing = home.join("existing.cast");
    std::fs::write(&existing, "an older cast").unwrap();
    for (cast, extra) in [(&link, None), (&link, Some("--force")), (&existing, None)] {
        let mut command =
            common::support::clean_command(std::path::Path::new(common::support::BINARY), home);
        command.args(["--demo", "--record"]).arg(cast).args(extra);
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cast:?} {extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--record"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "an older cast");
}

#[test]
fn record_writes_an_asciinema_cast_that_replays_to_the_screen_tmux_shows() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    let cast = t.dir.path().join("session.cast");
    t.run_app(&format!("--demo --record {}", cast.display()));
    t.wait_for("Functions 12/12");
    t.keys(&["j"]);
    t.keys(&["j"]);
    t.keys(&["Tab"]);
    t.wait_for("Policy image-resizer");
    let shown = t.settled_screen();
    t.keys(&["q"]);
    t.wait_for("EXIT:0");

    let text = std::fs::read_to_string(&cast).expect("the cast is written");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&cast).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "a cast shows the account's data");
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["version"], 2);
    assert_eq!(
        (&header["width"], &header["height"]),
        (&serde_json::json!(80), &serde_json::json!(24))
    );
    assert!(header["timestamp"].as_u64().unwrap() > 1_700_000_000);
    assert!(header["env"]["TERM"].is_string());
    let mut parser = vt100::Parser::new(24, 80, 0);
    let mut last = 0.0;
    for line in lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let time = event[0].as_f64().unwrap();
        assert!(time >= last, "times only grow");
        last = time;
        assert_eq!(event[1], "o");
        parser.process(event[2].as_str().unwrap().as_bytes());
    }
    let replayed: Vec<String> = parser
        .screen()
        .rows(0, 80)
        .map(|row| row.trim_end().to_string())
        .collect();
    let seen: Vec<String> = shown.lines().map(|l| l.trim_end().to_string()).collect();
    assert_eq!(
        replayed,
        seen[..24],
        "the replay ends on the screen tmux showed"
    );
}

#[test]
fn tour_shows_step_one_and_space_brings_step_two_with_its_state() {
    if common::skip_without(common::Needs::Tmux) {
        return;
    }
    let t = Tmux::start(80, 24);
    t.run_app("--tour");
    let screen = t.wait_for("Tour 1/11");
    assert!(screen.contains("Space next"), "{screen}");
    t.wait_for("Functions 12/12");
    t.keys(&["Space"]);
    let screen = t.wait_for("Tour 2/11");
    assert!(screen.contains("/ filters as you type"), "{screen}");
    let screen = t.wait_for("└ /legacy ─");
    assert!(
        screen.contains("✗ anyone"),
        "the step's policy is shown:\n{screen}"
    );
    t.keys(&["Escape"]);
    t.wait_for("left the tour");
    assert!(!t.screen().contains("Tour 2/11"));
    t.quit();
}

#[test]
fn conflict_then_a_submit_from_the_form_shows_the_412_and_its_recovery() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.filter("legacy");
    t.wait_for("✗ anyone");
    t.command("conflict");
    t.wait_for("meets a 412");
    t.keys(&["a"]);
    t.wait_for("S3 bucket notifications");
    for _ in 0..5 {
        t.keys(&["Tab"]);
    }
    t.type_text("reports-bucket");
    t.keys(&["C-s"]);
    t.wait_for("Cancel");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    let screen = t.wait_for("PreconditionFailedException (412)");
    assert!(screen.contains("Ctrl-R reads it again"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for("arn:aws:s3:::reports-bucket");
    assert!(
        screen.contains("Add permission"),
        "the form and its text are kept:\n{screen}"
    );
    t.keys(&["C-r"]);
    t.keys(&["C-s"]);
    t.wait_for("Cancel");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    t.wait_for("added s3-invoke to legacy-reports");
    t.quit();
}
