//! What can go wrong calling the API.

use crate::ErrorBody;

/// What can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request could not be sent or the response could not be read.
    #[error("request failed: {0}")]
    Transport(#[from] reqwest::Error),
    /// A status the operation does not document as success.
    #[error("the API answered {status}: {}", describe(body.as_deref(), text))]
    Status {
        /// The HTTP status.
        status: u16,
        /// The error body, when the response carried one (boxed, to keep `Result`s small).
        body: Option<Box<ErrorBody>>,
        /// The response body as text.
        text: String,
    },
    /// A success body that does not match the spec.
    #[error("the {status} response does not match the spec: {message}")]
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not match.
        message: String,
        /// The response body as text.
        body: String,
    },
    /// A request value that cannot be encoded.
    #[error("a request value cannot be encoded: {0}")]
    Encode(String),
    /// A pagination `next` link to another origin than the client's base URL: it is not
    /// followed, since the request would carry the client's credentials there.
    #[error("the next page is at {url}, another origin than the client's base URL: not followed")]
    ForeignLink {
        /// The link as the server sent it.
        url: String,
    },
}

fn describe(body: Option<&ErrorBody>, text: &str) -> String {
    match body {
        Some(body) => match &body.attr {
            Some(attr) => format!(
                "{} ({}, attr {attr}): {}",
                body.kind, body.code, body.detail
            ),
            None => format!("{} ({}): {}", body.kind, body.code, body.detail),
        },
        None if text.is_empty() => "(empty body)".to_owned(),
        None => text.to_owned(),
    }
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Transport(error) => error.status().map(|status| status.as_u16()),
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Encode(_) | Error::ForeignLink { .. } => None,
        }
    }

    /// The decoded error body of an error status, when it was one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Status { body, .. } => body.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_and_display() {
        let body = ErrorBody::new("invalid_request", "not_found", "Not found.", None);
        let error = Error::Status {
            status: 404,
            body: Some(Box::new(body.clone())),
            text: String::new(),
        };
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.error_body(), Some(&body));
        assert_eq!(
            error.to_string(),
            "the API answered 404: invalid_request (not_found): Not found."
        );
        let error = Error::Encode("nested object".into());
        assert_eq!(error.status(), None);
        assert_eq!(error.error_body(), None);
        let error = Error::Decode {
            status: 200,
            message: "m".into(),
            body: "b".into(),
        };
        assert_eq!(error.status(), Some(200));
    }
}
