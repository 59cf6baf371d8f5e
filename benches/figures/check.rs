//! 9. `check --no-public-access` over 10,000 policy files (the case table's documents, each
//!    Sid made unique), policies per second, beside parliament over the same files in the same
//!    run (its figure includes its start, as ours does).

use crate::procs::Env;
use crate::report::{Row, Target, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FILES: usize = 10_000;

/// The corpus: the case table's access documents, again and again, pretty-printed.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/access_cases.json"
        ))
        .expect("the case table"),
    )
    .expect("the case table is JSON");
    let cases = table["access"].as_array().expect("access cases");
    (0..FILES)
        .map(|i| {
            let mut statements = cases[i % cases.len()]["statements"].clone();
            for s in statements.as_array_mut().expect("a list") {
                let sid = format!("{}{i}", s["Sid"].as_str().unwrap_or("s"));
                s["Sid"] = sid.into();
            }
            let path = dir.join(format!("p{i:05}.json"));
            let document = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
            std::fs::write(
                &path,
                serde_json::to_string_pretty(&document).expect("JSON"),
            )
            .expect("a corpus file");
            path
        })
        .collect()
}

fn rate(elapsed: Duration) -> Value {
    Value::Throughput(FILES as f64 / elapsed.as_secs_f64())
}

pub fn rows(env: &Env) -> Vec<Row> {
    let dir = tempfile::tempdir().expect("a corpus directory");
    let files = corpus(dir.path());
    let ours: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let out = env
                .command(Path::new(crate::support::BINARY))
                .arg("check")
                .arg("--no-public-access")
                .args(&files)
                .output()
                .expect("check runs");
            let elapsed = started.elapsed();
            assert_eq!(out.status.code(), Some(1), "some of the corpus is public");
            elapsed
        })
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/python/parliament_files.py");
    let started = Instant::now();
    let out = Command::new(env.tool("python"))
        .arg(script)
        .args(&files)
        .output()
        .expect("parliament runs");
    let parliament = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    vec![
        Row::new(
            "9a",
            format!("check --no-public-access, {FILES} policy files (median of 5)"),
            rate(crate::median(&ours)),
        )
        .target(Target::Times(50.0))
        .peer("parliament 1.6.4", rate(parliament)),
    ]
}
