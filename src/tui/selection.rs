//! The selected row of a list, and the page of rows it is shown on: one type for the functions,
//! the qualifiers and the statements, so moving and paging are written once.

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

    /// The first row on screen when `height` rows fit. Pages flip rather than scroll, so a
    /// keystroke redraws two rows of the pane, not all of them: bytes count over SSH.
    pub fn page_start(self, height: usize) -> usize {
        if height == 0 {
            return 0;
        }
        self.0 - self.0 % height
    }
}

#[cfg(test)]
mod tests {
    use super::Selection;

    #[test]
    fn moves_stay_within_the_rows_and_pages_flip() {
        let mut s = Selection::default();
        s.step(-1, 10);
        assert_eq!(s.index(), 0);
        s.step(25, 10);
        assert_eq!(s.index(), 9);
        s.select(42, 0);
        assert_eq!(s.index(), 0);
        s.select(7, 10);
        assert_eq!(
            (s.page_start(5), s.page_start(10), s.page_start(0)),
            (5, 0, 0)
        );
    }
}
