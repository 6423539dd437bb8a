//! Tri-state fields: optional nullable properties of types that requests carry are
//! `apigen_runtime::Tristate` (absent, `null`, value), serialised exactly.

use apigen_model::ir::{Api, Field};
use proc_macro2::TokenStream;
use quote::quote;

use crate::rust_types::{Position, rust_type};

/// `apigen_runtime::Tristate<T>` for `field` (boxed when the model asks for it).
pub fn tristate_type(api: &Api, field: &Field) -> TokenStream {
    let inner = rust_type(api, field.ty.non_null(), Position::Value, false);
    let inner = if field.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    };
    quote!(apigen_runtime::Tristate<#inner>)
}

/// The serde arguments of a tri-state field: absent when missing, left out when absent.
pub fn tristate_serde() -> TokenStream {
    quote!(
        default,
        skip_serializing_if = "apigen_runtime::Tristate::is_absent"
    )
}
