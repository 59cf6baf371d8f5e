//! The TUI driven through `update` and the real runner: every flow, the forms, the editor, the layers, the tour, screenshots and snapshots of every screen.

#[path = "../common/mod.rs"]
mod common;

mod reliability_tui;
mod screenshot;
mod tour;
mod tui_editor;
mod tui_flows;
mod tui_form;
mod tui_layers;
mod tui_snapshots;
