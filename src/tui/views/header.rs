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
        spans.push(Span::raw(c.credentials.clone()));
        spans.push(separator.clone());
    }
    spans.push(Span::raw(
        c.account.clone().unwrap_or_else(|| "account ?".into()),
    ));
    spans.push(separator.clone());
    spans.push(Span::raw(c.region.clone()));
    spans.push(separator);
    match app.reachable {
        Some(false) => spans.push(Span::styled("✗ unreachable ", theme.error())),
        Some(true) => spans.push(Span::styled("● ", theme.success())),
        None => {}
    }
    let right = Span::styled(" ? help ", Style::new().add_modifier(Modifier::BOLD));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::styled(
        super::fit(&endpoint_label(&c.endpoint), room),
        theme.dim(),
    ));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(right);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The endpoint in few columns: `demo 127.0.0.1:PORT`, `host:port` for another endpoint (its
/// port always shown), nothing more than `AWS` for Lambda's own.
fn endpoint_label(endpoint: &str) -> String {
    let Some((_, rest)) = endpoint.split_once("://") else {
        return endpoint.to_string();
    };
    if crate::lambda::endpoint::is_aws_endpoint(endpoint) {
        return "AWS".into();
    }
    rest.split('/').next().unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    use super::endpoint_label;

    #[test]
    fn the_endpoint_shows_its_port_and_lambda_s_own_is_aws() {
        assert_eq!(endpoint_label("http://127.0.0.1:9777"), "127.0.0.1:9777");
        assert_eq!(
            endpoint_label("https://proxy.corp.example:8443/lambda"),
            "proxy.corp.example:8443"
        );
        assert_eq!(
            endpoint_label("https://lambda.eu-west-1.amazonaws.com"),
            "AWS"
        );
        assert_eq!(
            endpoint_label("demo 127.0.0.1:40123"),
            "demo 127.0.0.1:40123"
        );
    }
}
