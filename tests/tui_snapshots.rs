//! Every screen and dialog at 80x24 and 120x40, with colour and with NO_COLOR, as snapshots.
//! The colour snapshots carry each line's style runs, so a lost highlight fails them.

mod common;

use common::tui_harness::{Harness, styled_text_of, text_of};
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
        assert!(!text_of(&plain).is_empty());
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
}

#[tokio::test]
async fn every_screen_and_dialog() {
    let mut h = Harness::start().await;
    snap(&mut h, "main");

    h.open_function("orders-api").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.settle().await;
    snap(&mut h, "qualifiers_alias_with_weights");

    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    snap(&mut h, "policy_with_lints");

    h.key(KeyCode::Enter);
    snap(&mut h, "policy_json");
    h.key(KeyCode::Esc);

    h.key(KeyCode::Char('x'));
    snap(&mut h, "confirm_remove");
    h.key(KeyCode::Esc);

    h.key(KeyCode::Char('?'));
    snap(&mut h, "help");
    h.key(KeyCode::Char('?'));

    h.key(KeyCode::Char(':'));
    h.keys("profile prod");
    snap(&mut h, "command_line");
    h.key(KeyCode::Esc);

    h.app.overlays.push(Overlay::Error {
        title: "Removing anyone from legacy-reports failed".into(),
        text: "ServiceException (500): An internal error occurred. [request id 7d1e4a52-9f0b-4c3e-8a61-2b5d9c0e4f13]".into(),
    });
    snap(&mut h, "error_dialog");
    h.key(KeyCode::Esc);

    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.open_function("user-signup").await;
    snap(&mut h, "no_policy");

    h.key(KeyCode::Char('a'));
    snap(&mut h, "form_preset_placeholders");

    focus_form_field(&mut h, Slot::Text(Field::SourceAccount));
    if let Some(Overlay::Form(form)) = h.app.overlays.last_mut() {
        form.set_text(Field::SourceAccount, "");
    }
    h.keys("12345678901");
    snap(&mut h, "form_field_error");

    focus_form_field(&mut h, Slot::Text(Field::SourceArn));
    h.keys("signup-uploads");
    focus_form_field(&mut h, Slot::Text(Field::SourceAccount));
    if let Some(Overlay::Form(form)) = h.app.overlays.last_mut() {
        form.set_text(Field::SourceAccount, "");
    }
    snap(&mut h, "form_lint_s3_without_account");

    h.ctrl('p');
    snap(&mut h, "form_preview");
    h.key(KeyCode::Esc);

    if let Some(Overlay::Form(form)) = h.app.overlays.last_mut() {
        form.set_text(Field::Principal, "*");
        form.set_text(Field::SourceArn, "");
        form.set_text(Field::StatementId, "everyone");
    }
    h.ctrl('s');
    h.keys("user-");
    snap(&mut h, "form_confirm_public");
}
