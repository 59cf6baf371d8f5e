//! Placeholders: `<bucket>`, `<account>` in a preset's values, the parts a person still has to
//! fill. The one grammar of them: `<`, then letters, digits, spaces, `_` or `-`, then `>`.

use regex_lite::Regex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([A-Za-z0-9 _-]+)>").expect("placeholder pattern compiles"));

/// One placeholder in a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// Between the brackets.
    pub name: &'a str,
    /// The bytes of `<name>` in the value.
    pub span: Range<usize>,
}

impl Placeholder<'_> {
    /// `<name>`, as written.
    pub fn written(&self) -> String {
        format!("<{}>", self.name)
    }
}

/// Every placeholder of `value`, in order.
pub fn all(value: &str) -> impl Iterator<Item = Placeholder<'_>> {
    PLACEHOLDER.captures_iter(value).filter_map(|c| {
        let whole = c.get(0)?;
        Some(Placeholder {
            name: c.get(1)?.as_str(),
            span: whole.range(),
        })
    })
}

/// The first placeholder of `value`, if it has one.
pub fn first(value: &str) -> Option<Placeholder<'_>> {
    all(value).next()
}

pub fn contains(value: &str) -> bool {
    PLACEHOLDER.is_match(value)
}

/// Text in angle brackets that is not a placeholder (`<bucket.name>`, `<aws:SourceArn>`): in a
/// preset it would be neither filled nor flagged, and sent as it is written.
pub fn malformed(value: &str) -> Option<&str> {
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<[^<>]*>").expect("bracket pattern compiles"));
    BRACKETED
        .find_iter(value)
        .map(|m| m.as_str())
        .find(|text| !PLACEHOLDER.is_match(text))
}

/// Replaces each placeholder that `values` knows; the others stay.
pub fn fill(template: &str, values: &BTreeMap<String, String>) -> String {
    PLACEHOLDER
        .replace_all(template, |c: &regex_lite::Captures| {
            values
                .get(&c[1])
                .cloned()
                .unwrap_or_else(|| c[0].to_string())
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_filled_and_left_alone_alike() {
        let value = "arn:aws:s3:::<bucket>/<my prefix>/a<b";
        let names: Vec<&str> = all(value).map(|p| p.name).collect();
        assert_eq!(names, ["bucket", "my prefix"]);
        assert_eq!(&value[first(value).unwrap().span], "<bucket>");
        assert!(contains("a<b>c"));
        let values = BTreeMap::from([("bucket".to_string(), "logs".to_string())]);
        assert_eq!(fill(value, &values), "arn:aws:s3:::logs/<my prefix>/a<b");
        assert!(!contains("a<b;c>d"));
        assert_eq!(
            malformed("arn:aws:s3:::<bucket.name>"),
            Some("<bucket.name>")
        );
        assert_eq!(malformed("arn:aws:s3:::<bucket>"), None);
    }
}
