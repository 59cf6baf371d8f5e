//! Text that came from the network or from a file, made safe for a terminal or a log.
//!
//! A Lambda endpoint, a fixture or a policy can carry anything: an escape sequence that clears
//! the screen or writes the clipboard (OSC 52), a link (OSC 8), a bell, C1 controls that some
//! terminals read as CSI, or a bidi override that shows text in another order than it is
//! stored. [`is_unsafe`] is the one definition of what may not reach an output; every output
//! (stdout, stderr, the TUI's backend, the log, the clipboard) goes through this module.

use std::borrow::Cow;

/// The bidirectional formatting characters: marks, embeddings, overrides and isolates.
const BIDI_CONTROLS: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Whether `c` may not be written to a terminal as it is: C0 and C1 controls, DEL, the bidi
/// controls, and the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || BIDI_CONTROLS.contains(&c) || c == '\u{2028}' || c == '\u{2029}'
}

fn escape_with(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && !keep(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line as it may be shown: every unsafe character, newlines too, written as its escape
/// (`\u{1b}`, `\n`), so that nothing is hidden and nothing is obeyed.
pub fn line(text: &str) -> Cow<'_, str> {
    escape_with(text, |_| false)
}

/// Text of several lines as it may be shown: the same as [`line`] but newlines are kept.
pub fn text(text: &str) -> Cow<'_, str> {
    escape_with(text, |c| c == '\n')
}

/// JSON as it may be printed or copied: serde_json leaves DEL, C1 and the bidi controls raw
/// inside strings; they are written as `\uXXXX` escapes instead, which is the same JSON value.
/// Outside strings serde_json writes only ASCII, so every such character is inside a string.
pub fn json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Pretty JSON of `value` that is safe to print: see [`json`].
pub fn to_json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    json(&text).into_owned()
}

/// A terminal cell's symbol without anything unsafe; a symbol left empty becomes a space.
pub fn cell_symbol(symbol: &str) -> Cow<'_, str> {
    if !symbol.chars().any(is_unsafe) {
        return Cow::Borrowed(symbol);
    }
    let kept: String = symbol.chars().filter(|c| !is_unsafe(*c)).collect();
    Cow::Owned(if kept.is_empty() { " ".into() } else { kept })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\x1b[2Jb\x1b]52;c;SGVsbG8=\x07c\u{9b}31md\u{202e}e\u{7f}f\r\ng";

    #[test]
    fn a_line_escapes_every_control_and_bidi_character() {
        let shown = line(HOSTILE);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert_eq!(
            shown,
            "a\\u{1b}[2Jb\\u{1b}]52;c;SGVsbG8=\\u{7}c\\u{9b}31md\\u{202e}e\\u{7f}f\\r\\ng"
        );
        assert!(matches!(line("plain ✓ text"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_keeps_newlines_only() {
        assert_eq!(text("one\ntwo\x1b"), "one\ntwo\\u{1b}");
    }

    #[test]
    fn json_escapes_keep_the_value_and_stay_valid() {
        let value = serde_json::json!({ "message": HOSTILE, "emoji": "🙂" });
        let printed = to_json_pretty(&value);
        assert!(!printed.chars().any(|c| is_unsafe(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(back, value);
        assert!(printed.contains("\\u202e") && printed.contains("\\u007f"));
    }

    #[test]
    fn cell_symbols_lose_unsafe_characters() {
        assert_eq!(cell_symbol("\u{202e}"), " ");
        assert_eq!(cell_symbol("e\u{301}"), "e\u{301}");
        assert_eq!(cell_symbol("x\u{9b}"), "x");
    }
}
