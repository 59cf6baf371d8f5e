//! A whole IAM resource policy, checked the way Lambda checks one before `PutResourcePolicy`:
//! every problem at once, each with the span of the text it concerns and a message that names
//! the statement (by Sid, or by position) and the member: enough for an editor to underline
//! and for a command to print as `FILE:LINE:COL: message`.
//!
//! What Lambda refuses is inferred from the model and the IAM grammar (docs/WHOLE_POLICIES.md);
//! it lives here and nowhere else, so a correction is made in one place.

use super::arn::Arn;
use super::condition_operator::{case_hint as hint, unknown_operator};
use super::iam_wildcard::wildcard_match;
use super::lambda_actions::actions_matching;
use super::patterns::NAMESPACED_STATEMENT_ID_RE;
use super::statement::MAX_POLICY_BYTES;
use super::text_span::{LineIndex, TextSpan};
use jsonc_parser::ast::{Object, ObjectProp, ObjectPropName, Value};
use jsonc_parser::common::Range;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use std::collections::HashMap;
use std::fmt;

pub const POLICY_VERSIONS: [&str; 2] = ["2012-10-17", "2008-10-17"];
const STATEMENT_MEMBERS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const PRINCIPAL_KINDS: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Lambda refuses the document.
    Invalid,
    /// Lambda accepts it, but it does not do what it seems to (an action that does not exist).
    Suspicious,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentProblem {
    pub span: TextSpan,
    pub kind: ProblemKind,
    pub message: String,
}

impl DocumentProblem {
    /// `FILE:LINE:COL: message`, as compilers print a problem.
    pub fn located(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}",
            self.span.line, self.span.column, self.message
        )
    }
}

impl fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a check of a whole document found: every problem, and, read in the same pass, the
/// JSON value (when the text is JSON) and where each statement starts (for findings about a
/// whole statement, such as the lints).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedDocument {
    pub problems: Vec<DocumentProblem>,
    pub value: Option<serde_json::Value>,
    /// Per statement, in order: the byte range of its Sid's value, or of its opening brace.
    pub statement_anchors: Vec<std::ops::Range<usize>>,
}

/// A starting point for a resource without a policy: one statement to edit (`edit` and the
/// TUI's editor open it).
pub fn template(resource: &str) -> String {
    let document = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "example",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "lambda:InvokeFunction",
            "Resource": resource,
        }],
    });
    serde_json::to_string_pretty(&document).expect("a document prints") + "\n"
}

/// Every problem of `text` as the policy of `resource` (a function, version or alias ARN), in
/// the order of the text.
pub fn validate_document(text: &str, resource: &Arn) -> Vec<DocumentProblem> {
    check_document(text, resource).problems
}

/// [`validate_document`], and what the same pass read of the text.
pub fn check_document(text: &str, resource: &Arn) -> CheckedDocument {
    let mut checker = Checker {
        text,
        index: LineIndex::new(text),
        resource: resource.to_string(),
        problems: Vec::new(),
    };
    let mut value = None;
    let mut statement_anchors = Vec::new();
    if let Some((root, json, compact_len)) = checker.parse() {
        checker.document(&root);
        if compact_len > MAX_POLICY_BYTES {
            checker.invalid(
                Range::new(0, text.len().min(1)),
                format!(
                    "the policy is {compact_len} bytes as Lambda stores it (compact JSON); \
                     the limit is {MAX_POLICY_BYTES}"
                ),
            );
        }
        statement_anchors = anchors(&root);
        value = Some(json);
    }
    checker.problems.sort_by_key(|p| (p.span.start, p.span.end));
    CheckedDocument {
        problems: checker.problems,
        value,
        statement_anchors,
    }
}

/// A JSON syntax error said where the user must change the text, in words: a comma missing
/// after a value is reported at that value's end (the parser stops at the next line), a string
/// left open on the line it is left open on. Other errors keep the parser's words and place.
fn in_words(text: &str, line: usize, column: usize, reason: &str) -> (usize, usize, String) {
    if reason.starts_with("control character") && reason.contains("while parsing a string") {
        return (
            line,
            column,
            "a string is not closed: its closing \" is missing on this line".into(),
        );
    }
    if reason.starts_with("expected `,` or `}`") || reason.starts_with("expected `,` or `]`") {
        // The end of the last value before where the parser stopped.
        let lines: Vec<&str> = text.lines().collect();
        let upto = |l: usize, c: usize| -> Option<(usize, usize)> {
            let mut l = l;
            let mut bound = Some(c.saturating_sub(1));
            loop {
                let content = lines.get(l.checked_sub(1)?)?;
                let prefix = match bound {
                    Some(b) => content.get(..b.min(content.len())).unwrap_or(content),
                    None => content,
                };
                let trimmed = prefix.trim_end();
                if !trimmed.is_empty() {
                    return Some((l, trimmed.len() + 1));
                }
                l -= 1;
                bound = None;
            }
        };
        if let Some((at_line, at_column)) = upto(line, column) {
            let closer = if reason.contains('}') { '}' } else { ']' };
            return (
                at_line,
                at_column,
                format!(
                    "a comma is missing after this value (or a {closer} to close what it is in)"
                ),
            );
        }
    }
    (line, column, reason.to_string())
}

/// Where each statement of `text` starts (its Sid, or its opening brace), without checking
/// anything: for a report that names lines only of the statements it flags.
pub fn statement_anchors(text: &str) -> Vec<std::ops::Range<usize>> {
    match parse_to_ast(text, &CollectOptions::default(), &strict_json()) {
        Ok(parsed) => parsed.value.as_ref().map(anchors).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// Where each statement starts: its Sid when it has one, else its opening brace.
fn anchors(root: &Value) -> Vec<std::ops::Range<usize>> {
    let Value::Object(root) = root else {
        return Vec::new();
    };
    let statements: Vec<&Value> = match root.get("Statement").map(|p| &p.value) {
        Some(value @ Value::Object(_)) => vec![value],
        Some(Value::Array(array)) => array.elements.iter().collect(),
        _ => return Vec::new(),
    };
    statements
        .into_iter()
        .map(|statement| {
            let range = match statement {
                Value::Object(object) => object
                    .get("Sid")
                    .map(|p| range_of(&p.value))
                    .unwrap_or(Range::new(object.range.start, object.range.start + 1)),
                other => range_of(other),
            };
            range.start..range.end
        })
        .collect()
}

struct Checker<'t> {
    text: &'t str,
    index: LineIndex<'t>,
    resource: String,
    problems: Vec<DocumentProblem>,
}

/// How a message names the statement: by Sid when it has a usable one.
struct Where {
    label: String,
}

impl Where {
    fn member(&self, member: &str) -> String {
        format!("{}, {member}", self.label)
    }
}

impl<'t> Checker<'t> {
    fn invalid(&mut self, range: Range, message: String) {
        self.push(range, ProblemKind::Invalid, message);
    }

    fn suspicious(&mut self, range: Range, message: String) {
        self.push(range, ProblemKind::Suspicious, message);
    }

    fn push(&mut self, range: Range, kind: ProblemKind, message: String) {
        self.problems.push(DocumentProblem {
            span: self.index.span(range.start, range.end),
            kind,
            message,
        });
    }

    /// The syntax tree and the compact size, or `None` after reporting why there is none.
    /// serde_json decides what JSON is (it is what the wire uses); jsonc-parser, held to plain
    /// JSON, gives the ranges.
    fn parse(&mut self) -> Option<(Value<'t>, serde_json::Value, usize)> {
        let value: serde_json::Value = match serde_json::from_str(self.text) {
            Ok(value) => value,
            Err(error) => {
                let reason = error.to_string();
                let reason = reason
                    .rsplit_once(" at line ")
                    .map_or(reason.as_str(), |(head, _)| head);
                let (line, column, words) =
                    in_words(self.text, error.line(), error.column(), reason);
                self.problems.push(DocumentProblem {
                    span: TextSpan::at_byte_column(self.text, line, column),
                    kind: ProblemKind::Invalid,
                    message: format!("not valid JSON: {words}"),
                });
                return None;
            }
        };
        let compact_len = super::statement::stored_form(&value).len();
        match parse_to_ast(self.text, &CollectOptions::default(), &strict_json()) {
            Ok(parsed) => parsed.value.map(|root| (root, value, compact_len)),
            Err(error) => {
                let range = error.range();
                self.invalid(range, format!("not valid JSON: {}", error.kind()));
                None
            }
        }
    }

    fn document(&mut self, root: &Value<'t>) {
        let Value::Object(object) = root else {
            self.invalid(
                range_of(root),
                "the policy must be a JSON object with Version and Statement".into(),
            );
            return;
        };
        let members = self.members(object, "the policy");
        for prop in &members {
            let name = prop_name(prop);
            match name.as_str() {
                "Version" => match prop.value.as_string_lit() {
                    Some(v) if POLICY_VERSIONS.contains(&v.value.as_ref()) => {}
                    _ => self.invalid(
                        range_of(&prop.value),
                        "Version must be \"2012-10-17\" (or the older \"2008-10-17\")".into(),
                    ),
                },
                "Id" => {
                    if prop.value.as_string_lit().is_none() {
                        self.invalid(range_of(&prop.value), "Id must be a string".into());
                    }
                }
                "Statement" => self.statements(&prop.value),
                other => self.invalid(
                    name_range(prop),
                    format!(
                        "{other} is not a member of a policy (Version, Id, Statement){}",
                        hint(other, &["Version", "Id", "Statement"])
                    ),
                ),
            }
        }
        let start = Range::new(object.range.start, object.range.start + 1);
        for required in ["Version", "Statement"] {
            if !members.iter().any(|p| prop_name(p) == required) {
                self.invalid(start, format!("the policy has no {required}"));
            }
        }
    }

    fn statements(&mut self, value: &Value<'t>) {
        let statements: Vec<&Value<'t>> = match value {
            Value::Object(_) => vec![value],
            Value::Array(array) if !array.elements.is_empty() => array.elements.iter().collect(),
            Value::Array(array) => {
                self.invalid(
                    array.range,
                    "Statement must hold at least one statement".into(),
                );
                return;
            }
            other => {
                self.invalid(
                    range_of(other),
                    "Statement must be a statement object or an array of them".into(),
                );
                return;
            }
        };
        let mut sids: HashMap<String, usize> = HashMap::new();
        for (index, statement) in statements.into_iter().enumerate() {
            let number = index + 1;
            let Value::Object(object) = statement else {
                self.invalid(
                    range_of(statement),
                    format!("Statement {number} must be an object"),
                );
                continue;
            };
            self.statement(object, number, &mut sids);
        }
    }

    fn statement(&mut self, object: &Object<'t>, number: usize, sids: &mut HashMap<String, usize>) {
        let sid = object
            .get("Sid")
            .and_then(|p| p.value.as_string_lit())
            .map(|s| s.value.to_string())
            .filter(|s| !s.is_empty());
        let at = Where {
            label: match &sid {
                Some(sid) => format!("Statement {number} (\"{sid}\")"),
                None => format!("Statement {number}"),
            },
        };
        let members = self.members(object, &at.label);
        let find = |name: &str| members.iter().copied().find(|p| prop_name(p) == name);
        // Where a missing member is reported: the Sid when there is one, else the brace.
        let anchor = find("Sid")
            .map(|p| range_of(&p.value))
            .unwrap_or(Range::new(object.range.start, object.range.start + 1));

        for prop in &members {
            let name = prop_name(prop);
            match name.as_str() {
                "Sid" => self.sid(prop, &at, number, sids),
                "Effect" => match prop.value.as_string_lit() {
                    Some(e) if e.value == "Allow" || e.value == "Deny" => {}
                    _ => self.invalid(
                        range_of(&prop.value),
                        format!("{}: must be \"Allow\" or \"Deny\"", at.member("Effect")),
                    ),
                },
                "Principal" | "NotPrincipal" => self.principal(&prop.value, &at.member(&name)),
                "Action" | "NotAction" => self.actions(&prop.value, &at.member(&name)),
                "Resource" => self.resources(&prop.value, &at.member(&name), false),
                "NotResource" => self.resources(&prop.value, &at.member(&name), true),
                "Condition" => self.condition(&prop.value, &at.member("Condition")),
                other => self.invalid(
                    name_range(prop),
                    format!(
                        "{}: {other} is not a member of a statement{}",
                        at.label,
                        hint(other, &STATEMENT_MEMBERS)
                    ),
                ),
            }
        }

        if find("Effect").is_none() {
            self.invalid(anchor, format!("{} has no Effect", at.label));
        }
        for (one, other) in [
            ("Principal", "NotPrincipal"),
            ("Action", "NotAction"),
            ("Resource", "NotResource"),
        ] {
            match (find(one), find(other)) {
                (None, None) => {
                    self.invalid(anchor, format!("{} has no {one} (or {other})", at.label))
                }
                (Some(_), Some(second)) => self.invalid(
                    name_range(second),
                    format!("{}: give {one} or {other}, not both", at.label),
                ),
                _ => {}
            }
        }
    }

    fn sid(
        &mut self,
        prop: &ObjectProp<'t>,
        at: &Where,
        number: usize,
        sids: &mut HashMap<String, usize>,
    ) {
        let Some(sid) = prop.value.as_string_lit() else {
            self.invalid(
                range_of(&prop.value),
                format!("{}: must be a string", at.member("Sid")),
            );
            return;
        };
        if sid.value.len() > 100 || !NAMESPACED_STATEMENT_ID_RE.is_match(&sid.value) {
            self.invalid(
                sid.range,
                format!(
                    "{}: 1 to 100 letters, digits, '-', '_' or '.'",
                    at.member("Sid")
                ),
            );
        } else if let Some(first) = sids.get(sid.value.as_ref()) {
            self.invalid(
                sid.range,
                format!(
                    "{}: \"{}\" is already the Sid of statement {first}; Sids must be unique",
                    at.member("Sid"),
                    sid.value
                ),
            );
        } else {
            sids.insert(sid.value.to_string(), number);
        }
    }

    fn principal(&mut self, value: &Value<'t>, at: &str) {
        match value {
            Value::StringLit(s) if s.value == "*" => {}
            Value::StringLit(s) => self.invalid(
                s.range,
                format!(
                    "{at}: a principal written as a string must be \"*\"; name others as \
                     {{\"AWS\": ...}} or {{\"Service\": ...}}"
                ),
            ),
            Value::Object(object) if object.properties.is_empty() => {
                self.invalid(object.range, format!("{at}: names no principal"))
            }
            Value::Object(object) => {
                for prop in self.members(object, at) {
                    let kind = prop_name(prop);
                    if !PRINCIPAL_KINDS.contains(&kind.as_str()) {
                        self.invalid(
                            name_range(prop),
                            format!(
                                "{at}: {kind} is not a kind of principal (AWS, Service, \
                                 Federated, CanonicalUser){}",
                                hint(&kind, &PRINCIPAL_KINDS)
                            ),
                        );
                        continue;
                    }
                    let at = format!("{at}.{kind}");
                    if kind == "Federated" {
                        self.invalid(
                            name_range(prop),
                            format!(
                                "{at}: a Lambda resource policy names accounts, IAM principals and services, not federated users"
                            ),
                        );
                        continue;
                    }
                    for (text, range) in self.strings(&prop.value, &at) {
                        if let Some(reason) = principal_problem(&kind, &text) {
                            self.invalid(range, format!("{at}: \"{text}\" {reason}"));
                        }
                    }
                }
            }
            other => self.invalid(
                range_of(other),
                format!("{at}: must be \"*\" or an object such as {{\"AWS\": \"111122223333\"}}"),
            ),
        }
    }

    /// An action another of the same list already grants (`lambda:InvokeFunction` beside
    /// `lambda:Invoke*`): Access Analyzer's REDUNDANT_ACTION suggestion, as a warning.
    fn redundant_actions(&mut self, written: &[(String, Range)], at: &str) {
        for (i, (action, range)) in written.iter().enumerate() {
            let covered_by = written.iter().enumerate().find(|(j, (other, _))| {
                *j != i
                    && other != action
                    && (other == "*"
                        || (other.contains(['*', '?']) && wildcard_match(other, action, false)))
            });
            if let Some((_, (other, _))) = covered_by {
                self.suspicious(
                    *range,
                    format!("{at}: \"{action}\" is already granted by \"{other}\"; remove it"),
                );
            }
        }
    }

    fn actions(&mut self, value: &Value<'t>, at: &str) {
        let written = self.strings(value, at);
        self.redundant_actions(&written, at);
        for (action, range) in written {
            if action == "*" {
                continue;
            }
            let Some((service, name)) = action.split_once(':') else {
                self.invalid(
                    range,
                    format!("{at}: \"{action}\" is not an action; write lambda:NAME"),
                );
                continue;
            };
            if !service.eq_ignore_ascii_case("lambda") {
                self.invalid(
                    range,
                    format!(
                        "{at}: \"{action}\" is not a Lambda action; a function's policy may \
                         name only lambda: actions or \"*\""
                    ),
                );
            } else if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '*' || c == '?')
            {
                self.invalid(
                    range,
                    format!(
                        "{at}: \"{action}\": an action name is letters, with * or ? as wildcards"
                    ),
                );
            } else if actions_matching(name).next().is_none() {
                let what = if name.contains(['*', '?']) {
                    "matches no Lambda action"
                } else {
                    "is not a Lambda action"
                };
                self.suspicious(
                    range,
                    format!("{at}: \"{action}\" {what}; Lambda accepts it, and it grants nothing"),
                );
            }
        }
    }

    fn resources(&mut self, value: &Value<'t>, at: &str, excluded: bool) {
        for (entry, range) in self.strings(value, at) {
            let well_formed = entry == "*"
                || Arn::parse(&entry).is_some_and(|arn| {
                    wildcard_match(&arn.service, "lambda", true) && !arn.resource.is_empty()
                });
            if !well_formed {
                self.invalid(
                    range,
                    format!("{at}: \"{entry}\" is not a Lambda ARN (or \"*\")"),
                );
                continue;
            }
            let covers = wildcard_match(&entry, &self.resource, true);
            if excluded && covers {
                self.invalid(
                    range,
                    format!(
                        "{at}: \"{entry}\" excludes this resource ({}), so the statement would \
                         apply to nothing",
                        self.resource
                    ),
                );
            } else if !excluded && !covers {
                self.invalid(
                    range,
                    format!(
                        "{at}: \"{entry}\" does not name this resource ({})",
                        self.resource
                    ),
                );
            }
        }
    }

    fn condition(&mut self, value: &Value<'t>, at: &str) {
        if let Value::Object(operators) = value
            && operators.properties.is_empty()
        {
            self.suspicious(
                operators.range,
                format!("{at}: an empty Condition tests nothing; remove it"),
            );
            return;
        }
        let Value::Object(operators) = value else {
            self.invalid(
                range_of(value),
                format!(
                    "{at}: must be an object of operators, such as {{\"StringEquals\": {{...}}}}"
                ),
            );
            return;
        };
        for operator in self.members(operators, at) {
            let name = prop_name(operator);
            if let Some(reason) = unknown_operator(&name) {
                self.invalid(name_range(operator), format!("{at}: {reason}"));
                continue;
            }
            let at = format!("{at}.{name}");
            let keys = match &operator.value {
                Value::Object(keys) if !keys.properties.is_empty() => keys,
                other => {
                    self.invalid(
                        range_of(other),
                        format!("{at}: must be an object of condition keys and values"),
                    );
                    continue;
                }
            };
            let mut seen_keys: Vec<String> = Vec::new();
            for key in self.members(keys, &at) {
                let key_name = prop_name(key);
                // Keys are not case-sensitive: the same key twice under one operator is one
                // test that a JSON parser keeps only once.
                if let Some(first) = seen_keys.iter().find(|k| k.eq_ignore_ascii_case(&key_name)) {
                    self.invalid(
                        name_range(key),
                        format!(
                            "{at}: {key_name} is {first} again (keys ignore case); give it once"
                        ),
                    );
                    continue;
                }
                seen_keys.push(key_name.clone());
                if !key_name.contains(':') || key_name.starts_with(':') || key_name.ends_with(':') {
                    self.invalid(
                        name_range(key),
                        format!(
                            "{at}: \"{key_name}\" is not a condition key; keys are PREFIX:NAME, \
                             such as aws:SourceArn"
                        ),
                    );
                }
                let key_at = format!("{at}.{key_name}");
                self.condition_values(&key.value, &key_at);
                self.typed_values(&key.value, &key_at, &name, &key_name, key);
            }
        }
    }

    fn condition_values(&mut self, value: &Value<'t>, at: &str) {
        let scalar = |v: &Value| {
            matches!(
                v,
                Value::StringLit(_) | Value::BooleanLit(_) | Value::NumberLit(_)
            )
        };
        match value {
            v if scalar(v) => {}
            Value::Array(array) if array.elements.is_empty() => {
                self.invalid(array.range, format!("{at}: an empty list matches nothing"))
            }
            Value::Array(array) => {
                for element in array.elements.iter().filter(|e| !scalar(e)) {
                    self.invalid(
                        range_of(element),
                        format!("{at}: a condition value is a string, a boolean or a number"),
                    );
                }
            }
            other => self.invalid(
                range_of(other),
                format!(
                    "{at}: a condition value is a string, a boolean, a number or a list of them"
                ),
            ),
        }
    }

    /// The values of a condition key as its operator reads them: of the right type, one for a
    /// `Bool`, every policy variable closed; and the warnings Access Analyzer gives about the
    /// key.
    fn typed_values(
        &mut self,
        value: &Value<'t>,
        at: &str,
        operator: &str,
        key: &str,
        prop: &ObjectProp<'t>,
    ) {
        use super::condition_check::{base_operator, key_warning, value_problem};
        let values: Vec<(String, Range)> = match value {
            Value::StringLit(s) => vec![(s.value.to_string(), s.range)],
            Value::BooleanLit(b) => vec![(b.value.to_string(), b.range)],
            Value::NumberLit(n) => vec![(n.value.to_string(), n.range)],
            Value::Array(array) => array
                .elements
                .iter()
                .filter_map(|e| match e {
                    Value::StringLit(s) => Some((s.value.to_string(), s.range)),
                    Value::BooleanLit(b) => Some((b.value.to_string(), b.range)),
                    Value::NumberLit(n) => Some((n.value.to_string(), n.range)),
                    _ => None,
                })
                .collect(),
            _ => return,
        };
        if base_operator(operator) == "Bool" && values.len() > 1 {
            self.invalid(
                range_of(value),
                format!("{at}: Bool takes one value, true or false"),
            );
        }
        for (text, range) in &values {
            if let Some(problem) = value_problem(operator, text) {
                self.invalid(*range, format!("{at}: {problem}"));
            }
        }
        let texts: Vec<String> = values.into_iter().map(|(t, _)| t).collect();
        if let Some(warning) = key_warning(operator, key, &texts) {
            self.suspicious(name_range(prop), format!("{at}: {warning}"));
        }
    }

    /// The members of `object`, each name once: a repeated name is reported (JSON parsers keep
    /// only one of them, and not all the same one) and its later copies are left out.
    fn members<'o>(&mut self, object: &'o Object<'t>, at: &str) -> Vec<&'o ObjectProp<'t>> {
        let mut seen: Vec<String> = Vec::new();
        let mut kept = Vec::new();
        for prop in &object.properties {
            let name = prop_name(prop);
            if seen.contains(&name) {
                self.invalid(
                    name_range(prop),
                    format!("{at}: {name} is given twice; give it once"),
                );
            } else {
                seen.push(name);
                kept.push(prop);
            }
        }
        kept
    }

    /// The strings of a value that is a string or a non-empty list of strings, with their
    /// ranges; anything else is reported.
    fn strings(&mut self, value: &Value<'t>, at: &str) -> Vec<(String, Range)> {
        match value {
            Value::StringLit(s) => vec![(s.value.to_string(), s.range)],
            Value::Array(array) if array.elements.is_empty() => {
                self.invalid(array.range, format!("{at}: an empty list names nothing"));
                Vec::new()
            }
            Value::Array(array) => {
                let mut found = Vec::new();
                for element in &array.elements {
                    match element {
                        Value::StringLit(s) => found.push((s.value.to_string(), s.range)),
                        other => self.invalid(
                            range_of(other),
                            format!("{at}: each entry must be a string"),
                        ),
                    }
                }
                found
            }
            other => {
                self.invalid(
                    range_of(other),
                    format!("{at}: must be a string or a list of strings"),
                );
                Vec::new()
            }
        }
    }
}

/// Why `value` cannot be a principal of `kind`, or `None` when it can.
fn principal_problem(kind: &str, value: &str) -> Option<&'static str> {
    let ok = match kind {
        "AWS" => {
            value == "*"
                || super::account_id::is_account_id(value)
                || Arn::parse(value).is_some_and(|arn| {
                    (arn.service == "iam" || arn.service == "sts")
                        && arn.account_id().is_some()
                        && !arn.resource.is_empty()
                        // A principal is one: a wildcard in its ARN matches no principal.
                        && !value.contains('*')
                        && !value.contains('?')
                })
        }
        "Service" => {
            value.contains('.')
                && value
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        }
        "CanonicalUser" => value.len() == 64 && value.chars().all(|c| c.is_ascii_hexdigit()),
        _ => !value.is_empty(),
    };
    match (ok, kind) {
        (true, _) => None,
        (false, "AWS") => Some("is not \"*\", an account ID or an IAM or STS ARN"),
        (false, "Service") => Some("is not a service principal such as s3.amazonaws.com"),
        (false, "CanonicalUser") => Some("is not a canonical user ID (64 hex digits)"),
        (false, _) => Some("is empty"),
    }
}

fn strict_json() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn prop_name(prop: &ObjectProp) -> String {
    match &prop.name {
        ObjectPropName::String(s) => s.value.to_string(),
        ObjectPropName::Word(w) => w.value.to_string(),
    }
}

fn name_range(prop: &ObjectProp) -> Range {
    match &prop.name {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

fn range_of(value: &Value) -> Range {
    match value {
        Value::StringLit(v) => v.range,
        Value::NumberLit(v) => v.range,
        Value::BooleanLit(v) => v.range,
        Value::Object(v) => v.range,
        Value::Array(v) => v.range,
        Value::NullKeyword(v) => v.range,
    }
}
