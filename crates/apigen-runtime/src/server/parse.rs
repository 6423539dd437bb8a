//! Reading path parameters, headers, query strings and bodies into typed
//! values, with serde errors mapped to PostHog-style 400 answers. Requests are read with
//! unknown enum values refused ([`strict_enums`](crate::enum_values::strict_enums)).

use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::{Path, Segment};

use super::ApiError;

/// Parses one path parameter (or header) value into `T`.
///
/// `raw` is first read as a JSON string; if that fails and `raw` is a JSON
/// number or boolean, it is read as that. Failure is 400 `validation_error`
/// with code `invalid` and `attr` = `name`.
pub fn parse_path<T: DeserializeOwned>(name: &str, raw: &str) -> Result<T, ApiError> {
    crate::enum_values::strict_enums(|| parse_scalar(name, raw))
}

/// [`parse_path`] without the strict-enum scope.
fn parse_scalar<T: DeserializeOwned>(name: &str, raw: &str) -> Result<T, ApiError> {
    let as_string = match super::path_text::from_text(raw) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if let Some(Ok(value)) = super::path_text::from_integer(raw) {
        return Ok(value);
    }
    if let Ok(scalar @ (Value::Number(_) | Value::Bool(_))) = serde_json::from_str(raw)
        && let Ok(value) = serde_json::from_value(scalar)
    {
        return Ok(value);
    }
    Err(ApiError::validation(
        "invalid",
        strip_position(&as_string.to_string()),
        Some(name.to_owned()),
    ))
}

/// Optional header: None when absent, otherwise parsed like [`parse_path`], or as the
/// comma-separated items of an array (`simple` style); a value that is not UTF-8 is 400 too.
pub fn parse_header<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, ApiError> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let Ok(text) = std::str::from_utf8(value.as_bytes()) else {
        return Err(ApiError::validation(
            "invalid",
            "The header value is not valid UTF-8.",
            Some(name.to_owned()),
        ));
    };
    parse_path(name, text)
        .or_else(|error| {
            crate::form::from_node(crate::form::Node::Split(text.to_owned(), ','))
                .map_err(|_| error)
        })
        .map(Some)
}

/// Optional cookie: None when absent, otherwise parsed like [`parse_path`].
pub fn parse_cookie<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, ApiError> {
    match super::auth::cookie_value(headers, name) {
        Some(text) => parse_path(name, &text).map(Some),
        None => Ok(None),
    }
}

/// The query string into `T` (serde_html_form; repeated keys form arrays).
///
/// Errors are 400 `validation_error` with code `invalid` (`required` for a
/// missing field) and `attr` = the failing field.
pub fn parse_query<T: DeserializeOwned>(query: Option<&str>) -> Result<T, ApiError> {
    parse_form_body(query.unwrap_or_default().as_bytes())
}

/// A form-urlencoded body (serde_html_form), with the error mapping of [`parse_query`].
pub fn parse_form_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let deserializer = serde_html_form::Deserializer::from_bytes(body);
    crate::enum_values::strict_enums(|| serde_path_to_error::deserialize(deserializer))
        .map_err(|error| data_error(error.path(), &error.inner().to_string()))
}

/// A JSON request body.
///
/// An empty body is 400 `validation_error`/`required`; text that is not JSON
/// is 400 `invalid_request`/`parse_error`; JSON that does not match `T` is
/// 400 `validation_error` with code `invalid` (`required` for a missing
/// field) and `attr` = the path to the failing field, joined by `__`.
pub fn parse_json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    parse_optional_json_body(body)?
        .ok_or_else(|| ApiError::validation("required", "A request body is required.", None))
}

/// Like [`parse_json_body`], but an empty body gives `Ok(None)`.
pub fn parse_optional_json_body<T: DeserializeOwned>(body: &[u8]) -> Result<Option<T>, ApiError> {
    if body.trim_ascii().is_empty() {
        return Ok(None);
    }
    // The common case, a valid body, is read without tracking the path; only a body that fails
    // is read again with it, for the error's `attr`.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(Some(value));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value =
        crate::enum_values::strict_enums(|| serde_path_to_error::deserialize(&mut deserializer))
            .map_err(|error| json_error(error.path(), error.inner()))?;
    deserializer.end().map_err(|error| parse_error(&error))?;
    Ok(Some(value))
}

/// Types an already parsed (and checked) JSON body; errors as [`parse_json_body`]'s.
pub(crate) fn parse_json_value<T: DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| json_error(error.path(), error.inner()))
}

fn json_error(path: &Path, error: &serde_json::Error) -> ApiError {
    if error.is_data() {
        data_error(path, &error.to_string())
    } else {
        parse_error(error)
    }
}

fn parse_error(error: &serde_json::Error) -> ApiError {
    ApiError::invalid_request("parse_error", format!("JSON parse error - {error}"))
}

/// Maps a serde data error at `path` to a 400 `validation_error`.
pub(super) fn data_error(path: &Path, message: &str) -> ApiError {
    let message = strip_position(message);
    let mut names: Vec<String> = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect();
    let code = match missing_field(&message) {
        Some(field) => {
            names.push(field.to_owned());
            "required"
        }
        None => "invalid",
    };
    let attr = (!names.is_empty()).then(|| names.join("__"));
    ApiError::validation(code, message, attr)
}

/// The field named by serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// serde_json's message without its " at line L column C" suffix.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_owned(),
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Email,
        Slack,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        b: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Body {
        a: Inner,
        #[serde(default)]
        kind: Option<Kind>,
        #[serde(default)]
        list: Vec<Inner>,
    }

    fn err<T: std::fmt::Debug>(
        result: Result<T, ApiError>,
    ) -> (u16, String, String, Option<String>) {
        let e = result.unwrap_err();
        (e.status.as_u16(), e.body.kind, e.body.code, e.body.attr)
    }

    #[test]
    fn json_body_ok() {
        let body: Body = parse_json_body(br#"{"a":{"b":1},"kind":"slack"}"#).unwrap();
        assert_eq!(body.a.b, 1);
        assert_eq!(body.kind, Some(Kind::Slack));
        assert_ne!(body.kind, Some(Kind::Email));
    }

    #[test]
    fn json_body_empty_is_required() {
        let e = parse_json_body::<Body>(b"  ").unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
        assert_eq!(
            (
                e.body.kind.as_str(),
                e.body.code.as_str(),
                e.body.detail.as_str()
            ),
            (
                "validation_error",
                "required",
                "A request body is required."
            )
        );
        assert_eq!(e.body.attr, None);
        assert_eq!(parse_optional_json_body::<Body>(b"").unwrap(), None);
    }

    #[test]
    fn json_body_malformed_is_parse_error() {
        for text in [&b"{\"a\":"[..], b"{nope}", b"{\"a\":{\"b\":1}} trailing"] {
            let (status, kind, code, attr) = err(parse_json_body::<Body>(text));
            assert_eq!(
                (status, kind.as_str(), code.as_str(), attr),
                (400, "invalid_request", "parse_error", None)
            );
        }
    }

    #[test]
    fn json_body_wrong_nested_type_names_path() {
        let e = parse_json_body::<Body>(br#"{"a":{"b":"x"}}"#).unwrap_err();
        assert_eq!(e.body.kind, "validation_error");
        assert_eq!(e.body.code, "invalid");
        assert_eq!(e.body.attr.as_deref(), Some("a__b"));
        assert!(
            e.body.detail.starts_with("invalid type: string"),
            "{}",
            e.body.detail
        );
        assert!(!e.body.detail.contains(" at line "), "{}", e.body.detail);
    }

    #[test]
    fn json_body_missing_field_is_required() {
        assert_eq!(
            err(parse_json_body::<Body>(br#"{}"#)),
            (
                400,
                "validation_error".into(),
                "required".into(),
                Some("a".into())
            )
        );
        assert_eq!(
            err(parse_json_body::<Body>(br#"{"a":{}}"#)),
            (
                400,
                "validation_error".into(),
                "required".into(),
                Some("a__b".into())
            )
        );
        assert_eq!(
            err(parse_json_body::<Body>(
                br#"{"a":{"b":1},"list":[{"b":1},{}]}"#
            ))
            .3,
            Some("list__1__b".into())
        );
    }

    #[test]
    fn json_body_unknown_enum_value_names_field() {
        let e = parse_json_body::<Body>(br#"{"a":{"b":1},"kind":"pager"}"#).unwrap_err();
        assert_eq!(e.body.code, "invalid");
        assert_eq!(e.body.attr.as_deref(), Some("kind"));
        assert!(
            e.body.detail.contains("unknown variant `pager`"),
            "{}",
            e.body.detail
        );
    }

    #[derive(Debug, Deserialize)]
    struct Query {
        #[serde(default)]
        limit: Option<u32>,
        #[serde(default)]
        tag: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    struct NeedsName {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn query_parses_and_maps_errors() {
        let q: Query = parse_query(Some("limit=5&tag=a&tag=b%20c")).unwrap();
        assert_eq!(q.limit, Some(5));
        assert_eq!(q.tag, ["a", "b c"]);
        let q: Query = parse_query(None).unwrap();
        assert_eq!((q.limit, q.tag.len()), (None, 0));
        assert_eq!(
            err(parse_query::<Query>(Some("limit=abc"))),
            (
                400,
                "validation_error".into(),
                "invalid".into(),
                Some("limit".into())
            )
        );
        assert_eq!(
            err(parse_query::<NeedsName>(Some("other=1"))),
            (
                400,
                "validation_error".into(),
                "required".into(),
                Some("name".into())
            )
        );
    }

    #[test]
    fn form_body_parses() {
        let q: Query = parse_form_body(b"limit=7&tag=x").unwrap();
        assert_eq!((q.limit, q.tag), (Some(7), vec!["x".to_owned()]));
        assert_eq!(
            err(parse_form_body::<Query>(b"limit=-1")).3,
            Some("limit".into())
        );
    }

    #[test]
    fn path_values_are_parsed() {
        assert_eq!(parse_path::<i64>("id", "42").unwrap(), 42);
        assert_eq!(parse_path::<String>("id", "42").unwrap(), "42");
        assert_eq!(parse_path::<String>("uuid", "@me").unwrap(), "@me");
        assert!(parse_path::<bool>("flag", "true").unwrap());
        assert_eq!(parse_path::<f64>("x", "1.5").unwrap(), 1.5);
        assert_eq!(parse_path::<Kind>("kind", "email").unwrap(), Kind::Email);
        let e = parse_path::<i64>("id", "abc").unwrap_err();
        assert_eq!(
            (
                e.status.as_u16(),
                e.body.kind.as_str(),
                e.body.code.as_str(),
                e.body.attr.as_deref()
            ),
            (400, "validation_error", "invalid", Some("id"))
        );
        assert!(e.body.detail.contains("abc"), "{}", e.body.detail);
        assert!(parse_path::<u8>("n", "300").is_err());
    }

    #[test]
    fn headers_are_optional_and_parsed() {
        let mut headers = HeaderMap::new();
        assert_eq!(parse_header::<i64>(&headers, "x-count").unwrap(), None);
        headers.insert("x-count", "12".parse().unwrap());
        assert_eq!(parse_header::<i64>(&headers, "x-count").unwrap(), Some(12));
        headers.insert("x-count", "twelve".parse().unwrap());
        assert_eq!(
            parse_header::<i64>(&headers, "x-count")
                .unwrap_err()
                .body
                .attr
                .as_deref(),
            Some("x-count")
        );
        headers.insert("x-list", "1,2,3".parse().unwrap());
        assert_eq!(
            parse_header::<Vec<i64>>(&headers, "x-list").unwrap(),
            Some(vec![1, 2, 3])
        );
        headers.insert("x-bin", http::HeaderValue::from_bytes(b"\xff\xfe").unwrap());
        assert_eq!(
            parse_header::<String>(&headers, "x-bin")
                .unwrap_err()
                .status
                .as_u16(),
            400
        );
    }
}
