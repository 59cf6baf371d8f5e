//! The README's key table is the keymap's: a key added, moved or reworded in
//! `src/tui/keymap.rs` and not in the README fails here, with the table to paste.

#[test]
fn the_readme_key_table_is_the_keymaps() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let start = readme
        .find("<!-- keys: generated from src/tui/keymap.rs")
        .expect("the keys marker");
    let table_start = readme[start..].find('\n').unwrap() + start + 1;
    let end = readme.find("<!-- end of keys -->").expect("the end marker");
    let expected = lambda_policy::tui::keymap::markdown_table();
    assert_eq!(
        &readme[table_start..end],
        expected,
        "the README's key table differs from the keymap; it should read:\n{expected}"
    );
}
