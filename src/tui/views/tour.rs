//! The tour's caption: a box above the panes with the step, its words and the keys that move
//! on.

use super::super::theme::Theme;
use super::super::tour::Tour;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// The caption's lines at the width of `body`.
fn lines(tour: &Tour, body: Rect) -> Vec<Line<'static>> {
    let inner = body.width.saturating_sub(4).max(1);
    textwrap::wrap(&tour.step().caption, usize::from(inner))
        .into_iter()
        .map(|line| Line::from(line.into_owned()))
        .collect()
}

/// The rows the caption takes (its lines and a border), leaving the panes room.
pub fn height(tour: &Tour, body: Rect) -> u16 {
    let wanted = u16::try_from(lines(tour, body).len()).unwrap_or(u16::MAX);
    wanted
        .saturating_add(2)
        .min(body.height.saturating_sub(6).max(3))
}

pub fn draw(tour: &Tour, theme: Theme, frame: &mut Frame, area: Rect) {
    let title = Span::styled(
        format!(" Tour {}/{} ", tour.index + 1, tour.steps.len()),
        theme.title(),
    );
    let keys = Line::from(vec![
        Span::raw(" "),
        Span::styled("Space", theme.key()),
        Span::raw(" next · "),
        Span::styled("p", theme.key()),
        Span::raw(" back · "),
        Span::styled("1-9", theme.key()),
        Span::raw(" step · "),
        Span::styled("Esc", theme.key()),
        Span::raw(" leave "),
    ])
    .right_aligned();
    frame.render_widget(
        Paragraph::new(lines(tour, area)).block(
            Block::bordered()
                .border_style(theme.border(true))
                .border_type(theme.border_type(true))
                .title(title)
                .title_bottom(keys)
                .padding(ratatui::widgets::Padding::horizontal(1)),
        ),
        area,
    );
}
