//! `lambda-policy edit FUNCTION[:QUALIFIER]`: the whole policy in `$VISUAL` / `$EDITOR`, as
//! `kubectl edit` does. On save the text is checked; with problems it is opened again with them
//! listed at the top (as `//` lines, removed before reading); a valid text is shown as a diff,
//! confirmed and put guarded by the revision read. A put refused because the policy changed
//! opens the text again with the server's new version and the diff above it; saved, it is put
//! guarded by that version. The text is never lost: when nothing is put, the file is kept and
//! named.

use super::output::print;
use super::put::{confirm_losses, lint_lines, resource_arn, review};
use super::{CommandError, split_target};
use crate::cli::EditArgs;
use crate::commands::Exit;
use crate::lambda::FunctionPolicy;
use crate::policy::{Arn, ProblemKind, diff_policies, validate_document};
use crate::session::Session;
use std::io::IsTerminal;
use std::path::Path;

/// What marks the lines this command adds at the top of the file.
const NOTE: &str = "//";

pub async fn run(
    session: &Session,
    args: &EditArgs,
    read_only: bool,
) -> Result<Exit, CommandError> {
    if read_only {
        return Err(CommandError::bad_input(
            "read-only mode (--read-only): edit is disabled; policy --raw shows the document",
        ));
    }
    let (function, qualifier) = split_target(&args.function)?;
    let resource = resource_arn(session, &function, qualifier.as_deref()).await?;
    let arn = Arn::parse(&resource).expect("an ARN built here");
    let mut current = session
        .client
        .get_policy(&function, qualifier.as_deref())
        .await?;
    let original = match &current.document {
        Some(document) => document.pretty(),
        None => crate::policy::whole_policy::template(&resource),
    };
    let file = tempfile::Builder::new()
        .prefix("lambda-policy-edit-")
        .suffix(".json")
        .tempfile()
        .map_err(|e| CommandError::failed(format!("cannot make a file to edit: {e}")))?;
    let path = file.path().to_path_buf();
    let mut text = original.clone();
    let mut notes = Notes::None;
    let mut conflicted = false;
    loop {
        // From here on the text is the user's: whatever fails, the file is kept and named.
        if let Err(e) =
            write(&path, &format!("{}{text}", notes.header())).and_then(|()| open_editor(&path))
        {
            return Err(CommandError {
                code: e.code,
                ..kept(file, &e.message)
            });
        }
        let saved = match crate::files::read_text(&path, super::put::MAX_POLICY_FILE_BYTES) {
            Ok(saved) => saved,
            Err(e) => return Err(kept(file, &format!("cannot read it back: {e}"))),
        };
        let saved = without_notes(&saved);
        let reopened_on_conflict = matches!(notes, Notes::Stale(_));
        // Once the server's version has moved under the text, every later put is over another
        // writer's change, even after a round of problems in between.
        conflicted |= reopened_on_conflict;
        if reopened_on_conflict && saved == text && !args.force {
            // Saving unchanged is the way out of an editor that cannot exit with an error.
            return Err(kept(
                file,
                "the policy changed on the server and your text was saved unchanged, so it was not put over the other writer's change (edit again, or add --force to put it over)",
            ));
        }
        if saved.trim() == original.trim() && !matches!(notes, Notes::Stale(_)) {
            eprintln!("no change: nothing was put");
            return Ok(Exit::Clean);
        }
        if matches!(notes, Notes::Problems(_)) && saved == text {
            return Err(kept(file, "the problems were left as they were"));
        }
        text = saved;
        let problems: Vec<_> = validate_document(&text, &arn)
            .into_iter()
            .filter(|p| p.kind == ProblemKind::Invalid)
            .collect();
        if !problems.is_empty() {
            for problem in &problems {
                eprintln!("{}", crate::printable::line(&problem.located("policy")));
            }
            notes = Notes::Problems(problem_notes(&problems));
            continue;
        }
        let document = match crate::policy::PolicyDocument::parse(&text) {
            Ok(document) => document,
            Err(e) => {
                return Err(CommandError {
                    code: Exit::BadInput,
                    ..kept(file, &format!("the edited policy: {e}"))
                });
            }
        };
        let before = current
            .document
            .clone()
            .unwrap_or_else(crate::policy::PolicyDocument::empty);
        let diff = diff_policies(&before, &document);
        let lints = lint_lines(&document, arn.account_id());
        let access = crate::policy::AccessChange::of_put(
            current.document.as_ref(),
            &document,
            arn.account_id(),
        );
        print(&review(&resource, &current, &diff, &lints, &access));
        // The same document written differently is no change; a new Id or Version is one.
        if diff.is_empty() && document.version == before.version && document.id == before.id {
            eprintln!("no change to the policy: nothing was put");
            return Ok(Exit::Clean);
        }
        let (_, removed, _) = diff.counts();
        // After a conflict --yes answers nothing: only a person, or --force, puts over
        // another writer's change.
        let yes = args.force || (args.yes && !conflicted);
        let refusal = if conflicted {
            "the policy changed on the server: edit puts over another writer's change only when a person confirms, or with --force"
        } else {
            "edit puts only when confirmed: add --yes"
        };
        if conflicted && !yes && !std::io::stdin().is_terminal() {
            // No one can say yes to a put over another writer's change: say so, not --yes.
            return Err(CommandError {
                code: Exit::BadInput,
                ..kept(file, refusal)
            });
        }
        let go = confirm_losses(removed, &resource, yes, false).and_then(|fine| {
            Ok(fine
                && super::confirm::access_confirmed(&access, &resource, yes, false)?
                && super::confirm::confirmed(
                    &format!("put this policy on {resource}?"),
                    refusal,
                    yes,
                )?)
        });
        match go {
            Ok(true) => {}
            Ok(false) => return Err(kept(file, "not confirmed")),
            Err(e) => {
                return Err(CommandError {
                    code: e.code,
                    ..kept(file, &e.message)
                });
            }
        }
        let put = session
            .client
            .put_resource_policy(&resource, &text, current.revision_id.as_deref())
            .await;
        match put {
            Ok(written) => {
                let revision = written.policy.map(|p| p.revision_id).unwrap_or_default();
                print(&format!(
                    "put the policy of {resource}; revision {revision}\n"
                ));
                return Ok(Exit::Clean);
            }
            Err(e) if e.is_aws(crate::policy::ErrorType::PreconditionFailed) => {
                eprintln!(
                    "the policy changed since it was read, so it was not put: your text is opened again, with the new version above it"
                );
                current = match session
                    .client
                    .get_policy(&function, qualifier.as_deref())
                    .await
                {
                    Ok(policy) => policy,
                    Err(e) => {
                        return Err(kept(
                            file,
                            &format!("the policy changed and cannot be read again ({e})"),
                        ));
                    }
                };
                notes = Notes::Stale(stale_notes(&current, &document));
            }
            Err(e) => {
                let reason = e.to_string();
                return Err(kept(file, &reason));
            }
        }
    }
}

/// What the file opens with above the text, as `//` lines.
enum Notes {
    None,
    /// The problems of the text saved last.
    Problems(String),
    /// The policy changed on the server: its new version, and what the text would do to it.
    Stale(String),
}

impl Notes {
    fn header(&self) -> &str {
        match self {
            Notes::None => "",
            Notes::Problems(header) | Notes::Stale(header) => header,
        }
    }
}

/// One note per problem, with line numbers as they will be in the file, below the notes.
fn problem_notes(problems: &[crate::policy::DocumentProblem]) -> String {
    let offset = problems.len() + 1;
    let mut header: String = problems
        .iter()
        .map(|p| {
            // One line per note whatever the message quotes, or the notes would not strip.
            format!(
                "{NOTE} {}:{}: {}\n",
                p.span.line + offset,
                p.span.column,
                crate::printable::line(&p.message)
            )
        })
        .collect();
    header.push_str(&format!(
        "{NOTE} Fix the problems above (lines starting with {NOTE} are removed), or save unchanged to give up.\n"
    ));
    header
}

/// The server's new version and what a put of `mine` would do to it.
fn stale_notes(server: &FunctionPolicy, mine: &crate::policy::PolicyDocument) -> String {
    let revision = server.revision_id.as_deref().unwrap_or("none: no policy");
    let before = server
        .document
        .clone()
        .unwrap_or_else(crate::policy::PolicyDocument::empty);
    let mut lines = vec![
        format!(
            "The policy changed on the server since it was read (now revision {revision}): nothing was put."
        ),
        "Your text is below. Saved unchanged, nothing is put. Changed and saved, it replaces the server's version (asking first); against it, it would:"
            .to_string(),
    ];
    let diff = diff_policies(&before, mine);
    if diff.is_empty() {
        lines.push("  change no statement".into());
    }
    lines.extend(diff.lines().into_iter().map(|l| format!("  {l}")));
    lines.push("The server's version now:".into());
    match &server.document {
        Some(document) => lines.extend(document.pretty().lines().map(|l| format!("  {l}"))),
        None => lines.push("  (no policy)".into()),
    }
    lines.push(format!(
        "Lines starting with {NOTE} are removed. Exit the editor with an error (:cq in vi) to put nothing."
    ));
    lines
        .iter()
        .map(|l| format!("{NOTE} {}\n", crate::printable::line(l)))
        .collect()
}

/// The text without the notes this command put at its top.
fn without_notes(text: &str) -> String {
    text.lines()
        .skip_while(|line| line.starts_with(NOTE))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The file to edit, rewritten in place: its own (0600, never through a link).
fn write(path: &Path, text: &str) -> Result<(), CommandError> {
    crate::files::write(
        path,
        text.as_bytes(),
        crate::files::Access::Private,
        crate::files::Existing::Replace,
    )
    .map_err(|e| CommandError::failed(format!("cannot write the text to edit: {e}")))
}

/// `$VISUAL`, else `$EDITOR`, else `vi`, on `path`; waits for it to exit.
fn open_editor(path: &Path) -> Result<(), CommandError> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let words = shlex::split(&editor)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| {
            CommandError::bad_input(format!("cannot read the editor command {editor:?}"))
        })?;
    let status = std::process::Command::new(&words[0])
        .args(&words[1..])
        .arg(path)
        .status()
        .map_err(|e| CommandError::failed(format!("cannot start the editor {}: {e}", words[0])))?;
    if status.success() {
        Ok(())
    } else {
        Err(CommandError::failed(format!(
            "the editor exited with {status}"
        )))
    }
}

/// The error of an edit that put nothing, with the file kept so the text is not lost.
fn kept(file: tempfile::NamedTempFile, why: &str) -> CommandError {
    match file.keep() {
        Ok((_, path)) => CommandError::failed(format!(
            "{why}: nothing was put; your text is kept in {} (put it with `lambda-policy put FUNCTION {}`)",
            path.display(),
            path.display()
        )),
        Err(e) => CommandError::failed(format!("{why}: nothing was put ({e})")),
    }
}
