//! A bounded YAML reader over `yaml-rust2`'s event stream: no recursion (the parser's own
//! `load` and `YamlLoader` recurse on nesting), every alias use counted against the budget before
//! it is copied, and, when asked, the JSON value built on the way.

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::Yaml;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::budget::{Crossed, Tally};
use crate::Limits;
use crate::pointer::Pointer;

/// Why the reader stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// A limit was crossed: what, the pointer of the value, and the 1-based line and column.
    Limit(Crossed, String, usize, usize),
    /// `yaml-rust2` cannot read the text (or it holds other than one document).
    Unreadable,
}

/// An anchored node: what an alias to it adds.
struct Anchored {
    values: usize,
    depth: usize,
    value: Option<Value>,
}

/// A mapping or sequence being read.
struct Frame {
    anchor: usize,
    values_before: usize,
    /// Levels below this one (0 while it holds only scalars).
    depth_below: usize,
    node: Open,
}

enum Open {
    Sequence(Vec<Value>, usize),
    Mapping(Map<String, Value>, Option<String>),
}

impl Frame {
    /// The pointer token of the child being read.
    fn token(&self) -> Option<String> {
        match &self.node {
            Open::Sequence(_, count) => Some(count.to_string()),
            Open::Mapping(_, key) => key.clone(),
        }
    }
}

/// Reads the one document of `text`; returns its JSON value when `build` (else `None`, having
/// only checked the limits).
pub(crate) fn read(text: &str, limits: &Limits, build: bool) -> Result<Option<Value>, Stop> {
    let mut parser = Parser::new_from_str(text);
    let mut tally = Tally::new(limits);
    let mut anchors: HashMap<usize, Anchored> = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|_| Stop::Unreadable)?;
        let limit = |crossed: Crossed, frames: &[Frame], mark: Marker| {
            let pointer = frames
                .iter()
                .filter_map(Frame::token)
                .fold(Pointer::root(), |pointer, token| pointer.join(token));
            Stop::Limit(crossed, pointer.into_string(), mark.line(), mark.col() + 1)
        };
        let completed = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(Stop::Unreadable);
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::Scalar(text, style, anchor, tag) => {
                // A scalar key is part of its mapping entry, not a value of its own.
                let is_key = matches!(
                    frames.last(),
                    Some(Frame {
                        node: Open::Mapping(_, None),
                        ..
                    })
                );
                if !is_key {
                    tally.value().map_err(|c| limit(c, &frames, mark))?;
                }
                let value = scalar(text, style, tag.as_ref());
                if anchor > 0 {
                    anchors.insert(
                        anchor,
                        Anchored {
                            values: 1,
                            depth: 0,
                            value: build.then(|| value.clone()),
                        },
                    );
                }
                (value, 0)
            }
            Event::Alias(anchor) => match anchors.get(&anchor) {
                Some(anchored) => {
                    tally
                        .alias(anchored.values, anchored.depth)
                        .map_err(|c| limit(c, &frames, mark))?;
                    (
                        anchored.value.clone().unwrap_or(Value::Null),
                        anchored.depth,
                    )
                }
                None => (Value::Null, 0),
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                tally
                    .value()
                    .and_then(|()| tally.open())
                    .map_err(|c| limit(c, &frames, mark))?;
                let node = if matches!(event, Event::SequenceStart(..)) {
                    Open::Sequence(Vec::new(), 0)
                } else {
                    Open::Mapping(Map::new(), None)
                };
                frames.push(Frame {
                    anchor,
                    values_before: tally.values() - 1,
                    depth_below: 0,
                    node,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                tally.close();
                let Some(frame) = frames.pop() else {
                    return Err(Stop::Unreadable);
                };
                let depth = frame.depth_below + 1;
                let value = match frame.node {
                    Open::Sequence(items, _) => Value::Array(items),
                    Open::Mapping(object, _) => Value::Object(object),
                };
                if frame.anchor > 0 {
                    anchors.insert(
                        frame.anchor,
                        Anchored {
                            values: tally.values() - frame.values_before,
                            depth,
                            value: build.then(|| value.clone()),
                        },
                    );
                }
                (value, depth)
            }
        };
        let (value, depth) = completed;
        match frames.last_mut() {
            None => root = Some(value),
            Some(parent) => {
                parent.depth_below = parent.depth_below.max(depth);
                match &mut parent.node {
                    Open::Sequence(items, count) => {
                        *count += 1;
                        if build {
                            items.push(value);
                        }
                    }
                    Open::Mapping(object, key) => match key.take() {
                        None => *key = Some(key_text(value)),
                        Some(key) => {
                            if build {
                                object.insert(key, value);
                            }
                        }
                    },
                }
            }
        }
    }
    if documents != 1 {
        return Err(Stop::Unreadable);
    }
    Ok(if build { root } else { None })
}

/// A scalar as JSON: quoted text stays text; plain text is resolved as YAML 1.2 core does
/// (`yaml-rust2`'s rules), reals beyond `i64` included.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    let is_core_string = tag.is_some_and(|tag| {
        tag.handle == "tag:yaml.org,2002:" && tag.suffix == "str" || tag.handle == "!"
    });
    if style != TScalarStyle::Plain || is_core_string {
        return Value::String(text);
    }
    match Yaml::from_str(&text) {
        Yaml::Real(real) => match real.parse::<f64>() {
            Ok(f) => super::float_value(f, || real.clone()),
            Err(_) => Value::String(real),
        },
        Yaml::Integer(i) => Value::from(i),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(_) | Yaml::Hash(_) | Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => {
            Value::Null
        }
    }
}

/// A mapping key as JSON object key text (`200:` in `responses` is the key `"200"`).
fn key_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => "null".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(_) | Value::Object(_) => "null".to_owned(),
    }
}
