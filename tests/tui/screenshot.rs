//! `:screenshot`: the SVG is valid XML, a real renderer (rsvg-convert) draws it to a PNG, and
//! the text beside it is the screen.

use crate::common;

use common::tui_harness::{Harness, text_of};
use lambda_policy::tui::screenshot;

#[tokio::test]
async fn the_svg_renders_and_the_text_is_the_screen() {
    if common::skip_without(common::Needs::Rsvg) {
        return;
    }
    let h = Harness::on_policy("legacy-reports").await;
    let buffer = h.buffer(80, 24);
    let dir = tempfile::tempdir().unwrap();
    let (svg_path, text_path) = screenshot::save(
        &buffer,
        &dir.path().join("shot"),
        lambda_policy::files::Existing::Keep,
    )
    .unwrap();
    assert!(svg_path.ends_with("shot.svg") && text_path.ends_with("shot.txt"));
    let text = std::fs::read_to_string(&text_path).unwrap();
    let screen: String = text_of(&buffer)
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect();
    assert_eq!(text, screen, "the text is the screen");
    assert!(text.contains("legacy-reports") && text.contains("anyone"));

    // Well-formed XML, as a strict parser reads it.
    let parsed = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, xml.etree.ElementTree as t; r = t.parse(sys.argv[1]).getroot(); print(r.tag, len(r))",
        ])
        .arg(&svg_path)
        .output()
        .expect("python3 runs");
    assert!(
        parsed.status.success(),
        "not XML: {}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    assert!(String::from_utf8_lossy(&parsed.stdout).starts_with("{http://www.w3.org/2000/svg}svg"));

    let png = dir.path().join("shot.png");
    let rendered = std::process::Command::new("rsvg-convert")
        .arg(&svg_path)
        .arg("-o")
        .arg(&png)
        .output()
        .expect("rsvg-convert runs");
    assert!(
        rendered.status.success(),
        "rsvg-convert: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    // The PNG's width and height (its IHDR) are the grid's: 80 cells and 24 rows.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (688, 432), "{width}x{height}");
}

#[test]
fn markup_in_the_screen_stays_text() {
    let mut buffer = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
    buffer.set_string(0, 0, "<a & \"b\">", ratatui::style::Style::new());
    let svg = screenshot::svg(&buffer);
    assert!(svg.contains("&lt;") && svg.contains("&amp;") && svg.contains("&quot;"));
    assert!(!svg.contains("<a "));
}
