//! Flows of the add form: presets, field errors, server errors on their fields, the form kept
//! after failures, the RevisionId guard and its reload, and success shown in place.

use crate::common;

use common::tui_harness::Harness;
use crossterm::event::KeyCode;
use lambda_policy::lambda::{AwsFailure, LambdaError};
use lambda_policy::policy::{ErrorType, Field, PermissionRequest};
use lambda_policy::tui::app::{Overlay, StatusKind};
use lambda_policy::tui::effect::Effect;
use lambda_policy::tui::form::{AddForm, Slot};

/// The window that shows Lambda's refusal in full sits over the form: read, then closed.
fn close_server_error(h: &mut Harness) {
    let Some(Overlay::Error { title, text }) = h.app.overlays.last() else {
        panic!("no error window: {:?}", h.app.overlays.last());
    };
    assert!(
        title.ends_with("Exception (409)") || title.ends_with("Exception (412)"),
        "{title}"
    );
    assert!(
        text.contains("What you typed is kept") || text.contains("keeps what you typed"),
        "{text}"
    );
    h.key(KeyCode::Esc);
}

fn form(h: &Harness) -> &AddForm {
    match h.app.overlays.last() {
        Some(Overlay::Form(form)) => form,
        other => panic!("no form open: {other:?}"),
    }
}

fn form_mut(h: &mut Harness) -> &mut AddForm {
    match h.app.overlays.last_mut() {
        Some(Overlay::Form(form)) => form,
        _ => panic!("no form open"),
    }
}

/// Tabs to a slot of the form.
fn go_to(h: &mut Harness, slot: Slot) {
    for _ in 0..20 {
        if form(h).focus == slot {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("slot {slot:?} not reachable");
}

fn clear_and_type(h: &mut Harness, field: Field, text: &str) {
    go_to(h, Slot::Text(field));
    form_mut(h).set_text(field, "");
    h.keys(text);
}

fn server_error(error_type: ErrorType, message: &str) -> LambdaError {
    LambdaError::Aws(AwsFailure {
        code: error_type.code().into(),
        known: Some(error_type),
        message: message.into(),
        request_id: Some("5f0c2a1e-1111-4222-8333-444455556666".into()),
        status: lambda_policy::emulator::wire_error::status(error_type),
        retry_after: None,
    })
}

async fn open_form_on(h: &mut Harness, function: &str) {
    h.open_function(function).await;
    h.key(KeyCode::Char('a'));
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Form(_))));
}

#[tokio::test]
async fn every_preset_fills_a_valid_request_once_its_placeholders_are_filled() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    let presets = h.app.presets.clone();
    let mut seen = 0;
    for _ in 0..presets.iter().map(|p| p.statements.len()).sum::<usize>() {
        let preset = &presets[form(&h).preset_index];
        for &field in lambda_policy::tui::form::TEXT_FIELDS {
            let filled =
                lambda_policy::policy::preset::fill(&form(&h).text(field), &preset.examples);
            form_mut(&mut h).set_text(field, &filled);
        }
        let issues = form(&h).issues();
        assert!(
            issues.is_empty(),
            "preset {} statement {}: {issues:?}",
            preset.id,
            form(&h).preset_statement
        );
        seen += 1;
        go_to(&mut h, Slot::Preset);
        h.key(KeyCode::Right);
    }
    assert_eq!(
        seen, 12,
        "eleven presets, the public URL with two statements"
    );
}

#[tokio::test]
async fn known_placeholders_are_filled_and_the_rest_are_marked_to_fill() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    let f = form(&h);
    assert_eq!(
        f.text(Field::SourceAccount),
        "123456789012",
        "the function's account is known"
    );
    assert_eq!(f.text(Field::SourceArn), "arn:aws:s3:::<bucket>");
    assert!(f.issue_for(Field::SourceArn).unwrap().contains("<bucket>"));
    assert!(
        h.screen(80, 24)
            .contains("replace the placeholder <bucket>")
    );
    // tabbing to the field selects the placeholder: typing replaces it
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("orders-uploads");
    assert_eq!(
        form(&h).text(Field::SourceArn),
        "arn:aws:s3:::orders-uploads"
    );
}

#[tokio::test]
async fn an_eleven_digit_account_is_shown_on_its_field_with_the_reason() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    clear_and_type(&mut h, Field::SourceAccount, "12345678901");
    assert_eq!(
        form(&h).issue_for(Field::SourceAccount).unwrap(),
        "SourceAccount must be exactly 12 digits; got 11"
    );
    let screen = h.screen(80, 24);
    assert!(screen.contains("✗ SourceAccount"), "{screen}");
    assert!(screen.contains("exactly 12 digits; got 11"), "{screen}");
    h.keys("2");
    assert_eq!(form(&h).issue_for(Field::SourceAccount), None);
}

#[tokio::test]
async fn every_field_error_is_tied_to_its_field() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    let cases = [
        (
            Field::StatementId,
            "a.b",
            "letters, digits, '-' and '_' only",
        ),
        (Field::Action, "s3:GetObject", "lambda:ACTION"),
        (Field::Principal, "not valid", "without spaces"),
        (Field::SourceArn, "bucket", "an ARN"),
        (Field::EventSourceToken, "bad token", "letters, digits, '.'"),
        (Field::PrincipalOrgId, "o-x", "at least 12 characters"),
    ];
    for (field, value, reason) in cases {
        clear_and_type(&mut h, field, value);
        let issue = form(&h)
            .issue_for(field)
            .unwrap_or_else(|| panic!("{field} = {value} accepted"));
        assert!(issue.contains(reason), "{field}: {issue}");
    }
    // cross-field: FunctionUrlAuthType with InvokeFunction is shown on FunctionUrlAuthType
    go_to(&mut h, Slot::AuthType);
    h.key(KeyCode::Right);
    assert!(
        form(&h)
            .issue_for(Field::FunctionUrlAuthType)
            .unwrap()
            .contains("lambda:InvokeFunctionUrl")
    );
}

#[tokio::test]
async fn a_sid_already_in_the_policy_is_an_error_before_sending() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "thumbnailer").await;
    clear_and_type(&mut h, Field::StatementId, "s3-uploads");
    assert!(
        form(&h)
            .issue_for(Field::StatementId)
            .unwrap()
            .contains("already has a statement 's3-uploads'")
    );
    let effects = h.ctrl('s');
    assert!(
        effects.is_empty(),
        "nothing is sent while anything is invalid"
    );
    assert_eq!(
        form(&h).focus,
        Slot::Text(Field::StatementId),
        "the first invalid field is focused"
    );
}

#[tokio::test]
async fn submit_confirms_with_cancel_focused_then_shows_the_new_statement_selected() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("signup-uploads");
    h.ctrl('s');
    assert!(form(&h).confirm().is_some());
    assert!(h.key(KeyCode::Enter).is_empty(), "Cancel is focused");
    assert!(form(&h).confirm().is_none());
    h.ctrl('s');
    h.key(KeyCode::Tab);
    let effects = h.key(KeyCode::Enter);
    assert!(matches!(&effects[..], [Effect::AddPermission { .. }]));
    assert!(
        form(&h).is_submitting(),
        "the form stays, with a spinner, until the answer"
    );
    h.settle().await;
    assert!(h.app.overlays.is_empty());
    let status = h.app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Success);
    assert!(
        status.text.contains("added s3-invoke to user-signup"),
        "{}",
        status.text
    );
    assert_eq!(h.app.selected_sid().as_deref(), Some("s3-invoke"));
    assert!(h.screen(80, 24).contains("+s3-invoke"));
}

#[tokio::test]
async fn a_public_grant_asks_for_the_function_name() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    clear_and_type(&mut h, Field::Principal, "*");
    clear_and_type(&mut h, Field::SourceArn, "");
    clear_and_type(&mut h, Field::SourceAccount, "");
    clear_and_type(&mut h, Field::StatementId, "everyone");
    h.ctrl('s');
    assert!(form(&h).confirm().unwrap().confirm.typed.is_some());
    h.key(KeyCode::Tab);
    assert!(
        h.key(KeyCode::Enter).is_empty(),
        "not without the name typed"
    );
    h.keys("user-signup");
    let effects = h.key(KeyCode::Enter);
    assert!(matches!(&effects[..], [Effect::AddPermission { .. }]));
}

#[tokio::test]
async fn a_sid_taken_meanwhile_comes_back_on_statement_id_and_the_form_is_kept() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("race-bucket");
    form_mut(&mut h).guard = false;
    let colleague = h.colleague();
    let taken = PermissionRequest {
        function_name: Some("user-signup".into()),
        statement_id: Some("s3-invoke".into()),
        action: Some("lambda:InvokeFunction".into()),
        principal: Some("sns.amazonaws.com".into()),
        source_arn: Some("arn:aws:sns:us-east-1:123456789012:t".into()),
        ..Default::default()
    };
    colleague.add_permission(&taken).await.unwrap();
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    close_server_error(&mut h);
    let f = form(&h);
    assert!(
        f.issue_for(Field::StatementId).unwrap().contains("already"),
        "{:?}",
        f.issue_for(Field::StatementId)
    );
    assert_eq!(
        f.text(Field::SourceArn),
        "arn:aws:s3:::race-bucket",
        "what was typed is kept"
    );
    assert_eq!(f.focus, Slot::Text(Field::StatementId));
    assert!(!f.is_submitting());
    let target = lambda_policy::tui::target::Target::new("user-signup", None);
    let Some(lambda_policy::tui::app::Loadable::Loaded(policy)) = h.app.policy(&target) else {
        panic!("the policy is read again after the conflict");
    };
    let taken = policy
        .document
        .as_ref()
        .unwrap()
        .statement("s3-invoke")
        .unwrap();
    assert_eq!(
        taken.principal.as_ref().unwrap().values("Service"),
        ["sns.amazonaws.com"],
        "the panes show the colleague's statement"
    );
}

#[tokio::test]
async fn a_stale_revision_lands_on_the_guard_and_ctrl_r_reloads_keeping_the_form() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "thumbnailer").await;
    clear_and_type(&mut h, Field::StatementId, "second-bucket");
    go_to(&mut h, Slot::Text(Field::SourceArn));
    form_mut(&mut h).set_text(Field::SourceArn, "arn:aws:s3:::second");
    h.colleague_grants("thumbnailer", "meanwhile", "210987654321")
        .await;
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    close_server_error(&mut h);
    assert!(form(&h).stale_revision);
    assert!(
        form(&h)
            .issue_for(Field::RevisionId)
            .unwrap()
            .contains("Ctrl-R")
    );
    assert_eq!(form(&h).focus, Slot::Guard);
    h.ctrl('r');
    h.settle().await;
    let f = form(&h);
    assert!(!f.stale_revision);
    assert!(
        f.existing_sids.contains(&"meanwhile".to_string()),
        "the reloaded policy is the form's new base"
    );
    assert_eq!(f.text(Field::SourceArn), "arn:aws:s3:::second");
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(h.app.overlays.is_empty(), "submitted on the fresh revision");
    assert_eq!(h.app.selected_policy().unwrap().statement_count(), 3);
}

#[tokio::test]
async fn server_errors_map_onto_the_field_they_concern() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    let cases = [
        (
            ErrorType::InvalidParameterValue,
            "The provided principal was invalid. Please check the principal and try again.",
            Some(Field::Principal),
        ),
        (
            ErrorType::InvalidParameterValue,
            "We currently do not support adding policies for $LATEST.",
            Some(Field::Qualifier),
        ),
        (
            ErrorType::Validation,
            "1 validation error detected: Value 'x y' at 'eventSourceToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._\\-]+",
            Some(Field::EventSourceToken),
        ),
        (
            ErrorType::ResourceConflict,
            "The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.",
            Some(Field::StatementId),
        ),
        (
            ErrorType::PreconditionFailed,
            "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id",
            Some(Field::RevisionId),
        ),
        (
            ErrorType::PolicyLengthExceeded,
            "The final policy size (20749) is bigger than the limit (20480).",
            None,
        ),
        (ErrorType::Service, "An internal error occurred.", None),
    ];
    for (error_type, message, field) in cases {
        let f = form_mut(&mut h);
        f.server_errors.clear();
        f.stale_revision = false;
        f.apply_server_error(&server_error(error_type, message));
        match field {
            Some(field) => assert!(
                f.server_errors.contains_key(&field),
                "{message} → {field}: {:?}",
                f.server_errors
            ),
            None => {
                let text = f.form_error.clone().unwrap();
                assert!(text.contains(message.split(' ').nth(3).unwrap()), "{text}");
                assert!(text.contains("5f0c2a1e"), "request id shown: {text}");
            }
        }
    }
    let f = form_mut(&mut h);
    f.apply_server_error(&server_error(
        ErrorType::PolicyLengthExceeded,
        "The final policy size (20749) is bigger than the limit (20480).",
    ));
    assert!(
        f.form_error.as_ref().unwrap().contains("(20749)"),
        "the current size is shown"
    );
}

#[tokio::test]
async fn esc_on_a_changed_form_asks_before_discarding() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    clear_and_type(&mut h, Field::StatementId, "keep-me");
    h.key(KeyCode::Esc);
    assert!(form(&h).asking(lambda_policy::tui::form::Question::Discard));
    assert!(h.screen(80, 24).contains("Discard what you typed?"));
    h.key(KeyCode::Char('x'));
    assert_eq!(
        form(&h).text(Field::StatementId),
        "keep-mex",
        "any other key keeps editing"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
}

#[tokio::test]
async fn read_only_makes_the_form_a_dry_run() {
    let mut h = Harness::start_with(true, true).await;
    open_form_on(&mut h, "user-signup").await;
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("dry");
    let effects = h.ctrl('s');
    assert!(effects.is_empty());
    assert!(h.status_text().contains("dry run"));
    h.ctrl('p');
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Statement Lambda will write")
            && screen.contains("aws lambda add-permission"),
        "{screen}"
    );
}

#[tokio::test]
async fn pasted_control_characters_and_long_text_do_not_break_the_field() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    go_to(&mut h, Slot::Text(Field::Principal));
    form_mut(&mut h).set_text(Field::Principal, "");
    h.apply(lambda_policy::tui::msg::Msg::Paste(
        "sns.amazon\naws.com\t\u{1b}[31m".into(),
    ));
    assert_eq!(form(&h).text(Field::Principal), "sns.amazonaws.com[31m");
    h.apply(lambda_policy::tui::msg::Msg::Paste("ünïcødé-".repeat(300)));
    let screen = h.screen(80, 24);
    assert_eq!(screen.lines().count(), 24);
    assert!(screen.lines().all(|l| l.chars().count() <= 80));
}

#[tokio::test]
async fn changing_the_qualifier_takes_that_qualifiers_revision_and_sids() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "orders-api").await;
    let unqualified_revision = form(&h).revision_id.clone();
    go_to(&mut h, Slot::Qualifier);
    // (function itself) → 1 → 2 → 3 → beta → live
    for _ in 0..5 {
        h.key(KeyCode::Right);
    }
    h.settle().await;
    let f = form(&h);
    assert_eq!(f.target().qualifier.as_deref(), Some("live"));
    assert_ne!(
        f.revision_id, unqualified_revision,
        "the alias's own policy revision"
    );
    assert!(f.existing_sids.contains(&"partner-account".to_string()));
    clear_and_type(&mut h, Field::StatementId, "partner-account");
    assert!(
        form(&h)
            .issue_for(Field::StatementId)
            .unwrap()
            .contains("already has"),
        "checked against live's policy"
    );
    clear_and_type(&mut h, Field::StatementId, "live-s3");
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("live-bucket");
    h.ctrl('s');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(
        h.app.overlays.is_empty(),
        "guarded add on the alias succeeds: {:?}",
        h.app.status
    );
    assert!(h.status_text().contains("added live-s3 to orders-api:live"));
}

#[tokio::test]
async fn enter_moves_on_and_a_preset_change_over_typed_text_asks_first() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    assert_eq!(form(&h).focus, Slot::Preset);
    h.key(KeyCode::Enter);
    assert_eq!(
        form(&h).focus,
        Slot::Qualifier,
        "Enter moves on without changing the preset"
    );
    assert_eq!(form(&h).preset_index, 0);
    go_to(&mut h, Slot::Guard);
    h.key(KeyCode::Enter);
    assert!(form(&h).guard, "Enter does not switch the guard off");
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("typed-bucket");
    go_to(&mut h, Slot::Preset);
    h.key(KeyCode::Right);
    assert_eq!(form(&h).preset_index, 0, "the first press only asks");
    assert!(
        h.screen(80, 24)
            .contains("Changing the preset replaces what you typed")
    );
    h.key(KeyCode::Right);
    assert_eq!(form(&h).preset_index, 1);
    assert_eq!(form(&h).text(Field::Principal), "sns.amazonaws.com");
}

#[tokio::test]
async fn the_preview_keeps_its_place_through_copy_reload_and_a_cancelled_submit() {
    use lambda_policy::tui::form::Stage;
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    go_to(&mut h, Slot::Text(Field::SourceArn));
    h.keys("signup-uploads");
    h.ctrl('p');
    h.key(KeyCode::Char('j'));
    assert_eq!(form(&h).stage, Stage::Previewing { scroll: 1 });
    let copied = h.ctrl('y');
    assert!(matches!(copied.as_slice(), [Effect::CopyToClipboard(_)]));
    assert_eq!(
        form(&h).stage,
        Stage::Previewing { scroll: 1 },
        "Ctrl-Y keeps the preview"
    );
    h.ctrl('r');
    h.settle().await;
    assert_eq!(
        form(&h).stage,
        Stage::Previewing { scroll: 1 },
        "Ctrl-R keeps the preview"
    );
    h.ctrl('s');
    assert!(form(&h).confirm().is_some());
    h.key(KeyCode::Esc);
    assert_eq!(
        form(&h).stage,
        Stage::Previewing { scroll: 1 },
        "a cancelled submit goes back to the preview"
    );
    h.ctrl('p');
    assert_eq!(form(&h).stage, Stage::Editing { asking: None });
}

#[tokio::test]
async fn f_on_a_broken_url_grant_opens_the_fix_and_ctrl_s_mends_the_url() {
    use lambda_policy::policy::LintId;
    let mut h = Harness::start().await;
    h.open_function("audit-log-shipper").await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let broken = |h: &Harness| {
        h.app.selected_policy().map(|p| {
            p.lints
                .iter()
                .flatten()
                .any(|l| l.id == LintId::FunctionUrlMissingInvoke)
        })
    };
    assert_eq!(
        broken(&h),
        Some(true),
        "the demo's URL lacks its second grant"
    );
    assert!(
        h.screen(120, 40).contains("URL NONE"),
        "{}",
        h.screen(120, 40)
    );
    while h
        .app
        .selected_sid()
        .is_some_and(|s| s != "FunctionURLAllowPublicAccess")
    {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Char('f'));
    let request = form(&h).request();
    assert_eq!(request.action.as_deref(), Some("lambda:InvokeFunction"));
    assert_eq!(request.principal.as_deref(), Some("*"));
    assert_eq!(request.invoked_via_function_url, Some(true));
    h.ctrl('s');
    // The name typed in full moves the focus to the write: Enter does it.
    h.keys("audit-log-shipper");
    h.key(KeyCode::Enter);
    h.settle().await;
    assert!(
        !matches!(h.app.overlays.last(), Some(Overlay::Form(_))),
        "the form closed once Lambda accepted the grant"
    );
    assert_eq!(broken(&h), Some(false), "the URL has both grants now");
}

#[tokio::test]
async fn f1_shows_the_keys_over_the_form_and_question_mark_types_in_a_text_field() {
    let mut h = Harness::start().await;
    open_form_on(&mut h, "user-signup").await;
    h.key(KeyCode::F(1));
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Help { .. })));
    assert!(h.screen(80, 24).contains(" Keys "));
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.app.overlays.last(), Some(Overlay::Form(_))),
        "back to the form"
    );
    // On the preset (a choice), `?` is help too; in a text field it is text.
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Help { .. })));
    h.key(KeyCode::Esc);
    go_to(&mut h, Slot::Text(Field::StatementId));
    h.keys("?");
    assert!(form(&h).text(Field::StatementId).ends_with('?'));
}
