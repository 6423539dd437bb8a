//! The parts of an error answer, `{"type", "code", "detail", "attr"}`: the body itself when the
//! spec chooses that shape (`x-apigen-security: {error-body: fields}`), else the source of RFC
//! 9457 problem details; clients read either shape into it.

use serde::{Deserialize, Serialize};

/// The parts of an error answer.
///
/// `kind` (serialized as `type`) is one of `validation_error`,
/// `authentication_error`, `invalid_request` or `server_error`; `attr` names
/// the first failing field with nested names joined by `__`, and is always
/// serialized (as `null` when there is none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error family, serialized as `type`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A machine-readable code, such as `not_authenticated` or `required`.
    pub code: String,
    /// A human-readable explanation.
    pub detail: String,
    /// The failing field, nested names joined by `__`.
    #[serde(default)]
    pub attr: Option<String>,
}

impl ErrorBody {
    /// An error body from its four parts.
    pub fn new(
        kind: impl Into<String>,
        code: impl Into<String>,
        detail: impl Into<String>,
        attr: Option<String>,
    ) -> Self {
        Self {
            kind: kind.into(),
            code: code.into(),
            detail: detail.into(),
            attr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_type_and_null_attr() {
        let body = ErrorBody::new("invalid_request", "not_found", "Not found.", None);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": null})
        );
    }

    #[test]
    fn deserializes_without_attr() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"type":"server_error","code":"error","detail":"x"}"#).unwrap();
        assert_eq!(body, ErrorBody::new("server_error", "error", "x", None));
    }
}
