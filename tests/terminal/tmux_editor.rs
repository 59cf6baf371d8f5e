//! The real binary in a real terminal (tmux, 80x24): the whole-policy editor from `e` to a put,
//! with a problem typed, seen underlined and marked with its message, and fixed.

use crate::common;

use common::tmux::Tmux;

#[test]
fn e_type_an_error_see_it_fix_it_diff_and_put() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.filter("org-shared");
    t.wait_for("org-members");
    t.keys(&["Tab"]);
    t.keys(&["Tab"]);
    t.keys(&["e"]);
    t.wait_for("Policy of org-shared-resolver");
    for _ in 0..6 {
        t.keys(&["Down"]);
    }
    t.keys(&["End"]);
    t.keys(&["Left"]);
    t.keys(&["Left"]);
    t.keys(&["BSpace"]);
    let screen = t.wait_for("Effect: must be \"Allow\" or \"Deny\"");
    let marked = screen
        .lines()
        .find(|l| l.contains("\"Allo\""))
        .unwrap_or_else(|| panic!("the line is not on screen:\n{screen}"));
    assert!(marked.contains(" 7 ✗"), "the line is marked:\n{screen}");
    assert!(screen.contains("1 problem"), "{screen}");
    // The problem's text carries an underline (SGR 4) on the terminal itself.
    let styled = t.styled_screen();
    let line = styled
        .lines()
        .find(|l| l.contains("Allo"))
        .expect("the styled line");
    let value = line.find("\"Allo").expect("the value");
    let styles_before = &line[line.find("\"Effect\":").expect("the member")..value];
    let underlined = styles_before.split("\x1b[").skip(1).any(|sgr| {
        let params = sgr.split('m').next().unwrap_or_default();
        params.split(';').any(|n| n == "4")
    });
    assert!(underlined, "no underline before the value: {line:?}");

    t.type_text("w");
    let screen = t.wait_for("i 1 note");
    assert!(!screen.contains("1 problem"), "fixed:\n{screen}");
    t.keys(&["Up"]);
    t.keys(&["End"]);
    t.keys(&["Left"]);
    t.keys(&["Left"]);
    t.type_text("-2");
    t.wait_for("changed");
    t.keys(&["C-d"]);
    let screen = t.wait_for("A put would add 1, remove 1, change 0");
    assert!(screen.contains("+ \"org-members-2\""), "{screen}");
    t.keys(&["Escape"]);
    t.keys(&["C-s"]);
    t.wait_for("Replace the whole policy");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    t.wait_for("put the policy of org-shared-resolver");
    let screen = t.wait_for("org-members-2");
    assert!(
        screen.contains("org-members-2"),
        "the policy pane shows the result:\n{screen}"
    );
    t.quit();
}
