//! Bodies that are never held whole: a stream of bytes (binary downloads and uploads, file
//! parts of multipart forms) and a stream of typed server-sent events.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt, TryStreamExt};

/// Any error a stream ends with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

type BoxedStream<T> = Pin<Box<dyn Stream<Item = Result<T, BoxError>> + Send>>;

/// A body read or written chunk by chunk: a download the client reads as it arrives, a
/// response body the server writes as it is produced, or the content of a file part.
pub struct ByteStream {
    inner: Inner,
    /// The length, when known in advance (a body built from bytes).
    length: Option<u64>,
}

/// Bytes already in memory (sent with a length, and resendable), or a stream.
enum Inner {
    Whole(Option<Bytes>),
    Streamed(BoxedStream<Bytes>),
}

impl ByteStream {
    /// A body produced by `stream`, chunk by chunk.
    pub fn new<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        ByteStream {
            inner: Inner::Streamed(Box::pin(stream.map_ok(Into::into).map_err(Into::into))),
            length: None,
        }
    }

    /// A body of known bytes.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes: Bytes = bytes.into();
        let length = Some(bytes.len() as u64);
        ByteStream {
            inner: Inner::Whole(Some(bytes)),
            length,
        }
    }

    /// The bytes, when the body was built from bytes in memory (else the stream back).
    pub fn into_bytes(self) -> Result<Bytes, ByteStream> {
        match self.inner {
            Inner::Whole(bytes) => Ok(bytes.unwrap_or_default()),
            Inner::Streamed(_) => Err(self),
        }
    }

    /// The length in bytes, when known before reading.
    pub fn known_length(&self) -> Option<u64> {
        self.length
    }

    /// Reads the whole stream into memory.
    pub async fn collect(mut self) -> Result<Bytes, BoxError> {
        let mut buffer = BytesMut::new();
        while let Some(chunk) = self.next().await {
            buffer.extend_from_slice(&chunk?);
        }
        Ok(buffer.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.inner {
            Inner::Whole(bytes) => Poll::Ready(bytes.take().map(Ok)),
            Inner::Streamed(stream) => stream.as_mut().poll_next(cx),
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::from_bytes(text)
    }
}

/// One file of a `multipart/form-data` body: its name, media type and content.
#[derive(Debug)]
pub struct FilePart {
    /// The `filename` of the part's `Content-Disposition`.
    pub file_name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    /// The content (the server receives it read whole, within its multipart limit).
    pub content: ByteStream,
}

impl FilePart {
    /// A file part with `content`, no file name and no media type.
    pub fn new(content: impl Into<ByteStream>) -> Self {
        FilePart {
            file_name: None,
            content_type: None,
            content: content.into(),
        }
    }

    /// The same part with a file name.
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The same part with a media type.
    pub fn with_content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

/// One server-sent event: its data and the optional `event`, `id` and `retry` fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `data` field, decoded.
    pub data: T,
    /// The `event` field (the event type).
    pub event: Option<String>,
    /// The `id` field.
    pub id: Option<String>,
    /// The `retry` field, in milliseconds.
    pub retry: Option<u64>,
}

impl<T> Event<T> {
    /// An event carrying `data` and no other field.
    pub fn new(data: T) -> Self {
        Event {
            data,
            event: None,
            id: None,
            retry: None,
        }
    }

    /// The same event with an event type.
    pub fn with_event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// The same event with an id.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A `text/event-stream` body as a stream of typed events: what a handler returns and what
/// the client reads, one event at a time.
pub struct EventStream<T> {
    inner: BoxedStream<Event<T>>,
}

impl<T: Send + 'static> EventStream<T> {
    /// The events of `stream`.
    pub fn new<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Event<T>, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        EventStream {
            inner: Box::pin(stream.map_err(Into::into)),
        }
    }

    /// A stream of the events of `events`, which never fails.
    pub fn from_events<I>(events: I) -> Self
    where
        I: IntoIterator<Item = Event<T>>,
        I::IntoIter: Send + 'static,
    {
        EventStream {
            inner: Box::pin(futures_util::stream::iter(events.into_iter().map(Ok))),
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_byte_stream_collects_its_chunks() {
        let chunks = vec![Ok::<_, BoxError>(Bytes::from("ab")), Ok(Bytes::from("cd"))];
        let stream = ByteStream::new(futures_util::stream::iter(chunks));
        assert_eq!(stream.known_length(), None);
        let bytes = stream.collect().await.unwrap();
        assert_eq!(&bytes[..], b"abcd");
        assert_eq!(ByteStream::from(vec![1, 2, 3]).known_length(), Some(3));
    }
}
