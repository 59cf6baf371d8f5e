//! Flows of the browsing UI: keys and answers fed to the real `update`, effects run against
//! the embedded emulator, state and effects asserted.

use crate::common;

use common::tui_harness::Harness;
use crossterm::event::KeyCode;
use lambda_policy::lambda::{FunctionPolicy, LambdaError, Page};
use lambda_policy::tui::app::{DialogButton, Loadable, Overlay, Pane, StatusKind};
use lambda_policy::tui::effect::Effect;
use lambda_policy::tui::msg::Msg;
use lambda_policy::tui::target::Target;

#[tokio::test]
async fn start_lists_functions_and_loads_the_first_ones_qualifiers_and_policies() {
    let h = Harness::start().await;
    assert_eq!(h.app.functions.items.len(), 12);
    assert!(!h.app.functions.loading);
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("alexa-skill")
    );
    assert_eq!(
        h.app.qualifier_rows().len(),
        3,
        "the function, v1 and alias prod"
    );
    let policy = h.app.selected_policy().expect("policy loaded");
    assert_eq!(policy.statement_count(), 1);
    let screen = h.screen(80, 24);
    assert!(screen.contains("alexa-any-skill"), "{screen}");
    assert!(
        screen.contains("NO-TOKEN"),
        "the lint shows on its statement:\n{screen}"
    );
}

#[tokio::test]
async fn moving_fast_loads_only_where_the_selection_rests() {
    let mut h = Harness::start().await;
    let effects = h.key(KeyCode::Char('j'));
    assert!(
        matches!(effects.as_slice(), [Effect::SettleSelection { function, .. }] if function == "audit-log-shipper")
    );
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.settle().await;
    let loaded: Vec<&String> = h
        .all_effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadQualifiers { function, .. } => Some(function),
            _ => None,
        })
        .collect();
    assert_eq!(
        loaded,
        vec!["alexa-skill", "inventory-sync"],
        "skipped functions are never loaded"
    );
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("inventory-sync")
    );
}

#[tokio::test]
async fn a_late_policy_for_a_function_no_longer_selected_is_dropped() {
    let mut h = Harness::start().await;
    h.open_function("orders-api").await;
    let stale = Target::new("alexa-skill", None);
    let Effect::LoadPolicy { ticket, .. } = h.app.request_policy(stale.clone()) else {
        unreachable!()
    };
    let answer = FunctionPolicy {
        document: None,
        text: None,
        revision_id: None,
    };
    h.apply(Msg::Policy {
        target: stale.clone(),
        ticket,
        result: Ok(answer),
    });
    assert!(
        !matches!(h.app.policy(&stale), Some(Loadable::Loaded(_))),
        "not applied to a function no longer selected"
    );
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("orders-api")
    );
    // and a page of an earlier listing is ignored, one of the latest applied
    let Effect::LoadFunctions { ticket: earlier } = h.app.restart_listing() else {
        unreachable!()
    };
    let Effect::LoadFunctions { ticket: latest } = h.app.restart_listing() else {
        unreachable!()
    };
    let page = |name: &str| {
        Ok(Page {
            items: vec![lambda_policy::lambda::FunctionConfiguration {
                function_name: name.into(),
                function_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
                ..Default::default()
            }],
            next_marker: None,
        })
    };
    h.apply(Msg::FunctionsPage {
        ticket: earlier,
        result: page("ghost"),
    });
    h.apply(Msg::FunctionsPage {
        ticket: latest,
        result: page("current"),
    });
    let names: Vec<&str> = h
        .app
        .functions
        .items
        .iter()
        .map(|f| f.function_name.as_str())
        .collect();
    assert_eq!(names, ["current"]);
}

#[tokio::test]
async fn the_filter_matches_characters_in_order_and_shows_them() {
    let mut h = Harness::start().await;
    h.key(KeyCode::Char('/'));
    h.keys("ordapi");
    let visible: Vec<String> = h
        .app
        .visible_functions()
        .iter()
        .map(|(f, _)| f.function_name.clone())
        .collect();
    assert_eq!(visible, vec!["orders-api"]);
    let (_, positions) = &h.app.visible_functions()[0];
    assert_eq!(positions, &vec![0, 1, 2, 7, 8, 9]);
    assert!(h.screen(80, 24).contains("/ordapi"));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.visible_functions().len(), 12);
}

#[tokio::test]
async fn qualifiers_show_alias_targets_weights_and_policy_counts() {
    let mut h = Harness::start().await;
    h.open_function("orders-api").await;
    let screen = h.screen(120, 40);
    assert!(screen.contains("live → 2 +3:10%"), "{screen}");
    assert!(screen.contains("beta → 3"), "{screen}");
    assert!(screen.contains("v1"), "{screen}");
    let live = Target::new("orders-api", Some("live".into()));
    assert!(matches!(h.app.policy(&live), Some(Loadable::Loaded(p)) if p.statement_count() == 2));
    let v1 = Target::new("orders-api", Some("1".into()));
    assert!(matches!(h.app.policy(&v1), Some(Loadable::Loaded(p)) if p.document.is_none()));
}

#[tokio::test]
async fn enter_opens_the_policy_json_and_y_copies_it() {
    let mut h = Harness::start().await;
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::PolicyJson { .. })
    ));
    let screen = h.screen(120, 40);
    assert!(screen.contains("\"Sid\": \"anyone\""), "{screen}");
    assert!(
        screen.contains("▲ PUBLIC"),
        "lint text beside the statement:\n{screen}"
    );
    h.key(KeyCode::Char('y'));
    let Some(Effect::CopyToClipboard(text)) = h.terminal_effects.last() else {
        panic!("no copy")
    };
    assert!(
        serde_json::from_str::<serde_json::Value>(text).is_ok(),
        "the copy is real JSON, without annotations"
    );
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
}

#[tokio::test]
async fn capital_a_tells_who_may_do_what_and_the_pane_tells_it_per_statement() {
    let mut h = Harness::start().await;
    h.open_function("org-shared-resolver").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    // The selected statement's access, in words, in the pane's details.
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("= everyone in o-a1b2c3d4e5 may invoke"),
        "{screen}"
    );
    h.key(KeyCode::Char('A'));
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::Access { .. })
    ));
    let screen = h.screen(120, 40);
    for shown in [
        "Who may do what: org-shared-resolver",
        "org-members: everyone in o-a1b2c3d4e5 may invoke [EXTERNAL: o-a1b2c3d4e5]",
        "network-accounts: account 210987654321 may invoke, read (GetFunction)",
        "policy-changes-from-home-only: everyone may not change its permissions",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    h.key(KeyCode::Char('A'));
    assert!(h.app.overlays.is_empty(), "A again closes it");
    // A public grant is marked as such.
    h.key(KeyCode::Esc);
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Char('A'));
    let screen = h.screen(120, 40);
    assert!(screen.contains("1 public"), "{screen}");
    assert!(screen.contains("everyone may invoke [PUBLIC]"), "{screen}");
}

#[tokio::test]
async fn removing_asks_first_with_cancel_focused_then_removes() {
    let mut h = Harness::start().await;
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Pane::Policy);
    h.key(KeyCode::Char('x'));
    let Some(Overlay::ConfirmRemove(confirm)) = h.app.overlays.last() else {
        panic!("no confirmation")
    };
    assert_eq!(
        (confirm.sid.as_str(), confirm.focus),
        ("anyone", DialogButton::Cancel)
    );
    assert!(h.screen(80, 24).contains("Remove statement anyone"));
    assert!(
        h.key(KeyCode::Enter).is_empty(),
        "Enter on Cancel removes nothing"
    );
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Tab);
    let effects = h.key(KeyCode::Enter);
    assert!(
        matches!(&effects[..], [Effect::RemovePermission { sid, revision_id: Some(_), .. }] if sid == "anyone")
    );
    h.settle().await;
    assert_eq!(h.app.selected_policy().unwrap().statement_count(), 1);
    assert_eq!(h.app.status.as_ref().unwrap().kind, StatusKind::Success);
}

#[tokio::test]
async fn a_remove_against_a_changed_policy_gets_412_reloads_and_says_so() {
    let mut h = Harness::start().await;
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.colleague_grants("legacy-reports", "colleague", "111122223333")
        .await;
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    let Some(Overlay::Error { title, text }) = h.app.overlays.last() else {
        panic!("no error window: {:?}", h.app.overlays.last());
    };
    assert_eq!(title, "PreconditionFailedException (412)");
    assert!(text.contains("Someone else changed the policy"), "{text}");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Call the GetPolicy API to retrieve the latest"),
        "the whole AWS message is on screen:\n{screen}"
    );
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
    assert!(
        h.app
            .messages
            .iter()
            .any(|(kind, text)| *kind == StatusKind::Error && text.contains("412")),
        "the error is kept in the session's messages"
    );
    h.key(KeyCode::Char('m'));
    assert!(h.screen(80, 24).contains("Messages"));
    h.key(KeyCode::Esc);
    let policy = h.app.selected_policy().unwrap();
    assert_eq!(
        policy.statement_count(),
        3,
        "nothing removed, and the colleague's statement is shown"
    );
}

#[tokio::test]
async fn read_only_refuses_every_write_in_one_place() {
    let mut h = Harness::start_with(true, true).await;
    h.open_function("legacy-reports").await;
    // even a confirmed removal, however it was reached, produces no write
    h.app.overlays.push(Overlay::ConfirmRemove(
        lambda_policy::tui::app::ConfirmRemove {
            target: lambda_policy::tui::app::RemoveFrom::Function(Target::new(
                "legacy-reports",
                None,
            )),
            sid: "anyone".into(),
            focus: DialogButton::Confirm,
        },
    ));
    let effects = h.key(KeyCode::Enter);
    assert!(effects.iter().all(|e| !e.is_write()), "{effects:?}");
    assert!(h.status_text().contains("read-only"));
    assert!(h.screen(80, 24).contains("READ-ONLY"));
}

#[tokio::test]
async fn errors_show_type_message_and_request_id_and_the_app_keeps_working() {
    let mut h = Harness::start().await;
    let target = h.app.selected_target().unwrap();
    let Effect::LoadPolicy { ticket, .. } = h.app.request_policy(target.clone()) else {
        unreachable!()
    };
    let error = LambdaError::Aws(lambda_policy::lambda::AwsFailure {
        code: "TooManyRequestsException".into(),
        known: Some(lambda_policy::policy::ErrorType::TooManyRequests),
        message: "Rate exceeded".into(),
        request_id: Some("0b1c2d3e-0000-4000-8000-000000000000".into()),
        status: 429,
        retry_after: None,
    });
    h.apply(Msg::Policy {
        target,
        ticket,
        result: Err(error),
    });
    let status = h.app.status.clone().unwrap();
    assert!(
        status.text.contains("TooManyRequestsException") && status.text.contains("0b1c2d3e"),
        "{}",
        status.text
    );
    assert!(h.screen(80, 24).contains("Rate exceeded"));
    h.key(KeyCode::Char('r'));
    h.settle().await;
    assert!(
        h.app.selected_policy().is_some(),
        "r reloads and the app goes on"
    );
}

#[tokio::test]
async fn command_line_and_help() {
    let mut h = Harness::start().await;
    h.key(KeyCode::Char('?'));
    assert!(h.screen(80, 24).contains("next pane"));
    h.key(KeyCode::Char('?'));
    assert!(h.app.overlays.is_empty());
    h.command("region eu-west-1");
    assert!(h.status_text().contains("demo serves one region"));
    h.key(KeyCode::Char(':'));
    h.keys("q");
    let effects = h.key(KeyCode::Enter);
    assert_eq!(effects, vec![Effect::Quit]);
    assert!(h.app.should_quit);
}

#[tokio::test]
async fn y_copies_the_arn_of_the_selection() {
    let mut h = Harness::start().await;
    h.open_function("orders-api").await;
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.terminal_effects.last(),
        Some(&Effect::CopyToClipboard(
            "arn:aws:lambda:us-east-1:123456789012:function:orders-api".into()
        ))
    );
}

#[tokio::test]
async fn only_the_latest_request_for_a_policy_is_applied_and_none_from_before_a_reconnect() {
    let mut h = Harness::start().await;
    h.open_function("orders-api").await;
    let target = h.app.selected_target().unwrap();
    let Effect::LoadPolicy { ticket: older, .. } = h.app.request_policy(target.clone()) else {
        unreachable!()
    };
    let Effect::LoadPolicy { ticket: newer, .. } = h.app.request_policy(target.clone()) else {
        unreachable!()
    };
    let policy = |sid: &str| {
        let text = format!(
            r#"{{"Version":"2012-10-17","Id":"default","Statement":[{{"Sid":"{sid}","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}}]}}"#
        );
        FunctionPolicy {
            document: Some(lambda_policy::policy::PolicyDocument::parse(&text).unwrap()),
            text: Some(text),
            revision_id: Some(sid.into()),
        }
    };
    h.apply(Msg::Policy {
        target: target.clone(),
        ticket: newer,
        result: Ok(policy("newer")),
    });
    h.apply(Msg::Policy {
        target: target.clone(),
        ticket: older,
        result: Ok(policy("older")),
    });
    assert_eq!(
        h.app.selected_policy().unwrap().revision_id.as_deref(),
        Some("newer"),
        "a late older answer is dropped"
    );
    let Effect::LoadPolicy { ticket: before, .. } = h.app.request_policy(target.clone()) else {
        unreachable!()
    };
    h.apply(Msg::Reconnected {
        result: Ok(common::tui_harness::demo_context()),
    });
    h.apply(Msg::Policy {
        target: target.clone(),
        ticket: before,
        result: Ok(policy("other-account")),
    });
    assert!(
        !matches!(h.app.policy(&target), Some(Loadable::Loaded(p)) if p.revision_id.as_deref() == Some("other-account"))
    );
}

#[tokio::test]
async fn the_previous_function_stays_on_screen_until_the_next_one_is_loaded() {
    let mut h = Harness::start().await;
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Esc);
    let row = h
        .app
        .visible_functions()
        .iter()
        .position(|(f, _)| f.function_name == "legacy-reports")
        .unwrap();
    assert_eq!(
        h.app.selected_function.index(),
        row,
        "clearing the filter keeps the selection"
    );
    h.key(KeyCode::Char('j'));
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("nightly-cleanup")
    );
    let shown = h.app.shown();
    assert!(
        !shown.pending,
        "no loading mark for a load that may be quick"
    );
    assert_eq!(
        shown.target,
        Some(Target::new("legacy-reports", None)),
        "titled with what it shows"
    );
    for _ in 0..lambda_policy::tui::app::HELD_MARK_TICKS {
        h.apply(Msg::Tick);
    }
    assert!(h.app.shown().pending, "a slow load is marked");
    let screen = h.screen(120, 40);
    assert!(
        screen.contains("Policy legacy-reports") && screen.contains("anyone"),
        "no flash of an empty pane:\n{screen}"
    );
    assert!(!screen.contains("⠋ loading…"));
    assert!(
        screen.contains("stale · loading nightly-cleanup…"),
        "marked as the previous function's:\n{screen}"
    );
    let buffer = h.buffer(120, 40);
    let dimmed = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::DIM))
        .count();
    assert!(dimmed > 100, "its content is dimmed: {dimmed} cells");
    h.settle().await;
    assert!(h.app.held.is_none());
    assert!(h.screen(120, 40).contains("Policy nightly-cleanup"));
}

#[tokio::test]
async fn r_keeps_the_selected_function_and_a_failed_reload_keeps_the_list() {
    let mut h = Harness::start().await;
    h.open_function("payments-worker").await;
    // The filter cleared, the function is deep in the list.
    h.key(KeyCode::Esc);
    h.settle().await;
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("payments-worker")
    );
    h.key(KeyCode::Char('r'));
    h.settle().await;
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("payments-worker"),
        "r keeps the place"
    );
    assert!(h.app.qualifiers.is_some(), "and its panes are read again");

    // The server goes away; r again.
    let address = format!("cannot connect to {}", h.emulator.addr);
    h.emulator.halt();
    h.key(KeyCode::Char('r'));
    h.settle().await;
    assert_eq!(h.app.functions.items.len(), 12, "the last good list stays");
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("payments-worker")
    );
    // The error takes the hints' line too at 80 columns: the address is all there.
    let screen = h.screen(80, 24);
    assert!(screen.contains("payments-worker"), "{screen}");
    assert!(screen.contains(&address), "{screen}");
}

#[tokio::test]
async fn ctrl_c_on_typed_work_asks_first_and_region_commands_are_checked() {
    let mut h = Harness::start().await;
    h.open_function("user-signup").await;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.keys("x");
    assert!(
        matches!(h.app.overlays.last(), Some(lambda_policy::tui::app::Overlay::Form(f)) if f.dirty)
    );
    let effects = h.ctrl('c');
    assert!(effects.is_empty(), "{effects:?}");
    assert!(!h.app.should_quit, "a changed form asks first");
    assert!(h.screen(80, 24).contains("discard"), "{}", h.screen(80, 24));
    // Asked, a second Ctrl-C means it: the app quits.
    let effects = h.ctrl('c');
    assert!(h.app.should_quit && matches!(effects.as_slice(), [Effect::Quit]));

    let mut h = Harness::start().await;
    for command in ["region", "region moon-1"] {
        h.key(KeyCode::Char(':'));
        h.keys(command);
        let effects = h.key(KeyCode::Enter);
        assert!(
            effects
                .iter()
                .all(|e| !matches!(e, Effect::Reconnect { .. })),
            ":{command}: {effects:?}"
        );
        let status = h.app.status.clone().unwrap();
        assert_eq!(status.kind, StatusKind::Error, ":{command}");
    }
    assert!(h.app.status.unwrap().text.contains("is not an AWS region"));
}

#[tokio::test]
async fn reset_brings_the_demo_back_and_conflict_makes_the_next_write_meet_a_412() {
    let mut h = Harness::on_policy("legacy-reports").await;
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    let count = |h: &Harness| h.app.selected_policy().map(|p| p.statement_count());
    assert_eq!(count(&h), Some(1), "anyone removed");
    h.command("reset");
    h.settle().await;
    assert!(
        h.status_text().contains("back as it started"),
        "{:?}",
        h.app.status
    );
    assert_eq!(
        h.app.selected_function_name().as_deref(),
        Some("legacy-reports")
    );
    assert_eq!(count(&h), Some(2), "the statement is back");

    // :conflict, then a remove guarded by the revision shown: 412.
    h.command("conflict");
    h.settle().await;
    assert!(h.status_text().contains("meets a 412"));
    h.app.focus = Pane::Policy;
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    let Some(lambda_policy::tui::app::Overlay::Error { title, .. }) = h.app.overlays.last() else {
        panic!("no 412 window: {:?}", h.app.overlays.last());
    };
    assert_eq!(title, "PreconditionFailedException (412)");
}

#[tokio::test]
async fn tab_completes_commands_profiles_and_regions_on_the_command_line() {
    let mut h = Harness::start().await;
    h.app.profile_names = vec!["prod".into(), "prod-eu".into(), "staging".into()];
    let typed = |h: &Harness| match h.app.overlays.last() {
        Some(Overlay::CommandLine { text, .. }) => text.clone(),
        other => panic!("{other:?}"),
    };
    h.key(KeyCode::Char(':'));
    h.keys("pro");
    h.key(KeyCode::Tab);
    assert_eq!(typed(&h), "profile ");
    h.keys("pr");
    h.key(KeyCode::Tab);
    assert_eq!(typed(&h), "profile prod");
    h.key(KeyCode::Tab);
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("prod  prod-eu") && screen.contains(":profile prod"),
        "the choices show above the line typed:\n{screen}"
    );
    for _ in 0.."profile prod".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("region eu-west-");
    h.key(KeyCode::Tab);
    assert!(h.status_text().contains("eu-west-1  eu-west-2  eu-west-3"));
}

#[tokio::test]
async fn a_policy_changed_elsewhere_is_marked_changed_since_shown_and_the_apps_own_write_is_not() {
    let mut h = Harness::on_policy("legacy-reports").await;
    let marked = |h: &Harness| h.screen(120, 40).contains("changed since shown");
    assert!(!marked(&h));
    h.colleague_grants("legacy-reports", "colleague", "210987654321")
        .await;
    h.key(KeyCode::Char('r'));
    h.settle().await;
    assert!(marked(&h), "{}", h.screen(120, 40));

    // Seen: the mark goes once the selection moves on.
    h.key(KeyCode::Esc);
    h.open_function("orders-api").await;
    h.key(KeyCode::Esc);
    h.open_function("legacy-reports").await;
    assert!(!marked(&h));

    // The app's own remove changes the revision too: that is not news.
    h.app.focus = Pane::Policy;
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(h.status_text().contains("removed"), "{}", h.status_text());
    assert!(!marked(&h), "{}", h.screen(120, 40));
}

#[tokio::test]
async fn read_only_refuses_the_demos_own_writes_too() {
    let mut h = Harness::start_with(true, true).await;
    for command in ["reset", "conflict"] {
        let effects = h.command(command);
        assert!(effects.is_empty(), ":{command}: {effects:?}");
        let status = h.status_text();
        assert!(status.contains("read-only"), ":{command}: {status}");
    }
}

#[tokio::test]
async fn the_command_line_edits_as_readline_does_and_remembers_what_was_run() {
    let mut h = Harness::start().await;
    let typed = |h: &Harness| match h.app.overlays.last() {
        Some(Overlay::CommandLine { text, .. }) => text.clone(),
        other => panic!("{other:?}"),
    };
    h.key(KeyCode::Char(':'));
    h.keys("screenshot ");
    h.ctrl('u');
    assert_eq!(typed(&h), "", "Ctrl-U clears the line, it types no 'u'");
    h.keys("screenshot foo bar");
    h.ctrl('w');
    assert_eq!(typed(&h), "screenshot foo ");
    h.ctrl('w');
    h.ctrl('w');
    assert_eq!(typed(&h), "");
    h.keys("messages");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    h.keys("region us-east-1");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char(':'));
    h.key(KeyCode::Up);
    assert_eq!(typed(&h), "region us-east-1");
    h.key(KeyCode::Up);
    assert_eq!(typed(&h), "messages");
    h.key(KeyCode::Up);
    assert_eq!(typed(&h), "messages", "the oldest stays");
    h.key(KeyCode::Down);
    assert_eq!(typed(&h), "region us-east-1");
    h.key(KeyCode::Down);
    assert_eq!(typed(&h), "", "past the newest: an empty line");
}

#[tokio::test]
async fn a_status_longer_than_the_line_is_cut_visibly_and_says_where_it_is_whole() {
    let mut h = Harness::start().await;
    h.key(KeyCode::Char(':'));
    h.keys(&format!("region {}", "x".repeat(120)));
    h.key(KeyCode::Enter);
    let status = h.app.status.clone().expect("a refusal");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.len() > 80, "{}", status.text);
    let screen = h.screen(80, 24);
    let last = screen.lines().last().unwrap();
    assert!(
        last.contains("…") && last.ends_with("(:messages)"),
        "{last}"
    );
    h.key(KeyCode::Char(':'));
    h.keys("messages");
    h.key(KeyCode::Enter);
    let screen = h.screen(200, 40);
    assert!(
        screen.contains(&"x".repeat(100)),
        "the whole text is kept:\n{screen}"
    );
}

#[tokio::test]
async fn the_footer_names_the_focused_pane_s_actions_first_at_80_columns() {
    let mut h = Harness::start().await;
    h.open_function("legacy-reports").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Pane::Policy);
    let screen = h.screen(80, 24);
    let footer = screen
        .lines()
        .find(|l| l.contains("quit"))
        .unwrap_or_else(|| panic!("no footer:\n{screen}"))
        .to_string();
    for hint in ["a add", "x remove", "e edit", "A access"] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
    assert!(
        footer.contains("f fix"),
        "a public grant has its fix: {footer}"
    );
    // f: the add form, prefilled with the grant narrowed to an organisation to fill in.
    h.key(KeyCode::Char('f'));
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!("no form: {:?}", h.app.overlays.last());
    };
    let request = form.request();
    assert_eq!(request.principal.as_deref(), Some("*"));
    assert_eq!(
        request.principal_org_id.as_deref(),
        Some("<organization-id>")
    );
    assert!(
        h.status_text().contains("then x removes"),
        "{}",
        h.status_text()
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    // A URL that lacks its second grant: f is offered there.
    h.key(KeyCode::Esc);
    h.open_function("audit-log-shipper").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    while h
        .app
        .selected_sid()
        .is_some_and(|s| s != "FunctionURLAllowPublicAccess")
    {
        h.key(KeyCode::Char('j'));
    }
    let screen = h.screen(80, 24);
    assert!(screen.contains(" f fix "), "{screen}");
}

#[tokio::test]
async fn every_scrolled_window_takes_g_and_end_as_a_pager_does() {
    let mut h = Harness::start().await;
    // Help at 80x24 runs past the screen: G shows its end, g its top.
    h.key(KeyCode::Char('?'));
    let top = h.screen(80, 24);
    h.key(KeyCode::Char('G'));
    let end = h.screen(80, 24);
    assert_ne!(top, end, "G moved");
    h.key(KeyCode::Home);
    assert_eq!(h.screen(80, 24), top, "Home is the top again");
    h.key(KeyCode::End);
    assert_eq!(h.screen(80, 24), end);
    h.key(KeyCode::Char('k'));
    assert_ne!(h.screen(80, 24), end, "k from the end goes up one");
    h.key(KeyCode::Esc);
    // The policy's JSON: End shows its closing brace.
    h.open_function("org-shared-resolver").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    let first = h.screen(80, 16);
    assert!(!first.contains("│}"), "{first}");
    h.key(KeyCode::End);
    let last = h.screen(80, 16);
    assert!(last.lines().any(|l| l.starts_with("│}")), "{last}");
    h.key(KeyCode::Char('g'));
    assert_eq!(h.screen(80, 16), first);
}

#[tokio::test]
async fn help_opens_on_the_keys_of_the_window_it_was_asked_from() {
    let mut h = Harness::start().await;
    h.key(KeyCode::Char('?'));
    let screen = h.screen(80, 24);
    assert!(screen.contains("quit"), "quit above the fold:\n{screen}");
    // Every command is listed, though no key names it: paged through, each shows.
    let mut seen = screen.clone();
    for _ in 0..8 {
        h.key(KeyCode::PageDown);
        seen.push_str(&h.screen(80, 24));
    }
    for command in [":conflict", ":reset", ":keys", ":messages"] {
        assert!(seen.contains(command), "{command} is not in the help");
    }
    h.key(KeyCode::Esc);
    // Over the form: the form's keys first.
    h.open_function("user-signup").await;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::F(1));
    let screen = h.screen(80, 24);
    assert!(screen.contains("form: Tab / Shift-Tab"), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    // Over the editor: its keys, Ctrl-U and Ctrl-R among them.
    h.key(KeyCode::Char('e'));
    h.settle().await;
    h.key(KeyCode::F(1));
    let screen = h.screen(80, 24);
    assert!(screen.contains("editor: Ctrl-U · Ctrl-R"), "{screen}");
}

#[tokio::test]
async fn shown_keys_give_typed_text_as_one_string_and_nothing_of_the_command_line() {
    let mut h = Harness::start().await;
    h.key(KeyCode::Char(':'));
    h.keys("keys");
    h.key(KeyCode::Enter);
    assert!(h.app.show_keys);
    assert!(
        h.app.recent_keys.iter().all(|(k, _)| k != "k" && k != "y"),
        "the : line's letters are not echoed: {:?}",
        h.app.recent_keys
    );
    h.key(KeyCode::Char('/'));
    h.keys("orders");
    let shown: Vec<&str> = h.app.recent_keys.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(shown.last(), Some(&"\"orders\""), "{shown:?}");
    let screen = h.screen(80, 24);
    assert!(screen.contains("\"orders\""), "{screen}");
}
