//! `lambda-policy functions [--versions] [--aliases]`.

use super::CommandError;
use super::output::{json, print, table};
use crate::cli::{FunctionsArgs, OutputFormat};
use crate::commands::Exit;
use crate::session::Session;
use serde::Serialize;

#[derive(Serialize)]
struct FunctionRow {
    name: String,
    arn: String,
    runtime: Option<String>,
    last_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    versions: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aliases: Option<Vec<AliasRow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    urls: Option<Vec<UrlRow>>,
}

#[derive(Serialize)]
struct UrlRow {
    /// The alias, or `null` for the function's own URL.
    qualifier: Option<String>,
    url: String,
    auth_type: String,
}

#[derive(Serialize)]
struct AliasRow {
    name: String,
    version: String,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    weights: std::collections::BTreeMap<String, f64>,
}

pub async fn run(
    session: &Session,
    args: &FunctionsArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let client = &session.client;
    let mut rows = Vec::new();
    for f in client.list_all_functions().await? {
        let versions = if args.versions {
            let all = client.list_versions(&f.function_name).await?;
            Some(
                all.into_iter()
                    .filter_map(|v| v.version)
                    .filter(|v| v != "$LATEST")
                    .collect(),
            )
        } else {
            None
        };
        let aliases = if args.aliases {
            let all = client.list_aliases(&f.function_name, None).await?;
            Some(
                all.into_iter()
                    .map(|a| AliasRow {
                        name: a.name,
                        version: a.function_version,
                        weights: a
                            .routing_config
                            .map(|r| r.additional_version_weights)
                            .unwrap_or_default(),
                    })
                    .collect(),
            )
        } else {
            None
        };
        let urls = if args.urls {
            let all = client.list_function_url_configs(&f.function_name).await?;
            Some(
                all.into_iter()
                    .map(|u| UrlRow {
                        qualifier: u.qualifier().map(str::to_string),
                        url: u.function_url,
                        auth_type: u.auth_type,
                    })
                    .collect(),
            )
        } else {
            None
        };
        rows.push(FunctionRow {
            name: f.function_name,
            arn: f.function_arn,
            runtime: f.runtime,
            last_modified: f.last_modified,
            versions,
            aliases,
            urls,
        });
    }
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({ "functions": rows }))),
        OutputFormat::Table => {
            let mut header = vec!["NAME", "RUNTIME", "LAST MODIFIED"];
            if args.versions {
                header.push("VERSIONS");
            }
            if args.aliases {
                header.push("ALIASES");
            }
            if args.urls {
                header.push("URLS");
            }
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut row = vec![
                        r.name.clone(),
                        r.runtime.clone().unwrap_or_default(),
                        r.last_modified
                            .clone()
                            .unwrap_or_default()
                            .chars()
                            .take(10)
                            .collect(),
                    ];
                    if let Some(v) = &r.versions {
                        row.push(v.join(","));
                    }
                    if let Some(a) = &r.aliases {
                        row.push(
                            a.iter()
                                .map(|a| {
                                    let weights: String = a
                                        .weights
                                        .iter()
                                        .map(|(v, w)| format!("+{v}:{:.0}%", w * 100.0))
                                        .collect();
                                    format!("{}→{}{weights}", a.name, a.version)
                                })
                                .collect::<Vec<_>>()
                                .join(" "),
                        );
                    }
                    if let Some(urls) = &r.urls {
                        row.push(
                            urls.iter()
                                .map(|u| {
                                    let on = u
                                        .qualifier
                                        .as_deref()
                                        .map_or(String::new(), |q| format!("{q}: "));
                                    format!("{on}{} ({})", u.url, u.auth_type)
                                })
                                .collect::<Vec<_>>()
                                .join(" "),
                        );
                    }
                    row
                })
                .collect();
            print(&table(&header, &cells));
        }
    }
    Ok(Exit::Clean)
}
