//! Every screen and dialog at 80x24 and 120x40, with colour and with NO_COLOR, as snapshots, one
//! test per screen (one mismatch hides no other). Each snapshot carries the styled runs of every
//! line, text and style, so a lost highlight fails it and a reviewer can read what changed.

use crate::common;

use common::tui_harness::{Harness, styled_text_of};
use crossterm::event::KeyCode;
use lambda_policy::policy::Field;
use lambda_policy::tui::app::Overlay;
use lambda_policy::tui::form::Slot;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(h: &mut Harness, screen: &str) {
    for (width, height) in SIZES {
        h.app.color = true;
        let coloured = styled_text_of(&h.buffer(width, height));
        insta::assert_snapshot!(format!("{screen}_{width}x{height}_colour"), coloured);
        h.app.color = false;
        let plain = h.buffer(width, height);
        // without colour, no cell may carry a colour: states show through glyphs and reverse
        for cell in plain.content() {
            assert_eq!(
                (cell.fg, cell.bg),
                (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
                "{screen}: colour under NO_COLOR"
            );
        }
        insta::assert_snapshot!(
            format!("{screen}_{width}x{height}_no_color"),
            styled_text_of(&plain)
        );
    }
    h.app.color = true;
}

fn focus_form_field(h: &mut Harness, slot: Slot) {
    for _ in 0..20 {
        if matches!(h.app.overlays.last(), Some(Overlay::Form(f)) if f.focus == slot) {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("the form never focused {slot:?}");
}

/// The demo with `legacy-reports` open and the policy pane focused.
async fn on_legacy_reports_policy() -> Harness {
    Harness::on_policy("legacy-reports").await
}

/// The add form on `user-signup` (no policy yet).
async fn add_form_on_user_signup() -> Harness {
    let mut h = Harness::start().await;
    h.open_function("user-signup").await;
    h.key(KeyCode::Char('a'));
    h
}

/// The form with an S3 bucket and no SourceAccount: the lint asks for one.
async fn form_with_s3_lint() -> Harness {
    let mut h = add_form_on_user_signup().await;
    focus_form_field(&mut h, Slot::Text(Field::SourceArn));
    h.keys("signup-uploads");
    focus_form_field(&mut h, Slot::Text(Field::SourceAccount));
    if let Some(Overlay::Form(form)) = h.app.overlays.last_mut() {
        form.set_text(Field::SourceAccount, "");
    }
    h
}

#[tokio::test]
async fn main_screen() {
    let mut h = Harness::start().await;
    snap(&mut h, "main");
}

#[tokio::test]
async fn qualifiers_with_routing_weights() {
    let mut h = Harness::start().await;
    h.open_function("orders-api").await;
    h.key(KeyCode::Tab);
    for _ in 0..4 {
        h.key(KeyCode::Char('j'));
    }
    h.settle().await;
    snap(&mut h, "qualifiers_alias_with_weights");
}

#[tokio::test]
async fn policy_with_lints() {
    let mut h = on_legacy_reports_policy().await;
    snap(&mut h, "policy_with_lints");
}

#[tokio::test]
async fn policy_json() {
    let mut h = on_legacy_reports_policy().await;
    h.key(KeyCode::Enter);
    snap(&mut h, "policy_json");
}

#[tokio::test]
async fn confirm_remove() {
    let mut h = on_legacy_reports_policy().await;
    h.key(KeyCode::Char('x'));
    snap(&mut h, "confirm_remove");
}

#[tokio::test]
async fn help() {
    let mut h = on_legacy_reports_policy().await;
    h.key(KeyCode::Char('?'));
    snap(&mut h, "help");
}

#[tokio::test]
async fn command_line() {
    let mut h = on_legacy_reports_policy().await;
    h.key(KeyCode::Char(':'));
    h.keys("profile prod");
    snap(&mut h, "command_line");
}

#[tokio::test]
async fn error_dialog() {
    let mut h = on_legacy_reports_policy().await;
    h.app.overlays.push(Overlay::Error {
        title: "Removing anyone from legacy-reports failed".into(),
        text: "ServiceException (500): An internal error occurred. [request id 7d1e4a52-9f0b-4c3e-8a61-2b5d9c0e4f13]".into(),
    });
    snap(&mut h, "error_dialog");
}

#[tokio::test]
async fn no_policy() {
    let mut h = Harness::start().await;
    h.open_function("user-signup").await;
    snap(&mut h, "no_policy");
}

#[tokio::test]
async fn form_preset_placeholders() {
    let mut h = add_form_on_user_signup().await;
    snap(&mut h, "form_preset_placeholders");
}

#[tokio::test]
async fn form_field_error() {
    let mut h = add_form_on_user_signup().await;
    focus_form_field(&mut h, Slot::Text(Field::SourceAccount));
    if let Some(Overlay::Form(form)) = h.app.overlays.last_mut() {
        form.set_text(Field::SourceAccount, "");
    }
    h.keys("12345678901");
    snap(&mut h, "form_field_error");
}

#[tokio::test]
async fn form_lint_s3_without_account() {
    let mut h = form_with_s3_lint().await;
    snap(&mut h, "form_lint_s3_without_account");
}

#[tokio::test]
async fn form_preview() {
    let mut h = form_with_s3_lint().await;
    h.ctrl('p');
    snap(&mut h, "form_preview");
}

#[tokio::test]
async fn form_confirm_public() {
    let mut h = form_with_s3_lint().await;
    if let Some(Overlay::Form(form)) = h.app.overlays.last_mut() {
        form.set_text(Field::Principal, "*");
        form.set_text(Field::SourceArn, "");
        form.set_text(Field::StatementId, "everyone");
    }
    h.ctrl('s');
    h.keys("user-");
    snap(&mut h, "form_confirm_public");
}

#[tokio::test]
async fn a_url_missing_its_second_grant() {
    let mut h = Harness::start().await;
    h.open_function("audit-log-shipper").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    snap(&mut h, "policy_url_missing_invoke");
}

/// A policy written whole: the Deny and the two principals are said in full below the table.
#[tokio::test]
async fn a_policy_written_whole_with_a_deny() {
    let mut h = Harness::start().await;
    h.open_function("org-shared-resolver").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    snap(&mut h, "policy_written_whole_deny");
}

/// The whole-policy editor on `org-shared-resolver` with "Allow" broken into "Allo".
async fn editor_with_an_error() -> Harness {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.editor_cursor_after("\"Allow");
    h.key(KeyCode::Backspace);
    h
}

#[tokio::test]
async fn editor_with_errors() {
    let mut h = editor_with_an_error().await;
    snap(&mut h, "editor_with_errors");
}

#[tokio::test]
async fn editor_diff() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"org-members", "-2");
    h.ctrl('d');
    snap(&mut h, "editor_diff");
}

#[tokio::test]
async fn editor_confirm_put() {
    let mut h = Harness::editor_on("org-shared-resolver").await;
    h.type_after("\"org-members", "-2");
    h.ctrl('s');
    snap(&mut h, "editor_confirm_put");
}

#[tokio::test]
async fn layers_screen() {
    let mut h = Harness::on_layer("public-certs").await;
    snap(&mut h, "layers_public_certs");
}

#[tokio::test]
async fn layer_form_with_an_error() {
    let mut h = Harness::on_layer("public-certs").await;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.keys("org");
    h.key(KeyCode::Tab);
    h.keys("o-a1b2");
    snap(&mut h, "layer_form_org_error");
}
