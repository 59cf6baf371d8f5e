//! The terminal's state: raw mode and the alternate screen on entry, and restored on every
//! exit: quit, error, panic (ratatui's hook), SIGTERM, SIGHUP, a closed pty, and Ctrl-Z.

use super::quiet_backend::QuietBackend;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal the TUI draws on.
pub type Screen = Terminal<QuietBackend>;
use std::io::Write;

/// Takes the terminal. A panic on the main thread restores it (ratatui's hook); a panic in a
/// background task is only logged: the UI goes on and says what failed. A terminal that does
/// not answer is given back before the error is returned.
pub fn enter(record: Option<std::fs::File>) -> std::io::Result<Screen> {
    // ratatui's init takes the terminal (raw mode, alternate screen) and installs the hook that
    // restores it on a panic; drawing goes through the quiet backend.
    // Raw mode may be on even when entering the alternate screen failed.
    drop(ratatui::try_init().inspect_err(|_| leave())?);
    let recording = match record {
        Some(file) => {
            let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
            match super::recording::Recording::start(file, width, height) {
                Ok(recording) => Some(recording),
                Err(e) => {
                    leave();
                    return Err(std::io::Error::new(e.kind(), format!("--record: {e}")));
                }
            }
        }
        None => None,
    };
    let output = super::recording::Output::new(recording);
    let terminal = match Terminal::new(QuietBackend::new(CrosstermBackend::new(output))) {
        Ok(terminal) => terminal,
        Err(e) => {
            leave();
            return Err(e);
        }
    };
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            restore_and_report(info);
        } else {
            tracing::error!(panic = %info, "a background task panicked");
        }
    }));
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    Ok(terminal)
}

/// Gives the terminal back: raw mode off, the main screen, and the cursor shown (ratatui's
/// restore leaves it as it was, hidden while the TUI drew).
pub fn leave() {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(std::io::stdout(), crossterm::cursor::Show);
}

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again.
pub fn suspend(terminal: &mut Screen) {
    leave();
    // SAFETY: raising a signal on our own process has no memory-safety concerns.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    let _ = enable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    );
    // The shell may have left the cursor either way: the next frame hides it again.
    terminal.backend_mut().forget_cursor();
    let _ = terminal.clear();
}

/// Writes raw bytes (OSC 52) to the terminal.
pub fn write_raw(text: &str) {
    let mut out = std::io::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
