//! Where an audit reads: every profile given (each resolved by the credential chain, roles
//! assumed as the AWS CLI does) in every region given, each place with its own client, so
//! each keeps its own pace under Lambda's per-account, per-region quotas.

use crate::cli::{AuditArgs, Cli, ConnectionArgs};
use crate::commands::CommandError;
use crate::lambda::regions::COMMERCIAL;

/// One account (through a profile) in one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The profile, `None` for the default chain.
    pub profile: Option<String>,
    /// `None`: the region the configuration gives.
    pub region: Option<String>,
}

impl Place {
    pub fn connection(&self, base: &ConnectionArgs) -> ConnectionArgs {
        ConnectionArgs {
            profile: self.profile.clone().or(base.profile.clone()),
            region: self.region.clone().or(base.region.clone()),
            ..base.clone()
        }
    }
}

/// The places `--profiles` and `--regions` name (one, where the configuration points, when
/// neither is given).
pub fn places(cli: &Cli, args: &AuditArgs) -> Result<Vec<Place>, CommandError> {
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
    if cli.connection.demo && (regions.len() > 1 || profiles.len() > 1) {
        return Err(CommandError::bad_input(
            "the demo serves one account in one region: audit it without --regions and --profiles",
        ));
    }
    let mut places = Vec::new();
    for profile in &profiles {
        for region in &regions {
            let place = Place {
                profile: profile.clone(),
                region: region.clone(),
            };
            if !places.contains(&place) {
                places.push(place);
            }
        }
    }
    Ok(places)
}
