//! The one way answers that no longer apply are dropped. Every request is given a ticket; its
//! answer carries the ticket back and is applied only if it is still the latest one issued for
//! what was asked. A reload, a new selection or a reconnect issues a new ticket (or forgets them
//! all), so a late or superseded answer is never shown as current.

use super::target::Target;
use std::collections::HashMap;

/// What a request asked for: one latest ticket each.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Asked {
    /// The list of functions (every page of one listing carries the same ticket).
    Functions,
    /// The pause after a selection moves, before its qualifiers are asked for.
    SettledSelection,
    /// The versions and aliases of the selected function.
    Qualifiers,
    Policy(Target),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tickets {
    last_issued: u64,
    latest: HashMap<Asked, u64>,
}

impl Tickets {
    /// A new ticket for `asked`; earlier ones for it no longer count.
    pub fn issue(&mut self, asked: Asked) -> u64 {
        self.last_issued += 1;
        self.latest.insert(asked, self.last_issued);
        self.last_issued
    }

    /// Whether an answer carrying `ticket` is the answer to the latest request for `asked`.
    pub fn is_latest(&self, asked: &Asked, ticket: u64) -> bool {
        self.latest.get(asked) == Some(&ticket)
    }

    /// The request for `asked` is answered: nothing more is expected for it.
    pub fn done(&mut self, asked: &Asked) {
        self.latest.remove(asked);
    }

    /// Forgets the requests `keep` says no to: their answers will be dropped.
    pub fn forget(&mut self, keep: impl Fn(&Asked) -> bool) {
        self.latest.retain(|asked, _| keep(asked));
    }

    /// Forgets every request: no answer on its way will be applied.
    pub fn forget_all(&mut self) {
        self.latest.clear();
    }

    /// Whether an answer is expected for `asked`.
    pub fn is_waiting(&self, asked: &Asked) -> bool {
        self.latest.contains_key(asked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_ticket_for_a_request_counts() {
        let mut tickets = Tickets::default();
        let first = tickets.issue(Asked::Qualifiers);
        let second = tickets.issue(Asked::Qualifiers);
        let listing = tickets.issue(Asked::Functions);
        assert!(!tickets.is_latest(&Asked::Qualifiers, first));
        assert!(tickets.is_latest(&Asked::Qualifiers, second));
        assert!(!tickets.is_latest(&Asked::Functions, second));
        tickets.done(&Asked::Qualifiers);
        assert!(!tickets.is_latest(&Asked::Qualifiers, second));
        tickets.forget_all();
        assert!(!tickets.is_latest(&Asked::Functions, listing));
    }
}
