//! Writing a `multipart/form-data` body as a stream: file parts are sent as they are read,
//! never held whole.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::StreamExt;
use http_body::Frame;
use serde::Serialize;
use serde_json::Value;

use super::Error;
use crate::stream::{BoxError, ByteStream, FilePart};

/// A `multipart/form-data` body being assembled, part by part.
#[derive(Debug)]
pub struct MultipartForm {
    boundary: String,
    parts: Vec<ByteStream>,
}

impl Default for MultipartForm {
    fn default() -> Self {
        Self::new()
    }
}

impl MultipartForm {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        let random = |salt: u64| {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_u64(salt);
            hasher.finish()
        };
        MultipartForm {
            boundary: format!("apigen-{:016x}{:016x}", random(1), random(2)),
            parts: Vec::new(),
        }
    }

    /// The `Content-Type` header of the body, with its boundary.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// A field: a string as is, a number or boolean as its text, an array of those as one part
    /// per item, anything else as JSON (`application/json`); `null` sends nothing.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        let value =
            serde_json::to_value(value).map_err(|error| Error::Encode(error.to_string()))?;
        match value {
            Value::Null => {}
            Value::Array(items) if items.iter().all(is_text) => {
                for item in &items {
                    self.text_part(name, &text_of(item), None);
                }
            }
            scalar if is_text(&scalar) => self.text_part(name, &text_of(&scalar), None),
            other => self.text_part(name, &other.to_string(), Some("application/json")),
        }
        Ok(())
    }

    /// Every member of `value` (an object) as a field, as [`MultipartForm::field`] writes it.
    pub fn fields<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match serde_json::to_value(value).map_err(|error| Error::Encode(error.to_string()))? {
            Value::Object(members) => {
                for (name, member) in &members {
                    self.field(name, member)?;
                }
                Ok(())
            }
            other => Err(Error::Encode(format!(
                "a multipart body must be an object, not {other}"
            ))),
        }
    }

    /// A field sent as JSON with `content_type` (the encoding object's `contentType`).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: &str,
    ) -> Result<(), Error> {
        let text =
            serde_json::to_string(value).map_err(|error| Error::Encode(error.to_string()))?;
        self.text_part(name, &text, Some(content_type));
        Ok(())
    }

    /// A file part, streamed from its content.
    pub fn file(&mut self, name: &str, file: FilePart) {
        let mut head = self.head(name);
        head.push_str(&format!(
            "; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
            escape_quoted(file.file_name.as_deref().unwrap_or(name)),
            one_line(
                file.content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream")
            ),
        ));
        self.parts.push(ByteStream::from(head));
        self.parts.push(file.content);
        self.parts
            .push(ByteStream::from_bytes(Bytes::from_static(b"\r\n")));
    }

    /// The body: the parts, then the closing boundary.
    pub fn into_body(mut self) -> reqwest::Body {
        self.parts
            .push(ByteStream::from(format!("--{}--\r\n", self.boundary)));
        let stream = futures_util::stream::iter(self.parts).flatten();
        stream_body(ByteStream::new(stream))
    }

    fn text_part(&mut self, name: &str, text: &str, content_type: Option<&str>) {
        let mut part = self.head(name);
        part.push_str("\"\r\n");
        if let Some(content_type) = content_type {
            part.push_str(&format!("Content-Type: {}\r\n", one_line(content_type)));
        }
        part.push_str("\r\n");
        part.push_str(text);
        part.push_str("\r\n");
        self.parts.push(ByteStream::from(part));
    }

    /// The boundary line and the start of `Content-Disposition` up to the field name.
    fn head(&self, name: &str) -> String {
        format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}",
            self.boundary,
            escape_quoted(name)
        )
    }
}

/// A request body sent from `body`: bytes in memory as they are (with their length), a
/// stream chunk by chunk.
pub fn stream_body(body: ByteStream) -> reqwest::Body {
    match body.into_bytes() {
        Ok(bytes) => reqwest::Body::from(bytes),
        Err(stream) => reqwest::Body::wrap(StreamBody {
            inner: Mutex::new(stream),
        }),
    }
}

/// The body handed to reqwest: the chained parts (the mutex only makes it `Sync`; it is never
/// locked by two callers).
struct StreamBody {
    inner: Mutex<ByteStream>,
}

impl http_body::Body for StreamBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let stream = match self.get_mut().inner.get_mut() {
            Ok(stream) => stream,
            Err(poisoned) => poisoned.into_inner(),
        };
        stream
            .poll_next_unpin(cx)
            .map(|item| item.map(|chunk| chunk.map(Frame::data)))
    }
}

fn is_text(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A name inside a quoted header parameter: quotes and line breaks escaped as HTML forms do.
fn escape_quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value without line breaks.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
