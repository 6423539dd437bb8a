//! Reading form fields into a tree of text values.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::{FieldStyle, FormError, style_of};

/// The deepest bracket nesting read (`a[b][c]` is two).
const MAX_DEPTH: usize = 32;

/// Form fields as read: text leaves, arrays and objects; the target type decides how a leaf is
/// read (a number, a boolean, a string, an enum value).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One value.
    Leaf(String),
    /// One value holding array items separated by this character (a delimited style).
    Split(String, char),
    /// Repeated keys, or `key[]` items.
    List(Vec<Node>),
    /// Fields, or bracketed members (`key[name]`, `key[0]`), in the order first seen.
    Map(Vec<(String, Node)>),
    /// A field sent as JSON text.
    Json(Value),
}

/// One bracket of a key.
enum Segment {
    /// `[name]` or `[0]`.
    Key(String),
    /// `[]`.
    Append,
}

/// The fields of a form body or query string, read as `table` says.
pub fn decode(input: &[u8], table: &[FieldStyle]) -> Result<Node, FormError> {
    let mut fields: Vec<(String, Node)> = Vec::new();
    for pair in input.split(|&byte| byte == b'&') {
        if pair.is_empty() {
            continue;
        }
        let pair =
            std::str::from_utf8(pair).map_err(|_| FormError::new("the form is not valid UTF-8"))?;
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = unescape(raw_value)?;
        let key = if raw_key.contains('[') {
            raw_key.to_owned()
        } else {
            unescape(raw_key)?
        };
        let (base, segments) = parse_key(&key)?;
        let style = style_of(table, &base);
        let leaf = if !segments.is_empty() {
            Node::Leaf(value)
        } else if style.json {
            Node::Json(serde_json::from_str(&value).map_err(|error| {
                FormError::new(format!("the field `{base}` is not JSON: {error}"))
            })?)
        } else if let Some(delimiter) = style.style.delimiter(style.explode) {
            Node::Split(value, delimiter)
        } else {
            Node::Leaf(value)
        };
        insert(&mut fields, base, &segments, leaf);
    }
    Ok(Node::Map(fields))
}

/// `name[a][]` into `name` and its brackets, each name unescaped.
fn parse_key(key: &str) -> Result<(String, Vec<Segment>), FormError> {
    let Some(open) = key.find('[') else {
        return Ok((key.to_owned(), Vec::new()));
    };
    let base = unescape(&key[..open])?;
    let mut segments = Vec::new();
    let mut rest = &key[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return Err(FormError::new(format!(
                "the key `{key}` has an unclosed bracket"
            )));
        };
        let name = &inner[..close];
        segments.push(if name.is_empty() {
            Segment::Append
        } else {
            Segment::Key(unescape(name)?)
        });
        if segments.len() > MAX_DEPTH {
            return Err(FormError::new(format!(
                "the key `{key}` nests deeper than {MAX_DEPTH} brackets"
            )));
        }
        rest = &inner[close + 1..];
    }
    if !rest.is_empty() {
        return Err(FormError::new(format!(
            "the key `{key}` has text after its brackets"
        )));
    }
    Ok((base, segments))
}

/// Puts `leaf` at `name` + `segments` in `fields`; a key seen twice becomes a list.
fn insert(fields: &mut Vec<(String, Node)>, name: String, segments: &[Segment], leaf: Node) {
    let position = match fields.iter().position(|(existing, _)| *existing == name) {
        Some(position) => position,
        None => {
            let empty = match segments.first() {
                None => {
                    fields.push((name, leaf));
                    return;
                }
                Some(Segment::Append) => Node::List(Vec::new()),
                Some(Segment::Key(_)) => Node::Map(Vec::new()),
            };
            fields.push((name, empty));
            fields.len() - 1
        }
    };
    place(&mut fields[position].1, segments, leaf);
}

/// Puts `leaf` at `segments` below `node`.
fn place(node: &mut Node, segments: &[Segment], leaf: Node) {
    match segments.split_first() {
        None => push(node, leaf),
        Some((Segment::Append, rest)) => {
            if !matches!(node, Node::List(_)) {
                let previous = std::mem::replace(node, Node::List(Vec::new()));
                if let (Node::List(items), Node::Leaf(_)) = (&mut *node, &previous) {
                    items.push(previous);
                }
            }
            if let Node::List(items) = node {
                let mut item = Node::Map(Vec::new());
                if rest.is_empty() {
                    items.push(leaf);
                } else {
                    place(&mut item, rest, leaf);
                    items.push(item);
                }
            }
        }
        Some((Segment::Key(key), rest)) => {
            if !matches!(node, Node::Map(_)) {
                *node = Node::Map(Vec::new());
            }
            if let Node::Map(members) = node {
                insert(members, key.clone(), rest, leaf);
            }
        }
    }
}

/// A second value for the same key: the node becomes a list.
fn push(node: &mut Node, leaf: Node) {
    match node {
        Node::List(items) => items.push(leaf),
        _ => {
            let previous = std::mem::replace(node, Node::List(Vec::new()));
            if let Node::List(items) = node {
                items.push(previous);
                items.push(leaf);
            }
        }
    }
}

/// Percent-decoding with `+` as a space.
fn unescape(text: &str) -> Result<String, FormError> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| FormError::new("the form is not valid UTF-8"))
}
