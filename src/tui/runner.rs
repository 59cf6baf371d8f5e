//! Carries out effects on tokio and sends each outcome back as a message, so the render loop
//! never waits on the network.

use super::effect::Effect;
use super::msg::{Msg, QualifierListing, Task};
use super::target::{LayerVersionRef, Target};
use crate::lambda::{LambdaClient, LambdaError};
use crate::policy::{LayerPermissionRequest, PermissionRequest};
use futures_util::{FutureExt, StreamExt};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// Connects anew for `:profile` and `:region`; returns the new client and its context.
pub type Reconnector = Arc<
    dyn Fn(
            Option<String>,
            Option<String>,
        ) -> futures_util::future::BoxFuture<
            'static,
            Result<(LambdaClient, super::app::Context), LambdaError>,
        > + Send
        + Sync,
>;

#[derive(Clone)]
pub struct Runner {
    client: Arc<RwLock<LambdaClient>>,
    messages: UnboundedSender<Msg>,
    reconnect: Option<Reconnector>,
    /// The listing in progress: a new one (`r`, `:region`) stops it.
    listing: Arc<std::sync::Mutex<Option<tokio::task::AbortHandle>>>,
    /// Effects being carried out: started and not yet ended (answered, failed or stopped).
    in_flight: Arc<AtomicUsize>,
    /// Puts the demo's account back as it started (`:reset`); none outside the demo.
    demo_reset: Option<DemoReset>,
    tour_store: Option<TourStore>,
}

pub type DemoReset = Arc<dyn Fn() + Send + Sync>;
/// Keeps (`true`) or puts back (`false`) the demo's account under a tour step's number.
pub type TourStore = Arc<dyn Fn(bool, usize) + Send + Sync>;

/// Counts one effect as in flight for as long as it lives; it ends however the task does
/// (its answer sent, a panic, an abort that drops it).
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn start(count: &Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::SeqCst);
        InFlight(count.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Runner {
    pub fn new(
        client: LambdaClient,
        messages: UnboundedSender<Msg>,
        reconnect: Option<Reconnector>,
    ) -> Runner {
        Runner {
            client: Arc::new(RwLock::new(client)),
            messages,
            reconnect,
            listing: Arc::default(),
            in_flight: Arc::default(),
            demo_reset: None,
            tour_store: None,
        }
    }

    /// The demo's store of tour steps, for the tour to show each step as it began.
    pub fn with_tour_store(self, store: TourStore) -> Runner {
        Runner {
            tour_store: Some(store),
            ..self
        }
    }

    /// The demo's reset, for `:reset`.
    pub fn with_demo_reset(self, reset: DemoReset) -> Runner {
        Runner {
            demo_reset: Some(reset),
            ..self
        }
    }

    /// How many effects are being carried out. Each sends its answer before it ends, so when
    /// this is zero every answer has been sent.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// The client, telling the app of each retry as it waits for it.
    fn client(&self) -> LambdaClient {
        let mut client = self
            .client
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let messages = self.messages.clone();
        client.retry_notes = Some(Arc::new(move |note| {
            let _ = messages.send(Msg::Retrying { note });
        }));
        client
    }

    /// Runs `work` on tokio; if it panics, the UI is told instead of waiting forever.
    fn spawn(
        &self,
        task: Task,
        work: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> tokio::task::AbortHandle {
        let runner = self.clone();
        let in_flight = InFlight::start(&self.in_flight);
        tokio::spawn(async move {
            let _in_flight = in_flight;
            if std::panic::AssertUnwindSafe(work)
                .catch_unwind()
                .await
                .is_err()
            {
                runner.send(Msg::TaskFailed { task });
            }
        })
        .abort_handle()
    }

    /// Hands the app a message from outside the effects (a screenshot the loop took).
    pub fn tell(&self, msg: Msg) {
        self.send(msg);
    }

    fn send(&self, msg: Msg) {
        // The receiver is gone only when the app is quitting.
        let _ = self.messages.send(msg);
    }

    /// Starts an effect; terminal effects (copy, suspend, quit) are the event loop's.
    pub fn run(&self, effect: Effect) {
        match effect {
            Effect::LoadFunctions { ticket } => self.load_functions(ticket),
            Effect::SettleSelection {
                function,
                delay,
                ticket,
            } => self.settle_selection(function, delay, ticket),
            Effect::LoadQualifiers { function, ticket } => self.load_qualifiers(function, ticket),
            Effect::LoadPolicy { target, ticket } => self.load_policy(target, ticket),
            Effect::RemovePermission {
                target,
                sid,
                revision_id,
            } => self.remove_permission(target, sid, revision_id),
            Effect::AddPermission { target, request } => self.add_permission(target, request),
            Effect::PutResourcePolicy {
                target,
                resource,
                text,
                revision_id,
            } => self.put_resource_policy(target, resource, text, revision_id),
            Effect::LoadLayers => self.load_layers(),
            Effect::LoadLayerVersions { layer } => self.load_layer_versions(layer),
            Effect::LoadLayerPolicy { version } => self.load_layer_policy(version),
            Effect::AddLayerPermission { version, request } => {
                self.add_layer_permission(version, request)
            }
            Effect::RemoveLayerPermission {
                version,
                sid,
                revision_id,
            } => self.remove_layer_permission(version, sid, revision_id),
            Effect::ResetDemo => self.reset_demo(),
            // At once, not in a task: the step's first request must meet the account as kept.
            Effect::TourStore { step, save } => {
                if let Some(store) = &self.tour_store {
                    store(save, step);
                }
            }
            Effect::MakeConflict { target } => self.make_conflict(target),
            Effect::Reconnect { profile, region } => self.reconnect(profile, region),
            Effect::CopyToClipboard(_)
            | Effect::Screenshot { .. }
            | Effect::Suspend
            | Effect::Quit => {}
        }
    }

    /// Lists the functions page by page; a new listing stops the one before.
    fn load_functions(&self, ticket: u64) {
        let runner = self.clone();
        let handle = self.spawn(Task::ListingFunctions, async move {
            let client = runner.client();
            let mut pages = std::pin::pin!(client.list_functions(false));
            while let Some(result) = pages.next().await {
                let failed = result.is_err();
                runner.send(Msg::FunctionsPage { ticket, result });
                if failed {
                    break;
                }
            }
        });
        let previous = self
            .listing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .replace(handle);
        if let Some(previous) = previous {
            previous.abort();
        }
    }

    /// Tells the app when the selection has rested long enough to load what it shows.
    fn settle_selection(&self, function: String, delay: Duration, ticket: u64) {
        let runner = self.clone();
        self.spawn(Task::WaitingForSelection, async move {
            tokio::time::sleep(delay).await;
            runner.send(Msg::SelectionSettled { function, ticket });
        });
    }

    /// Reads a function's versions, aliases and URLs together.
    fn load_qualifiers(&self, function: String, ticket: u64) {
        let runner = self.clone();
        self.spawn(Task::LoadingQualifiers, async move {
            let client = runner.client();
            let (versions, aliases, urls) = tokio::join!(
                client.list_versions(&function),
                client.list_aliases(&function, None),
                client.list_function_url_configs(&function)
            );
            let result = versions.and_then(|versions| {
                aliases.map(|aliases| QualifierListing {
                    versions,
                    aliases,
                    urls: urls.ok(),
                })
            });
            runner.send(Msg::Qualifiers {
                function,
                ticket,
                result,
            });
        });
    }

    /// Reads a function's, version's or alias's policy.
    fn load_policy(&self, target: Target, ticket: u64) {
        let runner = self.clone();
        self.spawn(Task::LoadingPolicy, async move {
            let result = runner
                .client()
                .get_policy(&target.function, target.qualifier.as_deref())
                .await;
            runner.send(Msg::Policy {
                target,
                ticket,
                result,
            });
        });
    }

    /// Removes a statement, reconciled by the client.
    fn remove_permission(&self, target: Target, sid: String, revision_id: Option<String>) {
        let runner = self.clone();
        self.spawn(Task::RemovingStatement, async move {
            let result = runner
                .client()
                .remove_permission(
                    &target.function,
                    &sid,
                    target.qualifier.as_deref(),
                    revision_id.as_deref(),
                )
                .await;
            runner.send(Msg::Removed {
                target,
                sid,
                result,
            });
        });
    }

    /// Adds a statement, reconciled by the client.
    fn add_permission(&self, target: Target, request: Box<PermissionRequest>) {
        let runner = self.clone();
        self.spawn(Task::AddingStatement, async move {
            let sid = request.statement_id.clone().unwrap_or_default();
            let result = runner.client().add_permission(&request).await;
            runner.send(Msg::Added {
                target,
                sid,
                result,
            });
        });
    }

    /// Puts a whole policy, guarded by the revision read.
    fn put_resource_policy(
        &self,
        target: Target,
        resource: String,
        text: String,
        revision_id: Option<String>,
    ) {
        let runner = self.clone();
        self.spawn(Task::PuttingPolicy, async move {
            let result = runner
                .client()
                .put_resource_policy(&resource, &text, revision_id.as_deref())
                .await;
            runner.send(Msg::PolicyPut { target, result });
        });
    }

    /// Lists the layers.
    fn load_layers(&self) {
        let runner = self.clone();
        self.spawn(Task::ListingLayers, async move {
            let result = runner.client().list_all_layers().await;
            runner.send(Msg::Layers { result });
        });
    }

    /// Lists a layer's versions.
    fn load_layer_versions(&self, layer: String) {
        let runner = self.clone();
        self.spawn(Task::ListingLayerVersions, async move {
            let result = runner.client().list_layer_versions(&layer).await;
            runner.send(Msg::LayerVersions { layer, result });
        });
    }

    /// Reads a layer version's policy.
    fn load_layer_policy(&self, version: LayerVersionRef) {
        let runner = self.clone();
        self.spawn(Task::ReadingLayerPolicy, async move {
            let result = runner
                .client()
                .get_layer_version_policy(&version.layer, version.version)
                .await;
            runner.send(Msg::LayerPolicy { version, result });
        });
    }

    /// Shares a layer version.
    fn add_layer_permission(&self, version: LayerVersionRef, request: Box<LayerPermissionRequest>) {
        let runner = self.clone();
        self.spawn(Task::SharingLayerVersion, async move {
            let sid = request.statement_id.clone().unwrap_or_default();
            let result = runner.client().add_layer_version_permission(&request).await;
            runner.send(Msg::LayerPermissionAdded {
                version,
                sid,
                result,
            });
        });
    }

    /// Removes a statement from a layer version's policy.
    fn remove_layer_permission(
        &self,
        version: LayerVersionRef,
        sid: String,
        revision_id: Option<String>,
    ) {
        let runner = self.clone();
        self.spawn(Task::RemovingLayerStatement, async move {
            let result = runner
                .client()
                .remove_layer_version_permission(
                    &version.layer,
                    version.version,
                    &sid,
                    revision_id.as_deref(),
                )
                .await;
            runner.send(Msg::LayerPermissionRemoved {
                version,
                sid,
                result,
            });
        });
    }

    /// Puts the demo's account back as it started.
    fn reset_demo(&self) {
        let runner = self.clone();
        let reset = runner.demo_reset.clone();
        self.spawn(Task::ResettingDemo, async move {
            match reset {
                Some(reset) => {
                    reset();
                    runner.send(Msg::DemoReset { result: Ok(()) });
                }
                None => runner.send(Msg::DemoReset {
                    result: Err("only the demo can be reset".into()),
                }),
            }
        });
    }

    /// Has another writer change the policy behind the app (a presenter's cue).
    fn make_conflict(&self, target: Target) {
        let runner = self.clone();
        self.spawn(Task::MakingConflict, async move {
            // Another writer's change, made as a colleague would make it.
            let request = crate::policy::PermissionRequest {
                function_name: Some(target.function.clone()),
                qualifier: target.qualifier.clone(),
                statement_id: Some(format!(
                    "concurrent-change-{}",
                    uuid::Uuid::new_v4()
                        .simple()
                        .to_string()
                        .get(..8)
                        .unwrap_or("x")
                )),
                action: Some("lambda:InvokeFunction".into()),
                principal: Some("111122223333".into()),
                ..Default::default()
            };
            let result = runner
                .client()
                .add_permission(&request)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string());
            runner.send(Msg::ConflictMade { target, result });
        });
    }

    /// Connects again with another profile or region and swaps the client.
    fn reconnect(&self, profile: Option<String>, region: Option<String>) {
        let runner = self.clone();
        let Some(reconnect) = runner.reconnect.clone() else {
            runner.send(Msg::Reconnected {
                result: Err(LambdaError::Config(
                    "this session cannot switch profile or region".into(),
                )),
            });
            return;
        };
        self.spawn(Task::Connecting, async move {
            let result = match reconnect(profile, region).await {
                Ok((client, context)) => {
                    *runner
                        .client
                        .write()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = client;
                    Ok(context)
                }
                Err(e) => Err(e),
            };
            runner.send(Msg::Reconnected { result });
        });
    }
}
