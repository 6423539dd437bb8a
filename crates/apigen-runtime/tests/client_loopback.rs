//! The client against a real axum server on a loopback port.
#![cfg(all(feature = "client", feature = "server"))]

use apigen_runtime::client::{Auth, Error, Transport, Undocumented, paginate, send};
use apigen_runtime::server::{ApiError, json_response, parse_query};
use apigen_runtime::{ErrorBody, Page};
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

/// Starts the test server on 127.0.0.1:0 and returns its base URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/echo", get(echo))
        .route("/missing", get(missing))
        .route("/bad", get(bad))
        .route("/items", get(items))
        .route("/broken-items", get(broken_items))
        .route("/relative-items", get(relative_items))
        .route("/foreign-items", get(foreign_items))
        .layer(axum::middleware::map_response(
            apigen_runtime::server::fields_error_bodies,
        ))
        .with_state(base.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn echo(headers: HeaderMap) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    json_response(
        200,
        &json!({"authorization": header("authorization"), "cookie": header("cookie")}),
    )
}

async fn missing() -> Response {
    ApiError::not_found("No such user.").into_response()
}

async fn bad() -> Response {
    apigen_runtime::server::text_response(200, "application/json", "{not json".into())
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<u32>,
}

async fn items(State(base): State<String>, uri: Uri) -> Response {
    let query: PageQuery = match parse_query(uri.query()) {
        Ok(query) => query,
        Err(error) => return error.into_response(),
    };
    let page = query.page.unwrap_or(1);
    let results: Vec<u32> = (1..=2).map(|i| page * 10 + i).collect();
    let next = (page < 3).then(|| format!("{base}/items?page={}", page + 1));
    json_response(200, &json!({"results": results, "next": next}))
}

async fn broken_items(State(base): State<String>, uri: Uri) -> Response {
    let query: Result<PageQuery, _> = parse_query(uri.query());
    match query.map(|q| q.page) {
        Err(error) => error.into_response(),
        Ok(None) => json_response(
            200,
            &json!({"results": [1], "next": format!("{base}/broken-items?page=2")}),
        ),
        Ok(Some(_)) => ApiError::internal("boom").into_response(),
    }
}

/// Pages whose `next` links are paths on the same origin.
async fn relative_items(uri: Uri) -> Response {
    let page = parse_query::<PageQuery>(uri.query())
        .ok()
        .and_then(|q| q.page)
        .unwrap_or(1);
    let next = (page < 2).then(|| format!("/relative-items?page={}", page + 1));
    json_response(200, &json!({"results": [page], "next": next}))
}

/// One page whose `next` link points to another origin.
async fn foreign_items() -> Response {
    json_response(
        200,
        &json!({"results": [7], "next": "http://127.0.0.2:9/steal?page=2"}),
    )
}

#[derive(Deserialize)]
struct Numbers {
    results: Vec<u32>,
    next: Option<String>,
}

impl Page for Numbers {
    type Item = u32;
    fn into_items(self) -> (Vec<u32>, Option<String>) {
        (self.results, self.next)
    }
}

async fn echo_with(base: &str, auth: Auth) -> Value {
    let transport = Transport::new(base, auth);
    let raw = send(transport.request(Method::GET, "/echo")).await.unwrap();
    assert_eq!(raw.status, 200);
    raw.json::<Value, Undocumented>().unwrap()
}

#[tokio::test]
async fn bearer_auth_is_sent() {
    let base = start().await;
    let seen = echo_with(&base, Auth::Bearer("k".into())).await;
    assert_eq!(seen["authorization"], "Bearer k");
    assert_eq!(seen["cookie"], Value::Null);
}

#[tokio::test]
async fn cookie_auth_is_sent() {
    let base = start().await;
    let seen = echo_with(
        &base,
        Auth::Cookie {
            name: "sessionid".into(),
            value: "s1".into(),
        },
    )
    .await;
    assert_eq!(seen["cookie"], "sessionid=s1");
    assert_eq!(seen["authorization"], Value::Null);
}

#[tokio::test]
async fn error_status_decodes_error_body() {
    let base = start().await;
    let transport = Transport::new(format!("{base}/"), Auth::None);
    let raw = send(transport.request(Method::GET, "/missing"))
        .await
        .unwrap();
    assert_eq!(raw.status, 404);
    assert_eq!(raw.headers.get("content-type").unwrap(), "application/json");
    let error: Error = raw.into_error();
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.to_string(),
        "GET /missing answered 404 Not Found (a status the operation does not document): No such user."
    );
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::new(
            "invalid_request",
            "not_found",
            "No such user.",
            None
        ))
    );
    assert!(matches!(error, Error::Status { status: 404, .. }));
}

#[tokio::test]
async fn invalid_success_body_is_decode_error() {
    let base = start().await;
    let transport = Transport::new(&base, Auth::None);
    let raw = send(transport.request(Method::GET, "/bad")).await.unwrap();
    assert_eq!(raw.text::<Undocumented>().unwrap(), "{not json");
    match raw.json::<Value, Undocumented>() {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(body, "{not json");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn transport_error_for_closed_port() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let transport = Transport::new(format!("http://{address}"), Auth::None);
    let error = send(transport.request(Method::GET, "/x"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn paginate_follows_next_links() {
    let base = start().await;
    let transport = Transport::new(&base, Auth::Bearer("k".into()));
    let first = transport.request(Method::GET, "/items");
    let items: Vec<u32> = paginate::<Numbers>(transport, first)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, [11, 12, 21, 22, 31, 32]);
}

#[tokio::test]
async fn paginate_yields_an_error_once_and_stops() {
    let base = start().await;
    let transport = Transport::new(&base, Auth::None);
    let first = transport.request(Method::GET, "/broken-items");
    let results: Vec<Result<u32, Error>> = paginate::<Numbers>(transport, first).collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), &1);
    let error = results[1].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.error_body().unwrap().kind, "server_error");
}

#[tokio::test]
async fn paginate_follows_relative_next_links_on_the_same_origin() {
    let base = start().await;
    let transport = Transport::new(&base, Auth::Bearer("k".into()));
    let first = transport.request(Method::GET, "/relative-items");
    let items: Vec<u32> = paginate::<Numbers>(transport, first)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, [1, 2]);
}

#[tokio::test]
async fn paginate_refuses_a_next_link_to_another_origin() {
    let base = start().await;
    let transport = Transport::new(&base, Auth::Bearer("k".into()));
    let first = transport.request(Method::GET, "/foreign-items");
    let results: Vec<Result<u32, Error>> = paginate::<Numbers>(transport, first).collect().await;
    assert_eq!(results.len(), 2, "the page's items, then the refusal");
    assert_eq!(results[0].as_ref().unwrap(), &7);
    match &results[1] {
        Err(Error::ForeignLink { url }) => assert_eq!(url, "http://127.0.0.2:9/steal?page=2"),
        other => panic!("expected a refused link, got {other:?}"),
    }
}
