//! The tour's keys (`Space`/`n` next, `p` previous, `Esc` leave) and the inputs it feeds the
//! app, one at a time, through the same handlers as a user's keys.

use super::{browse, set_info};
use crate::tui::app::{App, Overlay, Pane};
use crate::tui::effect::Effect;
use crate::tui::layer_browser::Browsing;
use crate::tui::tour::{Tour, TourInput, TourMove};
use crossterm::event::KeyEvent;

/// Whether `key` moves the tour. While a command or a filter is typed, every key is the
/// typing's.
pub fn is_tour_key(app: &App, key: KeyEvent) -> Option<TourMove> {
    app.tour.as_ref()?;
    let typing =
        app.filter_editing || matches!(app.overlays.last(), Some(Overlay::CommandLine { .. }));
    if typing {
        return None;
    }
    TourMove::of(key)
}

pub fn on_move(app: &mut App, to: TourMove) -> Vec<Effect> {
    let Some(tour) = app.tour.as_mut() else {
        return Vec::new();
    };
    match to {
        TourMove::Next if tour.is_last() => {
            set_info(
                app,
                "that was the last step: Esc leaves the tour, p goes back",
            );
        }
        TourMove::Next => tour.enter(tour.index + 1),
        TourMove::Previous => tour.enter(tour.index.saturating_sub(1)),
        TourMove::Leave => {
            app.tour = None;
            set_info(
                app,
                "left the tour: the app is yours where it is (:tour starts it again)",
            );
        }
    }
    Vec::new()
}

/// Starts the tour at its first step (`:tour`).
pub fn start(app: &mut App) -> Vec<Effect> {
    app.tour = Some(Tour::demo());
    Vec::new()
}

/// Feeds the app the tour's next input, if one is waiting.
pub fn continue_step(app: &mut App) -> Vec<Effect> {
    let Some(input) = app.tour.as_mut().and_then(|t| t.pending.pop_front()) else {
        return Vec::new();
    };
    match input {
        TourInput::Home => home(app),
        TourInput::Key(key) => super::on_key(app, key),
    }
}

/// Back to where the tour's steps start: no window, no filter, the functions screen with the
/// first function selected.
fn home(app: &mut App) -> Vec<Effect> {
    app.overlays.clear();
    app.filter_editing = false;
    app.status = None;
    app.browsing = Browsing::Functions;
    app.focus = Pane::Functions;
    app.filter.clear();
    app.refilter();
    browse::select_function(app, 0)
}
