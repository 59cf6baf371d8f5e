//! The whole-policy editor: a gutter (line numbers and a mark on each line with a finding), the
//! text with every problem underlined, and below it the message of the finding at the cursor,
//! in full. Ctrl-D swaps the text for the diff; Ctrl-S opens the confirmation over it.

use super::dialogs::buttons;
use super::{centered, fit};
use crate::policy::{Severity, StatementChange};
use crate::tui::app::App;
use crate::tui::policy_editor::{EditorStage, Finding, FindingKind, PolicyEditor, PromptKind};
use crate::tui::theme::{SPINNER, Theme, severity_glyph};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The message area never takes more than this share of the editor's rows.
const MESSAGE_SHARE: u16 = 3;

pub fn draw(app: &App, editor: &PolicyEditor, theme: Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(title(app, editor, theme))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let message = message_lines(editor, theme);
    let wanted = wrapped_height(&message, inner.width);
    let [text_area, message_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(wanted.min(inner.height / MESSAGE_SHARE).max(1)),
    ])
    .areas(inner);
    match &editor.stage {
        EditorStage::Reviewing { scroll, server } => {
            draw_review(editor, theme, frame, text_area, *scroll, *server)
        }
        _ => draw_text(editor, theme, frame, text_area),
    }
    frame.render_widget(
        Paragraph::new(message).wrap(Wrap { trim: false }),
        message_area,
    );
    if let EditorStage::Confirming { diff, confirm } = &editor.stage {
        draw_confirm(editor, diff, confirm, theme, frame, area);
    }
    if let EditorStage::Conflict(conflict) = &editor.stage {
        super::dialogs::error_window(
            theme,
            frame,
            area,
            &conflict.title,
            &conflict_text(editor, conflict),
            " k keep mine · t take theirs · m merge · Esc back ",
        );
    }
}

fn title(app: &App, editor: &PolicyEditor, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(" Policy of {} ", editor.target),
        theme.title(),
    )];
    let errors = editor.error_count();
    let warnings = editor.warning_count();
    if errors > 0 {
        spans.push(Span::styled(
            format!("✗ {errors} problem{} ", if errors == 1 { "" } else { "s" }),
            theme.error(),
        ));
    }
    // One glyph per severity, as everywhere: a public grant is an error, though Lambda takes it.
    let risks = editor.lint_error_count();
    if risks > 0 {
        spans.push(Span::styled(
            format!("✗ {risks} error{} ", if risks == 1 { "" } else { "s" }),
            theme.error(),
        ));
    }
    if warnings > 0 {
        spans.push(Span::styled(
            format!(
                "! {warnings} warning{} ",
                if warnings == 1 { "" } else { "s" }
            ),
            theme.warning(),
        ));
    }
    let notes = editor.note_count();
    if notes > 0 {
        spans.push(Span::styled(
            format!("i {notes} note{} ", if notes == 1 { "" } else { "s" }),
            theme.info(),
        ));
    }
    if errors == 0 && risks == 0 && warnings == 0 && notes == 0 {
        spans.push(Span::styled("✓ valid ", theme.success()));
    }
    // New access, before any put: said in the title as it is typed.
    if !editor.access.public.is_empty() {
        spans.push(Span::styled(
            "+ PUBLIC ",
            theme.error().add_modifier(Modifier::BOLD),
        ));
    } else if !editor.access.external.is_empty() {
        spans.push(Span::styled("+ external access ", theme.warning()));
    }
    if editor.is_changed() {
        spans.push(Span::styled("· changed ", theme.dim()));
    }
    let (line, column) = editor.cursor();
    spans.push(Span::styled(
        format!("{}:{} ", line + 1, column + 1),
        theme.dim(),
    ));
    if editor.read_only {
        spans.push(Span::styled(" read-only ", theme.badge()));
    }
    if editor.is_putting() {
        spans.push(Span::styled(
            format!("{} putting… ", SPINNER[app.spinner % SPINNER.len()]),
            theme.dim(),
        ));
    }
    Line::from(spans)
}

/// What the line below the text says: the question, Lambda's refusal, or the finding at the
/// cursor with its place among the others.
fn message_lines(editor: &PolicyEditor, theme: Theme) -> Vec<Line<'static>> {
    if let EditorStage::Prompt { kind, text } = &editor.stage {
        let (label, then) = match kind {
            PromptKind::Search => ("Find", "Enter finds (F3 again, Shift-F3 back)"),
            PromptKind::GoToLine => ("Go to line", "Enter goes there"),
        };
        return vec![Line::from(vec![
            Span::styled(format!("{label}: "), theme.title()),
            Span::raw(format!("{}▏", crate::printable::line(text))),
            Span::styled(format!("  {then} · Esc back"), theme.dim()),
        ])];
    }
    if editor.stage == EditorStage::AskingDiscard {
        return vec![Line::styled(
            "Discard your changes? Esc again discards them; any other key keeps editing.",
            theme.warning(),
        )];
    }
    if let Some(error) = &editor.server_error {
        return vec![Line::styled(
            format!("✗ Lambda refused the put: {error}"),
            theme.error(),
        )];
    }
    if editor.stale {
        return vec![Line::styled(
            "The policy changed on the server: reading its new version…",
            theme.warning(),
        )];
    }
    let mut lines = access_lines(editor, theme);
    lines.push(finding_line(editor, theme));
    lines
}

/// The access the text adds or takes away against the server's policy, in words, as it is
/// typed: at most `ACCESS_LINES` lines, the rest counted.
fn access_lines(editor: &PolicyEditor, theme: Theme) -> Vec<Line<'static>> {
    const ACCESS_LINES: usize = 2;
    let access = &editor.access;
    let added = access
        .public
        .iter()
        .map(|l| {
            (
                format!("+ PUBLIC {l}"),
                theme.error().add_modifier(Modifier::BOLD),
            )
        })
        .chain(
            access
                .external
                .iter()
                .map(|l| (format!("+ EXTERNAL {l}"), theme.warning())),
        )
        .chain(
            access
                .removed
                .iter()
                .map(|l| (format!("- {l}"), theme.dim())),
        );
    let all: Vec<(String, Style)> = added.collect();
    let mut lines: Vec<Line<'static>> = all
        .iter()
        .take(ACCESS_LINES)
        .map(|(text, style)| Line::styled(crate::printable::line(text).into_owned(), *style))
        .collect();
    if all.len() > ACCESS_LINES {
        lines.push(Line::styled(
            format!(
                "  … {} more access changes: Ctrl-D shows them all",
                all.len() - ACCESS_LINES
            ),
            theme.dim(),
        ));
    }
    lines
}

/// The finding at the cursor with its place among the others, or that there is none.
fn finding_line(editor: &PolicyEditor, theme: Theme) -> Line<'static> {
    let Some(finding) = editor.finding_at_cursor() else {
        return Line::styled(
            "No problems. Ctrl-D shows what a put would change; Ctrl-S puts.",
            theme.dim(),
        );
    };
    let number = editor
        .findings
        .iter()
        .position(|f| std::ptr::eq(f, finding))
        .map_or(0, |i| i + 1);
    let (glyph, style) = mark(finding.kind, theme);
    Line::from(vec![
        Span::styled(format!("{glyph} "), style),
        Span::styled(
            format!(
                "{number}/{} line {}: ",
                editor.findings.len(),
                finding.from.0 + 1
            ),
            theme.dim(),
        ),
        Span::styled(finding.message.clone(), style),
    ])
}

/// The rows `lines` take when wrapped at `width` columns.
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|line| line.width().max(1).div_ceil(width))
        .sum::<usize>()
        .try_into()
        .unwrap_or(u16::MAX)
}

/// A finding's gutter glyph and style, by its severity: ✗ error, ! warning, i info.
fn mark(kind: FindingKind, theme: Theme) -> (&'static str, Style) {
    let severity = match kind {
        FindingKind::Invalid => Severity::Error,
        FindingKind::Suspicious => Severity::Warning,
        FindingKind::Lint(severity) => severity,
    };
    (severity_glyph(severity), theme.severity(severity))
}

fn draw_text(editor: &PolicyEditor, theme: Theme, frame: &mut Frame, area: Rect) {
    let digits = editor.text.lines().len().to_string().len() as u16;
    let [gutter, text] =
        Layout::horizontal([Constraint::Length(digits + 3), Constraint::Min(1)]).areas(area);
    frame.render_widget(&editor.text, text);
    // The text area scrolled itself to the cursor while drawing: the gutter and the underlines
    // follow where it scrolled to.
    let (top, left) = editor.text.scroll_offset();
    let (top, left) = (usize::from(top), usize::from(left));
    let rows = usize::from(text.height);
    let mut gutter_lines = Vec::with_capacity(rows);
    for line in top..(top + rows).min(editor.text.lines().len()) {
        let worst = editor
            .findings
            .iter()
            .filter(|f| f.from.0 == line)
            .map(|f| f.kind)
            .max();
        let (glyph, style) = worst.map_or((" ", Style::new()), |k| mark(k, theme));
        gutter_lines.push(Line::from(vec![
            Span::styled(
                format!("{:>width$} ", line + 1, width = usize::from(digits)),
                theme.dim(),
            ),
            Span::styled(glyph, style),
        ]));
    }
    frame.render_widget(Paragraph::new(gutter_lines), gutter);
    let buffer = frame.buffer_mut();
    for finding in editor
        .findings
        .iter()
        .filter(|f| !matches!(f.kind, FindingKind::Lint(_)))
    {
        underline(editor, finding, theme, buffer, text, (top, left));
    }
}

/// Underlines the cells of `finding` that are on screen. Without colour the underline (bold
/// for an error) still shows where the problem is.
fn underline(
    editor: &PolicyEditor,
    finding: &Finding,
    theme: Theme,
    buffer: &mut Buffer,
    area: Rect,
    (top, left): (usize, usize),
) {
    let lines = editor.text.lines();
    let last = finding.to.0.min(lines.len().saturating_sub(1));
    let visible = top..top + usize::from(area.height);
    let first = finding.from.0.max(top);
    let right = left + usize::from(area.width);
    for (line, text) in lines.iter().enumerate().take(last + 1).skip(first) {
        if !visible.contains(&line) {
            continue;
        }
        let from = if line == finding.from.0 {
            finding.from.1
        } else {
            0
        };
        let to = if line == finding.to.0 {
            finding.to.1
        } else {
            usize::MAX
        };
        // A point (the end of the text, a missing member): one cell shows it.
        let to = to.max(from + 1);
        let y = area.y + (line - top) as u16;
        // One walk along the line, grapheme by grapheme as the text area draws it: the
        // character count says which are in the finding, the cell count where they are.
        let (mut chars, mut column) = (0usize, 0usize);
        let mut cells = Vec::new();
        for grapheme in text.graphemes(true) {
            let width = grapheme.width().max(1);
            let count = grapheme.chars().count();
            if chars + count > from && chars < to {
                cells.extend(column..column + width);
            }
            chars += count;
            column += width;
            if chars >= to || column >= right {
                break;
            }
        }
        if chars <= from && from < to {
            // Past the end of the line: the cell after its last character.
            cells.push(column);
        }
        for cell_column in cells {
            if cell_column < left || cell_column >= right {
                continue;
            }
            let x = area.x + (cell_column - left) as u16;
            if let Some(cell) = buffer.cell_mut((x, y)) {
                cell.modifier.insert(Modifier::UNDERLINED);
                if finding.kind.is_error() {
                    cell.modifier.insert(Modifier::BOLD);
                }
                if theme.color {
                    cell.fg = if finding.kind.is_error() {
                        Color::Red
                    } else {
                        Color::Yellow
                    };
                }
            }
        }
    }
}

fn draw_review(
    editor: &PolicyEditor,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    scroll: u16,
    server: bool,
) {
    let revision = editor.base.revision_id.as_deref().unwrap_or("none");
    let mut lines = Vec::new();
    if server {
        lines.push(Line::styled(
            format!("The server's policy, revision {revision} (Tab: the diff)"),
            theme.title(),
        ));
        match &editor.base.document {
            Some(document) => {
                let pretty = crate::printable::json(&document.pretty()).into_owned();
                lines.extend(pretty.lines().map(|l| Line::raw(l.to_string())));
            }
            None => lines.push(Line::styled("(no policy)", theme.dim())),
        }
    } else {
        let diff = editor.diff().unwrap_or_default();
        let (added, removed, changed) = diff.counts();
        lines.push(Line::styled(
            format!(
                "A put would add {added}, remove {removed}, change {changed} against revision {revision} (Tab: the server's text)"
            ),
            theme.title(),
        ));
        // Access first, in words, then how the statements change.
        let access = editor.access.review_lines();
        if !access.is_empty() {
            lines.push(Line::styled("Access:", theme.title()));
            for line in access {
                let style = if line.starts_with("+ PUBLIC") {
                    theme.error().add_modifier(Modifier::BOLD)
                } else if line.starts_with('+') {
                    theme.warning()
                } else {
                    theme.dim()
                };
                lines.push(Line::styled(format!("  {line}"), style));
            }
            lines.push(Line::styled("Statements:", theme.title()));
        }
        if diff.is_empty() {
            lines.push(Line::styled(
                "No statement changes: the policy would stay as it is.",
                theme.dim(),
            ));
        }
        for line in diff.lines() {
            let style = match line.trim_start().chars().next() {
                Some('+') => theme.success(),
                Some('-') => theme.error(),
                _ => theme.warning(),
            };
            lines.push(Line::styled(line, style));
        }
    }
    // The server's revision, Sids and values came from outside: shown, never obeyed.
    let lines: Vec<Line> = lines.into_iter().map(super::escaped).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// What the conflict window says: what happened, Lambda's words, what the other writer added,
/// and the three ways on.
fn conflict_text(editor: &PolicyEditor, conflict: &crate::tui::policy_editor::Conflict) -> String {
    let theirs = match &conflict.theirs_added {
        None => "Their version is being read…".to_string(),
        Some(added) => {
            let revision: String = match &editor.base.revision_id {
                Some(id) => id.chars().take(8).collect(),
                None => "none (no policy)".into(),
            };
            let names: Vec<String> = added
                .iter()
                .map(|s| match s.get("Sid").and_then(|v| v.as_str()) {
                    Some(sid) => format!("\"{}\"", crate::printable::line(sid)),
                    None => "a statement without Sid".into(),
                })
                .collect();
            if names.is_empty() {
                format!(
                    "Their version is revision {revision}; it adds no statement (it changes or removes some)."
                )
            } else {
                format!(
                    "Their version is revision {revision}; it adds {}.",
                    names.join(", ")
                )
            }
        }
    };
    format!(
        "Putting the policy of {} failed: another writer changed it since it was read. Nothing was put; your text is kept.\n\n{}\n\n{theirs}\n\nk  keep mine: put it over theirs (asks first)\nt  take theirs: the text becomes their version (Ctrl-U brings yours back)\nm  merge: their new statements added to your text, shown as a diff first\nEsc  back to your text",
        editor.target,
        crate::printable::line(&conflict.message)
    )
}

fn draw_confirm(
    editor: &PolicyEditor,
    diff: &crate::policy::PolicyDiff,
    confirm: &crate::tui::write_confirm::WriteConfirm,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let width = area.width.saturating_sub(4).min(72);
    let text_width = usize::from(width.saturating_sub(4));
    let (added, removed, changed) = diff.counts();
    let mut lines = vec![
        Line::from(vec![
            Span::raw(" Replace the whole policy of "),
            Span::styled(editor.target.to_string(), theme.title()),
            Span::raw("?"),
        ]),
        Line::raw(format!(
            " It adds {added}, removes {removed}, changes {changed} statement{}:",
            if added + removed + changed == 1 {
                ""
            } else {
                "s"
            }
        )),
    ];
    let shown = usize::from(area.height.saturating_sub(9)).max(1);
    for change in diff.changes.iter().take(shown) {
        let (sign, style) = match change {
            StatementChange::Added { .. } => ("+", theme.success()),
            StatementChange::Removed { .. } => ("-", theme.error()),
            StatementChange::Changed { .. } => ("~", theme.warning()),
        };
        lines.push(Line::styled(
            fit(&format!("   {sign} {}", change.label()), text_width),
            style,
        ));
    }
    if diff.changes.len() > shown {
        lines.push(Line::styled(
            format!(
                "   … and {} more (Ctrl-D lists them)",
                diff.changes.len() - shown
            ),
            theme.dim(),
        ));
    }
    if removed > 0 {
        lines.push(Line::styled(
            format!(
                " {removed} statement{} will be removed, whoever wrote {}.",
                if removed == 1 { "" } else { "s" },
                if removed == 1 { "it" } else { "them" }
            ),
            theme.warning(),
        ));
    }
    lines.push(Line::styled(
        match &editor.base.revision_id {
            Some(revision) => fit(
                &format!(" Guarded: only if still revision {revision}."),
                text_width,
            ),
            None => " There was no policy when it was read: nothing to guard.".to_string(),
        },
        theme.dim(),
    ));
    lines.extend(
        super::dialogs::access_lines(theme, confirm, "function")
            .into_iter()
            .map(|line| {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                Line::styled(fit(&text, text_width), line.style)
            }),
    );
    lines.push(buttons(theme, confirm.focus, "Put"));
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Put the policy ", theme.warning()))
        .border_style(theme.warning());
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
