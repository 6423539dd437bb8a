//! The `text/event-stream` wire format: writing events and reading them back, chunk by chunk.
//!
//! The data of an event is JSON when the spec gives its schema, or the text itself when the
//! schema is a string (or absent); the generated code picks the codec.

use std::collections::VecDeque;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::stream::{BoxError, Event};

/// The largest event a reader accepts (its fields together), in bytes.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// An event's data written as JSON.
pub fn json_data<T: Serialize>(data: &T) -> Result<String, BoxError> {
    Ok(serde_json::to_string(data)?)
}

/// An event's data that is text, written as is (`&String` to match the codec signature).
#[allow(clippy::ptr_arg)]
pub fn text_data(data: &String) -> Result<String, BoxError> {
    Ok(data.clone())
}

/// An event's data read as JSON.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, BoxError> {
    Ok(serde_json::from_str(text)?)
}

/// An event's data read as text.
pub fn from_text(text: &str) -> Result<String, BoxError> {
    Ok(text.to_owned())
}

/// One event on the wire: `event`, `id`, `retry` and one `data` line per line of the data.
/// Line breaks in `event` and `id` cannot be written and are an error.
pub fn write_event<T>(
    event: &Event<T>,
    data: fn(&T) -> Result<String, BoxError>,
) -> Result<String, BoxError> {
    let mut out = String::new();
    for (name, value) in [("event", &event.event), ("id", &event.id)] {
        if let Some(value) = value {
            if value.contains(['\r', '\n']) {
                return Err(format!("an event's {name} cannot hold a line break").into());
            }
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push('\n');
        }
    }
    if let Some(retry) = event.retry {
        out.push_str(&format!("retry: {retry}\n"));
    }
    let text = data(&event.data)?;
    for line in text.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
    out.push('\n');
    Ok(out)
}

/// An event as read, before its data is decoded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEvent {
    /// The `data` lines joined by `\n`.
    pub data: String,
    /// The `event` field.
    pub event: Option<String>,
    /// The `id` field.
    pub id: Option<String>,
    /// The `retry` field.
    pub retry: Option<u64>,
}

/// Reads events from chunks of a `text/event-stream` body as they arrive.
#[derive(Debug, Default)]
pub struct EventReader {
    /// Bytes of an unfinished line.
    line: Vec<u8>,
    /// The event being read.
    pending: RawEvent,
    /// Whether `pending` has a data line.
    has_data: bool,
    /// The size of the pending event so far.
    size: usize,
    /// The last byte was `\r`: a following `\n` belongs to the same line break.
    after_cr: bool,
    /// Events complete and not yet taken.
    ready: VecDeque<RawEvent>,
}

impl EventReader {
    /// Feeds one chunk; the events it completes are then returned by [`EventReader::next_event`].
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), BoxError> {
        for &byte in chunk {
            if self.after_cr && byte == b'\n' {
                self.after_cr = false;
                continue;
            }
            self.after_cr = byte == b'\r';
            if byte == b'\n' || byte == b'\r' {
                let line = std::mem::take(&mut self.line);
                self.line_done(&line)?;
            } else {
                self.line.push(byte);
                self.size += 1;
                if self.size > MAX_EVENT_BYTES {
                    return Err(format!("an event is larger than {MAX_EVENT_BYTES} bytes").into());
                }
            }
        }
        Ok(())
    }

    /// The next complete event, if any.
    pub fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    fn line_done(&mut self, line: &[u8]) -> Result<(), BoxError> {
        if line.is_empty() {
            let event = std::mem::take(&mut self.pending);
            if std::mem::take(&mut self.has_data) {
                self.ready.push_back(event);
            }
            self.size = 0;
            return Ok(());
        }
        let line = std::str::from_utf8(line).map_err(|_| "an event is not valid UTF-8")?;
        if line.starts_with(':') {
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.pending.data.push('\n');
                }
                self.pending.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.pending.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.pending.id = Some(value.to_owned()),
            "retry" => {
                if let Ok(retry) = value.parse() {
                    self.pending.retry = Some(retry);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

impl RawEvent {
    /// The typed event, its data decoded by `decode`.
    pub fn decode<T>(self, decode: fn(&str) -> Result<T, BoxError>) -> Result<Event<T>, BoxError> {
        Ok(Event {
            data: decode(&self.data)?,
            event: self.event,
            id: self.id,
            retry: self.retry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut reader = EventReader::default();
        let mut events = Vec::new();
        for chunk in chunks {
            reader.push(chunk).unwrap();
            while let Some(event) = reader.next_event() {
                events.push(event);
            }
        }
        events
    }

    #[test]
    fn events_round_trip_across_chunk_boundaries() {
        let event = Event::new("line one\nline two".to_owned())
            .with_event("update")
            .with_id("7");
        let text = write_event(&event, text_data).unwrap();
        assert_eq!(
            text,
            "event: update\nid: 7\ndata: line one\ndata: line two\n\n"
        );
        let bytes = text.as_bytes();
        let (a, b) = bytes.split_at(9);
        let events = read_all(&[a, b]);
        assert_eq!(events.len(), 1);
        let decoded = events[0].clone().decode(from_text).unwrap();
        assert_eq!(decoded, event);
    }

    #[test]
    fn comments_crlf_and_events_without_data_are_handled() {
        let events = read_all(&[b": keep-alive\r\n\r\nevent: x\r\n\r\ndata:1\r", b"\n\r\n"]);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].data, "1");
        assert_eq!(events[0].event, None);
    }

    #[test]
    fn json_data_round_trips_and_line_breaks_in_fields_are_refused() {
        let event = Event::new(vec![1, 2]);
        let text = write_event(&event, json_data).unwrap();
        let events = read_all(&[text.as_bytes()]);
        assert_eq!(
            events[0].clone().decode(from_json::<Vec<i32>>).unwrap(),
            event
        );
        assert!(write_event(&Event::new(1).with_id("a\nb"), json_data).is_err());
    }

    #[test]
    fn an_oversized_event_is_an_error() {
        let mut reader = EventReader::default();
        let big = vec![b'a'; MAX_EVENT_BYTES + 1];
        assert!(reader.push(&big).is_err());
    }
}
