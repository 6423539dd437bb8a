//! Rust type tokens for model type uses.

use apigen_model::ir::{Api, IntegerFormat, NumberFormat, RustIdent, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The token of an identifier decided by the model (a raw identifier such as `r#type` stays
/// raw). The model keeps no `proc-macro2` dependency, so this conversion is the one place where
/// its names become tokens; a [`RustIdent`] is always valid identifier text, so it cannot panic.
pub fn ident(name: &RustIdent) -> Ident {
    if name.is_raw() {
        Ident::new_raw(name.name(), Span::call_site())
    } else {
        Ident::new(name.name(), Span::call_site())
    }
}

/// Where a type is used: bytes are a string inside JSON values, raw bytes as a whole body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Inside the `types` module (fields, variants, aliases).
    Value,
    /// A whole request or response body.
    Body,
}

/// The Rust type of `ty`, written from outside the `types` module when `qualified`.
pub fn rust_type(api: &Api, ty: &TypeRef, position: Position, qualified: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bytes if position == Position::Body => quote!(Vec<u8>),
        TypeRef::Bytes => quote!(String),
        TypeRef::Integer(IntegerFormat::I32) => quote!(i32),
        TypeRef::Integer(IntegerFormat::I64) => quote!(i64),
        TypeRef::Number(NumberFormat::F32) => quote!(f32),
        TypeRef::Number(NumberFormat::F64) => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Array(inner) => {
            let inner = rust_type(api, inner, Position::Value, qualified);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner, Position::Value, qualified);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            if qualified {
                quote!(types::#name)
            } else {
                quote!(#name)
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(api, inner, position, qualified);
            quote!(Option<#inner>)
        }
    }
}

/// The type of a field or parameter: `Option` when optional or nullable (never doubled), `Box`
/// when the model asks for one.
pub fn slot_type(
    api: &Api,
    ty: &TypeRef,
    required: bool,
    boxed: bool,
    qualified: bool,
) -> TokenStream {
    let inner = rust_type(api, ty.non_null(), Position::Value, qualified);
    let inner = if boxed { quote!(Box<#inner>) } else { inner };
    if required && !ty.is_nullable() {
        inner
    } else {
        quote!(Option<#inner>)
    }
}
