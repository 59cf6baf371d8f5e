//! Two small values every screen shares: the two buttons of a dialog, and a value that is
//! loading, loaded or failed.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogButton {
    Cancel,
    Confirm,
}

impl DialogButton {
    /// The other button: a dialog has two.
    pub fn other(self) -> DialogButton {
        match self {
            DialogButton::Cancel => DialogButton::Confirm,
            DialogButton::Confirm => DialogButton::Cancel,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Loaded(T),
    Failed(String),
}
