//! Hooks: code the client runs before each request and after each response, for header
//! injection, tracing and metrics, without changing generated code.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// Code run around every attempt of every request of a client (see `Client::with_hook` in a
/// generated crate). Both methods do nothing by default.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent, with the request as it will go out: add or change
    /// headers, start a span, count.
    fn before_request(&self, request: &mut reqwest::Request) {
        let _ = request;
    }

    /// Called after each attempt, with its outcome.
    fn after_response(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }
}

/// One attempt as [`Hook::after_response`] sees it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Exchange<'a> {
    /// The request method (`GET`).
    pub method: &'a str,
    /// The request path, without the query string (which may hold a credential).
    pub path: &'a str,
    /// 0 for the first attempt, then 1, 2… for retries.
    pub attempt: u32,
    /// From sending the request to having read the whole response (or failed).
    pub elapsed: Duration,
    /// The response's status and headers, or why there is none.
    pub outcome: Result<(u16, &'a HeaderMap), &'a (dyn std::error::Error + Send + Sync)>,
}

/// A [`Hook`] made of a closure run before each request.
pub struct BeforeRequest<F>(F);

/// A [`Hook`] that runs `f` before each request, such as adding a header.
pub fn before_request<F>(f: F) -> BeforeRequest<F>
where
    F: Fn(&mut reqwest::Request) + Send + Sync + 'static,
{
    BeforeRequest(f)
}

impl<F> Hook for BeforeRequest<F>
where
    F: Fn(&mut reqwest::Request) + Send + Sync + 'static,
{
    fn before_request(&self, request: &mut reqwest::Request) {
        (self.0)(request)
    }
}

/// A [`Hook`] made of a closure run after each response.
pub struct AfterResponse<F>(F);

/// A [`Hook`] that runs `f` after each response, such as recording a metric.
pub fn after_response<F>(f: F) -> AfterResponse<F>
where
    F: Fn(&Exchange<'_>) + Send + Sync + 'static,
{
    AfterResponse(f)
}

impl<F> Hook for AfterResponse<F>
where
    F: Fn(&Exchange<'_>) + Send + Sync + 'static,
{
    fn after_response(&self, exchange: &Exchange<'_>) {
        (self.0)(exchange)
    }
}
