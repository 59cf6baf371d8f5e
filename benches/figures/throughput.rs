//! 6. Emulator throughput: GetPolicy and AddPermission with 16 concurrent clients (each its
//!    own LambdaClient and connections, no retries), for a fixed time, against `serve` and
//!    against moto_server. AddPermission uses a new Sid every time and goes round many
//!    functions, so no policy comes near 20 KB.

use crate::client;
use crate::procs::{Env, Moto, Serve, run};
use crate::report::{Row, Value};
use lambda_policy::lambda::LambdaClient;
use lambda_policy::policy::PermissionRequest;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const CLIENTS: usize = 16;
pub const DURATION: Duration = Duration::from_secs(3);
/// Statements added to one function at most: 60 S3 grants stay well under 20 KB.
const PER_FUNCTION: u64 = 60;
const MOTO_FUNCTIONS: usize = 100;
const SERVE_FUNCTIONS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    GetPolicy,
    AddPermission,
}

struct Load {
    ok: u64,
    failed: u64,
    elapsed: Duration,
    first_error: Option<String>,
}

impl Load {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

/// `CLIENTS` tasks calling `op(client, n)` with n = 0, 1, 2 … until `DURATION` has passed or
/// `cap` calls were made.
async fn load<F, Fut>(url: &str, cap: u64, op: F) -> Load
where
    F: Fn(LambdaClient, u64) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + DURATION;
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let client = client(url, false);
        let next = next.clone();
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut failed, mut first_error) = (0u64, 0u64, None);
            while Instant::now() < deadline {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= cap {
                    break;
                }
                let call = tokio::time::timeout(Duration::from_secs(10), op(client.clone(), n));
                match call.await {
                    Ok(Ok(())) => ok += 1,
                    Ok(Err(e)) => {
                        failed += 1;
                        first_error.get_or_insert(e);
                    }
                    Err(_) => {
                        failed += 1;
                        first_error.get_or_insert("no answer within 10 s".into());
                    }
                }
            }
            (ok, failed, first_error)
        }));
    }
    let mut total = Load {
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        first_error: None,
    };
    for task in tasks {
        let (ok, failed, error) = task.await.expect("a load task ends");
        total.ok += ok;
        total.failed += failed;
        if total.first_error.is_none() {
            total.first_error = error;
        }
    }
    total.elapsed = started.elapsed();
    total
}

async fn run_op(url: &str, op: Op, with_policy: Arc<Vec<String>>, all: Arc<Vec<String>>) -> Load {
    match op {
        Op::GetPolicy => {
            load(url, u64::MAX, move |client, n| {
                let names = with_policy.clone();
                async move {
                    let name = &names[n as usize % names.len()];
                    let policy = client
                        .get_policy(name, None)
                        .await
                        .map_err(|e| e.to_string())?;
                    if policy.statement_count() == 0 {
                        return Err(format!("{name} answered an empty policy"));
                    }
                    Ok(())
                }
            })
            .await
        }
        Op::AddPermission => {
            let cap = all.len() as u64 * PER_FUNCTION;
            load(url, cap, move |client, n| {
                let names = all.clone();
                async move {
                    let request = PermissionRequest {
                        function_name: Some(names[n as usize % names.len()].clone()),
                        statement_id: Some(format!("load-{n}")),
                        action: Some("lambda:InvokeFunction".into()),
                        principal: Some("s3.amazonaws.com".into()),
                        source_arn: Some(format!("arn:aws:s3:::load-bucket-{n}")),
                        source_account: Some("123456789012".into()),
                        ..Default::default()
                    };
                    client
                        .add_permission(&request)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
            })
            .await
        }
    }
}

fn checked(what: &str, load: Load) -> Load {
    // A few failures may be reported, but a figure made mostly of errors is no figure.
    assert!(
        load.ok > 0 && load.failed * 100 <= load.ok,
        "{what}: {} ok, {} failed; first error: {:?}",
        load.ok,
        load.failed,
        load.first_error
    );
    load
}

fn synthetic(count: usize, every: usize) -> Vec<String> {
    (1..=count)
        .filter(|i| i % every == 0)
        .map(|i| format!("fn-{i:05}"))
        .collect()
}

fn figure(load: &Load) -> String {
    let failed = if load.failed > 0 {
        format!(", {} failed", load.failed)
    } else {
        String::new()
    };
    format!(
        "{} calls in {:.1} s{failed}",
        load.ok,
        load.elapsed.as_secs_f64()
    )
}

pub fn rows(env: &Env, rt: &tokio::runtime::Runtime, big: &Serve) -> Vec<Row> {
    let serve = Serve::start(env, SERVE_FUNCTIONS);
    let ours_policy = Arc::new(synthetic(SERVE_FUNCTIONS, 10));
    let ours_all = Arc::new(synthetic(SERVE_FUNCTIONS, 1));

    let moto = Moto::start(env);
    let setup = run(
        {
            let mut c = env.command(&env.tool("python"));
            c.arg(Env::moto_setup_script())
                .arg(&moto.url)
                .arg("--load")
                .arg(MOTO_FUNCTIONS.to_string());
            c
        },
        Duration::from_secs(180),
    )
    .ok("creating the functions in moto");
    let moto_all: Vec<String> = setup.json()["load"]
        .as_array()
        .expect("moto_setup.py lists the functions it made")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert_eq!(moto_all.len(), MOTO_FUNCTIONS);
    let moto_all = Arc::new(moto_all);

    let mut rows = Vec::new();
    for (id, op, name) in [
        ("6a", Op::GetPolicy, "GetPolicy"),
        ("6b", Op::AddPermission, "AddPermission"),
    ] {
        let ours = checked(
            &format!("{name} on serve"),
            rt.block_on(run_op(
                &serve.url,
                op,
                ours_policy.clone(),
                ours_all.clone(),
            )),
        );
        let peer = checked(
            &format!("{name} on moto"),
            rt.block_on(run_op(&moto.url, op, moto_all.clone(), moto_all.clone())),
        );
        rows.push(
            Row::new(
                id,
                format!(
                    "{name}, {CLIENTS} clients, serve --functions {SERVE_FUNCTIONS} ({}; moto: {})",
                    figure(&ours),
                    figure(&peer)
                ),
                Value::Rate(ours.rate()),
            )
            .peer(
                format!("moto_server ({MOTO_FUNCTIONS} functions)"),
                Value::Rate(peer.rate()),
            ),
        );
    }
    drop(moto);
    drop(serve);

    // The same write on the 10,000-function emulator: every write copies the whole account.
    let big_all = Arc::new(synthetic(10_000, 1));
    let big_load = checked(
        "AddPermission on serve --functions 10000",
        rt.block_on(run_op(
            &big.url,
            Op::AddPermission,
            big_all.clone(),
            big_all,
        )),
    );
    rows.push(Row::new(
        "6c",
        format!(
            "AddPermission, {CLIENTS} clients, serve --functions 10000 ({})",
            figure(&big_load)
        ),
        Value::Rate(big_load.rate()),
    ));
    rows
}
