//! Where a scrolled window (help, the policy's JSON, who may do what, the messages) stands:
//! some lines from its top, or from its end. `update` moves it with the keys every pager knows
//! (`j`/`k`, `PageDown`/`Space`/`PageUp`, `g`/`Home`, `G`/`End`) without knowing how long the
//! text is; the view, which knows, turns it into the first line to draw.

use crossterm::event::KeyCode;

/// Lines a page key moves.
const PAGE: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewScroll {
    /// This many lines below the top.
    FromTop(u16),
    /// This many lines above the end (`G`): the end stays in view as the text grows.
    FromEnd(u16),
}

impl ViewScroll {
    pub const TOP: ViewScroll = ViewScroll::FromTop(0);
    pub const END: ViewScroll = ViewScroll::FromEnd(0);

    /// Moves by a scrolling key; `false` when the key does not scroll.
    pub fn on_key(&mut self, code: KeyCode) -> bool {
        let down: i32 = match code {
            KeyCode::Char('j') | KeyCode::Down => 1,
            KeyCode::Char('k') | KeyCode::Up => -1,
            KeyCode::PageDown | KeyCode::Char(' ') => i32::from(PAGE),
            KeyCode::PageUp => -i32::from(PAGE),
            KeyCode::Char('g') | KeyCode::Home => {
                *self = ViewScroll::TOP;
                return true;
            }
            KeyCode::Char('G') | KeyCode::End => {
                *self = ViewScroll::END;
                return true;
            }
            _ => return false,
        };
        *self = match *self {
            ViewScroll::FromTop(lines) => ViewScroll::FromTop(step(lines, down)),
            ViewScroll::FromEnd(lines) => ViewScroll::FromEnd(step(lines, -down)),
        };
        true
    }

    /// The first line to draw of `total` lines in a window of `visible` rows.
    pub fn offset(self, total: usize, visible: u16) -> u16 {
        let last_top =
            u16::try_from(total.saturating_sub(usize::from(visible))).unwrap_or(u16::MAX);
        match self {
            ViewScroll::FromTop(lines) => lines.min(last_top),
            ViewScroll::FromEnd(lines) => last_top.saturating_sub(lines),
        }
    }
}

fn step(lines: u16, by: i32) -> u16 {
    u16::try_from((i32::from(lines) + by).max(0)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_keys_move_from_either_end() {
        let mut scroll = ViewScroll::TOP;
        scroll.on_key(KeyCode::Char('j'));
        scroll.on_key(KeyCode::PageDown);
        assert_eq!(scroll.offset(100, 20), 11);
        scroll.on_key(KeyCode::Char('G'));
        assert_eq!(scroll.offset(100, 20), 80, "the last page");
        scroll.on_key(KeyCode::Char('k'));
        assert_eq!(scroll.offset(100, 20), 79, "one up from the end");
        scroll.on_key(KeyCode::End);
        scroll.on_key(KeyCode::Char('j'));
        assert_eq!(scroll.offset(100, 20), 80, "no further than the end");
        scroll.on_key(KeyCode::Home);
        assert_eq!(scroll.offset(100, 20), 0);
        assert_eq!(ViewScroll::FromTop(500).offset(100, 20), 80, "clamped");
        assert_eq!(
            ViewScroll::END.offset(5, 20),
            0,
            "a short text starts at its top"
        );
        assert!(!scroll.on_key(KeyCode::Char('x')));
    }
}
