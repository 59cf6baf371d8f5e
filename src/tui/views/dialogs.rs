//! Small windows: the remove confirmation (Cancel focused), an error, the `:` command line.

use super::centered;
use crate::tui::app::{ConfirmRemove, DialogButton};
use crate::tui::theme::Theme;
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
            Span::styled(confirm.sid.clone(), theme.title()),
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
    let rect = centered(area, 62, 8);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Remove permission ", theme.error()))
        .border_style(theme.error());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

pub fn error(theme: Theme, frame: &mut Frame, area: Rect, title: &str, text: &str) {
    let rect = centered(area, 70, 9);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(format!(" ✗ {title} "), theme.error()))
        .title_bottom(Line::from(" Enter / Esc closes "))
        .border_style(theme.error());
    frame.render_widget(
        Paragraph::new(text.to_string())
            .block(block)
            .wrap(Wrap { trim: true }),
        rect,
    );
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
