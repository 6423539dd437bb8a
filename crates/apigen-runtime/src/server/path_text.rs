//! Reading a path parameter's text straight into its type, without building JSON first: the
//! text is handed to the type as a string exactly as a JSON string value would be (options,
//! newtypes and unit enum variants included, with serde's messages), and an unsigned or
//! negative integer in canonical JSON spelling as that integer.

use serde::de::value::{Error, I64Deserializer, StrDeserializer, U64Deserializer};
use serde::de::{DeserializeOwned, Deserializer, IntoDeserializer, Visitor};

/// `raw` read as a string value into `T`.
pub(crate) fn from_text<T: DeserializeOwned>(raw: &str) -> Result<T, Error> {
    T::deserialize(Text(raw))
}

/// `raw` read as an integer into `T`, when `raw` is an integer as JSON spells it (no sign but
/// `-`, no leading zero) and fits 64 bits; `None` otherwise.
pub(crate) fn from_integer<T: DeserializeOwned>(raw: &str) -> Option<Result<T, Error>> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !canonical {
        return None;
    }
    if raw.starts_with('-') {
        let value: i64 = raw.parse().ok()?;
        Some(T::deserialize(I64Deserializer::<Error>::new(value)))
    } else {
        let value: u64 = raw.parse().ok()?;
        Some(T::deserialize(U64Deserializer::<Error>::new(value)))
    }
}

/// A borrowed text that deserialises like a JSON string value.
struct Text<'a>(&'a str);

impl<'de> Deserializer<'de> for Text<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let variant: StrDeserializer<'_, Error> = self.0.into_deserializer();
        visitor.visit_enum(variant)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::Value;

    /// What the JSON route this replaces answered: the text as a JSON string value.
    fn via_json<T: DeserializeOwned>(raw: &str) -> Result<T, String> {
        serde_json::from_value(Value::String(raw.to_owned())).map_err(|e| e.to_string())
    }

    fn direct<T: DeserializeOwned>(raw: &str) -> Result<T, String> {
        from_text(raw).map_err(|e| e.to_string())
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Email,
        Slack,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Name(String);

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Selector {
        Kind(Kind),
        Text(String),
    }

    #[test]
    fn texts_read_as_json_strings_do() {
        for raw in ["slack", "email", "other", "", "@me", "a b"] {
            assert_eq!(direct::<Kind>(raw), via_json::<Kind>(raw), "{raw}");
            assert_eq!(direct::<Name>(raw), via_json::<Name>(raw), "{raw}");
            assert_eq!(direct::<Selector>(raw), via_json::<Selector>(raw), "{raw}");
            assert_eq!(
                direct::<Option<String>>(raw),
                via_json::<Option<String>>(raw)
            );
            assert_eq!(direct::<i64>(raw), via_json::<i64>(raw), "{raw}");
            assert_eq!(direct::<bool>(raw), via_json::<bool>(raw), "{raw}");
        }
        assert_eq!(direct::<Kind>("slack"), Ok(Kind::Slack));
        assert!(
            direct::<Kind>("sms")
                .unwrap_err()
                .contains("unknown variant `sms`")
        );
    }

    #[test]
    fn canonical_integers_read_as_json_numbers_do() {
        for raw in [
            "0",
            "7",
            "-3",
            "18446744073709551615",
            "-9223372036854775808",
        ] {
            let json: Value = serde_json::from_str(raw).unwrap();
            let expected = serde_json::from_value::<i64>(json.clone()).map_err(|e| e.to_string());
            let got = from_integer::<i64>(raw).unwrap().map_err(|e| e.to_string());
            assert_eq!(got, expected, "{raw}");
            let expected = serde_json::from_value::<u64>(json).map_err(|e| e.to_string());
            let got = from_integer::<u64>(raw).unwrap().map_err(|e| e.to_string());
            assert_eq!(got, expected, "{raw}");
        }
        for raw in [
            "",
            "-",
            "01",
            "+1",
            "1.5",
            "1e3",
            "x",
            "99999999999999999999",
        ] {
            assert!(from_integer::<i64>(raw).is_none(), "{raw}");
        }
    }
}
