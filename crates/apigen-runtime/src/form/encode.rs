//! Writing a value as form fields.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use super::{FieldStyle, Style, style_of};

/// What stays unescaped in a name or value: the unreserved characters (a space becomes `+`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b' ');

/// The form encoding of `value` (an object; `None` fields are absent, `null` fields are sent
/// empty), each field written as `table` says. Objects and arrays holding objects or arrays
/// are written in brackets whatever the style (OpenAPI defines no other form of nesting).
pub fn encode<T: Serialize + ?Sized>(value: &T, table: &[FieldStyle]) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|error| error.to_string())?;
    let Value::Object(fields) = value else {
        return Err(format!("a form body must be an object, not {value}"));
    };
    let mut out = Output::default();
    for (name, value) in &fields {
        let style = style_of(table, name);
        let key = escape(name);
        if style.json {
            let text = serde_json::to_string(value).map_err(|error| error.to_string())?;
            out.pair(&key, &text);
            continue;
        }
        match value {
            Value::Array(items) if items.iter().all(is_scalar) => {
                match style.style.delimiter(style.explode) {
                    Some(delimiter) => {
                        let texts: Vec<String> = items.iter().map(scalar_text).collect();
                        out.pair(&key, &texts.join(&delimiter.to_string()));
                    }
                    None if style.style == Style::DeepObject => nested(&mut out, &key, value),
                    None if items.is_empty() => out.pair(&key, ""),
                    None => {
                        for item in items {
                            out.pair(&key, &scalar_text(item));
                        }
                    }
                }
            }
            Value::Object(members)
                if style.style == Style::Form
                    && !style.explode
                    && members.values().all(is_scalar) =>
            {
                let texts: Vec<String> = members
                    .iter()
                    .flat_map(|(name, value)| [name.clone(), scalar_text(value)])
                    .collect();
                out.pair(&key, &texts.join(","));
            }
            other => nested(&mut out, &key, other),
        }
    }
    Ok(out.text)
}

/// The pairs being written.
#[derive(Default)]
struct Output {
    text: String,
}

impl Output {
    /// `key=value`; `key` is already escaped, `value` is escaped here.
    fn pair(&mut self, key: &str, value: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(key);
        self.text.push('=');
        self.text.push_str(&escape(value));
    }
}

/// `value` under `key` with brackets: `key[name]`, `key[0]` for items that nest, `key[]` for
/// scalar items.
fn nested(out: &mut Output, key: &str, value: &Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                nested(out, &format!("{key}[{}]", escape(name)), member);
            }
        }
        Value::Array(items) if items.is_empty() => out.pair(key, ""),
        Value::Array(items) if items.iter().all(is_scalar) => {
            for item in items {
                out.pair(&format!("{key}[]"), &scalar_text(item));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                nested(out, &format!("{key}[{index}]"), item);
            }
        }
        scalar => out.pair(key, &scalar_text(scalar)),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// A scalar as form text: strings as is, `null` empty.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Percent-encoding with a space written as `+`.
fn escape(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT)
        .to_string()
        .replace(' ', "+")
}
