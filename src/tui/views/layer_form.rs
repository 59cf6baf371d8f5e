//! The layer form: one row per field (label, value, ✓ or ✗), every field's problem in full (the
//! focused one's first), the statement Lambda will write and the AWS CLI command; the confirmation over it.

use super::centered;
use super::dialogs::buttons;
use crate::tui::app::App;
use crate::tui::layer_form::{LayerForm, LayerFormStage, LayerGrant, LayerSlot};
use crate::tui::theme::{SPINNER, Theme, severity_glyph};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

const LABEL: usize = 16;

pub fn draw(app: &App, form: &LayerForm, theme: Theme, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let mut title = vec![Span::styled(
        format!(" Share layer {} ", form.version),
        theme.title(),
    )];
    if app.read_only {
        title.push(Span::styled("(dry run) ", theme.warning()));
    }
    if form.is_submitting() {
        title.push(Span::styled(
            format!("{} sending… ", SPINNER[app.spinner % SPINNER.len()]),
            theme.dim(),
        ));
    }
    let block = Block::bordered()
        .title(Line::from(title))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let fields = form.slots().len() as u16;
    let [fields_area, message_area, preview_area] = Layout::vertical([
        Constraint::Length(fields),
        Constraint::Length(3),
        Constraint::Min(3),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(field_lines(form, theme)), fields_area);
    frame.render_widget(
        Paragraph::new(message_lines(form, theme)).wrap(Wrap { trim: false }),
        message_area,
    );
    // The command first: it is one line, the statement several, and at 80x24 both may not fit.
    let mut preview: Vec<Line> = vec![
        Line::styled("The same with the AWS CLI:", theme.dim()),
        Line::raw(form.cli_command(&app.context)),
        Line::styled("The statement Lambda will write:", theme.dim()),
    ];
    preview.extend(form.preview().lines().map(|l| Line::raw(l.to_string())));
    frame.render_widget(
        Paragraph::new(preview).wrap(Wrap { trim: false }),
        preview_area,
    );
    if let LayerFormStage::Confirming(confirm) = &form.stage {
        let mut lines = vec![Line::raw(format!(
            " Let {} use layer {}?",
            who(form),
            form.version
        ))];
        if form.grant == LayerGrant::Public {
            lines.push(Line::styled(
                " Every AWS account will be able to use this version.",
                theme.error(),
            ));
        }
        lines.extend(super::dialogs::access_lines(theme, confirm, "layer"));
        lines.push(Line::styled(
            match &form.revision_id {
                Some(_) => " Only if the policy has not changed since it was shown.",
                None => " The version had no policy when it was shown.",
            },
            theme.dim(),
        ));
        lines.push(Line::raw(""));
        lines.push(buttons(theme, confirm.focus, "Share"));
        let rect = centered(area, 64, lines.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(Span::styled(" Share the layer version ", theme.warning()))
            .border_style(theme.warning());
        frame.render_widget(Paragraph::new(lines).block(block), rect);
    }
}

fn who(form: &LayerForm) -> String {
    let request = form.request();
    match form.grant {
        LayerGrant::Account => request.principal.unwrap_or_default(),
        LayerGrant::Organisation => format!(
            "organisation {}",
            request.organization_id.unwrap_or_default()
        ),
        LayerGrant::Public => "everyone".into(),
    }
}

fn field_lines(form: &LayerForm, theme: Theme) -> Vec<Line<'static>> {
    let focus_style = |slot: LayerSlot| {
        if form.focus == slot {
            theme.selected(true)
        } else {
            ratatui::style::Style::new()
        }
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {:<LABEL$}", "Who"), focus_style(LayerSlot::Grant)),
        Span::raw(format!(" ◀ {} ▶", form.grant.label())),
    ])];
    for field in form.grant.fields() {
        let (mark, mark_style) = match form.issue_of(*field) {
            Some(_) => ("✗", theme.error()),
            None => ("✓", theme.success()),
        };
        let mut spans = vec![
            Span::styled(
                format!(" {:<LABEL$}", field.member()),
                focus_style(LayerSlot::Text(*field)),
            ),
            Span::raw(" "),
        ];
        spans.extend(value_spans(form, *field));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(mark, mark_style));
        lines.push(Line::from(spans));
    }
    lines
}

/// A field's text, with the cursor drawn (reversed) where it is when the field has the keys.
fn value_spans(form: &LayerForm, field: crate::policy::Field) -> Vec<Span<'static>> {
    let Some(input) = form.input(field) else {
        return Vec::new();
    };
    let value = input.lines().join("");
    if form.focus != LayerSlot::Text(field) {
        return vec![Span::raw(value)];
    }
    let at = input.cursor().1;
    let before: String = value.chars().take(at).collect();
    let under: String = value.chars().nth(at).map_or(" ".into(), String::from);
    let after: String = value.chars().skip(at + 1).collect();
    vec![
        Span::raw(before),
        Span::styled(
            under,
            ratatui::style::Style::new().add_modifier(Modifier::REVERSED),
        ),
        Span::raw(after),
    ]
}

/// Every field's problem in full, the focused field's first (each field's mark says which are
/// wrong; the reasons are all here, not only the focused one's), or Lambda's refusal.
fn message_lines(form: &LayerForm, theme: Theme) -> Vec<Line<'static>> {
    if let Some(error) = &form.server_error {
        return vec![Line::styled(format!("✗ {error}"), theme.error())];
    }
    let mut issues = form.issues();
    if let LayerSlot::Text(field) = form.focus {
        issues.sort_by_key(|i| i.field != field);
    }
    if !issues.is_empty() {
        return issues
            .iter()
            // Each message names its field already.
            .map(|issue| Line::styled(format!("✗ {}", issue.message), theme.error()))
            .collect();
    }
    let lints = form.lints();
    if lints.is_empty() {
        return vec![Line::styled("✓ ready: Ctrl-S shares it", theme.success())];
    }
    lints
        .iter()
        .map(|l| {
            Line::styled(
                format!("{} {}: {}", severity_glyph(l.severity), l.id, l.message),
                theme.severity(l.severity),
            )
        })
        .collect()
}
