//! The confirmation of a write, the same in the add form, the layer form and the policy editor:
//! it starts on Cancel whenever the write adds access beyond the account (or loses
//! statements), and a write that makes the resource public goes ahead only once its name is
//! typed, as [`crate::policy::Confirmation`] rules for every write path.

use super::dialog::DialogButton;
use crate::policy::{AccessChange, Confirmation};
use crossterm::event::KeyCode;

#[derive(Debug, Clone, PartialEq)]
pub struct WriteConfirm {
    pub focus: DialogButton,
    /// What has been typed of the resource's name, when it must be typed.
    pub typed: Option<String>,
    /// What the write adds, shown in the dialog.
    pub access: AccessChange,
    /// The name that must be typed (the function's, the layer's).
    pub name: String,
}

/// What a key did to the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmKey {
    /// Still asking.
    Asking,
    Cancelled,
    /// Confirm with the name not (yet) typed as it is: the text to show.
    NameNeeded(String),
    Confirmed,
}

impl WriteConfirm {
    /// A confirmation of a write adding `access` to `name`; `loses` says it also takes
    /// statements away.
    pub fn new(access: AccessChange, name: &str, loses: bool) -> WriteConfirm {
        let confirmation = access.confirmation();
        let focus = if loses || confirmation != Confirmation::Plain {
            DialogButton::Cancel
        } else {
            DialogButton::Confirm
        };
        WriteConfirm {
            focus,
            typed: (confirmation == Confirmation::TypeName).then(String::new),
            access,
            name: name.to_string(),
        }
    }

    /// The name typed in full is the confirmation: focus goes to the write, so Enter does it
    /// (as GitHub's and gitui's typed confirmations work); any other text puts it back on Cancel.
    fn follow_name(&mut self) {
        if let Some(typed) = &self.typed {
            self.focus = if *typed == self.name {
                DialogButton::Confirm
            } else {
                DialogButton::Cancel
            };
        }
    }

    pub fn on_key(&mut self, code: KeyCode) -> ConfirmKey {
        match code {
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
                self.focus = self.focus.other();
            }
            KeyCode::Esc => return ConfirmKey::Cancelled,
            KeyCode::Backspace => {
                if let Some(typed) = &mut self.typed {
                    typed.pop();
                }
                self.follow_name();
            }
            KeyCode::Char(c) if !c.is_control() => match &mut self.typed {
                Some(typed) => {
                    typed.push(c);
                    self.follow_name();
                }
                None if matches!(c, 'n' | 'q') => return ConfirmKey::Cancelled,
                None if matches!(c, 'h' | 'l') => self.focus = self.focus.other(),
                None => {}
            },
            KeyCode::Enter if self.focus == DialogButton::Cancel => return ConfirmKey::Cancelled,
            KeyCode::Enter => {
                if self.typed.as_ref().is_some_and(|t| *t != self.name) {
                    return ConfirmKey::NameNeeded(format!(
                        "type the name '{}' to grant public access",
                        self.name
                    ));
                }
                return ConfirmKey::Confirmed;
            }
            _ => {}
        }
        ConfirmKey::Asking
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public() -> AccessChange {
        AccessChange {
            public: vec!["anyone: anyone can invoke this function".into()],
            ..AccessChange::default()
        }
    }

    #[test]
    fn a_public_write_starts_on_cancel_and_needs_the_name_typed() {
        let mut confirm = WriteConfirm::new(public(), "orders", false);
        assert_eq!(confirm.focus, DialogButton::Cancel);
        assert_eq!(confirm.on_key(KeyCode::Enter), ConfirmKey::Cancelled);
        confirm.on_key(KeyCode::Tab);
        assert!(matches!(
            confirm.on_key(KeyCode::Enter),
            ConfirmKey::NameNeeded(_)
        ));
        for c in "orders".chars() {
            // 'n' and 'q' are letters of the name here, not Cancel.
            assert_eq!(confirm.on_key(KeyCode::Char(c)), ConfirmKey::Asking);
        }
        assert_eq!(
            confirm.focus,
            DialogButton::Confirm,
            "the name typed is the yes"
        );
        assert_eq!(confirm.on_key(KeyCode::Enter), ConfirmKey::Confirmed);
    }

    #[test]
    fn typing_the_name_then_enter_confirms_and_a_wrong_name_cancels() {
        let mut confirm = WriteConfirm::new(public(), "orders", false);
        for c in "orders".chars() {
            confirm.on_key(KeyCode::Char(c));
        }
        assert_eq!(confirm.on_key(KeyCode::Enter), ConfirmKey::Confirmed);
        let mut wrong = WriteConfirm::new(public(), "orders", false);
        for c in "orderz".chars() {
            wrong.on_key(KeyCode::Char(c));
        }
        assert_eq!(wrong.focus, DialogButton::Cancel);
        assert_eq!(wrong.on_key(KeyCode::Enter), ConfirmKey::Cancelled);
        // Mistyped, then mended: the focus follows the text.
        let mut mended = WriteConfirm::new(public(), "orders", false);
        for c in "ordersx".chars() {
            mended.on_key(KeyCode::Char(c));
        }
        assert_eq!(mended.focus, DialogButton::Cancel);
        mended.on_key(KeyCode::Backspace);
        assert_eq!(mended.on_key(KeyCode::Enter), ConfirmKey::Confirmed);
    }

    #[test]
    fn external_access_and_losses_start_on_cancel_and_plain_writes_on_confirm() {
        let external = AccessChange {
            external: vec!["partner: another account".into()],
            ..AccessChange::default()
        };
        let confirm = WriteConfirm::new(external, "f", false);
        assert_eq!((confirm.focus, confirm.typed), (DialogButton::Cancel, None));
        let loses = WriteConfirm::new(AccessChange::default(), "f", true);
        assert_eq!(loses.focus, DialogButton::Cancel);
        let mut plain = WriteConfirm::new(AccessChange::default(), "f", false);
        assert_eq!(plain.focus, DialogButton::Confirm);
        assert_eq!(plain.on_key(KeyCode::Char('n')), ConfirmKey::Cancelled);
    }
}
