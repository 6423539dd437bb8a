//! Building success responses from a status number and a body; a status
//! number that is not valid becomes a 500 instead of a panic.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

use super::ApiError;

/// The content type of JSON responses.
const JSON: &str = "application/json";

fn status(code: u16) -> Result<StatusCode, ApiError> {
    StatusCode::from_u16(code)
        .map_err(|_| ApiError::internal(format!("Invalid response status {code}.")))
}

fn with_body(code: u16, content_type: &str, body: Vec<u8>) -> Result<Response, ApiError> {
    let content_type = HeaderValue::from_str(content_type)
        .map_err(|_| ApiError::internal(format!("Invalid content type {content_type:?}.")))?;
    with_header(code, content_type, body)
}

fn with_header(code: u16, content_type: HeaderValue, body: Vec<u8>) -> Result<Response, ApiError> {
    let status = status(code)?;
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type);
    Ok(response)
}

/// A JSON response; a body that fails to serialize is a 500.
pub fn json_response<T: Serialize>(status: u16, body: &T) -> Response {
    serde_json::to_vec(body)
        .map_err(|e| ApiError::internal(format!("Could not serialize the response: {e}")))
        .and_then(|bytes| with_header(status, HeaderValue::from_static(JSON), bytes))
        .unwrap_or_else(IntoResponse::into_response)
}

/// A response with no body.
pub fn empty_response(code: u16) -> Response {
    match status(code) {
        Ok(status) => status.into_response(),
        Err(error) => error.into_response(),
    }
}

/// A text response with this content type.
pub fn text_response(status: u16, content_type: &str, body: String) -> Response {
    bytes_response(status, content_type, body.into_bytes())
}

/// A binary response with this content type.
pub fn bytes_response(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    with_body(status, content_type, body).unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    async fn body_of(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn json() {
        let response = json_response(201, &serde_json::json!({"id": 1}));
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(body_of(response).await, br#"{"id":1}"#);
    }

    #[tokio::test]
    async fn unserializable_json_is_500() {
        let mut map = BTreeMap::new();
        map.insert((1, 2), "tuple keys cannot be JSON object keys");
        let response = json_response(200, &map);
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: serde_json::Value = serde_json::from_slice(&body_of(response).await).unwrap();
        assert_eq!(
            (body["status"].as_u64(), body["code"].as_str()),
            (Some(500), Some("error"))
        );
    }

    #[tokio::test]
    async fn invalid_status_is_500() {
        assert_eq!(json_response(1000, &1).status(), 500);
        assert_eq!(empty_response(42).status(), 500);
        assert_eq!(text_response(9999, "text/plain", "x".into()).status(), 500);
    }

    #[tokio::test]
    async fn empty_text_and_bytes() {
        let response = empty_response(204);
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert!(body_of(response).await.is_empty());

        let response = text_response(200, "text/csv", "a,b".into());
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/csv");
        assert_eq!(body_of(response).await, b"a,b");

        let response = bytes_response(200, "application/octet-stream", vec![0, 1]);
        assert_eq!(body_of(response).await, [0, 1]);
        assert_eq!(bytes_response(200, "bad\ntype", vec![]).status(), 500);
    }
}
