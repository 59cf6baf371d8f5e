//! The REST-JSON routes of the layer operations under `/2018-10-31/layers`, mapped onto the
//! account's layer operations (`layers.rs`).

use super::handler::{
    Params, Shared, answer, maybe_drop, no_content, param, read, request_id, write,
};
use super::layers::{LayerFilter, PublishIn};
use crate::policy::aws_error::messages;
use crate::policy::{AwsError, ErrorType, LayerPermissionRequest};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use std::sync::Arc;

fn filter(q: &std::collections::HashMap<String, String>) -> LayerFilter<'_> {
    LayerFilter {
        runtime: param(q, "CompatibleRuntime"),
        architecture: param(q, "CompatibleArchitecture"),
    }
}

/// A `VersionNumber` path label: the model's long.
fn version_number(raw: &str) -> Result<i64, AwsError> {
    raw.parse().map_err(|_| {
        AwsError::new(
            ErrorType::InvalidParameterValue,
            messages::invalid_version_number(&crate::printable::line(raw)),
        )
    })
}

fn body<T: serde::de::DeserializeOwned>(bytes: &Bytes) -> Result<T, AwsError> {
    super::handler::json_body(bytes)
}

/// A layer version's CreatedDate, as Lambda writes it.
fn created_now() -> String {
    time::OffsetDateTime::now_utc()
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]+0000"
        ))
        .expect("a date formats")
}

/// ListLayers, or with `find=LayerVersion` GetLayerVersionByArn (the same path).
async fn list_layers(State(shared): State<Arc<Shared>>, Query(q): Params) -> Response {
    if param(&q, "find") == Some("LayerVersion") {
        return read(&shared, |account| {
            account.get_layer_version_by_arn(param(&q, "Arn").unwrap_or_default())
        });
    }
    read(&shared, |account| {
        account.list_layers(filter(&q), param(&q, "Marker"), param(&q, "MaxItems"))
    })
}

async fn list_layer_versions(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        account.list_layer_versions(
            &name,
            filter(&q),
            param(&q, "Marker"),
            param(&q, "MaxItems"),
        )
    })
}

async fn publish_layer_version(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    bytes: Bytes,
) -> Response {
    let result = body::<PublishIn>(&bytes).and_then(|input| {
        write(&shared, |account| {
            account.publish_layer_version(&name, input, created_now(), request_id())
        })
    });
    maybe_drop(&shared, answer(result, StatusCode::CREATED))
}

async fn get_layer_version(
    State(shared): State<Arc<Shared>>,
    Path((name, version)): Path<(String, String)>,
) -> Response {
    read(&shared, |account| {
        account.get_layer_version(&name, version_number(&version)?)
    })
}

async fn delete_layer_version(
    State(shared): State<Arc<Shared>>,
    Path((name, version)): Path<(String, String)>,
) -> Response {
    let result = version_number(&version).and_then(|version| {
        write(&shared, |account| {
            account.delete_layer_version(&name, version)
        })
    });
    maybe_drop(&shared, no_content(result))
}

async fn get_layer_version_policy(
    State(shared): State<Arc<Shared>>,
    Path((name, version)): Path<(String, String)>,
) -> Response {
    read(&shared, |account| {
        account.get_layer_version_policy(&name, version_number(&version)?)
    })
}

async fn add_layer_version_permission(
    State(shared): State<Arc<Shared>>,
    Path((name, version)): Path<(String, String)>,
    Query(q): Params,
    bytes: Bytes,
) -> Response {
    let result = body::<LayerPermissionRequest>(&bytes)
        .and_then(|request| Ok((request, version_number(&version)?)))
        .and_then(|(mut request, version)| {
            request.layer_name = Some(name);
            request.version_number = Some(version);
            request.revision_id = param(&q, "RevisionId").map(str::to_string);
            write(&shared, |account| {
                account.add_layer_version_permission(request, request_id())
            })
        });
    maybe_drop(&shared, answer(result, StatusCode::CREATED))
}

async fn remove_layer_version_permission(
    State(shared): State<Arc<Shared>>,
    Path((name, version, sid)): Path<(String, String, String)>,
    Query(q): Params,
) -> Response {
    let result = version_number(&version).and_then(|version| {
        write(&shared, |account| {
            account.remove_layer_version_permission(
                &name,
                version,
                &sid,
                param(&q, "RevisionId"),
                request_id(),
            )
        })
    });
    maybe_drop(&shared, no_content(result))
}

pub fn routes() -> Router<Arc<Shared>> {
    let layers = "/2018-10-31/layers";
    Router::new()
        .route(layers, get(list_layers))
        .route(
            &format!("{layers}/{{name}}/versions"),
            get(list_layer_versions).post(publish_layer_version),
        )
        .route(
            &format!("{layers}/{{name}}/versions/{{version}}"),
            get(get_layer_version).delete(delete_layer_version),
        )
        .route(
            &format!("{layers}/{{name}}/versions/{{version}}/policy"),
            get(get_layer_version_policy).post(add_layer_version_permission),
        )
        .route(
            &format!("{layers}/{{name}}/versions/{{version}}/policy/{{sid}}"),
            delete(remove_layer_version_permission),
        )
}
