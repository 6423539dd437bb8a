//! `ApiError`: an error status with its PostHog-style JSON body.

use std::fmt;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use crate::ErrorBody;

/// An error answered as `{type, code, detail, attr}` JSON with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The JSON body of the answer.
    pub body: ErrorBody,
}

impl ApiError {
    /// An error from its status and body parts.
    pub fn new(
        status: StatusCode,
        kind: &str,
        code: &str,
        detail: impl Into<String>,
        attr: Option<String>,
    ) -> Self {
        Self {
            status,
            body: ErrorBody::new(kind, code, detail, attr),
        }
    }

    /// 400 `validation_error`: a value breaks the spec's rules.
    pub fn validation(code: &str, detail: impl Into<String>, attr: Option<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            code,
            detail,
            attr,
        )
    }

    /// 400 `invalid_request`: the request cannot be read (malformed JSON etc.).
    pub fn invalid_request(code: &str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            code,
            detail,
            None,
        )
    }

    /// 401 `authentication_error`/`not_authenticated`: no credentials were sent.
    pub fn not_authenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_error",
            "not_authenticated",
            "Authentication credentials were not provided.",
            None,
        )
    }

    /// 401 `authentication_error`/`authentication_failed`: credentials are not valid.
    pub fn authentication_failed(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_error",
            "authentication_failed",
            detail,
            None,
        )
    }

    /// 403 `authentication_error`/`permission_denied`.
    pub fn permission_denied(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "authentication_error",
            "permission_denied",
            detail,
            None,
        )
    }

    /// 404 `invalid_request`/`not_found`.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "invalid_request",
            "not_found",
            detail,
            None,
        )
    }

    /// 405 `invalid_request`/`method_not_allowed`.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "invalid_request",
            "method_not_allowed",
            "Method not allowed.",
            None,
        )
    }

    /// 501 `server_error`/`not_implemented`: the server does not implement the operation.
    pub fn not_implemented(operation_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "server_error",
            "not_implemented",
            format!("The operation `{operation_id}` is not implemented."),
            None,
        )
    }

    /// 500 `server_error`/`error`.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "error",
            detail,
            None,
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}/{}: {}",
            self.status.as_u16(),
            self.body.kind,
            self.body.code,
            self.body.detail
        )?;
        if let Some(attr) = &self.body.attr {
            write!(f, " (attr {attr})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Used if an `ErrorBody` ever fails to serialize (it cannot, but never panic).
const FALLBACK_BODY: &str =
    r#"{"type":"server_error","code":"error","detail":"A server error occurred.","attr":null}"#;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match serde_json::to_vec(&self.body) {
            Ok(body) => (self.status, body),
            Err(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                FALLBACK_BODY.as_bytes().to_vec(),
            ),
        };
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

/// Router fallback for an unknown path: 404 JSON.
pub async fn not_found_fallback() -> Response {
    ApiError::not_found("Not found.").into_response()
}

/// Router fallback for a known path called with another method: 405 JSON.
pub async fn method_not_allowed_fallback() -> Response {
    ApiError::method_not_allowed().into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_set_status_type_and_code() {
        let cases = [
            (
                ApiError::validation("invalid", "x", Some("a".into())),
                400,
                "validation_error",
                "invalid",
            ),
            (
                ApiError::invalid_request("parse_error", "x"),
                400,
                "invalid_request",
                "parse_error",
            ),
            (
                ApiError::not_authenticated(),
                401,
                "authentication_error",
                "not_authenticated",
            ),
            (
                ApiError::authentication_failed("x"),
                401,
                "authentication_error",
                "authentication_failed",
            ),
            (
                ApiError::permission_denied("x"),
                403,
                "authentication_error",
                "permission_denied",
            ),
            (
                ApiError::not_found("x"),
                404,
                "invalid_request",
                "not_found",
            ),
            (
                ApiError::method_not_allowed(),
                405,
                "invalid_request",
                "method_not_allowed",
            ),
            (ApiError::internal("x"), 500, "server_error", "error"),
            (
                ApiError::not_implemented("x"),
                501,
                "server_error",
                "not_implemented",
            ),
        ];
        for (error, status, kind, code) in cases {
            assert_eq!(error.status.as_u16(), status);
            assert_eq!(error.body.kind, kind);
            assert_eq!(error.body.code, code);
        }
    }

    #[test]
    fn display_mentions_code_and_attr() {
        let text =
            ApiError::validation("required", "This field is required.", Some("email".into()))
                .to_string();
        assert_eq!(
            text,
            "400 validation_error/required: This field is required. (attr email)"
        );
    }

    #[test]
    fn into_response_is_json() {
        let response = ApiError::not_found("Not found.").into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
    }
}
