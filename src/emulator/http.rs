//! The REST-JSON routes of Lambda, mapped onto [`Account`] operations, with AWS's headers
//! (`x-amzn-RequestId`, `x-amzn-ErrorType`, `Retry-After`) on every answer.

use super::auth::{self};
use super::faults::Fault;
use super::handler::{
    DropConnection, MAX_BODY_BYTES, Params, Shared, answer, error_response, json_body, maybe_drop,
    no_content, param, read, request_id, write,
};
use super::listing::{MAX_URL_ITEMS, max_items, max_items_up_to};
use super::resource_policy::PutResourcePolicyIn;
use super::url_config::new_url_id;
use crate::policy::aws_error::messages;
use crate::policy::validation_error::{Violation, constraint};
use crate::policy::{AwsError, ErrorType, PermissionRequest};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

async fn list_functions(State(shared): State<Arc<Shared>>, Query(q): Params) -> Response {
    let result = (|| {
        let max = max_items(param(&q, "MaxItems"))?;
        let all = match param(&q, "FunctionVersion") {
            None => false,
            Some("ALL") => true,
            Some(other) => {
                return Err(AwsError::validation(&[Violation::new(
                    "functionVersion",
                    Some(other),
                    constraint::one_of(&["ALL"]),
                )]));
            }
        };
        shared
            .account()
            .list_functions(all, param(&q, "Marker"), max)
    })();
    match result {
        Ok(body) => {
            let mut response = (StatusCode::OK, body).into_response();
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            response
        }
        Err(error) => error_response(&error),
    }
}

async fn get_function(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        account.get_function(&name, param(&q, "Qualifier"))
    })
}

async fn get_configuration(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        account.get_function_configuration(&name, param(&q, "Qualifier"))
    })
}

async fn list_versions(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        let max = max_items(param(&q, "MaxItems"))?;
        account.list_versions(&name, param(&q, "Marker"), max)
    })
}

async fn list_aliases(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        let max = max_items(param(&q, "MaxItems"))?;
        account.list_aliases(
            &name,
            param(&q, "FunctionVersion"),
            param(&q, "Marker"),
            max,
        )
    })
}

async fn get_alias(
    State(shared): State<Arc<Shared>>,
    Path((name, alias)): Path<(String, String)>,
) -> Response {
    read(&shared, |account| account.get_alias(&name, &alias))
}

async fn get_policy(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        account.get_policy(&name, param(&q, "Qualifier"))
    })
}

async fn add_permission(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
    body: Bytes,
) -> Response {
    let request: Result<PermissionRequest, AwsError> =
        json_body::<Value>(&body).and_then(|value| {
            if !value.is_object() {
                return Err(AwsError::new(
                    ErrorType::InvalidRequestContent,
                    messages::unparsable_body("expected an object"),
                ));
            }
            serde_json::from_value(value).map_err(|e| {
                AwsError::new(
                    ErrorType::InvalidRequestContent,
                    messages::unparsable_body(e),
                )
            })
        });
    let result = request.and_then(|mut request| {
        request.function_name = Some(name);
        request.qualifier = param(&q, "Qualifier").map(str::to_string);
        write(&shared, |account| {
            account.add_permission(request, request_id())
        })
    });
    maybe_drop(&shared, answer(result, StatusCode::CREATED))
}

async fn remove_permission(
    State(shared): State<Arc<Shared>>,
    Path((name, sid)): Path<(String, String)>,
    Query(q): Params,
) -> Response {
    let result = write(&shared, |account| {
        account.remove_permission(
            &name,
            &sid,
            param(&q, "Qualifier"),
            param(&q, "RevisionId"),
            request_id(),
        )
    });
    let response = match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error_response(&error),
    };
    maybe_drop(&shared, response)
}

async fn get_resource_policy(
    State(shared): State<Arc<Shared>>,
    Path(arn): Path<String>,
) -> Response {
    read(&shared, |account| account.get_resource_policy(&arn))
}

async fn put_resource_policy(
    State(shared): State<Arc<Shared>>,
    Path(arn): Path<String>,
    body: Bytes,
) -> Response {
    let input = json_body::<PutResourcePolicyIn>(&body);
    let result = input.and_then(|input| {
        write(&shared, |account| {
            account.put_resource_policy(&arn, input, request_id())
        })
    });
    maybe_drop(&shared, answer(result, StatusCode::OK))
}

async fn delete_resource_policy(
    State(shared): State<Arc<Shared>>,
    Path(arn): Path<String>,
    Query(q): Params,
) -> Response {
    let result = write(&shared, |account| {
        account.delete_resource_policy(&arn, param(&q, "RevisionId"), request_id())
    });
    maybe_drop(&shared, no_content(result))
}

async fn create_url_config(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
    body: Bytes,
) -> Response {
    let result = write(&shared, |account| {
        account.create_url_config(
            &name,
            param(&q, "Qualifier"),
            &body,
            new_url_id(),
            time::OffsetDateTime::now_utc(),
        )
    });
    answer(result, StatusCode::CREATED)
}

async fn get_url_config(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        account.get_url_config(&name, param(&q, "Qualifier"))
    })
}

async fn update_url_config(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
    body: Bytes,
) -> Response {
    let result = write(&shared, |account| {
        account.update_url_config(
            &name,
            param(&q, "Qualifier"),
            &body,
            time::OffsetDateTime::now_utc(),
        )
    });
    answer(result, StatusCode::OK)
}

async fn delete_url_config(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    no_content(write(&shared, |account| {
        account.delete_url_config(&name, param(&q, "Qualifier"))
    }))
}

async fn list_url_configs(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    read(&shared, |account| {
        let max = max_items_up_to(param(&q, "MaxItems"), MAX_URL_ITEMS)?;
        account.list_url_configs(&name, param(&q, "Marker"), max)
    })
}

async fn unknown_operation() -> Response {
    error_response(&AwsError::new(
        ErrorType::UnknownOperation,
        messages::UNKNOWN_OPERATION,
    ))
}

/// Authentication, faults and the request id, in front of every route.
async fn front(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let id = request_id();
    let mut response = guarded(&shared, request, next).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-amzn-RequestId", v);
    }
    response
}

async fn guarded(shared: &Shared, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(
        shared.body_read_timeout,
        axum::body::to_bytes(body, MAX_BODY_BYTES),
    );
    let body = match read.await {
        Ok(Ok(body)) => body,
        // A body that does not arrive in time: the connection is closed, so a client that
        // stalls holds no connection slot for longer than this.
        Err(_) => {
            let mut response = StatusCode::REQUEST_TIMEOUT.into_response();
            response.extensions_mut().insert(DropConnection);
            return response;
        }
        Ok(Err(_)) => {
            return error_response(&AwsError::new(
                ErrorType::RequestTooLarge,
                messages::request_too_large(MAX_BODY_BYTES),
            ));
        }
    };
    let headers = header_list(&parts.headers);
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let region = shared.account().region.clone();
    // The account's organisation answers on the same endpoint, signed for its own service.
    let scope = headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .and_then(|(_, v)| auth::parse_authorization(v).ok());
    if let Some(scope) = scope.filter(|s| s.service == "organizations") {
        let checked = auth::check(
            "organizations",
            &shared.auth,
            &scope.region,
            parts.method.as_str(),
            path_and_query,
            &headers,
            &body,
        );
        let account = shared.account().account_id.clone();
        return match checked {
            Ok(()) => super::organizations::answer(
                &super::organizations::OrganizationView {
                    accounts: std::slice::from_ref(&account),
                },
                &account,
                &headers,
                &body,
            ),
            Err(error) => super::organizations::error(error.error_type.code(), &error.message),
        };
    }
    if let Err(error) = auth::check(
        crate::sigv4::SIGNING_NAME,
        &shared.auth,
        &region,
        parts.method.as_str(),
        path_and_query,
        &headers,
        &body,
    ) {
        return error_response(&error);
    }
    if let Some(quota) = &shared.quota
        && !quota.try_take()
    {
        return error_response(&AwsError::new(
            ErrorType::TooManyRequests,
            messages::RATE_EXCEEDED,
        ));
    }
    if shared.faults.config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(shared.faults.config.latency_ms)).await;
    }
    match shared.faults.before() {
        Some(Fault::Throttle) => {
            return error_response(&AwsError::new(
                ErrorType::TooManyRequests,
                messages::RATE_EXCEEDED,
            ));
        }
        Some(Fault::ServerError) => {
            return error_response(&AwsError::new(
                ErrorType::Service,
                messages::INTERNAL_TRY_AGAIN,
            ));
        }
        None => {}
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    aws_shaped(response).await
}

/// A rejection from the framework (a path that does not decode, a query that does not parse)
/// is answered as AWS answers a bad parameter, never as plain text.
async fn aws_shaped(response: Response) -> Response {
    let status = response.status();
    if status.as_u16() < 400 || response.headers().contains_key("x-amzn-ErrorType") {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap_or_default();
    let reason = String::from_utf8_lossy(&text).trim().to_string();
    let error_type = match status.as_u16() {
        404 | 405 => ErrorType::UnknownOperation,
        413 => ErrorType::RequestTooLarge,
        _ => ErrorType::InvalidParameterValue,
    };
    let message = if reason.is_empty() {
        format!("Invalid request ({status}).")
    } else {
        format!("Invalid request: {reason}")
    };
    error_response(&AwsError::new(error_type, message))
}

pub(super) fn header_list(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes()).trim().to_string();
        match list.iter_mut().find(|(n, _)| n == name.as_str()) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            None => list.push((name.as_str().to_string(), value)),
        }
    }
    list
}

pub fn router(shared: Arc<Shared>) -> Router {
    let functions = "/2015-03-31/functions";
    Router::new()
        .route(functions, get(list_functions))
        .route(&format!("{functions}/"), get(list_functions))
        .route(&format!("{functions}/{{name}}"), get(get_function))
        .route(
            &format!("{functions}/{{name}}/configuration"),
            get(get_configuration),
        )
        .route(
            &format!("{functions}/{{name}}/versions"),
            get(list_versions),
        )
        .route(&format!("{functions}/{{name}}/aliases"), get(list_aliases))
        .route(
            &format!("{functions}/{{name}}/aliases/{{alias}}"),
            get(get_alias),
        )
        .route(
            &format!("{functions}/{{name}}/policy"),
            get(get_policy).post(add_permission),
        )
        .route(
            &format!("{functions}/{{name}}/policy/{{sid}}"),
            delete(remove_permission),
        )
        .route(
            "/2021-10-31/functions/{name}/url",
            get(get_url_config)
                .post(create_url_config)
                .put(update_url_config)
                .delete(delete_url_config),
        )
        .route("/2021-10-31/functions/{name}/urls", get(list_url_configs))
        .route(
            "/2026-07-09/resource-policy/{arn}",
            get(get_resource_policy)
                .put(put_resource_policy)
                .delete(delete_resource_policy),
        )
        .merge(super::layer_routes::routes())
        .fallback(unknown_operation)
        .method_not_allowed_fallback(unknown_operation)
        // A bug answers one request with a 500, as AWS would; the server goes on.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            error_response(&AwsError::new(ErrorType::Service, messages::INTERNAL))
        }))
        .layer(middleware::from_fn_with_state(shared.clone(), front))
        .with_state(shared)
}
