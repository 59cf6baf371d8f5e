//! The terminal's state: raw mode and the alternate screen on entry, and restored on every
//! exit: quit, error, panic (ratatui's hook), SIGTERM, SIGHUP, a closed pty, and Ctrl-Z.

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;
use std::io::Write;

pub fn enter() -> DefaultTerminal {
    let terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    terminal
}

pub fn leave() {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again.
pub fn suspend(terminal: &mut DefaultTerminal) {
    leave();
    // SAFETY: raising a signal on our own process has no memory-safety concerns.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    *terminal = enter();
    let _ = terminal.clear();
}

/// Writes raw bytes (OSC 52) to the terminal.
pub fn write_raw(text: &str) {
    let mut out = std::io::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
