//! One log line per request: method, path, status and duration.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Axum middleware (use with `axum::middleware::from_fn`) logging each request at `info`.
pub async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        "{method} {path} {status} {ms:.2}ms",
        status = response.status().as_u16()
    );
    response
}
