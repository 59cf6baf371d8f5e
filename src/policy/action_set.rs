//! What a grant lets a caller do on one Lambda resource, as a set over IAM's list of Lambda's
//! actions: wildcards and NotAction are expanded once, so two grants are compared action by
//! action, not by the words they were written with.

use super::holder_kind::HolderKind;
use super::iam_wildcard::wildcard_match;
use super::lambda_actions::{FUNCTION_ACTIONS, LAYER_VERSION_ACTIONS};

/// A set of the actions of one kind of holder: bit `i` is the holder's `i`-th action, and
/// [`OTHER`] stands for Lambda actions the list does not hold (a newer action IAM added): a
/// grant of one is a grant, whatever the list knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionSet {
    kind: HolderKind,
    bits: u64,
}

/// The words a set of actions is told in, one per group, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Invoke,
    InvokeUrl,
    UseLayer,
    Read,
    Permissions,
    Manage,
}

impl Group {
    fn of(action: &str, url_only: bool) -> Group {
        match action {
            "InvokeFunction" if url_only => Group::InvokeUrl,
            "InvokeFunction" | "InvokeAsync" => Group::Invoke,
            "InvokeFunctionUrl" => Group::InvokeUrl,
            "GetLayerVersion" => Group::UseLayer,
            "AddPermission"
            | "RemovePermission"
            | "PutResourcePolicy"
            | "DeleteResourcePolicy"
            | "AddLayerVersionPermission"
            | "RemoveLayerVersionPermission" => Group::Permissions,
            read if read.starts_with("Get") || read.starts_with("List") => Group::Read,
            _ => Group::Manage,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Group::Invoke => "invoke",
            Group::InvokeUrl => "invoke through its URL",
            Group::UseLayer => "use the layer version",
            Group::Read => "read",
            Group::Permissions => "change its permissions",
            Group::Manage => "manage",
        }
    }
}

/// The bit of the Lambda actions missing from the lists.
const OTHER: u64 = 1 << 63;
/// Named by the console for a disabled trigger: documented to grant nothing.
const DISABLED_TRIGGER: &str = "DisableInvokeFunction";

/// Whether `name` (a pattern) may name a Lambda action neither list holds.
fn may_name_another(name: &str) -> bool {
    if name.eq_ignore_ascii_case(DISABLED_TRIGGER) {
        return false;
    }
    // A pattern that names known actions is read as naming those; one that names none, or a
    // name the lists lack, may be an action added after them.
    !FUNCTION_ACTIONS
        .iter()
        .chain(LAYER_VERSION_ACTIONS)
        .any(|a| wildcard_match(name, a, false))
}

fn actions_of(kind: HolderKind) -> &'static [&'static str] {
    match kind {
        HolderKind::Function => FUNCTION_ACTIONS,
        HolderKind::Layer => LAYER_VERSION_ACTIONS,
    }
}

impl ActionSet {
    pub fn empty(kind: HolderKind) -> ActionSet {
        ActionSet { kind, bits: 0 }
    }

    pub fn all(kind: HolderKind) -> ActionSet {
        let count = actions_of(kind).len();
        ActionSet {
            kind,
            bits: ((1 << count) - 1) | OTHER,
        }
    }

    /// The actions `patterns` name (`*`, `lambda:NAME` with `*` and `?`, any case); another
    /// service's action names nothing here, and neither does a name IAM does not know (such as
    /// the console's `lambda:DisableInvokeFunction`).
    pub fn named(patterns: &[String], kind: HolderKind) -> ActionSet {
        let mut set = ActionSet::empty(kind);
        for pattern in patterns {
            let name = match pattern.as_str() {
                "*" => "*",
                written => match written.split_once(':') {
                    Some((service, name)) if service.eq_ignore_ascii_case("lambda") => name,
                    _ => continue,
                },
            };
            // Most actions are written out whole, or as `*`: no pattern to match.
            if name == "*" {
                return ActionSet::all(kind);
            }
            if may_name_another(name) {
                set.bits |= OTHER;
            }
            if !name.contains(['*', '?']) {
                if let Some(i) = actions_of(kind)
                    .iter()
                    .position(|a| a.eq_ignore_ascii_case(name))
                {
                    set.bits |= 1 << i;
                }
                continue;
            }
            for (i, action) in actions_of(kind).iter().enumerate() {
                if wildcard_match(name, action, false) {
                    set.bits |= 1 << i;
                }
            }
        }
        set
    }

    /// What a statement's `Action` or `NotAction` grants: NotAction is everything else.
    pub fn granted(action: &[String], not_action: &[String], kind: HolderKind) -> ActionSet {
        if action.is_empty() && !not_action.is_empty() {
            ActionSet::all(kind).minus(ActionSet::named(not_action, kind))
        } else {
            ActionSet::named(action, kind)
        }
    }

    pub fn kind(self) -> HolderKind {
        self.kind
    }

    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// Whether it holds an action of the list (not only ones the list lacks).
    pub fn has_known(self) -> bool {
        self.bits & !OTHER != 0
    }

    pub fn is_all(self) -> bool {
        let known = ActionSet::all(self.kind).bits & !OTHER;
        self.bits & known == known
    }

    pub fn contains(self, action: &str) -> bool {
        actions_of(self.kind)
            .iter()
            .position(|a| a.eq_ignore_ascii_case(action))
            .is_some_and(|i| self.bits & (1 << i) != 0)
    }

    pub fn is_subset(self, of: ActionSet) -> bool {
        self.bits & !of.bits == 0
    }

    pub fn minus(self, other: ActionSet) -> ActionSet {
        ActionSet {
            bits: self.bits & !other.bits,
            ..self
        }
    }

    pub fn union(self, other: ActionSet) -> ActionSet {
        ActionSet {
            bits: self.bits | other.bits,
            ..self
        }
    }

    pub fn intersection(self, other: ActionSet) -> ActionSet {
        ActionSet {
            bits: self.bits & other.bits,
            ..self
        }
    }

    /// The actions, as IAM names them (`lambda:InvokeFunction`), in the list's order; then
    /// `lambda:*` for the actions the list does not hold, when granted.
    pub fn names(self) -> Vec<String> {
        let mut names: Vec<String> = self.iter().map(|a| format!("lambda:{a}")).collect();
        if self.bits & OTHER != 0 && !self.is_all() {
            names.push("lambda:(actions not in the list)".into());
        }
        names
    }

    fn iter(self) -> impl Iterator<Item = &'static str> {
        actions_of(self.kind)
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.bits & (1 << i) != 0)
            .map(|(_, a)| *a)
    }

    /// In words: `do anything`, or each group (`invoke`, `read`…), a group granted in part
    /// followed by its actions. `url_only` when the grant holds InvokeFunction to a URL.
    pub fn words(self, url_only: bool) -> String {
        if self.is_all() && !url_only {
            return "do anything".into();
        }
        let other = self.bits & OTHER != 0;
        let mut groups: Vec<(Group, Vec<&str>)> = Vec::new();
        for action in self.iter() {
            let group = Group::of(action, url_only);
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, actions)) => actions.push(action),
                None => groups.push((group, vec![action])),
            }
        }
        groups.sort_by_key(|(g, _)| *g);
        let whole = |group: Group, count: usize| {
            actions_of(self.kind)
                .iter()
                .filter(|a| Group::of(a, url_only) == group)
                .count()
                == count
        };
        let mut words: Vec<String> = groups
            .iter()
            .map(|(group, actions)| match group {
                Group::Invoke | Group::InvokeUrl | Group::UseLayer => group.words().to_string(),
                _ if whole(*group, actions.len()) => group.words().to_string(),
                _ => format!("{} ({})", group.words(), actions.join(", ")),
            })
            .collect();
        if other {
            words.push("actions Lambda's list does not hold".into());
        }
        words.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(patterns: &[&str]) -> ActionSet {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        ActionSet::named(&patterns, HolderKind::Function)
    }

    #[test]
    fn patterns_and_not_action_expand_over_lambda_s_actions() {
        assert!(set(&["*"]).is_all() && set(&["lambda:*"]).is_all());
        assert_eq!(
            set(&["lambda:invoke*"]).names(),
            [
                "lambda:InvokeAsync",
                "lambda:InvokeFunction",
                "lambda:InvokeFunctionUrl"
            ]
        );
        assert!(set(&["s3:GetObject", "lambda:DisableInvokeFunction"]).is_empty());
        // A Lambda action the list does not hold is granted all the same.
        let newer = set(&["lambda:PutFunctionScalingConfig"]);
        assert!(!newer.is_empty() && !newer.contains("InvokeFunction"));
        assert_eq!(newer.words(false), "actions Lambda's list does not hold");
        // A function action on a layer version grants nothing there.
        let on_layer = ActionSet::named(&["lambda:InvokeFunction".into()], HolderKind::Layer);
        assert!(on_layer.is_empty());
        let everything_but_invoke = ActionSet::granted(
            &[],
            &["lambda:InvokeFunction".to_string()],
            HolderKind::Function,
        );
        assert!(!everything_but_invoke.contains("InvokeFunction"));
        assert!(everything_but_invoke.contains("AddPermission"));
    }

    #[test]
    fn a_set_is_told_in_groups() {
        assert_eq!(set(&["lambda:*"]).words(false), "do anything");
        assert_eq!(set(&["lambda:InvokeFunction"]).words(false), "invoke");
        assert_eq!(
            set(&["lambda:InvokeFunction"]).words(true),
            "invoke through its URL"
        );
        assert_eq!(
            set(&["lambda:InvokeFunction", "lambda:GetFunction"]).words(false),
            "invoke, read (GetFunction)"
        );
        assert_eq!(
            set(&["lambda:AddPermission", "lambda:RemovePermission"]).words(false),
            "change its permissions (AddPermission, RemovePermission)"
        );
        let layer = ActionSet::named(&["lambda:GetLayerVersion".into()], HolderKind::Layer);
        assert_eq!(layer.words(false), "use the layer version");
    }
}
