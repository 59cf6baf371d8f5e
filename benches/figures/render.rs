//! 3. Rendering: `view` on a ratatui TestBackend at 120x40, from state built directly: the
//!    main screen with 10,000 functions and a 60-statement policy, and the add form with errors
//!    and its preview. Also the same screen with 100 functions and the keystroke's `update`, to
//!    show where the time goes. And a keystroke in the whole-policy editor on a 20 KB policy:
//!    the text checked again (`update`) and the frame drawn.

use crate::core_loops::per_call;
use crate::fixtures;
use crate::report::{Row, Target, Value};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lambda_policy::lambda::AliasConfiguration;
use lambda_policy::policy::{Field, builtin_presets};
use lambda_policy::tui::app::{App, Context, Loadable, Overlay, QualifierRow, Qualifiers};
use lambda_policy::tui::form::{AddForm, Slot};
use lambda_policy::tui::msg::Msg;
use lambda_policy::tui::policy_editor::PolicyEditor;
use lambda_policy::tui::target::Target as PolicyTarget;
use lambda_policy::tui::update::update;
use lambda_policy::tui::views::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
const FRAMES: usize = 2000;

fn context() -> Context {
    Context {
        profile: None,
        region: fixtures::REGION.into(),
        endpoint: "http://127.0.0.1:9777".into(),
        endpoint_url: "http://127.0.0.1:9777".into(),
        credentials: "env".into(),
        account: Some(fixtures::ACCOUNT.into()),
        demo: false,
    }
}

/// The main screen: `functions` loaded, the middle one selected with its versions and alias,
/// and its unqualified policy of `statements` statements, a public one selected.
pub fn main_screen(functions: usize, statements: usize) -> App {
    let mut app = App::new(context(), false, true, builtin_presets().expect("presets"));
    app.functions.items = fixtures::functions(functions);
    app.functions.loading = false;
    app.refilter();
    app.selected_function.select(functions / 2, functions);
    let name = app.functions.items[app.selected_function.index()]
        .function_name
        .clone();
    let alias = AliasConfiguration {
        alias_arn: format!("{}:live", fixtures::function_arn(&name)),
        name: "live".into(),
        function_version: "2".into(),
        description: Some("production".into()),
        routing_config: None,
        revision_id: Some("0b5e9d1c-7a2f-4c3e-9d8b-1a2b3c4d5e6f".into()),
    };
    app.qualifiers = Some(Qualifiers {
        function: name.clone(),
        rows: Loadable::Loaded(vec![
            QualifierRow::Unqualified,
            QualifierRow::Version {
                number: "1".into(),
                description: "first release".into(),
            },
            QualifierRow::Version {
                number: "2".into(),
                description: "second release".into(),
            },
            QualifierRow::Alias { alias },
        ]),
        urls: None,
    });
    app.policies.insert(
        PolicyTarget::new(name.clone(), None),
        Loadable::Loaded(lambda_policy::tui::app::ShownPolicy::new(
            fixtures::function_policy(&name, statements),
            app.context.account.as_deref(),
            &lambda_policy::policy::UrlState::Unknown,
        )),
    );
    // A public function-URL grant: its lint shows in the details.
    app.selected_statement.select(4, usize::MAX);
    app
}

/// The main screen with the add form open over it: an invalid SourceAccount, a Sid the server
/// refused, and the preview beside the fields.
pub fn form_screen() -> App {
    let mut app = main_screen(10_000, 60);
    let target = app.selected_target().expect("a function is selected");
    let policy = app.selected_policy().expect("its policy is loaded");
    let sids: Vec<String> = policy
        .document
        .as_ref()
        .map(|d| d.sids().map(str::to_string).collect())
        .unwrap_or_default();
    let revision = policy.revision_id.clone();
    let mut form = AddForm::new(
        &target,
        vec![
            None,
            Some("1".into()),
            Some("2".into()),
            Some("live".into()),
        ],
        &app.presets,
        revision,
        sids,
        app.context.account.clone(),
        &app.context.region,
    );
    form.set_text(Field::SourceArn, "arn:aws:s3:::orders-uploads");
    form.set_text(Field::SourceAccount, "12345678901");
    form.server_errors.insert(
        Field::StatementId,
        "taken: The statement id (s3-invoke) provided already exists. Please provide a new \
         statement id, or remove the existing statement."
            .into(),
    );
    form.focus_slot(Slot::Text(Field::SourceAccount));
    form.dirty = true;
    assert!(
        form.issues().len() >= 2,
        "the form shows at least two errors"
    );
    app.overlays.push(Overlay::Form(Box::new(form)));
    app
}

/// The main screen with the editor open on a 20 KB policy of the selected function, the cursor
/// inside a Sid in the middle of the text.
pub fn editor_screen() -> App {
    let mut app = main_screen(100, 0);
    let target = app.selected_target().expect("a function is selected");
    let text = fixtures::policy_text_20kb_of(&target.function);
    let policy = lambda_policy::lambda::FunctionPolicy {
        document: Some(lambda_policy::policy::PolicyDocument::parse(&text).expect("it parses")),
        text: Some(text),
        revision_id: Some("4b1c2a7e-0d9f-4e55-9a3b-6f1e2d3c4b5a".into()),
    };
    let resource = lambda_policy::policy::Arn::parse(&fixtures::function_arn(&target.function))
        .expect("an ARN");
    let mut editor = PolicyEditor::new(
        target,
        resource,
        policy,
        app.context.account.clone(),
        lambda_policy::policy::UrlState::Unknown,
        false,
    );
    let middle = editor
        .text
        .lines()
        .iter()
        .enumerate()
        .skip(editor.text.lines().len() / 2)
        .find_map(|(i, l)| l.find("\"Sid\": \"").map(|c| (i, c + 9)))
        .expect("a Sid in the second half");
    editor.text.move_cursor(ratatui_textarea::CursorMove::Jump(
        middle.0 as u16,
        middle.1 as u16,
    ));
    assert_eq!(editor.error_count(), 0, "{:?}", editor.findings.first());
    app.overlays.push(Overlay::Editor(Box::new(editor)));
    app
}

/// One keystroke in the editor as the app handles it: `update` (the text checked again), then
/// the frame drawn. Keys alternate between typing a letter and deleting it.
fn editor_keystroke(app: &mut App) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    let mut typed = false;
    per_call(Duration::from_millis(1500), || {
        let code = if typed {
            KeyCode::Backspace
        } else {
            KeyCode::Char('x')
        };
        typed = !typed;
        update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        terminal.draw(|frame| view(app, frame)).expect("draws");
    })
}

pub struct Frames {
    pub median: Duration,
    pub mean: Duration,
    pub p99: Duration,
}

impl Frames {
    fn describe(&self) -> String {
        format!(
            "mean {}, p99 {}",
            Value::Time(self.mean),
            Value::Time(self.p99)
        )
    }
}

/// Draws `app` `FRAMES` times on one terminal (after a warm-up), as the app redraws.
pub fn frames(app: &App) -> Frames {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    for _ in 0..50 {
        terminal.draw(|frame| view(app, frame)).expect("draws");
    }
    let mut times = Vec::with_capacity(FRAMES);
    for _ in 0..FRAMES {
        let started = Instant::now();
        terminal.draw(|frame| view(app, frame)).expect("draws");
        times.push(started.elapsed());
    }
    times.sort();
    Frames {
        median: times[FRAMES / 2],
        mean: times.iter().sum::<Duration>() / FRAMES as u32,
        p99: times[FRAMES * 99 / 100],
    }
}

/// The state change of one `j` (then `k`) in the functions pane (effects are not run).
fn key_update(app: &mut App) -> Duration {
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut forward = true;
    per_call(Duration::from_millis(600), || {
        forward = !forward;
        update(app, key(if forward { 'j' } else { 'k' }))
    })
}

pub fn rows() -> Vec<Row> {
    let main = main_screen(10_000, 60);
    let small = main_screen(100, 60);
    let form = form_screen();
    let m = frames(&main);
    let s = frames(&small);
    let f = frames(&form);
    let mut keyed = main_screen(10_000, 60);
    let key = key_update(&mut keyed);
    let mut filtered = main_screen(10_000, 60);
    let visible = per_call(Duration::from_millis(600), || {
        filtered.refilter();
        filtered.visible_count()
    });
    let mut editing = editor_screen();
    let keystroke = editor_keystroke(&mut editing);
    let frame_target = Target::Under(Value::Time(Duration::from_millis(1)));
    vec![
        Row::new(
            "3a",
            format!(
                "frame, main screen 120x40, 10,000 functions, 60 statements, median ({})",
                m.describe()
            ),
            Value::Time(m.median),
        )
        .target(frame_target),
        Row::new(
            "3b",
            format!(
                "frame, add form with errors and preview, median ({})",
                f.describe()
            ),
            Value::Time(f.median),
        )
        .target(frame_target),
        Row::new(
            "3c",
            format!(
                "frame, main screen, 100 functions (for scale), median ({})",
                s.describe()
            ),
            Value::Time(s.median),
        ),
        Row::new(
            "3d",
            "App::refilter() over 10,000 (once per filter change or page)",
            Value::Time(visible),
        ),
        Row::new(
            "3e",
            "update() for `j` with 10,000 functions (no effects run)",
            Value::Time(key),
        ),
        Row::new(
            "3f",
            "keystroke in the editor on a 20 KB policy: checked again and redrawn 120x40",
            Value::Time(keystroke),
        )
        .target(Target::Under(Value::Time(Duration::from_millis(2)))),
    ]
}
