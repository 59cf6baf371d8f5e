//! The line that always says where you are: profile, account, region, endpoint, badges.

use crate::tui::app::App;
use crate::tui::health::Health;
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
        Some(Health::Unreachable) => spans.push(Span::styled("✗ unreachable ", theme.error())),
        // It answers, but with its own failures: the dot would say all is well.
        Some(Health::Failing) => spans.push(Span::styled("! errors ", theme.warning())),
        Some(Health::Answering) => spans.push(Span::styled("● ", theme.success())),
        None => {}
    }
    let right = Span::styled(" ? help ", Style::new().add_modifier(Modifier::BOLD));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::styled(
        fit_middle(&endpoint_label(&c.endpoint), room),
        theme.dim(),
    ));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(right);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The endpoint in few columns: `demo 127.0.0.1:PORT`, `host:port` for another endpoint (its
/// port always shown), nothing more than `AWS` for Lambda's own public endpoint. A VPC endpoint
/// (`vpce-….lambda.us-east-1.vpce.amazonaws.com`) is AWS's too, but not the public one: its host
/// is shown.
fn endpoint_label(endpoint: &str) -> String {
    let Some((_, rest)) = endpoint.split_once("://") else {
        return endpoint.to_string();
    };
    let host = rest.split('/').next().unwrap_or(rest);
    let public = host.starts_with("lambda.") || host.starts_with("lambda-fips.");
    if public && crate::lambda::endpoint::is_aws_endpoint(endpoint) {
        return "AWS".into();
    }
    host.to_string()
}

/// `text` in `room` columns, cut in the middle: the start and the end (a host's port, the
/// region of a VPC endpoint) stay.
fn fit_middle(text: &str, room: usize) -> String {
    let chars: Vec<char> = crate::printable::line(text).chars().collect();
    if chars.len() <= room {
        return chars.into_iter().collect();
    }
    if room < 3 {
        return "…".chars().take(room).collect();
    }
    let tail = (room - 1) / 2;
    let head = room - 1 - tail;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{endpoint_label, fit_middle};

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
        assert_eq!(
            endpoint_label("https://vpce-0a1b2c3d-4e5f6a7b.lambda.us-east-1.vpce.amazonaws.com"),
            "vpce-0a1b2c3d-4e5f6a7b.lambda.us-east-1.vpce.amazonaws.com"
        );
    }

    #[test]
    fn a_long_endpoint_is_cut_in_the_middle_and_keeps_its_port() {
        assert_eq!(fit_middle("proxy.corp.example:8443", 12), "proxy.…:8443");
        assert_eq!(fit_middle("127.0.0.1:9777", 40), "127.0.0.1:9777");
    }
}
