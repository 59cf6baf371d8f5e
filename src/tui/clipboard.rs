//! Copy through OSC 52: the terminal puts the text on the clipboard, even over SSH.

use base64::Engine;

/// The escape sequence that asks the terminal to copy `text`. What is copied is pasted later
/// into a terminal or an editor, so nothing unsafe goes in: JSON keeps its value (the characters
/// are written as `\uXXXX`), other text shows them as escapes.
pub fn osc52(text: &str) -> String {
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(crate::printable::json(text).as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_wraps_base64_of_the_text() {
        assert_eq!(super::osc52("hi"), "\x1b]52;c;aGk=\x07");
    }

    #[test]
    fn nothing_unsafe_reaches_the_clipboard() {
        use base64::Engine;
        let sequence = super::osc52("{\"Sid\":\"a\u{202e}b\u{9b}\"}");
        let encoded = &sequence["\x1b]52;c;".len()..sequence.len() - 1];
        let copied = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(
            String::from_utf8(copied).unwrap(),
            "{\"Sid\":\"a\\u202eb\\u009b\"}"
        );
    }
}
