//! Reading a [`Node`] into a typed value: leaves are parsed as the target type asks.

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::Node;

/// A form value that does not match the type it is read into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError(String);

impl FormError {
    /// An error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        FormError(message.into())
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl de::Error for FormError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        FormError(message.to_string())
    }
}

/// `node` read as `T`.
pub fn from_node<T: DeserializeOwned>(node: Node) -> Result<T, FormError> {
    T::deserialize(node)
}

impl<'de> IntoDeserializer<'de, FormError> for Node {
    type Deserializer = Node;

    fn into_deserializer(self) -> Node {
        self
    }
}

macro_rules! parse_leaf {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
                match self.into_scalar() {
                    Ok(text) => match text.parse::<$ty>() {
                        Ok(value) => visitor.$visit(value),
                        Err(_) => Err(de::Error::invalid_value(de::Unexpected::Str(&text), &visitor)),
                    },
                    Err(node) => node.deserialize_any(visitor),
                }
            }
        )*
    };
}

impl Node {
    /// The single text of a leaf (or of a one-item list), else the node itself.
    fn into_scalar(self) -> Result<String, Node> {
        match self {
            Node::Leaf(text) | Node::Split(text, _) => Ok(text),
            Node::List(mut items) if items.len() == 1 => match items.pop() {
                Some(item) => item.into_scalar(),
                None => Err(Node::List(items)),
            },
            other => Err(other),
        }
    }

    /// The items of an array: a list, a delimited leaf, a single leaf, or a map whose keys
    /// are indexes (`items[0][price]`), in index order.
    fn into_items(self) -> Result<Vec<Node>, FormError> {
        match self {
            Node::List(items) => Ok(items),
            Node::Split(text, _) if text.is_empty() => Ok(Vec::new()),
            Node::Split(text, delimiter) => Ok(text
                .split(delimiter)
                .map(|item| Node::Leaf(item.to_owned()))
                .collect()),
            Node::Leaf(text) if text.is_empty() => Ok(Vec::new()),
            leaf @ Node::Leaf(_) => Ok(vec![leaf]),
            Node::Map(members) => {
                let mut indexed = Vec::with_capacity(members.len());
                for (key, value) in members {
                    let index: usize = key.parse().map_err(|_| {
                        FormError::new(format!("expected an array index, found `{key}`"))
                    })?;
                    indexed.push((index, value));
                }
                indexed.sort_by_key(|(index, _)| *index);
                Ok(indexed.into_iter().map(|(_, value)| value).collect())
            }
            Node::Json(value) => match value {
                serde_json::Value::Array(items) => Ok(items.into_iter().map(Node::Json).collect()),
                other => Ok(vec![Node::Json(other)]),
            },
        }
    }

    /// The members of an object: a map, or a `form`, `explode: false` leaf of
    /// `name,value` pairs.
    fn into_members(self) -> Result<Vec<(String, Node)>, FormError> {
        match self {
            Node::Map(members) => Ok(members),
            Node::Split(text, delimiter) => {
                let items: Vec<&str> = text.split(delimiter).collect();
                Ok(items
                    .chunks(2)
                    .map(|pair| {
                        let value = pair.get(1).copied().unwrap_or_default();
                        (pair[0].to_owned(), Node::Leaf(value.to_owned()))
                    })
                    .collect())
            }
            Node::Leaf(text) if text.is_empty() => Ok(Vec::new()),
            Node::Json(serde_json::Value::Object(members)) => Ok(members
                .into_iter()
                .map(|(key, value)| (key, Node::Json(value)))
                .collect()),
            other => Err(FormError::new(format!(
                "expected an object, found {other:?}"
            ))),
        }
    }
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self {
            Node::Leaf(text) | Node::Split(text, _) => visitor.visit_string(text),
            Node::List(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Node::Map(members) => visitor.visit_map(MapDeserializer::new(members.into_iter())),
            Node::Json(value) => value.deserialize_any(visitor).map_err(de::Error::custom),
        }
    }

    parse_leaf! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
        deserialize_char => visit_char: char,
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self {
            Node::Json(value) => value.deserialize_string(visitor).map_err(de::Error::custom),
            node => match node.into_scalar() {
                Ok(text) => visitor.visit_string(text),
                Err(node) => node.deserialize_any(visitor),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self {
            Node::Leaf(text) | Node::Split(text, _) if text.is_empty() => visitor.visit_none(),
            Node::Json(serde_json::Value::Null) => visitor.visit_none(),
            node => visitor.visit_some(node),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self {
            Node::Json(value) => value.deserialize_seq(visitor).map_err(de::Error::custom),
            node => visitor.visit_seq(SeqDeserializer::new(node.into_items()?.into_iter())),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        let members = self.into_members()?;
        visitor.visit_map(MapDeserializer::new(members.into_iter()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        match self.into_scalar() {
            Ok(text) => {
                let text: StringDeserializer<FormError> = text.into_deserializer();
                visitor.visit_enum(text)
            }
            Err(Node::Json(value)) => value
                .deserialize_enum("", &[], visitor)
                .map_err(de::Error::custom),
            Err(other) => Err(FormError::new(format!(
                "expected an enum value, found {other:?}"
            ))),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bytes byte_buf unit_struct tuple_struct identifier
    }
}
