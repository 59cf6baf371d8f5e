//! Asking before a write that destroys something: `--yes`, or a person at a terminal says so.
//! Without a terminal and without `--yes` the command refuses (exit 2) rather than guess.

use super::CommandError;
use std::io::{BufRead, IsTerminal, Write};

/// `question` is asked on stderr (`[y/N]` is added); `refusal` is the error when no one can
/// answer it.
pub fn confirmed(question: &str, refusal: &str, yes: bool) -> Result<bool, CommandError> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::bad_input(refusal));
    }
    eprint!("{} [y/N] ", crate::printable::line(question));
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CommandError::failed(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
