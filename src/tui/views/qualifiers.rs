//! The qualifiers pane: the function itself, its versions, its aliases with their targets and
//! routing weights, and for each whether it has a policy and how many statements.

use super::fit;
use crate::policy::Severity;
use crate::tui::app::{App, Loadable, Pane, QualifierRow};
use crate::tui::target::Target;
use crate::tui::theme::{Theme, severity_glyph};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn label(row: &QualifierRow) -> String {
    match row {
        QualifierRow::Unqualified => "(function)".into(),
        QualifierRow::Version { number, .. } => format!("v{number}"),
        QualifierRow::Alias { alias } => {
            let mut text = format!(
                "{} → {}",
                crate::printable::line(&alias.name),
                crate::printable::line(&alias.function_version)
            );
            if let Some(routing) = &alias.routing_config {
                for (version, weight) in &routing.additional_version_weights {
                    text.push_str(&format!(" +{version}:{:.0}%", weight * 100.0));
                }
            }
            text
        }
    }
}

pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    draw_pane(app, theme, frame, area);
    if app.shown().pending {
        super::dim_stale(frame, area);
    }
}

fn draw_pane(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Qualifiers;
    let shown = app.shown();
    let mut title = vec![Span::styled(" Qualifiers ", theme.title())];
    if shown.pending {
        // Said once, not animated: moving through the list redraws nothing on every tick.
        title.push(Span::styled(super::stale_title(app), theme.warning()));
    }
    let block = super::pane(theme, focused, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(qualifiers) = shown.qualifiers else {
        if app.selected_function_name().is_some() {
            frame.render_widget(Paragraph::new(super::loading(app, theme)), inner);
        }
        return;
    };
    let rows = match &qualifiers.rows {
        Loadable::Loading => {
            frame.render_widget(Paragraph::new(super::loading(app, theme)), inner);
            return;
        }
        Loadable::Failed(error) => {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("✗ {error} — r retries"),
                    theme.error(),
                ))
                .wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return;
        }
        Loadable::Loaded(rows) => rows,
    };
    let height = inner.height as usize;
    if height == 0 {
        return;
    }
    let width = inner.width as usize;
    let offset = app
        .scroll
        .qualifiers
        .offset(shown.selected_qualifier.index(), height, rows.len());
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, row)| {
            let target = Target::new(qualifiers.function.clone(), row.qualifier());
            let (badge, style) = policy_badge(app, theme, &target);
            let (mark, mark_style) = url_mark(app, theme, &target);
            let mark_width = if mark.is_empty() { 0 } else { mark.len() + 1 };
            let label_width = width.saturating_sub(2 + badge.chars().count() + 1 + mark_width);
            let text = fit(&label(row), label_width);
            let pad = label_width.saturating_sub(text.chars().count());
            let selected = shown.selected_qualifier.is(i);
            let mut spans = vec![
                Span::raw(if selected { "> " } else { "  " }),
                Span::raw(text),
                Span::raw(" ".repeat(pad + 1)),
            ];
            if !mark.is_empty() {
                spans.push(Span::styled(mark, mark_style));
                spans.push(Span::raw(" "));
            }
            spans.push(Span::styled(badge, style));
            let line = Line::from(spans);
            if selected {
                line.style(theme.selected(focused))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `url` when the function or alias has a public URL (AuthType NONE), `iam` for an IAM one.
fn url_mark(app: &App, theme: Theme, target: &Target) -> (&'static str, ratatui::style::Style) {
    match app.url_auth_type(target).as_deref() {
        Some("NONE") => ("url", theme.warning()),
        Some(_) => ("iam", theme.dim()),
        None => ("", theme.dim()),
    }
}

/// `—` no policy; `✗2` two findings of the worst severity (error, or `!` warning) where there
/// are any, else `3` statements; `…` loading, `✗` failed.
fn policy_badge(app: &App, theme: Theme, target: &Target) -> (String, ratatui::style::Style) {
    match app.policy(target) {
        Some(Loadable::Loaded(policy)) if policy.document.is_none() => ("—".into(), theme.dim()),
        Some(Loadable::Loaded(policy)) => {
            let worst = policy.worst();
            match worst {
                Some(severity) if severity >= Severity::Warning => (
                    format!(
                        "{}{}",
                        severity_glyph(severity),
                        policy
                            .lints
                            .iter()
                            .flatten()
                            .filter(|l| l.severity == severity)
                            .count()
                    ),
                    theme.severity(severity),
                ),
                _ => (
                    format!("{}", policy.statement_count()),
                    ratatui::style::Style::new(),
                ),
            }
        }
        Some(Loadable::Failed(_)) => ("✗".into(), theme.error()),
        Some(Loadable::Loading) => ("…".into(), theme.dim()),
        None => (" ".into(), theme.dim()),
    }
}
