//! 4. Bytes over the wire and 5. idle cost and memory: the real binary's TUI under a
//!    pseudo-terminal of 120x40 against `serve --functions 10000`, driven by
//!    benches/python/pty_tui.py.

use crate::procs::{BINARY, Env, Serve, run};
use crate::report::{Row, Target, Value};
use serde_json::Value as Json;
use std::time::Duration;

pub const KEYS: usize = 20;
pub const IDLE_SECONDS: u64 = 10;

pub fn rows(env: &Env, serve: &Serve, total: usize, cli_max_rss_kb: Option<u64>) -> Vec<Row> {
    let mut command = env.command(&env.tool("python"));
    command
        .arg(Env::python_script("pty_tui.py"))
        .args(["--binary", BINARY, "--endpoint", &serve.url, "--log-file"])
        .arg(env.home().join("tui.log"))
        .args(["--keys", &KEYS.to_string()])
        .args(["--idle", &IDLE_SECONDS.to_string()]);
    let r = run(command, Duration::from_secs(150)).ok("the TUI under a pty");
    let report = r.json();
    assert_eq!(
        report["exit_code"],
        Json::from(0),
        "the TUI quit cleanly on q: {report}"
    );
    let number = |v: &Json| v.as_f64().unwrap_or(f64::NAN);
    let seconds = |v: &Json| {
        v.as_f64()
            .map(|s| Value::Time(Duration::from_secs_f64(s)).to_string())
            .unwrap_or_else(|| "never".into())
    };
    let start = &report["start"];
    let keys: Vec<f64> = report["keys"]
        .as_array()
        .expect("key byte counts")
        .iter()
        .map(number)
        .collect();
    assert_eq!(keys.len(), KEYS);
    let mean_of = |name: &str| {
        let values = report[name].as_array().expect("one value a key");
        values.iter().map(number).sum::<f64>() / values.len() as f64
    };
    let mean = keys.iter().sum::<f64>() / keys.len() as f64;
    let max = keys.iter().copied().fold(0.0, f64::max);
    let frames = mean_of("frames_per_key");
    let blank = mean_of("blank_bytes_per_key");
    let idle = &report["idle"];
    let cpu_ms = number(&idle["cpu_ticks"]) * 1000.0 / number(&idle["clock_ticks_per_s"]);
    let hwm = number(&report["memory_kb"]["VmHWM"]) * 1024.0;
    let mut memory = Row::new(
        "5b",
        format!("peak RSS (VmHWM), TUI with {total} functions"),
        Value::Bytes(hwm),
    )
    .target(Target::Under(Value::Bytes(60.0 * 1024.0 * 1024.0)));
    if let Some(kb) = cli_max_rss_kb {
        memory = memory.peer(
            "aws lambda list-functions (all)",
            Value::Bytes(kb as f64 * 1024.0),
        );
    }
    vec![
        Row::new(
            "4a",
            format!(
                "bytes to start, until quiet (first page drawn at {}, last redraw at {})",
                seconds(&start["first_page_s"]),
                seconds(&start["last_byte_s"])
            ),
            Value::Bytes(number(&start["bytes"])),
        ),
        Row::new(
            "4b",
            format!(
                "bytes per `j` keystroke, mean of {KEYS} (max {max:.0} B; {frames:.1} frames a \
                 key; {:.0}% runs of blank cells)",
                blank * 100.0 / mean
            ),
            Value::Bytes(mean),
        )
        .target(Target::Under(Value::Bytes(300.0))),
        Row::new(
            "4c",
            format!("bytes written while idle {IDLE_SECONDS} s"),
            Value::Bytes(number(&idle["bytes"])),
        )
        .target(Target::AtMost(Value::Bytes(0.0))),
        Row::new(
            "5a",
            format!(
                "CPU time while idle {IDLE_SECONDS} s ({} context switches)",
                idle["context_switches"]
            ),
            Value::millis(cpu_ms),
        )
        .target(Target::AtMost(Value::millis(10.0))),
        memory,
    ]
}
