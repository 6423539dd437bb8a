//! Responses written as they are produced: a byte stream, or a stream of server-sent events.

use axum::body::Body;
use axum::response::Response;
use futures_util::StreamExt;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};

use crate::sse::write_event;
use crate::stream::{BoxError, ByteStream, EventStream};

/// A response with `status` whose body is `body`, sent chunk by chunk.
pub fn stream_response(status: u16, content_type: &str, body: ByteStream) -> Response {
    let mut response = Response::new(Body::from_stream(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

/// A `text/event-stream` response with `status`: each event is written as it comes, its data
/// by `data`; an event that cannot be written ends the stream.
pub fn event_stream_response<T: Send + 'static>(
    status: u16,
    events: EventStream<T>,
    data: fn(&T) -> Result<String, BoxError>,
) -> Response {
    let body = events.map(move |event| event.and_then(|event| write_event(&event, data)));
    let mut response = Response::new(Body::from_stream(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
