//! The `types` module: one Rust item per named type, plus each operation's response enum and
//! query-parameter struct.

use apigen_model::ir::{
    Api, Endpoint, Field, Pagination, ParamLocation, Response, StatusMatch, Struct, TypeDef,
    TypeKind, TypeRef, Union, UnionVariant,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs::{doc_lines, docs};
use crate::pagination::paged_types;
use crate::plan::ModulePlan;
use crate::rust_types::{Position, ident, rust_type, slot_type};

/// The `types` module: its header, then one item per named type, per operation (response enum
/// and query struct) and per paginated list.
pub fn types_module(api: &Api) -> ModulePlan<'_> {
    let mut plan = ModulePlan::new("types");
    let uses_serde = api
        .types
        .iter()
        .any(|def| !matches!(def.kind, TypeKind::Alias(_)))
        || api
            .endpoints
            .iter()
            .any(|endpoint| endpoint.query_type.is_some());
    plan.push(move || {
        let import = uses_serde.then(|| {
            quote!(
                use serde::{Deserialize, Serialize};
            )
        });
        quote! {
            //! The types of the API: schemas, each operation's responses and query parameters.

            #import
        }
    });
    for def in &api.types {
        plan.push(move || emit_type(api, def));
    }
    for endpoint in &api.endpoints {
        plan.push(move || {
            let response = emit_response_enum(api, endpoint);
            let query = emit_query_struct(api, endpoint);
            let parts = crate::body::parts_struct(api, endpoint);
            quote!(#response #query #parts)
        });
    }
    for pagination in paged_types(api) {
        plan.push(move || emit_page_impl(api, pagination));
    }
    plan
}

fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let mut doc = docs(&def.docs);
    if let Some(component) = &def.component {
        let origin = doc_lines(&format!("Schema `{component}`."));
        let separator = if doc.is_empty() {
            quote!()
        } else {
            quote!(#[doc = ""])
        };
        doc = quote!(#doc #separator #origin);
    }
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(api, def, doc, s),
        TypeKind::StringEnum(variants) => crate::enums::string_enum(&name, doc, variants),
        TypeKind::IntegerEnum(variants) => crate::enums::integer_enum(&def.name, doc, variants),
        TypeKind::Union(u) => emit_union(api, &name, doc, u),
        TypeKind::Alias(target) => {
            let target = rust_type(api, target, Position::Value, false);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Newtype { ty, boxed } => {
            let inner = rust_type(api, ty, Position::Value, false);
            let inner = if *boxed { quote!(Box<#inner>) } else { inner };
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #inner);
            }
        }
    }
}

fn field_is_optional(field: &Field) -> bool {
    !field.required || field.ty.is_nullable()
}

/// One field; a `tristate` one (see [`TypeDef::is_tristate`]) is an `apigen_runtime::Tristate`.
fn emit_field(api: &Api, field: &Field, tristate: bool) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = if tristate {
        crate::tristate::tristate_type(api, field)
    } else {
        slot_type(api, &field.ty, field.required, field.boxed, false)
    };
    let doc = docs(&crate::docs::with_direction(field));
    let mut serde_args = Vec::new();
    if field.rust_name.name() != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if tristate {
        serde_args.push(crate::tristate::tristate_serde());
    } else if !field.required {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    } else if field.ty.is_nullable() {
        serde_args.push(quote!(default));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #doc
        #serde_attr
        pub #name: #ty,
    }
}

fn emit_struct(api: &Api, def: &TypeDef, doc: TokenStream, s: &Struct) -> TokenStream {
    let name = &ident(&def.name);
    let fields = s
        .fields
        .iter()
        .map(|field| emit_field(api, field, def.is_tristate(field)));
    let additional = s.additional.as_ref().map(|value| {
        let value = rust_type(api, value, Position::Value, false);
        let field_name = additional_field_name(s);
        quote! {
            /// Properties not listed above.
            #[serde(flatten)]
            pub #field_name: std::collections::BTreeMap<String, #value>,
        }
    });
    let all_optional = s.fields.iter().all(field_is_optional);
    let default = all_optional.then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// The name of the map that keeps `additionalProperties`, clear of the declared fields.
pub fn additional_field_name(s: &Struct) -> proc_macro2::Ident {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|field| field.rust_name.name() == name) {
        name.push('_');
    }
    format_ident!("{name}")
}

fn emit_union(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, u: &Union) -> TokenStream {
    if u.variants.iter().any(|v| v.constant.is_some()) {
        return emit_union_with_constants(api, name, doc, u);
    }
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = variant_description(v).map(doc_lines);
        let ty = variant_payload(api, v);
        quote!(#doc #variant(#ty),)
    });
    let discriminated =
        u.discriminator.is_some() && u.variants.iter().all(|v| !v.tag_values.is_empty());
    if let (Some(property), true) = (&u.discriminator, discriminated) {
        let tagged_deserialize = emit_discriminated_deserialize(name, property, u);
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #(#variants)*
            }

            #tagged_deserialize
        };
    }
    let serialize = crate::enums::untagged_serialize(name, u.variants.iter().map(|v| &v.rust_name));
    let deserialize = crate::enums::untagged_deserialize(name);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(untagged, remote = "Self")]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        #serialize
        #deserialize
    }
}

/// The type a union variant carries, boxed when the model asks for it.
fn variant_payload(api: &Api, variant: &UnionVariant) -> TokenStream {
    let ty = rust_type(api, &variant.ty, Position::Value, false);
    if variant.boxed { quote!(Box<#ty>) } else { ty }
}

/// A union variant's description, when it has a non-blank one.
fn variant_description(variant: &UnionVariant) -> Option<&str> {
    variant
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
}

/// A union with single-value string alternatives (`enum: ['@me']`): those become unit variants
/// written as their string, the others are tried in order.
fn emit_union_with_constants(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    u: &Union,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let description = variant_description(v);
        match &v.constant {
            Some(constant) => {
                let doc = match description {
                    Some(description) => doc_lines(&format!("`{constant}`: {description}")),
                    None => doc_lines(&format!("`{constant}`")),
                };
                quote!(#doc #variant,)
            }
            None => {
                let doc = description.map(doc_lines);
                let ty = variant_payload(api, v);
                quote!(#doc #variant(#ty),)
            }
        }
    });
    let serialize_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        match &v.constant {
            Some(constant) => quote!(Self::#variant => serializer.serialize_str(#constant),),
            None => quote!(Self::#variant(value) => value.serialize(serializer),),
        }
    });
    let constant_arms = u.variants.iter().filter_map(|v| {
        let variant = ident(&v.rust_name);
        v.constant.as_ref().map(|constant| {
            quote! {
                if value.as_str() == Some(#constant) {
                    return Ok(Self::#variant);
                }
            }
        })
    });
    let value_tries = u.variants.iter().filter(|v| v.constant.is_none()).map(|v| {
        let variant = ident(&v.rust_name);
        let wrap = if v.boxed {
            quote!(Self::#variant(Box::new(value)))
        } else {
            quote!(Self::#variant(value))
        };
        quote! {
            if let Ok(value) = serde_json::from_value(value.clone()) {
                return Ok(#wrap);
            }
        }
    });
    let value_tries = quote! {
        let attempt = || -> Result<Self, ()> {
            #(#value_tries)*
            Err(())
        };
        if let Ok(value) = apigen_runtime::enum_values::prefer_known(attempt) {
            return Ok(value);
        }
    };
    let no_match = format!("the value matches no alternative of {name}");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #(#constant_arms)*
                #value_tries
                Err(serde::de::Error::custom(#no_match))
            }
        }
    }
}

/// A discriminated union reads its tag first and decodes only the matching variant, so errors
/// name the real problem instead of "did not match any variant".
fn emit_discriminated_deserialize(
    name: &proc_macro2::Ident,
    property: &str,
    u: &Union,
) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tags = &v.tag_values;
        let wrap = if v.boxed { quote!(|value| Self::#variant(Box::new(value))) } else { quote!(Self::#variant) };
        quote! {
            #(#tags)|* => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        }
    });
    let expected: Vec<&String> = u.variants.iter().flat_map(|v| &v.tag_values).collect();
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(serde_json::Value::as_str)
                    .ok_or_else(|| serde::de::Error::missing_field(#property))?
                    .to_owned();
                match tag.as_str() {
                    #(#arms)*
                    other => Err(serde::de::Error::unknown_variant(other, &[#(#expected),*])),
                }
            }
        }
    }
}

/// The Rust type of a response or request body.
pub fn body_type(api: &Api, ty: &TypeRef, qualified: bool) -> TokenStream {
    rust_type(api, ty, Position::Body, qualified)
}

/// The doc line of a response variant: its status (`404`, `4XX`, any other) and description.
pub(crate) fn status_doc(response: &Response) -> String {
    let description = response.description.trim();
    match response.status {
        StatusMatch::Code(code) => format!("`{code}`: {description}"),
        StatusMatch::Range(first) => format!("`{first}XX`: {description}"),
        StatusMatch::Default => format!("Any other status: {description}"),
    }
}

/// True when the variant carries the status code (ranges and `default`).
pub fn carries_status(response: &Response) -> bool {
    !matches!(response.status, StatusMatch::Code(_))
}

fn emit_response_enum(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.response_type);
    let doc = doc_lines(&format!(
        "The responses of `{}` (`{} {}`).",
        endpoint.operation_id, endpoint.method, endpoint.path.raw
    ));
    let variants = endpoint.responses.iter().map(|response| {
        let variant = ident(&response.variant_name);
        let doc = doc_lines(&status_doc(response));
        let body = response
            .body
            .as_ref()
            .map(|content| crate::body::response_type(api, content, false));
        match (carries_status(response), body) {
            (false, Some(body)) => quote!(#doc #variant(#body),),
            (false, None) => quote!(#doc #variant,),
            (true, Some(body)) => quote!(#doc #variant { status: u16, body: #body },),
            (true, None) => quote!(#doc #variant { status: u16 },),
        }
    });
    let status_arms = endpoint.responses.iter().map(|response| {
        let variant = ident(&response.variant_name);
        match (response.status, response.body.is_some()) {
            (StatusMatch::Code(code), true) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(Self::#variant(_) => #code,)
            }
            (StatusMatch::Code(code), false) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(Self::#variant => #code,)
            }
            (_, _) => quote!(Self::#variant { status, .. } => *status,),
        }
    });
    let prepared_variant = crate::prepared::prepared_variant(endpoint);
    let prepared_status = crate::prepared::prepared_status_arm(endpoint);
    let prepare = crate::prepared::prepare_method(api, endpoint);
    let status_fn = (!endpoint.responses.is_empty()).then(|| {
        quote! {
            impl #name {
                /// The HTTP status of this response.
                pub fn status(&self) -> u16 {
                    match self {
                        #(#status_arms)*
                        #prepared_status
                    }
                }

                #prepare
            }
        }
    });
    let derives = if crate::body::streams(endpoint) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #derives
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #prepared_variant
        }

        #status_fn
    }
}

fn emit_query_struct(api: &Api, endpoint: &Endpoint) -> Option<TokenStream> {
    let name = ident(endpoint.query_type.as_ref()?);
    let doc = doc_lines(&format!(
        "The query parameters of `{}` (`{} {}`).",
        endpoint.operation_id, endpoint.method, endpoint.path.raw
    ));
    let params: Vec<_> = endpoint.params_in(ParamLocation::Query).collect();
    let fields = params.iter().map(|param| {
        let field = Field {
            wire_name: param.wire_name.clone(),
            rust_name: param.rust_name.clone(),
            ty: param.ty.clone(),
            required: param.required,
            required_in_requests: param.required,
            read_only: false,
            write_only: false,
            boxed: false,
            default: None,
            constraints: Default::default(),
            docs: param_docs(param),
        };
        emit_field(api, &field, false)
    });
    let all_optional = params.iter().all(|p| !p.required || p.ty.is_nullable());
    let default = all_optional.then(|| quote!(Default,));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// A parameter's documentation, with its default value.
pub fn param_docs(param: &apigen_model::ir::Param) -> apigen_model::ir::Docs {
    let mut docs = param.docs.clone();
    if let Some(default) = &param.default {
        let note = format!("Defaults to `{default}` when not sent.");
        docs.description = Some(match docs.description {
            Some(description) => format!("{}\n\n{note}", description.trim_end()),
            None => note,
        });
    }
    docs
}

fn emit_page_impl(api: &Api, pagination: &Pagination) -> TokenStream {
    let def = api.type_def(pagination.page);
    let TypeKind::Struct(s) = &def.kind else {
        return TokenStream::new();
    };
    let (Some(items), Some(next)) = (
        s.fields.get(pagination.items_field),
        s.fields.get(pagination.next_field),
    ) else {
        return TokenStream::new();
    };
    let name = ident(&def.name);
    let item = rust_type(api, &pagination.item, Position::Value, false);
    let (items, next_field) = (ident(&items.rust_name), ident(&next.rust_name));
    let next = if pagination.next_optional {
        quote!(self.#next_field)
    } else {
        quote!(Some(self.#next_field).filter(|next| !next.is_empty()))
    };
    quote! {
        impl apigen_runtime::Page for #name {
            type Item = #item;

            fn into_items(self) -> (Vec<Self::Item>, Option<String>) {
                (self.#items, #next)
            }
        }
    }
}
