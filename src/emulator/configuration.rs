//! FunctionConfiguration as Lambda writes it, serialised straight from the account's records
//! (a listing of thousands of functions builds no intermediate JSON tree).

use serde::Serialize;

#[derive(Serialize)]
pub struct Mode {
    #[serde(rename = "Mode")]
    pub mode: &'static str,
}

#[derive(Serialize)]
pub struct EphemeralStorage {
    #[serde(rename = "Size")]
    pub size: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapStart {
    pub apply_on: &'static str,
    pub optimization_status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfig {
    pub log_format: &'static str,
    pub log_group: String,
}

/// The members in the order AWS sends them.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigurationOut<'a> {
    pub function_name: &'a str,
    pub function_arn: String,
    pub runtime: &'a str,
    pub role: String,
    pub handler: &'a str,
    pub code_size: u64,
    pub description: &'a str,
    pub timeout: u32,
    pub memory_size: u32,
    pub last_modified: &'a str,
    pub code_sha256: &'a str,
    pub version: String,
    pub tracing_config: Mode,
    pub revision_id: &'a str,
    /// Absent from listings, as in AWS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_update_status: Option<&'static str>,
    pub package_type: &'static str,
    pub architectures: [&'static str; 1],
    pub ephemeral_storage: EphemeralStorage,
    pub snap_start: SnapStart,
    pub logging_config: LoggingConfig,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListFunctionsOut<'a> {
    pub functions: Vec<ConfigurationOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}
