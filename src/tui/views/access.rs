//! `A`: who may do what under the selected policy, one line per grant in words (as the
//! `access` command prints it), public access in red, external in yellow, then the Denies.

use crate::policy::access::Grant;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    of: &str,
    grants: &[Grant],
    scroll: crate::tui::view_scroll::ViewScroll,
) {
    let mut lines: Vec<Line> = Vec::new();
    if grants.is_empty() {
        lines.push(Line::styled(
            "No one but the account itself: no grant.",
            theme.dim(),
        ));
    }
    for grant in grants {
        let (mark, style) = if grant.public {
            ("✗ ", theme.error().add_modifier(Modifier::BOLD))
        } else if !grant.external.is_empty() {
            ("! ", theme.warning())
        } else if grant.effect == "deny" {
            ("− ", theme.dim())
        } else {
            ("  ", ratatui::style::Style::new())
        };
        let sid = grant.sid.as_deref().unwrap_or("(no Sid)");
        lines.push(Line::from(vec![
            Span::styled(mark, style),
            Span::styled(format!("{sid}: "), theme.dim()),
            Span::styled(grant.line(), style),
        ]));
    }
    // Sids and values come from the server: shown, never obeyed.
    let lines: Vec<Line> = lines.into_iter().map(super::escaped).collect();
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner = Block::bordered().inner(area);
    let total = paragraph.line_count(inner.width);
    let top = scroll.offset(total, inner.height);
    let title = Line::from(vec![
        Span::styled(format!(" Who may do what: {of} "), theme.title()),
        Span::styled(
            format!(
                "{} public · {} external ",
                grants.iter().filter(|g| g.public).count(),
                grants
                    .iter()
                    .filter(|g| !g.public && !g.external.is_empty())
                    .count()
            ),
            theme.dim(),
        ),
    ]);
    let hint = Line::from(vec![
        Span::styled(" j/k", theme.key()),
        Span::raw(" scroll "),
        Span::styled("Esc", theme.key()),
        Span::raw(format!(" back  {}/{total} ", usize::from(top) + 1)),
    ]);
    let block = Block::bordered()
        .title(title)
        .title_bottom(hint)
        .border_style(theme.border(true));
    frame.render_widget(Clear, area);
    frame.render_widget(paragraph.block(block).scroll((top, 0)), area);
}
