//! PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy (API version 2026-07-09): a
//! whole policy document on a function, version or alias, named by its complete ARN.

use super::client::{Call, LambdaClient, WriteSent, label, policy_answer};
use super::error::LambdaError;
use crate::policy::{ErrorType, PolicyDocument};
use serde_json::Value;

/// A whole policy as Lambda keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePolicy {
    pub text: String,
    pub revision_id: String,
    pub document: PolicyDocument,
}

/// What a Put or Delete did.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyWrite {
    /// The policy after a Put (`None` after a Delete).
    pub policy: Option<ResourcePolicy>,
    pub attempts: u32,
    /// Set when the answer was lost and the outcome was read back from the policy.
    pub reconciled: Option<String>,
}

/// The document as Lambda stores it: compact JSON, members in their order. A pretty-printed
/// document within the 20,480 bytes Lambda counts compact may be longer than the 20,480
/// characters the request member allows. Text that is not JSON goes as written, for Lambda to
/// say why.
fn compact(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .map_or_else(|_| text.to_string(), |v| crate::policy::stored_form(&v))
}

fn path(resource_arn: &str) -> String {
    format!("/2026-07-09/resource-policy/{}", label(resource_arn))
}

impl LambdaClient {
    /// The whole policy of a resource; `None` when it has none.
    pub async fn get_resource_policy(
        &self,
        resource_arn: &str,
    ) -> Result<Option<ResourcePolicy>, LambdaError> {
        let call = Call::new(reqwest::Method::GET, path(resource_arn));
        match self.read(call).await {
            Ok(raw) => {
                let (out, document) = policy_answer(raw)?;
                Ok(Some(ResourcePolicy {
                    text: out.policy,
                    revision_id: out.revision_id,
                    document,
                }))
            }
            Err(e) if e.is_aws(ErrorType::ResourceNotFound) && no_such_policy(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Replaces the whole policy with `text`, guarded by `revision_id` when given. If the answer
    /// is lost, the policy is read back: the put is claimed only when the policy now holds
    /// exactly the statements sent.
    pub async fn put_resource_policy(
        &self,
        resource_arn: &str,
        text: &str,
        revision_id: Option<&str>,
    ) -> Result<PolicyWrite, LambdaError> {
        let mut body = serde_json::Map::new();
        body.insert("Policy".into(), compact(text).into());
        if let Some(revision) = revision_id {
            body.insert("RevisionId".into(), revision.into());
        }
        let call = Call {
            body: Some(Value::Object(body).to_string()),
            ..Call::new(reqwest::Method::PUT, path(resource_arn))
        };
        let (error, attempts) = match self.send_write(&call).await? {
            WriteSent::Answered(raw, attempts) => {
                let (out, document) = policy_answer(raw)?;
                return Ok(PolicyWrite {
                    policy: Some(ResourcePolicy {
                        text: out.policy,
                        revision_id: out.revision_id,
                        document,
                    }),
                    attempts,
                    reconciled: None,
                });
            }
            WriteSent::Lost(error, attempts) => (error, attempts),
        };
        let now = self.read_back(resource_arn, &error, "the put").await?;
        let sent = PolicyDocument::parse(text).map(|d| statements_of(&d)).ok();
        match now {
            Some(policy) if Some(statements_of(&policy.document)) == sent => Ok(PolicyWrite {
                reconciled: Some(format!(
                    "the answer was lost ({error}); the policy now holds exactly the statements sent"
                )),
                policy: Some(policy),
                attempts,
            }),
            _ => Err(LambdaError::UnknownOutcome(format!(
                "the put may or may not have been applied: the answer was lost ({error}) and the policy now differs from the one sent"
            ))),
        }
    }

    /// Deletes the whole policy, guarded by `revision_id` when given; a lost answer is settled
    /// by reading whether a policy is left.
    pub async fn delete_resource_policy(
        &self,
        resource_arn: &str,
        revision_id: Option<&str>,
    ) -> Result<PolicyWrite, LambdaError> {
        let call =
            Call::new(reqwest::Method::DELETE, path(resource_arn)).query("RevisionId", revision_id);
        let (error, attempts) = match self.send_write(&call).await? {
            WriteSent::Answered(_, attempts) => {
                return Ok(PolicyWrite {
                    policy: None,
                    attempts,
                    reconciled: None,
                });
            }
            WriteSent::Lost(error, attempts) => (error, attempts),
        };
        match self.read_back(resource_arn, &error, "the delete").await? {
            None => Ok(PolicyWrite {
                policy: None,
                attempts,
                reconciled: Some(format!(
                    "the answer was lost ({error}); the resource now has no policy"
                )),
            }),
            Some(_) => Err(LambdaError::UnknownOutcome(format!(
                "the delete may not have been applied: the answer was lost ({error}) and a policy is still there"
            ))),
        }
    }

    async fn read_back(
        &self,
        resource_arn: &str,
        error: &LambdaError,
        what: &str,
    ) -> Result<Option<ResourcePolicy>, LambdaError> {
        self.get_resource_policy(resource_arn)
            .await
            .map_err(|read_error| {
                LambdaError::UnknownOutcome(format!(
                    "{what} may or may not have been applied: the answer was lost ({error}) and the policy could not be read ({read_error})"
                ))
            })
    }
}

fn no_such_policy(error: &LambdaError) -> bool {
    error.aws().is_some_and(|a| {
        a.message == crate::policy::aws_error::messages::NO_SUCH_RESOURCE
            || a.message == crate::policy::aws_error::messages::NO_POLICY_ASSOCIATED
    })
}

/// The statements as Lambda stores them, for comparing what was sent with what is there.
fn statements_of(document: &PolicyDocument) -> Vec<Value> {
    document.statements.iter().map(|s| s.raw.clone()).collect()
}
