//! The add-permission form: each field with ✓ or ✗ and its reason inside its border (no rows
//! appear or vanish as you type), lints in yellow, and the preview of what Lambda will write.

use super::{centered, dialogs, fit};
use crate::policy::{Field, Lint};
use crate::tui::app::App;
use crate::tui::form::{AUTH_TYPES, AddForm, Question, Slot};
use crate::tui::theme::{SPINNER, Theme, severity_glyph};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

const WIDE: u16 = 100;
const LABEL: usize = 22;

/// Every member takes one row: at 80x24 the whole form is on one screen.
fn slot_height(_slot: Slot) -> u16 {
    1
}

pub fn draw(app: &App, form: &AddForm, theme: Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let spinner = if form.is_submitting() {
        format!(" {} sending…", SPINNER[app.spinner % SPINNER.len()])
    } else {
        String::new()
    };
    let mode = if app.read_only { " (dry run)" } else { "" };
    let block = Block::bordered()
        .title(Line::from(vec![
            Span::styled(
                format!(" Add permission to {}{mode} ", form.target()),
                theme.title(),
            ),
            Span::styled(spinner, theme.dim()),
        ]))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let full_preview = form.preview_scroll().is_some();
    let (form_area, preview_area) = if inner.width >= WIDE && !full_preview {
        let [f, p] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Min(30)]).areas(inner);
        (f, Some(p))
    } else {
        (inner, None)
    };
    if full_preview {
        draw_preview(app, form, theme, frame, inner, true);
    } else {
        draw_fields(form, theme, frame, form_area);
        if let Some(p) = preview_area {
            draw_preview(app, form, theme, frame, p, false);
        }
    }
    if let Some(confirm) = form.confirm() {
        draw_confirm(form, confirm, theme, frame, area);
    }
}

fn draw_fields(form: &AddForm, theme: Theme, frame: &mut Frame, area: Rect) {
    let issues = form.issues();
    let lints = form.lints();
    let notes = notes(form, &issues, &lints, theme);
    // The notes wrap and are never cut: they take the rows they need, the fields the rest.
    let width = usize::from(area.width.max(1));
    let wanted: usize = notes.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    let notes_height = (wanted as u16).min(area.height.saturating_sub(3));
    let [fields_area, notes_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(notes_height)]).areas(area);
    let slots = form.slots();
    let focus = slots.iter().position(|s| *s == form.focus).unwrap_or(0);
    // Scroll so the focused field is in view; fields never change height.
    let mut start = 0;
    while start < focus
        && slots[start..=focus]
            .iter()
            .map(|s| slot_height(*s))
            .sum::<u16>()
            > fields_area.height
    {
        start += 1;
    }
    let mut y = fields_area.y;
    for slot in &slots[start..] {
        let height = slot_height(*slot);
        if y + height > fields_area.y + fields_area.height {
            break;
        }
        let rect = Rect {
            x: fields_area.x,
            y,
            width: fields_area.width,
            height,
        };
        let focused = *slot == form.focus;
        let issue = AddForm::slot_field(*slot)
            .and_then(|f| issues.iter().find(|i| i.field == f))
            .map(|i| i.message.clone());
        let lint =
            AddForm::slot_field(*slot).and_then(|f| lints.iter().find(|l| l.id.field() == f));
        match slot {
            Slot::Text(field) => draw_text(form, *field, focused, issue, lint, theme, frame, rect),
            other => draw_choice(form, *other, focused, issue, theme, frame, rect),
        }
        y += height;
    }
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), notes_area);
}

/// Lines under the fields: the focused field's problem and its fix in full, then the form's own
/// questions and error, and the lints.
fn notes(
    form: &AddForm,
    issues: &[crate::policy::FieldIssue],
    lints: &[Lint],
    theme: Theme,
) -> Vec<Line<'static>> {
    let theme_error = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    // The focused field's problem first, then the others': each whole, never cut.
    let focused = AddForm::slot_field(form.focus);
    let mut ordered: Vec<&crate::policy::FieldIssue> = issues.iter().collect();
    ordered.sort_by_key(|i| Some(i.field) != focused);
    for issue in ordered {
        lines.push(Line::styled(
            format!("✗ {}: {}", issue.field.member(), issue.message),
            theme.error(),
        ));
    }
    if let Some(field) = focused
        && let Some(lint) = lints.iter().find(|l| l.id.field() == field)
    {
        lines.push(Line::styled(
            format!("! {}: {}", field.member(), lint.message),
            theme.warning(),
        ));
    }
    if form.asking(Question::ReplaceTyped) {
        lines.push(Line::styled(
            "Changing the preset replaces what you typed: press ← or → again to do it.",
            theme_error,
        ));
    }
    if form.policy_loading {
        lines.push(Line::raw("Loading the policy of this qualifier…"));
    }
    if form.asking(Question::Discard) {
        lines.push(Line::styled(
            "Discard what you typed? Esc again discards; any other key keeps editing.",
            theme_error,
        ));
    }
    if let Some(error) = &form.form_error {
        lines.push(Line::styled(format!("✗ {error}"), theme_error));
    }
    for lint in lints {
        lines.push(Line::raw(format!(
            "{} {}: {}",
            severity_glyph(lint.severity),
            lint.id.badge(),
            lint.message
        )));
    }
    lines
}

#[allow(clippy::too_many_arguments)]
fn draw_text(
    form: &AddForm,
    field: Field,
    focused: bool,
    issue: Option<String>,
    lint: Option<&Lint>,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    // The row says whether the field is right; its problem is in full below the fields.
    // A lint is marked by its own severity (✗ for a public grant, as its message says).
    let lint_mark = lint.map(|l| {
        (
            format!("{} ", severity_glyph(l.severity)),
            theme.severity(l.severity),
        )
    });
    let (mark, mark_style) = match (&issue, lint_mark) {
        (Some(_), _) => ("✗ ".to_string(), theme.error()),
        (None, Some(marked)) => marked,
        (None, None) => ("✓ ".to_string(), theme.success()),
    };
    let label_style = if focused {
        theme.selected(true)
    } else {
        Style::new()
    };
    let label = Line::from(vec![
        Span::styled(mark, mark_style),
        Span::styled(format!("{:<LABEL$}", field.member()), label_style),
    ]);
    let label_width = (LABEL + 2) as u16;
    let [label_area, rest] =
        Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(label), label_area);
    // The value, then the reason next to it as far as the row goes (in full below the fields
    // once the field has the keys).
    let value_width = (unicode_width::UnicodeWidthStr::width(form.text(field).as_str()) as u16 + 2)
        .max(12)
        .min(rest.width);
    let [value_area, reason_area] =
        Layout::horizontal([Constraint::Length(value_width), Constraint::Min(0)]).areas(rest);
    let reason = match (&issue, lint) {
        (Some(message), _) => Some((message.clone(), theme.error())),
        (None, Some(lint)) => Some((lint.message.clone(), theme.warning())),
        (None, None) => None,
    };
    if let Some((reason, style)) = reason
        && reason_area.width > 8
    {
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(&reason, reason_area.width as usize),
                style,
            )),
            reason_area,
        );
    }
    let Some((_, input)) = form.inputs.iter().find(|(f, _)| *f == field) else {
        return;
    };
    if focused {
        let mut input = input.clone();
        input.set_cursor_line_style(Style::new());
        input.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
        // A selected placeholder must show without colour too.
        input.set_selection_style(
            theme
                .matched()
                .add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        );
        frame.render_widget(&input, value_area);
    } else {
        let text = form.text(field);
        let style = if crate::policy::placeholder::contains(&text) {
            theme.warning().add_modifier(Modifier::ITALIC)
        } else {
            Style::new()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&text, value_area.width as usize), style)),
            value_area,
        );
    }
}

fn draw_choice(
    form: &AddForm,
    slot: Slot,
    focused: bool,
    issue: Option<String>,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let (label, value) = match slot {
        Slot::Preset => {
            let statements = if form.preset_statement > 0 || form.preset_total > 1 {
                format!(
                    "  statement {}/{}",
                    form.preset_statement + 1,
                    form.preset_total
                )
            } else {
                String::new()
            };
            ("Preset", format!("◀ {} ▶{statements}", form.preset_title))
        }
        Slot::Qualifier => {
            let q = form
                .qualifiers
                .get(form.qualifier_index)
                .cloned()
                .flatten()
                .unwrap_or_else(|| "(function itself)".into());
            ("Qualifier", format!("◀ {q} ▶"))
        }
        Slot::AuthType => (
            "FunctionUrlAuthType",
            format!(
                "◀ {} ▶",
                AUTH_TYPES[form.auth_type_index].unwrap_or("(none)")
            ),
        ),
        Slot::InvokedViaUrl => (
            "InvokedViaFunctionUrl",
            if form.invoked_via_url {
                "[x] yes".into()
            } else {
                "[ ] no".into()
            },
        ),
        Slot::Guard => {
            let revision = form
                .revision_id
                .as_deref()
                .map(|r| format!(" rev {}", r.chars().take(8).collect::<String>()))
                .unwrap_or_else(|| {
                    if form.policy_loading {
                        " (loading…)".into()
                    } else {
                        " (no policy yet)".into()
                    }
                });
            (
                "Guard with RevisionId",
                if form.guard {
                    format!("[x] on{revision}")
                } else {
                    "[ ] off".into()
                },
            )
        }
        Slot::Text(_) => return,
    };
    let mark = if issue.is_some() {
        Span::styled("✗ ", theme.error())
    } else {
        Span::raw("  ")
    };
    let mut spans = vec![
        mark,
        Span::raw(format!("{label:<LABEL$}")),
        Span::raw(value),
    ];
    if let Some(message) = issue {
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::styled(
            format!(
                "  {}",
                fit(&message, (area.width as usize).saturating_sub(used + 2))
            ),
            theme.error(),
        ));
    }
    let line = Line::from(spans);
    let line = if focused {
        line.style(theme.selected(true))
    } else {
        line
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_preview(
    app: &App,
    form: &AddForm,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    full: bool,
) {
    let target = form.target();
    let arn = app
        .context
        .resource_arn(&target.function, target.qualifier.as_deref());
    let mut lines = Vec::new();
    if full {
        lines.push(Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" copy statement  "),
            Span::styled("c", theme.key()),
            Span::raw(" copy command  "),
            Span::styled("j/k", theme.key()),
            Span::raw(" scroll  "),
            Span::styled("Esc", theme.key()),
            Span::raw(" back to the form"),
        ]));
    }
    lines.push(Line::styled("Equivalent AWS CLI", theme.title()));
    lines.push(Line::styled(form.cli_command(&app.context), theme.dim()));
    lines.push(Line::styled("Statement Lambda will write", theme.title()));
    for text in form.preview_statement(&arn).lines() {
        lines.push(Line::raw(text.to_string()));
    }
    let block = Block::bordered()
        .border_style(theme.dim())
        .title(Span::styled(" Preview ", theme.dim()));
    let scroll = form.preview_scroll().filter(|_| full).unwrap_or(0);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

fn draw_confirm(
    form: &AddForm,
    confirm: &crate::tui::form::SubmitConfirm,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let request = form.request();
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw(" Add "),
            Span::styled(
                request.statement_id.clone().unwrap_or_default(),
                theme.title(),
            ),
            Span::raw(" to "),
            Span::styled(form.target().to_string(), theme.title()),
            Span::raw("?"),
        ]),
        Line::raw(format!(
            " {} for {}",
            request.action.unwrap_or_default(),
            request.principal.unwrap_or_default()
        )),
    ];
    lines.extend(dialogs::access_lines(theme, &confirm.confirm, "function"));
    lines.push(Line::raw(""));
    lines.push(dialogs::buttons(theme, confirm.confirm.focus, "Add"));
    let rect = centered(area, 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Span::styled(" Confirm ", theme.title()))
        .border_style(theme.border(true));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
