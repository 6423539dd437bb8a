//! A careful hand-written axum 0.8 server for the benchmarked operations, the yardstick of the
//! generated one: `GET` and `PATCH /api/users/{uuid}/` with a bearer key, the `user:read` /
//! `user:write` scope check (`user:write` grants read, `*` grants all), `@me`, the same `User`
//! body, and JSON 401/403 errors.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use posthog_users::types::{PatchedUser, User};
use posthog_users_mock::demo;
use serde::Serialize;

/// What an API key may do, decided when the server starts.
#[derive(Debug, Clone, Copy)]
struct Key {
    user_id: i64,
    read: bool,
    write: bool,
}

/// The hand-written server's state: keys and users.
#[derive(Debug)]
pub struct HandState {
    keys: HashMap<String, Key>,
    users: RwLock<HashMap<i64, User>>,
}

impl HandState {
    /// The demo keys of `user` (`read`, `write` and `*`) over a store holding only `user`.
    pub fn new(user: User) -> HandState {
        let id = user.id;
        let keys = [
            (demo::READ_KEY, true, false),
            (demo::WRITE_KEY, true, true),
            (demo::ALL_KEY, true, true),
        ]
        .into_iter()
        .map(|(key, read, write)| {
            let key_value = Key {
                user_id: id,
                read,
                write,
            };
            (key.to_owned(), key_value)
        })
        .collect();
        HandState {
            keys,
            users: RwLock::new(HashMap::from([(id, user)])),
        }
    }
}

/// The hand-written router over `state`.
pub fn router(state: HandState) -> Router {
    Router::new()
        .route("/api/users/{uuid}/", get(retrieve).patch(partial_update))
        .with_state(Arc::new(state))
}

/// The `User` the generated side serves as `@me` for the read key, fetched through its
/// router so both sides answer with the same body.
pub async fn demo_user() -> User {
    use tower::ServiceExt;
    let request = crate::scenario::SCENARIOS[0].request(0);
    let response = crate::generated::router()
        .oneshot(request)
        .await
        .unwrap_or_else(|never| match never {});
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("demo user: {error}"))
}

async fn retrieve(
    State(state): State<Arc<HandState>>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(key) = authenticate(&state, &headers) else {
        return unauthorized();
    };
    if !key.read {
        return missing_scope("user:read");
    }
    let Some(id) = target(key, &uuid) else {
        return not_found();
    };
    let users = state.users.read().unwrap_or_else(PoisonError::into_inner);
    match users.get(&id) {
        Some(user) => json(StatusCode::OK, user),
        None => not_found(),
    }
}

async fn partial_update(
    State(state): State<Arc<HandState>>,
    Path(uuid): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(key) = authenticate(&state, &headers) else {
        return unauthorized();
    };
    if !key.write {
        return missing_scope("user:write");
    }
    let Some(id) = target(key, &uuid) else {
        return not_found();
    };
    let patch: PatchedUser = match serde_json::from_slice(&body) {
        Ok(patch) => patch,
        Err(error) => {
            return error_response(StatusCode::BAD_REQUEST, "parse_error", &error.to_string());
        }
    };
    let mut users = state.users.write().unwrap_or_else(PoisonError::into_inner);
    let Some(user) = users.get_mut(&id) else {
        return not_found();
    };
    if let Some(first_name) = patch.first_name {
        user.first_name = Some(first_name);
    }
    if let Some(last_name) = patch.last_name {
        user.last_name = Some(last_name);
    }
    json(StatusCode::OK, user)
}

/// The key of the `Authorization: Bearer` header, if it is one of the state's.
fn authenticate(state: &HandState, headers: &HeaderMap) -> Option<Key> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .and_then(|token| state.keys.get(token))
        .copied()
}

/// The 401 answer, with its challenge.
fn unauthorized() -> Response {
    let mut response = error_response(
        StatusCode::UNAUTHORIZED,
        "authentication_failed",
        "Invalid personal API key.",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"api\""),
    );
    response
}

fn target(key: Key, uuid: &str) -> Option<i64> {
    (uuid == "@me").then_some(key.user_id)
}

fn missing_scope(scope: &str) -> Response {
    error_response(
        StatusCode::FORBIDDEN,
        "permission_denied",
        &format!("API key missing required scope '{scope}'"),
    )
}

fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "not_found", "Not found.")
}

/// PostHog's error body.
#[derive(Serialize)]
struct ErrorBody<'a> {
    r#type: &'static str,
    code: &'static str,
    detail: &'a str,
    attr: Option<&'a str>,
}

fn error_response(status: StatusCode, code: &'static str, detail: &str) -> Response {
    let kind = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "authentication_error",
        _ => "invalid_request",
    };
    let body = ErrorBody {
        r#type: kind,
        code,
        detail,
        attr: None,
    };
    json(status, &body)
}

fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
