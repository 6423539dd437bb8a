//! [`Tristate`]: an optional property that also accepts `null`, where leaving it out and sending
//! `null` mean different things (a PATCH that leaves a field alone, or clears it).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional, nullable property: absent, `null`, or a value.
///
/// Serialised exactly: [`Tristate::Absent`] leaves the key out (generated structs skip it),
/// [`Tristate::Null`] writes `null`, [`Tristate::Value`] the value. Read back the same way, so a
/// server can tell "leave unchanged" from "clear".
///
/// ```
/// use apigen_runtime::Tristate;
///
/// let keep: Tristate<String> = Tristate::Absent;
/// let clear: Tristate<String> = Tristate::Null;
/// let set: Tristate<String> = "dark".to_owned().into();
/// assert!(keep.is_absent() && clear.is_null());
/// assert_eq!(set.value().map(String::as_str), Some("dark"));
/// assert_eq!(Tristate::<u8>::from(None), Tristate::Null);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tristate<T> {
    /// Not sent: the key is left out.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Tristate<T> {
    /// True when the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// True when the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Tristate::Null)
    }

    /// The value, when there is one (`None` for both absent and `null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Tristate::Value(value) => Some(value),
            Tristate::Absent | Tristate::Null => None,
        }
    }

    /// The value, consuming `self`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Tristate::Value(value) => Some(value),
            Tristate::Absent | Tristate::Null => None,
        }
    }

    /// `None` when absent, `Some(None)` for `null`, `Some(Some(value))` for a value.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Tristate::Absent => None,
            Tristate::Null => Some(None),
            Tristate::Value(value) => Some(Some(value)),
        }
    }

    /// A borrowing view.
    pub fn as_ref(&self) -> Tristate<&T> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(value) => Tristate::Value(value),
        }
    }

    /// The value mapped by `f`; absent and `null` stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Tristate<U> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(value) => Tristate::Value(f(value)),
        }
    }
}

/// A value.
impl<T> From<T> for Tristate<T> {
    fn from(value: T) -> Self {
        Tristate::Value(value)
    }
}

/// `None` is `null`, `Some` a value (to leave a property out, use [`Tristate::Absent`]).
impl<T> From<Option<T>> for Tristate<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Tristate::Value(value),
            None => Tristate::Null,
        }
    }
}

/// `null` for both absent and `null`: a struct field skips an absent one before it gets here.
impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tristate::Value(value) => value.serialize(serializer),
            Tristate::Absent | Tristate::Null => serializer.serialize_none(),
        }
    }
}

/// `null` is [`Tristate::Null`], anything else a value; a missing key is [`Tristate::Absent`]
/// through `#[serde(default)]`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Tristate::is_absent")]
        theme: Tristate<String>,
    }

    #[test]
    fn three_states_round_trip() {
        for (value, text) in [
            (Tristate::Absent, "{}"),
            (Tristate::Null, r#"{"theme":null}"#),
            (Tristate::Value("dark".to_owned()), r#"{"theme":"dark"}"#),
        ] {
            let patch = Patch { theme: value };
            assert_eq!(serde_json::to_string(&patch).unwrap(), text);
            assert_eq!(serde_json::from_str::<Patch>(text).unwrap(), patch);
        }
    }

    #[test]
    fn conversions() {
        assert_eq!(Tristate::from(3).into_option(), Some(Some(3)));
        assert_eq!(Tristate::<u8>::Null.into_option(), Some(None));
        assert_eq!(Tristate::<u8>::Absent.into_option(), None);
        assert_eq!(
            Tristate::<i32>::from(Some(2)).map(|v| v * 2),
            Tristate::Value(4)
        );
        assert_eq!(Tristate::Value(1).as_ref().value(), Some(&&1));
        assert_eq!(Tristate::<u8>::Null.into_value(), None);
    }
}
