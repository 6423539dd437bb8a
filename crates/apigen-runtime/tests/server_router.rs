//! The server helpers inside a real axum router, driven with tower's oneshot.
#![cfg(feature = "server")]

use apigen_runtime::server::{
    Access, ApiError, Authenticator, Caller, Credential, Requirement, SchemeKind, SchemeSpec,
    Security, authorize, fields_error_bodies, json_response, method_not_allowed_fallback,
    not_found_fallback, parse_json_body, parse_path, path_values,
};
use apigen_runtime::{ErrorBody, Scope, ScopeRules};
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use tower::ServiceExt;

const SECURITY: Security = Security {
    schemes: &[SchemeSpec {
        name: "KeyAuth",
        kind: SchemeKind::Bearer,
        invalid: "Invalid key.",
        missing_scope: "Missing scope '{scope}'.",
        refused: None,
    }],
    scope_rules: ScopeRules::ObjectAction,
};

struct Keys;

impl Authenticator for Keys {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        (credential.secret == "k").then(|| Caller::new("alice", vec![Scope::parse("user:write")]))
    }
}

#[derive(Deserialize)]
struct Patch {
    #[allow(dead_code)]
    first_name: String,
}

async fn handle(request: Request<Body>) -> Result<Response, ApiError> {
    let (mut parts, body) = request.into_parts();
    let access = Access::Required(&[&[Requirement {
        scheme: "KeyAuth",
        scopes: &["user:write"],
    }]]);
    let caller = authorize(&Keys, &parts, &SECURITY, &access).await?;
    let values = path_values(&mut parts).await?;
    let id: i64 = parse_path("id", &values[0])?;
    let body = to_bytes(body, 1 << 20)
        .await
        .map_err(|e| ApiError::invalid_request("parse_error", e.to_string()))?;
    let _patch: Patch = parse_json_body(&body)?;
    Ok(json_response(
        200,
        &serde_json::json!({"id": id, "by": caller.subject}),
    ))
}

/// The router with `{type, code, detail, attr}` error bodies.
fn app() -> Router {
    problem_app().layer(axum::middleware::map_response(fields_error_bodies))
}

/// The router with the default error bodies (RFC 9457 problem details).
fn problem_app() -> Router {
    Router::new()
        .route("/users/{id}", get(|| async { "ok" }).patch(handle))
        .fallback(not_found_fallback)
        .method_not_allowed_fallback(method_not_allowed_fallback)
}

#[tokio::test]
async fn default_errors_are_problem_details_with_challenges() {
    let request = Request::builder()
        .method("PATCH")
        .uri("/users/1")
        .body(Body::from("{}"))
        .unwrap();
    let response = problem_app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(headers["www-authenticate"], "Bearer realm=\"KeyAuth\"");
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"type": "about:blank", "title": "Unauthorized", "status": 401,
            "detail": "Authentication credentials were not provided.", "code": "not_authenticated"})
    );
    let request = Request::builder()
        .uri("/nowhere")
        .body(Body::empty())
        .unwrap();
    let response = problem_app().oneshot(request).await.unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
}

async fn call(method: &str, uri: &str, auth: Option<&str>, body: &str) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = app()
        .oneshot(request.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn error_body(text: &str) -> ErrorBody {
    serde_json::from_str(text).unwrap()
}

#[tokio::test]
async fn unknown_path_is_json_404() {
    let (status, text) = call("GET", "/nowhere", None, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_body(&text).code, "not_found");
}

#[tokio::test]
async fn wrong_method_is_json_405() {
    let (status, text) = call("DELETE", "/users/1", None, "").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let body = error_body(&text);
    assert_eq!(
        (body.kind.as_str(), body.code.as_str()),
        ("invalid_request", "method_not_allowed")
    );
}

#[tokio::test]
async fn handler_happy_path_and_errors() {
    let (status, text) = call(
        "PATCH",
        "/users/7",
        Some("Bearer k"),
        r#"{"first_name":"A"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value, serde_json::json!({"id": 7, "by": "alice"}));

    let (status, _) = call("PATCH", "/users/7", None, "{}").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, text) = call("PATCH", "/users/abc", Some("Bearer k"), "{}").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_body(&text).attr.as_deref(), Some("id"));

    let (status, text) = call("PATCH", "/users/7", Some("Bearer k"), "{}").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body = error_body(&text);
    assert_eq!(
        (body.code.as_str(), body.attr.as_deref()),
        ("required", Some("first_name"))
    );

    let (status, text) = call("PATCH", "/users/7", Some("Bearer k"), "{").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_body(&text).code, "parse_error");
}
