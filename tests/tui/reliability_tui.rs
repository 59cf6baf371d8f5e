//! The TUI on a bad day: keys are handled while requests are in flight, a lost answer is
//! reconciled and the user told, throttling is retried behind the scenes.

use crate::common;

use common::tui_harness::Harness;
use crossterm::event::KeyCode;
use lambda_policy::emulator::FaultConfig;
use lambda_policy::policy::Field;
use lambda_policy::tui::app::{Loadable, Overlay, StatusKind};
use lambda_policy::tui::form::Slot;
use lambda_policy::tui::target::Target;

#[tokio::test]
async fn keys_are_handled_while_slow_requests_are_in_flight() {
    let mut h = Harness::start_faulty(FaultConfig {
        latency_ms: 300,
        ..Default::default()
    })
    .await;
    h.key(KeyCode::Char('/'));
    h.keys("orders");
    h.key(KeyCode::Enter);
    // every request takes 300 ms: wait until one is in flight, then press a key meanwhile
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let in_flight = |h: &Harness| {
        matches!(&h.app.qualifiers, Some(q) if q.rows == Loadable::Loading)
            || h.app
                .policies
                .values()
                .any(|p| matches!(p, Loadable::Loading))
    };
    while !in_flight(&h) {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing was ever requested"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        h.pump();
    }
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Help { .. })));
    assert!(in_flight(&h), "requests are still pending");
    h.key(KeyCode::Char('?'));
    h.settle().await;
    let target = Target::new("orders-api", Some("live".into()));
    assert!(matches!(h.app.policy(&target), Some(Loadable::Loaded(_))));
}

#[tokio::test]
async fn a_lost_answer_is_reconciled_and_the_user_is_told() {
    let mut h = Harness::start_faulty(FaultConfig {
        drop_after_write_rate: 1.0,
        ..Default::default()
    })
    .await;
    h.open_function("user-signup").await;
    h.key(KeyCode::Char('a'));
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    assert!(
        matches!(h.app.overlays.last(), Some(Overlay::Form(f)) if f.focus == Slot::Text(Field::SourceArn))
    );
    h.keys("lost-answer");
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    let status = h.app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Success);
    assert!(
        status.text.contains("the answer was lost") && status.text.contains("was added"),
        "{}",
        status.text
    );
    assert_eq!(
        h.app.selected_policy().unwrap().statement_count(),
        1,
        "added once"
    );
}

#[tokio::test]
async fn throttling_is_retried_said_while_it_lasts_and_no_error_once_it_passes() {
    let mut h = Harness::start_faulty(FaultConfig {
        throttle_rate: 0.3,
        seed: Some(3),
        ..Default::default()
    })
    .await;
    h.open_function("orders-api").await;
    assert!(
        h.app
            .status
            .as_ref()
            .is_none_or(|s| s.kind != StatusKind::Error),
        "{:?}",
        h.app.status
    );
    let loaded = h
        .app
        .policies
        .iter()
        .filter(|(t, p)| t.function == "orders-api" && matches!(p, Loadable::Loaded(_)))
        .count();
    assert_eq!(loaded, 6, "the function, 3 versions and 2 aliases");
    let retries: Vec<&String> = h
        .app
        .messages
        .iter()
        .map(|(_, text)| text)
        .filter(|text| text.starts_with("throttled — retry "))
        .collect();
    assert!(
        !retries.is_empty(),
        "each wait was said: {:?}",
        h.app.messages
    );
    assert!(
        retries
            .iter()
            .all(|t| t.contains(" in ") && t.ends_with(" s") && t.contains("retry 2/")),
        "{retries:?}"
    );
}

#[tokio::test]
async fn the_header_says_errors_while_every_call_answers_500_not_a_green_dot() {
    let mut h = Harness::start_faulty(FaultConfig {
        error_rate: 1.0,
        seed: Some(7),
        ..Default::default()
    })
    .await;
    h.settle().await;
    let header = h
        .screen(80, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(header.contains("! errors"), "{header}");
    assert!(!header.contains('●'), "{header}");
}
