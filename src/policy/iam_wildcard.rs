//! IAM's wildcards in policy values: `*` matches any run of characters, `?` any one.

/// Whether `pattern` matches all of `value`. Case matters when `case_sensitive` (ARNs);
/// action names are compared without it, as IAM does.
pub fn wildcard_match(pattern: &str, value: &str, case_sensitive: bool) -> bool {
    // Actions and ARNs are ASCII: matched as bytes, with nothing allocated (a policy check
    // matches every action against the whole list of Lambda's).
    if pattern.is_ascii() && value.is_ascii() {
        let fold = |b: u8| {
            if case_sensitive {
                b
            } else {
                b.to_ascii_lowercase()
            }
        };
        return matches(pattern.as_bytes(), value.as_bytes(), b'*', b'?', |p, v| {
            fold(p) == fold(v)
        });
    }
    let fold = |c: char| {
        if case_sensitive {
            c
        } else {
            c.to_ascii_lowercase()
        }
    };
    let pattern: Vec<char> = pattern.chars().collect();
    let value: Vec<char> = value.chars().collect();
    matches(&pattern, &value, '*', '?', |p, v| fold(p) == fold(v))
}

/// The classic two-pointer match: on a mismatch, go back to the last `star` and let it take one
/// more element. Linear in practice, never exponential.
fn matches<T: Copy + PartialEq>(
    pattern: &[T],
    value: &[T],
    star_token: T,
    any: T,
    same: impl Fn(T, T) -> bool,
) -> bool {
    let (mut p, mut v) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some(&c) if c == star_token => {
                star = Some((p, v));
                p += 1;
            }
            Some(&c) if c == any || same(c, value[v]) => {
                p += 1;
                v += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    p = sp + 1;
                    v = sv + 1;
                    star = Some((sp, sv + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == star_token)
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn stars_and_question_marks_match_as_iam_does() {
        let arn = "arn:aws:lambda:us-east-1:111122223333:function:orders:live";
        assert!(wildcard_match("*", arn, true));
        assert!(wildcard_match(
            "arn:aws:lambda:*:111122223333:function:*",
            arn,
            true
        ));
        assert!(wildcard_match(
            "arn:aws:lambda:us-east-?:*:function:orders:*",
            arn,
            true
        ));
        assert!(!wildcard_match(
            "arn:aws:lambda:*:111122223333:function:order",
            arn,
            true
        ));
        assert!(!wildcard_match(
            "arn:aws:lambda:*:*:function:ORDERS:*",
            arn,
            true
        ));
        assert!(wildcard_match(
            "lambda:invoke*",
            "lambda:InvokeFunction",
            false
        ));
        assert!(!wildcard_match("lambda:Get?", "lambda:GetPolicy", false));
        assert!(wildcard_match("a**b", "ab", true));
    }

    #[test]
    fn non_ascii_text_is_matched_by_character() {
        assert!(wildcard_match("caf?-*", "café-x", true));
        assert!(wildcard_match("*é", "thé", false));
        assert!(!wildcard_match("caf??", "café", true), "é is one character");
    }
}
