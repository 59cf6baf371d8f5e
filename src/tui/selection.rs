//! The selected row of a list, and how far the list is scrolled: one type each for the
//! functions, the qualifiers, the statements and the layers, so moving and scrolling are
//! written once.

/// A selected row. Every move is clamped to the rows there are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection(usize);

impl Selection {
    pub fn index(self) -> usize {
        self.0
    }

    pub fn is(self, index: usize) -> bool {
        self.0 == index
    }

    /// Selects `index`, or the last of `len` rows if it is beyond them.
    pub fn select(&mut self, index: usize, len: usize) {
        self.0 = index.min(len.saturating_sub(1));
    }

    /// Moves by `delta` rows (negative: up), staying within `len`.
    pub fn step(&mut self, delta: isize, len: usize) {
        let moved = self.0.saturating_add_signed(delta);
        self.select(moved, len);
    }

    /// Back to the first row.
    pub fn reset(&mut self) {
        self.0 = 0;
    }
}

/// How far each list of the screens is scrolled.
#[derive(Debug, Default)]
pub struct Scrolls {
    pub functions: Scroll,
    pub qualifiers: Scroll,
    pub statements: Scroll,
    pub layers: Scroll,
    pub versions: Scroll,
    pub layer_statements: Scroll,
}

/// Where a list is scrolled: the first row on screen. Drawing keeps the selection in sight and
/// remembers where that left the list, as ratatui's `ListState` does, so the list moves a line
/// at a time and stays put while the selection moves within it (and across a reload).
#[derive(Debug, Default)]
pub struct Scroll(std::cell::Cell<usize>);

impl Scroll {
    /// The first row to draw of `len` rows, `height` of which fit, with `selected` in sight.
    pub fn offset(&self, selected: usize, height: usize, len: usize) -> usize {
        if height == 0 {
            return 0;
        }
        let mut offset = self.0.get().min(selected);
        if selected >= offset + height {
            offset = selected + 1 - height;
        }
        // No empty rows at the bottom while rows above are hidden (after a filter or a reload).
        offset = offset.min(len.saturating_sub(height));
        self.0.set(offset);
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::{Scroll, Selection};

    #[test]
    fn moves_stay_within_the_rows() {
        let mut s = Selection::default();
        s.step(-1, 10);
        assert_eq!(s.index(), 0);
        s.step(25, 10);
        assert_eq!(s.index(), 9);
        s.select(42, 0);
        assert_eq!(s.index(), 0);
    }

    #[test]
    fn a_list_scrolls_a_line_at_a_time_and_keeps_the_selection_in_sight() {
        let scroll = Scroll::default();
        let offsets: Vec<usize> = [0, 4, 5, 6, 5, 1, 0]
            .iter()
            .map(|&selected| scroll.offset(selected, 5, 20))
            .collect();
        assert_eq!(offsets, vec![0, 0, 1, 2, 2, 1, 0]);
        // A list that shrank under the scroll shows its last rows whole.
        scroll.offset(19, 5, 20);
        assert_eq!(scroll.offset(3, 5, 4), 0);
        assert_eq!(scroll.offset(3, 0, 4), 0);
    }
}
