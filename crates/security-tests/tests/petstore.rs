//! swagger-petstore3 (from the shared corpus): an `oauth2` scheme and an `api_key` header
//! scheme, each alone reaching its operations and, where an operation accepts either, the
//! alternatives deciding (never a 403 because the other credential is present). Driven through
//! the generated `SECURITY` and `OPERATIONS`, which each handler of the router authorizes with.
#![cfg(petstore_corpus)]

#[allow(dead_code, unused_imports)]
mod types {
    include!(concat!(env!("OUT_DIR"), "/petstore/types.rs"));
}
#[allow(dead_code, unused_imports, clippy::all)]
mod server {
    include!(concat!(env!("OUT_DIR"), "/petstore/server.rs"));
}

use apigen_runtime::Scope;
use apigen_runtime::server::authorize;
use server::{Authenticator, Caller, Credential, OPERATIONS, SECURITY};

/// `api_key` accepts `key`; `petstore_auth` accepts `token-rw` (both scopes) and `token-r`
/// (`read:pets` only).
struct Petstore;

impl Authenticator for Petstore {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        let scopes = |raw: &[&str]| raw.iter().map(|s| Scope::parse(s)).collect();
        match (credential.scheme, credential.secret.as_str()) {
            ("api_key", "key") => Some(Caller::new("key-owner", Vec::new())),
            ("petstore_auth", "token-rw") => Some(Caller::new(
                "oauth-user",
                scopes(&["write:pets", "read:pets"]),
            )),
            ("petstore_auth", "token-r") => Some(Caller::new("oauth-user", scopes(&["read:pets"]))),
            _ => None,
        }
    }
}

/// The status (200 when authorized) and scheme of `operation` called with `headers`.
async fn status(operation: &str, headers: &[(&str, &str)]) -> (u16, Option<&'static str>) {
    let op = OPERATIONS
        .iter()
        .find(|op| op.id == operation)
        .expect("the operation");
    let mut request = http::Request::builder().method(op.method).uri("/");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (parts, ()) = request.body(()).unwrap().into_parts();
    match authorize(&Petstore, &parts, &SECURITY, &op.access).await {
        Ok(caller) => (200, caller.scheme),
        Err(error) => (error.status.as_u16(), None),
    }
}

const KEY: (&str, &str) = ("api_key", "key");
const TOKEN: (&str, &str) = ("authorization", "Bearer token-rw");
const READ_TOKEN: (&str, &str) = ("authorization", "Bearer token-r");

#[tokio::test]
async fn each_scheme_alone_reaches_its_operations() {
    assert_eq!(status("getInventory", &[KEY]).await, (200, Some("api_key")));
    assert_eq!(
        status("addPet", &[TOKEN]).await,
        (200, Some("petstore_auth"))
    );
    assert_eq!(status("getPetById", &[KEY]).await, (200, Some("api_key")));
    assert_eq!(
        status("getPetById", &[TOKEN]).await,
        (200, Some("petstore_auth"))
    );
}

#[tokio::test]
async fn both_together_follow_the_alternatives() {
    assert_eq!(
        status("getPetById", &[KEY, TOKEN]).await,
        (200, Some("api_key"))
    );
    assert_eq!(
        status("getPetById", &[KEY, READ_TOKEN]).await,
        (200, Some("api_key")),
        "a token lacking a scope does not spoil the key"
    );
    assert_eq!(status("getPetById", &[READ_TOKEN]).await.0, 403);
    assert_eq!(status("getInventory", &[KEY, TOKEN]).await.0, 200);
    assert_eq!(status("addPet", &[KEY, TOKEN]).await.0, 200);
}

#[tokio::test]
async fn the_wrong_scheme_alone_is_401() {
    assert_eq!(status("getInventory", &[TOKEN]).await.0, 401);
    assert_eq!(status("addPet", &[KEY]).await.0, 401);
    assert_eq!(status("getPetById", &[]).await.0, 401);
    assert_eq!(status("loginUser", &[]).await.0, 200, "public");
}

#[test]
fn no_vendor_wording() {
    let files = [
        include_str!(concat!(env!("OUT_DIR"), "/petstore/types.rs")),
        include_str!(concat!(env!("OUT_DIR"), "/petstore/server.rs")),
        include_str!(concat!(env!("OUT_DIR"), "/petstore/client.rs")),
    ];
    // Spec text may say anything ("Logs out current logged in user session."); what the
    // generator writes must not speak of PostHog's credentials.
    for text in files {
        let text = text.to_lowercase();
        assert!(!text.contains("personal api key"));
        for line in text.lines().filter(|line| line.contains("authentication:")) {
            assert!(!line.contains("session"), "{line}");
        }
        assert!(!text.contains("session only"));
    }
}

/// The status `router` answers for `GET path`.
async fn routed(router: axum::Router, path: &str) -> u16 {
    use tower::ServiceExt;
    let request = http::Request::builder()
        .uri(path)
        .body(axum::body::Body::empty())
        .unwrap();
    router.oneshot(request).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn the_router_is_mounted_under_the_path_of_the_first_server() {
    assert_eq!(server::BASE_PATH, "/api/v3");
    let mounted = || server::router(server::Unimplemented, server::DenyAll);
    assert_eq!(routed(mounted(), "/api/v3/pet/1").await, 401);
    assert_eq!(routed(mounted(), "/pet/1").await, 404);
    let at_root = server::router_at("", server::Unimplemented, server::DenyAll);
    assert_eq!(routed(at_root, "/pet/1").await, 401);
    let elsewhere = server::router_at("/v9/", server::Unimplemented, server::DenyAll);
    assert_eq!(routed(elsewhere, "/v9/pet/1").await, 401);
}
