//! AWS Organizations, read only: DescribeOrganization and ListAccounts (JSON 1.1, the target
//! `AWSOrganizationsV20161128.<Operation>`, signed for `organizations` in the partition's home
//! region). What `--organization` widens the zone of trust by, and what `audit --organization`
//! audits. Both are reads, so `--read-only` lets them through.

use super::client::LambdaClient;
use super::error::{AwsFailure, LambdaError};
use super::signing::{Signer, Unsigned, sign_headers_for};
use crate::policy::function_ref::partition_of_region;
use serde_json::{Value, json};
use std::time::SystemTime;

/// The organisation the caller's account belongs to, with its accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    pub management_account: String,
    pub accounts: Vec<OrganizationAccount>,
}

impl Organization {
    /// The accounts that are active: a suspended or closed one is no longer the
    /// organisation's to vouch for, nor to audit.
    pub fn active(&self) -> impl Iterator<Item = &OrganizationAccount> {
        self.accounts.iter().filter(|a| a.state == "ACTIVE")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationAccount {
    pub id: String,
    pub name: String,
    /// `State` (`ACTIVE`, `SUSPENDED`, `PENDING_ACTIVATION`, `PENDING_CLOSURE`, `CLOSED`), or
    /// the older `Status` where only that is sent (AWS retired it on 9 September 2026).
    pub state: String,
}

const TARGET_PREFIX: &str = "AWSOrganizationsV20161128";
/// ListAccounts pages: at most 20 accounts each (the API's MaxResults).
const PAGE: u32 = 20;
/// No organisation holds more accounts than this (the quota is 10 by default, raised to some
/// thousands); a listing past it is stopped as endless.
const MAX_ACCOUNTS: usize = 50_000;

/// Where Organizations answers and the region it is signed for: its one endpoint in the
/// partition (`us-east-1` for `aws`), or the endpoint given (an emulator serves every service
/// on one).
fn endpoint(lambda_url: &str, region: &str) -> (String, &'static str) {
    // botocore's endpoints.json: each partition's global endpoint and its credential scope.
    let (host, home) = match partition_of_region(region) {
        "aws-cn" => (
            "https://organizations.cn-northwest-1.amazonaws.com.cn",
            "cn-northwest-1",
        ),
        "aws-us-gov" => (
            "https://organizations.us-gov-west-1.amazonaws.com",
            "us-gov-west-1",
        ),
        "aws-iso" => (
            "https://organizations.us-iso-east-1.c2s.ic.gov",
            "us-iso-east-1",
        ),
        "aws-iso-b" => (
            "https://organizations.us-isob-east-1.sc2s.sgov.gov",
            "us-isob-east-1",
        ),
        "aws-iso-e" => (
            "https://organizations.eu-isoe-west-1.cloud.adc-e.uk",
            "eu-isoe-west-1",
        ),
        "aws-iso-f" => (
            "https://organizations.us-isof-south-1.csp.hci.ic.gov",
            "us-isof-south-1",
        ),
        _ => ("https://organizations.us-east-1.amazonaws.com", "us-east-1"),
    };
    if super::endpoint::is_aws_endpoint(lambda_url) {
        (host.to_string(), home)
    } else {
        (lambda_url.to_string(), home)
    }
}

impl LambdaClient {
    /// One Organizations call: `operation` with `input`, the answer's JSON.
    async fn organizations(&self, operation: &str, input: Value) -> Result<Value, LambdaError> {
        let connection = self.connection();
        let credentials = connection
            .credentials
            .resolve(connection.profile.as_deref())
            .await?;
        let (url, region) = endpoint(&connection.endpoint.url, &connection.region);
        let url = format!("{url}/");
        let target = format!("{TARGET_PREFIX}.{operation}");
        let body = input.to_string();
        let headers = [
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", target.as_str()),
        ];
        let signature = sign_headers_for(
            "organizations",
            &Unsigned {
                method: "POST",
                url: &url,
                headers: &headers,
                body: body.as_bytes(),
            },
            &Signer {
                credentials: &credentials,
                region,
                time: SystemTime::now(),
            },
        )?;
        let mut request = self.http().post(&url).body(body);
        for (name, value) in headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .chain(signature)
        {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|e| LambdaError::Transport {
            message: format!("Organizations: {}", super::client::describe(&e)),
            sent: true,
        })?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-amzn-requestid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = response.bytes().await.map_err(|e| LambdaError::Transport {
            message: format!("Organizations: the answer was cut off: {e}"),
            sent: true,
        })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|_| LambdaError::Malformed {
            status,
            content_type: Some("application/x-amz-json-1.1".into()),
            first_bytes: String::from_utf8_lossy(&bytes[..bytes.len().min(80)]).into_owned(),
            request_id: request_id.clone(),
        })?;
        if status == 200 {
            return Ok(value);
        }
        let code = value["__type"]
            .as_str()
            .map(|t| t.rsplit('#').next().unwrap_or(t).to_string())
            .unwrap_or_else(|| format!("HTTP {status}"));
        Err(LambdaError::Aws(AwsFailure {
            known: None,
            message: value["Message"]
                .as_str()
                .or(value["message"].as_str())
                .unwrap_or("")
                .to_string(),
            code,
            request_id,
            status,
            retry_after: None,
        }))
    }

    /// The caller's organisation and every account in it (ListAccounts needs the management
    /// account or a delegated administrator).
    pub async fn organization(&self) -> Result<Organization, LambdaError> {
        let described = self
            .organizations("DescribeOrganization", json!({}))
            .await?;
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let organization = &described["Organization"];
        let id = text(&organization["Id"]);
        if !id.starts_with("o-") {
            return Err(LambdaError::Config(
                "DescribeOrganization answered without an organisation id".into(),
            ));
        }
        let mut accounts = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut input = json!({ "MaxResults": PAGE });
            if let Some(t) = &token {
                input["NextToken"] = t.clone().into();
            }
            let page = self.organizations("ListAccounts", input).await?;
            for account in page["Accounts"].as_array().into_iter().flatten() {
                accounts.push(OrganizationAccount {
                    id: text(&account["Id"]),
                    name: text(&account["Name"]),
                    state: match account["State"].as_str() {
                        Some(state) => state.to_string(),
                        None => text(&account["Status"]),
                    },
                });
            }
            if accounts.len() > MAX_ACCOUNTS {
                return Err(LambdaError::EndlessListing(format!(
                    "ListAccounts gave more than {MAX_ACCOUNTS} accounts"
                )));
            }
            match page["NextToken"].as_str() {
                Some(next) if Some(next) != token.as_deref() => token = Some(next.to_string()),
                _ => break,
            }
        }
        Ok(Organization {
            id,
            management_account: text(&organization["MasterAccountId"]),
            accounts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint;

    #[test]
    fn organizations_answers_in_its_partition_s_home_region_or_at_the_endpoint_given() {
        assert_eq!(
            endpoint("https://lambda.eu-west-1.amazonaws.com", "eu-west-1"),
            (
                "https://organizations.us-east-1.amazonaws.com".to_string(),
                "us-east-1"
            )
        );
        assert_eq!(
            endpoint("https://lambda.cn-north-1.amazonaws.com.cn", "cn-north-1").1,
            "cn-northwest-1"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:9777", "eu-west-1"),
            ("http://127.0.0.1:9777".to_string(), "us-east-1")
        );
    }
}
