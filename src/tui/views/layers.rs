//! The layers screen (`L`): the layers, the selected layer's versions, and the selected
//! version's policy with its lints in place and the selected statement in full.

use super::fit;
use crate::tui::app::{App, Loadable, Pane};
use crate::tui::layer_browser::ShownLayerPolicy;
use crate::tui::theme::{Theme, severity_glyph};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    (layers, versions, policy): (Rect, Rect, Rect),
) {
    draw_layers(app, theme, frame, layers);
    draw_versions(app, theme, frame, versions);
    draw_policy(app, theme, frame, policy);
}

/// Rows of a pane, the selected one marked and in sight.
fn rows(
    theme: Theme,
    focused: bool,
    scroll: &crate::tui::selection::Scroll,
    selected: usize,
    height: usize,
    items: Vec<(String, String)>,
    width: usize,
) -> Vec<Line<'static>> {
    let start = scroll.offset(selected, height, items.len());
    items
        .into_iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (name, detail))| {
            let chosen = i == selected;
            let style = if chosen {
                theme.selected(focused)
            } else {
                Style::new()
            };
            let marker = if chosen { "> " } else { "  " };
            let name_width = width.saturating_sub(2 + detail.chars().count() + 1).max(4);
            Line::from(vec![
                Span::styled(format!("{marker}{}", fit(&name, name_width)), style),
                Span::raw(" "),
                Span::styled(detail, theme.dim()),
            ])
        })
        .collect()
}

fn pane<'a>(theme: Theme, focused: bool, title: String) -> Block<'a> {
    super::pane(theme, focused, Span::styled(title, theme.title()))
}

fn placeholder(frame: &mut Frame, theme: Theme, area: Rect, text: String) {
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.dim())).wrap(Wrap { trim: true }),
        area,
    );
}

/// What a pane shows once it is there; meanwhile the spinner, or the error in plain words.
fn loaded<'a, T>(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    loadable: &'a Loadable<T>,
) -> Option<&'a T> {
    match loadable {
        Loadable::Loading => {
            frame.render_widget(Paragraph::new(super::loading(app, theme)), area);
            None
        }
        Loadable::Failed(error) => {
            placeholder(frame, theme, area, format!("✗ {error} — r retries"));
            None
        }
        Loadable::Loaded(value) => Some(value),
    }
}

fn draw_layers(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Functions;
    let list = app.layers.layer_list();
    let block = pane(theme, focused, format!(" Layers {} ", list.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(layers) = loaded(app, theme, frame, inner, &app.layers.layers) else {
        return;
    };
    if layers.is_empty() {
        return placeholder(frame, theme, inner, "no layers in this region".into());
    }
    let items = list
        .iter()
        .map(|l| {
            let latest = l
                .latest_matching_version
                .as_ref()
                .map(|v| format!("v{}", v.version))
                .unwrap_or_default();
            (l.layer_name.clone(), latest)
        })
        .collect();
    let lines = rows(
        theme,
        focused,
        &app.scroll.layers,
        app.layers.selected_layer.index(),
        inner.height as usize,
        items,
        inner.width as usize,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_versions(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Qualifiers;
    let block = pane(theme, focused, " Versions ".into());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some((_, versions)) = &app.layers.versions else {
        return;
    };
    let Some(versions) = loaded(app, theme, frame, inner, versions) else {
        return;
    };
    let layer = app.layers.selected_layer_name().unwrap_or_default();
    let items = versions
        .iter()
        .map(|v| {
            // A version's mark: the worst lint of its policy once read, `—` with no policy.
            let key = crate::tui::layer_browser::LayerVersionRef {
                layer: layer.clone(),
                version: v.version,
            };
            let mark = match app.layers.policies.get(&key) {
                Some(Loadable::Loaded(p)) if p.statement_count() == 0 => "—".to_string(),
                Some(Loadable::Loaded(p)) => {
                    let glyph = p.worst().map(severity_glyph).unwrap_or("");
                    format!("{glyph}{}", p.statement_count())
                }
                _ => String::new(),
            };
            (
                format!("v{} {}", v.version, v.compatible_runtimes.join(",")),
                mark,
            )
        })
        .collect();
    let lines = rows(
        theme,
        focused,
        &app.scroll.versions,
        app.layers.selected_version.index(),
        inner.height as usize,
        items,
        inner.width as usize,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_policy(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Policy;
    let version = app.layers.selected_version();
    let shown = version.as_ref().and_then(|v| app.layers.policies.get(v));
    let mut title = vec![Span::styled(" Layer policy ", theme.title())];
    if let Some(v) = &version {
        title.push(Span::raw(format!("{v} ")));
    }
    if let Some(Loadable::Loaded(p)) = shown
        && let Some(revision) = &p.policy.revision_id
    {
        title.push(Span::styled(
            format!("rev {} ", revision.chars().take(8).collect::<String>()),
            theme.dim(),
        ));
    }
    let block = super::pane(theme, focused, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(policy) = shown.and_then(|p| loaded(app, theme, frame, inner, p)) else {
        return;
    };
    if policy.statement_count() == 0 {
        let text = "No policy: only this account can use this version. a shares it.";
        return placeholder(frame, theme, inner, text.into());
    }
    let [table, details] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(6)]).areas(inner);
    draw_statements(app, theme, frame, table, policy, focused);
    draw_details(app, theme, frame, details, policy);
}

fn draw_statements(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    policy: &ShownLayerPolicy,
    focused: bool,
) {
    let width = area.width as usize;
    let statements = policy
        .policy
        .document
        .iter()
        .flat_map(|d| d.statements.iter());
    let mut lines = vec![Line::styled(
        format!("  {:<16} {}", "Sid", "Who"),
        theme.dim(),
    )];
    let rows = usize::from(area.height.saturating_sub(1));
    let offset = app.scroll.layer_statements.offset(
        app.layers.selected_statement.index(),
        rows,
        policy.lints.len(),
    );
    for (i, (statement, lints)) in statements
        .zip(&policy.lints)
        .enumerate()
        .skip(offset)
        .take(rows)
    {
        let chosen = app.layers.selected_statement.is(i);
        let worst = lints.iter().map(|l| l.severity).max();
        let glyph = worst.map(severity_glyph).unwrap_or(" ");
        let glyph_style = worst.map_or(Style::new(), |s| theme.severity(s));
        let style = if chosen {
            theme.selected(focused)
        } else {
            Style::new()
        };
        let who = statement
            .principal
            .as_ref()
            .map(|p| p.summary())
            .unwrap_or_default();
        let org = statement.narrowing_values("aws:PrincipalOrgID").join(",");
        let who = if org.is_empty() {
            who
        } else {
            format!("{who} in {org}")
        };
        let sid = statement.sid.clone().unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{glyph} "), glyph_style),
            Span::styled(format!("{:<16}", fit(&sid, 16)), style),
            Span::raw(" "),
            Span::raw(fit(&who, width.saturating_sub(20))),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_details(app: &App, theme: Theme, frame: &mut Frame, area: Rect, policy: &ShownLayerPolicy) {
    let index = app.layers.selected_statement.index();
    let mut lines = Vec::new();
    for lint in policy.lints.get(index).into_iter().flatten() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {} ", severity_glyph(lint.severity), lint.id.badge()),
                theme.severity(lint.severity),
            ),
            Span::raw(lint.message.clone()),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled("  no findings", theme.dim()));
    }
    super::draw_details(frame, theme, area, lines);
}
