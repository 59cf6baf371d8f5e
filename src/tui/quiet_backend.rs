//! The crossterm backend, minus what an unchanged frame would still write: with nothing to draw
//! it writes nothing (no style reset), and it hides the cursor only when it is shown. Over a
//! slow SSH link, a redraw that changes nothing costs zero bytes. It is also the one door to
//! the terminal: no cell leaves it with a control or bidi character in it, whatever a widget
//! put there.

use super::recording::Output;
use crate::printable;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::borrow::Cow;

pub struct QuietBackend {
    inner: CrosstermBackend<Output>,
    cursor_hidden: bool,
}

impl QuietBackend {
    pub fn new(inner: CrosstermBackend<Output>) -> QuietBackend {
        QuietBackend {
            inner,
            cursor_hidden: false,
        }
    }

    /// After the terminal was given away (Ctrl-Z), nothing about the cursor is known.
    pub fn forget_cursor(&mut self) {
        self.cursor_hidden = false;
    }
}

impl Backend for QuietBackend {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let content: Vec<(u16, u16, &Cell)> = content.collect();
        if content.is_empty() {
            return Ok(());
        }
        let clean = |cell: &Cell| matches!(printable::cell_symbol(cell.symbol()), Cow::Borrowed(_));
        if content.iter().all(|(_, _, cell)| clean(cell)) {
            return self.inner.draw(content.into_iter());
        }
        let owned: Vec<(u16, u16, Cell)> = content
            .into_iter()
            .map(|(x, y, cell)| {
                let mut cell = cell.clone();
                if let Cow::Owned(symbol) = printable::cell_symbol(cell.symbol()) {
                    cell.set_symbol(&symbol);
                }
                (x, y, cell)
            })
            .collect();
        self.inner
            .draw(owned.iter().map(|(x, y, cell)| (*x, *y, cell)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.cursor_hidden {
            return Ok(());
        }
        self.cursor_hidden = true;
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.cursor_hidden = false;
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}
