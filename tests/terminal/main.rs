//! The real binary in a real terminal (tmux, a pty): as operators and presenters use it, and the terminal always restored.

#[path = "../common/mod.rs"]
mod common;

mod reliability_terminal;
mod tmux_demo;
mod tmux_editor;
mod tmux_layers;
mod tmux_operator;
mod tmux_smoke;
