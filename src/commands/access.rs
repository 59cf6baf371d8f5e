//! `lambda-policy access FUNCTION[:QUALIFIER]` and `access layer:NAME:VERSION`: who can do
//! what, one line per grant in words, public and external access marked, the Deny that narrows
//! each named.

use super::output::{json, print};
use super::{CommandError, Exit, split_target};
use crate::cli::{AccessArgs, OutputFormat};
use crate::policy::PolicyHolder;
use crate::policy::access::grants;
use crate::policy::caller::Trust;
use crate::printable::line;
use crate::session::Session;

/// The holder `text` names: `layer:NAME:VERSION`, else a function reference.
fn holder_of(text: &str) -> Result<PolicyHolder, CommandError> {
    if let Some(layer) = text.strip_prefix("layer:") {
        let (layer, version) = super::layer_policy::split_layer_version(layer)?;
        return Ok(PolicyHolder::layer_version(layer, version));
    }
    let (function, qualifier) = split_target(text)?;
    Ok(PolicyHolder::function(function, qualifier))
}

pub async fn run(
    session: &Session,
    args: &AccessArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let holder = holder_of(&args.target)?;
    let policy = session.client.policy_of(&holder).await?;
    let account = match &holder {
        PolicyHolder::Function { function, .. } => {
            super::policy::function_account(session, function).await
        }
        PolicyHolder::LayerVersion { layer, .. } => session
            .context
            .account
            .clone()
            .or_else(|| crate::policy::arn::account_of_arn(layer)),
    };
    let mut trust = Trust::account(account.as_deref());
    for zone in &args.trust {
        trust.widen(zone);
    }
    if args.organization {
        let organization = super::organization::read(&session.client).await?;
        trust.widen(&organization.id);
        for account in organization.active() {
            trust.widen(&account.id);
        }
    }
    let resource = account.as_ref().map(|account| {
        holder.arn(&crate::policy::AccountContext::new(
            account.clone(),
            session.context.region.clone(),
        ))
    });
    let found = policy
        .document
        .as_ref()
        .map(|d| grants(d, &holder, resource.as_deref(), &trust))
        .unwrap_or_default();
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({
            "holder": holder.to_string(),
            "kind": holder.kind(),
            "revision_id": policy.revision_id,
            "grants": found,
        }))),
        OutputFormat::Table => {
            let mut text = format!(
                "{}  revision {}\n",
                line(&holder.to_string()),
                line(policy.revision_id.as_deref().unwrap_or("-"))
            );
            if found.is_empty() {
                text.push_str("no one but the account itself: no grant\n");
            }
            for grant in &found {
                let sid = grant.sid.as_deref().unwrap_or("(no Sid)");
                text.push_str(&format!("{}: {}\n", line(sid), line(&grant.line())));
            }
            print(&text);
        }
    }
    Ok(Exit::Clean)
}
