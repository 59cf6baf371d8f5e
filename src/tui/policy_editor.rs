//! The whole-policy editor (`e`): the text being edited, what is wrong with it (worked out again
//! after every change), and where the edit is in its flow (editing, reading the diff, confirming,
//! putting). The put is guarded by the revision of `base`, the server's policy the edit is
//! against; after a 412 `base` becomes the server's new version and the text stays.

use super::target::Target;
use super::write_confirm::WriteConfirm;
use crate::lambda::FunctionPolicy;
use crate::policy::{
    Arn, LineIndex, PolicyDiff, PolicyDocument, ProblemKind, Severity, UrlState, check_document,
    diff_policies, lint_policy,
};
use ratatui_textarea::{CursorMove, TextArea};

/// How bad a finding is: it decides the mark and whether Ctrl-S may put.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    /// A lint of a statement Lambda accepts.
    Lint(Severity),
    /// Lambda accepts it, but it does not do what it seems to.
    Suspicious,
    /// Lambda refuses the document.
    Invalid,
}

impl FindingKind {
    pub fn is_error(self) -> bool {
        self == FindingKind::Invalid
    }
}

/// A place in the text as the editor counts it: line and character, both from 0.
pub type Position = (usize, usize);

/// One thing to show in the text: underlined from `from` to `to` (exclusive), marked in the
/// gutter on `from`'s line, and its message in full below the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    pub from: Position,
    pub to: Position,
    pub message: String,
}

/// Where the edit is.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorStage {
    Editing,
    /// The statements the put would add, remove and change (`server` shows the server's text
    /// instead), scrolled this far.
    Reviewing {
        scroll: u16,
        server: bool,
    },
    /// The put is asked for: what it does, and the choice.
    Confirming {
        diff: PolicyDiff,
        confirm: WriteConfirm,
    },
    /// Sent: waiting for Lambda's answer, the text kept; what the put adds, removes and
    /// changes.
    Putting {
        counts: (usize, usize, usize),
    },
    /// Esc on a changed text: a second Esc discards it, any other key goes back to it.
    AskingDiscard,
    /// A line typed below the text: what to find (Ctrl-F), or the line to go to (Ctrl-G).
    Prompt {
        kind: PromptKind,
        text: String,
    },
    /// A put refused because another writer changed the policy meanwhile: the error window,
    /// with the three ways on (keep mine, take theirs, merge).
    Conflict(Conflict),
}

/// What the prompt below the text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    GoToLine,
}

/// What the conflict window says: Lambda's error, and what the other writer added once their
/// version is here.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The error's type and status (`PreconditionFailedException (412)`).
    pub title: String,
    /// Lambda's whole message, with its request id.
    pub message: String,
    /// The statements their version holds that the one the edit was against did not; `None`
    /// until their version is read.
    pub theirs_added: Option<Vec<serde_json::Value>>,
}

#[derive(Debug)]
pub struct PolicyEditor {
    pub target: Target,
    pub resource: Arn,
    pub text: TextArea<'static>,
    /// The server's policy the edit is against.
    pub base: FunctionPolicy,
    /// The lines as the editor opened them: "changed" means different from these.
    opened: Vec<String>,
    pub findings: Vec<Finding>,
    pub stage: EditorStage,
    pub read_only: bool,
    /// The account the lints tell others from.
    account: Option<String>,
    url: UrlState,
    /// A put was refused because the policy changed; cleared when the new version arrives.
    pub stale: bool,
    /// What Lambda said when it refused the last put, until the text changes.
    pub server_error: Option<String>,
    /// The first key of `]e` / `[e`, and where the cursor was after it went into the text
    /// (`None` when it did not: read-only).
    pub pending_bracket: Option<(char, Option<Position>)>,
    /// What a put of the text would add beyond the account, as of the last change.
    pub access: crate::policy::AccessChange,
    /// The last edit replaced the whole text (take theirs, merge): how many steps of the text's
    /// history it took, so that one undo takes it all back.
    pub replaced_whole: u8,
    /// What Ctrl-F found last: F3 and Shift-F3 find it again.
    pub last_search: Option<String>,
}

impl PolicyEditor {
    pub fn new(
        target: Target,
        resource: Arn,
        base: FunctionPolicy,
        account: Option<String>,
        url: UrlState,
        read_only: bool,
    ) -> PolicyEditor {
        let text = text_area(&initial_text(&base, Some(&resource)));
        let mut editor = PolicyEditor {
            target,
            resource,
            opened: text.lines().to_vec(),
            text,
            base,
            findings: Vec::new(),
            stage: EditorStage::Editing,
            read_only,
            account,
            url,
            stale: false,
            server_error: None,
            pending_bracket: None,
            replaced_whole: 0,
            last_search: None,
            access: crate::policy::AccessChange::default(),
        };
        editor.recheck();
        editor
    }

    /// Moves the cursor to the next place (or the previous, `forward` false) that holds
    /// `needle`, ignoring case, going round the text's end; whether there is one.
    pub fn find(&mut self, needle: &str, forward: bool) -> bool {
        let needle = needle.to_lowercase();
        if needle.is_empty() {
            return false;
        }
        let lines: Vec<String> = self.text.lines().iter().map(|l| l.to_lowercase()).collect();
        let (row, column) = self.cursor();
        let count = lines.len();
        // Each line once, from the cursor's, then round; on the cursor's line, past the cursor.
        for step in 0..=count {
            let at = if forward {
                (row + step) % count
            } else {
                (row + count * 2 - step) % count
            };
            let line = &lines[at];
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let hits: Vec<usize> = line
                .match_indices(&needle)
                .map(|(byte, _)| chars.iter().position(|(b, _)| *b == byte).unwrap_or(0))
                .collect();
            let hit = match (step, forward) {
                (0, true) => hits.into_iter().find(|c| *c > column),
                (0, false) => hits.into_iter().rev().find(|c| *c < column),
                (s, true) if s == count => hits.into_iter().find(|c| *c <= column),
                (s, false) if s == count => hits.into_iter().rev().find(|c| *c >= column),
                (_, true) => hits.into_iter().next(),
                (_, false) => hits.into_iter().next_back(),
            };
            if let Some(found) = hit {
                self.text.move_cursor(ratatui_textarea::CursorMove::Jump(
                    u16::try_from(at).unwrap_or(u16::MAX),
                    u16::try_from(found).unwrap_or(u16::MAX),
                ));
                return true;
            }
        }
        false
    }

    /// The cursor's line and character.
    pub fn cursor(&self) -> Position {
        let cursor = self.text.cursor();
        (cursor.0, cursor.1)
    }

    /// The text as one string, as it would be put.
    pub fn document_text(&self) -> String {
        self.text.lines().join("\n")
    }

    pub fn is_changed(&self) -> bool {
        self.text.lines() != self.opened.as_slice()
    }

    /// Works the findings out again: call after every change of the text.
    pub fn recheck(&mut self) {
        self.server_error = None;
        // One read of the text for its problems, its lints and what a put would add beyond
        // the account (shown as the text is typed).
        let (findings, access) = findings_and_access(
            &self.document_text(),
            &self.resource,
            self.account.as_deref(),
            &self.url,
            self.base.document.as_ref(),
        );
        self.findings = findings;
        self.access = access;
    }

    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.kind.is_error()).count()
    }

    /// Lints of error severity (a public grant): shown as errors, though Lambda accepts them.
    pub fn lint_error_count(&self) -> usize {
        self.count_of(FindingKind::Lint(Severity::Error))
    }

    /// Findings that deserve a look: warnings, and what Lambda accepts but does not do.
    pub fn warning_count(&self) -> usize {
        self.count_of(FindingKind::Lint(Severity::Warning)) + self.count_of(FindingKind::Suspicious)
    }

    pub fn note_count(&self) -> usize {
        self.count_of(FindingKind::Lint(Severity::Info))
    }

    fn count_of(&self, kind: FindingKind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
    }

    /// The finding under the cursor, else the nearest one on the cursor's line, else the
    /// nearest by line; errors before warnings where they tie.
    pub fn finding_at_cursor(&self) -> Option<&Finding> {
        let cursor = self.cursor();
        let under = |f: &&Finding| f.from <= cursor && (cursor < f.to || cursor == f.from);
        if let Some(found) = self
            .findings
            .iter()
            .filter(under)
            .max_by_key(|f| (f.kind, std::cmp::Reverse(f.from)))
        {
            return Some(found);
        }
        self.findings.iter().min_by_key(|f| {
            let lines = f.from.0.abs_diff(cursor.0);
            let columns = f.from.1.abs_diff(cursor.1);
            (lines, std::cmp::Reverse(f.kind), columns)
        })
    }

    /// Moves the cursor to the start of the next finding after it (`forward`) or the one
    /// before it, wrapping around; false when there is none.
    pub fn jump(&mut self, forward: bool) -> bool {
        let cursor = self.cursor();
        let mut starts: Vec<Position> = self.findings.iter().map(|f| f.from).collect();
        starts.sort();
        starts.dedup();
        let next = if forward {
            starts
                .iter()
                .find(|p| **p > cursor)
                .or_else(|| starts.first())
        } else {
            starts
                .iter()
                .rev()
                .find(|p| **p < cursor)
                .or_else(|| starts.last())
        };
        let Some(&(line, column)) = next else {
            return false;
        };
        self.text.move_cursor(CursorMove::Jump(
            u16::try_from(line).unwrap_or(u16::MAX),
            u16::try_from(column).unwrap_or(u16::MAX),
        ));
        true
    }

    /// The statements a put of the text would add, remove and change against `base`; `None`
    /// while the text is not a policy.
    pub fn diff(&self) -> Option<PolicyDiff> {
        let after = PolicyDocument::parse(&self.document_text()).ok()?;
        let before = self
            .base
            .document
            .clone()
            .unwrap_or_else(PolicyDocument::empty);
        Some(diff_policies(&before, &after))
    }

    /// What a put of the text would add beyond the account, against `base`; nothing while
    /// the text is not a policy.
    pub fn access_change(&self) -> crate::policy::AccessChange {
        match PolicyDocument::parse(&self.document_text()) {
            Ok(after) => crate::policy::AccessChange::of_put(
                self.base.document.as_ref(),
                &after,
                self.account.as_deref(),
            ),
            Err(_) => crate::policy::AccessChange::default(),
        }
    }

    /// Takes the server's newer policy as the one the edit is against; the text stays.
    /// Returns the statements it holds that the old one did not (what the other writer added).
    pub fn rebase(&mut self, policy: FunctionPolicy) -> Vec<serde_json::Value> {
        let before: Vec<String> = self
            .base
            .document
            .iter()
            .flat_map(|d| d.statements.iter())
            .map(|s| s.canonical())
            .collect();
        let added = policy
            .document
            .iter()
            .flat_map(|d| d.statements.iter())
            .filter(|s| !before.contains(&s.canonical()))
            .map(|s| s.raw.clone())
            .collect();
        self.base = policy;
        self.stale = false;
        self.access = self.access_change();
        added
    }

    /// Their version in place of the text: what the server holds now, unchanged.
    pub fn take_theirs(&mut self) {
        self.replace_text(&initial_text(&self.base, None));
        // Unchanged from here on is unchanged from the server's version.
        self.opened = self.text.lines().to_vec();
    }

    /// The whole text replaced as one edit: Ctrl-U brings the text before it back.
    fn replace_text(&mut self, text: &str) {
        // Deleting an empty text records nothing to undo; inserting nothing neither.
        let deletes = !self.document_text().is_empty();
        let inserts = !text.is_empty();
        self.text.select_all();
        self.text.insert_str(text);
        self.text.move_cursor(CursorMove::Top);
        self.replaced_whole = u8::from(deletes) + u8::from(inserts);
        self.recheck();
    }

    /// Undoes a whole replacement (its deletion and its insertion) when it was the last edit.
    pub fn undo_replace(&mut self) -> bool {
        let steps = std::mem::take(&mut self.replaced_whole);
        if steps == 0 {
            return false;
        }
        for _ in 0..steps {
            self.text.undo();
        }
        self.recheck();
        true
    }

    /// Their new statements added to the text, each unless the text already holds a statement
    /// with its Sid (or, without a Sid, the same statement). Returns how many were added, or
    /// why nothing could be (the text is not a policy).
    pub fn merge(&mut self, theirs_added: &[serde_json::Value]) -> Result<usize, String> {
        let mut mine: serde_json::Value = serde_json::from_str(&self.document_text())
            .map_err(|e| format!("your text is not JSON ({e}): fix it, then merge again"))?;
        let Some(statements) = mine.get_mut("Statement") else {
            return Err("your text has no Statement list to merge into".into());
        };
        if statements.is_object() {
            *statements = serde_json::Value::Array(vec![statements.take()]);
        }
        let Some(list) = statements.as_array_mut() else {
            return Err("your text's Statement is not a list".into());
        };
        let sid = |s: &serde_json::Value| s.get("Sid").and_then(|v| v.as_str()).map(str::to_string);
        let mut added = 0;
        for theirs in theirs_added {
            let present = match sid(theirs) {
                Some(id) => list.iter().any(|s| sid(s).as_deref() == Some(id.as_str())),
                None => list.contains(theirs),
            };
            if !present {
                list.push(theirs.clone());
                added += 1;
            }
        }
        // Written as the editor writes a policy: what a terminal would obey as `\uXXXX`.
        let text = crate::printable::to_json_pretty(&mine);
        self.replace_text(&text);
        Ok(added)
    }

    pub fn is_putting(&self) -> bool {
        matches!(self.stage, EditorStage::Putting { .. })
    }
}

/// What the editor opens with: the policy pretty-printed, or a skeleton to fill in.
/// The text to edit: the policy, or with none, the statement `edit` starts from for
/// `template_for` (to change rather than to write), or the empty document (what "theirs" is).
fn initial_text(policy: &FunctionPolicy, template_for: Option<&Arn>) -> String {
    match (&policy.document, template_for) {
        // The same JSON with what a terminal would obey written as `\uXXXX`: seen and
        // editable, never dropped from view.
        (Some(document), _) => crate::printable::json(&document.pretty()).into_owned(),
        (None, Some(resource)) => crate::policy::whole_policy::template(&resource.to_string()),
        (None, None) => "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}".into(),
    }
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_tab_length(2);
    area.set_max_histories(200);
    // The text's own underlines are the findings': the cursor line is not underlined too.
    area.set_cursor_line_style(ratatui::style::Style::default());
    area
}

/// Every problem of `text` as the policy of `resource`, and the lints of its statements once it
/// is valid, each placed in the text. One pass reads the text for both.
pub fn findings(text: &str, resource: &Arn, account: Option<&str>, url: &UrlState) -> Vec<Finding> {
    findings_and_access(text, resource, account, url, None).0
}

/// [`findings`], and what putting the text over `base` would add beyond the account, judged
/// on the same lints: the statements `base` does not hold as they are.
pub fn findings_and_access(
    text: &str,
    resource: &Arn,
    account: Option<&str>,
    url: &UrlState,
    base: Option<&PolicyDocument>,
) -> (Vec<Finding>, crate::policy::AccessChange) {
    let mut access = crate::policy::AccessChange::default();
    let index = LineIndex::new(text);
    let checked = check_document(text, resource);
    let mut found: Vec<Finding> = checked
        .problems
        .into_iter()
        .map(|problem| Finding {
            kind: match problem.kind {
                ProblemKind::Invalid => FindingKind::Invalid,
                ProblemKind::Suspicious => FindingKind::Suspicious,
            },
            from: index.position(problem.span.start),
            to: index.position(problem.span.end),
            message: problem.message,
        })
        .collect();
    if found.iter().any(|f| f.kind.is_error()) {
        return (found, access);
    }
    let Some(Ok(document)) = checked.value.map(PolicyDocument::from_value) else {
        return (found, access);
    };
    // The access a put would add and take away, by the engine, as `put` and `edit` tell it.
    access = crate::policy::AccessChange::of_put(base, &document, account);
    let lints = lint_policy(&document.statements, account, url);
    for ((statement, lints), anchor) in document
        .statements
        .iter()
        .zip(lints)
        .zip(checked.statement_anchors)
    {
        let label = statement.sid.as_deref().unwrap_or("this statement");
        for lint in lints {
            found.push(Finding {
                kind: FindingKind::Lint(lint.severity),
                from: index.position(anchor.start),
                to: index.position(anchor.end),
                message: format!(
                    "{} {} ({label}): {}",
                    lint.severity.as_str(),
                    lint.id,
                    lint.message
                ),
            });
        }
    }
    found.sort_by_key(|f| (f.from, std::cmp::Reverse(f.kind)));
    (found, access)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource() -> Arn {
        Arn::parse("arn:aws:lambda:us-east-1:123456789012:function:orders").unwrap()
    }

    fn editor(text: &str) -> PolicyEditor {
        let policy = FunctionPolicy {
            document: PolicyDocument::parse(text).ok(),
            text: Some(text.into()),
            revision_id: Some("r1".into()),
        };
        PolicyEditor::new(
            Target::new("orders", None),
            resource(),
            policy,
            Some("123456789012".into()),
            UrlState::Unknown,
            false,
        )
    }

    /// An editor on GOOD whose text was then replaced by `text`.
    fn typed(text: &str) -> PolicyEditor {
        let mut e = editor(GOOD);
        e.text = text_area(text);
        e.recheck();
        e
    }

    const GOOD: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:orders","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"}}}]}"#;

    #[test]
    fn a_problem_is_placed_by_line_and_character() {
        let text = "{\n  \"Version\": \"2012-10-18\",\n  \"Statement\": []\n}";
        let found = findings(text, &resource(), None, &UrlState::Unknown);
        let version = found
            .iter()
            .find(|f| f.message.contains("Version"))
            .expect("the version is wrong");
        assert_eq!((version.from, version.to), ((1, 13), (1, 25)));
        assert_eq!(version.kind, FindingKind::Invalid);
    }

    #[test]
    fn lints_sit_on_the_sid_of_their_statement() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"open\",\n      \"Effect\": \"Allow\",\n      \"Principal\": \"*\",\n      \"Action\": \"lambda:InvokeFunction\",\n      \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:orders\"\n    }\n  ]\n}";
        let found = findings(text, &resource(), None, &UrlState::Unknown);
        let public = found
            .iter()
            .find(|f| f.message.contains("public"))
            .expect("a public statement is linted");
        assert_eq!(public.from, (4, 13));
        assert!(matches!(public.kind, FindingKind::Lint(_)));
    }

    #[test]
    fn the_opened_policy_is_unchanged_until_typed_into() {
        let mut e = editor(GOOD);
        assert!(!e.is_changed());
        assert_eq!(e.error_count(), 0);
        e.text.insert_char('x');
        e.recheck();
        assert!(e.is_changed());
        assert!(e.error_count() > 0, "{:?}", e.findings);
    }

    #[test]
    fn jumps_go_round_the_findings_both_ways() {
        let text = "{\n  \"Version\": 1,\n  \"Statement\": 2\n}";
        let mut e = typed(text);
        e.text.move_cursor(CursorMove::Top);
        assert!(e.jump(true));
        assert_eq!(e.text.cursor(), (1, 13));
        assert!(e.jump(true));
        assert_eq!(e.text.cursor(), (2, 15));
        assert!(e.jump(true), "wraps to the first");
        assert_eq!(e.text.cursor(), (1, 13));
        assert!(e.jump(false), "wraps to the last");
        assert_eq!(e.text.cursor(), (2, 15));
    }

    #[test]
    fn the_message_shown_is_the_one_under_the_cursor_or_the_nearest() {
        let text = "{\n  \"Version\": 1,\n  \"Statement\": 2\n}";
        let mut e = typed(text);
        e.text.move_cursor(CursorMove::Jump(2, 16));
        assert!(e.finding_at_cursor().unwrap().message.contains("Statement"));
        e.text.move_cursor(CursorMove::Jump(0, 0));
        assert!(e.finding_at_cursor().unwrap().message.contains("Version"));
    }

    #[test]
    fn the_diff_is_against_the_base_and_follows_a_rebase() {
        let mut e = editor(GOOD);
        assert!(e.diff().unwrap().is_empty());
        let newer = GOOD.replace("\"Sid\":\"a\"", "\"Sid\":\"b\"");
        e.rebase(FunctionPolicy {
            document: PolicyDocument::parse(&newer).ok(),
            text: Some(newer),
            revision_id: Some("r2".into()),
        });
        assert_eq!(e.diff().unwrap().counts(), (1, 1, 0));
        assert_eq!(e.base.revision_id.as_deref(), Some("r2"));
    }
}
