//! Copy through OSC 52: the terminal puts the text on the clipboard, even over SSH.

use base64::Engine;

/// The escape sequence that asks the terminal to copy `text`.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_wraps_base64_of_the_text() {
        assert_eq!(super::osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
