//! Where something is in a text the user wrote: a byte range for the editor, and line, column
//! and length in characters for a person (`FILE:LINE:COL`). Lines and columns count from 1.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    /// Byte offsets into the text, `start..end`.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    /// In characters; 0 only at the end of the text.
    pub length: usize,
}

impl TextSpan {
    /// The span of the bytes `start..end` of `text`; offsets past the end, or inside a
    /// character, are moved back to the nearest character boundary.
    pub fn of(text: &str, start: usize, end: usize) -> TextSpan {
        let start = floor_boundary(text, start);
        let end = floor_boundary(text, end.max(start));
        let before = &text[..start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        TextSpan {
            start,
            end,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            length: text[start..end].chars().count(),
        }
    }

    /// The one character at `line` and byte `column` (both from 1), as serde_json reports a
    /// syntax error; column 0 means the end of the line before.
    pub fn at_byte_column(text: &str, line: usize, column: usize) -> TextSpan {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let start = floor_boundary(text, (line_start + column).saturating_sub(1));
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        TextSpan::of(text, start, end)
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let text = "{\n  \"é\": \"x\"\n}";
        let x = text.find("\"x\"").unwrap();
        let span = TextSpan::of(text, x, x + 3);
        assert_eq!((span.line, span.column, span.length), (2, 8, 3));
    }

    #[test]
    fn a_serde_position_becomes_the_character_there() {
        let text = "{\n  \"a\": tru\n}";
        let span = TextSpan::at_byte_column(text, 2, 8);
        assert_eq!(&text[span.start..span.end], "t");
        assert_eq!((span.line, span.column, span.length), (2, 8, 1));
    }

    #[test]
    fn offsets_past_the_end_stay_inside() {
        let span = TextSpan::of("ab", 5, 9);
        assert_eq!((span.start, span.end, span.length), (2, 2, 0));
    }
}
