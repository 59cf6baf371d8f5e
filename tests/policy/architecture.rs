//! The shape of the source tree, checked: no module imports, directly or through others, a
//! module of its own folder that imports it back, and ARNs are taken apart in one place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The text of a file without its `//` comments.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules of a folder (files and subfolders, but `mod.rs`) and what each one's code is:
/// a subfolder's is all of its files, where `super::` means the module itself.
fn modules(folder: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let text = rust_files(&path)
                .iter()
                .map(|f| code(f).replace("super::", "SELF::"))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(name, text);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "mod" {
            out.insert(name, code(&path));
        }
    }
    out
}

/// The names `text` (a module of the folder at `crate_path`) reaches through `super::` or the
/// folder's own path: `super::a`, `super::{a, b::c}`, `crate::tui::a`.
fn named(text: &str, crate_path: &str) -> BTreeSet<String> {
    let pattern = format!(
        r"(?:\bsuper|{})::(\{{[^}}]*\}}|\w+)",
        regex_lite::escape(crate_path)
    );
    let paths = regex_lite::Regex::new(&pattern).unwrap();
    let word = regex_lite::Regex::new(r"\w+").unwrap();
    paths
        .captures_iter(text)
        .flat_map(|c| {
            word.find_iter(c.get(1).unwrap().as_str())
                .map(|w| w.as_str().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The folders' import circles, each as the modules in it.
fn circles() -> Vec<(String, Vec<String>)> {
    let mut folders: Vec<PathBuf> = vec![PathBuf::from(SRC)];
    let mut found = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            }
        }
        let relative = folder.strip_prefix(SRC).unwrap();
        let crate_path = std::iter::once("crate".to_string())
            .chain(relative.iter().map(|p| p.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join("::");
        let modules = modules(&folder);
        let graph: BTreeMap<&str, BTreeSet<&str>> = modules
            .iter()
            .map(|(name, text)| {
                let reached = named(text, &crate_path);
                let uses = modules
                    .keys()
                    .filter(|other| *other != name && reached.contains(*other))
                    .map(String::as_str)
                    .collect();
                (name.as_str(), uses)
            })
            .collect();
        // A module is in a circle when it can reach itself.
        let reaches = |from: &str| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&str> = graph[from].iter().copied().collect();
            while let Some(next) = stack.pop() {
                if seen.insert(next) {
                    stack.extend(graph[next].iter().copied());
                }
            }
            seen
        };
        let circular: Vec<String> = graph
            .keys()
            .filter(|m| reaches(m).contains(*m))
            .map(|m| m.to_string())
            .collect();
        if !circular.is_empty() {
            found.push((folder.display().to_string(), circular));
        }
    }
    found
}

#[test]
fn no_module_imports_a_module_of_its_folder_that_imports_it_back() {
    let found = circles();
    assert!(found.is_empty(), "import circles: {found:#?}");
}

#[test]
fn arns_are_taken_apart_only_in_policy_arn() {
    let splitting: Vec<String> = rust_files(Path::new(SRC))
        .into_iter()
        .filter(|f| !f.ends_with("policy/arn.rs"))
        .filter(|f| code(f).contains("split(':')"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        splitting.is_empty(),
        "split(':') outside policy/arn.rs: {splitting:?}"
    );
}
