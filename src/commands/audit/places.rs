//! Where an audit reads: every profile given (each resolved by the credential chain, roles
//! assumed as the AWS CLI does) in every region given, each place with its own client, so
//! each keeps its own pace under Lambda's per-account, per-region quotas.

use crate::cli::{AuditArgs, Cli};
use crate::commands::CommandError;
use crate::lambda::regions::COMMERCIAL;

/// One account (through a profile) in one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The profile, `None` for the default chain.
    pub profile: Option<String>,
    /// `None`: the region the configuration gives.
    pub region: Option<String>,
    /// The role assumed there (`--accounts FILE` or `--organization`, with `--role-name NAME`).
    pub role: Option<String>,
}

/// The places `--profiles` and `--regions` name (one, where the configuration points, when
/// neither is given).
pub fn places(
    cli: &Cli,
    args: &AuditArgs,
    organization: Option<Vec<String>>,
) -> Result<Vec<Place>, CommandError> {
    let regions: Vec<Option<String>> = match args.regions.as_slice() {
        [] => vec![None],
        [all] if all == "all" => COMMERCIAL.iter().map(|r| Some(r.to_string())).collect(),
        given => {
            for region in given {
                if !crate::policy::function_ref::is_region(region) {
                    return Err(CommandError::bad_input(format!(
                        "--regions: '{}' is not a region (a list such as us-east-1,eu-west-1, or all)",
                        crate::printable::line(region)
                    )));
                }
            }
            given.iter().map(|r| Some(r.clone())).collect()
        }
    };
    let profiles: Vec<Option<String>> = match args.profiles.as_slice() {
        [] => vec![None],
        given => given.iter().map(|p| Some(p.clone())).collect(),
    };
    let accounts = match (organization, &args.accounts) {
        (Some(accounts), _) => Some(accounts),
        (None, Some(file)) => Some(account_ids(file)?),
        (None, None) => None,
    };
    let roles: Vec<Option<String>> = match (accounts, &args.role_name) {
        (Some(accounts), Some(role)) => accounts
            .into_iter()
            .map(|id| Some(format!("arn:aws:iam::{id}:role/{role}")))
            .collect(),
        (None, Some(_)) => {
            return Err(CommandError::bad_input(
                "--role-name is the role assumed in each account of --accounts FILE or --organization: give one of them",
            ));
        }
        _ => vec![None],
    };
    if cli.connection.demo && (regions.len() > 1 || profiles.len() > 1 || roles.len() > 1) {
        return Err(CommandError::bad_input(
            "the demo serves one account in one region: audit it without --regions and --profiles",
        ));
    }
    let mut places = Vec::new();
    for profile in &profiles {
        for role in &roles {
            for region in &regions {
                let place = Place {
                    profile: profile.clone(),
                    region: region.clone(),
                    role: role.clone(),
                };
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
    }
    Ok(places)
}

/// The account ids of `--accounts FILE`: one a line, blank lines and `#` comments left out.
fn account_ids(file: &std::path::Path) -> Result<Vec<String>, CommandError> {
    let shown = crate::printable::line(&file.display().to_string()).into_owned();
    // An id a line: a megabyte is some 77,000 accounts, more than any organisation holds.
    let text = crate::files::read_text(file, 1024 * 1024)
        .map_err(|e| CommandError::bad_input(format!("--accounts: cannot read it: {e}")))?;
    let mut ids = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let id = line.split('#').next().unwrap_or_default().trim();
        if id.is_empty() {
            continue;
        }
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CommandError::bad_input(format!(
                "--accounts {shown}, line {}: '{}' is not an account id (12 digits)",
                number + 1,
                crate::printable::line(id)
            )));
        }
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_string());
        }
    }
    if ids.is_empty() {
        return Err(CommandError::bad_input(format!(
            "--accounts {shown}: no account id in it"
        )));
    }
    Ok(ids)
}
