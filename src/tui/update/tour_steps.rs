//! The tour's keys (`Space`/`n` next, `p` previous, `Esc` leave) and the inputs it feeds the
//! app, one at a time, through the same handlers as a user's keys.

use super::{browse, set_info};
use crate::tui::app::{App, Overlay, Pane};
use crate::tui::effect::Effect;
use crate::tui::layer_browser::Browsing;
use crate::tui::tour::{Tour, TourInput, TourMove};
use crossterm::event::KeyEvent;

/// What a key the user pressed means while the tour is on.
pub enum UserKey {
    Tour(TourMove),
    /// The app's, as without the tour.
    App,
    /// Dropped: the tour is typing its step, and a key in between would change what it types.
    Dropped,
}

/// Whether `key` moves the tour. While the user types a command or a filter, every key is the
/// typing's; while the tour types its step, only the tour's keys (and Ctrl-C) count.
pub fn user_key(app: &App, key: KeyEvent) -> UserKey {
    let Some(tour) = app.tour.as_ref() else {
        return UserKey::App;
    };
    let to = TourMove::of(key);
    if !tour.pending.is_empty() {
        let quits = key
            .modifiers
            .contains(crossterm::event::KeyModifiers::CONTROL)
            && key.code == crossterm::event::KeyCode::Char('c');
        return match to {
            Some(to) => UserKey::Tour(to),
            None if quits => UserKey::App,
            None => UserKey::Dropped,
        };
    }
    let typing =
        app.filter_editing || matches!(app.overlays.last(), Some(Overlay::CommandLine { .. }));
    match to {
        Some(to) if !typing => UserKey::Tour(to),
        _ => UserKey::App,
    }
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
        TourMove::Next => {
            tour.enter(tour.index + 1);
            return restore_step(app);
        }
        TourMove::Previous => {
            tour.enter(tour.index.saturating_sub(1));
            return restore_step(app);
        }
        // A step not seen yet is reached through the ones before it, so that its state is
        // the one its caption speaks of; a step seen is put back as it began.
        TourMove::Jump(to) if to < tour.steps.len() => {
            if to > tour.index && !tour.kept.contains(&to) {
                let next = tour.index + 1;
                tour.enter(next);
                tour.jumping_to = Some(to);
                return restore_step(app);
            }
            tour.jumping_to = None;
            tour.enter(to);
            return restore_step(app);
        }
        TourMove::Jump(_) => set_info(app, "the tour has no such step"),
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

/// A step entered again: the demo's account put back as the step began (and every policy read
/// again from it); a step entered for the first time keeps it as its inputs start (`home`).
fn restore_step(app: &mut App) -> Vec<Effect> {
    let Some(tour) = app.tour.as_ref() else {
        return Vec::new();
    };
    if !tour.kept.contains(&tour.index) {
        return Vec::new();
    }
    let step = tour.index;
    vec![
        Effect::TourStore { step, save: false },
        app.restart_listing(),
    ]
}

/// Starts the tour at its first step (`:tour`).
pub fn start(app: &mut App) -> Vec<Effect> {
    app.tour = Some(Tour::demo());
    Vec::new()
}

/// Feeds the app the tour's next input, if one is waiting.
pub fn continue_step(app: &mut App) -> Vec<Effect> {
    // A jump past steps not seen: once one step's inputs are fed, the next one's.
    if let Some(tour) = app.tour.as_mut()
        && tour.pending.is_empty()
        && let Some(to) = tour.jumping_to
    {
        if tour.index < to {
            tour.enter(tour.index + 1);
        }
        if tour.index >= to {
            tour.jumping_to = None;
        }
    }
    let Some(input) = app.tour.as_mut().and_then(|t| t.pending.pop_front()) else {
        return Vec::new();
    };
    match input {
        TourInput::Home => {
            // The step's start: kept the first time, so that coming back shows it again.
            let save = app.tour.as_mut().and_then(|tour| {
                let step = tour.index;
                tour.kept
                    .insert(step)
                    .then_some(Effect::TourStore { step, save: true })
            });
            let mut effects: Vec<Effect> = save.into_iter().collect();
            effects.extend(home(app));
            effects
        }
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
