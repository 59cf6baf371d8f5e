//! The real binary in a real terminal (tmux, 80x24): the layers screen, the public demo layer's
//! lint in place, an organisation grant added through the form, the public grant removed.

use crate::common;

use common::tmux::Tmux;

#[test]
fn l_shows_the_public_layer_then_an_org_grant_is_added_and_the_public_one_removed() {
    let Some(t) = Tmux::demo(80, 24) else {
        return;
    };
    t.keys(&["L"]);
    t.wait_for("Layers 4");
    t.keys(&["j"]);
    t.keys(&["j"]);
    let screen = t.wait_for("Layer policy public-certs:2");
    assert!(screen.contains("✗ anyone"), "{screen}");
    let screen = t.wait_for("every AWS account can use this layer");
    assert!(screen.contains("PUBLIC"), "the lint in place:\n{screen}");

    t.keys(&["a"]);
    t.wait_for("Share layer public-certs:2");
    t.keys(&["Right"]);
    t.wait_for("an organisation");
    t.keys(&["Tab"]);
    t.type_text("org");
    t.keys(&["Tab"]);
    t.type_text("o-a1b2c3d4e5");
    t.wait_for("ready: Ctrl-S shares it");
    t.keys(&["C-s"]);
    t.wait_for("Let organisation o-a1b2c3d4e5 use layer public-certs:2?");
    t.keys(&["Enter"]);
    t.wait_for("shared layer public-certs:2: added org");
    // The answer's status and the policy's reload come in one frame: wait for the pane.
    let screen = t.wait_for("* in o-a1b2c3d4e5");
    assert!(screen.contains("* in o-a1b2c3d4e5"), "{screen}");

    t.keys(&["x"]);
    t.wait_for("Remove statement anyone");
    t.keys(&["Tab"]);
    t.keys(&["Enter"]);
    t.wait_for("removed anyone from layer public-certs:2");
    // Read again (the org grant is back on screen), the public grant is gone.
    let screen = t.wait_for("* in o-a1b2c3d4e5");
    assert!(!screen.contains("✗ anyone"), "{screen}");
    t.quit();
}
