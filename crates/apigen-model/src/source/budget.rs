//! Counting a document's values, alias repetitions and nesting while a parser reads it, and
//! stopping at the first limit crossed, before anything large is built.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

use crate::Limits;
use crate::pointer::Pointer;

/// A limit that a document crosses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Crossed {
    /// The field of [`Limits`] (`max_depth`).
    pub limit: &'static str,
    /// Its value.
    pub value: usize,
    /// What the document asks for, in words.
    pub what: String,
}

impl Crossed {
    /// The message of the diagnostic: what was asked and which limit refused it.
    pub fn message(&self) -> String {
        format!("{} (limit `{}` = {})", self.what, self.limit, self.value)
    }
}

/// Running totals of one walk over a document.
pub(crate) struct Tally<'l> {
    limits: &'l Limits,
    depth: usize,
    values: usize,
    alias_values: usize,
}

impl<'l> Tally<'l> {
    pub fn new(limits: &'l Limits) -> Self {
        Tally {
            limits,
            depth: 0,
            values: 0,
            alias_values: 0,
        }
    }

    /// The values counted so far.
    pub fn values(&self) -> usize {
        self.values
    }

    /// One more value.
    pub fn value(&mut self) -> Result<(), Crossed> {
        self.add_values(1)
    }

    fn add_values(&mut self, count: usize) -> Result<(), Crossed> {
        self.values = self.values.saturating_add(count);
        if self.values > self.limits.max_values {
            return Err(Crossed {
                limit: "max_values",
                value: self.limits.max_values,
                what: format!(
                    "the document holds more than {} values (YAML aliases counted at every use)",
                    self.limits.max_values
                ),
            });
        }
        Ok(())
    }

    /// A YAML alias repeats an anchored node of `values` values and `depth` levels.
    pub fn alias(&mut self, values: usize, depth: usize) -> Result<(), Crossed> {
        self.alias_values = self.alias_values.saturating_add(values);
        if self.alias_values > self.limits.max_alias_values {
            return Err(Crossed {
                limit: "max_alias_values",
                value: self.limits.max_alias_values,
                what: format!(
                    "YAML alias expansion adds more than {} values",
                    self.limits.max_alias_values
                ),
            });
        }
        self.check_depth(self.depth.saturating_add(depth))?;
        self.add_values(values)
    }

    /// Enters a mapping or sequence.
    pub fn open(&mut self) -> Result<(), Crossed> {
        self.depth += 1;
        self.check_depth(self.depth)
    }

    /// Leaves a mapping or sequence.
    pub fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn check_depth(&self, depth: usize) -> Result<(), Crossed> {
        if depth > self.limits.max_depth {
            return Err(Crossed {
                limit: "max_depth",
                value: self.limits.max_depth,
                what: format!(
                    "mappings and sequences nested deeper than {} levels",
                    self.limits.max_depth
                ),
            });
        }
        Ok(())
    }
}

/// A walk of a serde deserializer (`serde_json`, `serde_yaml`) that builds nothing: it counts,
/// tracks the place, and stops at the first limit crossed.
pub(crate) struct Walk<'l> {
    tally: Tally<'l>,
    path: Vec<String>,
    /// The limit crossed, and where.
    pub crossed: Option<(Crossed, String)>,
}

impl<'l> Walk<'l> {
    pub fn new(limits: &'l Limits) -> Self {
        Walk {
            tally: Tally::new(limits),
            path: Vec::new(),
            crossed: None,
        }
    }

    /// Walks the one document of `deserializer`; `Err` means a limit was crossed (see
    /// [`Walk::crossed`]) or the text is malformed (left to the real parse to report).
    pub fn run<'de, D: Deserializer<'de>>(&mut self, deserializer: D) -> Result<(), D::Error> {
        Node(self).deserialize(deserializer)
    }

    fn check<E: de::Error>(&mut self, result: Result<(), Crossed>) -> Result<(), E> {
        result.map_err(|crossed| {
            let pointer = self
                .path
                .iter()
                .fold(Pointer::root(), |pointer, token| pointer.join(token))
                .into_string();
            self.crossed = Some((crossed, pointer));
            E::custom("a limit of the document was crossed")
        })
    }
}

/// One value of the walk.
struct Node<'w, 'l>(&'w mut Walk<'l>);

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

macro_rules! count_scalar {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method<E: de::Error>(self, _: $ty) -> Result<(), E> {
            let counted = self.0.tally.value();
            self.0.check(counted)
        })*
    };
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    count_scalar!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128,
        visit_u128: u128, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        let counted = self.0.tally.value();
        self.0.check(counted)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let walk = self.0;
        let counted = walk.tally.value().and_then(|()| walk.tally.open());
        walk.check(counted)?;
        let mut index = 0usize;
        loop {
            walk.path.push(index.to_string());
            let next = seq.next_element_seed(Node(walk));
            walk.path.pop();
            if next?.is_none() {
                break;
            }
            index += 1;
        }
        walk.tally.close();
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let walk = self.0;
        let counted = walk.tally.value().and_then(|()| walk.tally.open());
        walk.check(counted)?;
        while let Some(key) = map.next_key_seed(Key(walk))? {
            walk.path.push(key);
            let value = map.next_value_seed(Node(walk));
            walk.path.pop();
            value?;
        }
        walk.tally.close();
        Ok(())
    }

    /// A YAML value with a custom tag (`!thing value`): the tag is ignored, the value counted.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let (de::IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping key, as the text of the pointer token (YAML keys may be numbers or booleans).
struct Key<'w, 'l>(&'w mut Walk<'l>);

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A scalar key is part of its mapping entry, not a value of its own.
macro_rules! key_scalar {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method<E: de::Error>(self, key: $ty) -> Result<String, E> {
            Ok(key.to_string())
        })*
    };
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a mapping key")
    }

    key_scalar!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128,
        visit_u128: u128, visit_f64: f64, visit_str: &str);

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        Node(self.0).visit_seq(seq)?;
        Ok(String::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        Node(self.0).visit_map(map)?;
        Ok(String::new())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        Node(self.0).visit_enum(data)?;
        Ok(String::new())
    }
}
