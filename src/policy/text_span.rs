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
        LineIndex::new(text).span(start, end)
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

/// Where each line of a text starts, so that many offsets are turned into lines and columns
/// without reading the text from its start for each one.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The line and the character within it of byte `at`, both from 0.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let at = floor_boundary(self.text, at);
        let line = self.starts.partition_point(|start| *start <= at) - 1;
        let start = self.starts[line];
        (line, self.text[start..at].chars().count())
    }

    /// The span of the bytes `start..end`, as [`TextSpan::of`] gives it.
    pub fn span(&self, start: usize, end: usize) -> TextSpan {
        let start = floor_boundary(self.text, start);
        let end = floor_boundary(self.text, end.max(start));
        let (line, column) = self.position(start);
        TextSpan {
            start,
            end,
            line: line + 1,
            column: column + 1,
            length: self.text[start..end].chars().count(),
        }
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
    fn the_index_agrees_with_a_plain_count_at_every_offset() {
        let text = "{\n  \"é\": [\"x\",\n\n \"ü\"]\n}";
        let index = LineIndex::new(text);
        for at in 0..=text.len() {
            let at = floor_boundary(text, at);
            let before = &text[..at];
            let line = before.matches('\n').count();
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count();
            assert_eq!(index.position(at), (line, column), "at {at}");
        }
    }

    #[test]
    fn offsets_past_the_end_stay_inside() {
        let span = TextSpan::of("ab", 5, 9);
        assert_eq!((span.start, span.end, span.length), (2, 2, 0));
    }
}
