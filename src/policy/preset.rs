//! Presets for the common grants, read from `assets/presets.json` (data, not code).
//!
//! A value may hold placeholders like `<bucket>` that the user still has to fill; each preset
//! gives an example for every placeholder so that it can be checked at start.

use super::field::Field;
use super::placeholder;
use super::request::PermissionRequest;
use serde::Deserialize;
use std::collections::BTreeMap;

const PRESETS_JSON: &str = include_str!("../../assets/presets.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Preset {
    pub id: String,
    pub title: String,
    /// Each statement as member name → value; most presets have one, a public URL has two.
    pub statements: Vec<BTreeMap<String, String>>,
    /// An example value for each placeholder.
    pub examples: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct PresetFile {
    presets: Vec<Preset>,
}

#[derive(Debug, thiserror::Error)]
pub enum PresetError {
    #[error("presets file is not valid: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("preset '{preset}': unknown member '{member}'")]
    UnknownMember { preset: String, member: String },
    #[error("preset '{preset}': no example for placeholder <{placeholder}>")]
    MissingExample { preset: String, placeholder: String },
    #[error(
        "preset '{preset}': {text} is not a placeholder (letters, digits, spaces, '_' and '-' between < and >)"
    )]
    NotAPlaceholder { preset: String, text: String },
    #[error("preset '{preset}' with its examples filled is invalid: {reason}")]
    Invalid { preset: String, reason: String },
}

/// The presets shipped with the program, checked.
pub fn builtin_presets() -> Result<Vec<Preset>, PresetError> {
    parse_presets(PRESETS_JSON)
}

/// Parses and checks presets: every member is known, every placeholder has an example, and
/// each statement passes validation once its examples are filled in.
pub fn parse_presets(text: &str) -> Result<Vec<Preset>, PresetError> {
    let file: PresetFile = serde_json::from_str(text)?;
    for preset in &file.presets {
        preset.check()?;
    }
    Ok(file.presets)
}

impl Preset {
    fn check(&self) -> Result<(), PresetError> {
        for statement in &self.statements {
            for (member, value) in statement {
                if Field::from_name(member).is_none() {
                    return Err(PresetError::UnknownMember {
                        preset: self.id.clone(),
                        member: member.clone(),
                    });
                }
                if let Some(text) = placeholder::malformed(value) {
                    return Err(PresetError::NotAPlaceholder {
                        preset: self.id.clone(),
                        text: text.to_string(),
                    });
                }
                for placeholder in placeholder::all(value) {
                    if !self.examples.contains_key(placeholder.name) {
                        return Err(PresetError::MissingExample {
                            preset: self.id.clone(),
                            placeholder: placeholder.name.to_string(),
                        });
                    }
                }
            }
        }
        for index in 0..self.statements.len() {
            let mut request = self.request(index, &self.examples);
            request.function_name = Some("my-function".into());
            let issues = request.validate();
            if let Some(issue) = issues.first() {
                return Err(PresetError::Invalid {
                    preset: self.id.clone(),
                    reason: issue.message.clone(),
                });
            }
        }
        Ok(())
    }

    /// The request for statement `index`, with the placeholders named in `values` filled and
    /// the others left as `<name>` for the user.
    pub fn request(&self, index: usize, values: &BTreeMap<String, String>) -> PermissionRequest {
        let mut request = PermissionRequest::default();
        if let Some(statement) = self.statements.get(index) {
            for (member, value) in statement {
                if let Some(field) = Field::from_name(member) {
                    request.set_text(field, &placeholder::fill(value, values));
                }
            }
        }
        request
    }
}

pub use super::placeholder::fill;
