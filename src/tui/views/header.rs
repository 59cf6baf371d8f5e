//! The line that always says where you are: profile, account, region, endpoint, badges.

use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let c = &app.context;
    let mut spans = vec![Span::styled(" lambda-policy ", theme.title())];
    if c.demo {
        spans.push(Span::styled(" DEMO ", theme.badge()));
        spans.push(Span::raw(" "));
    }
    if app.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.badge()));
        spans.push(Span::raw(" "));
    }
    let separator = Span::styled(" · ", theme.dim());
    if !c.demo {
        spans.push(Span::raw(format!(
            "profile {}",
            c.profile.as_deref().unwrap_or("default")
        )));
        spans.push(separator.clone());
    }
    spans.push(Span::raw(
        c.account.clone().unwrap_or_else(|| "account ?".into()),
    ));
    spans.push(separator.clone());
    spans.push(Span::raw(c.region.clone()));
    spans.push(separator);
    let right = Span::styled(" ? help ", Style::new().add_modifier(Modifier::BOLD));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::styled(super::fit(&c.endpoint, room), theme.dim()));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(right);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
