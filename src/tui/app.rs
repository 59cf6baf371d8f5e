//! All the state of the TUI. `view` draws it; only `update` changes it.

pub use super::dialog::{DialogButton, Loadable};
use super::effect::Effect;
use super::form::AddForm;
use super::layer_browser::{Browsing, LayerBrowser};
use super::layer_form::LayerForm;
use super::policy_editor::PolicyEditor;
use super::selection::Selection;
use super::target::LayerVersionRef;
use super::target::Target;
use super::tickets::{Asked, Tickets};
use super::view_scroll::ViewScroll;
use crate::lambda::{AliasConfiguration, FunctionConfiguration, FunctionPolicy};
use crate::policy::{Lint, Preset, UrlState};
use std::collections::{BTreeMap, HashMap};

pub use crate::session::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Functions,
    Qualifiers,
    Policy,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Functions => Pane::Qualifiers,
            Pane::Qualifiers => Pane::Policy,
            Pane::Policy => Pane::Functions,
        }
    }

    pub fn previous(self) -> Pane {
        match self {
            Pane::Functions => Pane::Policy,
            Pane::Qualifiers => Pane::Functions,
            Pane::Policy => Pane::Qualifiers,
        }
    }
}

/// One row of the qualifiers pane.
#[derive(Debug, Clone, PartialEq)]
pub enum QualifierRow {
    Unqualified,
    Version { number: String, description: String },
    Alias { alias: AliasConfiguration },
}

impl QualifierRow {
    pub fn qualifier(&self) -> Option<String> {
        match self {
            QualifierRow::Unqualified => None,
            QualifierRow::Version { number, .. } => Some(number.clone()),
            QualifierRow::Alias { alias } => Some(alias.name.clone()),
        }
    }
}

/// A policy as the TUI shows it: with each statement's lints, worked out once when it arrived
/// (views only read them).
#[derive(Debug, Clone, PartialEq)]
pub struct ShownPolicy {
    pub policy: FunctionPolicy,
    /// One list per statement, in the document's order.
    pub lints: Vec<Vec<Lint>>,
    /// Who may do what, as `access` tells it: the allows, then the Denies.
    pub grants: Vec<crate::policy::access::Grant>,
}

impl ShownPolicy {
    /// `own_account` is the function's account, when known; `url` what is known of the URL.
    pub fn new(policy: FunctionPolicy, own_account: Option<&str>, url: &UrlState) -> ShownPolicy {
        let lints = policy
            .statement_lints(own_account, url)
            .into_iter()
            .map(|(_, lints)| lints)
            .collect();
        let grants = policy.document.as_ref().map_or_else(Vec::new, |document| {
            let holder = crate::policy::PolicyHolder::function("", None);
            let trust = crate::policy::caller::Trust::account(own_account);
            crate::policy::access::grants(document, &holder, None, &trust)
        });
        ShownPolicy {
            policy,
            lints,
            grants,
        }
    }

    /// The grants of the statement at `index`.
    pub fn grants_of(&self, index: usize) -> impl Iterator<Item = &crate::policy::access::Grant> {
        self.grants.iter().filter(move |g| g.statement == index)
    }

    /// The most severe lint of the whole policy.
    pub fn worst(&self) -> Option<crate::policy::Severity> {
        self.lints.iter().flatten().map(|l| l.severity).max()
    }
}

impl std::ops::Deref for ShownPolicy {
    type Target = FunctionPolicy;

    fn deref(&self) -> &FunctionPolicy {
        &self.policy
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionList {
    pub items: Vec<FunctionConfiguration>,
    pub loading: bool,
    pub error: Option<String>,
    /// After a reload: the function that was selected, selected again once its page arrives.
    pub reselect: Option<String>,
    /// After a reload: the list as it was, put back if the new listing fails.
    pub last_good: Vec<FunctionConfiguration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Qualifiers {
    pub function: String,
    pub rows: Loadable<Vec<QualifierRow>>,
    /// The function's URLs by qualifier ("" for its own); `None` until read, or when they
    /// cannot be.
    pub urls: Option<BTreeMap<String, UrlSummary>>,
}

/// A function URL as the TUI shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlSummary {
    pub url: String,
    /// `NONE` or `AWS_IAM`.
    pub auth_type: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
    /// Ticks left before an info message fades; errors stay until dismissed.
    pub ttl: Option<u16>,
}

/// What a removal takes a statement from.
#[derive(Debug, Clone, PartialEq)]
pub enum RemoveFrom {
    Function(Target),
    LayerVersion(LayerVersionRef),
}

impl std::fmt::Display for RemoveFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemoveFrom::Function(target) => target.fmt(f),
            RemoveFrom::LayerVersion(version) => write!(f, "layer {version}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmRemove {
    pub target: RemoveFrom,
    pub sid: String,
    pub focus: DialogButton,
}

/// Which keys the help lists first: those of the window it was opened over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpFor {
    Browsing,
    Form,
    Editor,
}

/// A window over the panes; only the topmost one takes keys.
#[derive(Debug)]
pub enum Overlay {
    /// The keys, scrolled this far.
    Help {
        scroll: ViewScroll,
        /// Whose keys come first: the window it was asked from.
        first: HelpFor,
    },
    PolicyJson {
        target: Target,
        scroll: ViewScroll,
    },
    /// Who may do what under a policy (`A`): what it is of, its grants, scrolled this far.
    Access {
        of: String,
        grants: Vec<crate::policy::access::Grant>,
        scroll: ViewScroll,
    },
    ConfirmRemove(ConfirmRemove),
    /// A screenshot's files exist: replace them? (Cancel focused.)
    ConfirmOverwrite {
        path: String,
        focus: DialogButton,
    },
    Error {
        title: String,
        text: String,
    },
    /// The session's messages (`:messages`), scrolled this far up from the newest.
    Messages {
        scroll: ViewScroll,
    },
    CommandLine {
        text: String,
        /// Which earlier command Up has brought back (0 the newest), while browsing them.
        recalled: Option<usize>,
    },
    Form(Box<AddForm>),
    Editor(Box<PolicyEditor>),
    LayerForm(Box<LayerForm>),
}

/// The panes of the previous function, kept on screen while the next one's load (so moving
/// through the list does not flash "loading" in every pane, and writes few bytes over SSH).
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub qualifiers: Qualifiers,
    pub selected_qualifier: Selection,
    pub selected_statement: Selection,
    /// Ticks since it was held: the "loading" mark shows only once a load takes a while.
    pub ticks: u16,
}

/// How long a key stays on screen with `--show-keys` (ticks of 100 ms), and how many show.
pub const KEY_TICKS: u16 = 30;
pub const KEYS_SHOWN: usize = 6;

/// How many status messages `:messages` keeps.
pub const MESSAGES_KEPT: usize = 200;

/// After this many ticks (100 ms each) a held view is marked as loading; quicker loads swap in
/// without the mark ever showing.
pub const HELD_MARK_TICKS: u16 = 3;

/// What the qualifiers and policy panes show: the selection, or the held previous view.
pub struct Shown<'a> {
    pub qualifiers: Option<&'a Qualifiers>,
    pub selected_qualifier: Selection,
    pub selected_statement: Selection,
    pub target: Option<Target>,
    /// The selection has moved on and its data is on the way.
    pub pending: bool,
}

pub struct App {
    pub context: Context,
    pub read_only: bool,
    pub color: bool,
    pub functions: FunctionList,
    pub filter: String,
    /// Indices into `functions.items` that the filter lets through (see `refilter`).
    pub visible: Vec<usize>,
    pub filter_editing: bool,
    pub selected_function: Selection,
    pub qualifiers: Option<Qualifiers>,
    pub selected_qualifier: Selection,
    pub policies: HashMap<Target, Loadable<ShownPolicy>>,
    pub selected_statement: Selection,
    pub focus: Pane,
    pub overlays: Vec<Overlay>,
    pub status: Option<Status>,
    /// The statement to show as just added.
    pub highlight: Option<(Target, String)>,
    pub spinner: usize,
    pub presets: Vec<Preset>,
    pub should_quit: bool,
    /// The latest request for each thing asked: only its answer is applied.
    pub tickets: Tickets,
    pub held: Option<Held>,
    /// The session's status messages and errors, oldest first (`:messages`, `m`).
    pub messages: std::collections::VecDeque<(StatusKind, String)>,
    /// Keys are shown in a corner for an audience (`--show-keys`, `:keys`).
    pub show_keys: bool,
    /// The keys shown, oldest first, each with the ticks it has left.
    pub recent_keys: std::collections::VecDeque<(String, u16)>,
    /// Functions or layers in the three panes (`L` switches).
    pub browsing: Browsing,
    pub layers: LayerBrowser,
    /// How far each list is scrolled; drawing keeps it (see [`super::selection::Scroll`]).
    pub scroll: super::selection::Scrolls,
    /// Whether the endpoint answered the latest request (`None`: nothing asked yet).
    pub reachable: Option<super::health::Health>,
    /// The revisions shown, to mark a policy changed elsewhere since.
    pub revisions: super::revisions::Revisions,
    /// The profiles of the AWS config files, for `:profile` to complete.
    pub profile_names: Vec<String>,
    /// The `:` commands run this session, oldest first, for Up and Down to bring back.
    pub command_history: Vec<String>,
    /// The guided tour, while it is taken (`--tour`, `:tour`).
    pub tour: Option<super::tour::Tour>,
}

impl App {
    pub fn new(context: Context, read_only: bool, color: bool, presets: Vec<Preset>) -> App {
        App {
            context,
            read_only,
            color,
            functions: FunctionList {
                loading: true,
                ..Default::default()
            },
            filter: String::new(),
            visible: Vec::new(),
            filter_editing: false,
            selected_function: Selection::default(),
            qualifiers: None,
            selected_qualifier: Selection::default(),
            policies: HashMap::new(),
            selected_statement: Selection::default(),
            focus: Pane::Functions,
            overlays: Vec::new(),
            status: None,
            highlight: None,
            spinner: 0,
            presets,
            should_quit: false,
            tickets: Tickets::default(),
            held: None,
            messages: std::collections::VecDeque::new(),
            show_keys: false,
            recent_keys: std::collections::VecDeque::new(),
            browsing: Browsing::Functions,
            layers: LayerBrowser::default(),
            tour: None,
            profile_names: Vec::new(),
            command_history: Vec::new(),
            scroll: Default::default(),
            revisions: Default::default(),
            reachable: None,
        }
    }

    /// Keeps a status message in the history; the oldest go past [`MESSAGES_KEPT`].
    pub fn remember(&mut self, kind: StatusKind, text: &str) {
        if self.messages.len() == MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back((kind, text.to_string()));
    }

    /// What the qualifiers and policy panes show.
    pub fn shown(&self) -> Shown<'_> {
        match &self.held {
            Some(held) => {
                let qualifier = match &held.qualifiers.rows {
                    Loadable::Loaded(rows) => rows
                        .get(held.selected_qualifier.index())
                        .and_then(QualifierRow::qualifier),
                    _ => None,
                };
                Shown {
                    qualifiers: Some(&held.qualifiers),
                    selected_qualifier: held.selected_qualifier,
                    selected_statement: held.selected_statement,
                    target: Some(Target::new(held.qualifiers.function.clone(), qualifier)),
                    pending: held.ticks >= HELD_MARK_TICKS,
                }
            }
            None => Shown {
                qualifiers: self.qualifiers.as_ref(),
                selected_qualifier: self.selected_qualifier,
                selected_statement: self.selected_statement,
                target: self.selected_target(),
                pending: false,
            },
        }
    }

    /// Keeps the current panes on screen while the selection's data loads, if they are whole.
    pub fn hold_view(&mut self) {
        let Some(qualifiers) = self.qualifiers.clone() else {
            return;
        };
        let Loadable::Loaded(rows) = &qualifiers.rows else {
            return;
        };
        let qualifier = rows
            .get(self.selected_qualifier.index())
            .and_then(QualifierRow::qualifier);
        let target = Target::new(qualifiers.function.clone(), qualifier);
        let complete = matches!(self.policies.get(&target), Some(Loadable::Loaded(_)));
        if complete {
            self.held = Some(Held {
                qualifiers,
                selected_qualifier: self.selected_qualifier,
                selected_statement: self.selected_statement,
                ticks: 0,
            });
        }
    }

    /// Lets the held view go once the selection's own panes can be drawn whole.
    pub fn release_view_if_ready(&mut self) {
        if self.held.is_none() {
            return;
        }
        let ready = match &self.qualifiers {
            Some(Qualifiers {
                rows: Loadable::Loaded(_),
                ..
            }) => self.selected_target().is_none_or(|t| {
                matches!(
                    self.policies.get(&t),
                    Some(Loadable::Loaded(_) | Loadable::Failed(_))
                )
            }),
            Some(Qualifiers {
                rows: Loadable::Failed(_),
                ..
            }) => true,
            _ => self.selected_function_name().is_none(),
        };
        if ready {
            self.held = None;
        }
    }

    /// Asks for a target's policy: it shows as loading until the answer to this request comes.
    pub fn request_policy(&mut self, target: Target) -> Effect {
        let ticket = self.tickets.issue(Asked::Policy(target.clone()));
        self.policies.insert(target.clone(), Loadable::Loading);
        Effect::LoadPolicy { target, ticket }
    }

    /// Asks for a function's versions and aliases.
    pub fn request_qualifiers(&mut self, function: String) -> Effect {
        let ticket = self.tickets.issue(Asked::Qualifiers);
        self.qualifiers = Some(Qualifiers {
            function: function.clone(),
            rows: Loadable::Loading,
            urls: None,
        });
        Effect::LoadQualifiers { function, ticket }
    }

    /// Starts the listing again from nothing (a reload, another profile or region): everything
    /// loaded is dropped, every answer still on its way will be, and the effect that loads the
    /// functions anew is returned. The selection stays where it was, as far as the new list goes.
    pub fn restart_listing(&mut self) -> Effect {
        let reselect = self.selected_function_name();
        let last_good = std::mem::take(&mut self.functions.items);
        self.functions = FunctionList {
            loading: true,
            reselect,
            last_good,
            ..Default::default()
        };
        self.qualifiers = None;
        self.policies.clear();
        self.tickets.forget_all();
        self.held = None;
        self.refilter();
        Effect::LoadFunctions {
            ticket: self.tickets.issue(Asked::Functions),
        }
    }

    /// Recomputes which functions the filter lets through; call after the filter or the list
    /// changes. The view then needs no pass over the whole list.
    /// The functions the filter lets through, best match first (`filter_rank.rs`).
    pub fn refilter(&mut self) {
        self.visible = super::filter_rank::ranked(
            self.functions
                .items
                .iter()
                .map(|f| f.function_name.as_str()),
            &self.filter,
        );
    }

    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    /// The `index`-th function the filter lets through.
    pub fn visible_function(&self, index: usize) -> Option<&FunctionConfiguration> {
        self.visible
            .get(index)
            .and_then(|i| self.functions.items.get(*i))
    }

    /// The functions the filter lets through, with the positions of the matched characters.
    pub fn visible_functions(&self) -> Vec<(&FunctionConfiguration, Vec<usize>)> {
        let mut ranker = super::filter_rank::FilterRanker::new(&self.filter);
        (0..self.visible_count())
            .filter_map(|i| self.visible_function(i))
            .map(|f| (f, self.matched_positions(&mut ranker, &f.function_name)))
            .collect()
    }

    /// The characters of `name` the filter matched, to highlight.
    pub fn matched_positions(
        &self,
        ranker: &mut super::filter_rank::FilterRanker,
        name: &str,
    ) -> Vec<usize> {
        if self.filter.is_empty() {
            Vec::new()
        } else {
            ranker.positions(name)
        }
    }

    pub fn selected_function_name(&self) -> Option<String> {
        self.visible_function(self.selected_function.index())
            .map(|f| f.function_name.clone())
    }

    /// The lint of the selected statement that `f` fixes, when it has one.
    pub fn selected_fix(&self) -> Option<crate::policy::LintId> {
        self.selected_fix_request().map(|(lint, _)| lint)
    }

    /// The selected statement's first lint that has a fix, and the grant that mends it (the
    /// URL's missing grant, or a narrower twin of the statement: `lint_fix.rs`).
    pub fn selected_fix_request(
        &self,
    ) -> Option<(crate::policy::LintId, crate::policy::PermissionRequest)> {
        use crate::policy::lint_fix;
        let policy = self.selected_policy()?;
        let index = self.selected_statement.index();
        let statement = policy.document.as_ref()?.statements.get(index)?;
        let taken: Vec<&str> = policy
            .document
            .as_ref()
            .map(|d| d.sids().collect())
            .unwrap_or_default();
        policy.lints.get(index)?.iter().find_map(|lint| {
            let request = if lint_fix::fixable(lint.id) {
                lint_fix::fix_request(lint.id, taken.iter().copied())
            } else {
                lint_fix::statement_fix(
                    lint.id,
                    statement,
                    self.context.account.as_deref(),
                    taken.iter().copied(),
                )
            };
            request.map(|r| (lint.id, r))
        })
    }

    pub fn qualifier_rows(&self) -> &[QualifierRow] {
        match &self.qualifiers {
            Some(Qualifiers {
                rows: Loadable::Loaded(rows),
                ..
            }) => rows,
            _ => &[],
        }
    }

    /// What the policy pane shows: the selected function and qualifier.
    pub fn selected_target(&self) -> Option<Target> {
        let function = self.selected_function_name()?;
        let qualifier = self
            .qualifier_rows()
            .get(self.selected_qualifier.index())
            .and_then(QualifierRow::qualifier);
        Some(Target::new(function, qualifier))
    }

    /// What is known of the URL of `target`, for the URL lints.
    pub fn url_state(&self, target: &Target) -> UrlState {
        let Some(urls) = self
            .qualifiers
            .as_ref()
            .filter(|q| q.function == target.function)
            .and_then(|q| q.urls.as_ref())
        else {
            return UrlState::Unknown;
        };
        match urls.get(target.qualifier.as_deref().unwrap_or_default()) {
            Some(url) => UrlState::Present {
                auth_type: url.auth_type.clone(),
            },
            None => UrlState::Absent,
        }
    }

    /// `target`'s URL, when it has one.
    pub fn url_of(&self, target: &Target) -> Option<&UrlSummary> {
        self.qualifiers
            .as_ref()
            .filter(|q| q.function == target.function)?
            .urls
            .as_ref()?
            .get(target.qualifier.as_deref().unwrap_or_default())
    }

    /// The AuthType of `target`'s URL, when it has one.
    pub fn url_auth_type(&self, target: &Target) -> Option<String> {
        self.url_of(target).map(|u| u.auth_type.clone())
    }

    /// Works the lints of every loaded policy out again (the account or the URLs became known).
    pub fn relint(&mut self) {
        let account = self.context.account.clone();
        let targets: Vec<Target> = self.policies.keys().cloned().collect();
        for target in targets {
            let url = self.url_state(&target);
            if let Some(Loadable::Loaded(shown)) = self.policies.get_mut(&target) {
                *shown = ShownPolicy::new(shown.policy.clone(), account.as_deref(), &url);
            }
        }
    }

    pub fn policy(&self, target: &Target) -> Option<&Loadable<ShownPolicy>> {
        self.policies.get(target)
    }

    pub fn selected_policy(&self) -> Option<&ShownPolicy> {
        match self.policy(&self.selected_target()?) {
            Some(Loadable::Loaded(p)) => Some(p),
            _ => None,
        }
    }

    pub fn selected_sid(&self) -> Option<String> {
        self.selected_policy()?
            .sid_at(self.selected_statement.index())
    }

    /// The tour has inputs left to feed for its step.
    pub fn tour_is_feeding(&self) -> bool {
        self.tour
            .as_ref()
            .is_some_and(|t| !t.pending.is_empty() || t.jumping_to.is_some())
    }

    pub fn is_busy(&self) -> bool {
        self.functions.loading
            || matches!(
                self.qualifiers,
                Some(Qualifiers {
                    rows: Loadable::Loading,
                    ..
                })
            )
            || self
                .policies
                .values()
                .any(|p| matches!(p, Loadable::Loading))
            || (self.browsing == Browsing::Layers && self.layers.is_loading())
            || self.overlays.iter().any(|o| match o {
                Overlay::Form(f) => f.is_submitting(),
                Overlay::Editor(e) => e.is_putting(),
                Overlay::LayerForm(f) => f.is_submitting(),
                _ => false,
            })
            || self.status.as_ref().is_some_and(|s| s.ttl.is_some())
            || self
                .held
                .as_ref()
                .is_some_and(|h| h.ticks < HELD_MARK_TICKS)
            || !self.recent_keys.is_empty()
    }
}
