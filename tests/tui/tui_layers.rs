//! The layers screen (`L`) driven through the real `update`, its effects run against the
//! embedded emulator: browse layers and versions, the lints of a version's policy, share a
//! version through the form, remove a statement.

use crate::common;

use common::tui_harness::Harness;
use crossterm::event::KeyCode;
use lambda_policy::tui::app::{Overlay, Pane, StatusKind};
use lambda_policy::tui::effect::Effect;
use lambda_policy::tui::layer_browser::Browsing;
use lambda_policy::tui::layer_form::{LayerForm, LayerFormStage, LayerGrant};

async fn on_public_certs() -> Harness {
    Harness::on_layer("public-certs").await
}

fn form(h: &mut Harness) -> &mut LayerForm {
    match h.app.overlays.last_mut() {
        Some(Overlay::LayerForm(form)) => form,
        other => panic!("the layer form is not open: {other:?}"),
    }
}

#[tokio::test]
async fn l_lists_the_layers_their_versions_and_the_lints_of_each_policy() {
    let mut h = on_public_certs().await;
    let names: Vec<&str> = h
        .app
        .layers
        .layer_list()
        .iter()
        .map(|l| l.layer_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "org-tracing",
            "pandas-runtime",
            "public-certs",
            "shared-utils"
        ]
    );
    let versions: Vec<u64> = h
        .app
        .layers
        .version_list()
        .iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(versions, [2, 1], "newest first");
    let policy = h.app.layers.selected_policy().expect("version 2's policy");
    let ids: Vec<&str> = policy
        .lints
        .iter()
        .flatten()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(ids, ["public-layer", "cross-account-layer"]);
    let screen = h.screen(80, 24);
    assert!(screen.contains("Layer policy public-certs:2"), "{screen}");
    assert!(screen.contains("✗ anyone"), "{screen}");
    assert!(
        screen.contains("every AWS account can use this layer"),
        "{screen}"
    );
    // The older version has no policy: only this account may use it.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    h.settle().await;
    assert!(h.screen(80, 24).contains("No policy: only this account"));
    h.key(KeyCode::Char('L'));
    assert_eq!(h.app.browsing, Browsing::Functions);
    assert!(h.screen(80, 24).contains("Functions 12/12"));
}

#[tokio::test]
async fn the_form_shares_a_version_with_an_organisation_after_a_confirmation() {
    let mut h = on_public_certs().await;
    let revision = h
        .app
        .layers
        .selected_policy()
        .unwrap()
        .policy
        .revision_id
        .clone();
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Right);
    assert_eq!(form(&mut h).grant, LayerGrant::Organisation);
    h.key(KeyCode::Tab);
    h.keys("org");
    h.key(KeyCode::Tab);
    h.keys("o-a1b2");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("OrganizationId must be o- and 10 to 32 lowercase letters or digits"),
        "the focused field's problem in full:\n{screen}"
    );
    assert!(h.ctrl('s').is_empty(), "nothing is sent with a problem");
    h.keys("c3d4e5");
    assert!(h.screen(80, 24).contains("--organization-id o-a1b2c3d4e5"));
    h.ctrl('s');
    assert!(matches!(form(&mut h).stage, LayerFormStage::Confirming(_)));
    let effects = h.key(KeyCode::Enter);
    let Some(Effect::AddLayerPermission { request, .. }) = effects.first() else {
        panic!("no add: {effects:?}");
    };
    assert_eq!(
        request.revision_id, revision,
        "guarded by the revision shown"
    );
    h.settle().await;
    assert!(h.app.overlays.is_empty());
    let status = h.app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Success, "{}", status.text);
    let policy = h.app.layers.selected_policy().unwrap();
    let org = policy
        .policy
        .document
        .as_ref()
        .unwrap()
        .statement("org")
        .expect("the new statement");
    assert_eq!(org.narrowing_values("aws:PrincipalOrgID"), ["o-a1b2c3d4e5"]);
}

/// The layer form's confirmation is on Cancel and asks for the layer's name to be typed.
fn starts_on_cancel_asking_the_name(h: &mut Harness) -> bool {
    matches!(
        &form(h).stage,
        LayerFormStage::Confirming(c)
            if c.focus == lambda_policy::tui::app::DialogButton::Cancel && c.typed.is_some()
    )
}

#[tokio::test]
async fn a_public_grant_starts_on_cancel_and_read_only_sends_nothing() {
    let mut h = on_public_certs().await;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    assert_eq!(form(&mut h).grant, LayerGrant::Public);
    h.key(KeyCode::Tab);
    h.keys("everyone");
    assert!(h.screen(80, 24).contains("public-layer"));
    h.ctrl('s');
    assert!(starts_on_cancel_asking_the_name(&mut h));
    assert!(
        h.key(KeyCode::Enter).is_empty(),
        "Enter on Cancel sends nothing"
    );
    // On Share, Enter still needs the layer's name typed.
    h.ctrl('s');
    h.key(KeyCode::Tab);
    assert!(
        h.key(KeyCode::Enter).is_empty(),
        "the name is not typed yet"
    );
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("type the name")
    );
    h.keys("public-certs");
    assert!(h.screen(80, 24).contains("> public-certs"));
    let effects = h.key(KeyCode::Enter);
    assert!(
        matches!(effects.first(), Some(Effect::AddLayerPermission { .. })),
        "{effects:?}"
    );

    // `*` typed as the one account is just as public: it starts on Cancel too.
    let mut h = on_public_certs().await;
    h.key(KeyCode::Char('a'));
    assert_eq!(form(&mut h).grant, LayerGrant::Account);
    h.key(KeyCode::Tab);
    h.keys("star");
    h.key(KeyCode::Tab);
    h.keys("*");
    h.ctrl('s');
    assert!(
        starts_on_cancel_asking_the_name(&mut h),
        "{:?}",
        form(&mut h).stage
    );

    let mut h = Harness::start_with(true, true).await;
    h.key(KeyCode::Char('L'));
    h.settle().await;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Tab);
    h.keys("team");
    h.key(KeyCode::Tab);
    h.keys("210987654321");
    assert!(h.ctrl('s').is_empty());
    assert!(
        matches!(h.app.overlays.last(), Some(Overlay::LayerForm(_))),
        "the form stays open"
    );
    assert!(
        h.status_text().contains("nothing is sent"),
        "{}",
        h.status_text()
    );
    assert!(
        !h.all_effects
            .iter()
            .any(|e| matches!(e, Effect::AddLayerPermission { .. }))
    );
}

#[tokio::test]
async fn x_removes_a_statement_after_naming_it() {
    let mut h = on_public_certs().await;
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Pane::Policy);
    h.key(KeyCode::Char('x'));
    assert!(h.screen(80, 24).contains("from layer public-certs:2?"));
    h.key(KeyCode::Tab);
    let effects = h.key(KeyCode::Enter);
    assert!(
        matches!(effects.first(), Some(Effect::RemoveLayerPermission { sid, revision_id: Some(_), .. }) if sid == "anyone"),
        "{effects:?}"
    );
    h.settle().await;
    let policy = h.app.layers.selected_policy().unwrap();
    assert!(
        policy
            .lints
            .iter()
            .flatten()
            .all(|l| l.id.as_str() != "public-layer")
    );
    assert!(
        policy
            .policy
            .document
            .as_ref()
            .unwrap()
            .statement("anyone")
            .is_none()
    );
}

#[tokio::test]
async fn reset_on_the_layers_screen_reads_the_layers_again() {
    let mut h = on_public_certs().await;
    h.command("reset");
    h.settle().await;
    assert!(
        h.status_text().contains("back as it started"),
        "{}",
        h.status_text()
    );
    assert_eq!(h.app.browsing, Browsing::Layers);
    assert_eq!(
        h.app.layers.layer_list().len(),
        4,
        "the layers are listed again, not left loading"
    );
}

#[tokio::test]
async fn the_spinner_turns_while_the_layers_load_and_stops_once_they_are_in() {
    let mut h = Harness::start().await;
    h.key(KeyCode::Char('L'));
    // Only the load counts: the status that fades would tick too.
    h.app.status = None;
    assert!(h.app.is_busy(), "ticks run while the layers load");
    h.settle().await;
    h.app.status = None;
    assert!(!h.app.is_busy(), "and stop once they are in");
}

#[tokio::test]
async fn the_layer_form_gives_every_field_s_reason_not_only_the_focused_one_s() {
    let mut h = on_public_certs().await;
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Right);
    assert_eq!(form(&mut h).grant, LayerGrant::Organisation);
    h.key(KeyCode::Tab);
    h.keys("bad id");
    h.key(KeyCode::Tab);
    h.keys("o-a1b2");
    let screen = h.screen(100, 30);
    assert!(screen.contains("OrganizationId must be o-"), "{screen}");
    assert!(
        screen.contains("StatementId must"),
        "both reasons, the StatementId's too:\n{screen}"
    );
    let focused = screen.find("OrganizationId must be o-").unwrap();
    let other = screen.find("StatementId must").unwrap();
    assert!(focused < other, "the focused field's first:\n{screen}");
}
