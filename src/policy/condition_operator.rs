//! IAM condition operators: a base name, optionally `IfExists`, optionally under a set
//! qualifier (`ForAllValues:` / `ForAnyValue:`).

const BASE_OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// Why `name` is not a condition operator IAM knows, or `None` when it is one.
pub fn unknown_operator(name: &str) -> Option<String> {
    let unqualified = name
        .strip_prefix("ForAllValues:")
        .or_else(|| name.strip_prefix("ForAnyValue:"))
        .unwrap_or(name);
    let (base, if_exists) = match unqualified.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (unqualified, false),
    };
    if !BASE_OPERATORS.contains(&base) {
        let hint = case_hint(base, BASE_OPERATORS);
        return Some(format!("{name} is not a condition operator{hint}"));
    }
    if if_exists && base == "Null" {
        return Some("Null takes no IfExists: it already tests whether the key exists".into());
    }
    None
}

/// ` (did you mean X?)` when `name` differs from a known name only in case: the usual slip in
/// a hand-written policy.
pub fn case_hint(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name))
        .map(|k| format!(" (did you mean {k}?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::unknown_operator;

    #[test]
    fn operators_take_if_exists_and_set_qualifiers() {
        for known in [
            "StringEquals",
            "ArnLikeIfExists",
            "ForAnyValue:StringLike",
            "ForAllValues:StringEqualsIgnoreCaseIfExists",
            "Null",
        ] {
            assert_eq!(unknown_operator(known), None, "{known}");
        }
        assert_eq!(
            unknown_operator("stringequals").as_deref(),
            Some("stringequals is not a condition operator (did you mean StringEquals?)")
        );
        assert!(unknown_operator("ForSomeValues:StringLike").is_some());
        assert!(unknown_operator("NullIfExists").is_some());
    }
}
