//! Sending a request and reading its whole response.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;
use crate::ErrorBody;

/// A finished response: status, headers and full body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

/// Sends the request and reads the whole body.
pub async fn send(request: reqwest::RequestBuilder) -> Result<RawResponse, Error> {
    let response = request.send().await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

impl RawResponse {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body decoded as JSON; [`Error::Decode`] (with the body text) when it does not match.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Decode {
            status: self.status,
            message: e.to_string(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
        })
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Result<String, Error> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// This response as an [`Error::Status`], with its error body decoded when it is one.
    pub fn into_error(self) -> Error {
        Error::Status {
            status: self.status,
            body: serde_json::from_slice::<ErrorBody>(&self.body)
                .ok()
                .map(Box::new),
            text: String::from_utf8_lossy(&self.body).into_owned(),
        }
    }
}
