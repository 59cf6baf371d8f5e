//! Any IAM policy document a function may carry, not only the shapes AddPermission writes:
//! Principal as `*`, an object or arrays; Action as a string or a list; Deny; NotPrincipal and
//! NotAction; any condition operator. The raw JSON is kept, so nothing unknown is dropped.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    pub raw: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// Who a statement names: `*`, or typed lists such as `{"AWS": [...], "Service": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principals {
    Anyone,
    Named(Vec<(String, Vec<String>)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionEntry {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principals>,
    pub not_principal: Option<Principals>,
    pub action: Vec<String>,
    pub not_action: Vec<String>,
    pub resource: Vec<String>,
    pub not_resource: Vec<String>,
    pub conditions: Vec<ConditionEntry>,
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct DocumentError {
    /// Where in the document, like `Statement[2].Principal`.
    pub path: String,
    pub reason: String,
}

fn error(path: impl Into<String>, reason: impl Into<String>) -> DocumentError {
    DocumentError {
        path: path.into(),
        reason: reason.into(),
    }
}

/// A string or a list of strings (IAM allows both almost everywhere).
fn strings(value: &Value, path: &str) -> Result<Vec<String>, DocumentError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(error(
                    format!("{path}[{i}]"),
                    format!("expected a string, found {}", kind(other)),
                )),
            })
            .collect(),
        // Condition values may be numbers or booleans; keep them as their JSON text.
        Value::Bool(_) | Value::Number(_) => Ok(vec![value.to_string()]),
        other => Err(error(
            path,
            format!("expected a string or a list, found {}", kind(other)),
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Principals {
    fn parse(value: &Value, path: &str) -> Result<Principals, DocumentError> {
        match value {
            Value::String(s) if s == "*" => Ok(Principals::Anyone),
            // Some writers store a bare account or ARN as a string; read it as AWS would.
            Value::String(s) => Ok(Principals::Named(vec![("AWS".into(), vec![s.clone()])])),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| Ok((k.clone(), strings(v, &format!("{path}.{k}"))?)))
                .collect::<Result<_, _>>()
                .map(Principals::Named),
            other => Err(error(
                path,
                format!("expected \"*\" or an object, found {}", kind(other)),
            )),
        }
    }

    /// Whether this may name everyone: `*`, or `*` of any kind (`{"AWS":"*"}`, and taken as
    /// everyone too, `{"Service":"*"}` or `{"Federated":"*"}`). What grants are judged by: sound
    /// in the safe direction.
    pub fn is_anyone(&self) -> bool {
        match self {
            Principals::Anyone => true,
            Principals::Named(kinds) => kinds.iter().any(|(_, vs)| vs.iter().any(|v| v == "*")),
        }
    }

    /// Whether this surely names every caller: `*` or `{"AWS":"*"}` only. What a Deny is
    /// judged by: a Deny of every federated user denies no one else.
    pub fn is_surely_everyone(&self) -> bool {
        match self {
            Principals::Anyone => true,
            Principals::Named(_) => self.values("AWS").contains(&"*"),
        }
    }

    pub fn values(&self, principal_kind: &str) -> Vec<&str> {
        match self {
            Principals::Anyone => Vec::new(),
            Principals::Named(kinds) => kinds
                .iter()
                .filter(|(k, _)| k == principal_kind)
                .flat_map(|(_, vs)| vs.iter().map(String::as_str))
                .collect(),
        }
    }

    /// How many principals are named (`*` is one).
    pub fn count(&self) -> usize {
        match self {
            Principals::Anyone => 1,
            Principals::Named(kinds) => kinds.iter().map(|(_, vs)| vs.len()).sum(),
        }
    }

    /// For a narrow cell: the first principal, and how many there are when more than one.
    pub fn short(&self) -> String {
        match self {
            Principals::Named(kinds) if self.count() > 1 => {
                let first = kinds.iter().flat_map(|(_, vs)| vs.first()).next();
                format!("[{}] {}", self.count(), first.map_or("", String::as_str))
            }
            _ => self.summary(),
        }
    }

    /// A short text for a table cell.
    pub fn summary(&self) -> String {
        match self {
            Principals::Anyone => "*".into(),
            Principals::Named(kinds) => kinds
                .iter()
                .flat_map(|(_, vs)| vs.iter().cloned())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

impl Statement {
    /// The statement written the same whatever the order of its members: members sorted at
    /// every level (a list keeps its order: it is part of what was written). Two statements
    /// with the same canonical text grant the same.
    pub fn canonical(&self) -> String {
        canonical_json(&self.raw)
    }
}

/// `value` as JSON with every object's members sorted.
pub fn canonical_json(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(members) => {
                let mut keys: Vec<&String> = members.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), sorted(&members[k])))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

impl Statement {
    fn parse(value: &Value, path: &str) -> Result<Statement, DocumentError> {
        let Value::Object(map) = value else {
            return Err(error(
                path,
                format!("expected an object, found {}", kind(value)),
            ));
        };
        let field = |name: &str| map.get(name);
        let sid = match field("Sid") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(error(
                    format!("{path}.Sid"),
                    format!("expected a string, found {}", kind(other)),
                ));
            }
        };
        let effect = match field("Effect") {
            Some(Value::String(s)) if s == "Allow" => Effect::Allow,
            Some(Value::String(s)) if s == "Deny" => Effect::Deny,
            Some(other) => {
                return Err(error(
                    format!("{path}.Effect"),
                    format!("expected \"Allow\" or \"Deny\", found {other}"),
                ));
            }
            None => return Err(error(format!("{path}.Effect"), "missing")),
        };
        let principal = field("Principal")
            .map(|v| Principals::parse(v, &format!("{path}.Principal")))
            .transpose()?;
        let not_principal = field("NotPrincipal")
            .map(|v| Principals::parse(v, &format!("{path}.NotPrincipal")))
            .transpose()?;
        let list = |name: &str| -> Result<Vec<String>, DocumentError> {
            field(name)
                .map(|v| strings(v, &format!("{path}.{name}")))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let action = list("Action")?;
        let not_action = list("NotAction")?;
        let resource = list("Resource")?;
        let not_resource = list("NotResource")?;
        let conditions = match field("Condition") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(operators)) => {
                let mut entries = Vec::new();
                for (operator, keys) in operators {
                    let Value::Object(keys) = keys else {
                        return Err(error(
                            format!("{path}.Condition.{operator}"),
                            "expected an object of keys",
                        ));
                    };
                    for (key, values) in keys {
                        entries.push(ConditionEntry {
                            operator: operator.clone(),
                            key: key.clone(),
                            values: strings(values, &format!("{path}.Condition.{operator}.{key}"))?,
                        });
                    }
                }
                entries
            }
            Some(other) => {
                return Err(error(
                    format!("{path}.Condition"),
                    format!("expected an object, found {}", kind(other)),
                ));
            }
        };
        Ok(Statement {
            sid,
            effect,
            principal,
            not_principal,
            action,
            not_action,
            resource,
            not_resource,
            conditions,
            raw: value.clone(),
        })
    }

    /// The values of a condition key, whatever operator tests it (keys are case-insensitive).
    pub fn condition_values(&self, key: &str) -> Vec<&str> {
        self.conditions
            .iter()
            .filter(|c| c.key.eq_ignore_ascii_case(key))
            .flat_map(|c| c.values.iter().map(String::as_str))
            .collect()
    }

    /// The values `key` is held to: those of every condition on it that allows only fixed
    /// values (see [`holds_to_fixed_values`]). Conditions are ANDed, so any one of them
    /// restricts; an entry that lets other values through (a wildcard, a policy variable, a
    /// negated, `…IfExists`, `ForAllValues:` or `Null` test) restricts nothing.
    pub fn narrowing_values(&self, key: &str) -> Vec<&str> {
        self.conditions
            .iter()
            .filter(|c| c.key.eq_ignore_ascii_case(key) && holds_to_fixed_values(c))
            .flat_map(|c| c.values.iter().map(String::as_str))
            .collect()
    }

    /// Whether a `Bool` condition holds `key` to `true` (and nothing else).
    pub fn requires_true(&self, key: &str) -> bool {
        self.conditions.iter().any(|c| {
            c.key.eq_ignore_ascii_case(key)
                && c.operator == "Bool"
                && !c.values.is_empty()
                && c.values.iter().all(|v| v.eq_ignore_ascii_case("true"))
        })
    }

    pub fn is_narrowed_by(&self, key: &str) -> bool {
        !self.narrowing_values(key).is_empty()
    }

    pub fn has_condition_key(&self, key: &str) -> bool {
        self.conditions
            .iter()
            .any(|c| c.key.eq_ignore_ascii_case(key))
    }

    /// A one-line summary of the conditions, for a table cell.
    pub fn condition_summary(&self) -> String {
        self.conditions
            .iter()
            .map(|c| format!("{} {} {}", c.operator, c.key, c.values.join("|")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Whether a condition operator restricts its key to the values given.
/// Whether a condition holds its key to what it lists: an equality or match operator
/// (`StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`, `ArnLike`;
/// `ForAnyValue:` as well, which on a single value is the same test), never `ForAllValues:`
/// (true when the key is absent), `…IfExists`, a negated operator or `Null`; and every value
/// fixed: no policy variable (`${...}`), and under an operator that reads `*` and `?` as
/// wildcards, none of them, except that under an ARN operator (which matches an ARN field by
/// field) an ARN keeps its hold on the caller while its account is fixed
/// (`arn:aws:execute-api:us-east-1:123456789012:api/*` holds the source to that account;
/// `arn:aws:sns:us-east-1:*:t` and `arn:aws:s3:::*` hold nothing; under `StringLike` a `*` may
/// span the colons, so no wildcard holds).
pub fn holds_to_fixed_values(condition: &ConditionEntry) -> bool {
    let base = condition
        .operator
        .strip_prefix("ForAnyValue:")
        .unwrap_or(&condition.operator);
    // (reads `*`/`?` as wildcards, matches an ARN field by field)
    let (wildcards, by_field) = match base {
        "StringEquals" | "StringEqualsIgnoreCase" => (false, false),
        "StringLike" => (true, false),
        "ArnEquals" | "ArnLike" => (true, true),
        _ => return false,
    };
    let wild = |text: &str| text.contains('*') || text.contains('?');
    !condition.values.is_empty()
        && condition.values.iter().all(|v| {
            !v.contains("${") && (!wildcards || !wild(v) || (by_field && fixed_under_wildcards(v)))
        })
}

/// A value read with `*` and `?` as wildcards that still names one source: none in it, or an
/// ARN whose account is written out.
fn fixed_under_wildcards(value: &str) -> bool {
    let wild = |text: &str| text.contains('*') || text.contains('?');
    if !wild(value) {
        return true;
    }
    super::arn::Arn::parse(value)
        .is_some_and(|arn| super::account_id::is_account_id(&arn.account) && !wild(&arn.partition))
}

impl PolicyDocument {
    pub fn parse(text: &str) -> Result<PolicyDocument, DocumentError> {
        let raw: Value = serde_json::from_str(text)
            .map_err(|e| error("policy", format!("not valid JSON: {e}")))?;
        Self::from_value(raw)
    }

    pub fn from_value(raw: Value) -> Result<PolicyDocument, DocumentError> {
        let Value::Object(map) = &raw else {
            return Err(error(
                "policy",
                format!("expected an object, found {}", kind(&raw)),
            ));
        };
        let text = |name: &str| map.get(name).and_then(Value::as_str).map(str::to_string);
        let statements = match map.get("Statement") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, s)| Statement::parse(s, &format!("Statement[{i}]")))
                .collect::<Result<_, _>>()?,
            Some(single @ Value::Object(_)) => vec![Statement::parse(single, "Statement")?],
            Some(other) => {
                return Err(error(
                    "Statement",
                    format!("expected a list or an object, found {}", kind(other)),
                ));
            }
        };
        Ok(PolicyDocument {
            version: text("Version"),
            id: text("Id"),
            statements,
            raw,
        })
    }

    pub fn statement(&self, sid: &str) -> Option<&Statement> {
        self.statements
            .iter()
            .find(|s| s.sid.as_deref() == Some(sid))
    }

    pub fn sids(&self) -> impl Iterator<Item = &str> {
        self.statements.iter().filter_map(|s| s.sid.as_deref())
    }

    /// A policy with no statements: what a resource without a policy is compared against.
    pub fn empty() -> PolicyDocument {
        PolicyDocument::parse(r#"{"Version":"2012-10-17","Statement":[]}"#)
            .expect("an empty document parses")
    }

    /// Pretty JSON, for the full-policy view and the editor.
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.raw).unwrap_or_default()
    }
}
