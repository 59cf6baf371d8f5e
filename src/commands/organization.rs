//! `--organization`: the caller's organisation read from AWS Organizations, for `access`'s zone
//! of trust and `audit`'s accounts, with what to do when it may not be read.

use super::CommandError;
use crate::lambda::client::LambdaClient;
use crate::lambda::organizations::Organization;

/// The organisation and its accounts; a refusal says who may list them.
pub async fn read(client: &LambdaClient) -> Result<Organization, CommandError> {
    client.organization().await.map_err(|e| {
        let mut error = CommandError::from(e);
        error.message = format!(
            "--organization: {} (ListAccounts answers the management account or a delegated administrator)",
            error.message
        );
        error
    })
}
