//! Function URL configurations: one per function and per alias, created, read, changed, deleted
//! and listed as Lambda does (docs/FUNCTION_URLS.md says what was recorded from AWS and what is
//! chosen here; every such choice is in this file).

use super::account::{Account, UrlConfig};
use super::listing::{MAX_URL_ITEMS, page};
use crate::policy::aws_error::messages;
use crate::policy::patterns;
use crate::policy::validation_error::{Violation, constraint};
use crate::policy::{AwsError, ErrorType, FunctionRef, QualifierKind};
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub const AUTH_TYPES: [&str; 2] = ["NONE", "AWS_IAM"];
pub const INVOKE_MODES: [&str; 2] = ["BUFFERED", "RESPONSE_STREAM"];
/// The model's `FunctionUrlQualifier`: an alias name, never a version number or `$LATEST`.
pub const URL_QUALIFIER: &str = r"((?!^\d+$)^[0-9a-zA-Z-_]+$)";
const NO_URL: &str = "The resource you requested does not exist.";
const NO_FUNCTION: &str = "Function does not exist";

/// What a request may change.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UrlChange {
    auth_type: Option<String>,
    cors: Option<Value>,
    invoke_mode: Option<String>,
}

/// Which operation asks: they word a missing function differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asking {
    /// Get and Delete: a missing function reads as a missing URL.
    ForUrl,
    /// Create, Update and List: "Function does not exist".
    ForFunction,
}

fn not_found(message: &str) -> AwsError {
    AwsError::new(ErrorType::ResourceNotFound, message)
}

fn now_text(now: time::OffsetDateTime) -> String {
    now.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]+0000"
    ))
    .unwrap_or_default()
}

/// A new URL id: 32 lowercase letters and digits.
pub fn new_url_id() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..32)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The model's checks of the members of a Create or Update body.
fn check_change(change: &UrlChange, creating: bool) -> Result<(), AwsError> {
    let mut violations = Vec::new();
    match &change.auth_type {
        None if creating => {
            violations.push(Violation::new("authType", None, constraint::not_null()))
        }
        Some(t) if !AUTH_TYPES.contains(&t.as_str()) => violations.push(Violation::new(
            "authType",
            Some(t),
            constraint::one_of(&AUTH_TYPES),
        )),
        _ => {}
    }
    if let Some(mode) = &change.invoke_mode
        && !INVOKE_MODES.contains(&mode.as_str())
    {
        violations.push(Violation::new(
            "invokeMode",
            Some(mode),
            constraint::one_of(&INVOKE_MODES),
        ));
    }
    if !violations.is_empty() {
        return Err(AwsError::validation(&violations));
    }
    if change.cors.as_ref().is_some_and(|c| !c.is_object()) {
        return Err(AwsError::new(
            ErrorType::InvalidRequestContent,
            messages::unparsable_body("Cors must be an object"),
        ));
    }
    Ok(())
}

fn parse_change(body: &[u8], creating: bool) -> Result<UrlChange, AwsError> {
    let change: UrlChange = if body.iter().all(u8::is_ascii_whitespace) {
        UrlChange::default()
    } else {
        super::handler::json_body(body)?
    };
    check_change(&change, creating)?;
    Ok(change)
}

impl Account {
    /// The function and the URL key (`""` for the function, else the alias) a request means.
    fn url_key(
        &self,
        name: &str,
        qualifier: Option<&str>,
        asking: Asking,
    ) -> Result<(String, String), AwsError> {
        let reference = FunctionRef::parse(name).map_err(|issue| {
            AwsError::for_issues(&[issue]).unwrap_or_else(|| not_found(NO_FUNCTION))
        })?;
        if let Some(q) = qualifier
            && !patterns::is_alias_name(q)
        {
            return Err(AwsError::validation(&[Violation::new(
                "qualifier",
                Some(q),
                constraint::pattern(URL_QUALIFIER),
            )]));
        }
        let qualifier = reference.effective_qualifier(qualifier).map_err(|_| {
            AwsError::new(
                ErrorType::InvalidParameterValue,
                messages::QUALIFIER_MISMATCH,
            )
        })?;
        if let Some(q) = &qualifier
            && QualifierKind::of(q) != QualifierKind::Alias
        {
            return Err(AwsError::validation(&[Violation::new(
                "qualifier",
                Some(q),
                constraint::pattern(URL_QUALIFIER),
            )]));
        }
        let missing = match asking {
            Asking::ForUrl => NO_URL,
            Asking::ForFunction => NO_FUNCTION,
        };
        let ours = reference
            .account
            .as_deref()
            .is_none_or(|a| a == self.account_id);
        let function = self
            .functions
            .get(&reference.name)
            .filter(|_| ours)
            .ok_or_else(|| not_found(missing))?;
        if let Some(alias) = &qualifier
            && !function.aliases.contains_key(alias)
        {
            return Err(not_found(missing));
        }
        Ok((reference.name, qualifier.unwrap_or_default()))
    }

    /// The answer's members for a URL: `full` adds what Get, Update and List give.
    fn url_answer(&self, function: &str, key: &str, url: &UrlConfig, full: bool) -> Value {
        let qualifier = (!key.is_empty()).then_some(key);
        let mut out = Map::new();
        out.insert(
            "FunctionUrl".into(),
            format!("https://{}.lambda-url.{}.on.aws/", url.url_id, self.region).into(),
        );
        out.insert(
            "FunctionArn".into(),
            self.function_arn(function, qualifier).into(),
        );
        out.insert("AuthType".into(), url.auth_type.clone().into());
        if let Some(cors) = &url.cors {
            out.insert("Cors".into(), cors.clone());
        }
        out.insert("CreationTime".into(), url.creation_time.clone().into());
        if full {
            out.insert(
                "LastModifiedTime".into(),
                url.last_modified_time.clone().into(),
            );
            let mode = url.invoke_mode.as_deref().unwrap_or(INVOKE_MODES[0]);
            out.insert("InvokeMode".into(), mode.into());
        } else if let Some(mode) = &url.invoke_mode {
            out.insert("InvokeMode".into(), mode.clone().into());
        }
        Value::Object(out)
    }

    pub fn create_url_config(
        &mut self,
        name: &str,
        qualifier: Option<&str>,
        body: &[u8],
        url_id: String,
        now: time::OffsetDateTime,
    ) -> Result<Value, AwsError> {
        let (function, key) = self.url_key(name, qualifier, Asking::ForFunction)?;
        let change = parse_change(body, true)?;
        if self.functions[&function].urls.contains_key(&key) {
            let arn = self.function_arn(&function, (!key.is_empty()).then_some(key.as_str()));
            return Err(AwsError::new(
                ErrorType::ResourceConflict,
                format!(
                    "Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig exists for this Lambda function"
                ),
            ));
        }
        let time = now_text(now);
        let url = UrlConfig {
            url_id,
            auth_type: change.auth_type.unwrap_or_default(),
            cors: change.cors,
            invoke_mode: change.invoke_mode,
            creation_time: time.clone(),
            last_modified_time: time,
        };
        let answer = self.url_answer(&function, &key, &url, false);
        self.functions
            .get_mut(&function)
            .expect("resolved above")
            .urls
            .insert(key, url);
        Ok(answer)
    }

    pub fn get_url_config(&self, name: &str, qualifier: Option<&str>) -> Result<Value, AwsError> {
        let (function, key) = self.url_key(name, qualifier, Asking::ForUrl)?;
        let url = self.functions[&function]
            .urls
            .get(&key)
            .ok_or_else(|| not_found(NO_URL))?;
        Ok(self.url_answer(&function, &key, url, true))
    }

    pub fn update_url_config(
        &mut self,
        name: &str,
        qualifier: Option<&str>,
        body: &[u8],
        now: time::OffsetDateTime,
    ) -> Result<Value, AwsError> {
        let (function, key) = self.url_key(name, qualifier, Asking::ForFunction)?;
        let change = parse_change(body, false)?;
        let url = self
            .functions
            .get_mut(&function)
            .expect("resolved above")
            .urls
            .get_mut(&key)
            .ok_or_else(|| not_found(NO_URL))?;
        if let Some(auth_type) = change.auth_type {
            url.auth_type = auth_type;
        }
        if let Some(cors) = change.cors {
            url.cors = Some(cors);
        }
        if let Some(mode) = change.invoke_mode {
            url.invoke_mode = Some(mode);
        }
        url.last_modified_time = now_text(now);
        let url = url.clone();
        Ok(self.url_answer(&function, &key, &url, true))
    }

    pub fn delete_url_config(
        &mut self,
        name: &str,
        qualifier: Option<&str>,
    ) -> Result<(), AwsError> {
        let (function, key) = self.url_key(name, qualifier, Asking::ForUrl)?;
        self.functions
            .get_mut(&function)
            .expect("resolved above")
            .urls
            .remove(&key)
            .map(|_| ())
            .ok_or_else(|| not_found(NO_URL))
    }

    pub fn list_url_configs(
        &self,
        name: &str,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<Value, AwsError> {
        let (function, _) = self.url_key(name, None, Asking::ForFunction)?;
        let urls: Vec<Value> = self.functions[&function]
            .urls
            .iter()
            .map(|(key, url)| self.url_answer(&function, key, url, true))
            .collect();
        let (urls, next) = page(urls, marker, max_items, Some(MAX_URL_ITEMS))?;
        let mut out = json!({ "FunctionUrlConfigs": urls });
        if let Some(next) = next {
            out["NextMarker"] = next.into();
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_are_checked_and_named_as_the_model_names_them() {
        let bad = check_change(
            &UrlChange {
                auth_type: Some("OPEN".into()),
                invoke_mode: Some("FAST".into()),
                cors: None,
            },
            true,
        )
        .unwrap_err();
        assert!(
            bad.message
                .starts_with("2 validation errors detected: Value 'OPEN' at 'authType'"),
            "{}",
            bad.message
        );
        assert!(
            bad.message.contains("Value 'FAST' at 'invokeMode'"),
            "{}",
            bad.message
        );
        let missing = check_change(&UrlChange::default(), true).unwrap_err();
        assert!(missing.message.contains("Value null at 'authType'"));
        assert!(check_change(&UrlChange::default(), false).is_ok());
    }
}
