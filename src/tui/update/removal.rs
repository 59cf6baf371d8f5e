//! Asking before a statement is removed, for functions and layer versions alike.

use super::{set_error, set_info};
use crate::tui::app::{App, ConfirmRemove, DialogButton, Overlay, Pane, RemoveFrom};
use crate::tui::effect::Effect;

/// `x`: the confirmation that names the statement and what it is taken from (Cancel focused),
/// once a statement is chosen in the Policy pane and writing is allowed.
pub(in crate::tui) fn ask_removal(
    app: &mut App,
    chosen: Option<(RemoveFrom, String)>,
) -> Vec<Effect> {
    if app.read_only {
        set_error(app, "read-only mode: removing is disabled");
        return Vec::new();
    }
    if app.focus != Pane::Policy {
        set_info(
            app,
            "choose a statement in the Policy pane first (Tab to move there)",
        );
        return Vec::new();
    }
    let Some((target, sid)) = chosen else {
        set_info(app, "no statement selected");
        return Vec::new();
    };
    app.overlays.push(Overlay::ConfirmRemove(ConfirmRemove {
        target,
        sid,
        focus: DialogButton::Cancel,
    }));
    Vec::new()
}
