//! The `shapes` module of a generated server: one `static` [`Shape`] description per named
//! type a JSON request body reaches (and one per inline body), which the handlers check bodies
//! against before typing them (`apigen_runtime::server::parse_checked_json_body`).
//!
//! [`Shape`]: https://docs.rs/apigen-runtime

use apigen_model::ir::{
    Api, BodyEncoding, Constraints, Endpoint, Field, IntegerFormat, Struct, TypeDef, TypeKind,
    TypeRef, Union, reachable_types,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs::doc_lines;
use crate::rust_types::ident;

/// The JSON request body of `endpoint`, when the handler reads one.
fn json_body(endpoint: &Endpoint) -> Option<&TypeRef> {
    endpoint
        .body
        .as_ref()
        .filter(|body| body.primary.encoding == BodyEncoding::Json)
        .map(|body| &body.primary.ty)
}

/// `&shapes::Name` (or `&shapes::method_body` for an inline body): what `endpoint`'s JSON body
/// is checked against.
pub(crate) fn body_shape(endpoint: &Endpoint, api: &Api) -> TokenStream {
    match json_body(endpoint) {
        Some(TypeRef::Named(id)) => {
            let name = ident(&api.type_def(*id).name);
            quote!(&shapes::#name)
        }
        _ => {
            let name = body_static(endpoint);
            quote!(&shapes::#name)
        }
    }
}

fn body_static(endpoint: &Endpoint) -> proc_macro2::Ident {
    format_ident!("{}_body", endpoint.rust_name.name())
}

/// The `shapes` module, or nothing when no operation reads a JSON body.
pub(crate) fn shapes_module(api: &Api) -> TokenStream {
    if !api.endpoints.iter().any(|e| json_body(e).is_some()) {
        return TokenStream::new();
    }
    let reached = reachable(api);
    let types = api
        .types
        .iter()
        .enumerate()
        .filter(|(index, _)| reached[*index])
        .map(|(_, def)| type_static(api, def));
    let bodies = api.endpoints.iter().filter_map(|endpoint| {
        let ty = json_body(endpoint)?;
        if matches!(ty, TypeRef::Named(_)) {
            return None;
        }
        let name = body_static(endpoint);
        let value = shape_value(api, ty, &Constraints::default());
        let doc = doc_lines(&format!("The request body of `{}`.", endpoint.operation_id));
        Some(quote! {
            #doc
            pub(super) static #name: rt::Shape = #value;
        })
    });
    quote! {
        /// What each JSON request body must be, checked before it is typed: one description per
        /// named type a body reaches (named after the type) and per inline body.
        #[allow(non_upper_case_globals)]
        mod shapes {
            use apigen_runtime::server as rt;

            #(#types)*
            #(#bodies)*
        }
    }
}

/// Which types (by index) the JSON request bodies reach.
fn reachable(api: &Api) -> Vec<bool> {
    reachable_types(&api.types, api.endpoints.iter().filter_map(json_body))
}

fn type_static(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let value = match &def.kind {
        TypeKind::Struct(s) => object_value(api, s),
        TypeKind::StringEnum(variants) => {
            let values = variants.iter().map(|v| &v.wire_value);
            quote!(rt::Shape::StringEnum(&[#(#values),*]))
        }
        TypeKind::IntegerEnum(variants) => {
            let values = variants.iter().map(|v| Literal::i64_unsuffixed(v.value));
            quote!(rt::Shape::IntegerEnum(&[#(#values),*]))
        }
        TypeKind::Union(u) => union_value(api, u),
        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => {
            shape_value(api, ty, &Constraints::default())
        }
    };
    let value = if def.nullable {
        quote!(rt::Shape::Nullable(&#value))
    } else {
        value
    };
    let doc = doc_lines(&format!("What a `types::{}` must be.", def.name.name()));
    quote! {
        #doc
        pub(super) static #name: rt::Shape = #value;
    }
}

fn object_value(api: &Api, s: &Struct) -> TokenStream {
    let properties = s.fields.iter().map(|field| property(api, field));
    let additional = match (&s.additional, s.closed) {
        (Some(ty), _) => {
            let shape = shape_ref(api, ty, &Constraints::default());
            quote!(rt::Additional::Shape(#shape))
        }
        (None, true) => quote!(rt::Additional::Refused),
        (None, false) => quote!(rt::Additional::Any),
    };
    quote! {
        rt::Shape::Object(rt::ObjectRules {
            properties: &[#(#properties),*],
            additional: #additional,
        })
    }
}

fn property(api: &Api, field: &Field) -> TokenStream {
    let name = &field.wire_name;
    let shape = shape_ref(api, &field.ty, &field.constraints);
    let required = field.required_in_requests;
    let read_only = field.read_only;
    quote! {
        rt::Property { name: #name, shape: #shape, required: #required, read_only: #read_only }
    }
}

fn union_value(api: &Api, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|variant| match &variant.constant {
        Some(constant) => quote!(&rt::Shape::StringEnum(&[#constant])),
        None => shape_ref(api, &variant.ty, &Constraints::default()),
    });
    quote!(rt::Shape::Union(&[#(#variants),*]))
}

/// A `&'static Shape` expression for a use of `ty` (a named type is its static).
fn shape_ref(api: &Api, ty: &TypeRef, constraints: &Constraints) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            quote!(&#name)
        }
        _ => {
            let value = shape_value(api, ty, constraints);
            quote!(&#value)
        }
    }
}

/// A `Shape` value for a use of `ty` with `constraints`.
fn shape_value(api: &Api, ty: &TypeRef, constraints: &Constraints) -> TokenStream {
    match ty {
        TypeRef::Nullable(inner) => {
            let inner = shape_ref(api, inner, constraints);
            quote!(rt::Shape::Nullable(#inner))
        }
        TypeRef::String | TypeRef::Bytes => string_value(constraints, None),
        TypeRef::Uuid => string_value(constraints, Some("uuid")),
        TypeRef::DateTime => string_value(constraints, Some("date-time")),
        TypeRef::Date => string_value(constraints, Some("date")),
        TypeRef::Integer(IntegerFormat::I32) => {
            let rules = number_rules(constraints);
            quote!(rt::Shape::Int32(#rules))
        }
        TypeRef::Integer(IntegerFormat::I64) => {
            let rules = number_rules(constraints);
            quote!(rt::Shape::Int64(#rules))
        }
        TypeRef::Number(_) => {
            let rules = number_rules(constraints);
            quote!(rt::Shape::Number(#rules))
        }
        TypeRef::Boolean => quote!(rt::Shape::Boolean),
        TypeRef::Json => quote!(rt::Shape::Any),
        TypeRef::Array(items) => {
            let no_constraints = Constraints::default();
            let item_constraints = constraints.items.as_deref().unwrap_or(&no_constraints);
            let items = shape_ref(api, items, item_constraints);
            let min = opt_usize(constraints.min_items);
            let max = opt_usize(constraints.max_items);
            let unique = constraints.unique_items;
            quote! {
                rt::Shape::Array(rt::ArrayRules {
                    items: #items,
                    min_items: #min,
                    max_items: #max,
                    unique_items: #unique,
                })
            }
        }
        TypeRef::Map(values) => {
            let values = shape_ref(api, values, &Constraints::default());
            quote!(rt::Shape::Map(#values))
        }
        TypeRef::Named(_) => {
            let named = shape_ref(api, ty, constraints);
            quote!(rt::Shape::Union(&[#named]))
        }
    }
}

/// The number of fields of `StringRules`: with all of them set, `..NONE` would be a needless
/// update.
const STRING_RULES: usize = 4;
/// The number of fields of `NumberRules`, likewise.
const NUMBER_RULES: usize = 5;

fn string_value(constraints: &Constraints, type_format: Option<&str>) -> TokenStream {
    let mut rules = Vec::new();
    if let Some(min) = constraints.min_length {
        let min = Literal::usize_unsuffixed(min);
        rules.push(quote!(min_length: Some(#min),));
    }
    if let Some(max) = constraints.max_length {
        let max = Literal::usize_unsuffixed(max);
        rules.push(quote!(max_length: Some(#max),));
    }
    if let Some(pattern) = &constraints.pattern {
        rules.push(quote!(pattern: Some(#pattern),));
    }
    if let Some(format) = type_format.or(constraints.format.as_deref()) {
        rules.push(quote!(format: Some(#format),));
    }
    if rules.is_empty() {
        return quote!(rt::Shape::String(rt::StringRules::NONE));
    }
    let rest = (rules.len() < STRING_RULES).then(|| quote!(..rt::StringRules::NONE));
    quote!(rt::Shape::String(rt::StringRules { #(#rules)* #rest }))
}

fn number_rules(constraints: &Constraints) -> TokenStream {
    let mut rules = Vec::new();
    if let Some(minimum) = finite(constraints.minimum) {
        rules.push(quote!(minimum: Some(#minimum),));
        if constraints.exclusive_minimum {
            rules.push(quote!(exclusive_minimum: true,));
        }
    }
    if let Some(maximum) = finite(constraints.maximum) {
        rules.push(quote!(maximum: Some(#maximum),));
        if constraints.exclusive_maximum {
            rules.push(quote!(exclusive_maximum: true,));
        }
    }
    if let Some(multiple_of) = finite(constraints.multiple_of) {
        rules.push(quote!(multiple_of: Some(#multiple_of),));
    }
    if rules.is_empty() {
        return quote!(rt::NumberRules::NONE);
    }
    let rest = (rules.len() < NUMBER_RULES).then(|| quote!(..rt::NumberRules::NONE));
    quote!(rt::NumberRules { #(#rules)* #rest })
}

/// A literal for a finite bound (no literal can hold an infinite one; it bounds nothing).
fn finite(value: Option<f64>) -> Option<Literal> {
    value
        .filter(|value| value.is_finite())
        .map(Literal::f64_suffixed)
}

fn opt_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(value) => {
            let value = Literal::usize_unsuffixed(value);
            quote!(Some(#value))
        }
        None => quote!(None),
    }
}
