//! The server helpers inside a real axum router, driven with tower's oneshot.
#![cfg(feature = "server")]

use apigen_runtime::server::{
    Access, ApiError, Authenticator, Caller, Credential, DenyAll, Requirement, RoutePattern,
    RouteTable, SchemeKind, SchemeSpec, Security, authorize, fields_error_bodies, json_response,
    parse_json_body, parse_path, path_values,
};
use apigen_runtime::{ErrorBody, Scope, ScopeRules};
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::MethodFilter;
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
    let values = path_values(&mut parts)?;
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

/// Answers the name of the route and its decoded captures: `name|a|b`.
fn echo(name: &'static str) -> impl Fn(Request<Body>) -> std::future::Ready<String> + Clone {
    move |request| {
        let (mut parts, _) = request.into_parts();
        let text = match path_values(&mut parts) {
            Ok(values) => std::iter::once(name.to_owned())
                .chain(values)
                .collect::<Vec<_>>()
                .join("|"),
            Err(error) => format!("error {}", error.status.as_u16()),
        };
        std::future::ready(text)
    }
}

/// The router with the default error bodies (RFC 9457 problem details).
fn problem_app() -> Router {
    let mut table = RouteTable::new(());
    table.add(MethodFilter::GET, "/users/{}", || async { "ok" });
    table.add(MethodFilter::PATCH, "/users/{}", handle);
    let routes = [
        ("file", "/files/{}.json"),
        ("file-id", "/files/{}"),
        ("file-parts", "/files/{}.{}"),
        ("file-index", "/files/index.json"),
        ("version", "/v{}.{}/x"),
        ("pair", "/{}.{}/x"),
        ("slash", "/t/"),
        ("no-slash", "/t"),
        ("empty", "/e//f"),
        ("star", "/s/*"),
        ("colon", "/s/:id"),
        ("braces", "/s/%7Bx%7D"),
        ("braces-raw", "/s/{y}"),
        ("cafe", "/caf%C3%A9"),
        ("concrete", "/c/me/x"),
        ("templated", "/c/{}/x"),
        ("deeper", "/c/{}/{}"),
    ];
    for (name, pattern) in routes {
        table.add(MethodFilter::GET, pattern, echo(name));
    }
    table.into_router()
}

/// The router with `{type, code, detail, attr}` error bodies.
fn app() -> Router {
    problem_app().layer(axum::middleware::map_response(fields_error_bodies))
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
    call_app(app(), method, uri, auth, body).await
}

async fn call_app(
    app: Router,
    method: &str,
    uri: &str,
    auth: Option<&str>,
    body: &str,
) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = app
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

async fn get_text(uri: &str) -> String {
    let (status, text) = call("GET", uri, None, "").await;
    if status == StatusCode::OK {
        text
    } else {
        status.as_u16().to_string()
    }
}

#[tokio::test]
async fn segments_with_pieces_are_split_by_the_route_table() {
    assert_eq!(get_text("/files/report.json").await, "file|report");
    assert_eq!(get_text("/files/a.b.json").await, "file|a.b");
    assert_eq!(get_text("/files/a.b").await, "file-parts|a|b");
    assert_eq!(get_text("/files/readme").await, "file-id|readme");
    assert_eq!(get_text("/files/caf%C3%A9.json").await, "file|café");
    assert_eq!(get_text("/files/x%2Ejson").await, "file-id|x.json");
    assert_eq!(get_text("/v1.2/x").await, "version|1|2");
    assert_eq!(get_text("/1.2/x").await, "pair|1|2");
    assert_eq!(get_text("/12/x").await, "404", "no candidate matches");
    assert_eq!(get_text("/files/%FF.json").await, "error 400");
}

#[tokio::test]
async fn concrete_segments_win_over_templated_ones() {
    assert_eq!(get_text("/files/index.json").await, "file-index");
    assert_eq!(get_text("/c/me/x").await, "concrete");
    assert_eq!(get_text("/c/you/x").await, "templated|you");
    assert_eq!(
        get_text("/c/me/y").await,
        "deeper|me|y",
        "matchit backtracks"
    );
}

#[tokio::test]
async fn literal_segments_are_routed_literally() {
    assert_eq!(get_text("/t/").await, "slash");
    assert_eq!(get_text("/t").await, "no-slash");
    assert_eq!(get_text("/e//f").await, "empty");
    assert_eq!(get_text("/e/f").await, "404");
    assert_eq!(get_text("/s/*").await, "star");
    assert_eq!(get_text("/s/:id").await, "colon");
    assert_eq!(get_text("/s/%7Bx%7D").await, "braces");
    assert_eq!(get_text("/s/{y}").await, "braces-raw");
    assert_eq!(get_text("/caf%C3%A9").await, "cafe");
    assert_eq!(get_text("/s/x").await, "404");
}

#[tokio::test]
async fn deny_all_refuses_every_credential() {
    let mut table = RouteTable::new(());
    table.add(
        MethodFilter::GET,
        "/me",
        |request: Request<Body>| async move {
            let (parts, _) = request.into_parts();
            let access = Access::Required(&[&[Requirement {
                scheme: "KeyAuth",
                scopes: &[],
            }]]);
            authorize(&DenyAll, &parts, &SECURITY, &access)
                .await
                .map(|_| "in")
        },
    );
    let router = table.into_router();
    let (status, _) = call_app(router.clone(), "GET", "/me", Some("Bearer k"), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call_app(router, "GET", "/me", None, "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn ten_thousand_routes_build() {
    let mut table = RouteTable::new(());
    for index in 0..10_000 {
        let pattern: &'static str = Box::leak(format!("/r{index}/{{}}").into_boxed_str());
        let name: &'static str = &pattern[1..pattern.len() - 3];
        table.add(MethodFilter::GET, pattern, echo(name));
    }
    let router = table.into_router();
    let (status, text) = call_app(router, "GET", "/r9999/x", None, "").await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "r9999|x"));
}

#[tokio::test]
async fn routes_with_many_captures_build_and_match() {
    let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
    let mut table = RouteTable::new(());
    let many = leak("/m".to_owned() + &"/{}".repeat(300));
    table.add(MethodFilter::GET, many, echo("many"));
    let twenty_four = "/{}".repeat(24);
    table.add(
        MethodFilter::GET,
        leak(format!("/m{twenty_four}/a/b")),
        echo("literal-tail"),
    );
    table.add(
        MethodFilter::GET,
        leak(format!("/m{twenty_four}/{{}}/c")),
        echo("short"),
    );
    table.add(
        MethodFilter::POST,
        leak(format!("/m{}/x", "/{}".repeat(40))),
        echo("post"),
    );
    table.add(
        MethodFilter::GET,
        leak(format!("/m{twenty_four}/")),
        echo("slash"),
    );
    table.add(
        MethodFilter::GET,
        leak(format!("/m{twenty_four}")),
        echo("end"),
    );
    let router = table.into_router();
    let values: Vec<String> = (0..300).map(|i| i.to_string()).collect();
    let (status, text) = call_app(
        router.clone(),
        "GET",
        &format!("/m/{}", values.join("/")),
        None,
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, format!("many|{}", values.join("|")));
    let ones = "/1".repeat(24);
    let (_, text) = call_app(router.clone(), "GET", &format!("/m{ones}/a/b"), None, "").await;
    assert!(text.starts_with("literal-tail|"), "{text}");
    let (_, text) = call_app(router.clone(), "GET", &format!("/m{ones}/z/c"), None, "").await;
    assert!(text.starts_with("short|"), "{text}");
    let (status, _) = call_app(router.clone(), "GET", &format!("/m{ones}/z/d"), None, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, text) = call_app(router.clone(), "GET", &format!("/m{ones}/"), None, "").await;
    assert!(text.starts_with("slash|"), "{text}");
    let (_, text) = call_app(router.clone(), "GET", &format!("/m{ones}"), None, "").await;
    assert!(text.starts_with("end|"), "{text}");
    let (_, text) = call_app(
        router,
        "POST",
        &format!("/m{}/x", "/1".repeat(40)),
        None,
        "",
    )
    .await;
    assert!(text.starts_with("post|"), "{text}");
}

/// Random route tables over awkward segments (literal `*`, `:x`, `{`, empty, encoded text, and
/// captures with pieces, up to 30 deep to pass matchit's parameter limit) build without a panic,
/// and every pattern's sample path reaches a handler whose pattern matches it.
#[tokio::test]
async fn random_route_tables_build_and_route() {
    const SEGMENTS: &[(&str, &str)] = &[
        ("a", "a"),
        ("", ""),
        ("*", "*"),
        (":x", ":x"),
        ("%7Bb%7D", "%7Bb%7D"),
        ("{c}", "{c}"),
        ("caf%C3%A9", "caf%C3%A9"),
        ("{}", "1"),
        ("{}.json", "1.json"),
        ("v{}.{}", "v1.1"),
        ("{}-{}-{}", "1-1-1"),
    ];
    const METHODS: &[(MethodFilter, &str)] = &[
        (MethodFilter::GET, "GET"),
        (MethodFilter::POST, "POST"),
        (MethodFilter::DELETE, "DELETE"),
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % bound
    };
    for _ in 0..20 {
        let mut routes: Vec<(&'static str, String, usize)> = Vec::new();
        for _ in 0..60 {
            let depth = if next(4) == 0 {
                24 + next(8)
            } else {
                1 + next(4)
            };
            let (mut pattern, mut sample) = (String::new(), String::new());
            for _ in 0..depth {
                let (segment, value) = SEGMENTS[next(SEGMENTS.len())];
                pattern.push('/');
                pattern.push_str(segment);
                sample.push('/');
                sample.push_str(value);
            }
            let method = next(METHODS.len());
            if !routes.iter().any(|(p, _, m)| *p == pattern && *m == method) {
                routes.push((Box::leak(pattern.into_boxed_str()), sample, method));
            }
        }
        let mut table = RouteTable::new(());
        for (pattern, _, method) in &routes {
            table.add(METHODS[*method].0, pattern, echo(pattern));
        }
        let router = table.into_router();
        for (pattern, sample, method) in &routes {
            let (status, text) =
                call_app(router.clone(), METHODS[*method].1, sample, None, "").await;
            assert_eq!(status, StatusCode::OK, "{pattern} at {sample}: {text}");
            let served = text.split('|').next().unwrap_or_default();
            let served = RoutePattern::new(Box::leak(served.to_owned().into_boxed_str()));
            assert!(
                served.captures(sample).is_some(),
                "{pattern} at {sample}: {text}"
            );
        }
    }
}
