//! `?`: every key, drawn from the keymap (the same table `update` looks keys up in), then the
//! keys of the form and the editor; as wide as the screen allows, and scrolled with `j`/`k` when
//! it is taller than the screen.

use super::centered;
use crate::tui::app::{App, HelpFor};
use crate::tui::keymap;
use crate::tui::theme::Theme;
use crate::tui::view_scroll::ViewScroll;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// The keys of the add and layer forms.
const FORM: [(&str, &str); 4] = [
    (
        "F1 (form, editor)",
        "these keys, over the form or the editor",
    ),
    (
        "form: Tab / Shift-Tab",
        "next / previous field; ← → or Space change a choice",
    ),
    (
        "form: Ctrl-S · Ctrl-P",
        "submit after a confirmation · preview with the CLI command",
    ),
    (
        "form: Ctrl-Y · Ctrl-R",
        "copy the statement · read the policy again, keeping the form",
    ),
];

/// The keys of the whole-policy editor.
const EDITOR: [(&str, &str); 7] = [
    (
        "editor: F8 · Shift-F8",
        "next · previous problem (also ]e · [e)",
    ),
    (
        "editor: Ctrl-D · Ctrl-O",
        "what a put would change · the server's policy",
    ),
    (
        "editor: Ctrl-S · Esc",
        "put after a confirmation · close (asks on a changed text)",
    ),
    (
        "editor: Ctrl-U · Ctrl-R",
        "undo (after taking the server's text: yours back) · read the server's policy again",
    ),
    (
        "editor: Ctrl-F · F3",
        "find (ignoring case) · find again (Shift-F3 back)",
    ),
    (
        "editor: Ctrl-G · Ctrl-Home/End",
        "go to a line · the first / last line",
    ),
    (
        "editor: 412 window",
        "k keep mine · t take theirs · m merge their new statements",
    ),
];

/// The commands of the `:` line that no key names.
const COMMANDS: [(&str, &str); 6] = [
    (":messages", "the session's messages, newest last"),
    (
        ":screenshot [FILE]",
        "an SVG and text picture of the screen",
    ),
    (":keys", "show the keys pressed, for an audience"),
    (":reset", "the demo: its account as it was at the start"),
    (
        ":conflict",
        "the demo: another writer changes the selected policy (to see a 412)",
    ),
    (":tour", "the demo: the guided tour"),
];

/// A key as the help shows it: the README's backquotes dropped.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

pub fn draw(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    (scroll, first): (ViewScroll, HelpFor),
) {
    let key_width = 24;
    let width = area.width.saturating_sub(2).min(110);
    // The descriptions wrap in their own column, so the keys stand alone at the left.
    let text_width = usize::from(width.saturating_sub(2))
        .saturating_sub(key_width + 1)
        .max(16);
    let mut lines: Vec<Line> = Vec::new();
    let pairs =
        |list: &'static [(&str, &str)]| list.iter().map(|(k, h)| (k.to_string(), h.to_string()));
    // Quit first: at 80x24 the last lines are below the fold.
    let browsing = || {
        let quit = keymap::bindings().filter(|b| b.action == keymap::Action::Quit);
        let rest = keymap::bindings().filter(|b| b.action != keymap::Action::Quit);
        quit.chain(rest).map(|b| (plain(b.shown), plain(b.help)))
    };
    // The keys of the window it was opened over come first, where they are read.
    let entries: Vec<(String, String)> = match first {
        HelpFor::Browsing => browsing()
            .chain(pairs(&COMMANDS))
            .chain(pairs(&FORM))
            .chain(pairs(&EDITOR))
            .collect(),
        HelpFor::Form => pairs(&FORM)
            .chain(browsing())
            .chain(pairs(&COMMANDS))
            .chain(pairs(&EDITOR))
            .collect(),
        HelpFor::Editor => pairs(&EDITOR)
            .chain(pairs(&FORM))
            .chain(browsing())
            .chain(pairs(&COMMANDS))
            .collect(),
    };
    for (key, help) in entries {
        for (i, part) in textwrap::wrap(&help, text_width).into_iter().enumerate() {
            let left = if i == 0 { key.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!(" {left:<key_width$}"), theme.key()),
                Span::raw(part.into_owned()),
            ]));
        }
    }
    if app.read_only {
        lines.push(Line::styled(
            " read-only: a opens a dry-run form, x is disabled",
            theme.warning(),
        ));
    }
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let rect = centered(area, width, rows as u16 + 2);
    let overflow = rows + 2 > usize::from(rect.height);
    frame.render_widget(Clear, rect);
    let mut block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title()))
        .border_style(theme.border(true));
    if overflow {
        block = block.title_bottom(Line::from(" j/k scroll · Esc closes "));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll.offset(rows, rect.height.saturating_sub(2)), 0)),
        rect,
    );
}
