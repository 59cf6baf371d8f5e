//! The service model's constraints, verbatim, so that error messages quote what AWS quotes.
//!
//! Every model pattern must match the whole value: AWS behaves as if each were wrapped in
//! `^(?:…)$` (`example` matches the StatementId pattern, `example.com` does not).

use regex_lite::Regex;
use std::sync::LazyLock;

/// `NamespacedFunctionName` as the model has it today (a full ARN needs region and account).
pub const NAMESPACED_FUNCTION_NAME: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:|(((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?))(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
/// The functionName pattern real AWS quotes in its validation errors (recorded 2025-11).
pub const FUNCTION_NAME_QUOTED: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";
pub const STATEMENT_ID: &str = r"([a-zA-Z0-9-_]+)";
/// RemovePermission's statement id also allows dots.
pub const NAMESPACED_STATEMENT_ID: &str = r"([a-zA-Z0-9-_.]+)";
pub const ACTION: &str = r"(lambda:[*]|lambda:[a-zA-Z]+|[*])";
pub const PRINCIPAL: &str = r"[^\s]+";
pub const SOURCE_ARN: &str = r"arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)";
pub const SOURCE_ACCOUNT: &str = r"\d{12}";
pub const EVENT_SOURCE_TOKEN: &str = r"[a-zA-Z0-9._\-]+";
pub const PRINCIPAL_ORG_ID: &str = r"o-[a-z0-9]{10,32}";
pub const QUALIFIER: &str = r"\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";
pub const VERSION_WITH_LATEST_PUBLISHED: &str = r"(\$LATEST(\.PUBLISHED)?|[0-9]+)";
/// `Alias` as the model writes it; the regex crate has no look-ahead, so it is checked as
/// [`ALIAS_BODY`] plus "not all digits" (see [`is_alias_name`]).
pub const ALIAS: &str = r"(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
pub const ALIAS_BODY: &str = r"([a-zA-Z0-9-_]+)";
/// PutResourcePolicy's ResourceArn (0-512): a complete function, version or alias ARN, or a
/// runtime; no short names and no wildcards.
pub const RESOURCE_ARN: &str = r"arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_])+)?|runtime/[a-zA-Z0-9-_./]+)";
pub const REVISION_ID: &str = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/// AddLayerVersionPermission and the other layer operations: a layer name or a layer ARN.
pub const LAYER_NAME_OR_ARN: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]{1,140}|[a-zA-Z0-9-_]{1,140})";
/// `LayerPermissionAllowedPrincipal`: an account, its root, or `*`.
pub const LAYER_PRINCIPAL: &str = r"\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root";
/// `LayerPermissionAllowedAction`: the one action a layer version grants.
pub const LAYER_ACTION: &str = "lambda:GetLayerVersion";
/// `LayerVersionArn` (a layer of an account; AWS's own `awslayer` ones too).
pub const LAYER_VERSION_ARN: &str = r"((arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+))";
pub const REGION: &str = r"(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}";

/// Compiles a model pattern for whole values. AWS's `\d` and `\s` are ASCII (Java regexes), and
/// so are regex-lite's: every pattern of the project is compiled by it, as the model writes it.
fn whole(pattern: &str) -> Regex {
    Regex::new(&format!("^(?:{pattern})$")).expect("model pattern compiles")
}

macro_rules! whole_value {
    ($name:ident, $pattern:expr) => {
        pub static $name: LazyLock<Regex> = LazyLock::new(|| whole($pattern));
    };
}

whole_value!(NAMESPACED_FUNCTION_NAME_RE, NAMESPACED_FUNCTION_NAME);
whole_value!(STATEMENT_ID_RE, STATEMENT_ID);
whole_value!(NAMESPACED_STATEMENT_ID_RE, NAMESPACED_STATEMENT_ID);
whole_value!(ACTION_RE, ACTION);
whole_value!(PRINCIPAL_RE, PRINCIPAL);
whole_value!(SOURCE_ARN_RE, SOURCE_ARN);
whole_value!(SOURCE_ACCOUNT_RE, SOURCE_ACCOUNT);
whole_value!(EVENT_SOURCE_TOKEN_RE, EVENT_SOURCE_TOKEN);
whole_value!(PRINCIPAL_ORG_ID_RE, PRINCIPAL_ORG_ID);
whole_value!(QUALIFIER_RE, QUALIFIER);
whole_value!(
    VERSION_WITH_LATEST_PUBLISHED_RE,
    VERSION_WITH_LATEST_PUBLISHED
);
whole_value!(ALIAS_BODY_RE, ALIAS_BODY);
whole_value!(REGION_RE, REGION);
whole_value!(RESOURCE_ARN_RE, RESOURCE_ARN);
whole_value!(REVISION_ID_RE, REVISION_ID);
whole_value!(LAYER_NAME_OR_ARN_RE, LAYER_NAME_OR_ARN);
whole_value!(LAYER_PRINCIPAL_RE, LAYER_PRINCIPAL);
whole_value!(LAYER_ACTION_RE, LAYER_ACTION);
whole_value!(LAYER_VERSION_ARN_RE, LAYER_VERSION_ARN);

/// The model's `Alias` shape: the body pattern, and not all digits (that would be a version).
pub fn is_alias_name(value: &str) -> bool {
    ALIAS_BODY_RE.is_match(value) && !value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_values_only() {
        assert!(STATEMENT_ID_RE.is_match("example"));
        assert!(!STATEMENT_ID_RE.is_match("example.com"));
        assert!(NAMESPACED_STATEMENT_ID_RE.is_match("example.com"));
        assert!(!SOURCE_ACCOUNT_RE.is_match("1234567890123"));
        assert!(QUALIFIER_RE.is_match("$LATEST.PUBLISHED"));
        assert!(!QUALIFIER_RE.is_match("bad?q"));
    }

    #[test]
    fn alias_names_are_not_all_digits() {
        assert!(is_alias_name("live"));
        assert!(is_alias_name("v1"));
        assert!(!is_alias_name("12"));
        assert!(!is_alias_name("with.dot"));
    }
}
