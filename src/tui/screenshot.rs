//! `:screenshot`: the screen as an SVG (the cell grid with its colours, bold, reverse and
//! underline, in a monospace font) and as plain text beside it.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;

/// One cell's width and one row's height in the SVG, in pixels, and the font size.
const CELL_WIDTH: f32 = 8.6;
const ROW_HEIGHT: f32 = 18.0;
const FONT_SIZE: f32 = 14.5;
const FOREGROUND: &str = "#d0d0d0";
const BACKGROUND: &str = "#1c1c1c";

/// The terminal's 16 colours as a dark theme draws them, and the 256-colour cube.
fn hex(color: Color) -> Option<String> {
    let rgb = match color {
        Color::Reset => return None,
        Color::Black => (0x1c, 0x1c, 0x1c),
        Color::Red => (0xd7, 0x5f, 0x5f),
        Color::Green => (0x87, 0xaf, 0x5f),
        Color::Yellow => (0xd7, 0xaf, 0x5f),
        Color::Blue => (0x5f, 0x87, 0xd7),
        Color::Magenta => (0xaf, 0x87, 0xd7),
        Color::Cyan => (0x5f, 0xaf, 0xaf),
        Color::Gray => (0xbc, 0xbc, 0xbc),
        Color::DarkGray => (0x80, 0x80, 0x80),
        Color::LightRed => (0xff, 0x87, 0x87),
        Color::LightGreen => (0xaf, 0xd7, 0x87),
        Color::LightYellow => (0xff, 0xd7, 0x87),
        Color::LightBlue => (0x87, 0xaf, 0xff),
        Color::LightMagenta => (0xd7, 0xaf, 0xff),
        Color::LightCyan => (0x87, 0xd7, 0xd7),
        Color::White => (0xee, 0xee, 0xee),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => indexed(i),
    };
    Some(format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2))
}

fn indexed(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => {
            let base = [
                Color::Black,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::Gray,
                Color::DarkGray,
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::White,
            ][usize::from(i)];
            let hex = hex(base).unwrap_or_default();
            let value = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).unwrap_or(0);
            (value(1), value(3), value(5))
        }
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            let n = i - 16;
            (level(n / 36), level((n / 6) % 6), level(n % 6))
        }
        _ => {
            let grey = 8 + (i - 232) * 10;
            (grey, grey, grey)
        }
    }
}

/// The screen as an SVG document.
pub fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let width = f32::from(area.width) * CELL_WIDTH;
    let height = f32::from(area.height) * ROW_HEIGHT;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}" font-family="'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace" font-size="{FONT_SIZE}">"#
    );
    let _ = write!(
        out,
        r#"<rect width="100%" height="100%" fill="{BACKGROUND}"/>"#
    );
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buffer[(area.x + x, area.y + y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (fg, bg) = if reversed {
                (
                    hex(cell.bg).unwrap_or_else(|| BACKGROUND.into()),
                    Some(hex(cell.fg).unwrap_or_else(|| FOREGROUND.into())),
                )
            } else {
                (
                    hex(cell.fg).unwrap_or_else(|| FOREGROUND.into()),
                    hex(cell.bg),
                )
            };
            let (left, top) = (f32::from(x) * CELL_WIDTH, f32::from(y) * ROW_HEIGHT);
            if let Some(bg) = bg {
                let _ = write!(
                    out,
                    r#"<rect x="{left:.1}" y="{top:.1}" width="{CELL_WIDTH}" height="{ROW_HEIGHT}" fill="{bg}"/>"#
                );
            }
            // As the terminal gets it: the screen may hold text from the network.
            let symbol = crate::printable::cell_symbol(cell.symbol());
            if symbol.trim().is_empty() {
                continue;
            }
            let mut attributes = format!(r#"fill="{fg}""#);
            if cell.modifier.contains(Modifier::BOLD) {
                attributes.push_str(r#" font-weight="bold""#);
            }
            if cell.modifier.contains(Modifier::ITALIC) {
                attributes.push_str(r#" font-style="italic""#);
            }
            if cell.modifier.contains(Modifier::UNDERLINED) {
                attributes.push_str(r#" text-decoration="underline""#);
            }
            if cell.modifier.contains(Modifier::DIM) {
                attributes.push_str(r#" opacity="0.6""#);
            }
            let baseline = top + ROW_HEIGHT * 0.75;
            let _ = write!(
                out,
                r#"<text x="{left:.1}" y="{baseline:.1}" {attributes}>{}</text>"#,
                crate::xml::escape(&symbol)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The screen as plain text, one line per row, trailing blanks trimmed.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width)
            .map(|x| crate::printable::cell_symbol(buffer[(area.x + x, area.y + y)].symbol()))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where a screenshot goes when no name is given: the current directory, with the time.
pub fn default_name(now: time::OffsetDateTime) -> String {
    let stamp = now
        .format(time::macros::format_description!(
            "[year][month][day]-[hour][minute][second]"
        ))
        .unwrap_or_else(|_| "now".into());
    format!("lambda-policy-{stamp}.svg")
}

/// `name` (`...svg`) as the `n`th screenshot of its second: `n` 1 is the name itself.
pub fn numbered(name: &str, n: u32) -> String {
    match (n, name.strip_suffix(".svg")) {
        (1, _) | (_, None) => name.to_string(),
        (n, Some(stem)) => format!("{stem}-{n}.svg"),
    }
}

/// Writes the SVG at `path` (an `.svg` added when missing) and the text beside it (`.txt`),
/// neither through a link; files there are replaced only with [`Existing::Replace`], and
/// neither is written when either exists. Returns both paths.
pub fn save(
    buffer: &Buffer,
    path: &std::path::Path,
    existing: crate::files::Existing,
) -> Result<(String, String), crate::files::FileError> {
    use crate::files::{Access, Existing, FileError};
    let svg_path = if path.extension().is_some_and(|e| e == "svg") {
        path.to_path_buf()
    } else {
        path.with_extension("svg")
    };
    let text_path = svg_path.with_extension("txt");
    if existing == Existing::Keep {
        for taken in [&svg_path, &text_path] {
            if std::fs::symlink_metadata(taken).is_ok() {
                return Err(FileError::Exists(taken.clone()));
            }
        }
    }
    crate::files::write(&svg_path, svg(buffer).as_bytes(), Access::Shared, existing)?;
    crate::files::write(
        &text_path,
        text(buffer).as_bytes(),
        Access::Shared,
        existing,
    )?;
    Ok((
        svg_path.display().to_string(),
        text_path.display().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn a_cell_holding_a_bidi_control_is_saved_without_it() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 3, 1));
        buffer[(0, 0)].set_symbol("a\u{202e}");
        buffer[(1, 0)].set_symbol("b");
        let text = super::text(&buffer);
        let svg = super::svg(&buffer);
        assert!(text.starts_with("ab"), "{text:?}");
        assert!(!text.contains('\u{202e}') && !svg.contains('\u{202e}'));
        assert!(svg.contains(">a<") && svg.contains(">b<"), "{svg}");
    }
}
