//! The keys of the browsing screens, in one table: which key does what, how the footer hints
//! it, and how the help and the README name it. `update` looks keys up here, the footer and the
//! help are drawn from here, and a test holds the README's key table to it, so none can drift.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for on the functions and layers screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The selection moves by this many rows (first and last: as far as it goes).
    Move(isize),
    NextPane,
    PreviousPane,
    Filter,
    Open,
    Access,
    Back,
    Reload,
    Add,
    Remove,
    Fix,
    Edit,
    Layers,
    Messages,
    Copy,
    CopyPolicy,
    Command,
    Screenshot,
    Help,
    Quit,
}

/// Rows that the first and last rows are away, whatever the list's length.
pub const FAR: isize = isize::MAX / 2;

/// A key as the table writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Code(KeyCode),
}

impl Key {
    fn matches(self, key: KeyEvent) -> bool {
        // A capital letter arrives with Shift on some terminals and without it on others.
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self {
            Key::Char(c) => plain && key.code == KeyCode::Char(c),
            Key::Code(code) => plain && key.code == code,
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// How the help and the README name the keys.
    pub shown: &'static str,
    /// The footer's word for it, when the footer shows it.
    pub hint: Option<(&'static str, &'static str)>,
    /// The help's and the README's line.
    pub help: &'static str,
}

/// The footer shows hints in this order, as many as fit (after the focused pane's own: the footer's
/// `pane_first`): the most used first, then `r` and `:` before the rarer keys, so that they
/// are there at 80 columns.
pub const HINT_ORDER: [Action; 13] = [
    Action::Quit,
    Action::Help,
    Action::Move(1),
    Action::NextPane,
    Action::Filter,
    Action::Open,
    Action::Reload,
    Action::Command,
    Action::Add,
    Action::Remove,
    Action::Edit,
    Action::Copy,
    Action::Layers,
];

use Key::{Char, Code};

pub const BROWSE: [Binding; 21] = [
    Binding {
        keys: &[Char('j'), Code(KeyCode::Down)],
        action: Action::Move(1),
        shown: "`j` / `↓`",
        hint: Some(("j/k", "move")),
        help: "move down (`k` / `↑` up)",
    },
    Binding {
        keys: &[Char('k'), Code(KeyCode::Up)],
        action: Action::Move(-1),
        shown: "`k` / `↑`",
        hint: None,
        help: "move up",
    },
    Binding {
        keys: &[Code(KeyCode::PageDown)],
        action: Action::Move(10),
        shown: "`PageDown`",
        hint: None,
        help: "ten rows down",
    },
    Binding {
        keys: &[Code(KeyCode::PageUp)],
        action: Action::Move(-10),
        shown: "`PageUp`",
        hint: None,
        help: "ten rows up",
    },
    Binding {
        keys: &[Char('g'), Code(KeyCode::Home)],
        action: Action::Move(-FAR),
        shown: "`g` / `Home`",
        hint: None,
        help: "first row",
    },
    Binding {
        keys: &[Char('G'), Code(KeyCode::End)],
        action: Action::Move(FAR),
        shown: "`G` / `End`",
        hint: None,
        help: "last row",
    },
    Binding {
        keys: &[Code(KeyCode::Tab), Char('l'), Code(KeyCode::Right)],
        action: Action::NextPane,
        shown: "`Tab` / `l` / `→`",
        hint: Some(("Tab", "pane")),
        help: "next pane",
    },
    Binding {
        keys: &[Code(KeyCode::BackTab), Char('h'), Code(KeyCode::Left)],
        action: Action::PreviousPane,
        shown: "`Shift-Tab` / `h` / `←`",
        hint: None,
        help: "previous pane",
    },
    Binding {
        keys: &[Char('/')],
        action: Action::Filter,
        shown: "`/`",
        hint: Some(("/", "filter")),
        help: "filter functions as you type, best matches first (exact, prefix, substring, then fuzzy; matched characters highlighted); `Esc` clears",
    },
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        shown: "`Enter`",
        hint: Some(("Enter", "open")),
        help: "open: the full policy as coloured JSON, linted statements marked with their lint text",
    },
    Binding {
        keys: &[Char('A')],
        action: Action::Access,
        shown: "`A`",
        hint: Some(("A", "access")),
        help: "who may do what: the policy's access in words, public and external access marked, the Deny that narrows each named",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: Action::Back,
        shown: "`Esc`",
        hint: None,
        help: "back; clears the filter",
    },
    Binding {
        keys: &[Char('r')],
        action: Action::Reload,
        shown: "`r`",
        hint: Some(("r", "reload")),
        help: "reload, keeping the selection",
    },
    Binding {
        keys: &[Char('a')],
        action: Action::Add,
        shown: "`a`",
        hint: Some(("a", "add")),
        help: "add a permission (the form); on layers, share the version",
    },
    Binding {
        keys: &[Char('x'), Code(KeyCode::Delete)],
        action: Action::Remove,
        shown: "`x` / `Delete`",
        hint: Some(("x", "remove")),
        help: "remove the selected statement (a confirmation that names it; Cancel is focused)",
    },
    Binding {
        keys: &[Char('f')],
        action: Action::Fix,
        shown: "`f`",
        hint: Some(("f", "fix")),
        help: "fix the selected statement's lint in the add form, prefilled: a URL's missing grant, or a narrower twin of a public, confused-deputy or wildcard grant (to add, then `x` the old one)",
    },
    Binding {
        keys: &[Char('e')],
        action: Action::Edit,
        shown: "`e`",
        hint: Some(("e", "edit")),
        help: "edit the whole policy (below); read-only mode opens it read-only",
    },
    Binding {
        keys: &[Char('L')],
        action: Action::Layers,
        shown: "`L`",
        hint: Some(("L", "layers")),
        help: "the layers screen (below), and back (also `:layers` / `:functions`)",
    },
    Binding {
        keys: &[Char('m')],
        action: Action::Messages,
        shown: "`m`",
        hint: None,
        help: "every status message and error of the session (also `:messages`)",
    },
    Binding {
        keys: &[Char('y')],
        action: Action::Copy,
        shown: "`y`",
        hint: Some(("y", "copy")),
        help: "copy the ARN or the statement through OSC 52 (works over SSH); `Y` the whole policy",
    },
    Binding {
        keys: &[Char(':')],
        action: Action::Command,
        shown: "`:`",
        hint: Some((":", "command")),
        help: "command line: `:profile NAME`, `:region NAME`, `:layers`, `:tour`, `:q`; Tab completes, Up/Down bring back earlier commands, Ctrl-U clears, Ctrl-W deletes a word",
    },
];

/// The keys that have no row of their own in the table (they complete one above), and the
/// keys every screen shares.
pub const MORE: [Binding; 4] = [
    Binding {
        keys: &[Char('S')],
        action: Action::Screenshot,
        shown: "`S`",
        hint: None,
        help: "save the screen as SVG and text in the current directory (also `:screenshot FILE`)",
    },
    Binding {
        keys: &[Char('Y')],
        action: Action::CopyPolicy,
        shown: "`Y`",
        hint: None,
        help: "copy the whole policy",
    },
    Binding {
        keys: &[Char('?')],
        action: Action::Help,
        shown: "`?`",
        hint: Some(("?", "help")),
        help: "help; `?` again closes it",
    },
    Binding {
        keys: &[Char('q')],
        action: Action::Quit,
        shown: "`q`",
        hint: Some(("q", "quit")),
        help: "quit (`Ctrl-Z` suspends)",
    },
];

/// A key as an audience reads it: `Ctrl-S`, `Tab`, `↓`, `Space`, `q`.
pub fn key_name(key: KeyEvent) -> String {
    let mut name = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        name.push_str("Ctrl-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        name.push_str("Alt-");
    }
    let shift_shown = !matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab);
    if key.modifiers.contains(KeyModifiers::SHIFT) && shift_shown {
        name.push_str("Shift-");
    }
    name.push_str(&match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
            c.to_ascii_uppercase().to_string()
        }
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    });
    name
}

/// The key `name` names, as [`key_name`] writes it (`Ctrl-P`, `Tab`, `Shift-Tab`, `↓`, `Space`,
/// `j`); `None` for a name it never writes.
pub fn parse_key_name(name: &str) -> Option<KeyEvent> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = name;
    loop {
        if let Some(after) = rest.strip_prefix("Ctrl-").filter(|a| !a.is_empty()) {
            modifiers |= KeyModifiers::CONTROL;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("Alt-").filter(|a| !a.is_empty()) {
            modifiers |= KeyModifiers::ALT;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("Shift-").filter(|a| !a.is_empty()) {
            if after == "Tab" {
                return Some(KeyEvent::new(
                    KeyCode::BackTab,
                    modifiers | KeyModifiers::SHIFT,
                ));
            }
            modifiers |= KeyModifiers::SHIFT;
            rest = after;
        } else {
            break;
        }
    }
    let code = match rest {
        "Space" => KeyCode::Char(' '),
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "↑" => KeyCode::Up,
        "↓" => KeyCode::Down,
        "←" => KeyCode::Left,
        "→" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        _ => {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => {
                    KeyCode::Char(c.to_ascii_lowercase())
                }
                (Some(c), None) => KeyCode::Char(c),
                _ => match rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=24).contains(&n) => KeyCode::F(n),
                    _ => return None,
                },
            }
        }
    };
    Some(KeyEvent::new(code, modifiers))
}

/// Every binding of the browsing screens.
pub fn bindings() -> impl Iterator<Item = &'static Binding> {
    BROWSE.iter().chain(MORE.iter())
}

/// What `key` asks for on a browsing screen.
pub fn action(key: KeyEvent) -> Option<Action> {
    bindings()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.action)
}

pub fn binding(action: Action) -> &'static Binding {
    bindings()
        .find(|b| b.action == action)
        .expect("every action has a binding")
}

/// The README's key table, as the keymap writes it.
pub fn markdown_table() -> String {
    let mut table = String::from("| Key | What it does |\n| --- | --- |\n");
    for binding in bindings() {
        table.push_str(&format!("| {} | {} |\n", binding.shown, binding.help));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_and_every_hinted_action_has_a_binding() {
        let keys: Vec<Key> = bindings().flat_map(|b| b.keys.iter().copied()).collect();
        for (i, key) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(key), "{key:?} is bound twice");
        }
        for action in HINT_ORDER {
            assert!(binding(action).hint.is_some(), "{action:?} has no hint");
        }
    }

    #[test]
    fn keys_are_named_as_an_audience_reads_them() {
        let key = |code, modifiers| key_name(KeyEvent::new(code, modifiers));
        assert_eq!(key(KeyCode::Char('s'), KeyModifiers::CONTROL), "Ctrl-S");
        assert_eq!(key(KeyCode::Char('G'), KeyModifiers::SHIFT), "G");
        assert_eq!(key(KeyCode::Down, KeyModifiers::NONE), "↓");
        assert_eq!(key(KeyCode::BackTab, KeyModifiers::SHIFT), "Shift-Tab");
        assert_eq!(key(KeyCode::F(8), KeyModifiers::SHIFT), "Shift-F8");
        assert_eq!(key(KeyCode::Char(' '), KeyModifiers::NONE), "Space");
    }

    #[test]
    fn every_name_reads_back_as_its_key() {
        let keys = [
            KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL),
            KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char(':'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
            KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
        ];
        for key in keys {
            assert_eq!(
                parse_key_name(&key_name(key)),
                Some(key),
                "{}",
                key_name(key)
            );
        }
        assert_eq!(
            parse_key_name("L"),
            Some(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::NONE))
        );
        for nonsense in ["", "Ctrl-", "Tabby", "F99", "Ctrl-Banana"] {
            assert_eq!(parse_key_name(nonsense), None, "{nonsense}");
        }
    }

    #[test]
    fn a_capital_letter_is_found_with_or_without_shift() {
        let shifted = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(action(shifted), Some(Action::Layers));
        let ctrl = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(action(ctrl), None, "Ctrl-R is not r");
    }
}
