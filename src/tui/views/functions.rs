//! The functions pane: streamed rows, the filter with its matched characters, and the
//! runtime and last-modified columns when the width allows.

use super::fit;
use crate::tui::app::{App, Pane};
use crate::tui::theme::{SPINNER, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Functions;
    let visible_count = app.visible_count();
    let total = app.functions.items.len();
    let mut title = vec![Span::styled(
        format!(" Functions {visible_count}/{total} "),
        theme.title(),
    )];
    if app.functions.loading {
        title.push(Span::styled(
            format!("{} loading {total}… ", SPINNER[app.spinner % SPINNER.len()]),
            theme.dim(),
        ));
    }
    let mut block = super::pane(theme, focused, Line::from(title));
    if app.filter_editing || !app.filter.is_empty() {
        let cursor = if app.filter_editing { "▏" } else { "" };
        block = block.title_bottom(Line::from(vec![Span::styled(
            format!(" /{}{cursor} ", app.filter),
            theme.matched(),
        )]));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    if height == 0 {
        return;
    }
    if visible_count == 0 {
        let text = if app.functions.loading {
            "loading…".to_string()
        } else if let Some(error) = &app.functions.error {
            format!("✗ {error} — r retries")
        } else if !app.filter.is_empty() {
            format!("no function matches '{}'", app.filter)
        } else {
            "no functions in this region".to_string()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.dim()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let width = inner.width as usize;
    let show_runtime = width >= 34;
    let show_modified = width >= 52;
    let name_width = width
        .saturating_sub(2 + if show_runtime { 15 } else { 0 } + if show_modified { 11 } else { 0 });
    let offset = app
        .scroll
        .functions
        .offset(app.selected_function.index(), height, visible_count);
    // Only the rows on screen are looked at: the list may hold ten thousand functions.
    let mut ranker = crate::tui::filter_rank::FilterRanker::new(&app.filter);
    let lines: Vec<Line> = (offset..visible_count.min(offset + height))
        .filter_map(|i| app.visible_function(i).map(|f| (i, f)))
        .map(|(i, function)| {
            let matched = app.matched_positions(&mut ranker, &function.function_name);
            let selected = app.selected_function.is(i);
            let marker = if selected { "> " } else { "  " };
            // Only the marker and the name carry the selection: moving it rewrites those cells,
            // not the whole row (fewer bytes a keystroke over SSH).
            let base = if selected {
                theme.selected(focused)
            } else {
                ratatui::style::Style::new()
            };
            let mut spans = vec![Span::styled(marker, base)];
            let name = fit(&function.function_name, name_width);
            for (pos, ch) in name.chars().enumerate() {
                let style = if matched.contains(&pos) {
                    base.patch(theme.matched())
                } else {
                    base
                };
                spans.push(Span::styled(ch.to_string(), style));
            }
            let used = name.chars().count();
            spans.push(Span::raw(" ".repeat(name_width.saturating_sub(used))));
            if show_runtime {
                let runtime = function.runtime.clone().unwrap_or_default();
                spans.push(Span::styled(
                    format!(" {:<14}", fit(&runtime, 14)),
                    theme.dim(),
                ));
            }
            if show_modified {
                let date: String = function
                    .last_modified
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(10)
                    .collect();
                spans.push(Span::styled(format!(" {date:<10}"), theme.dim()));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
