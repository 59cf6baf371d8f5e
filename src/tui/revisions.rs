//! Which revision of each policy was shown, so that a policy changed by someone else since is
//! marked as such ("changed since shown"), and the app's own writes are not.

use super::target::Target;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub struct Revisions {
    /// The revision last shown of each policy (`None`: it had none).
    shown: HashMap<Target, Option<String>>,
    /// Policies this app has just written: the next revision read is its own doing.
    written: HashSet<Target>,
    /// Policies whose revision changed since they were shown, by another writer.
    changed: HashSet<Target>,
}

impl Revisions {
    /// The app wrote `target`'s policy: the change is not news.
    pub fn wrote(&mut self, target: &Target) {
        self.written.insert(target.clone());
    }

    /// `target`'s policy was read at `revision`.
    pub fn arrived(&mut self, target: &Target, revision: Option<&str>) {
        let before = self
            .shown
            .insert(target.clone(), revision.map(str::to_string));
        let ours = self.written.remove(target);
        match before {
            Some(before) if before.as_deref() != revision && !ours => {
                self.changed.insert(target.clone());
            }
            _ if ours => {
                self.changed.remove(target);
            }
            _ => {}
        }
    }

    pub fn is_changed(&self, target: &Target) -> bool {
        self.changed.contains(target)
    }

    /// The marks have been seen: the selection moved on.
    pub fn forget_changes(&mut self) {
        self.changed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_writers_change_is_marked_and_the_apps_own_is_not() {
        let mut revisions = Revisions::default();
        let target = Target::new("f", None);
        revisions.arrived(&target, Some("r1"));
        revisions.arrived(&target, Some("r1"));
        assert!(!revisions.is_changed(&target), "read again, unchanged");
        revisions.wrote(&target);
        revisions.arrived(&target, Some("r2"));
        assert!(!revisions.is_changed(&target), "the app's own write");
        revisions.arrived(&target, Some("r3"));
        assert!(revisions.is_changed(&target), "someone else's");
        revisions.forget_changes();
        assert!(!revisions.is_changed(&target));
        revisions.arrived(&target, None);
        assert!(
            revisions.is_changed(&target),
            "the policy was deleted elsewhere"
        );
    }
}
