//! Keys on the whole-policy editor: type (the text is checked again after every change), jump
//! between findings, read the diff, put after a confirmation, discard after a question.

use super::{set_error, set_info};
use crate::policy::Arn;
use crate::tui::app::{App, Loadable, Overlay};
use crate::tui::effect::Effect;
use crate::tui::policy_editor::{Conflict, EditorStage, PolicyEditor, PromptKind};
use crate::tui::write_confirm::{ConfirmKey, WriteConfirm};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn editor_mut(app: &mut App) -> Option<&mut PolicyEditor> {
    match app.overlays.last_mut() {
        Some(Overlay::Editor(editor)) => Some(editor),
        _ => None,
    }
}

/// `e`: the selected target's whole policy in the editor (read-only in read-only mode).
pub(in crate::tui) fn open(app: &mut App) -> Vec<Effect> {
    let Some(target) = app.selected_target() else {
        set_info(app, "choose a function first");
        return Vec::new();
    };
    let policy = match app.policy(&target) {
        Some(Loadable::Loaded(shown)) => shown.policy.clone(),
        Some(Loadable::Failed(why)) => {
            set_error(
                app,
                format!("the policy of {target} could not be read: {why}"),
            );
            return Vec::new();
        }
        _ => {
            set_info(app, "the policy is still loading");
            return Vec::new();
        }
    };
    let function_arn = app
        .visible_function(app.selected_function.index())
        .map(|f| f.function_arn.clone());
    let resource = function_arn
        .map(|arn| match &target.qualifier {
            Some(q) => format!("{arn}:{q}"),
            None => arn,
        })
        .and_then(|arn| Arn::parse(&arn));
    let Some(resource) = resource else {
        set_error(app, format!("cannot tell the ARN of {target}: r reloads"));
        return Vec::new();
    };
    let url = app.url_state(&target);
    let editor = PolicyEditor::new(
        target,
        resource,
        policy,
        app.context.account.clone(),
        url,
        app.read_only,
    );
    app.overlays.push(Overlay::Editor(Box::new(editor)));
    if app.read_only {
        set_info(app, "read-only mode: the policy opens read-only");
    }
    Vec::new()
}

pub fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    if editor.read_only || editor.stage != EditorStage::Editing {
        return Vec::new();
    }
    // Tabs and carriage returns from a pasted file would not be JSON whitespace the editor
    // shows; the text keeps its lines.
    let clean: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    editor.pending_bracket = None;
    editor.replaced_whole = 0;
    // Checked whatever insert_str says: an empty paste over a selection still deletes it.
    editor.text.insert_str(clean);
    editor.recheck();
    Vec::new()
}

pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    match editor.stage.clone() {
        EditorStage::Putting { .. } => Vec::new(),
        EditorStage::Confirming { .. } => confirm_key(app, key),
        EditorStage::Conflict(conflict) => conflict_key(app, key, conflict),
        EditorStage::Reviewing { .. } => review_key(app, key),
        EditorStage::Prompt { kind, text } => prompt_key(app, key, kind, text),
        EditorStage::AskingDiscard => {
            if key.code == KeyCode::Esc {
                app.overlays.pop();
                set_info(app, "edit discarded: the policy was not changed");
                return Vec::new();
            }
            editor.stage = EditorStage::Editing;
            edit_key(app, key)
        }
        EditorStage::Editing => edit_key(app, key),
    }
}

fn edit_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    let bracket = editor.pending_bracket.take();
    match key.code {
        KeyCode::Esc => {
            if editor.is_changed() && !editor.read_only {
                editor.stage = EditorStage::AskingDiscard;
            } else {
                app.overlays.pop();
            }
            Vec::new()
        }
        KeyCode::F(8) if shift => jump(app, false),
        KeyCode::F(8) => jump(app, true),
        // Shift-F8 as terminals without modifier reports send it.
        KeyCode::F(20) => jump(app, false),
        KeyCode::Char('e') if bracket.is_some() && !ctrl && !alt => {
            let (bracket, typed_at) = bracket.expect("checked above");
            // The bracket went into the text on its way to `]e`: it was a key, not text. It is
            // taken out only if it is still just before the cursor.
            if typed_at == Some(editor.cursor())
                && editor.cursor().1 > 0
                && char_before_cursor(editor) == Some(bracket)
            {
                editor.text.delete_char();
                editor.recheck();
            }
            jump(app, bracket == ']')
        }
        KeyCode::Char('d') if ctrl => review(app, false),
        KeyCode::Char('o') if ctrl => review(app, true),
        KeyCode::Char('s') if ctrl => ask_put(app),
        KeyCode::F(1) => {
            app.overlays.push(Overlay::Help {
                scroll: crate::tui::view_scroll::ViewScroll::TOP,
                first: crate::tui::app::HelpFor::Editor,
            });
            Vec::new()
        }
        KeyCode::Char('r') if ctrl => reload_base(app),
        KeyCode::Char('f') if ctrl => {
            let text = editor.last_search.clone().unwrap_or_default();
            editor.stage = EditorStage::Prompt {
                kind: PromptKind::Search,
                text,
            };
            Vec::new()
        }
        KeyCode::Char('g') if ctrl => {
            editor.stage = EditorStage::Prompt {
                kind: PromptKind::GoToLine,
                text: String::new(),
            };
            Vec::new()
        }
        // Find again, forward (F3) or back (Shift-F3).
        KeyCode::F(3) => {
            let forward = !key.modifiers.contains(KeyModifiers::SHIFT);
            match editor.last_search.clone() {
                Some(needle) if !editor.find(&needle, forward) => {
                    set_info(app, format!("'{needle}' is not in the text"));
                }
                Some(_) => {}
                None => set_info(app, "nothing searched yet: Ctrl-F finds"),
            }
            Vec::new()
        }
        // The first and the last line, as nano and every editor take Ctrl-Home and Ctrl-End.
        KeyCode::Home | KeyCode::End if ctrl => {
            if let Some(editor) = editor_mut(app) {
                editor.text.move_cursor(if key.code == KeyCode::Home {
                    ratatui_textarea::CursorMove::Top
                } else {
                    ratatui_textarea::CursorMove::Bottom
                });
            }
            Vec::new()
        }
        _ => {
            let bracket = match key.code {
                KeyCode::Char(c @ (']' | '[')) if !ctrl && !alt => Some(c),
                _ => None,
            };
            if editor.read_only {
                if let Some(c) = bracket {
                    editor.pending_bracket = Some((c, None));
                } else if is_movement(key) {
                    editor.text.input(key);
                } else {
                    set_info(app, "read-only mode: the policy cannot be changed here");
                }
                return Vec::new();
            }
            if ctrl && key.code == KeyCode::Char('u') && editor.undo_replace() {
                return Vec::new();
            }
            if editor.text.input(key) {
                editor.replaced_whole = 0;
                editor.recheck();
                if let Some(c) = bracket {
                    editor.pending_bracket = Some((c, Some(editor.cursor())));
                }
            }
            Vec::new()
        }
    }
}

/// The character just before the cursor on its line.
fn char_before_cursor(editor: &PolicyEditor) -> Option<char> {
    let (line, column) = editor.cursor();
    editor
        .text
        .lines()
        .get(line)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// Keys that move the cursor without changing the text.
fn is_movement(key: KeyEvent) -> bool {
    matches!(
        key.code,
        KeyCode::Up
            | KeyCode::Down
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End
            | KeyCode::PageUp
            | KeyCode::PageDown
    )
}

fn jump(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    if !editor.jump(forward) {
        set_info(app, "no problems to go to");
    }
    Vec::new()
}

fn review(app: &mut App, server: bool) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    if !server && editor.diff().is_none() {
        let errors = editor.error_count();
        set_error(
            app,
            format!(
                "no diff while the text is not a policy: {errors} problem{} (F8 goes to the next)",
                plural(errors)
            ),
        );
        return Vec::new();
    }
    editor.stage = EditorStage::Reviewing { scroll: 0, server };
    Vec::new()
}

fn review_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    let EditorStage::Reviewing { scroll, server } = &mut editor.stage else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char('s') if ctrl => return ask_put(app),
        KeyCode::Esc | KeyCode::Char('q') => editor.stage = EditorStage::Editing,
        KeyCode::Char('d') if ctrl => editor.stage = EditorStage::Editing,
        KeyCode::Char('o') if ctrl => editor.stage = EditorStage::Editing,
        KeyCode::Tab | KeyCode::BackTab => {
            *server = !*server;
            *scroll = 0;
        }
        KeyCode::Char('j') | KeyCode::Down => *scroll = scroll.saturating_add(1),
        KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10),
        KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
        KeyCode::Char('g') | KeyCode::Home => *scroll = 0,
        _ => {}
    }
    Vec::new()
}

/// The conflict window: `k` keeps my text (put over theirs, after the confirmation), `t` takes
/// theirs, `m` merges their new statements into my text and shows the diff before any put;
/// Esc goes back to my text. The three wait for their version to be read.
fn conflict_key(app: &mut App, key: KeyEvent, conflict: Conflict) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    let choice = match key.code {
        KeyCode::Esc => {
            editor.stage = EditorStage::Editing;
            return Vec::new();
        }
        KeyCode::Char(c @ ('k' | 't' | 'm')) => c,
        _ => return Vec::new(),
    };
    let Some(theirs_added) = conflict.theirs_added.filter(|_| !editor.stale) else {
        set_info(
            app,
            "their version is still being read: the window says when it is here",
        );
        return Vec::new();
    };
    let target = editor.target.clone();
    editor.stage = EditorStage::Editing;
    match choice {
        'k' => {
            let effects = ask_put(app);
            // Over another writer's change: Enter alone must not put it, whatever it changes.
            if let Some(editor) = editor_mut(app)
                && let EditorStage::Confirming { confirm, .. } = &mut editor.stage
            {
                confirm.focus = crate::tui::app::DialogButton::Cancel;
            }
            effects
        }
        't' => {
            editor.take_theirs();
            set_info(
                app,
                format!(
                    "the text is now the server's policy of {target} (Ctrl-U brings yours back)"
                ),
            );
            Vec::new()
        }
        _ => match editor.merge(&theirs_added) {
            Ok(added) => {
                editor.stage = EditorStage::Reviewing {
                    scroll: 0,
                    server: false,
                };
                set_info(
                    app,
                    format!(
                        "{added} of their statement{} added to your text: the diff is what a put does now; Ctrl-S puts it, Esc edits",
                        plural(theirs_added.len())
                    ),
                );
                Vec::new()
            }
            Err(why) => {
                set_error(app, format!("cannot merge: {why}"));
                Vec::new()
            }
        },
    }
}

/// Ctrl-S: only a valid document is put, and only after the confirmation.
fn ask_put(app: &mut App) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    if editor.read_only {
        set_error(
            app,
            "read-only mode: nothing is put (start without --read-only to write)",
        );
        return Vec::new();
    }
    if editor.stale {
        set_info(
            app,
            "the server's new version is still on its way: Ctrl-S once it is here (the message below says so)",
        );
        return Vec::new();
    }
    // What is put is judged on the text as it is now, not on findings of an earlier text.
    editor.recheck();
    let errors = editor.error_count();
    let Some(diff) = editor.diff().filter(|_| errors == 0) else {
        set_error(
            app,
            format!(
                "{errors} problem{} to fix before the policy can be put (F8 goes to the next)",
                plural(errors)
            ),
        );
        return Vec::new();
    };
    if diff.is_empty() && !editor.is_changed() {
        set_info(app, "nothing to put: the text is the server's policy");
        return Vec::new();
    }
    let (_, removed, _) = diff.counts();
    // A put that takes statements away, or adds access beyond the account, starts on Cancel:
    // Enter alone must not lose them or let anyone in; a public one needs the name typed.
    let confirm = WriteConfirm::new(editor.access_change(), &editor.target.function, removed > 0);
    editor.stage = EditorStage::Confirming { diff, confirm };
    // What the line said of an earlier text (problems since mended) no longer holds.
    app.status = None;
    Vec::new()
}

/// A key on the line below the text: typed into it, Enter finds (or goes to the line), Esc
/// goes back to the text.
fn prompt_key(app: &mut App, key: KeyEvent, kind: PromptKind, mut text: String) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Esc => editor.stage = EditorStage::Editing,
        KeyCode::Backspace => {
            text.pop();
            editor.stage = EditorStage::Prompt { kind, text };
        }
        KeyCode::Char(c) if plain && !c.is_control() => {
            text.push(c);
            editor.stage = EditorStage::Prompt { kind, text };
        }
        KeyCode::Enter => {
            editor.stage = EditorStage::Editing;
            match kind {
                PromptKind::Search => {
                    editor.last_search = (!text.is_empty()).then(|| text.clone());
                    if !text.is_empty() && !editor.find(&text, true) {
                        set_info(app, format!("'{text}' is not in the text"));
                    }
                }
                PromptKind::GoToLine => match text.trim().parse::<usize>() {
                    Ok(line) if line >= 1 => {
                        let last = editor.text.lines().len();
                        let row = line.min(last) - 1;
                        editor.text.move_cursor(ratatui_textarea::CursorMove::Jump(
                            u16::try_from(row).unwrap_or(u16::MAX),
                            0,
                        ));
                    }
                    _ => set_info(app, format!("'{text}' is not a line number")),
                },
            }
        }
        _ => {}
    }
    Vec::new()
}

fn confirm_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    let EditorStage::Confirming { diff, confirm } = &mut editor.stage else {
        return Vec::new();
    };
    match confirm.on_key(key.code) {
        ConfirmKey::Asking => Vec::new(),
        ConfirmKey::Cancelled => {
            editor.stage = EditorStage::Editing;
            Vec::new()
        }
        ConfirmKey::NameNeeded(text) => {
            set_error(app, text);
            Vec::new()
        }
        ConfirmKey::Confirmed => {
            let counts = diff.counts();
            editor.stage = EditorStage::Putting { counts };
            let effect = Effect::PutResourcePolicy {
                target: editor.target.clone(),
                resource: editor.resource.to_string(),
                text: editor.document_text(),
                revision_id: editor.base.revision_id.clone(),
            };
            let target = editor.target.clone();
            set_info(app, format!("putting the policy of {target}…"));
            vec![effect]
        }
    }
}

/// Ctrl-R: the server's policy read again, to be the one the edit is against.
fn reload_base(app: &mut App) -> Vec<Effect> {
    let Some(editor) = editor_mut(app) else {
        return Vec::new();
    };
    editor.stale = true;
    let target = editor.target.clone();
    set_info(app, format!("reading the policy of {target} again…"));
    vec![app.request_policy(target)]
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
