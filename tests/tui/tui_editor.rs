//! The whole-policy editor (`e`) driven through the real `update`, its puts carried out against
//! the embedded emulator: findings as the text changes, jumps, the diff, the guarded put, a 412
//! that keeps the text, Esc that asks, and read-only mode.

use crate::common;

use common::tui_harness::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lambda_policy::tui::app::{DialogButton, Loadable, Overlay, StatusKind};
use lambda_policy::tui::effect::Effect;
use lambda_policy::tui::msg::Msg;
use lambda_policy::tui::policy_editor::{EditorStage, FindingKind, PolicyEditor};
use lambda_policy::tui::target::Target;

fn editor(h: &Harness) -> &PolicyEditor {
    match h.app.overlays.last() {
        Some(Overlay::Editor(editor)) => editor,
        other => panic!("the editor is not open: {other:?}"),
    }
}

fn editor_mut(h: &mut Harness) -> &mut PolicyEditor {
    match h.app.overlays.last_mut() {
        Some(Overlay::Editor(editor)) => editor,
        _ => panic!("the editor is not open"),
    }
}

/// Whether the policy pane's policy has a statement `sid`.
fn shown_has(h: &Harness, sid: &str) -> bool {
    let policy = h.app.selected_policy().expect("a policy is shown");
    policy
        .document
        .as_ref()
        .is_some_and(|d| d.statement(sid).is_some())
}

fn shift_f8(h: &mut Harness) {
    h.apply(Msg::Key(KeyEvent::new(KeyCode::F(8), KeyModifiers::SHIFT)));
}

fn status(h: &Harness) -> (StatusKind, String) {
    let status = h.app.status.as_ref().expect("a status");
    (status.kind, status.text.clone())
}

#[tokio::test]
async fn e_opens_the_whole_policy_pretty_printed_and_unchanged() {
    let h = Harness::editor_on("org-shared-resolver").await;
    let e = editor(&h);
    assert!(
        e.text.lines().len() > 20,
        "pretty-printed, one member a line"
    );
    assert!(
        e.text
            .lines()
            .iter()
            .any(|l| l.contains("\"Effect\": \"Deny\""))
    );
    assert!(!e.is_changed());
    assert_eq!(e.error_count(), 0, "{:?}", e.findings);
    assert!(
        e.findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::Lint(_)) && f.message.contains("cross-account")),
        "the lints of the statements are findings too: {:?}",
        e.findings
    );
    let screen = h.screen(80, 24);
    assert!(screen.contains("Policy of org-shared-resolver"), "{screen}");
}

#[tokio::test]
async fn typing_an_error_marks_its_line_and_shows_the_whole_message_then_fixing_it_clears_it() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.editor_cursor_after("\"Allow");
    h.key(KeyCode::Backspace);
    let e = editor(&h);
    assert_eq!(e.error_count(), 1, "{:?}", e.findings);
    let problem = e.findings.iter().find(|f| f.kind.is_error()).unwrap();
    assert!(problem.message.contains("Effect"), "{}", problem.message);
    let line = problem.from.0;
    let screen = h.screen(80, 24);
    let marked = screen
        .lines()
        .find(|l| l.contains("\"Allo\""))
        .expect("the line is on screen");
    assert!(marked.contains(&format!("{} ✗", line + 1)), "{marked}");
    assert!(
        screen.contains("must be \"Allow\" or \"Deny\""),
        "the message in full:\n{screen}"
    );
    // The problem's characters are underlined on screen.
    let buffer = h.buffer(80, 24);
    let underlined = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED));
    assert_eq!(
        underlined.map(|c| c.symbol()).collect::<String>(),
        "\"Allo\""
    );

    h.keys("w");
    let e = editor(&h);
    assert_eq!(e.error_count(), 0, "{:?}", e.findings);
    assert!(!e.is_changed(), "the text is the server's again");
}

#[tokio::test]
async fn ctrl_s_refuses_an_invalid_document_and_puts_nothing() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"Version\": ", "x");
    let effects = h.ctrl('s');
    assert!(effects.is_empty(), "{effects:?}");
    let (kind, text) = status(&h);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("to fix before"), "{text}");
    assert_eq!(editor(&h).stage, EditorStage::Editing);
}

#[tokio::test]
async fn f8_and_bracket_e_go_round_the_problems_without_typing_the_keys() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.editor_cursor_after("\"Allow");
    h.key(KeyCode::Backspace);
    h.editor_cursor_after("\"Deny");
    h.key(KeyCode::Backspace);
    let starts: Vec<(usize, usize)> = editor(&h)
        .findings
        .iter()
        .filter(|f| f.kind.is_error())
        .map(|f| f.from)
        .collect();
    assert!(starts.len() >= 2, "{starts:?}");
    editor_mut(&mut h)
        .text
        .move_cursor(ratatui_textarea::CursorMove::Top);
    h.key(KeyCode::F(8));
    let first = editor(&h).cursor();
    assert!(starts.contains(&first), "{first:?} not in {starts:?}");
    let before = editor(&h).document_text();
    h.keys("]e");
    let second = editor(&h).cursor();
    assert!(second > first, "{second:?} after {first:?}");
    assert_eq!(editor(&h).document_text(), before, "]e typed nothing");
    h.keys("[e");
    assert_eq!(editor(&h).cursor(), first);
    shift_f8(&mut h);
    assert_eq!(
        Some(&editor(&h).cursor()),
        starts.last(),
        "Shift-F8 from the first problem goes round to the last"
    );
}

#[tokio::test]
async fn ctrl_d_shows_the_statement_diff_and_ctrl_s_puts_it_after_the_confirmation() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    let revision_before = h.app.selected_policy().unwrap().revision_id.clone();
    h.type_after("\"org-members", "-2");
    h.ctrl('d');
    assert!(matches!(
        editor(&h).stage,
        EditorStage::Reviewing { server: false, .. }
    ));
    let screen = h.screen(120, 40);
    assert!(screen.contains("add 1, remove 1, change 0"), "{screen}");
    assert!(screen.contains("- \"org-members\""), "{screen}");
    assert!(screen.contains("+ \"org-members-2\""), "{screen}");
    h.key(KeyCode::Tab);
    let screen = h.screen(120, 40);
    assert!(screen.contains("The server's policy"), "{screen}");
    h.key(KeyCode::Esc);
    assert_eq!(editor(&h).stage, EditorStage::Editing);

    h.ctrl('s');
    let EditorStage::Confirming { confirm, diff } = &editor(&h).stage else {
        panic!("no confirmation: {:?}", editor(&h).stage);
    };
    assert_eq!(
        confirm.focus,
        DialogButton::Cancel,
        "it removes a statement"
    );
    assert_eq!(diff.counts(), (1, 1, 0));
    let screen = h.screen(80, 24);
    assert!(screen.contains("adds 1, removes 1, changes 0"), "{screen}");
    h.key(KeyCode::Tab);
    let effects = h.key(KeyCode::Enter);
    let Some(Effect::PutResourcePolicy { revision_id, .. }) = effects.first() else {
        panic!("no put: {effects:?}");
    };
    assert_eq!(
        *revision_id, revision_before,
        "guarded by the revision read"
    );
    h.settle().await;
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays);
    let (kind, text) = status(&h);
    assert_eq!(kind, StatusKind::Success, "{text}");
    assert!(shown_has(&h, "org-members-2"));
    assert!(!shown_has(&h, "org-members"));
    let screen = h.screen(120, 40);
    assert!(screen.contains("org-members-2"), "{screen}");
}

#[tokio::test]
async fn a_stale_put_keeps_the_text_and_compares_it_with_the_servers_new_version() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"org-members", "-2");
    let typed = editor(&h).document_text();
    h.colleague_grants("org-shared-resolver", "colleague", "111122223333")
        .await;
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    // The error window, as remove's: the error's type, Lambda's words, what they added, the
    // keys that go on.
    let EditorStage::Conflict(conflict) = &editor(&h).stage else {
        panic!("no conflict window: {:?}", editor(&h).stage);
    };
    assert_eq!(conflict.title, "PreconditionFailedException (412)");
    let screen = h.screen(100, 30);
    for shown in [
        "PreconditionFailedException (412)",
        "request id",
        "it adds \"colleague\"",
        "k  keep mine",
        "t  take theirs",
        "m  merge",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    h.key(KeyCode::Esc);
    let e = editor(&h);
    assert_eq!(e.document_text(), typed, "the text is kept");
    assert_eq!(e.stage, EditorStage::Editing);
    assert!(!e.stale, "the server's new version arrived");
    assert!(
        e.base
            .document
            .as_ref()
            .unwrap()
            .statement("colleague")
            .is_some(),
        "the edit is now against the new version"
    );
    // What a put over it would do: the colleague's statement goes too.
    let diff = e.diff().unwrap();
    assert!(
        diff.lines()
            .iter()
            .any(|l| l.starts_with("- \"colleague\"")),
        "{:?}",
        diff.lines()
    );
    let revision = e.base.revision_id.clone().unwrap();
    h.ctrl('o');
    let screen = h.screen(120, 40);
    assert!(
        screen.contains(&format!("The server's policy, revision {revision}")),
        "the server's text:\n{screen}"
    );
    h.key(KeyCode::Esc);
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(h.app.overlays.is_empty(), "the second put went through");
    assert!(!shown_has(&h, "colleague"));
}

#[tokio::test]
async fn esc_on_a_changed_text_asks_and_only_a_second_esc_discards() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"Allow", "x");
    h.key(KeyCode::Esc);
    assert_eq!(editor(&h).stage, EditorStage::AskingDiscard);
    assert!(h.screen(80, 24).contains("Discard your changes?"));
    h.key(KeyCode::Backspace);
    assert_eq!(editor(&h).stage, EditorStage::Editing);
    assert!(!editor(&h).is_changed(), "the key went to the text");
    h.keys("x");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
    assert!(
        h.all_effects
            .iter()
            .all(|e| !matches!(e, Effect::PutResourcePolicy { .. }))
    );
}

#[tokio::test]
async fn read_only_opens_the_editor_read_only() {
    let mut h = Harness::start_with(true, true).await;
    h.open_function("org-shared-resolver").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('e'));
    assert!(editor(&h).read_only);
    h.key(KeyCode::Down);
    assert_eq!(editor(&h).cursor().0, 1, "moving works");
    h.keys("xyz");
    h.apply(Msg::Paste("zzz".into()));
    assert!(!editor(&h).is_changed(), "typing does not");
    let effects = h.ctrl('s');
    assert!(effects.is_empty());
    assert_eq!(status(&h).0, StatusKind::Error);
    h.ctrl('d');
    assert!(matches!(editor(&h).stage, EditorStage::Reviewing { .. }));
    let screen = h.screen(80, 24);
    assert!(screen.contains("read-only"), "{screen}");
}

#[tokio::test]
async fn a_function_without_a_policy_opens_the_statement_edit_starts_from() {
    let mut h = Harness::editor_on("user-signup").await;
    let e = editor(&h);
    // As `edit` does: one statement to change, on this function, valid as it stands.
    assert!(e.document_text().contains("\"Sid\": \"example\""));
    assert!(
        e.document_text()
            .contains("arn:aws:lambda:us-east-1:123456789012:function:user-signup")
    );
    assert_eq!(e.error_count(), 0, "{:?}", e.findings);
    // An empty list is said in words when the statements are all taken out.
    empty_the_text(&mut h);
    let e = editor(&h);
    assert_eq!(e.error_count(), 1, "{:?}", e.findings);
    assert!(e.findings[0].message.contains("at least one statement"));
}

/// The editor's text replaced by a document without statements, to paste one into.
fn empty_the_text(h: &mut Harness) {
    editor_mut(h).text.select_all();
    h.apply(Msg::Paste(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}".into(),
    ));
}

#[tokio::test]
async fn a_pasted_statement_is_checked_and_put() {
    let mut h = Harness::editor_on("user-signup").await;
    empty_the_text(&mut h);
    h.editor_cursor_after("\"Statement\": [");
    h.apply(Msg::Paste(
        "\r\n    {\"Sid\": \"s3\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"s3.amazonaws.com\"},\r\n\t\"Action\": \"lambda:InvokeFunction\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:user-signup\",\r\n     \"Condition\": {\"StringEquals\": {\"AWS:SourceAccount\": \"123456789012\"}}}\r\n  "
            .into(),
    ));
    let e = editor(&h);
    assert_eq!(e.error_count(), 0, "{:?}", e.findings);
    assert!(!e.document_text().contains('\r'));
    h.ctrl('s');
    let EditorStage::Confirming { confirm, .. } = &editor(&h).stage else {
        panic!("no confirmation");
    };
    assert_eq!(
        confirm.focus,
        DialogButton::Confirm,
        "nothing is removed, no access beyond the account is added"
    );
    let effects = h.key(KeyCode::Enter);
    assert!(
        matches!(
            effects.first(),
            Some(Effect::PutResourcePolicy {
                revision_id: None,
                ..
            })
        ),
        "no policy, no revision: {effects:?}"
    );
    h.settle().await;
    let target = Target::new("user-signup", None);
    assert!(matches!(h.app.policy(&target), Some(Loadable::Loaded(_))));
    assert!(shown_has(&h, "s3"), "the policy was read again");
}

/// An edit of org-shared-resolver whose put was refused (412): handled up to the moment the
/// server's new version is asked for, which is left unanswered in the queue.
async fn refused_put_awaiting_the_new_version() -> Harness {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"org-members", "-2");
    h.colleague_grants("org-shared-resolver", "colleague", "111122223333")
        .await;
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    let answer = h.messages.recv().await.expect("the put's answer");
    assert!(matches!(answer, Msg::PolicyPut { .. }), "{answer:?}");
    h.apply(answer);
    assert!(editor(&h).stale);
    h
}

#[tokio::test]
async fn keep_mine_waits_for_the_servers_new_version_after_a_412() {
    let mut h = refused_put_awaiting_the_new_version().await;
    assert!(h.ctrl('s').is_empty());
    let effects = h.key(KeyCode::Char('k'));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(
        matches!(&editor(&h).stage, EditorStage::Conflict(c) if c.theirs_added.is_none()),
        "no dialog on an old diff: {:?}",
        editor(&h).stage
    );
    h.settle().await;
    assert!(!editor(&h).stale);
    h.key(KeyCode::Char('k'));
    let EditorStage::Confirming { diff, confirm } = &editor(&h).stage else {
        panic!("the dialog, once the new version is here");
    };
    assert_eq!(confirm.focus, DialogButton::Cancel, "it puts over theirs");
    assert!(
        diff.lines()
            .iter()
            .any(|l| l.starts_with("- \"colleague\"")),
        "the dialog says the colleague's statement goes: {:?}",
        diff.lines()
    );
}

#[tokio::test]
async fn a_failed_read_of_the_new_version_ends_the_wait_and_says_why() {
    let mut h = refused_put_awaiting_the_new_version().await;
    let Msg::Policy { target, ticket, .. } = h.messages.recv().await.expect("the read") else {
        panic!("the policy read");
    };
    h.apply(Msg::Policy {
        target,
        ticket,
        result: Err(lambda_policy::lambda::LambdaError::Timeout {
            after: std::time::Duration::from_secs(10),
        }),
    });
    let e = editor(&h);
    assert!(!e.stale);
    assert!(
        e.server_error
            .as_deref()
            .is_some_and(|m| m.contains("Ctrl-R")),
        "{:?}",
        e.server_error
    );
    assert!(h.screen(80, 24).contains("could not be read again"));
}

#[tokio::test]
async fn only_the_put_failing_unblocks_a_putting_editor() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"org-members", "-2");
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert!(editor(&h).is_putting());
    h.apply(Msg::TaskFailed {
        task: lambda_policy::tui::msg::Task::LoadingPolicy,
    });
    assert!(editor(&h).is_putting(), "another task's failure");
    h.apply(Msg::TaskFailed {
        task: lambda_policy::tui::msg::Task::PuttingPolicy,
    });
    assert_eq!(editor(&h).stage, EditorStage::Editing);
    assert!(editor(&h).server_error.is_some());
    h.settle().await;
}

#[tokio::test]
async fn an_empty_paste_over_a_selection_is_checked_like_any_change() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.editor_cursor_after("\"Resource\"");
    editor_mut(&mut h)
        .text
        .move_cursor(ratatui_textarea::CursorMove::Head);
    h.apply(Msg::Key(KeyEvent::new(KeyCode::End, KeyModifiers::SHIFT)));
    h.apply(Msg::Paste("\u{1b}".into()));
    let e = editor(&h);
    assert!(e.is_changed(), "the selection went");
    assert!(
        e.error_count() > 0,
        "and the text was checked: {:?}",
        e.findings
    );
    let effects = h.ctrl('s');
    assert!(effects.is_empty());
    assert!(!matches!(editor(&h).stage, EditorStage::Confirming { .. }));
}

#[tokio::test]
async fn bracket_e_takes_out_only_a_bracket_it_typed() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.editor_cursor_after("\"Allow");
    let before = editor(&h).document_text();
    // Alt-] moves by paragraph and types nothing: the `e` after it is text.
    h.apply(Msg::Key(KeyEvent::new(
        KeyCode::Char(']'),
        KeyModifiers::ALT,
    )));
    h.keys("e");
    let after = editor(&h).document_text();
    assert_eq!(
        after.len(),
        before.len() + 1,
        "an e was typed, nothing taken"
    );
    // A bracket, a paste, then e: the e is text too.
    h.keys("]");
    h.apply(Msg::Paste("x".into()));
    h.keys("e");
    assert!(editor(&h).document_text().contains("]xe"));
}

#[tokio::test]
async fn the_underline_lands_on_the_problem_after_wide_characters() {
    let mut h = Harness::editor_on("user-signup").await;
    editor_mut(&mut h).text.select_all();
    // Wide characters (two cells) and a combining accent (two characters, one cell) before it.
    h.apply(Msg::Paste(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/团队\":\"平台 cafe\u{301}\"}},\"Sid\":\"x\",\"Effect\":\"Permit\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"*\"}]}"
            .into(),
    ));
    let text = editor(&h).document_text();
    assert!(
        text.find("平台").unwrap() < text.find("Permit").unwrap(),
        "{text}"
    );
    editor_mut(&mut h)
        .text
        .move_cursor(ratatui_textarea::CursorMove::Head);
    let buffer = h.buffer(200, 24);
    let underlined: String = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .map(|c| c.symbol())
        .collect();
    assert!(underlined.contains("\"Permit\""), "{underlined:?}");
    assert!(!underlined.contains("平"), "{underlined:?}");
}

#[tokio::test]
async fn a_put_that_makes_the_function_public_starts_on_cancel_and_needs_its_name_typed() {
    let mut h = Harness::editor_on("user-signup").await;
    empty_the_text(&mut h);
    h.editor_cursor_after("\"Statement\": [");
    h.apply(Msg::Paste(
        "{\"Sid\": \"anyone\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"lambda:InvokeFunction\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:user-signup\"}"
            .into(),
    ));
    assert_eq!(editor(&h).error_count(), 0, "{:?}", editor(&h).findings);
    // Said before any put, as it is typed.
    let screen = h.screen(100, 30);
    assert!(
        screen
            .lines()
            .nth(1)
            .is_some_and(|title| title.contains("+ PUBLIC")),
        "{screen}"
    );
    // One glyph per severity: the public lint is an error in the title as in its message.
    let title = screen.lines().nth(1).unwrap_or_default();
    assert!(
        title.contains("✗ 1 error") && !title.contains("warning"),
        "{title}"
    );
    assert!(
        screen.contains("+ PUBLIC anyone: everyone may invoke"),
        "the access it adds, in words, below the text:\n{screen}"
    );
    // Ctrl-D: the access change above the statements' diff.
    h.ctrl('d');
    let screen = h.screen(100, 30);
    let access = screen.find("+ PUBLIC anyone: everyone may invoke");
    let statements = screen.find("Statements:");
    assert!(
        access.is_some() && statements.is_some() && access < statements,
        "{screen}"
    );
    h.key(KeyCode::Esc);
    h.ctrl('s');
    let EditorStage::Confirming { confirm, .. } = &editor(&h).stage else {
        panic!("no confirmation: {:?}", editor(&h).stage);
    };
    assert_eq!(confirm.focus, DialogButton::Cancel, "it adds public access");
    assert!(confirm.typed.is_some());
    let screen = h.screen(100, 30);
    assert!(screen.contains("PUBLIC anyone"), "{screen}");
    assert!(screen.contains("Type the function name"), "{screen}");
    h.key(KeyCode::Tab);
    assert!(h.key(KeyCode::Enter).is_empty(), "not without the name");
    assert!(
        matches!(editor(&h).stage, EditorStage::Confirming { .. }),
        "the dialog stays"
    );
    h.keys("user-signup");
    let effects = h.key(KeyCode::Enter);
    assert!(
        matches!(effects.first(), Some(Effect::PutResourcePolicy { .. })),
        "{effects:?}"
    );
}

#[tokio::test]
async fn take_theirs_puts_their_version_in_the_text_and_ctrl_u_brings_mine_back() {
    let mut h = refused_put_awaiting_the_new_version().await;
    let mine = editor(&h).document_text();
    h.settle().await;
    h.key(KeyCode::Char('t'));
    let e = editor(&h);
    assert_eq!(e.stage, EditorStage::Editing);
    assert!(e.document_text().contains("\"colleague\""));
    assert!(!e.document_text().contains("org-members-2"));
    assert!(!e.is_changed(), "the text is the server's");
    h.ctrl('u');
    assert_eq!(editor(&h).document_text(), mine, "undo brings my text back");
}

#[tokio::test]
async fn merge_adds_their_new_statements_to_my_text_and_shows_the_diff_before_the_put() {
    let mut h = refused_put_awaiting_the_new_version().await;
    h.settle().await;
    h.key(KeyCode::Char('m'));
    let e = editor(&h);
    assert!(
        matches!(e.stage, EditorStage::Reviewing { server: false, .. }),
        "{:?}",
        e.stage
    );
    let text = e.document_text();
    assert!(
        text.contains("org-members-2") && text.contains("\"colleague\""),
        "{text}"
    );
    let diff = e.diff().unwrap().lines();
    assert!(
        !diff.iter().any(|l| l.contains("colleague")),
        "theirs is kept: {diff:?}"
    );
    h.ctrl('s');
    let EditorStage::Confirming { .. } = &editor(&h).stage else {
        panic!("the confirmation: {:?}", editor(&h).stage);
    };
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays);
    assert!(shown_has(&h, "colleague") && shown_has(&h, "org-members-2"));
}

#[tokio::test]
async fn a_mended_text_opens_the_put_without_the_old_problem_on_the_status_line() {
    let mut h = Harness::editor_on("user-signup").await;
    editor_mut(&mut h).text.select_all();
    h.apply(Msg::Paste(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"x\",\"Effect\":\"Permit\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"*\"}]}"
            .into(),
    ));
    h.ctrl('s');
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.kind == StatusKind::Error && s.text.contains("to fix")),
        "{:?}",
        h.app.status
    );
    editor_mut(&mut h).text.select_all();
    h.apply(Msg::Paste(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"x\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"*\"}]}"
            .into(),
    ));
    h.ctrl('s');
    assert!(matches!(editor(&h).stage, EditorStage::Confirming { .. }));
    assert!(h.app.status.is_none(), "{:?}", h.app.status);
    assert!(!h.screen(80, 24).contains("to fix"));
}

#[tokio::test]
async fn ctrl_home_and_ctrl_end_go_to_the_ends_and_the_title_says_line_and_column() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    let lines = editor(&h).text.lines().len();
    let title = |h: &Harness| {
        h.screen(100, 30)
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    assert!(title(&h).contains(" 1:1 "), "{}", title(&h));
    h.apply(Msg::Key(KeyEvent::new(KeyCode::End, KeyModifiers::CONTROL)));
    assert_eq!(editor(&h).cursor().0, lines - 1);
    assert!(title(&h).contains(&format!(" {lines}:")), "{}", title(&h));
    h.apply(Msg::Key(KeyEvent::new(
        KeyCode::Home,
        KeyModifiers::CONTROL,
    )));
    assert_eq!(editor(&h).cursor(), (0, 0));
}

#[tokio::test]
async fn ctrl_f_finds_f3_finds_again_and_ctrl_g_goes_to_a_line() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.ctrl('f');
    h.keys("network");
    let screen = h.screen(100, 30);
    assert!(screen.contains("Find: network"), "{screen}");
    h.key(KeyCode::Enter);
    let line_of = |h: &Harness| {
        let e = editor(h);
        e.text.lines()[e.cursor().0].to_lowercase()
    };
    assert!(line_of(&h).contains("network"), "{}", line_of(&h));
    let first = editor(&h).cursor();
    // F3 goes round to the next place (here, the only one: the same).
    h.key(KeyCode::F(3));
    assert_eq!(editor(&h).cursor(), first);
    // A word that is not there is said so, and the cursor stays.
    h.ctrl('f');
    for _ in 0.."network".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("nowhere-at-all");
    h.key(KeyCode::Enter);
    assert_eq!(editor(&h).cursor(), first);
    assert!(
        h.status_text().contains("is not in the text"),
        "{}",
        h.status_text()
    );
    // Ctrl-G 3: the third line.
    h.ctrl('g');
    h.keys("3");
    h.key(KeyCode::Enter);
    assert_eq!(editor(&h).cursor(), (2, 0));
    assert_eq!(editor(&h).stage, EditorStage::Editing);
}
