//! Encoding path parameter values and query strings.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use super::Error;

/// Everything but the unreserved characters and `@` is escaped in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// A path parameter value, encoded for one path segment.
///
/// `value` is serialized as JSON: a string is used as is, numbers and
/// booleans as their text; other shapes are [`Error::Encode`]. The text is
/// then percent-encoded, keeping unreserved characters and `@` (so `@me`
/// stays `@me`); a segment of only dots is escaped so it cannot climb paths.
pub fn path_value<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let text = scalar_text(value, "path parameter")?;
    if text == "." || text == ".." {
        return Ok(text.replace('.', "%2E"));
    }
    Ok(utf8_percent_encode(&text, SEGMENT).to_string())
}

/// A header (or cookie) value: `value` as text, like [`path_value`] but not percent-encoded;
/// an array of scalars is written comma-separated and an object of scalars as
/// `name,value,…` (OpenAPI's `simple` style).
pub fn header_value<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let texts = |items: Vec<&Value>| -> Result<String, Error> {
        let texts: Result<Vec<String>, Error> = items
            .into_iter()
            .map(|item| scalar_text(item, "header item"))
            .collect();
        Ok(texts?.join(","))
    };
    match serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))? {
        Value::Array(items) => texts(items.iter().collect()),
        Value::Object(members) => {
            let names: Vec<Value> = members.keys().cloned().map(Value::String).collect();
            texts(
                names
                    .iter()
                    .zip(members.values())
                    .flat_map(|(name, value)| [name, value])
                    .collect(),
            )
        }
        scalar => scalar_text(&scalar, "header"),
    }
}

/// A string as is, numbers and booleans as their text; other shapes are [`Error::Encode`].
fn scalar_text<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<String, Error> {
    match serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))? {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        other => Err(Error::Encode(format!(
            "a {what} must be a string, number or boolean, not {other}"
        ))),
    }
}

/// A query string (without `?`) from a serializable struct: `None` fields
/// are left out and sequences become repeated keys. Empty when nothing is set.
pub fn query_string<T: Serialize + ?Sized>(query: &T) -> Result<String, Error> {
    serde_html_form::to_string(query).map_err(|e| Error::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values() {
        assert_eq!(path_value("@me").unwrap(), "@me");
        assert_eq!(path_value("a b/c?d").unwrap(), "a%20b%2Fc%3Fd");
        assert_eq!(path_value("é").unwrap(), "%C3%A9");
        assert_eq!(path_value(&42).unwrap(), "42");
        assert_eq!(path_value(&-1.5).unwrap(), "-1.5");
        assert_eq!(path_value(&true).unwrap(), "true");
        assert_eq!(path_value("..").unwrap(), "%2E%2E");
        assert_eq!(path_value("v1.2_x~y-z").unwrap(), "v1.2_x~y-z");
        assert!(matches!(path_value(&[1, 2]), Err(Error::Encode(_))));
        assert_eq!(header_value("a b").unwrap(), "a b");
        assert_eq!(header_value(&7).unwrap(), "7");
        assert_eq!(header_value(&[1, 2]).unwrap(), "1,2");
        assert_eq!(
            header_value(&serde_json::json!({"a": 1, "b": "x"})).unwrap(),
            "a,1,b,x"
        );
        assert!(matches!(header_value(&[[1]]), Err(Error::Encode(_))));
        assert!(matches!(
            path_value(&Option::<i32>::None),
            Err(Error::Encode(_))
        ));
    }

    #[derive(Serialize)]
    struct Query {
        limit: Option<u32>,
        search: Option<String>,
        tag: Vec<String>,
    }

    #[test]
    fn query_strings() {
        let query = Query {
            limit: Some(10),
            search: None,
            tag: vec!["a b".into(), "c&d".into()],
        };
        assert_eq!(query_string(&query).unwrap(), "limit=10&tag=a+b&tag=c%26d");
        let empty = Query {
            limit: None,
            search: None,
            tag: vec![],
        };
        assert_eq!(query_string(&empty).unwrap(), "");
        assert!(query_string(&5).is_err());
    }
}
