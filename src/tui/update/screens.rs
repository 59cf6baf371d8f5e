//! Switching between the functions screen and the layers screen.

use super::set_info;
use crate::tui::app::{App, Pane};
use crate::tui::effect::Effect;
use crate::tui::layer_browser::{Browsing, LayerBrowser};

/// `L` (and `:layers` / `:functions`): the panes switch between functions and layers. The
/// layers are listed the first time they are shown.
pub(in crate::tui) fn switch(app: &mut App, to: Browsing) -> Vec<Effect> {
    app.browsing = to;
    app.focus = Pane::Functions;
    match to {
        Browsing::Layers if app.layers == LayerBrowser::default() => {
            set_info(app, "layers: L goes back to the functions");
            vec![Effect::LoadLayers]
        }
        _ => Vec::new(),
    }
}
