//! [`ResponseValue`]: a successful response's status, headers and typed body.

use std::ops::Deref;

use reqwest::header::HeaderMap;

/// A successful response: status, headers and the decoded body.
///
/// Dereferences to the body, so `response.field` reads the body's fields; use
/// [`ResponseValue::into_inner`] to keep only the body.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> ResponseValue<T> {
    /// A response from its parts.
    pub fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A response header as text, when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body turned into `U` by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "r1".parse().unwrap());
        let value = ResponseValue::new(201, headers, vec![1, 2]);
        assert_eq!(value.status(), 201);
        assert_eq!(value.header("x-request-id"), Some("r1"));
        assert_eq!(value.header("missing"), None);
        assert_eq!(value.len(), 2, "derefs to the body");
        assert_eq!(value.map(|body| body.len()).into_inner(), 2);
    }
}
