//! The figures of lambda-policy, measured, with the peer's in the same run, as one table.
//!
//! Run by `./scripts/bench` (which builds the release binary and provides the Python venv with
//! moto and the AWS CLI). `cargo bench --bench figures -- --only render,core` runs some
//! sections only: inventory, roundtrip, terminal, throughput, render, core, fleet, check.
//!
//! All traffic stays on 127.0.0.1; every child process is killed when its section ends.

#[path = "../shared/fixtures.rs"]
mod fixtures;
#[path = "../../tests/common/support.rs"]
mod support;

mod check;
mod core_loops;
mod fleet;
mod inventory;
mod procs;
mod render;
mod report;
mod terminal;
mod throughput;

use lambda_policy::lambda::retry::RetryPolicy;
use lambda_policy::lambda::{Connection, CredentialSource, Endpoint, LambdaClient};
use procs::{ACCESS_KEY, Env, REGION, SECRET_KEY, Serve};
use std::time::{Duration, Instant};

const SECTIONS: [&str; 8] = [
    "inventory",
    "roundtrip",
    "terminal",
    "throughput",
    "render",
    "core",
    "fleet",
    "check",
];

/// Our client on `url`; without retries for load, where a failure must count as one.
pub fn client(url: &str, retries: bool) -> LambdaClient {
    let connection = Connection {
        endpoint: Endpoint {
            url: url.to_string(),
            source: "the benchmark".into(),
        },
        region: REGION.into(),
        profile: None,
        credentials: CredentialSource::fixed(ACCESS_KEY, SECRET_KEY),
    };
    let mut client = LambdaClient::new(connection).expect("the client builds");
    if !retries {
        client.retry = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        };
    }
    client
}

pub fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn selected_sections() -> Vec<&'static str> {
    // cargo bench passes --bench; only --only is ours.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    match only {
        None => SECTIONS.to_vec(),
        Some(list) => {
            let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
            for w in &wanted {
                assert!(
                    SECTIONS.contains(w),
                    "--only: no section '{w}'; choose from {}",
                    SECTIONS.join(", ")
                );
            }
            SECTIONS
                .iter()
                .copied()
                .filter(|s| wanted.contains(s))
                .collect()
        }
    }
}

fn progress(section: &str) -> Instant {
    eprintln!("figures: {section} …");
    Instant::now()
}

fn main() {
    // SAFETY: set before any thread starts; nothing of ours may ever ask the metadata service.
    unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") };
    let sections = selected_sections();
    let wants = |s: &str| sections.contains(&s);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let started = Instant::now();
    let mut rows = Vec::new();

    let needs_processes = sections
        .iter()
        .any(|s| ["inventory", "roundtrip", "terminal", "throughput"].contains(s));
    if needs_processes {
        let env = Env::new();
        let t = progress("serve --functions 10000");
        let big = Serve::start(&env, 10_000);
        let total = rt
            .block_on(client(&big.url, true).list_all_functions())
            .expect("serve lists its functions")
            .len();
        eprintln!(
            "figures: {total} functions listed in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let mut cli_rss = None;
        if wants("inventory") {
            let t = progress("inventory (ours, then the AWS CLI)");
            let inventory = inventory::inventory(&env, &rt, &big);
            cli_rss = Some(inventory.cli_max_rss_kb);
            rows.extend(inventory.rows);
            eprintln!("figures: inventory took {:.0} s", t.elapsed().as_secs_f64());
        }
        if wants("roundtrip") {
            let t = progress("policy round trip (ours, then the AWS CLI)");
            rows.extend(inventory::round_trip(&env, &big));
            eprintln!(
                "figures: round trip took {:.0} s",
                t.elapsed().as_secs_f64()
            );
        }
        if wants("terminal") {
            let t = progress("the TUI under a pty");
            rows.extend(terminal::rows(&env, &big, total, cli_rss));
            eprintln!("figures: the TUI took {:.0} s", t.elapsed().as_secs_f64());
        }
        if wants("throughput") {
            let t = progress("emulator throughput (serve, then moto_server)");
            rows.extend(throughput::rows(&env, &rt, &big));
            eprintln!(
                "figures: throughput took {:.0} s",
                t.elapsed().as_secs_f64()
            );
        }
        drop(big);
    }
    if wants("render") {
        let t = progress("rendering");
        rows.extend(render::rows());
        eprintln!("figures: rendering took {:.0} s", t.elapsed().as_secs_f64());
    }
    if wants("core") {
        progress("policy core");
        rows.extend(core_loops::rows());
    }
    if wants("fleet") {
        let t = progress("fleet audit (ours, then the AWS CLI)");
        rows.extend(fleet::rows(&Env::new()));
        eprintln!("figures: the fleet took {:.0} s", t.elapsed().as_secs_f64());
    }
    if wants("check") {
        let t = progress("check over 10,000 files (ours, then parliament)");
        rows.extend(check::rows(&Env::new()));
        eprintln!("figures: check took {:.0} s", t.elapsed().as_secs_f64());
    }
    rows.sort_by_key(|r| r.id);
    eprintln!(
        "figures: done in {:.0} s\n",
        started.elapsed().as_secs_f64()
    );
    print!("{}", report::table(&rows));
}
