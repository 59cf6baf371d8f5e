//! `lambda-policy layers [--versions]`.

use super::CommandError;
use super::output::{json, print, table};
use crate::cli::{LayersArgs, OutputFormat};
use crate::commands::Exit;
use crate::lambda::LayerVersionSummary;
use crate::session::Session;
use serde::Serialize;

#[derive(Serialize)]
struct LayerRow {
    name: String,
    arn: String,
    latest_version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    versions: Option<Vec<VersionRow>>,
}

#[derive(Serialize)]
struct VersionRow {
    version: u64,
    arn: String,
    description: String,
    created: String,
    runtimes: Vec<String>,
    architectures: Vec<String>,
}

impl From<&LayerVersionSummary> for VersionRow {
    fn from(v: &LayerVersionSummary) -> VersionRow {
        VersionRow {
            version: v.version,
            arn: v.layer_version_arn.clone(),
            description: v.description.clone(),
            created: v.created_date.clone(),
            runtimes: v.compatible_runtimes.clone(),
            architectures: v.compatible_architectures.clone(),
        }
    }
}

pub async fn run(
    session: &Session,
    args: &LayersArgs,
    format: OutputFormat,
) -> Result<Exit, CommandError> {
    let layers = session.client.list_all_layers().await?;
    let mut rows = Vec::new();
    for layer in &layers {
        let versions = if args.versions {
            let versions = session
                .client
                .list_layer_versions(&layer.layer_name)
                .await?;
            Some(versions.iter().map(VersionRow::from).collect())
        } else {
            None
        };
        rows.push(LayerRow {
            name: layer.layer_name.clone(),
            arn: layer.layer_arn.clone(),
            latest_version: layer.latest_matching_version.as_ref().map(|v| v.version),
            versions,
        });
    }
    match format {
        OutputFormat::Json => print(&json(&serde_json::json!({ "layers": rows }))),
        OutputFormat::Table => {
            let mut lines = Vec::new();
            for row in &rows {
                match &row.versions {
                    None => lines.push(vec![
                        row.name.clone(),
                        row.latest_version
                            .map(|v| v.to_string())
                            .unwrap_or_default(),
                        row.arn.clone(),
                    ]),
                    Some(versions) => lines.extend(versions.iter().map(|v| {
                        vec![
                            row.name.clone(),
                            v.version.to_string(),
                            v.runtimes.join(","),
                            v.architectures.join(","),
                            v.created.clone(),
                            v.description.clone(),
                        ]
                    })),
                }
            }
            let header: &[&str] = if args.versions {
                &[
                    "LAYER",
                    "VERSION",
                    "RUNTIMES",
                    "ARCHITECTURES",
                    "CREATED",
                    "DESCRIPTION",
                ]
            } else {
                &["LAYER", "LATEST", "ARN"]
            };
            print(&table(header, &lines));
        }
    }
    Ok(Exit::Clean)
}
