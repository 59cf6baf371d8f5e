//! `?`: every key, in one window.

use super::centered;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub const KEYS: [(&str, &str); 18] = [
    ("j k ↓ ↑ · g G", "move · first / last"),
    ("Tab Shift-Tab · h l", "change pane"),
    ("/", "filter functions as you type"),
    ("Enter · Esc", "open the policy as JSON · back"),
    ("r", "reload"),
    ("a · x", "add a permission · remove the statement"),
    ("f", "fix the statement's lint"),
    ("e", "edit the whole policy"),
    (
        "L · :layers :functions",
        "layers and their versions' policies",
    ),
    ("y · Y", "copy the ARN or statement · the policy (OSC 52)"),
    (":profile NAME", "switch profile (:region NAME, region)"),
    ("q · :q · Ctrl-Z", "quit · suspend"),
    ("? · m", "this help · the session's messages"),
    ("form: Tab Shift-Tab", "next / previous field"),
    ("form: ← → Space", "change a choice"),
    ("form: Ctrl-S · Ctrl-P", "submit · preview"),
    ("form: Ctrl-Y · Ctrl-R", "copy statement · reload policy"),
    ("editor: F8 · ^D · ^S", "next problem · diff · put"),
];

pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!(" {key:<23}"), theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    if app.read_only {
        lines.push(Line::styled(
            " read-only: a opens a dry-run form, x is disabled",
            theme.warning(),
        ));
    }
    let rect = centered(area, 74, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title()))
        .border_style(theme.border(true));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
