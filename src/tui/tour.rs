//! The guided tour of the demo (`--tour`, `:tour`): steps, each a caption and the inputs that
//! bring the app to the state it speaks of. The steps live in `assets/tour.json`; the inputs are
//! keys fed through `update` like any other (the event loop hands them over one at a time, once
//! the answers to the previous one are in), so the tour shows the real app.

use super::keymap;
use crossterm::event::KeyEvent;
use serde::Deserialize;
use std::collections::VecDeque;

const STEPS: &str = include_str!("../../assets/tour.json");

/// One thing the tour does to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourInput {
    /// Back to the start: windows closed, no filter, the functions screen, the first function.
    Home,
    Key(KeyEvent),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TourStep {
    pub caption: String,
    pub inputs: Vec<TourInput>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    pub steps: Vec<TourStep>,
    /// The step shown.
    pub index: usize,
    /// What is left to feed the app for this step, in order.
    pub pending: VecDeque<TourInput>,
    /// The steps whose starting state the demo keeps: going back to one puts it back, so the
    /// step shows what its caption speaks of, not what later steps left behind.
    pub kept: std::collections::BTreeSet<usize>,
    /// While a number takes the tour past steps not seen yet: the step it goes to, each one
    /// before it taken in turn.
    pub jumping_to: Option<usize>,
}

/// What a tour key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourMove {
    Next,
    Previous,
    /// Straight to a step (0-based): `1`…`9`, `0` for the tenth.
    Jump(usize),
    Leave,
}

impl TourMove {
    /// `Space`/`n` next, `p` previous, `1`…`9` and `0` a step by its number, `Esc` leave;
    /// other keys go to the app.
    pub fn of(key: KeyEvent) -> Option<TourMove> {
        use crossterm::event::{KeyCode, KeyModifiers};
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return None;
        }
        match key.code {
            KeyCode::Char(' ' | 'n') => Some(TourMove::Next),
            KeyCode::Char('p') => Some(TourMove::Previous),
            KeyCode::Char(digit @ '0'..='9') => {
                let n = digit.to_digit(10).unwrap_or(0) as usize;
                Some(TourMove::Jump(if n == 0 { 9 } else { n - 1 }))
            }
            KeyCode::Esc => Some(TourMove::Leave),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct StepsFile {
    steps: Vec<StepEntry>,
}

#[derive(Deserialize)]
struct StepEntry {
    caption: String,
    keys: Vec<String>,
}

impl Tour {
    /// The tour of the embedded demo, at its first step.
    pub fn demo() -> Tour {
        Tour::from_json(STEPS).expect("assets/tour.json is checked by the tests")
    }

    /// A tour read from its JSON file, at its first step. Inputs are `home`, `text:CHARACTERS`
    /// (typed one by one) or a key as `--show-keys` names it (`Tab`, `Ctrl-P`, `j`).
    pub fn from_json(json: &str) -> Result<Tour, String> {
        let file: StepsFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let steps = file
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                let inputs = entry
                    .keys
                    .iter()
                    .map(|name| parse_input(name))
                    .collect::<Result<Vec<Vec<TourInput>>, String>>()
                    .map_err(|e| format!("step {}: {e}", i + 1))?;
                Ok(TourStep {
                    caption: entry.caption,
                    inputs: inputs.into_iter().flatten().collect(),
                })
            })
            .collect::<Result<Vec<TourStep>, String>>()?;
        if steps.is_empty() {
            return Err("a tour needs a step".into());
        }
        let mut tour = Tour {
            steps,
            index: 0,
            pending: VecDeque::new(),
            kept: Default::default(),
            jumping_to: None,
        };
        tour.enter(0);
        Ok(tour)
    }

    pub fn step(&self) -> &TourStep {
        &self.steps[self.index]
    }

    /// Goes to step `index` (kept within the tour): its inputs are fed anew.
    pub fn enter(&mut self, index: usize) {
        self.index = index.min(self.steps.len() - 1);
        self.pending = self.steps[self.index].inputs.iter().copied().collect();
    }

    pub fn is_last(&self) -> bool {
        self.index + 1 == self.steps.len()
    }
}

fn parse_input(name: &str) -> Result<Vec<TourInput>, String> {
    if name == "home" {
        return Ok(vec![TourInput::Home]);
    }
    if let Some(text) = name.strip_prefix("text:") {
        return Ok(text
            .chars()
            .map(|c| {
                TourInput::Key(KeyEvent::new(
                    crossterm::event::KeyCode::Char(c),
                    crossterm::event::KeyModifiers::NONE,
                ))
            })
            .collect());
    }
    keymap::parse_key_name(name)
        .map(|key| vec![TourInput::Key(key)])
        .ok_or_else(|| format!("'{name}' is not a key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_tour_reads_and_starts_at_step_one_from_home() {
        let tour = Tour::demo();
        assert!(tour.steps.len() >= 8, "{}", tour.steps.len());
        assert_eq!(tour.index, 0);
        assert_eq!(tour.pending.front(), Some(&TourInput::Home));
        for step in &tour.steps {
            assert!(!step.caption.is_empty());
            assert_eq!(
                step.inputs.first(),
                Some(&TourInput::Home),
                "{}",
                step.caption
            );
        }
    }

    #[test]
    fn a_bad_key_name_is_refused_with_its_step() {
        let error = Tour::from_json(r#"{"steps":[{"caption":"c","keys":["home","Ctrl-Banana"]}]}"#)
            .unwrap_err();
        assert!(
            error.contains("step 1") && error.contains("Ctrl-Banana"),
            "{error}"
        );
        assert!(Tour::from_json(r#"{"steps":[]}"#).is_err());
    }

    #[test]
    fn text_is_typed_one_character_at_a_time() {
        let tour =
            Tour::from_json(r#"{"steps":[{"caption":"c","keys":["text:ab","Enter"]}]}"#).unwrap();
        assert_eq!(tour.steps[0].inputs.len(), 3);
    }
}
