//! Whose write it was. When the answer to a write is lost, the policy is read again and
//! compared with the policy read before the first attempt: the write is claimed only when the
//! one change between the two is the change asked for. A statement that was already there, or a
//! policy that also changed in other ways, is another writer's doing, or cannot be told apart
//! from it, and is said so.

use crate::policy::{PermissionRequest, PolicyDocument, statement_for};
use serde_json::Value;

/// The policy as read before a write's first attempt.
#[derive(Debug, Clone, Copy)]
pub enum Before<'a> {
    /// Read: the document, or `None` when there was no policy.
    Read(Option<&'a PolicyDocument>),
    /// It could not be read (a role allowed to write but not to read, say): the write goes
    /// ahead, but a lost answer cannot be judged.
    Unread,
}

impl<'a> Before<'a> {
    pub fn of(policy: Option<&'a super::FunctionPolicy>) -> Before<'a> {
        match policy {
            Some(p) => Before::Read(p.document.as_ref()),
            None => Before::Unread,
        }
    }
}

const UNREAD: &str = "the policy could not be read before this command wrote";

/// What a lost answer turned out to mean.
#[derive(Debug, Clone, PartialEq)]
pub enum Attribution {
    /// The policy changed exactly as asked, and in no other way: the write was ours.
    Ours,
    /// The policy does not show the change: the write was not applied.
    NotApplied,
    /// The write cannot have been ours (the reason says why).
    NotOurs(String),
    /// The change is there, but so are others: another writer may have made it.
    Unclear(String),
}

/// Whether a statement found in a policy is the one asked for: same Sid, effect, principal,
/// action and conditions as `expected` builds for the resource it names (the Resource is
/// Lambda's to write).
pub fn matches_expected(found: &Value, expected: &dyn Fn(&str) -> Value) -> bool {
    let resource = found
        .get("Resource")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let expected = expected(resource);
    ["Sid", "Effect", "Principal", "Action", "Condition"]
        .iter()
        .all(|k| found.get(k) == expected.get(k))
}

/// [`matches_expected`] for an AddPermission request.
pub fn matches_request(found: &Value, request: &PermissionRequest) -> bool {
    matches_expected(found, &|resource| statement_for(request, resource))
}

/// The statements of a policy other than `sid`, as written.
fn others<'a>(policy: Option<&'a PolicyDocument>, sid: &str) -> Vec<&'a Value> {
    policy
        .map(|d| {
            d.statements
                .iter()
                .filter(|s| s.sid.as_deref() != Some(sid))
                .map(|s| &s.raw)
                .collect()
        })
        .unwrap_or_default()
}

fn statement<'a>(policy: Option<&'a PolicyDocument>, sid: &str) -> Option<&'a Value> {
    policy.and_then(|d| d.statement(sid)).map(|s| &s.raw)
}

/// An AddPermission of `request` whose answer was lost, judged from the policy before the first
/// attempt and the policy now.
pub fn added(
    request: &PermissionRequest,
    before: Before,
    now: Option<&PolicyDocument>,
) -> Attribution {
    let sid = request.statement_id.as_deref().unwrap_or_default();
    added_statement(
        sid,
        &|resource| statement_for(request, resource),
        before,
        now,
    )
}

/// A write that adds statement `sid` (as `expected` builds it for a resource) whose answer was
/// lost, judged from the policy before the first attempt and the policy now: AddPermission's,
/// and AddLayerVersionPermission's.
pub fn added_statement(
    sid: &str,
    expected: &dyn Fn(&str) -> Value,
    before: Before,
    now: Option<&PolicyDocument>,
) -> Attribution {
    let Before::Read(before) = before else {
        return match statement(now, sid) {
            None => Attribution::NotApplied,
            Some(_) => Attribution::Unclear(format!(
                "statement {sid} is in the policy now, but {UNREAD}: it may have been added by another writer"
            )),
        };
    };
    if statement(before, sid).is_some() {
        return Attribution::NotOurs(format!(
            "statement {sid} was already in the policy before this command started: nothing was added"
        ));
    }
    let Some(found) = statement(now, sid) else {
        return Attribution::NotApplied;
    };
    if !matches_expected(found, expected) {
        return Attribution::NotOurs(format!(
            "a statement {sid} is in the policy now but differs from the one asked for: another writer added it"
        ));
    }
    if others(before, sid) == others(now, sid) {
        Attribution::Ours
    } else {
        Attribution::Unclear(format!(
            "statement {sid} is in the policy now, but the policy also changed in other ways since this command read it: it may have been added by another writer"
        ))
    }
}

/// A RemovePermission of `sid` whose answer was lost, judged the same way.
pub fn removed(sid: &str, before: Before, now: Option<&PolicyDocument>) -> Attribution {
    let Before::Read(before) = before else {
        return match statement(now, sid) {
            Some(_) => Attribution::NotApplied,
            None => Attribution::Unclear(format!(
                "statement {sid} is gone, but {UNREAD}: it may have been removed by another writer"
            )),
        };
    };
    if statement(before, sid).is_none() {
        return Attribution::NotOurs(format!(
            "statement {sid} was not in the policy when this command started: nothing was removed"
        ));
    }
    if statement(now, sid).is_some() {
        return Attribution::NotApplied;
    }
    if others(before, sid) == others(now, sid) {
        Attribution::Ours
    } else {
        Attribution::Unclear(format!(
            "statement {sid} is gone, but the policy also changed in other ways since this command read it: it may have been removed by another writer"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";

    fn request(sid: &str, principal: &str) -> PermissionRequest {
        PermissionRequest {
            function_name: Some("f".into()),
            statement_id: Some(sid.into()),
            action: Some("lambda:InvokeFunction".into()),
            principal: Some(principal.into()),
            ..Default::default()
        }
    }

    fn policy(requests: &[PermissionRequest]) -> PolicyDocument {
        let statements: Vec<Value> = requests.iter().map(|r| statement_for(r, ARN)).collect();
        let text =
            serde_json::json!({"Version": "2012-10-17", "Id": "default", "Statement": statements});
        PolicyDocument::parse(&text.to_string()).unwrap()
    }

    #[test]
    fn an_add_is_ours_only_when_it_is_the_one_change() {
        let ours = request("x", "sns.amazonaws.com");
        let other = request("y", "s3.amazonaws.com");
        let before = policy(std::slice::from_ref(&other));
        let now = policy(&[other.clone(), ours.clone()]);
        assert_eq!(
            added(&ours, Before::Read(Some(&before)), Some(&now)),
            Attribution::Ours
        );
        assert_eq!(
            added(
                &ours,
                Before::Read(None),
                Some(&policy(std::slice::from_ref(&ours)))
            ),
            Attribution::Ours
        );
        assert_eq!(
            added(&ours, Before::Read(Some(&before)), Some(&before)),
            Attribution::NotApplied
        );
        let also_changed = policy(std::slice::from_ref(&ours));
        assert!(matches!(
            added(&ours, Before::Read(Some(&before)), Some(&also_changed)),
            Attribution::Unclear(_)
        ));
        let already = policy(std::slice::from_ref(&ours));
        assert!(matches!(
            added(&ours, Before::Read(Some(&already)), Some(&already)),
            Attribution::NotOurs(_)
        ));
        let different = policy(&[other.clone(), request("x", "s3.amazonaws.com")]);
        assert!(matches!(
            added(&ours, Before::Read(Some(&before)), Some(&different)),
            Attribution::NotOurs(_)
        ));
    }

    #[test]
    fn a_remove_is_ours_only_when_it_is_the_one_change() {
        let x = request("x", "sns.amazonaws.com");
        let y = request("y", "s3.amazonaws.com");
        let before = policy(&[x.clone(), y.clone()]);
        assert_eq!(
            removed(
                "x",
                Before::Read(Some(&before)),
                Some(&policy(std::slice::from_ref(&y)))
            ),
            Attribution::Ours
        );
        assert_eq!(
            removed("x", Before::Read(Some(&before)), Some(&before)),
            Attribution::NotApplied
        );
        assert!(matches!(
            removed("x", Before::Read(Some(&before)), None),
            Attribution::Unclear(_)
        ));
        assert!(matches!(
            removed("z", Before::Read(Some(&before)), Some(&before)),
            Attribution::NotOurs(_)
        ));
    }
}
