//! Rust type text of model type uses, as the emitters write them, for comparing two models and
//! for reports.

use crate::ir::{Api, IntegerFormat, NumberFormat, TypeRef};

/// The Rust type of `ty` inside the `types` module (bytes are base64 strings there).
pub(super) fn value_type(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::Bytes => "String".to_owned(),
        TypeRef::Uuid => "uuid::Uuid".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Integer(IntegerFormat::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerFormat::I64) => "i64".to_owned(),
        TypeRef::Number(NumberFormat::F32) => "f32".to_owned(),
        TypeRef::Number(NumberFormat::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Array(inner) => format!("Vec<{}>", value_type(api, inner)),
        TypeRef::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            value_type(api, inner)
        ),
        TypeRef::Named(id) => match api.types.get(id.0) {
            Some(def) => def.name.to_string(),
            None => format!("<type {}>", id.0),
        },
        TypeRef::Nullable(inner) => format!("Option<{}>", value_type(api, inner)),
    }
}

/// The Rust type of a whole body (raw bytes are `Vec<u8>`).
pub(super) fn body_type(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        other => value_type(api, other),
    }
}

/// The type of a field or parameter: `Option` when optional or nullable, never doubled.
pub(super) fn slot_type(api: &Api, ty: &TypeRef, required: bool) -> String {
    let inner = value_type(api, ty.non_null());
    if required && !ty.is_nullable() {
        inner
    } else {
        format!("Option<{inner}>")
    }
}
