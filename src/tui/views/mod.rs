//! `view(&App, &mut Frame)`: a pure function of the state; one file per part of the screen.

mod access;
mod dialogs;
mod footer;
mod form;
mod functions;
mod header;
mod help;
mod layer_form;
mod layers;
mod policy;
mod policy_editor;
mod policy_json;
mod qualifiers;
mod tour;

use super::app::{App, Overlay};
use super::layer_browser::Browsing;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this width the functions and qualifiers share the left column.
const WIDE: u16 = 110;

pub fn view(app: &App, frame: &mut Frame) {
    let theme = Theme { color: app.color };
    let [header_area, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::draw(app, theme, frame, header_area);
    // The tour's caption takes rows of its own: it never hides what it speaks of.
    let body = match &app.tour {
        Some(tour) => {
            let [caption, rest] = Layout::vertical([
                Constraint::Length(tour::height(tour, body)),
                Constraint::Min(3),
            ])
            .areas(body);
            tour::draw(tour, theme, frame, caption);
            rest
        }
        None => body,
    };
    let (functions_area, qualifiers_area, policy_area) = panes(body);
    match app.browsing {
        Browsing::Functions => {
            functions::draw(app, theme, frame, functions_area);
            qualifiers::draw(app, theme, frame, qualifiers_area);
            policy::draw(app, theme, frame, policy_area);
        }
        Browsing::Layers => layers::draw(
            app,
            theme,
            frame,
            (functions_area, qualifiers_area, policy_area),
        ),
    }
    // An error too long for its line takes the hints' line too: the operator needs all of it
    // more than the keys (it stays until the next key).
    if footer::status_needs_two_lines(app, status.width) {
        let both = Rect {
            y: hints.y,
            height: hints.height + status.height,
            ..status
        };
        footer::draw_status(app, theme, frame, both);
    } else {
        footer::draw_hints(app, theme, frame, hints);
        footer::draw_status(app, theme, frame, status);
    }
    for overlay in &app.overlays {
        match overlay {
            Overlay::Help { scroll, first } => {
                help::draw(app, theme, frame, body, (*scroll, *first))
            }
            Overlay::PolicyJson { target, scroll } => {
                policy_json::draw(app, theme, frame, body, target, *scroll)
            }
            Overlay::Access { of, grants, scroll } => {
                access::draw(theme, frame, body, of, grants, *scroll)
            }
            Overlay::ConfirmRemove(confirm) => dialogs::confirm_remove(theme, frame, body, confirm),
            Overlay::ConfirmOverwrite { path, focus } => {
                dialogs::confirm_overwrite(theme, frame, body, path, *focus)
            }
            Overlay::Error { title, text } => dialogs::error(theme, frame, body, title, text),
            Overlay::Messages { scroll } => {
                dialogs::messages(theme, frame, body, &app.messages, *scroll)
            }
            Overlay::CommandLine { text, .. } => {
                dialogs::command_line(theme, frame, status, text);
                // What Tab offers (or any message) shows above the line being typed.
                if app.status.is_some() {
                    frame.render_widget(ratatui::widgets::Clear, hints);
                    footer::draw_status(app, theme, frame, hints);
                }
            }
            Overlay::Form(form) => form::draw(app, form, theme, frame, body),
            Overlay::Editor(editor) => policy_editor::draw(app, editor, theme, frame, body),
            Overlay::LayerForm(form) => layer_form::draw(app, form, theme, frame, body),
        }
    }
    if app.show_keys {
        draw_recent_keys(app, theme, frame, body);
    }
}

fn panes(body: Rect) -> (Rect, Rect, Rect) {
    if body.width >= WIDE {
        let [f, q, p] = Layout::horizontal([
            Constraint::Percentage(34),
            Constraint::Percentage(18),
            Constraint::Min(40),
        ])
        .areas(body);
        (f, q, p)
    } else {
        let left = (body.width * 36 / 100).clamp(20, 34);
        let [l, p] =
            Layout::horizontal([Constraint::Length(left), Constraint::Min(30)]).areas(body);
        let [f, q] = Layout::vertical([Constraint::Percentage(58), Constraint::Min(4)]).areas(l);
        (f, q, p)
    }
}

/// A pane's frame: a focused pane stands out by its border's style and type (the type for
/// NO_COLOR).
pub fn pane<'a>(
    theme: Theme,
    focused: bool,
    title: impl Into<ratatui::text::Line<'a>>,
) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::bordered()
        .border_style(theme.border(focused))
        .border_type(theme.border_type(focused))
        .title(title)
}

/// The details under a pane's table: wrapped lines below a dim rule.
pub fn draw_details(frame: &mut Frame, theme: Theme, area: Rect, lines: Vec<ratatui::text::Line>) {
    let lines: Vec<ratatui::text::Line> = lines.into_iter().map(escaped).collect();
    let block = ratatui::widgets::Block::new()
        .borders(ratatui::widgets::Borders::TOP)
        .border_style(theme.dim());
    frame.render_widget(
        ratatui::widgets::Paragraph::new(lines)
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}

/// A window over `area` that scrolls `lines` (wrapped): its title, the keys `keys` (beside
/// `j/k scroll` and `Esc back`) and where it stands at the bottom, the text from `scroll`.
pub fn scrolled_window(
    frame: &mut Frame,
    theme: Theme,
    area: Rect,
    (title, keys): (ratatui::text::Line<'_>, &[(&str, &str)]),
    lines: Vec<ratatui::text::Line<'_>>,
    scroll: crate::tui::view_scroll::ViewScroll,
) {
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
    // Long ARNs and conditions wrap: a line cut at the border would hide the end of a value.
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner = Block::bordered().inner(area);
    let total = paragraph.line_count(inner.width);
    let top = scroll.offset(total, inner.height);
    let mut hint = vec![Span::styled(" j/k", theme.key()), Span::raw(" scroll ")];
    for (key, word) in keys {
        hint.push(Span::styled(key.to_string(), theme.key()));
        hint.push(Span::raw(format!(" {word} ")));
    }
    hint.push(Span::styled("Esc", theme.key()));
    hint.push(Span::raw(format!(
        " back  {}/{total} ",
        usize::from(top) + 1
    )));
    let block = Block::bordered()
        .title(title)
        .title_bottom(Line::from(hint))
        .border_style(theme.border(true));
    frame.render_widget(Clear, area);
    frame.render_widget(paragraph.block(block).scroll((top, 0)), area);
}

/// The placeholder of a pane whose content is on its way. Only the text is styled, so a pane
/// that empties and fills again rewrites a few cells, not every blank one (bytes over SSH).
pub fn loading(app: &App, theme: Theme) -> ratatui::text::Line<'static> {
    use super::theme::SPINNER;
    ratatui::text::Line::from(ratatui::text::Span::styled(
        format!("{} loading…", SPINNER[app.spinner % SPINNER.len()]),
        theme.dim(),
    ))
}

/// The keys pressed, for an audience: a small box at the bottom left of the panes, above the
/// footer (never over its text), the newest last.
fn draw_recent_keys(app: &App, theme: Theme, frame: &mut Frame, body: Rect) {
    use ratatui::text::{Line, Span};
    use ratatui::widgets::{Block, Clear, Paragraph};
    if app.recent_keys.is_empty() {
        return;
    }
    let mut spans = Vec::new();
    for (i, (name, _)) in app.recent_keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(name.clone(), theme.key()));
    }
    let line = Line::from(spans);
    let width = (line.width() as u16 + 4).min(body.width);
    // At the bottom left, over the qualifiers: never over the policy's details, where the
    // audience reads what the keys did.
    let rect = Rect {
        x: body.x,
        y: body.bottom().saturating_sub(3),
        width,
        height: 3.min(body.height),
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(line).block(
            Block::bordered()
                .border_style(theme.border(true))
                .title(Span::styled(" keys ", theme.dim())),
        ),
        rect,
    );
}

/// The title mark of a pane still showing the function the selection left, while the next
/// one's data is on its way.
pub fn stale_title(app: &App) -> String {
    match app.selected_function_name() {
        Some(next) => format!("stale · loading {}… ", fit(&next, 24)),
        None => "stale… ".into(),
    }
}

/// Dims what a pane shows when it is the previous function's: it must not pass for the
/// selection's (the title says why).
pub fn dim_stale(frame: &mut Frame, area: Rect) {
    let buffer = frame.buffer_mut();
    for y in area.top() + 1..area.bottom().saturating_sub(1) {
        for x in area.left() + 1..area.right().saturating_sub(1) {
            if let Some(cell) = buffer.cell_mut((x, y)) {
                cell.modifier.insert(ratatui::style::Modifier::DIM);
            }
        }
    }
}

/// A centred rectangle of at most `width` x `height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    use ratatui::layout::Constraint::Length;
    area.centered(
        Length(width.min(area.width)),
        Length(height.min(area.height)),
    )
}

/// A line whose text came from outside, every control and bidi character in it written as its
/// escape (`\u{202e}`): shown, never obeyed nor silently dropped (which would make
/// `bidi\u{202e}gnp.exe` read as `bidignp.exe`).
pub fn escaped(line: ratatui::text::Line<'_>) -> ratatui::text::Line<'_> {
    let spans = line
        .spans
        .into_iter()
        .map(|span| match crate::printable::line(&span.content) {
            std::borrow::Cow::Borrowed(_) => span,
            std::borrow::Cow::Owned(text) => ratatui::text::Span::styled(text, span.style),
        })
        .collect::<Vec<_>>();
    ratatui::text::Line { spans, ..line }
}

/// `text` in at most `max` columns, with `…` when cut (wide characters take two); control and
/// bidi characters are shown as their escapes.
pub fn fit(text: &str, max: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let text = crate::printable::line(text);
    let text = text.as_ref();
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `texts` each in at most `max` columns, as [`fit`] cuts them, except that two that would be
/// cut to the same text show, from just before where they differ on, what tells them apart
/// (`FunctionURLAllowPublicAccess` and `FunctionURLInvokeAllowPublicAccess` at 10 columns:
/// `…LAllowPu…` and `…LInvokeA…`).
pub fn fit_distinct(texts: &[String], max: usize) -> Vec<String> {
    let fitted: Vec<String> = texts.iter().map(|t| fit(t, max)).collect();
    fitted
        .iter()
        .enumerate()
        .map(|(i, cut)| {
            let twin = texts
                .iter()
                .enumerate()
                .filter(|(j, other)| *j != i && fitted[*j] == *cut && *other != &texts[i])
                .map(|(_, other)| {
                    texts[i]
                        .chars()
                        .zip(other.chars())
                        .take_while(|(a, b)| a == b)
                        .count()
                })
                .min();
            let Some(common) = twin else {
                return cut.clone();
            };
            let start = common.saturating_sub(1);
            let rest: String = texts[i].chars().skip(start).collect();
            format!("…{}", fit(&rest, max.saturating_sub(1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fit_distinct;

    #[test]
    fn texts_cut_alike_show_where_they_differ() {
        let sids = [
            "FunctionURLAllowPublicAccess".to_string(),
            "FunctionURLInvokeAllowPublicAccess".to_string(),
            "short".to_string(),
        ];
        let shown = fit_distinct(&sids, 10);
        assert_eq!(shown, ["…LAllowPu…", "…LInvokeA…", "short"]);
        assert_eq!(
            fit_distinct(&sids, 16)[..2],
            ["FunctionURLAllo…", "FunctionURLInvo…"],
            "cut apart already: as fit cuts them"
        );
    }
}
