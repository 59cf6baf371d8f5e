//! 1. Inventory load: 10,000 functions in `serve`, the first page and the whole list, for our
//!    client (in process, and the real binary) and for the AWS CLI on the same emulator.
//! 2. Policy round trip: GetPolicy, AddPermission, GetPolicy as three runs of the real binary,
//!    and as three runs of the AWS CLI.

use crate::procs::{Env, Serve, run};
use crate::report::{Row, Target, Value};
use crate::{client, median};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(120);

pub struct Inventory {
    pub rows: Vec<Row>,
    /// Peak RSS of the AWS CLI holding the whole list.
    pub cli_max_rss_kb: u64,
}

pub fn inventory(env: &Env, rt: &tokio::runtime::Runtime, serve: &Serve) -> Inventory {
    let url = serve.url.as_str();

    // Our client, in process: a new client (a new connection) for every measurement.
    let mut first_pages = Vec::new();
    for _ in 0..20 {
        let c = client(url, true);
        let started = Instant::now();
        let page = rt
            .block_on(c.list_functions_page(false, None, None))
            .expect("the first page");
        first_pages.push(started.elapsed());
        assert_eq!(page.items.len(), 50, "a page holds 50 functions");
    }
    let mut full_lists = Vec::new();
    let mut total = 0;
    let serve_cpu_before = serve.cpu();
    for _ in 0..5 {
        let c = client(url, true);
        let started = Instant::now();
        let all = rt.block_on(c.list_all_functions()).expect("the whole list");
        full_lists.push(started.elapsed());
        total = all.len();
    }
    let serve_cpu = (serve.cpu() - serve_cpu_before) / 5;
    assert!(total >= 10_000, "serve --functions 10000 lists {total}");

    // The real binary.
    let mut binary_runs = Vec::new();
    let mut binary_rss = 0;
    let mut binary_cpu = Vec::new();
    for _ in 0..5 {
        let r = run(env.ours(url, &["functions", "--output", "json"]), LIMIT)
            .ok("lambda-policy functions");
        let listed = r.json()["functions"].as_array().map_or(0, Vec::len);
        assert_eq!(
            listed, total,
            "lambda-policy functions lists every function"
        );
        binary_runs.push(r.elapsed);
        binary_cpu.push(r.cpu);
        binary_rss = binary_rss.max(r.max_rss_kb);
    }

    // The AWS CLI, same emulator.
    let mut cli_first = Vec::new();
    for _ in 0..3 {
        let r = run(
            env.aws(url, &["list-functions", "--max-items", "50"]),
            LIMIT,
        )
        .ok("aws lambda list-functions --max-items 50");
        assert_eq!(r.json()["Functions"].as_array().map_or(0, Vec::len), 50);
        cli_first.push(r.elapsed);
    }
    let mut cli_full = Vec::new();
    let mut cli_rss = 0;
    for _ in 0..3 {
        let r = run(env.aws(url, &["list-functions"]), LIMIT).ok("aws lambda list-functions");
        assert_eq!(
            r.json()["Functions"].as_array().map_or(0, Vec::len),
            total,
            "the AWS CLI lists every function"
        );
        cli_full.push(r.elapsed);
        cli_rss = cli_rss.max(r.max_rss_kb);
    }

    let pages = total.div_ceil(50);
    let cli_first = Value::Time(median(&cli_first));
    let cli_full = Value::Time(median(&cli_full));
    let rows = vec![
        Row::new(
            "1a",
            "first page (50), LambdaClient::list_functions_page",
            Value::Time(median(&first_pages)),
        )
        .peer("aws list-functions --max-items 50", cli_first),
        Row::new(
            "1b",
            format!("full list ({total}), LambdaClient::list_all_functions"),
            Value::Time(median(&full_lists)),
        )
        .target(Target::Times(20.0))
        .peer("aws lambda list-functions", cli_full),
        Row::new(
            "1c",
            format!("full list ({total}), `lambda-policy functions --output json`"),
            Value::Time(median(&binary_runs)),
        )
        .target(Target::Times(20.0))
        .peer("aws lambda list-functions", cli_full),
        Row::new(
            "1d",
            format!("peak RSS, `functions --output json` ({total})"),
            Value::Bytes(binary_rss as f64 * 1024.0),
        )
        .peer(
            "aws lambda list-functions",
            Value::Bytes(cli_rss as f64 * 1024.0),
        ),
        Row::new(
            "1e",
            format!("where 1b's time goes: serve's CPU per full list ({pages} pages)"),
            Value::Time(serve_cpu),
        ),
        Row::new(
            "1f",
            "where 1c's time goes: `functions` process CPU per full list",
            Value::Time(median(&binary_cpu)),
        ),
    ];
    Inventory {
        rows,
        cli_max_rss_kb: cli_rss,
    }
}

const ROUNDS: usize = 5;
const SOURCE_ARN: &str = "arn:aws:s3:::bench-uploads";
const SOURCE_ACCOUNT: &str = "123456789012";

/// GetPolicy + AddPermission + GetPolicy, process start included, ours and the CLI's, each
/// on a function of its own that starts with the same one-statement policy.
pub fn round_trip(env: &Env, serve: &Serve) -> Vec<Row> {
    let url = serve.url.as_str();
    let (ours_fn, cli_fn) = ("fn-00010", "fn-00020");
    let mut ours = Vec::new();
    let mut cli = Vec::new();
    for round in 0..ROUNDS {
        let sid = format!("roundtrip-{round}");
        let started = Instant::now();
        let before = run(
            env.ours(url, &["policy", ours_fn, "--output", "json"]),
            LIMIT,
        )
        .ok("lambda-policy policy");
        run(
            env.ours(
                url,
                &[
                    "add",
                    ours_fn,
                    "--statement-id",
                    &sid,
                    "--action",
                    "lambda:InvokeFunction",
                    "--principal",
                    "s3.amazonaws.com",
                    "--source-arn",
                    SOURCE_ARN,
                    "--source-account",
                    SOURCE_ACCOUNT,
                    "--output",
                    "json",
                ],
            ),
            LIMIT,
        )
        .ok("lambda-policy add");
        let after = run(
            env.ours(url, &["policy", ours_fn, "--output", "json"]),
            LIMIT,
        )
        .ok("lambda-policy policy");
        ours.push(started.elapsed());
        assert!(
            !String::from_utf8_lossy(&before.stdout).contains(&sid)
                && String::from_utf8_lossy(&after.stdout).contains(&sid),
            "the added statement shows in the second read"
        );

        let started = Instant::now();
        let before = run(
            env.aws(url, &["get-policy", "--function-name", cli_fn]),
            LIMIT,
        )
        .ok("aws lambda get-policy");
        run(
            env.aws(
                url,
                &[
                    "add-permission",
                    "--function-name",
                    cli_fn,
                    "--statement-id",
                    &sid,
                    "--action",
                    "lambda:InvokeFunction",
                    "--principal",
                    "s3.amazonaws.com",
                    "--source-arn",
                    SOURCE_ARN,
                    "--source-account",
                    SOURCE_ACCOUNT,
                ],
            ),
            LIMIT,
        )
        .ok("aws lambda add-permission");
        let after = run(
            env.aws(url, &["get-policy", "--function-name", cli_fn]),
            LIMIT,
        )
        .ok("aws lambda get-policy");
        cli.push(started.elapsed());
        assert!(
            !String::from_utf8_lossy(&before.stdout).contains(&sid)
                && String::from_utf8_lossy(&after.stdout).contains(&sid),
            "the added statement shows in the CLI's second read"
        );
    }
    vec![
        Row::new(
            "2",
            "policy round trip: `policy`, `add`, `policy` (3 processes)",
            Value::Time(median(&ours)),
        )
        .target(Target::Times(10.0))
        .peer(
            "aws get-policy, add-permission, get-policy",
            Value::Time(median(&cli)),
        ),
    ]
}
