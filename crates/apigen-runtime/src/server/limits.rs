//! How much of a request body a handler reads, and for how long: set per router with
//! [`RequestLimits::apply`] (or by [`serve`](super::serve)), else each generated server's
//! `BODY_LIMIT` and [`DEFAULT_BODY_TIMEOUT`].

use std::time::Duration;

use axum::body::{Body, Bytes};
use http::{Extensions, StatusCode};

use super::{ApiError, read_body};

/// How long a handler waits for a whole request body unless configured otherwise.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Limits on reading request bodies, carried as a request extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    /// The largest body read, in bytes (413 past it); `None` keeps the generated `BODY_LIMIT`.
    pub body_limit: Option<usize>,
    /// How long reading the whole body may take (408 past it).
    pub body_timeout: Duration,
}

impl Default for RequestLimits {
    fn default() -> Self {
        RequestLimits {
            body_limit: None,
            body_timeout: DEFAULT_BODY_TIMEOUT,
        }
    }
}

impl RequestLimits {
    /// These limits with another body limit, in bytes.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = Some(bytes);
        self
    }

    /// These limits with another body read timeout.
    pub fn with_body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// `router` with these limits on every request it serves.
    pub fn apply(self, router: axum::Router) -> axum::Router {
        router.layer(axum::Extension(self))
    }
}

/// Reads a whole request body under the [`RequestLimits`] found in `extensions` (or
/// `default_limit` bytes and [`DEFAULT_BODY_TIMEOUT`]): 413 past the size, 408
/// `request_timeout` past the time.
pub async fn read_limited_body(
    body: Body,
    extensions: &Extensions,
    default_limit: usize,
) -> Result<Bytes, ApiError> {
    let limits = extensions
        .get::<RequestLimits>()
        .copied()
        .unwrap_or_default();
    let limit = limits.body_limit.unwrap_or(default_limit);
    match tokio::time::timeout(limits.body_timeout, read_body(body, limit)).await {
        Ok(read) => read,
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "invalid_request",
            "request_timeout",
            format!(
                "The request body was not received within {} ms.",
                limits.body_timeout.as_millis()
            ),
            None,
        )),
    }
}
