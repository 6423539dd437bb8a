//! Reading a `multipart/form-data` body into typed fields and file parts.

use axum::body::{Body, Bytes};
use http::HeaderMap;
use http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::form::{Node, from_node};
use crate::stream::FilePart;

/// One part of a multipart body.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// The parts of a `multipart/form-data` body, taken field by field.
#[derive(Debug, Clone, Default)]
pub struct MultipartParts {
    parts: Vec<Part>,
}

/// Reads a whole `multipart/form-data` body of at most `limit` bytes (413 past it) and splits
/// it into parts (400 when it is not a multipart body).
pub async fn read_multipart(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<MultipartParts, ApiError> {
    let bytes = super::read_body(body, limit).await?;
    MultipartParts::parse(headers, bytes)
}

impl MultipartParts {
    /// The parts of `body`, whose boundary is in the `Content-Type` of `headers`.
    pub fn parse(headers: &HeaderMap, body: Bytes) -> Result<Self, ApiError> {
        let boundary = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(boundary_of)
            .ok_or_else(|| malformed("the Content-Type has no multipart boundary"))?;
        split(&body, &boundary).map(|parts| MultipartParts { parts })
    }

    /// The file part named `name` (400 `required` when absent).
    pub fn required_file(&mut self, name: &str) -> Result<FilePart, ApiError> {
        self.optional_file(name).ok_or_else(|| required(name))
    }

    /// The file part named `name`, if sent.
    pub fn optional_file(&mut self, name: &str) -> Option<FilePart> {
        let position = self.parts.iter().position(|part| part.name == name)?;
        Some(file_part(self.parts.remove(position)))
    }

    /// Every file part named `name`, in order.
    pub fn files(&mut self, name: &str) -> Vec<FilePart> {
        let (taken, kept) = std::mem::take(&mut self.parts)
            .into_iter()
            .partition(|part| part.name == name);
        self.parts = kept;
        taken.into_iter().map(file_part).collect()
    }

    /// The field `name` read as `T` (400 `required` when absent, `invalid` when it does not
    /// match).
    pub fn required<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, ApiError> {
        self.optional(name)?.ok_or_else(|| required(name))
    }

    /// The field `name` read as `T`, if sent: one part is one value, several parts an array,
    /// a JSON part is read as JSON.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, ApiError> {
        let taken: Vec<Part> = {
            let (taken, kept) = std::mem::take(&mut self.parts)
                .into_iter()
                .partition(|part| part.name == name);
            self.parts = kept;
            taken
        };
        let mut nodes = Vec::with_capacity(taken.len());
        for part in taken {
            nodes.push(node_of(&part)?);
        }
        let node = match nodes.len() {
            0 => return Ok(None),
            1 => nodes.remove(0),
            _ => Node::List(nodes),
        };
        from_node(node).map(Some).map_err(|error| {
            ApiError::validation("invalid", error.to_string(), Some(name.to_owned()))
        })
    }

    /// Every part read as one object `T` (a multipart body accepted in place of another media
    /// type of the same schema); a file's content is read as text.
    pub fn into_value<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let mut fields: Vec<(String, Node)> = Vec::new();
        for part in &self.parts {
            let node = node_of(part)?;
            match fields.iter_mut().find(|(name, _)| *name == part.name) {
                Some((_, Node::List(items))) => items.push(node),
                Some((_, existing)) => {
                    let first = std::mem::replace(existing, Node::List(Vec::new()));
                    if let Node::List(items) = existing {
                        items.extend([first, node]);
                    }
                }
                None => fields.push((part.name.clone(), node)),
            }
        }
        super::form::read_node(Node::Map(fields))
    }
}

fn file_part(part: Part) -> FilePart {
    FilePart {
        file_name: part.file_name,
        content_type: part.content_type,
        content: part.body.into(),
    }
}

/// A part as a form value: JSON parts parsed, others as text.
fn node_of(part: &Part) -> Result<Node, ApiError> {
    let is_json = part.content_type.as_deref().is_some_and(|media| {
        let essence = media.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
    });
    if is_json {
        return serde_json::from_slice(&part.body)
            .map(Node::Json)
            .map_err(|error| {
                ApiError::validation(
                    "invalid",
                    format!("the part is not JSON: {error}"),
                    Some(part.name.clone()),
                )
            });
    }
    match std::str::from_utf8(&part.body) {
        Ok(text) => Ok(Node::Leaf(text.to_owned())),
        Err(_) => Err(ApiError::validation(
            "invalid",
            "the part is not valid UTF-8 text",
            Some(part.name.clone()),
        )),
    }
}

fn required(name: &str) -> ApiError {
    ApiError::validation("required", "This field is required.", Some(name.to_owned()))
}

fn malformed(detail: &str) -> ApiError {
    ApiError::invalid_request(
        "parse_error",
        format!("The multipart body cannot be read: {detail}."),
    )
}

/// The `boundary` parameter of a `multipart/*` media type.
fn boundary_of(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let essence = params.next()?.trim();
    if !essence.to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    params.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|boundary| !boundary.is_empty() && boundary.len() <= 200)
    })
}

/// The parts between the boundaries of `body`.
fn split(body: &Bytes, boundary: &str) -> Result<Vec<Part>, ApiError> {
    let opening = format!("--{boundary}");
    let delimiter = format!("\r\n--{boundary}");
    let start = if body.starts_with(opening.as_bytes()) {
        opening.len()
    } else {
        find(body, delimiter.as_bytes(), 0).ok_or_else(|| malformed("no boundary"))?
            + delimiter.len()
    };
    let mut parts = Vec::new();
    let mut at = start;
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let line_end =
            find(body, b"\r\n", at).ok_or_else(|| malformed("a boundary line is not ended"))?;
        if !body[at..line_end]
            .iter()
            .all(|byte| *byte == b' ' || *byte == b'\t')
        {
            return Err(malformed("text after a boundary"));
        }
        let head_start = line_end + 2;
        let head_end = find(body, b"\r\n\r\n", head_start)
            .ok_or_else(|| malformed("a part's headers are not ended"))?;
        let content_start = head_end + 4;
        let content_end = find(body, delimiter.as_bytes(), head_end + 2)
            .ok_or_else(|| malformed("the closing boundary is missing"))?;
        let content_start = content_start.min(content_end);
        let head = std::str::from_utf8(&body[head_start..head_end])
            .map_err(|_| malformed("a part's headers are not UTF-8"))?;
        parts.push(part(head, body.slice(content_start..content_end))?);
        at = content_end + delimiter.len();
    }
}

/// One part from its headers and content.
fn part(head: &str, body: Bytes) -> Result<Part, ApiError> {
    let mut name = None;
    let mut file_name = None;
    let mut content_type = None;
    for line in head.split("\r\n") {
        let Some((header, value)) = line.split_once(':') else {
            continue;
        };
        let header = header.trim();
        if header.eq_ignore_ascii_case("content-disposition") {
            for param in value.split(';').skip(1) {
                let Some((key, value)) = param.split_once('=') else {
                    continue;
                };
                let value = value.trim().trim_matches('"').to_owned();
                match key.trim().to_ascii_lowercase().as_str() {
                    "name" => name = Some(value),
                    "filename" => file_name = Some(value),
                    _ => {}
                }
            }
        } else if header.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    Ok(Part {
        name: name.ok_or_else(|| malformed("a part has no name"))?,
        file_name,
        content_type,
        body,
    })
}

/// The first position of `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= haystack.len() {
        let offset = haystack[at..=haystack.len() - needle.len()]
            .iter()
            .position(|byte| *byte == first)?;
        at += offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            "multipart/form-data; boundary=XyZ".parse().unwrap(),
        );
        headers
    }

    #[test]
    fn fields_and_files_are_read() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\
                    Content-Type: image/png\r\n\r\n\x01\x02\r\n--XyZ\r\n\
                    Content-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n--XyZ--\r\n";
        let mut parts = MultipartParts::parse(&headers(), Bytes::from(body)).unwrap();
        assert_eq!(parts.required::<String>("note").unwrap(), "hello");
        assert_eq!(parts.required::<i64>("n").unwrap(), 3);
        let file = parts.required_file("file").unwrap();
        assert_eq!(file.file_name.as_deref(), Some("a.bin"));
        assert_eq!(file.content_type.as_deref(), Some("image/png"));
        assert_eq!(file.content.known_length(), Some(2));
        assert_eq!(parts.optional::<String>("gone").unwrap(), None);
        assert_eq!(
            parts.required_file("file").unwrap_err().status.as_u16(),
            400
        );
    }

    #[test]
    fn malformed_bodies_are_400() {
        for body in [
            "",
            "--XyZ\r\nno end",
            "--XyZ\r\n\r\nx\r\n--XyZ--",
            "garbage",
        ] {
            let error = MultipartParts::parse(&headers(), Bytes::from(body)).unwrap_err();
            assert_eq!(error.status.as_u16(), 400, "{body:?}");
        }
        assert!(MultipartParts::parse(&HeaderMap::new(), Bytes::new()).is_err());
    }
}
