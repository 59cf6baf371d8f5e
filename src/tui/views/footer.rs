//! The hint line (the keys that work here) and the status line (what just happened).

use crate::tui::app::{App, Overlay, Pane, StatusKind};
use crate::tui::keymap::{self, Action};
use crate::tui::layer_browser::Browsing;
use crate::tui::policy_editor::{EditorStage, PolicyEditor};
use crate::tui::theme::{SPINNER, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The hints that fit in `width`, in order of importance.
fn keys(pairs: &[(&str, &str)], theme: Theme, width: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, what) in pairs {
        let len = key.chars().count() + what.chars().count() + 3;
        if used + len > width {
            break;
        }
        used += len;
        spans.push(Span::styled(key.to_string(), theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

pub fn draw_hints(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let pairs: Vec<(&str, &str)> = match app.overlays.last() {
        Some(Overlay::Form(form))
            if matches!(form.stage, crate::tui::form::Stage::Confirming(_)) =>
        {
            vec![
                ("Tab", "switch"),
                ("Enter", "choose"),
                ("Esc", "back to the form"),
            ]
        }
        Some(Overlay::Form(_)) => vec![
            ("Tab", "next"),
            ("^S", "submit"),
            ("^P", "preview"),
            ("^Y", "copy"),
            ("Esc", "close"),
            ("F1", "keys"),
        ],
        Some(Overlay::Editor(editor)) => editor_hints(editor),
        Some(Overlay::LayerForm(form))
            if matches!(
                form.stage,
                crate::tui::layer_form::LayerFormStage::Confirming(_)
            ) =>
        {
            vec![("Tab", "switch"), ("Enter", "choose"), ("Esc", "back")]
        }
        Some(Overlay::LayerForm(_)) => vec![
            ("Tab", "next"),
            ("← →", "who"),
            ("^S", "share"),
            ("Esc", "close"),
        ],
        Some(Overlay::PolicyJson { .. }) => vec![("j/k", "scroll"), ("y", "copy"), ("Esc", "back")],
        Some(Overlay::Access { .. }) => vec![("j/k", "scroll"), ("Esc", "back")],
        Some(Overlay::ConfirmRemove(_)) => {
            vec![("Tab", "switch"), ("Enter", "choose"), ("Esc", "cancel")]
        }
        Some(_) => vec![("Esc", "close")],
        None if app.filter_editing => vec![("type", "filter"), ("Enter", "keep"), ("Esc", "clear")],
        None => browse_hints(app),
    };
    frame.render_widget(
        Paragraph::new(keys(&pairs, theme, area.width as usize)),
        area,
    );
}

/// The browsing screens' hints, from the keymap in its order, those that apply here.
/// The actions the footer names first for the focused pane: what is done to what is selected
/// there.
fn pane_first(focus: Pane) -> &'static [Action] {
    match focus {
        Pane::Functions => &[Action::Move(1), Action::Filter, Action::Open],
        Pane::Qualifiers => &[Action::Open, Action::Add, Action::Edit, Action::Access],
        Pane::Policy => &[
            Action::Add,
            Action::Remove,
            Action::Edit,
            Action::Fix,
            Action::Access,
            Action::Open,
        ],
    }
}

fn browse_hints(app: &App) -> Vec<(&'static str, &'static str)> {
    let layers = app.browsing == Browsing::Layers;
    // The focused pane's own actions first, then the rest in the usual order, each once.
    let mut order: Vec<Action> = pane_first(app.focus).to_vec();
    order.extend(
        keymap::HINT_ORDER
            .into_iter()
            .filter(|a| !pane_first(app.focus).contains(a)),
    );
    order
        .into_iter()
        .filter(|action| match action {
            Action::Add => !app.read_only,
            Action::Remove => !app.read_only && app.focus == Pane::Policy,
            Action::Edit => !layers && app.focus != Pane::Functions,
            Action::Copy => !layers,
            Action::Filter => !layers,
            Action::Fix => !layers && !app.read_only && app.selected_fix().is_some(),
            _ => true,
        })
        .filter_map(|action| {
            let (key, word) = keymap::binding(action).hint?;
            // The same keys say what they do on the layers screen.
            let word = match (layers, action) {
                (true, Action::Add) => "share",
                (true, Action::Layers) => "functions",
                _ => word,
            };
            Some((key, word))
        })
        .collect()
}

fn editor_hints(editor: &PolicyEditor) -> Vec<(&'static str, &'static str)> {
    match editor.stage {
        EditorStage::Reviewing { .. } => vec![
            ("j/k", "scroll"),
            ("Tab", "diff/server"),
            ("^S", "put"),
            ("Esc", "back"),
        ],
        EditorStage::Confirming { .. } => {
            vec![("Tab", "switch"), ("Enter", "choose"), ("Esc", "cancel")]
        }
        EditorStage::Putting { .. } => vec![("", "putting…")],
        EditorStage::Prompt { .. } => vec![("Enter", "go"), ("Esc", "back")],
        EditorStage::Conflict(_) => vec![
            ("k", "keep mine"),
            ("t", "take theirs"),
            ("m", "merge"),
            ("Esc", "back"),
        ],
        _ if editor.read_only => vec![
            ("F8", "next problem"),
            ("^D", "diff"),
            ("^O", "server"),
            ("Esc", "close"),
        ],
        _ => vec![
            ("^S", "put"),
            ("F8/S-F8", "next/prev problem"),
            ("^D", "diff"),
            ("^O", "server"),
            ("^U", "undo"),
            ("Esc", "close"),
        ],
    }
}

/// Whether the status is an error longer than one line of `width`.
pub fn status_needs_two_lines(app: &App, width: u16) -> bool {
    app.status.as_ref().is_some_and(|status| {
        status.kind == StatusKind::Error
            && !app.functions.loading
            && unicode_width::UnicodeWidthStr::width(crate::printable::line(&status.text).as_ref())
                > usize::from(width).saturating_sub(3)
    })
}

pub fn draw_status(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    if let Some(status) = &app.status {
        let (glyph, style) = match status.kind {
            StatusKind::Error => ("✗ ", theme.error()),
            StatusKind::Success => ("✓ ", theme.success()),
            StatusKind::Info => ("· ", theme.info()),
        };
        // A message longer than its lines is cut visibly, and says where the whole of it is.
        let room = (area.width as usize * area.height as usize).saturating_sub(3);
        let whole = crate::printable::line(&status.text);
        let text = if unicode_width::UnicodeWidthStr::width(whole.as_ref()) <= room {
            whole.into_owned()
        } else {
            const MORE: &str = " (:messages)";
            format!(
                "{}{MORE}",
                super::fit(&whole, room.saturating_sub(MORE.len()))
            )
        };
        spans.push(Span::styled(format!(" {glyph}{text}"), style));
    }
    // The listing's progress; the panes show their own loading, so a keystroke that loads a
    // function's policies does not also rewrite this line.
    if app.functions.loading {
        let text = format!(
            "{} loading functions ({})",
            SPINNER[app.spinner % SPINNER.len()],
            app.functions.items.len()
        );
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let pad = (area.width as usize).saturating_sub(used + text.chars().count() + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(text, theme.dim()));
    }
    if area.height > 1 {
        // Cut at the width, not at words: the text was fitted to exactly these cells.
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        let style = spans.first().map(|s| s.style).unwrap_or_default();
        let lines: Vec<Line> = hard_wrap(&text, usize::from(area.width))
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `text` in lines of at most `width` cells.
fn hard_wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width.max(1) {
            lines.push(String::new());
            used = 0;
        }
        used += w;
        lines.last_mut().expect("one line at least").push(c);
    }
    lines
}
