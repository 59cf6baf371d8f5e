//! The whole policy as pretty JSON, coloured, with the statements that carry lints marked in
//! the gutter and their lint text beside them.

use crate::tui::app::{App, Loadable};
use crate::tui::target::Target;
use crate::tui::theme::{Theme, severity_glyph};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

/// Colours one line of pretty JSON: keys, strings and the rest.
fn json_line(text: &str, theme: Theme) -> Vec<Span<'static>> {
    let indent_len = text.len() - text.trim_start().len();
    let (indent, rest) = text.split_at(indent_len);
    let mut spans = vec![Span::raw(indent.to_string())];
    if let Some((key, value)) = rest.split_once("\": ")
        && key.starts_with('"')
    {
        spans.push(Span::styled(format!("{key}\""), theme.json_key()));
        spans.push(Span::raw(": "));
        spans.push(value_span(value, theme));
    } else {
        spans.push(value_span(rest, theme));
    }
    spans
}

fn value_span(value: &str, theme: Theme) -> Span<'static> {
    if value.starts_with('"') {
        Span::styled(value.to_string(), theme.json_string())
    } else {
        Span::raw(value.to_string())
    }
}

pub fn draw(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    target: &Target,
    scroll: crate::tui::view_scroll::ViewScroll,
) {
    let Some(Loadable::Loaded(policy)) = app.policy(target) else {
        return;
    };
    let Some(document) = &policy.document else {
        return;
    };
    let lints = &policy.lints;
    let mut lines: Vec<Line> = Vec::new();
    let head = |k: &str, v: &Option<String>| v.as_ref().map(|v| format!("  \"{k}\": \"{v}\","));
    lines.push(Line::raw("{"));
    for text in [head("Version", &document.version), head("Id", &document.id)]
        .into_iter()
        .flatten()
    {
        lines.push(Line::from(json_line(&text, theme)));
    }
    lines.push(Line::from(json_line("  \"Statement\": [", theme)));
    let count = document.statements.len();
    for (i, statement) in document.statements.iter().enumerate() {
        let statement_lints = lints.get(i).cloned().unwrap_or_default();
        let worst = statement_lints.iter().map(|l| l.severity).max();
        // Written with `\uXXXX` escapes for what a terminal would obey: the same JSON, shown.
        let pretty = crate::printable::to_json_pretty(&statement.raw);
        let mut body: Vec<&str> = pretty.lines().collect();
        let last = body.pop().unwrap_or("}");
        let closing = if i + 1 < count {
            format!("{last},")
        } else {
            last.to_string()
        };
        for text in body
            .into_iter()
            .map(str::to_string)
            .chain(std::iter::once(closing))
        {
            let gutter = match worst {
                Some(s) => Span::styled(format!("{} ", severity_glyph(s)), theme.severity(s)),
                None => Span::raw("  "),
            };
            let mut spans = vec![gutter, Span::raw("  ")];
            spans.extend(json_line(&text, theme));
            lines.push(Line::from(spans));
        }
        for lint in &statement_lints {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} ", severity_glyph(lint.severity)),
                    theme.severity(lint.severity),
                ),
                Span::styled(
                    format!("    ▲ {}: {}", lint.id.badge(), lint.message),
                    theme.severity(lint.severity).add_modifier(Modifier::ITALIC),
                ),
            ]));
        }
    }
    lines.push(Line::raw("  ]"));
    lines.push(Line::raw("}"));
    let title = Line::from(vec![
        Span::styled(format!(" Policy of {target} "), theme.title()),
        Span::styled(
            format!(
                "{count} statement{} · {} B ",
                if count == 1 { "" } else { "s" },
                policy.size_bytes()
            ),
            theme.dim(),
        ),
    ]);
    super::scrolled_window(frame, theme, area, (title, &[("y", "copy")]), lines, scroll);
}
