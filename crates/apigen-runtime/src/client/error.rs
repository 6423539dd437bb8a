//! What can go wrong calling the API.

use std::fmt;

use reqwest::header::HeaderMap;

use crate::ErrorBody;

/// The error body type of an operation that documents no error response: it has no value, so
/// [`Error::Api`] cannot occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undocumented {}

impl fmt::Display for Undocumented {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

/// What can go wrong calling the API. `E` is the operation's documented error bodies (an enum
/// per operation in the generated client), [`Undocumented`] when it documents none.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = Undocumented> {
    /// A documented error status, its body decoded into the operation's error type.
    Api {
        /// The HTTP status.
        status: u16,
        /// The decoded body.
        body: E,
        /// The request and the raw response.
        response: Box<ErrorResponse>,
    },
    /// A status the operation does not document.
    Status {
        /// The HTTP status.
        status: u16,
        /// The request and the raw response.
        response: Box<ErrorResponse>,
    },
    /// The request could not be sent or the response could not be read (connection, TLS,
    /// timeout).
    Transport(reqwest::Error),
    /// A body that does not match the spec.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not match.
        message: String,
        /// The response body as text.
        body: String,
    },
    /// A request value that cannot be encoded.
    Encode(String),
    /// A pagination `next` link to another origin than the client's base URL: it is not
    /// followed, since the request would carry the client's credentials there.
    ForeignLink {
        /// The link as the server sent it.
        url: String,
    },
}

/// An error response: which request it answers, its headers and its body.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// The request method (`GET`).
    pub method: String,
    /// The request path, without the query string (which may hold a credential).
    pub path: String,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body as text (invalid UTF-8 replaced).
    pub text: String,
    /// The body read as the common error shape (`{"type", "code", "detail", "attr"}` or RFC
    /// 9457 problem details), when it is one.
    pub error_body: Option<ErrorBody>,
}

impl ErrorResponse {
    /// The server's own explanation, from the first of the JSON body's `detail`, `message`,
    /// `error_description`, `error` (a string or an object with `message`) and `title`.
    pub fn message(&self) -> Option<String> {
        if let Some(body) = &self.error_body {
            return Some(body.detail.clone());
        }
        let value: serde_json::Value = serde_json::from_str(&self.text).ok()?;
        let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
        ["detail", "message", "error_description", "error", "title"]
            .iter()
            .find_map(|key| {
                let field = value.get(key)?;
                text(field).or_else(|| field.get("message").and_then(text))
            })
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status, response, ..
            }
            | Error::Status { status, response } => {
                let reason = reqwest::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|code| code.canonical_reason())
                    .map(|reason| format!(" {reason}"))
                    .unwrap_or_default();
                write!(
                    f,
                    "{} {} answered {status}{reason}",
                    response.method, response.path
                )?;
                if matches!(self, Error::Status { .. }) {
                    f.write_str(" (a status the operation does not document)")?;
                }
                match response.message() {
                    Some(message) => write!(f, ": {message}"),
                    None if response.text.trim().is_empty() => Ok(()),
                    None => write!(f, ": {}", short(&response.text)),
                }
            }
            Error::Transport(error) => write!(f, "request failed: {error}"),
            Error::Decode {
                status, message, ..
            } => write!(
                f,
                "the {status} response does not match the spec: {message}"
            ),
            Error::Encode(message) => write!(f, "a request value cannot be encoded: {message}"),
            Error::ForeignLink { url } => write!(
                f,
                "the next page is at {url}, another origin than the client's base URL: not followed"
            ),
        }
    }
}

/// At most 200 characters of `text`, on one line.
fn short(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(error)
    }
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Transport(error) => error.status().map(|status| status.as_u16()),
            Error::Api { status, .. } | Error::Status { status, .. } => Some(*status),
            Error::Decode { status, .. } => Some(*status),
            Error::Encode(_) | Error::ForeignLink { .. } => None,
        }
    }

    /// The documented error body, for [`Error::Api`].
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The request and raw response of an error status.
    pub fn response(&self) -> Option<&ErrorResponse> {
        match self {
            Error::Api { response, .. } | Error::Status { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The response headers of an error status.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(|response| &response.headers)
    }

    /// The error status's body read as the common error shape, when it is one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        self.response()?.error_body.as_ref()
    }

    /// The same error with the documented body turned into `F` by `f`.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api {
                status,
                body,
                response,
            } => Error::Api {
                status,
                body: f(body),
                response,
            },
            Error::Status { status, response } => Error::Status { status, response },
            Error::Transport(error) => Error::Transport(error),
            Error::Decode {
                status,
                message,
                body,
            } => Error::Decode {
                status,
                message,
                body,
            },
            Error::Encode(message) => Error::Encode(message),
            Error::ForeignLink { url } => Error::ForeignLink { url },
        }
    }
}

impl Error<Undocumented> {
    /// The same error as an `Error<E>` (it carries no documented body, so nothing is lost).
    pub fn retype<E>(self) -> Error<E> {
        self.map_body(|never| match never {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(text: &str) -> Box<ErrorResponse> {
        Box::new(ErrorResponse {
            method: "GET".into(),
            path: "/api/users/7/".into(),
            headers: HeaderMap::new(),
            text: text.into(),
            error_body: serde_json::from_str(text).ok(),
        })
    }

    #[test]
    fn accessors_and_display() {
        let body = ErrorBody::new("invalid_request", "not_found", "Not found.", None);
        let text = serde_json::to_string(&body).unwrap();
        let error: Error<String> = Error::Api {
            status: 404,
            body: "typed".into(),
            response: response(&text),
        };
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.error_body(), Some(&body));
        assert_eq!(error.body().map(String::as_str), Some("typed"));
        assert_eq!(
            error.to_string(),
            "GET /api/users/7/ answered 404 Not Found: Not found."
        );
        let error: Error = Error::Status {
            status: 418,
            response: response(r#"{"error": {"message": "short and stout"}}"#),
        };
        assert_eq!(
            error.to_string(),
            "GET /api/users/7/ answered 418 I'm a teapot (a status the operation does not document): short and stout"
        );
        let error: Error = Error::Status {
            status: 500,
            response: response("upstream\n  broke"),
        };
        assert!(error.to_string().ends_with(": upstream broke"), "{error}");
        assert_eq!(error.error_body(), None);
        let error: Error<u8> = Error::Encode("nested object".into()).map_body(|b: u8| b);
        assert_eq!(error.status(), None);
        let error: Error = Error::Decode {
            status: 200,
            message: "m".into(),
            body: "b".into(),
        };
        assert_eq!(error.retype::<u8>().status(), Some(200));
    }
}
