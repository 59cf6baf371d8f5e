//! The guided tour: each step, fed through the real `update` against the embedded demo, brings
//! the app to the state its caption speaks of; the tour's keys move, go back and leave.

use crate::common;

use common::tui_harness::Harness;
use crossterm::event::KeyCode;
use lambda_policy::policy::Severity;
use lambda_policy::tui::app::{Overlay, Pane, QualifierRow};
use lambda_policy::tui::form::Stage;
use lambda_policy::tui::layer_browser::Browsing;
use lambda_policy::tui::msg::Msg;
use lambda_policy::tui::tour::Tour;

/// Feeds the step's inputs as the event loop does: one, then every answer it starts.
async fn take_step(h: &mut Harness) {
    while h.app.tour_is_feeding() {
        h.apply(Msg::TourContinue);
        h.settle().await;
    }
}

async fn on_tour() -> Harness {
    let mut h = Harness::start().await;
    h.app.tour = Some(Tour::demo());
    take_step(&mut h).await;
    h
}

async fn press(h: &mut Harness, code: KeyCode) {
    h.key(code);
    take_step(h).await;
}

fn step(h: &Harness) -> usize {
    h.app.tour.as_ref().expect("on the tour").index + 1
}

fn sids(h: &Harness) -> Vec<String> {
    let policy = h.app.selected_policy().expect("a policy shown");
    policy
        .document
        .as_ref()
        .map(|d| d.statements.iter().filter_map(|s| s.sid.clone()).collect())
        .unwrap_or_default()
}

fn form_stage(h: &Harness) -> Option<&Stage> {
    match h.app.overlays.last() {
        Some(Overlay::Form(form)) => Some(&form.stage),
        _ => None,
    }
}

#[tokio::test]
async fn every_step_brings_the_app_to_what_its_caption_says() {
    let mut h = on_tour().await;
    let steps = h.app.tour.as_ref().unwrap().steps.len();
    assert_eq!(steps, 11);

    // 1: browsing, from the top.
    assert_eq!(step(&h), 1);
    assert_eq!(h.app.focus, Pane::Functions);
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("alexa-skill")
    );
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Tour 1/11") && screen.contains("Space next"),
        "{screen}"
    );
    assert!(
        screen.contains("alexa-skill"),
        "the caption hides nothing:\n{screen}"
    );

    // 2: the filter, and a public statement with its lint.
    press(&mut h, KeyCode::Char(' ')).await;
    assert_eq!(step(&h), 2);
    assert_eq!(h.app.filter, "legacy");
    assert_eq!(h.app.focus, Pane::Policy);
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("legacy-reports")
    );
    assert_eq!(
        h.app.selected_policy().unwrap().worst(),
        Some(Severity::Error)
    );

    // 3: the JSON view.
    press(&mut h, KeyCode::Char('n')).await;
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::PolicyJson { .. })
    ));

    // 4: qualifiers, on the alias with routing weights.
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(h.app.overlays.is_empty(), "each step starts from home");
    let row = &h.app.qualifier_rows()[h.app.selected_qualifier.index()];
    let QualifierRow::Alias { alias } = row else {
        panic!("{row:?}")
    };
    assert_eq!(alias.name, "live");
    assert!(alias.routing_config.is_some());

    // 5: the form, a field error beside its field.
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(matches!(form_stage(&h), Some(Stage::Editing { .. })));
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("arn:aws:s3:::signup-uploads") && screen.contains("12 digits"),
        "the tour's typing reached the form ('n' and 'p' in it are not tour keys):\n{screen}"
    );

    // 6: the preview.
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(matches!(form_stage(&h), Some(Stage::Previewing { .. })));

    // 7: the submit.
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays.last());
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("user-signup")
    );
    assert!(
        sids(&h).contains(&"s3-invoke".to_string()),
        "{:?}",
        sids(&h)
    );

    // 8: the conflict.
    press(&mut h, KeyCode::Char(' ')).await;
    let Some(Overlay::Error { title, .. }) = h.app.overlays.last() else {
        panic!("no 412 window: {:?}", h.app.overlays.last());
    };
    assert_eq!(title, "PreconditionFailedException (412)");

    // 9: the recovery and the remove.
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays.last());
    assert!(!sids(&h).contains(&"anyone".to_string()), "{:?}", sids(&h));

    // 10: the whole-policy editor.
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Editor(_))));

    // 11: the layers.
    press(&mut h, KeyCode::Char(' ')).await;
    assert_eq!(h.app.browsing, Browsing::Layers);
    let version = h.app.layers.selected_version().unwrap();
    assert_eq!(version.to_string(), "public-certs:2");

    // The last step stays the last.
    press(&mut h, KeyCode::Char(' ')).await;
    assert_eq!(step(&h), 11);
    assert!(h.status_text().contains("last step"));
}

#[tokio::test]
async fn p_goes_back_and_esc_leaves_the_app_where_it_is() {
    let mut h = on_tour().await;
    press(&mut h, KeyCode::Char(' ')).await;
    press(&mut h, KeyCode::Char(' ')).await;
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::PolicyJson { .. })
    ));
    press(&mut h, KeyCode::Char('p')).await;
    assert_eq!(step(&h), 2);
    assert!(h.app.overlays.is_empty(), "step 2 again, from home");
    assert_eq!(h.app.filter, "legacy");

    // Other keys are the app's while the tour is on.
    press(&mut h, KeyCode::Enter).await;
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::PolicyJson { .. })
    ));
    press(&mut h, KeyCode::Esc).await;
    assert!(h.app.tour.is_none());
    assert!(
        matches!(h.app.overlays.last(), Some(Overlay::PolicyJson { .. })),
        "leaving the tour keeps the app as it was"
    );
    assert!(!h.screen(80, 24).contains("Tour "));
    // The app is the user's again: Esc closes the window.
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
}

#[tokio::test]
async fn tour_starts_from_the_command_line_and_only_on_the_demo() {
    let mut h = Harness::start().await;
    h.command("tour");
    take_step(&mut h).await;
    assert_eq!(step(&h), 1);

    let mut h = Harness::start().await;
    h.app.context.demo = false;
    h.command("tour");
    assert!(h.app.tour.is_none());
    assert!(h.status_text().contains("--demo"));
}

#[tokio::test]
async fn keys_pressed_while_the_tour_types_do_not_mix_into_its_typing() {
    let mut h = on_tour().await;
    h.key(KeyCode::Char(' '));
    // The tour has typed "/le" of step 2 (after going home) when the presenter presses keys.
    for _ in 0..4 {
        h.apply(Msg::TourContinue);
        h.settle().await;
    }
    assert!(h.app.filter_editing);
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.filter, "le", "a key other than the tour's is dropped");
    h.key(KeyCode::Char('n'));
    assert_eq!(step(&h), 3, "n is the tour's, even while its typing is on");
    take_step(&mut h).await;
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::PolicyJson { .. })
    ));
    assert_eq!(h.app.filter, "legacy");
}

#[tokio::test]
async fn going_back_and_forth_shows_each_step_as_it_began_and_piles_nothing_up() {
    // A `:conflict` statement's Sid ends in a fresh id each time it is made: compared by kind.
    let kinds = |h: &Harness| -> Vec<String> {
        sids(h)
            .into_iter()
            .map(|sid| match sid.strip_prefix("concurrent-change-") {
                Some(_) => "concurrent-change".to_string(),
                None => sid,
            })
            .collect()
    };
    let mut h = on_tour().await;
    for _ in 0..8 {
        press(&mut h, KeyCode::Char(' ')).await;
    }
    assert_eq!(step(&h), 9);
    let first = kinds(&h);
    // Back a step and forward again, twice: the same statements each time, nothing piled up.
    for _ in 0..2 {
        press(&mut h, KeyCode::Char('p')).await;
        assert_eq!(step(&h), 8);
        press(&mut h, KeyCode::Char(' ')).await;
        assert_eq!(step(&h), 9);
        assert_eq!(kinds(&h), first, "{}", h.screen(120, 40));
    }
    // Back to step 2: legacy-reports as it began, its public grant there again.
    for _ in 0..7 {
        press(&mut h, KeyCode::Char('p')).await;
    }
    assert_eq!(step(&h), 2);
    assert!(
        sids(&h).iter().all(|s| !s.starts_with("concurrent-change")),
        "{:?}",
        sids(&h)
    );
}

#[tokio::test]
async fn a_number_jumps_to_its_step_through_the_ones_before_it() {
    let mut stepped = on_tour().await;
    for _ in 0..8 {
        press(&mut stepped, KeyCode::Char(' ')).await;
    }
    let mut h = on_tour().await;
    press(&mut h, KeyCode::Char('9')).await;
    assert_eq!(step(&h), 9);
    assert_eq!(
        sids(&h).len(),
        sids(&stepped).len(),
        "the state step 9 speaks of, as if stepped to"
    );
    press(&mut h, KeyCode::Char('2')).await;
    assert_eq!(step(&h), 2);
    assert!(sids(&h).iter().all(|s| !s.starts_with("concurrent-change")));
    press(&mut h, KeyCode::Char('0')).await;
    assert_eq!(step(&h), 10);
}
