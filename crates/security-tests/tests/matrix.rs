//! The generated router of `fixtures/matrix.yaml` (every scheme kind, AND/OR requirements, an
//! optional and a public operation), per operation × {no credential, wrong credential, right
//! credential without scope, right credential with scope, two credentials, duplicated
//! credential} → status and `WWW-Authenticate`.

#[allow(dead_code, unused_imports)]
mod types {
    include!(concat!(env!("OUT_DIR"), "/matrix/types.rs"));
}
#[allow(dead_code, unused_imports)]
mod server {
    include!(concat!(env!("OUT_DIR"), "/matrix/server.rs"));
}
#[allow(dead_code, unused_imports)]
mod client {
    include!(concat!(env!("OUT_DIR"), "/matrix/client.rs"));
}

use apigen_runtime::Scope;
use apigen_runtime::server::{SchemeKind, decode_basic};
use axum::body::Body;
use http::{Request, StatusCode};
use server::{ApiError, Authenticator, Caller, Credential};
use tower::ServiceExt;

/// Accepts `<scheme>-good` (holding every scope of the fixture) and `<scheme>-limited`
/// (holding none) for the scheme named in the credential; for Basic, as the user name.
struct PerScheme;

impl Authenticator for PerScheme {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        let secret = match credential.kind {
            SchemeKind::Basic => decode_basic(&credential.secret)?.0,
            _ => credential.secret.clone(),
        };
        let scopes = if secret == format!("{}-good", credential.scheme) {
            ["admin", "read", "profile"].map(Scope::parse).to_vec()
        } else if secret == format!("{}-limited", credential.scheme) {
            Vec::new()
        } else {
            return None;
        };
        Some(Caller::new(credential.scheme, scopes))
    }
}

/// Every operation answers 204 once the router lets the request through.
struct NoContent;

macro_rules! no_content {
    ($($method:ident => $response:ident),* $(,)?) => {
        impl server::Api for NoContent {
            $(
                async fn $method(&self, caller: &Caller) -> Result<types::$response, ApiError> {
                    assert!(caller.is_anonymous() || caller.scheme.is_some());
                    Ok(types::$response::NoContent)
                }
            )*
        }
    };
}

no_content! {
    by_bearer => ByBearerResponse,
    by_basic => ByBasicResponse,
    by_digest => ByDigestResponse,
    by_header_key => ByHeaderKeyResponse,
    by_query_key => ByQueryKeyResponse,
    by_cookie => ByCookieResponse,
    by_oauth => ByOauthResponse,
    by_oidc => ByOidcResponse,
    header_and_query_keys => HeaderAndQueryKeysResponse,
    bearer_or_header_key => BearerOrHeaderKeyResponse,
    optional_key => OptionalKeyResponse,
    public => PublicResponse,
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * index) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One piece of a request that carries a credential.
#[derive(Debug, Clone)]
enum Part {
    Header(&'static str, String),
    Query(&'static str, String),
}

/// How `secret` travels for `scheme`.
fn present(scheme: &str, secret: &str) -> Part {
    match scheme {
        "bearer" | "oauth" | "oidc" => Part::Header("authorization", format!("Bearer {secret}")),
        "basic" => Part::Header(
            "authorization",
            format!("Basic {}", base64(format!("{secret}:pw").as_bytes())),
        ),
        "digest" => Part::Header("authorization", format!("Digest {secret}")),
        "headerKey" => Part::Header("x-key", secret.to_owned()),
        "queryKey" => Part::Query("key", secret.to_owned()),
        "cookie" => Part::Header("cookie", format!("sid={secret}")),
        other => panic!("no scheme {other}"),
    }
}

/// The response to `method path` carrying `parts` (and a JSON `Content-Type`, so that cookie
/// credentials pass the cross-site guard).
async fn call(method: &str, path: &str, parts: &[Part]) -> (StatusCode, Vec<String>, String) {
    let query: Vec<String> = parts
        .iter()
        .filter_map(|part| match part {
            Part::Query(name, value) => Some(format!("{name}={value}")),
            Part::Header(..) => None,
        })
        .collect();
    let uri = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    };
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    for part in parts {
        if let Part::Header(name, value) = part {
            request = request.header(*name, value.as_str());
        }
    }
    let response = server::router(NoContent, PerScheme)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let challenges = response
        .headers()
        .get_all("www-authenticate")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), challenges, content_type)
}

/// One operation of the matrix.
struct Row {
    method: &'static str,
    path: &'static str,
    /// The schemes of the alternative the "right" columns present (all of them: an AND-set).
    schemes: &'static [&'static str],
    /// A credential of a scheme the operation does not use, for the "two credentials" column.
    extra: &'static str,
    /// Expected status per column: none, wrong, limited, good, two, duplicated.
    expect: [u16; 6],
    /// The challenges of a 401.
    challenges: &'static [&'static str],
}

const BEARER: &str = "Bearer realm=\"bearer\"";
const HEADER_KEY: &str = "ApiKey realm=\"headerKey\", in=\"header\", name=\"X-Key\"";
const QUERY_KEY: &str = "ApiKey realm=\"queryKey\", in=\"query\", name=\"key\"";

#[rustfmt::skip]
const ROWS: &[Row] = &[
    //                                                                                      none wrong limited good two  dup
    Row { method: "GET", path: "/bearer", schemes: &["bearer"], extra: "headerKey", expect: [401, 401, 403, 204, 204, 400], challenges: &[BEARER] },
    Row { method: "GET", path: "/basic", schemes: &["basic"], extra: "headerKey", expect: [401, 401, 204, 204, 204, 400], challenges: &["Basic realm=\"basic\", charset=\"UTF-8\""] },
    Row { method: "GET", path: "/digest", schemes: &["digest"], extra: "headerKey", expect: [401, 401, 204, 204, 204, 400], challenges: &["Digest realm=\"digest\""] },
    Row { method: "GET", path: "/header-key", schemes: &["headerKey"], extra: "bearer", expect: [401, 401, 204, 204, 204, 400], challenges: &[HEADER_KEY] },
    Row { method: "GET", path: "/query-key", schemes: &["queryKey"], extra: "bearer", expect: [401, 401, 204, 204, 204, 400], challenges: &[QUERY_KEY] },
    Row { method: "POST", path: "/cookie", schemes: &["cookie"], extra: "bearer", expect: [401, 401, 204, 204, 204, 400], challenges: &["ApiKey realm=\"cookie\", in=\"cookie\", name=\"sid\""] },
    Row { method: "GET", path: "/oauth", schemes: &["oauth"], extra: "headerKey", expect: [401, 401, 403, 204, 204, 400], challenges: &["Bearer realm=\"oauth\""] },
    Row { method: "GET", path: "/oidc", schemes: &["oidc"], extra: "headerKey", expect: [401, 401, 403, 204, 204, 400], challenges: &["Bearer realm=\"oidc\""] },
    Row { method: "GET", path: "/and", schemes: &["headerKey", "queryKey"], extra: "bearer", expect: [401, 401, 204, 204, 204, 400], challenges: &[HEADER_KEY, QUERY_KEY] },
    Row { method: "GET", path: "/or", schemes: &["bearer"], extra: "headerKey", expect: [401, 401, 403, 204, 204, 400], challenges: &[BEARER, HEADER_KEY] },
    Row { method: "GET", path: "/optional", schemes: &["headerKey"], extra: "bearer", expect: [204, 401, 204, 204, 204, 400], challenges: &[HEADER_KEY] },
    Row { method: "GET", path: "/public", schemes: &["headerKey"], extra: "bearer", expect: [204, 204, 204, 204, 204, 204], challenges: &[] },
];

const COLUMNS: [&str; 6] = ["none", "wrong", "limited", "good", "two", "duplicated"];

/// The credentials of each column for `row`.
fn column(row: &Row, index: usize) -> Vec<Part> {
    let with = |suffix: &str| -> Vec<Part> {
        row.schemes
            .iter()
            .map(|scheme| present(scheme, &format!("{scheme}-{suffix}")))
            .collect()
    };
    match index {
        0 => Vec::new(),
        1 => with("wrong"),
        2 => with("limited"),
        3 => with("good"),
        4 => {
            let mut parts = with("good");
            parts.push(present(row.extra, "wrong"));
            parts
        }
        _ => {
            let good = with("good");
            good.iter().chain(good.iter()).cloned().collect()
        }
    }
}

#[tokio::test]
async fn every_operation_by_every_credential() {
    let mut failures = Vec::new();
    for row in ROWS {
        for (index, name) in COLUMNS.iter().enumerate() {
            let (status, challenges, content_type) =
                call(row.method, row.path, &column(row, index)).await;
            let expected = row.expect[index];
            let expected_challenges: Vec<&str> = if expected == 401 {
                row.challenges.to_vec()
            } else {
                Vec::new()
            };
            if status.as_u16() != expected || challenges != expected_challenges {
                failures.push(format!(
                    "{} {} {name}: {status} {challenges:?}, expected {expected} {expected_challenges:?}",
                    row.method, row.path
                ));
            }
            if status.is_client_error() && content_type != "application/problem+json" {
                failures.push(format!("{} {name}: error as {content_type}", row.path));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_token_is_authenticated_for_the_scheme_it_is_presented_to() {
    // `/oauth` accepts only the `oauth` scheme: a valid `bearer`-scheme token is not valid there.
    let (status, ..) = call("GET", "/oauth", &[present("bearer", "bearer-good")]).await;
    assert_eq!(status, 401);
    let (status, ..) = call("GET", "/or", &[present("headerKey", "headerKey-good")]).await;
    assert_eq!(status, 204, "the second alternative");
    let limited_bearer_and_key = [
        present("bearer", "bearer-limited"),
        present("headerKey", "headerKey-good"),
    ];
    let (status, ..) = call("GET", "/or", &limited_bearer_and_key).await;
    assert_eq!(
        status, 204,
        "a scope-less bearer does not spoil the other alternative"
    );
}

#[tokio::test]
async fn an_and_set_needs_every_scheme() {
    for parts in [
        vec![present("headerKey", "headerKey-good")],
        vec![present("queryKey", "queryKey-good")],
        vec![
            present("headerKey", "headerKey-good"),
            present("queryKey", "wrong"),
        ],
    ] {
        let (status, challenges, _) = call("GET", "/and", &parts).await;
        assert_eq!(status, 401, "{parts:?}");
        assert_eq!(challenges, [HEADER_KEY, QUERY_KEY]);
    }
}

/// A request to `/cookie` with a valid cookie and these headers, without the JSON body type.
async fn cookie_post(headers: &[(&str, &str)]) -> StatusCode {
    let mut request = Request::builder()
        .method("POST")
        .uri("/cookie")
        .header("cookie", "sid=cookie-good");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    server::router(NoContent, PerScheme)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn cookies_are_guarded_against_cross_site_requests() {
    assert_eq!(cookie_post(&[]).await, 403);
    assert_eq!(cookie_post(&[("content-type", "text/plain")]).await, 403);
    assert_eq!(
        cookie_post(&[("content-type", "application/x-www-form-urlencoded")]).await,
        403
    );
    let evil = [("host", "api.example"), ("origin", "https://evil.example")];
    assert_eq!(cookie_post(&evil).await, 403);
    let same = [("host", "api.example"), ("origin", "https://api.example")];
    assert_eq!(cookie_post(&same).await, 204);
    assert_eq!(
        cookie_post(&[("content-type", "application/json")]).await,
        204
    );
}

/// The router served on a loopback port; its base URL.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = server::router(NoContent, PerScheme);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test]
async fn one_client_holds_a_credential_per_scheme() {
    use client::{Auth, Client};
    let key = |value: &str| Auth::Header {
        name: "X-Key".into(),
        value: value.into(),
    };
    let client = Client::new(serve().await, Auth::None)
        .with_credential("headerKey", key("headerKey-good"))
        .with_credential(
            "queryKey",
            Auth::Query {
                name: "key".into(),
                value: "queryKey-good".into(),
            },
        )
        .with_credential(
            "cookie",
            Auth::Cookie {
                name: "sid".into(),
                value: "cookie-good".into(),
            },
        )
        .with_credential("oauth", Auth::Bearer("oauth-good".into()))
        .with_credential(
            "basic",
            Auth::Basic {
                username: "basic-good".into(),
                password: Some("pw".into()),
            },
        );
    client
        .header_and_query_keys()
        .send()
        .await
        .expect("both keys of the AND-set");
    client
        .bearer_or_header_key()
        .send()
        .await
        .expect("the second alternative");
    client.by_oauth().send().await.expect("the oauth token");
    client.by_basic().send().await.expect("basic credentials");
    client
        .by_cookie()
        .send()
        .await
        .expect("a cookie POST, with the client's Origin");
    client
        .optional_key()
        .send()
        .await
        .expect("the optional key");
    let refused = client
        .by_bearer()
        .send()
        .await
        .expect_err("no bearer credential held");
    assert_eq!(refused.status(), Some(401));
    client
        .with_auth(Auth::Bearer("bearer-good".into()))
        .by_bearer()
        .send()
        .await
        .expect("the per-request override");
    let wrong = client.with_credential("headerKey", key("wrong"));
    assert_eq!(
        wrong
            .by_header_key()
            .send()
            .await
            .expect_err("wrong key")
            .status(),
        Some(401)
    );
}

#[test]
fn generic_crates_have_no_vendor_wording() {
    let files = [
        include_str!(concat!(env!("OUT_DIR"), "/matrix/types.rs")),
        include_str!(concat!(env!("OUT_DIR"), "/matrix/server.rs")),
        include_str!(concat!(env!("OUT_DIR"), "/matrix/client.rs")),
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
