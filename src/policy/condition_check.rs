//! What IAM Access Analyzer's policy checks say of a condition, for a resource policy: a value
//! of the wrong type for its operator, a `Bool` with several values, a policy variable left
//! open; and as warnings, a global key that looks misspelt, `*` read literally, `ForAllValues:`
//! on a key that has one value.

/// The operator without its set qualifier and `IfExists`.
pub fn base_operator(operator: &str) -> &str {
    let unqualified = operator
        .strip_prefix("ForAllValues:")
        .or_else(|| operator.strip_prefix("ForAnyValue:"))
        .unwrap_or(operator);
    unqualified.strip_suffix("IfExists").unwrap_or(unqualified)
}

/// Why `value` cannot be tested by `operator`, or `None` when it can.
pub fn value_problem(operator: &str, value: &str) -> Option<String> {
    if let Some(problem) = variable_problem(value) {
        return Some(problem);
    }
    let base = base_operator(operator);
    let fits = if base == "Bool" || base == "Null" {
        value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
    } else if base.starts_with("Numeric") {
        value.parse::<f64>().is_ok_and(f64::is_finite)
    } else if base.starts_with("Date") {
        is_date(value)
    } else if base.ends_with("IpAddress") {
        is_ip_or_cidr(value)
    } else {
        return None;
    };
    (!fits).then(|| {
        let wanted = match base {
            "Bool" | "Null" => "true or false",
            b if b.starts_with("Numeric") => "a number",
            b if b.starts_with("Date") => {
                "a date (2026-12-06, 2026-12-06T10:00:00Z) or epoch seconds"
            }
            _ => "an IP address or CIDR range (203.0.113.0/24, 2001:db8::/32)",
        };
        format!("\"{value}\" is not {wanted}, which {base} compares")
    })
}

/// A policy variable left open (`${aws:username` without its brace), or `None`.
fn variable_problem(value: &str) -> Option<String> {
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => rest = &after[end + 1..],
            None => {
                return Some(format!(
                    "\"{value}\" opens a policy variable (${{...}}) that it does not close"
                ));
            }
        }
    }
    None
}

fn is_date(value: &str) -> bool {
    use time::format_description::well_known::Iso8601;
    if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() {
        return true;
    }
    time::OffsetDateTime::parse(value, &Iso8601::DEFAULT).is_ok()
        || time::Date::parse(
            value,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .is_ok()
}

fn is_ip_or_cidr(value: &str) -> bool {
    let (address, prefix) = match value.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (value, None),
    };
    let Ok(ip) = address.parse::<std::net::IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|p| p <= max))
}

/// The global condition keys a Lambda resource policy uses, as AWS spells them.
const GLOBAL_KEYS: [&str; 17] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalType",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SecureTransport",
    "aws:CurrentTime",
    "aws:userid",
    "aws:username",
];

/// The keys that have one value in a request: `ForAllValues:` on them is true when the key is
/// absent, and says nothing when it is there.
const SINGLE_VALUED: [&str; 9] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:SourceIp",
    "lambda:FunctionUrlAuthType",
    "lambda:EventSourceToken",
];

/// A warning about `key` under `operator` with `values`, or `None`.
pub fn key_warning(operator: &str, key: &str, values: &[String]) -> Option<String> {
    if key.len() > 4
        && key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
        && !GLOBAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        && let Some(near) = GLOBAL_KEYS.iter().find(|k| edit_distance(k, key) <= 2)
    {
        return Some(format!(
            "{key} is not a global condition key: did you mean {near}?"
        ));
    }
    if operator.starts_with("ForAllValues:")
        && SINGLE_VALUED.iter().any(|k| k.eq_ignore_ascii_case(key))
    {
        return Some(format!(
            "{key} has one value: ForAllValues: is true when it is absent, so this restricts nothing; use the operator without it"
        ));
    }
    let base = base_operator(operator);
    if matches!(base, "StringEquals" | "StringNotEquals")
        && values.iter().any(|v| v.contains('*') || v.contains('?'))
    {
        return Some(format!(
            "{base} reads * and ? as themselves: use StringLike for a pattern"
        ));
    }
    None
}

/// Levenshtein distance, ignoring case: how far a key is from a known one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_the_wrong_type_for_their_operator_are_named() {
        for (operator, value) in [
            ("Bool", "yes"),
            ("DateGreaterThan", "bad"),
            ("IpAddress", "not-an-ip"),
            ("NotIpAddressIfExists", "10.0.0.0/33"),
            ("NumericLessThan", "abc"),
            ("StringEquals", "${aws:username"),
        ] {
            assert!(
                value_problem(operator, value).is_some(),
                "{operator} {value}"
            );
        }
        for (operator, value) in [
            ("Bool", "true"),
            ("DateGreaterThan", "2026-12-06T10:00:00Z"),
            ("DateLessThan", "2026-12-06"),
            ("DateLessThan", "1765015200"),
            ("IpAddress", "203.0.113.0/24"),
            ("IpAddress", "2001:db8::/32"),
            ("NumericLessThan", "3.5"),
            ("StringEquals", "${aws:username}-x"),
            ("StringLike", "anything*"),
        ] {
            assert_eq!(value_problem(operator, value), None, "{operator} {value}");
        }
    }

    #[test]
    fn a_misspelt_key_a_literal_star_and_forallvalues_on_one_value_are_warned_of() {
        let one = |v: &str| vec![v.to_string()];
        assert!(
            key_warning("StringEquals", "aws:SourceAcount", &one("1"))
                .unwrap()
                .contains("did you mean aws:SourceAccount?")
        );
        assert!(key_warning("ForAllValues:StringEquals", "aws:SourceAccount", &one("1")).is_some());
        assert!(key_warning("StringEquals", "aws:SourceArn", &one("arn:aws:sns:*")).is_some());
        assert_eq!(
            key_warning("StringEquals", "aws:SourceAccount", &one("1")),
            None
        );
        assert_eq!(
            key_warning("StringLike", "aws:SourceArn", &one("arn:*")),
            None
        );
    }
}
