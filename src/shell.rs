//! Values put into a shell command the app shows or copies (the AWS CLI equivalent of a
//! request): each one shell word, whatever the user or the server wrote, so that pasting the
//! command runs only the command.

/// `value` as one shell word. A value shlex cannot quote (a NUL) is left out whole.
pub fn word(value: &str) -> String {
    shlex::try_quote(value).map_or_else(|_| "''".into(), |q| q.into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_stays_one_word() {
        assert_eq!(super::word("plain-1"), "plain-1");
        assert_eq!(super::word("a b;rm -rf ~"), "'a b;rm -rf ~'");
        assert_eq!(super::word("x\0y"), "''");
    }
}
