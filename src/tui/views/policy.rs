//! The policy pane: a table of statements with their lints in place, and the details of the
//! selected one. "No resource policy" is a state, not an error.

use super::fit;
use crate::policy::{Lint, Severity};
use crate::tui::app::{App, Loadable, Pane};
use crate::tui::theme::{Theme, severity_glyph};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    draw_pane(app, theme, frame, area);
    if app.shown().pending {
        super::dim_stale(frame, area);
    }
}

/// The pane's title: what is shown, whether it is stale or changed, its revision and size, and
/// its URL.
fn title(app: &App, theme: Theme) -> Line<'static> {
    let shown = app.shown();
    let target = shown.target.clone();
    let mut title = vec![Span::styled(" Policy ", theme.title())];
    if let Some(t) = &target {
        title.push(Span::raw(format!("{t} ")));
    }
    if shown.pending {
        // Said once, not animated: moving through the list redraws nothing on every tick.
        title.push(Span::styled(super::stale_title(app), theme.warning()));
    }
    if target.as_ref().is_some_and(|t| app.revisions.is_changed(t)) && !shown.pending {
        title.push(Span::styled("changed since shown ", theme.warning()));
    }
    let loaded = target.as_ref().and_then(|t| app.policy(t));
    if let Some(Loadable::Loaded(policy)) = loaded
        && let Some(revision) = &policy.revision_id
    {
        title.push(Span::styled(
            format!(
                "rev {} · {} B ",
                revision.chars().take(8).collect::<String>(),
                policy.size_bytes()
            ),
            theme.dim(),
        ));
    }
    if let Some(auth_type) = target.as_ref().and_then(|t| app.url_auth_type(t)) {
        let style = if auth_type == "NONE" {
            theme.warning()
        } else {
            theme.dim()
        };
        title.push(Span::styled(format!("URL {auth_type} "), style));
    }
    Line::from(title)
}

fn draw_pane(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Policy;
    let shown = app.shown();
    let target = shown.target.clone();
    let loaded = target.as_ref().and_then(|t| app.policy(t));
    let block = super::pane(theme, focused, title(app, theme));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let qualifiers_failed = matches!(
        shown.qualifiers,
        Some(crate::tui::app::Qualifiers {
            rows: Loadable::Failed(_),
            ..
        })
    );
    let policy = match loaded {
        // Never asked for: the function's qualifiers could not be read, so nothing is on its
        // way (a spinner would run for ever).
        None if qualifiers_failed => {
            let text = Line::styled(
                "not read: the function's versions and aliases could not be read — r retries",
                theme.dim(),
            );
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
            return;
        }
        // not asked for yet (the selection is settling) or on its way: the same placeholder
        None | Some(Loadable::Loading) => {
            if target.is_some() {
                frame.render_widget(Paragraph::new(super::loading(app, theme)), inner);
            }
            return;
        }
        Some(Loadable::Failed(error)) => {
            let text = Line::styled(format!("✗ {error} — r retries"), theme.error());
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
            return;
        }
        Some(Loadable::Loaded(policy)) => policy,
    };
    let Some(document) = &policy.document else {
        let mut text = vec![
            Line::styled(
                "No resource policy",
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Line::raw(""),
        ];
        text.push(Line::styled(
            "Nothing may invoke this through a resource-based grant.",
            theme.dim(),
        ));
        if !app.read_only {
            text.push(Line::from(vec![
                Span::styled("a", theme.key()),
                Span::raw(" adds a permission"),
            ]));
        }
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        return;
    };
    draw_table(
        app,
        theme,
        frame,
        inner,
        document,
        (&policy.lints, &policy.grants),
        focused,
    );
}

/// The statements, a row each with its worst lint, and the selected one's details below.
fn draw_table(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    inner: Rect,
    document: &crate::policy::PolicyDocument,
    (lints, grants): (&[Vec<Lint>], &[crate::policy::access::Grant]),
    focused: bool,
) {
    let shown = app.shown();
    let target = shown.target.clone();
    // The focused pane's details grow (as lazygit's focused pane does): a statement is read
    // whole there at 80x24.
    let detail_height = if focused {
        (inner.height * 2 / 3).clamp(3, 16)
    } else {
        (inner.height / 2).clamp(3, 9)
    };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(detail_height)]).areas(inner);
    let width = table_area.width as usize;
    let cells: Vec<(String, String)> = document
        .statements
        .iter()
        .map(|statement| {
            let effect = if statement.effect == crate::policy::Effect::Deny {
                "DENY "
            } else {
                ""
            };
            let principal = match (&statement.principal, &statement.not_principal) {
                (Some(p), _) => short_principal(&p.short()),
                (None, Some(p)) => format!("NOT {}", short_principal(&p.short())),
                (None, None) => "-".into(),
            };
            let actions = |list: &[String]| {
                list.iter()
                    .map(|a| short_action(a))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let action = if statement.action.is_empty() {
                format!("Not {}", actions(&statement.not_action))
            } else {
                actions(&statement.action)
            };
            (format!("{effect}{principal}"), action)
        })
        .collect();
    let sids: Vec<String> = document
        .statements
        .iter()
        .map(|s| s.sid.clone().unwrap_or_else(|| "(no Sid)".into()))
        .collect();
    let (sid_w, principal_w, action_w) = column_widths(&sids, &cells, width);
    let mut lines = vec![Line::styled(
        format!(
            "  {:<sid_w$} {:<principal_w$} {:<action_w$}",
            "Sid", "Principal", "Action"
        ),
        theme.dim().add_modifier(Modifier::BOLD),
    )];
    let rows = table_area.height.saturating_sub(1) as usize;
    let offset = app.scroll.statements.offset(
        shown.selected_statement.index(),
        rows,
        document.statements.len(),
    );
    let highlight = app
        .highlight
        .as_ref()
        .filter(|(t, _)| Some(t) == target.as_ref())
        .map(|(_, s)| s.as_str());
    let shown_sids = super::fit_distinct(&sids, sid_w);
    for (i, statement) in document
        .statements
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
    {
        let statement_lints = lints.get(i).map(Vec::as_slice).unwrap_or_default();
        let worst = statement_lints.iter().map(|l| l.severity).max();
        let sid = statement.sid.clone().unwrap_or_else(|| "(no Sid)".into());
        let new = highlight == Some(sid.as_str());
        // The lint's glyph and the new mark each have a column: one never hides the other.
        let (glyph, glyph_style) = match worst {
            Some(s) => (severity_glyph(s), theme.severity(s)),
            None => (" ", Style::new()),
        };
        let mark = if new {
            Span::styled("+", theme.success())
        } else {
            Span::raw(" ")
        };
        let (principal, action) = &cells[i];
        let selected = shown.selected_statement.is(i);
        let line = Line::from(vec![
            Span::styled(glyph, glyph_style),
            mark,
            Span::raw(format!("{:<sid_w$} ", shown_sids[i])),
            Span::raw(format!("{:<principal_w$} ", fit(principal, principal_w))),
            Span::raw(fit(action, action_w)),
        ]);
        let line = if selected {
            line.style(theme.selected(focused))
        } else if new {
            line.style(theme.success())
        } else {
            line
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), table_area);
    if let Some(statement) = document.statements.get(shown.selected_statement.index()) {
        let statement_lints = lints
            .get(shown.selected_statement.index())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let url = target.as_ref().and_then(|t| app.url_of(t));
        let index = shown.selected_statement.index();
        let access: Vec<_> = grants
            .iter()
            .filter(|g| g.statement == index && g.effect == "allow")
            .collect();
        // The statement's own resource is said as such, not as a 60-character ARN.
        let own_arn = target.as_ref().map(|t| {
            format!(
                ":{}:function:{t}",
                app.context.account.as_deref().unwrap_or("")
            )
        });
        draw_detail(
            theme,
            frame,
            detail_area,
            (statement, statement_lints, &access),
            (url, own_arn.as_deref()),
        );
    }
}

/// The widths of the Sid, principal and action columns in `width`: each as wide as its longest
/// text, up to its share; the principal, the most telling, takes what the others leave, and
/// room it does not need goes back to the action, then the Sid.
fn column_widths(
    sids: &[String],
    cells: &[(String, String)],
    width: usize,
) -> (usize, usize, usize) {
    let longest = |texts: &mut dyn Iterator<Item = &String>| {
        texts.map(|t| t.chars().count()).max().unwrap_or(0)
    };
    let sid_need = longest(&mut sids.iter()).max(6);
    let action_need = longest(&mut cells.iter().map(|(_, a)| a)).max(6);
    let principal_need = longest(&mut cells.iter().map(|(p, _)| p)).max(9);
    let mut sid_w = sid_need.min((width * 30 / 100).max(6));
    let mut action_w = action_need.min((width * 25 / 100).max(6));
    let mut spare = width
        .saturating_sub(4 + sid_w + action_w)
        .saturating_sub(principal_need);
    for (column, need) in [(&mut action_w, action_need), (&mut sid_w, sid_need)] {
        let more = need.saturating_sub(*column).min(spare);
        *column += more;
        spare -= more;
    }
    (sid_w, width.saturating_sub(4 + sid_w + action_w), action_w)
}

fn draw_detail(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    (statement, lints, access): (
        &crate::policy::Statement,
        &[Lint],
        &[&crate::policy::access::Grant],
    ),
    (url, own_arn): (Option<&crate::tui::app::UrlSummary>, Option<&str>),
) {
    let mut lines = Vec::new();
    // What the statement lets whom do, in words (A shows the whole policy's); its conditions
    // are listed below, so the line says who and what only.
    for grant in access {
        let (mark, style) = if grant.public {
            (
                " [PUBLIC]".to_string(),
                theme.error().add_modifier(Modifier::BOLD),
            )
        } else if !grant.external.is_empty() {
            (
                format!(" [EXTERNAL: {}]", grant.external.join(", ")),
                theme.warning(),
            )
        } else {
            (String::new(), theme.dim())
        };
        lines.push(Line::styled(
            format!("= {} may {}{mark}", grant.who, grant.what),
            style,
        ));
    }
    for lint in lints {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {} ", severity_glyph(lint.severity), lint.id.badge()),
                theme.severity(lint.severity).add_modifier(Modifier::BOLD),
            ),
            Span::styled(lint.message.clone(), theme.severity(lint.severity)),
        ]));
    }
    // Who and what in full, where the table row cannot say it: a Deny, several principals or
    // actions, NotPrincipal or NotAction. A plain AddPermission statement fits its row, and
    // its lines stay free for the lints and the URL on a 24-row terminal.
    // Who and what in full: the table's cells are abbreviated.
    push_who_and_what(theme, &mut lines, statement);
    if statement.conditions.is_empty() {
        lines.push(Line::styled("  no conditions", theme.dim()));
    }
    for c in &statement.conditions {
        lines.push(Line::from(vec![
            Span::styled("  if ", theme.dim()),
            Span::raw(format!(
                "{} {} = {}",
                c.operator,
                c.key,
                c.values.join(" | ")
            )),
        ]));
    }
    // Wrapped, never cut: the end of an ARN or a URL is what tells it apart.
    for resource in &statement.resource {
        let this = own_arn.is_some_and(|own| resource.ends_with(own));
        let on = if this {
            "this function".to_string()
        } else {
            resource.clone()
        };
        lines.push(Line::styled(format!("  on {on}"), theme.dim()));
    }
    for resource in &statement.not_resource {
        lines.push(Line::styled(
            format!("  on all but {resource}"),
            theme.dim(),
        ));
    }
    if let Some(url) = url {
        lines.push(Line::styled(
            format!("  URL {} {}", url.auth_type, url.url),
            theme.dim(),
        ));
    }
    super::draw_details(frame, theme, area, lines);
}

/// An action for a narrow cell: `lambda:` said once by the column, so `InvokeFunctionUrl` and
/// `InvokeFunction` stay told apart at 80 columns.
fn short_action(action: &str) -> &str {
    match action.split_once(':') {
        Some((service, name)) if service.eq_ignore_ascii_case("lambda") => name,
        _ => action,
    }
}

/// A principal for a narrow cell: an account's root ARN as its id, an IAM or STS ARN without
/// the `arn:aws:iam::` every one of them starts with.
fn short_principal(principal: &str) -> String {
    let text = principal
        .replace("arn:aws:iam::", "")
        .replace("arn:aws:sts::", "sts:");
    match text.strip_suffix(":root") {
        Some(account) => account.to_string(),
        None => text,
    }
}

/// `DENY who` / `allow who`, then `to what`, each in full.
fn push_who_and_what(
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
    statement: &crate::policy::Statement,
) {
    let (effect, effect_style) = match statement.effect {
        crate::policy::Effect::Deny => (
            "DENY ",
            theme.severity(Severity::Error).add_modifier(Modifier::BOLD),
        ),
        crate::policy::Effect::Allow => ("allow ", theme.dim()),
    };
    let who = match (&statement.principal, &statement.not_principal) {
        (Some(p), _) => p.summary(),
        (None, Some(p)) => format!("everyone but {}", p.summary()),
        (None, None) => "-".into(),
    };
    lines.push(Line::from(vec![
        Span::styled(format!("  {effect}"), effect_style),
        Span::raw(who),
    ]));
    let what = if statement.action.is_empty() {
        format!("every action but {}", statement.not_action.join(", "))
    } else {
        statement.action.join(", ")
    };
    lines.push(Line::from(vec![
        Span::styled("  to ", theme.dim()),
        Span::raw(what),
    ]));
}
