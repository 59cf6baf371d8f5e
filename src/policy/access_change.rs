//! What a write would add of access beyond the account: grants to anyone, and grants to other
//! accounts (or to a service on behalf of any account). Every write path asks this one rule
//! (`put`, `edit`, the TUI's editor and forms, `audit --fix`) and confirms as
//! [`Confirmation`] says, so that no path lets public access in more easily than another.

use super::caller::Trust;
use super::document::PolicyDocument;
use super::engine::access_of;
use super::holder_kind::HolderKind;
use super::lint::{Lint, LintId};
use super::new_access::{NewAccess, new_access_between};

/// The access a write adds, one line per grant, as a person reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccessChange {
    /// Grants anyone (the whole internet, or every AWS account) would have.
    pub public: Vec<String>,
    /// Grants another account would have (or any account's resources, through a service).
    pub external: Vec<String>,
    /// Access the write takes away, told the same way (not confirmed: a removal of statements
    /// is confirmed by its own rule).
    pub removed: Vec<String>,
}

/// How a write that adds access is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Public: the TUI asks for the resource's name to be typed, starting on Cancel; a command
    /// needs `--yes` when no terminal can answer.
    TypeName,
    /// External: asked on a terminal (the TUI's dialog starts on Cancel).
    Ask,
    /// Nothing beyond the account: the ordinary confirmation.
    Plain,
}

fn is_public(id: LintId) -> bool {
    matches!(
        id,
        LintId::Public | LintId::PublicFunctionUrl | LintId::PublicLayer
    )
}

fn is_external(id: LintId) -> bool {
    matches!(
        id,
        LintId::CrossAccount | LintId::CrossAccountLayer | LintId::ConfusedDeputy
    )
}

impl AccessChange {
    /// What a statement with these lints adds (`label` names it: its Sid).
    pub fn of_lints(label: &str, lints: &[Lint]) -> AccessChange {
        let mut change = AccessChange::default();
        for lint in lints {
            let line = format!("{label}: {}", lint.message);
            if is_public(lint.id) {
                change.public.push(line);
            } else if is_external(lint.id) {
                change.external.push(line);
            }
        }
        change
    }

    /// What putting `after` over `before` adds, as the access engine reads both: access to a
    /// caller or of an action `before` did not grant (a grant kept, or only renamed, adds
    /// nothing); and what it takes away, in `removed`.
    pub fn of_put(
        before: Option<&PolicyDocument>,
        after: &PolicyDocument,
        own_account: Option<&str>,
    ) -> AccessChange {
        let empty = PolicyDocument::empty();
        let before = before.unwrap_or(&empty);
        let trust = Trust::account(own_account);
        let label = |document: &PolicyDocument, new: &NewAccess| {
            document.statements[new.statement]
                .sid
                .clone()
                .unwrap_or_else(|| format!("statement {}", new.statement + 1))
        };
        let old = access_of(before, HolderKind::Function, None);
        let new = access_of(after, HolderKind::Function, None);
        let mut change = AccessChange::default();
        for new in new_access_between((before, &old), (after, &new)) {
            let line = format!("{}: {}", label(after, &new), new.line());
            if new.caller.is_everyone() {
                change.public.push(line);
            } else if !new.caller.outside(&trust).is_empty() {
                change.external.push(line);
            }
        }
        for gone in new_access_between((after, &new), (before, &old)) {
            if gone.reason.is_none() {
                change
                    .removed
                    .push(format!("{}: {}", label(before, &gone), gone.line()));
            }
        }
        change
    }

    pub fn add(&mut self, other: AccessChange) {
        self.public.extend(other.public);
        self.external.extend(other.external);
        self.removed.extend(other.removed);
    }

    pub fn confirmation(&self) -> Confirmation {
        if !self.public.is_empty() {
            Confirmation::TypeName
        } else if !self.external.is_empty() {
            Confirmation::Ask
        } else {
            Confirmation::Plain
        }
    }

    /// Every grant, public first, each marked.
    pub fn lines(&self) -> Vec<String> {
        let public = self.public.iter().map(|l| format!("PUBLIC {l}"));
        let external = self.external.iter().map(|l| format!("EXTERNAL {l}"));
        public.chain(external).collect()
    }

    /// Access added (`+`, public and external marked) and taken away (`-`), a line each: what
    /// a review shows above its diff.
    pub fn review_lines(&self) -> Vec<String> {
        let added = self.lines().into_iter().map(|l| format!("+ {l}"));
        let removed = self.removed.iter().map(|l| format!("- {l}"));
        added.chain(removed).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(statements: &str) -> PolicyDocument {
        PolicyDocument::parse(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
        ))
        .unwrap()
    }

    const PUBLIC: &str = r#"{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"*"}"#;
    const PARTNER: &str = r#"{"Sid":"partner","Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"lambda:InvokeFunction","Resource":"*"}"#;
    const OWN: &str = r#"{"Sid":"own","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"lambda:InvokeFunction","Resource":"*"}"#;

    #[test]
    fn a_put_is_confirmed_by_what_it_adds_not_by_what_it_keeps() {
        let own = Some("123456789012");
        let added = AccessChange::of_put(None, &document(PUBLIC), own);
        assert_eq!(added.confirmation(), Confirmation::TypeName);
        assert!(added.lines()[0].starts_with("PUBLIC anyone:"), "{added:?}");
        let kept = AccessChange::of_put(
            Some(&document(PUBLIC)),
            &document(&format!("{PUBLIC},{OWN}")),
            own,
        );
        assert_eq!(kept.confirmation(), Confirmation::Plain, "{kept:?}");
        let partner = AccessChange::of_put(Some(&document(OWN)), &document(PARTNER), own);
        assert_eq!(partner.confirmation(), Confirmation::Ask);
        // The same grant under another Sid grants nothing new; a wider one does.
        let renamed = PUBLIC.replace("anyone", "everyone");
        let again = AccessChange::of_put(Some(&document(PUBLIC)), &document(&renamed), own);
        assert_eq!(again.confirmation(), Confirmation::Plain, "{again:?}");
        let wider = renamed.replace("lambda:InvokeFunction", "lambda:*");
        let more = AccessChange::of_put(Some(&document(PUBLIC)), &document(&wider), own);
        assert_eq!(more.confirmation(), Confirmation::TypeName);
        assert!(
            more.public[0].contains("invoke through its URL, read, change its permissions"),
            "{more:?}"
        );
        // Taking the partner's grant away is told as access removed.
        let removed = AccessChange::of_put(Some(&document(PARTNER)), &document(OWN), own);
        assert_eq!(
            removed.review_lines(),
            ["- partner: account 210987654321 may invoke"]
        );
    }
}
