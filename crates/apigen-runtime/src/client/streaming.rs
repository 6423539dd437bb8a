//! Responses read as they arrive: binary downloads as a byte stream and `text/event-stream`
//! as a stream of typed events, with no limit on the whole body.

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::header::HeaderMap;

use super::{Error, RawResponse, ResponseValue};
use crate::sse::EventReader;
use crate::stream::{BoxError, ByteStream, Event, EventStream};

/// A response whose status and headers are read, and whose body is not yet.
#[derive(Debug)]
pub struct StreamingResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    method: String,
    path: String,
    response: reqwest::Response,
}

impl StreamingResponse {
    /// The answer to a `method` request for `path`, its body not read yet.
    pub(crate) fn new(response: reqwest::Response, method: String, path: String) -> Self {
        StreamingResponse {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            method,
            path,
            response,
        }
    }

    /// Reads the whole body, for a response that is not streamed.
    pub async fn into_raw<E>(self) -> Result<RawResponse, Error<E>> {
        RawResponse::read(self.response, self.method, self.path)
            .await
            .map_err(Error::retype)
    }

    /// A streamed success: the body handed to `read` as it arrives, with this response's status
    /// and headers.
    pub fn value<T>(self, read: impl FnOnce(Self) -> T) -> ResponseValue<T> {
        let (status, headers) = (self.status, self.headers.clone());
        ResponseValue::new(status, headers, read(self))
    }

    /// The body as a stream of chunks.
    pub fn byte_stream(self) -> ByteStream {
        let chunks = futures_util::stream::unfold(self.response, |mut response| async move {
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok::<Bytes, BoxError>(chunk), response)),
                Ok(None) => None,
                Err(error) => Some((Err(error.into()), response)),
            }
        });
        ByteStream::new(chunks)
    }

    /// The body as a stream of events, each one's data read by `decode`.
    pub fn event_stream<T: Send + 'static>(
        self,
        decode: fn(&str) -> Result<T, BoxError>,
    ) -> EventStream<T> {
        let state = (self.byte_stream(), EventReader::default(), false);
        let events = futures_util::stream::unfold(
            state,
            move |(mut body, mut reader, mut done)| async move {
                loop {
                    if let Some(event) = reader.next_event() {
                        let event: Result<Event<T>, BoxError> = event.decode(decode);
                        return Some((event, (body, reader, done)));
                    }
                    if done {
                        return None;
                    }
                    match body.next().await {
                        Some(Ok(chunk)) => {
                            if let Err(error) = reader.push(&chunk) {
                                done = true;
                                return Some((Err(error), (body, reader, done)));
                            }
                        }
                        Some(Err(error)) => return Some((Err(error), (body, reader, true))),
                        None => {
                            if let Err(error) = reader.push(b"\n\n") {
                                return Some((Err(error), (body, reader, true)));
                            }
                            done = true;
                        }
                    }
                }
            },
        );
        EventStream::new(events)
    }
}

/// A form body or query string written with `table`'s styles (see [`crate::form`]).
pub fn form_string<T: serde::Serialize + ?Sized>(
    value: &T,
    table: &[crate::form::FieldStyle],
) -> Result<String, Error> {
    crate::form::encode(value, table).map_err(Error::Encode)
}
