//! Drives the real `update` with keys, runs its effects through the real runner against the
//! embedded emulator, and renders the real views on a `TestBackend`.

use super::{client, start_demo};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lambda_policy::emulator::RunningEmulator;
use lambda_policy::lambda::LambdaClient;
use lambda_policy::policy::builtin_presets;
use lambda_policy::tui::app::{App, Context};
use lambda_policy::tui::effect::Effect;
use lambda_policy::tui::msg::Msg;
use lambda_policy::tui::runner::Runner;
use lambda_policy::tui::update::update;
use lambda_policy::tui::views::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct Harness {
    pub app: App,
    pub runner: Runner,
    pub messages: UnboundedReceiver<Msg>,
    pub emulator: RunningEmulator,
    /// Effects for the terminal itself (copy, suspend, quit), kept for assertions.
    pub terminal_effects: Vec<Effect>,
    /// Every effect `update` asked for, in order.
    pub all_effects: Vec<Effect>,
}

/// A context with a fixed endpoint, so rendered screens are the same on every run.
pub fn demo_context() -> Context {
    Context {
        profile: None,
        region: "us-east-1".into(),
        endpoint: "demo 127.0.0.1:40123".into(),
        endpoint_url: "http://127.0.0.1:40123".into(),
        credentials: "env".into(),
        account: Some("123456789012".into()),
        demo: true,
    }
}

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(false, true).await
    }

    pub async fn start_with(read_only: bool, color: bool) -> Harness {
        Self::start_on(start_demo().await, read_only, color).await
    }

    /// On an emulator that injects faults.
    pub async fn start_faulty(faults: lambda_policy::emulator::FaultConfig) -> Harness {
        Self::start_on(
            super::start_with(super::demo_account(), faults).await,
            false,
            true,
        )
        .await
    }

    async fn start_on(emulator: RunningEmulator, read_only: bool, color: bool) -> Harness {
        let app = App::new(demo_context(), read_only, color, builtin_presets().unwrap());
        let (sender, messages) = tokio::sync::mpsc::unbounded_channel();
        let start = lambda_policy::emulator::load_fixture(lambda_policy::emulator::DEMO_FIXTURE)
            .expect("the demo fixture");
        // As the session makes it: a read-only app on a client that refuses every write.
        let client = if read_only {
            client(&emulator).into_read_only()
        } else {
            client(&emulator)
        };
        let runner = Runner::new(client, sender, None)
            .with_demo_reset(std::sync::Arc::new(emulator.resetter(start)))
            .with_tour_store(std::sync::Arc::new(emulator.step_store()));
        let mut harness = Harness {
            app,
            runner,
            messages,
            emulator,
            terminal_effects: Vec::new(),
            all_effects: Vec::new(),
        };
        let load = harness.app.restart_listing();
        harness.run_effects(vec![load]);
        harness.settle().await;
        harness
    }

    /// A colleague grants `principal` the right to invoke `function` as statement `sid`.
    pub async fn colleague_grants(&self, function: &str, sid: &str, principal: &str) {
        let request = lambda_policy::policy::PermissionRequest {
            function_name: Some(function.into()),
            statement_id: Some(sid.into()),
            action: Some("lambda:InvokeFunction".into()),
            principal: Some(principal.into()),
            ..Default::default()
        };
        self.colleague().add_permission(&request).await.unwrap();
    }

    /// Another client on the same emulator: a colleague changing things behind the app's back.
    pub fn colleague(&self) -> LambdaClient {
        client(&self.emulator)
    }

    pub fn run_effects(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.all_effects.push(effect.clone());
            match effect {
                Effect::CopyToClipboard(_) | Effect::Suspend | Effect::Quit => {
                    self.terminal_effects.push(effect)
                }
                other => self.runner.run(other),
            }
        }
    }

    /// Applies a message and runs what it asks for; returns those effects.
    pub fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = update(&mut self.app, msg);
        self.run_effects(effects.clone());
        effects
    }

    pub fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.apply(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    pub fn ctrl(&mut self, c: char) -> Vec<Effect> {
        self.apply(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Types `:command` and Enter; returns what Enter asked for.
    pub fn command(&mut self, command: &str) -> Vec<Effect> {
        self.key(KeyCode::Char(':'));
        self.keys(command);
        self.key(KeyCode::Enter)
    }

    /// The status line's text ("" when there is none).
    pub fn status_text(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    /// Handles every answer until the runner has nothing in flight: each effect sends its
    /// answer before it ends, and an answer may start more work, which is waited for too.
    pub async fn settle(&mut self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            self.pump();
            if self.runner.in_flight() == 0 {
                // Anything sent before the last task ended is in the queue now.
                if self.messages.is_empty() {
                    return;
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.messages.recv()).await {
                Ok(Some(msg)) => {
                    self.apply(msg);
                }
                Ok(None) => return,
                Err(_) => panic!(
                    "{} effect(s) still in flight after 30 s",
                    self.runner.in_flight()
                ),
            }
        }
    }

    /// Handles the answers that have already arrived, without waiting.
    pub fn pump(&mut self) {
        while let Ok(msg) = self.messages.try_recv() {
            self.apply(msg);
        }
    }

    /// Filters to one function and waits for its qualifiers and policies.
    pub async fn open_function(&mut self, name: &str) {
        self.key(KeyCode::Char('/'));
        self.keys(name);
        self.key(KeyCode::Enter);
        self.settle().await;
        assert_eq!(self.app.selected_function_name().as_deref(), Some(name));
    }

    /// The demo's layers screen (`L`) on `layer`, its newest version's policy read.
    pub async fn on_layer(layer: &str) -> Harness {
        let mut h = Harness::start().await;
        h.key(KeyCode::Char('L'));
        h.settle().await;
        for _ in 0..h.app.layers.layer_list().len() {
            if h.app.layers.selected_layer_name().as_deref() == Some(layer) {
                break;
            }
            h.key(KeyCode::Char('j'));
        }
        h.settle().await;
        assert_eq!(h.app.layers.selected_layer_name().as_deref(), Some(layer));
        h
    }

    /// The demo on `function`, its policy pane focused.
    pub async fn on_policy(function: &str) -> Harness {
        let mut h = Harness::start().await;
        h.open_function(function).await;
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h
    }

    /// The demo with the policy editor open on `function`.
    pub async fn editor_on(function: &str) -> Harness {
        let mut h = Harness::on_policy(function).await;
        h.key(KeyCode::Char('e'));
        h
    }

    /// In the open policy editor, types `text` just after the first `needle`.
    pub fn type_after(&mut self, needle: &str, text: &str) {
        self.editor_cursor_after(needle);
        self.keys(text);
    }

    /// In the open policy editor, moves the cursor just after the first `needle` in the text.
    pub fn editor_cursor_after(&mut self, needle: &str) {
        let Some(lambda_policy::tui::app::Overlay::Editor(editor)) = self.app.overlays.last_mut()
        else {
            panic!("the editor is not open");
        };
        let (line, column) = editor
            .text
            .lines()
            .iter()
            .enumerate()
            .find_map(|(i, l)| {
                l.find(needle)
                    .map(|c| (i, l[..c + needle.len()].chars().count()))
            })
            .unwrap_or_else(|| panic!("{needle} is not in the text"));
        editor.text.move_cursor(ratatui_textarea::CursorMove::Jump(
            line as u16,
            column as u16,
        ));
    }

    pub fn buffer(&self, width: u16, height: u16) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| view(&self.app, frame)).unwrap();
        terminal.backend().buffer().clone()
    }

    /// The screen as text.
    pub fn screen(&self, width: u16, height: u16) -> String {
        text_of(&self.buffer(width, height))
    }
}

pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The screen with its styles: after the text, each line's styled runs as their text and
/// their style (`2: "✗ anyone" red bold · "lambda:*" yellow`), so a lost colour or a lost bold
/// fails the snapshot and a reviewer can read which words carry which style.
pub fn styled_text_of(buffer: &Buffer) -> String {
    use ratatui::style::{Color, Modifier};
    let mut out = text_of(buffer);
    out.push_str("--- styles ---\n");
    let area = buffer.area;
    let describe = |fg: Color, bg: Color, modifier: Modifier| {
        let mut words = Vec::new();
        if fg != Color::Reset {
            words.push(format!("{fg:?}").to_lowercase());
        }
        if bg != Color::Reset {
            words.push(format!("on {}", format!("{bg:?}").to_lowercase()));
        }
        for (flag, name) in [
            (Modifier::BOLD, "bold"),
            (Modifier::DIM, "dim"),
            (Modifier::ITALIC, "italic"),
            (Modifier::UNDERLINED, "underlined"),
            (Modifier::REVERSED, "reversed"),
            (Modifier::CROSSED_OUT, "crossed-out"),
        ] {
            if modifier.contains(flag) {
                words.push(name.to_string());
            }
        }
        words.join(" ")
    };
    for y in 0..area.height {
        let mut runs: Vec<String> = Vec::new();
        let mut start = 0;
        let style_at = |x: u16| {
            let cell = &buffer[(x, y)];
            (cell.fg, cell.bg, cell.modifier)
        };
        for x in 1..=area.width {
            if x == area.width || style_at(x) != style_at(start) {
                let (fg, bg, modifier) = style_at(start);
                if (fg, bg, modifier) != (Color::Reset, Color::Reset, Modifier::empty()) {
                    let text: String = (start..x).map(|c| buffer[(c, y)].symbol()).collect();
                    runs.push(format!("{text:?} {}", describe(fg, bg, modifier)));
                }
                start = x;
            }
        }
        if !runs.is_empty() {
            out.push_str(&format!("{y}: {}\n", runs.join(" · ")));
        }
    }
    out
}
