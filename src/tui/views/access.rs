//! `A`: who may do what under the selected policy, one line per grant in words (as the
//! `access` command prints it), public access in red, external in yellow, then the Denies.

use crate::policy::access::Grant;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

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
    super::scrolled_window(frame, theme, area, (title, &[]), lines, scroll);
}
