//! Sending a request and reading its whole response.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::ErrorResponse;
use super::{Error, ResponseValue};

/// A finished response: status, headers and full body, with the request it answers.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// The request method (`GET`).
    pub method: String,
    /// The request path, without the query string.
    pub path: String,
}

/// Sends the request and reads the whole body (no hooks, policy or retries: see
/// [`Transport::execute`](super::Transport::execute)).
pub async fn send(request: reqwest::RequestBuilder) -> Result<RawResponse, Error> {
    let (http, request) = request.build_split();
    let request = request?;
    let (method, path) = (
        request.method().to_string(),
        request.url().path().to_owned(),
    );
    let response = http.execute(request).await?;
    RawResponse::read(response, method, path).await
}

impl RawResponse {
    /// Reads `response` whole.
    pub(crate) async fn read(
        response: reqwest::Response,
        method: String,
        path: String,
    ) -> Result<RawResponse, Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(RawResponse {
            status,
            headers,
            body,
            method,
            path,
        })
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body decoded as JSON; [`Error::Decode`] (with the body text) when it does not match.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Decode {
            status: self.status,
            message: e.to_string(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
        })
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// The body as bytes.
    pub fn bytes<E>(&self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body.to_vec())
    }

    /// A success: the body decoded by `decode`, with this response's status and headers.
    pub fn value<T, E>(
        self,
        decode: impl FnOnce(&Self) -> Result<T, Error<E>>,
    ) -> Result<ResponseValue<T>, Error<E>> {
        let body = decode(&self)?;
        Ok(ResponseValue::new(self.status, self.headers, body))
    }

    /// A documented error status: [`Error::Api`] with the body decoded by `decode` (or the
    /// decoding error).
    pub fn api_error<E>(self, decode: impl FnOnce(&Self) -> Result<E, Error<E>>) -> Error<E> {
        match decode(&self) {
            Ok(body) => Error::Api {
                status: self.status,
                body,
                response: self.into_response(),
            },
            Err(error) => error,
        }
    }

    /// An undocumented status: [`Error::Status`].
    pub fn into_error<E>(self) -> Error<E> {
        Error::Status {
            status: self.status,
            response: self.into_response(),
        }
    }

    fn into_response(self) -> Box<ErrorResponse> {
        Box::new(ErrorResponse {
            error_body: serde_json::from_slice(&self.body).ok(),
            text: String::from_utf8_lossy(&self.body).into_owned(),
            method: self.method,
            path: self.path,
            headers: self.headers,
        })
    }
}
