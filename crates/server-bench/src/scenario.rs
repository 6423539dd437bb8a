//! The requests of the benchmark: each is answered the same way (status and body) by the
//! generated and the hand-written server.

use axum::body::Body;
use http::{Method, Request};
use posthog_users_mock::demo;

/// One benchmarked request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Short name, used on the command line and in reports.
    pub name: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The request path.
    pub path: &'static str,
    /// The bearer key sent.
    pub key: &'static str,
    /// The JSON body sent, if any.
    pub body: Option<&'static str>,
    /// The status both servers answer.
    pub status: u16,
}

/// The path every scenario addresses.
pub const ME: &str = "/api/users/@me/";

/// The small PATCH body.
pub const PATCH_BODY: &str = r#"{"first_name":"Ada"}"#;

/// The other PATCH body: PATCH requests alternate between the two, so that every one changes
/// the stored user (no side can answer from what it rendered before).
pub const PATCH_BODY_OTHER: &str = r#"{"first_name":"Grace"}"#;

/// The four scenarios: GET (≈2.7 KB body), PATCH (small body, full user back), 401, 403.
pub const SCENARIOS: [Scenario; 4] = [
    Scenario {
        name: "get",
        method: "GET",
        path: ME,
        key: demo::READ_KEY,
        body: None,
        status: 200,
    },
    Scenario {
        name: "patch",
        method: "PATCH",
        path: ME,
        key: demo::WRITE_KEY,
        body: Some(PATCH_BODY),
        status: 200,
    },
    Scenario {
        name: "401",
        method: "GET",
        path: ME,
        key: "phx_not_a_key",
        body: None,
        status: 401,
    },
    Scenario {
        name: "403",
        method: "PATCH",
        path: ME,
        key: demo::READ_KEY,
        body: Some(PATCH_BODY),
        status: 403,
    },
];

/// The scenario of this name.
pub fn named(name: &str) -> Option<Scenario> {
    SCENARIOS.into_iter().find(|scenario| scenario.name == name)
}

impl Scenario {
    /// The request as an in-process `http::Request`; `sequence` (the request's number) picks
    /// the PATCH body (see [`PATCH_BODY_OTHER`]).
    pub fn request(&self, sequence: u32) -> Request<Body> {
        let builder = Request::builder()
            .method(Method::from_bytes(self.method.as_bytes()).unwrap_or(Method::GET))
            .uri(self.path)
            .header(http::header::AUTHORIZATION, format!("Bearer {}", self.key));
        let body = match self.body {
            Some(PATCH_BODY) if sequence % 2 == 1 => Some(PATCH_BODY_OTHER),
            body => body,
        };
        let built = match body {
            Some(body) => builder
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(Body::from(body)),
            None => builder.body(Body::empty()),
        };
        built.unwrap_or_default()
    }
}
