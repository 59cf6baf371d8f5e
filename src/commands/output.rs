//! Tables for people, JSON for scripts.

use crate::printable;
use serde::Serialize;

/// Prints rows as aligned columns under a header, padded by display width (a wide character
/// takes two columns).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| printable::line(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width());
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        text.trim_end().to_string()
    };
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut out = line(&header);
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}

/// Pretty JSON, valid whatever the data holds, with nothing a terminal would obey.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut text = printable::to_json_pretty(value);
    text.push('\n');
    text
}

/// Writes to stdout; anything unsafe other than newlines is shown escaped (JSON from [`json`]
/// has nothing left to escape, so it stays valid).
pub fn print(text: &str) {
    use std::io::Write;
    let text = printable::text(text);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_line_up_by_display_width() {
        use unicode_width::UnicodeWidthStr;
        let text = super::table(
            &["NAME", "RUNTIME"],
            &[
                vec!["関数".into(), "python3.12".into()],
                vec!["fn".into(), "java21".into()],
            ],
        );
        let lines: Vec<&str> = text.lines().collect();
        let column = |line: &str, second: &str| line[..line.find(second).unwrap()].width();
        assert_eq!(
            column(lines[0], "RUNTIME"),
            column(lines[1], "python3.12"),
            "{text}"
        );
        assert_eq!(
            column(lines[1], "python3.12"),
            column(lines[2], "java21"),
            "{text}"
        );
    }
}
