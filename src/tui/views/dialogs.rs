//! Small windows: the remove confirmation (Cancel focused), an error, the `:` command line.

use super::centered;
use crate::tui::app::{ConfirmRemove, DialogButton};
use crate::tui::theme::Theme;
use crate::tui::write_confirm::WriteConfirm;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn buttons(theme: Theme, focus: DialogButton, confirm_label: &str) -> Line<'static> {
    let style = |selected: bool| {
        if selected {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        }
    };
    Line::from(vec![
        Span::raw("   "),
        Span::styled(
            if focus == DialogButton::Cancel {
                "> Cancel <"
            } else {
                "  Cancel  "
            },
            style(focus == DialogButton::Cancel),
        ),
        Span::raw("    "),
        Span::styled(
            if focus == DialogButton::Confirm {
                format!("> {confirm_label} <")
            } else {
                format!("  {confirm_label}  ")
            },
            style(focus == DialogButton::Confirm).patch(theme.error()),
        ),
    ])
}

pub fn confirm_remove(theme: Theme, frame: &mut Frame, area: Rect, confirm: &ConfirmRemove) {
    let lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw(" Remove statement "),
            Span::styled(
                crate::printable::line(&confirm.sid).into_owned(),
                theme.title(),
            ),
        ]),
        Line::from(vec![
            Span::raw(" from "),
            Span::styled(confirm.target.to_string(), theme.title()),
            Span::raw("?"),
        ]),
        Line::styled(
            " The policy must not have changed since it was shown.",
            theme.dim(),
        ),
        Line::raw(""),
        buttons(theme, confirm.focus, "Remove"),
    ];
    warning_window(
        theme,
        frame,
        centered(area, 62, 8),
        " Remove permission ",
        lines,
    );
}

/// A window with a red border and title, holding `lines`, wrapped.
fn warning_window(theme: Theme, frame: &mut Frame, rect: Rect, title: &str, lines: Vec<Line>) {
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(title.to_string(), theme.error()))
        .border_style(theme.error());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// What a write adds beyond the account, one line each (public in red, external in yellow),
/// and, for a public grant, the `kind`'s name to type.
pub fn access_lines(theme: Theme, confirm: &WriteConfirm, kind: &str) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for line in &confirm.access.public {
        lines.push(Line::styled(
            format!(" ✗ PUBLIC {}", crate::printable::line(line)),
            theme.error(),
        ));
    }
    for line in &confirm.access.external {
        lines.push(Line::styled(
            format!(" ! EXTERNAL {}", crate::printable::line(line)),
            theme.warning(),
        ));
    }
    match &confirm.typed {
        Some(typed) => {
            lines.push(Line::styled(
                format!(" This grant is PUBLIC. Type the {kind} name to confirm:"),
                theme.error(),
            ));
            lines.push(Line::raw(format!(" > {}▏", crate::printable::line(typed))));
        }
        None => lines.push(Line::raw("")),
    }
    lines
}

/// A screenshot's files exist: replace them?
pub fn confirm_overwrite(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    path: &str,
    focus: DialogButton,
) {
    let lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw(" "),
            Span::styled(crate::printable::line(path).into_owned(), theme.title()),
            Span::raw(" (or its .txt) exists."),
        ]),
        Line::raw(" Replace it with this screen?"),
        Line::raw(""),
        buttons(theme, focus, "Replace"),
    ];
    warning_window(theme, frame, centered(area, 62, 7), " Screenshot ", lines);
}

/// A window that grows to hold its whole text (up to the space there is), wrapped.
pub fn error(theme: Theme, frame: &mut Frame, area: Rect, title: &str, text: &str) {
    error_window(theme, frame, area, title, text, " Enter / Esc closes ");
}

/// [`error`] with another line of keys in its bottom border.
pub fn error_window(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    text: &str,
    keys: &str,
) {
    let width = area.width.saturating_sub(4).clamp(20, 76);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = text
        .lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .max(1)
                .div_ceil(inner)
        })
        .sum();
    let rect = centered(area, width, (rows as u16).saturating_add(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(format!(" ✗ {title} "), theme.error()))
        .title_bottom(Line::from(keys.to_string()))
        .border_style(theme.error());
    frame.render_widget(
        Paragraph::new(crate::printable::text(text).into_owned())
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// The session's status messages and errors, newest at the bottom.
pub fn messages(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    messages: &std::collections::VecDeque<(crate::tui::app::StatusKind, String)>,
    scroll: crate::tui::view_scroll::ViewScroll,
) {
    use crate::tui::app::StatusKind;
    let rect = centered(area, area.width.saturating_sub(4).max(20), area.height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Messages ", theme.title()))
        .title_bottom(Line::from(" j/k scroll · Esc closes "))
        .border_style(theme.border(true));
    let inner = block.inner(rect);
    let lines: Vec<Line> = if messages.is_empty() {
        vec![Line::styled("no messages yet", theme.dim())]
    } else {
        messages
            .iter()
            .map(|(kind, text)| {
                let (glyph, style) = match kind {
                    StatusKind::Error => ("✗ ", theme.error()),
                    StatusKind::Success => ("✓ ", theme.success()),
                    StatusKind::Info => ("· ", theme.info()),
                };
                Line::from(vec![
                    Span::styled(glyph, style),
                    Span::raw(crate::printable::line(text).into_owned()),
                ])
            })
            .collect()
    };
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Opened at the end: the newest are where the eye goes first.
    let top = scroll.offset(paragraph.line_count(inner.width), inner.height);
    frame.render_widget(paragraph.block(block).scroll((top, 0)), rect);
}

pub fn command_line(theme: Theme, frame: &mut Frame, area: Rect, text: &str) {
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(":", theme.key()),
            Span::raw(format!("{text}▏")),
        ])),
        area,
    );
}
