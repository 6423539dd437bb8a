//! `ApiError`: an error status with its body, answered as RFC 9457 problem details or, when
//! the spec chooses it, as `{type, code, detail, attr}` JSON.

use std::fmt;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Map, Value};

use crate::ErrorBody;

/// An error with its status, its parts and (for 401) its `WWW-Authenticate` challenges.
///
/// As a response it is RFC 9457 problem details (`application/problem+json`: `type`
/// `about:blank`, `title`, `status`, `detail`, and the extension members `code` and, when set,
/// `attr` and `pointer`); a router built with [`fields_error_bodies`] answers `{type, code, detail, attr}`
/// JSON instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The parts of the answer.
    pub body: ErrorBody,
    /// What few errors carry (challenges, a JSON pointer), boxed to keep `ApiError` small.
    extra: Option<Box<Extra>>,
}

/// The rarer parts of an [`ApiError`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Extra {
    /// The `WWW-Authenticate` challenges (one header each).
    www_authenticate: Vec<HeaderValue>,
    /// The JSON pointer of the offending value in the request body.
    pointer: Option<String>,
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
            extra: None,
        }
    }

    /// The same error with `WWW-Authenticate` challenges.
    pub fn with_challenges(mut self, challenges: Vec<HeaderValue>) -> Self {
        self.extra.get_or_insert_default().www_authenticate = challenges;
        self
    }

    /// The `WWW-Authenticate` challenges sent with the answer (one header each).
    pub fn www_authenticate(&self) -> &[HeaderValue] {
        self.extra
            .as_ref()
            .map_or(&[], |extra| extra.www_authenticate.as_slice())
    }

    /// The JSON pointer of the offending value in the request body, when the error names one.
    pub fn pointer(&self) -> Option<&str> {
        self.extra.as_ref()?.pointer.as_deref()
    }

    /// The same error naming the JSON pointer of the offending value in the request body.
    pub fn with_pointer(mut self, pointer: String) -> Self {
        self.extra.get_or_insert_default().pointer = Some(pointer);
        self
    }

    /// The same error with another machine-readable code.
    pub fn with_code(mut self, code: &str) -> Self {
        self.body.code = code.to_owned();
        self
    }

    /// The body as RFC 9457 problem details.
    pub fn problem_details(&self) -> Value {
        let mut problem = Map::new();
        problem.insert("type".into(), Value::from("about:blank"));
        problem.insert(
            "title".into(),
            Value::from(self.status.canonical_reason().unwrap_or("Error")),
        );
        problem.insert("status".into(), Value::from(self.status.as_u16()));
        problem.insert("detail".into(), Value::from(self.body.detail.as_str()));
        problem.insert("code".into(), Value::from(self.body.code.as_str()));
        if let Some(attr) = &self.body.attr {
            problem.insert("attr".into(), Value::from(attr.as_str()));
        }
        if let Some(pointer) = self.pointer() {
            problem.insert("pointer".into(), Value::from(pointer));
        }
        Value::Object(problem)
    }

    /// The answer with `body` as `content_type`, the status and the challenges.
    fn respond(
        &self,
        content_type: &'static str,
        body: Result<Vec<u8>, serde_json::Error>,
    ) -> Response {
        let (status, body) = match body {
            Ok(body) => (self.status, body),
            Err(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                FALLBACK_BODY.as_bytes().to_vec(),
            ),
        };
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        for challenge in self.www_authenticate() {
            headers.append(header::WWW_AUTHENTICATE, challenge.clone());
        }
        response
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

    /// 413 `invalid_request`/`request_too_large`: the body is longer than the server reads.
    pub fn request_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            "request_too_large",
            format!("The request body is larger than {limit} bytes."),
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

/// Used if a body ever fails to serialize (it cannot, but never panic).
const FALLBACK_BODY: &str =
    r#"{"type":"about:blank","title":"Internal Server Error","status":500}"#;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem_details());
        let mut response = self.respond("application/problem+json", body);
        response.extensions_mut().insert(self);
        response
    }
}

/// Rewrites the error answers of a router as `{type, code, detail, attr}` JSON
/// (`application/json`): the error body a spec chooses with
/// `x-apigen-security: {error-body: fields}`. Use with `axum::middleware::map_response`.
pub async fn fields_error_bodies(response: Response) -> Response {
    match response.extensions().get::<ApiError>() {
        Some(error) => {
            let body = serde_json::to_value(&error.body).and_then(|mut body| {
                if let (Some(pointer), Value::Object(fields)) = (error.pointer(), &mut body) {
                    fields.insert("pointer".into(), Value::from(pointer));
                }
                serde_json::to_vec(&body)
            });
            error.respond("application/json", body)
        }
        None => response,
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

    async fn body_of(response: Response) -> (String, Value) {
        let content_type = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (content_type, serde_json::from_slice(&bytes).unwrap())
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn into_response_is_problem_details() {
        let error =
            ApiError::validation("required", "This field is required.", Some("email".into()));
        let (content_type, body) = block_on(body_of(error.into_response()));
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(
            body,
            serde_json::json!({"type": "about:blank", "title": "Bad Request", "status": 400,
                "detail": "This field is required.", "code": "required", "attr": "email"})
        );
    }

    #[test]
    fn fields_bodies_and_challenges() {
        let challenge = HeaderValue::from_static("Bearer realm=\"a\"");
        let error =
            ApiError::not_authenticated().with_challenges(vec![challenge.clone(), challenge]);
        let response = block_on(fields_error_bodies(error.into_response()));
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response
                .headers()
                .get_all(header::WWW_AUTHENTICATE)
                .iter()
                .count(),
            2
        );
        let (content_type, body) = block_on(body_of(response));
        assert_eq!(content_type, "application/json");
        assert_eq!(
            body,
            serde_json::json!({"type": "authentication_error", "code": "not_authenticated",
                "detail": "Authentication credentials were not provided.", "attr": null})
        );
        let plain = (StatusCode::OK, "ok").into_response();
        assert_eq!(
            block_on(fields_error_bodies(plain)).status(),
            StatusCode::OK
        );
    }
}
