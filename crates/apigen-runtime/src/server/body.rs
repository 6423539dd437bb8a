//! Reading a request body whole, within a limit.

use axum::body::{Body, Bytes};

use super::ApiError;

/// Reads the whole body, at most `limit` bytes: past the limit the answer is 413
/// `request_too_large` (the rest is not read), and a body that cannot be read is 400
/// `parse_error`.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let inner = error.into_inner();
        if is_length_limit(inner.as_ref()) {
            ApiError::request_too_large(limit)
        } else {
            ApiError::invalid_request(
                "parse_error",
                format!("The request body could not be read: {inner}"),
            )
        }
    })
}

/// True when `error` or one of its sources is the body length limit.
fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        current = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[tokio::test]
    async fn a_body_past_the_limit_is_413_and_one_within_is_read() {
        let error = read_body(Body::from(vec![b'x'; 11]), 10)
            .await
            .expect_err("too large");
        assert_eq!(error.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(error.body.code, "request_too_large");
        let bytes = read_body(Body::from(vec![b'x'; 10]), 10)
            .await
            .expect("within the limit");
        assert_eq!(bytes.len(), 10);
    }
}
