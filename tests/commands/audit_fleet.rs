//! A fleet audit against one `serve` holding several accounts in several regions, each
//! account-region with its own functions and Lambda's request quota enforced: every seeded
//! finding found in every account-region, no throttled request given up on, a region the
//! accounts do not have reported as skipped. The real binary, through the profiles file `serve`
//! writes.

use crate::common;

use common::support::{BINARY, Served, clean_command};
use std::process::Output;

const REGIONS: &str = "us-east-1,eu-west-1,ap-southeast-2";

/// `serve` with `accounts` accounts in REGIONS, `functions` more functions each, and Lambda's
/// quota at `rate` requests a second per account-region.
fn fleet(accounts: &str, functions: &str, rate: &str) -> (Served, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let profiles = dir.join("fleet.conf");
    let served = Served::start(&[
        "--accounts",
        accounts,
        "--regions",
        REGIONS,
        "--functions",
        functions,
        "--rate-limit",
        rate,
        "--write-profiles",
        profiles.to_str().unwrap(),
        "--roles",
        "auditor",
    ]);
    (served, profiles)
}

/// The audit as an operator runs it: the profiles file as AWS_CONFIG_FILE, nothing else.
fn audit(served: &Served, profiles: &std::path::Path, args: &[&str]) -> Output {
    clean_command(std::path::Path::new(BINARY), served.home.path())
        .env("AWS_CONFIG_FILE", profiles)
        .arg("audit")
        .args(args)
        .output()
        .unwrap()
}

/// `audit --profiles EVERY-PROFILE --regions REGIONS EXTRA --output json`: the exit code and
/// the JSON.
fn audit_every_profile(
    served: &Served,
    profiles: &std::path::Path,
    regions: &str,
    extra: &[&str],
) -> (Option<i32>, serde_json::Value) {
    let names = profile_names(profiles).join(",");
    let mut args = vec![
        "--profiles",
        &names,
        "--regions",
        regions,
        "--output",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = audit(served, profiles, &args);
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), value)
}

fn profile_names(profiles: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(profiles)
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("[profile ")?
                .strip_suffix(']')
                .map(String::from)
        })
        .collect()
}

#[test]
fn every_account_region_is_read_at_the_quotas_pace_and_every_seeded_finding_found() {
    let (served, profiles) = fleet("5", "100", "15");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&profiles).unwrap().permissions(),
    );
    assert_eq!(mode & 0o777, 0o600, "the keys are the owner's alone");
    assert_eq!(profile_names(&profiles).len(), 5);
    let (code, value) = audit_every_profile(&served, &profiles, REGIONS, &["--rate", "15"]);
    assert_eq!(code, Some(1), "the demo's errors are there");
    let places = value["places"].as_array().unwrap();
    assert_eq!(places.len(), 15);
    for place in places {
        // Read whole: a 429 met at the quota's edge was waited out, none given up on.
        assert_eq!(place["status"], "read", "{place}");
        assert_eq!(
            place["policies_read"], 118,
            "112 functions and 6 layer versions: {place}"
        );
    }
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        15 * 13,
        "the demo's 13 in each account-region"
    );
    let accounts: std::collections::HashSet<&str> = findings
        .iter()
        .map(|f| f["account"].as_str().unwrap())
        .collect();
    assert_eq!(accounts.len(), 5);
    let public = findings
        .iter()
        .filter(|f| f["lint"] == "public" && f["function"] == "legacy-reports")
        .count();
    assert_eq!(public, 15);
    let fingerprints: std::collections::HashSet<&str> = findings
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        fingerprints.len(),
        findings.len(),
        "no two findings share a fingerprint"
    );
}

#[test]
fn an_unpaced_audit_meets_429s_retries_them_and_a_region_not_served_is_skipped() {
    // A quota of 5 a second against 15 requests at once: throttling is certain.
    let (served, profiles) = fleet("2", "0", "5");
    let (code, value) = audit_every_profile(
        &served,
        &profiles,
        "us-east-1,eu-west-1,ap-southeast-2,sa-east-1",
        &["--concurrency", "15"],
    );
    assert_eq!(code, Some(1));
    let places = value["places"].as_array().unwrap();
    let read: Vec<_> = places.iter().filter(|p| p["status"] == "read").collect();
    let skipped: Vec<_> = places.iter().filter(|p| p["status"] == "skipped").collect();
    assert_eq!((read.len(), skipped.len()), (6, 2), "{places:?}");
    assert!(skipped.iter().all(|p| p["region"] == "sa-east-1"));
    assert_eq!(value["findings"].as_array().unwrap().len(), 6 * 13);
    let throttled: u64 = read.iter().map(|p| p["throttled"].as_u64().unwrap()).sum();
    assert!(
        throttled > 0,
        "15 at once over a quota of 5 a second meets 429s: {places:?}"
    );
}

#[test]
fn a_fleet_needs_a_profiles_file_and_loopback() {
    let home = tempfile::tempdir().unwrap();
    let out = clean_command(std::path::Path::new(BINARY), home.path())
        .args(["serve", "--bind", "127.0.0.1:0", "--accounts", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--write-profiles"));
}

#[test]
fn roles_are_assumed_with_the_fleets_sts_from_accounts_file_and_from_role_profiles() {
    let (served, profiles) = fleet("3", "0", "15");
    let names = profile_names(&profiles);
    let ids: Vec<String> = names
        .iter()
        .map(|n| n.trim_start_matches("fleet-").to_string())
        .collect();
    let dir = profiles.parent().unwrap();
    let accounts = dir.join("accounts.txt");
    std::fs::write(
        &accounts,
        format!(
            "# the fleet\n{}\n{}\n\n999999999999  # not ours\n",
            ids[1], ids[2]
        ),
    )
    .unwrap();
    // A role profile too, as the AWS CLI writes them, into the first extra account.
    let mut config = std::fs::read_to_string(&profiles).unwrap();
    config.push_str(&format!(
        "[profile auditor-b]\nrole_arn = arn:aws:iam::{}:role/auditor\nsource_profile = {}\nregion = us-east-1\nendpoint_url = {}\n",
        ids[1], names[0], served.url
    ));
    std::fs::write(&profiles, config).unwrap();

    let run = |args: &[&str]| {
        let out = clean_command(std::path::Path::new(BINARY), served.home.path())
            .env("AWS_CONFIG_FILE", &profiles)
            .env("AWS_ENDPOINT_URL_STS", &served.url)
            .args(["--profile", &names[0], "audit"])
            .args(args)
            .args(["--output", "json"])
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), value)
    };
    let (code, value) = run(&[
        "--accounts",
        accounts.to_str().unwrap(),
        "--role-name",
        "auditor",
        "--regions",
        "us-east-1,eu-west-1",
    ]);
    assert_eq!(code, Some(1));
    let places = value["places"].as_array().unwrap();
    assert_eq!(places.len(), 6, "{places:?}");
    for place in places {
        let role = place["role"].as_str().unwrap();
        if role.contains("999999999999") {
            assert_eq!(place["status"], "failed", "{place}");
            let reason = place["reason"].as_str().unwrap();
            assert!(reason.contains("AccessDenied"), "{place}");
            assert!(reason.contains("trust policy"), "the advice fits: {place}");
        } else {
            assert_eq!(place["status"], "read", "{place}");
            assert!(role.contains(place["account"].as_str().unwrap()), "{place}");
        }
    }
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4 * 13);
    assert!(findings.iter().all(|f| f["account"] != ids[0].as_str()));

    // A role profile of the AWS CLI's kind; and the same account through two profiles is read
    // once.
    let (_, value) = run(&["--profiles", &format!("auditor-b,{}", names[1])]);
    let places = value["places"].as_array().unwrap();
    let statuses: Vec<(&str, &str)> = places
        .iter()
        .map(|p| {
            (
                p["profile"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![("auditor-b", "read"), (names[1].as_str(), "skipped")],
        "{places:?}"
    );
    assert_eq!(places[0]["account"], ids[1].as_str());
    assert!(places[1]["reason"].as_str().unwrap().contains("auditor-b"));
    assert_eq!(value["findings"].as_array().unwrap().len(), 13);
}

#[test]
fn organizations_answers_boto3_and_audit_organization_reads_every_account_of_it() {
    if common::skip_without(common::Needs::Venv) {
        return;
    }
    let (served, profiles) = fleet("3", "0", "15");
    let ids: Vec<String> = profile_names(&profiles)
        .iter()
        .map(|n| n.trim_start_matches("fleet-").to_string())
        .collect();
    // boto3, a client nobody here wrote, reads the fleet's organisation.
    let peer = common::processes::python_json(
        "organizations_peer.py",
        &[served.url.as_str(), &ids[0], &ids[1]],
        &[("AWS_CONFIG_FILE", profiles.as_path())],
    );
    assert_eq!(peer["id"], "o-a1b2c3d4e5");
    assert_eq!(peer["management"], ids[0].as_str());
    assert_eq!(peer["accounts"], serde_json::json!(ids), "paged two by two");
    assert_eq!(peer["states"], serde_json::json!(["ACTIVE"]));
    assert_eq!(peer["member_describes"], "o-a1b2c3d4e5");
    assert_eq!(peer["member_lists"]["code"], "AccessDeniedException");
    assert_eq!(
        peer["too_many"]["code"], "InvalidInputException",
        "botocore leaves the bound to the server"
    );
    assert_eq!(
        peer["forged"]["code"], "InvalidSignatureException",
        "{peer}"
    );

    // The audit of the organisation: every account, through the role, none named by hand.
    let run = |profile: &str| {
        clean_command(std::path::Path::new(BINARY), served.home.path())
            .env("AWS_CONFIG_FILE", &profiles)
            .env("AWS_ENDPOINT_URL_STS", &served.url)
            .args(["--profile", profile, "--output", "json", "audit"])
            .args(["--organization", "--role-name", "auditor", "--no-layers"])
            .output()
            .unwrap()
    };
    let out = run(&format!("fleet-{}", ids[0]));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(1), "the fixture's findings");
    let mut read: Vec<&str> = value["places"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|p| assert_eq!(p["status"], "read", "{p}"))
        .map(|p| p["account"].as_str().unwrap())
        .collect();
    read.sort_unstable();
    let mut expected: Vec<&str> = ids.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(read, expected);
    // A member account may not list the organisation: said, with who may.
    let member = run(&format!("fleet-{}", ids[1]));
    assert_eq!(member.status.code(), Some(1));
    let said = String::from_utf8_lossy(&member.stderr);
    assert!(
        said.contains("AccessDeniedException") && said.contains("management account"),
        "{said}"
    );
}
