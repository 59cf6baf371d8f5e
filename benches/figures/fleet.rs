//! Section "fleet": `audit` over 5 accounts × 3 regions of one `serve` enforcing Lambda's
//! quota of 15 requests a second per account-region, against the quota's lower bound (the
//! slowest account-region's policies at 15 a second) and against a loop of `aws lambda
//! get-policy` over the same policies.

use crate::procs::{BINARY, Env, run};
use crate::report::{Row, Target, Value};
use crate::support::{Served, clean_command};
use std::time::Duration;

const ACCOUNTS: usize = 5;
const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const FUNCTIONS: usize = 100;
const QUOTA: f64 = 15.0;
/// Calls of the AWS CLI loop measured; the loop over the whole fleet is extrapolated from them.
const CLI_SAMPLE: usize = 20;

pub fn rows(env: &Env) -> Vec<Row> {
    let profiles = env.home().join("fleet.conf");
    // Kept running until the section ends (the guard kills it).
    let _served = Served::start(&[
        "--accounts",
        &ACCOUNTS.to_string(),
        "--regions",
        &REGIONS.join(","),
        "--functions",
        &FUNCTIONS.to_string(),
        "--rate-limit",
        &QUOTA.to_string(),
        "--write-profiles",
        profiles.to_str().expect("a UTF-8 path"),
    ]);
    let names: Vec<String> = std::fs::read_to_string(&profiles)
        .expect("serve wrote its profiles")
        .lines()
        .filter_map(|l| {
            l.strip_prefix("[profile ")?
                .strip_suffix(']')
                .map(String::from)
        })
        .collect();
    let mut audit = clean_command(std::path::Path::new(BINARY), env.home());
    audit
        .env("AWS_CONFIG_FILE", &profiles)
        .args(["audit", "--profiles", &names.join(","), "--regions"])
        .arg(REGIONS.join(","))
        .args(["--rate", &QUOTA.to_string(), "--output", "json"]);
    let ours = run(audit, Duration::from_secs(600));
    let report: serde_json::Value =
        serde_json::from_slice(&ours.stdout).expect("audit writes JSON");
    let places = report["places"].as_array().expect("places");
    assert!(
        places.iter().all(|p| p["status"] == "read"),
        "every account-region read: {places:?}"
    );
    let slowest = places
        .iter()
        .filter_map(|p| p["policies_read"].as_u64())
        .max()
        .unwrap_or(0);
    let total: u64 = places
        .iter()
        .filter_map(|p| p["policies_read"].as_u64())
        .sum();
    let bound = Duration::from_secs_f64(slowest as f64 / QUOTA);

    // The AWS CLI, one get-policy at a time, as a script would loop over the fleet.
    let mut times = Vec::new();
    for i in 0..CLI_SAMPLE {
        let mut aws = env.command(&env.tool("aws"));
        aws.env("AWS_CONFIG_FILE", &profiles)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .args(["lambda", "get-policy", "--function-name"])
            .arg(format!("fn-{:05}", (i % 9 + 1) * 10))
            .args(["--profile", &names[0], "--output", "json"]);
        times.push(run(aws, Duration::from_secs(60)).elapsed);
    }
    let per_call = times.iter().sum::<Duration>() / CLI_SAMPLE as u32;
    let cli_loop = per_call * total as u32;
    let scale = format!(
        "{ACCOUNTS} accounts × {} regions × {slowest} policies at {QUOTA} req/s",
        REGIONS.len()
    );
    vec![
        Row::new(
            "8a",
            format!("fleet audit, {scale}"),
            Value::Time(ours.elapsed),
        )
        .target(Target::Under(Value::Time(bound.mul_f64(1.15))))
        .peer(
            format!("aws lambda get-policy loop ({CLI_SAMPLE} timed, × {total})"),
            Value::Time(cli_loop),
        ),
        Row::new(
            "8b",
            "fleet audit's lower bound: the slowest account-region's policies / 15 a second",
            Value::Time(bound),
        ),
    ]
}
