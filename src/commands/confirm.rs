//! Asking before a write that destroys something or lets someone in: `--yes`, or a person at a
//! terminal says so. Without a terminal and without `--yes` the command refuses (exit 2) rather
//! than guess.

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

/// Whether a write that adds `change` to `target` may go ahead, by the rule every write path
/// follows ([`crate::policy::Confirmation`]): public access is asked on a terminal and needs
/// `--yes` without one (or when stdin held the document); access for another account is asked
/// on a terminal. What it adds is listed on stderr first.
pub fn access_confirmed(
    change: &crate::policy::AccessChange,
    target: &str,
    yes: bool,
    stdin_used: bool,
) -> Result<bool, CommandError> {
    use crate::policy::Confirmation;
    let confirmation = change.confirmation();
    if confirmation == Confirmation::Plain || yes {
        return Ok(true);
    }
    let terminal = std::io::stdin().is_terminal() && !stdin_used;
    if confirmation == Confirmation::Ask && !terminal {
        return Ok(true);
    }
    for line in change.lines() {
        eprintln!("  {}", crate::printable::line(&line));
    }
    match confirmation {
        Confirmation::TypeName => {
            let refusal = format!(
                "this write grants public access to {target}: add --yes to write it, or --dry-run to review it"
            );
            if !terminal {
                return Err(CommandError::bad_input(refusal));
            }
            confirmed(
                &format!("grant PUBLIC access to {target}?"),
                &refusal,
                false,
            )
        }
        _ => confirmed(
            &format!("grant access to {target} beyond its account?"),
            "",
            false,
        ),
    }
}
