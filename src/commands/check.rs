//! `lambda-policy check FILE...`: policy documents checked offline, with no AWS call, as IAM
//! Access Analyzer's custom policy checks do (CheckNoPublicAccess, CheckNoNewAccess,
//! CheckAccessNotGranted) but read by the access engine. Exit 0 when every check passes, 1
//! when one fails (each failing statement named with what it grants), 2 on input that cannot
//! be read as a policy.

use super::output::{json, print};
use super::{CommandError, Exit};
use crate::cli::{CheckArgs, Output};
use crate::policy::action_set::ActionSet;
use crate::policy::caller::{Caller, Trust};
use crate::policy::engine::access_of;
use crate::policy::holder_kind::HolderKind;
use crate::policy::new_access::new_access;
use crate::policy::{Arn, LineIndex, PolicyDocument};
use crate::printable::line;
use serde::Serialize;
use serde_json::Value;

/// One check a document failed, at one statement.
#[derive(Debug, Clone, Serialize)]
struct Failure {
    check: &'static str,
    sid: Option<String>,
    /// 1-based, in the document's order.
    statement: usize,
    /// The line the statement starts on (its Sid, or its opening brace).
    line: usize,
    who: String,
    caller: Caller,
    what: String,
    actions: Vec<String>,
    /// Why, beyond what it grants (a Deny of the old policy that is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Failure {
    fn text(&self) -> String {
        let sid = self
            .sid
            .as_ref()
            .map_or_else(String::new, |sid| format!(" \"{sid}\""));
        let mut text = format!(
            "statement {}{sid} (line {}): {} may {}",
            self.statement, self.line, self.who, self.what
        );
        if let Some(reason) = &self.reason {
            text.push_str(&format!(" ({reason})"));
        }
        text
    }
}

#[derive(Debug, Serialize)]
struct Checked {
    file: String,
    result: &'static str,
    failures: Vec<Failure>,
}

/// A document read and parsed; its text kept to name the lines of what fails.
struct Read {
    name: String,
    text: String,
    document: PolicyDocument,
}

impl Read {
    /// The line each statement starts on (its Sid, or its opening brace), 1-based.
    fn lines(&self) -> Vec<usize> {
        let index = LineIndex::new(&self.text);
        crate::policy::whole_policy::statement_anchors(&self.text)
            .iter()
            .map(|range| index.position(range.start).0 + 1)
            .collect()
    }
}

fn read(file: &std::path::Path) -> Result<Read, CommandError> {
    let (name, text) = super::put::read_document(file)?;
    let document = PolicyDocument::parse(&text)
        .map_err(|e| CommandError::bad_input(format!("{name}: not a policy document: {e}")))?;
    Ok(Read {
        name,
        text,
        document,
    })
}

/// The checks asked for, with what they need.
struct Checks {
    no_public: bool,
    no_external: bool,
    before: Option<PolicyDocument>,
    not_granted: Option<Vec<String>>,
    /// From `--resource`; `None`: each document's own (see [`kind_of`]).
    kind: Option<HolderKind>,
    resource: Option<String>,
    trust: Trust,
}

fn checks_of(args: &CheckArgs) -> Result<Checks, CommandError> {
    let kind = args.resource.as_ref().map(|arn| {
        if arn.contains(":layer:") {
            HolderKind::Layer
        } else {
            HolderKind::Function
        }
    });
    if let Some(arn) = &args.resource
        && Arn::parse(arn).is_none()
    {
        return Err(CommandError::bad_input(format!(
            "--resource {arn}: not an ARN (arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME)"
        )));
    }
    let mut trust = Trust::account(
        args.resource
            .as_deref()
            .and_then(crate::policy::arn::account_of_arn)
            .as_deref(),
    );
    for zone in &args.trust {
        trust.widen(zone);
    }
    let not_granted = if args.access_not_granted.is_empty() {
        None
    } else {
        if let Some(unknown) = args.access_not_granted.iter().find(|a| {
            [HolderKind::Function, HolderKind::Layer]
                .into_iter()
                .filter(|k| kind.is_none_or(|kind| kind == *k))
                .all(|k| !ActionSet::named(std::slice::from_ref(a), k).has_known())
        }) {
            return Err(CommandError::bad_input(format!(
                "--access-not-granted {unknown}: not a Lambda action (lambda:InvokeFunction, lambda:GetLayerVersion, lambda:*)"
            )));
        }
        Some(args.access_not_granted.clone())
    };
    let before = args
        .no_new_access
        .as_deref()
        .map(read)
        .transpose()?
        .map(|r| r.document);
    let any = args.no_public_access || args.no_external_access;
    Ok(Checks {
        // With no check named, the one every policy should pass.
        no_public: args.no_public_access || (!any && before.is_none() && not_granted.is_none()),
        no_external: args.no_external_access,
        before,
        not_granted,
        kind,
        resource: args.resource.clone(),
        trust,
    })
}

/// What a document with no `--resource` is the policy of: a layer version when a statement
/// names a layer ARN, or grants layer-version actions and no function action; else a function.
fn kind_of(document: &PolicyDocument) -> HolderKind {
    let layer = document.statements.iter().any(|s| {
        s.resource
            .iter()
            .chain(&s.not_resource)
            .any(|r| r.contains(":layer:"))
            || (ActionSet::named(&s.action, HolderKind::Layer).has_known()
                && !ActionSet::named(&s.action, HolderKind::Function).has_known())
    });
    if layer {
        HolderKind::Layer
    } else {
        HolderKind::Function
    }
}

fn check_one(read: &Read, checks: &Checks) -> Checked {
    let kind = checks.kind.unwrap_or_else(|| kind_of(&read.document));
    let access = access_of(&read.document, kind, checks.resource.as_deref());
    // Lines are found once a statement fails: most documents pass, and need none.
    let lines = std::cell::OnceCell::new();
    let line_of = |statement: usize| {
        lines
            .get_or_init(|| read.lines())
            .get(statement)
            .copied()
            .unwrap_or(1)
    };
    let failure = |check, reach: &crate::policy::engine::Reach, actions: ActionSet| Failure {
        check,
        sid: reach.sid.clone(),
        statement: reach.statement + 1,
        line: line_of(reach.statement),
        who: reach.caller.words(),
        caller: reach.caller.clone(),
        what: actions.words(reach.url_only),
        actions: actions.names(),
        reason: None,
    };
    let mut failures = Vec::new();
    if checks.no_public {
        failures.extend(
            access
                .public()
                .map(|r| failure("no-public-access", r, r.actions)),
        );
    }
    if checks.no_external {
        failures.extend(access.external(&checks.trust).map(|(r, outside)| Failure {
            reason: Some(format!("outside the zone of trust: {}", outside.join(", "))),
            ..failure("no-external-access", r, r.actions)
        }));
    }
    if let Some(actions) = &checks.not_granted {
        let actions = ActionSet::named(actions, kind);
        failures.extend(
            access
                .granting(actions)
                .map(|r| failure("access-not-granted", r, r.actions.intersection(actions))),
        );
    }
    if let Some(before) = &checks.before {
        for new in new_access(before, &read.document, kind, checks.resource.as_deref()) {
            failures.push(Failure {
                check: "no-new-access",
                sid: new.sid.clone(),
                statement: new.statement + 1,
                line: line_of(new.statement),
                who: new.caller.words(),
                caller: new.caller.clone(),
                what: new.actions.words(new.url_only),
                actions: new.actions.names(),
                reason: new.reason.clone(),
            });
        }
    }
    failures.sort_by_key(|f| (f.statement, f.check));
    Checked {
        file: read.name.clone(),
        result: if failures.is_empty() { "pass" } else { "fail" },
        failures,
    }
}

pub fn run(args: &CheckArgs, output: Output) -> Result<Exit, CommandError> {
    if output == Output::Junit {
        return Err(CommandError::bad_input(
            "--output junit is audit's: check writes table, json or sarif",
        ));
    }
    let checks = checks_of(args)?;
    let checked = check_all(&args.files, &checks)?;
    let failed = checked.iter().any(|c| !c.failures.is_empty());
    match output {
        Output::Table | Output::Junit => print(&table(&checked)),
        Output::Json => print(&json(&serde_json::json!({
            "result": if failed { "fail" } else { "pass" },
            "files": checked,
        }))),
        Output::Sarif => print(&json(&sarif(&checked))),
    }
    Ok(if failed {
        Exit::FindingsOrAws
    } else {
        Exit::Clean
    })
}

/// Every file read and checked, in the order given, on every core: a CI run over a whole
/// repository of policies is bound by the files it reads.
fn check_all(files: &[std::path::PathBuf], checks: &Checks) -> Result<Vec<Checked>, CommandError> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(workers).max(1);
    let results: Vec<Result<Vec<Checked>, CommandError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|f| read(f).map(|d| check_one(&d, checks)))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a check does not panic"))
            .collect()
    });
    let mut checked = Vec::with_capacity(files.len());
    for part in results {
        checked.extend(part?);
    }
    Ok(checked)
}

fn table(checked: &[Checked]) -> String {
    let mut text = String::new();
    for file in checked {
        if file.failures.is_empty() {
            text.push_str(&format!("PASS {}\n", line(&file.file)));
        }
        for failure in &file.failures {
            text.push_str(&format!(
                "FAIL {}: {}: {}\n",
                line(&file.file),
                failure.check,
                line(&failure.text())
            ));
        }
    }
    text
}

/// The rules of `check`, with what each asks.
const RULES: [(&str, &str); 4] = [
    (
        "no-public-access",
        "The policy grants no access to everyone (CheckNoPublicAccess).",
    ),
    (
        "no-new-access",
        "The policy grants nothing the previous policy did not (CheckNoNewAccess).",
    ),
    (
        "access-not-granted",
        "The policy grants none of the named actions (CheckAccessNotGranted).",
    ),
    (
        "no-external-access",
        "The policy grants nothing to callers outside the zone of trust.",
    ),
];

fn sarif(checked: &[Checked]) -> Value {
    let results: Vec<Value> = checked
        .iter()
        .flat_map(|file| {
            file.failures.iter().map(|f| {
                serde_json::json!({
                    "ruleId": f.check,
                    "level": "error",
                    "message": { "text": f.text() },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": file.file },
                            "region": { "startLine": f.line },
                        }
                    }],
                })
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "lambda-policy",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
                "rules": RULES.iter().map(|(id, text)| serde_json::json!({
                    "id": id,
                    "shortDescription": { "text": text },
                    "defaultConfiguration": { "level": "error" },
                })).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    })
}
