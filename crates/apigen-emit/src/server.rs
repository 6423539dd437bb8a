//! The `server` module: the `Api` trait (one method per operation), the operation table and the
//! axum router whose handlers authenticate, enforce scopes, parse and validate input, call the
//! trait and map its typed response to a status and body.

mod negotiation;
mod shapes;

use apigen_model::ir::{
    Api, BodyEncoding, Constraints, Endpoint, IntegerFormat, NumberFormat, Param, ParamLocation,
    Response, StatusMatch, TypeKind, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs::{doc_lines, operation_docs};
use crate::plan::ModulePlan;
use crate::rust_types::{Position, ident, rust_type, slot_type};
use crate::types::{body_type, carries_status};

/// The largest request body a handler reads.
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The `server` module: its header (security schemes, operation table, the `Api` trait and the
/// router), then one handler per operation.
pub fn server_module(api: &Api) -> ModulePlan<'_> {
    let mut plan = ModulePlan::new("server");
    plan.push(move || emit_server_core(api));
    crate::router::push_router_items(&mut plan, api);
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        plan.push(move || emit_handler(api, index, endpoint));
    }
    plan
}

fn emit_server_core(api: &Api) -> TokenStream {
    let types_import = (!api.endpoints.is_empty()).then(|| {
        quote!(
            use crate::types;
        )
    });
    let security = crate::security::security_table(api);
    let security_imports = crate::security::security_imports(api);
    let operations = api.endpoints.iter().map(|endpoint| {
        let id = &endpoint.operation_id;
        let method = endpoint.method.as_str();
        let path = &endpoint.path.raw;
        let access = crate::security::access_tokens(endpoint);
        quote!(Operation { id: #id, method: #method, path: #path, access: #access },)
    });
    let trait_methods = api
        .endpoints
        .iter()
        .map(|endpoint| emit_trait_method(api, endpoint));
    let multipart_limit = crate::body::multipart_limit(api);
    let read_body = api
        .endpoints
        .iter()
        .any(|e| {
            e.body
                .as_ref()
                .is_some_and(|body| body.parts_type.is_none())
        })
        .then(|| {
            quote! {
                /// The request body, within the [`apigen_runtime::server::RequestLimits`] of the
                /// request (by default at most [`BODY_LIMIT`] bytes, 413 past it; 408 when it is slower
                /// than the body timeout).
                async fn read_body(
                    body: axum::body::Body,
                    extensions: &axum::http::Extensions,
                ) -> Result<axum::body::Bytes, ApiError> {
                    apigen_runtime::server::read_limited_body(body, extensions, BODY_LIMIT).await
                }

                /// The largest request body a handler reads unless the router's
                /// [`apigen_runtime::server::RequestLimits`] say otherwise, in bytes.
                pub const BODY_LIMIT: usize = #BODY_LIMIT;
            }
        });
    let shapes = shapes::shapes_module(api);
    let has_operations = !api.endpoints.is_empty();
    let arc_import = has_operations.then(|| {
        quote!(
            use std::sync::Arc;
        )
    });
    let shared = has_operations.then(|| {
        quote! {
            struct Shared<A, Au> {
                api: A,
                authenticator: Au,
            }

            type SharedState<A, Au> = axum::extract::State<Arc<Shared<A, Au>>>;
        }
    });
    let title = format!(
        " The operations of the {}, to implement and serve with [`router`].",
        crate::client::api_name(&api.title)
    );
    quote! {
        //! The server side (feature `server`): the [`Api`] trait to implement and the [`router`]
        //! that serves it.

        #arc_import

        #security_imports
        pub use apigen_runtime::server::{
            ApiError, Authenticator, Caller, Credential, DenyAll, RequestLimits, ServeOptions, serve,
        };

        #types_import

        #security

        /// One operation of the API, for introspection.
        #[derive(Debug, Clone, Copy)]
        pub struct Operation {
            /// The `operationId`.
            pub id: &'static str,
            /// The HTTP method.
            pub method: &'static str,
            /// The path template.
            pub path: &'static str,
            /// Who may call it.
            pub access: Access,
        }

        /// Every operation of the API, in spec order.
        pub const OPERATIONS: &[Operation] = &[#(#operations)*];

        #[doc = #title]
        ///
        /// Each method receives the authenticated [`Caller`] and typed, validated inputs, and
        /// returns a typed response (mapped to its status code) or an [`ApiError`].
        pub trait Api: Send + Sync + 'static {
            #(#trait_methods)*
        }

        #shared

        #read_body

        #multipart_limit

        #shapes
    }
}

/// The typed inputs of an operation besides the caller, as `(name, type)` pairs.
pub(crate) fn inputs(api: &Api, endpoint: &Endpoint) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut inputs: Vec<_> = endpoint
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Query)
        .map(|p| {
            (
                ident(&p.rust_name),
                slot_type(api, &p.ty, p.required, false, true),
            )
        })
        .collect();
    if let Some(query_type) = &endpoint.query_type {
        let query_type = ident(query_type);
        inputs.push((format_ident!("query"), quote!(types::#query_type)));
    }
    if let Some(body) = &endpoint.body {
        let ty =
            crate::body::parts_arg(body).unwrap_or_else(|| body_type(api, &body.primary.ty, true));
        inputs.push((
            format_ident!("body"),
            if body.required {
                ty
            } else {
                quote!(Option<#ty>)
            },
        ));
    }
    inputs
}

fn emit_trait_method(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.rust_name);
    let doc = operation_docs(api, endpoint);
    let response = ident(&endpoint.response_type);
    let inputs = inputs(api, endpoint);
    let args = inputs.iter().map(|(name, ty)| quote!(#name: #ty));
    let allow_many = (inputs.len() + 2 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let allow_convention = breaks_self_convention(endpoint.rust_name.name())
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
    quote! {
        #doc
        #allow_many
        #allow_convention
        fn #name(
            &self,
            caller: &Caller,
            #(#args),*
        ) -> impl std::future::Future<Output = Result<types::#response, ApiError>> + Send;
    }
}

/// True for a method name that by convention takes `self` otherwise than `&self` (`from_*`,
/// `into_*`, `to_*_mut`): the operation's name is kept and clippy's naming lint is allowed.
fn breaks_self_convention(name: &str) -> bool {
    name.starts_with("from_")
        || name.starts_with("into_")
        || (name.starts_with("to_") && name.ends_with("_mut"))
}

pub(crate) fn handler_name(endpoint: &Endpoint) -> proc_macro2::Ident {
    format_ident!("handle_{}", endpoint.rust_name.name())
}

fn emit_handler(api: &Api, index: usize, endpoint: &Endpoint) -> TokenStream {
    let name = handler_name(endpoint);
    let method_name = ident(&endpoint.rust_name);
    let index = Literal::usize_unsuffixed(index);
    let path_params: Vec<&Param> = endpoint.params_in(ParamLocation::Path).collect();
    let path_reads = (!path_params.is_empty())
        .then(|| quote!(let path = apigen_runtime::server::path_params(&parts)?;));
    let path_positions: Vec<Literal> = path_params
        .iter()
        .map(|param| {
            endpoint
                .path
                .param_names()
                .position(|n| n == param.wire_name)
                .map_or_else(|| Literal::usize_unsuffixed(0), Literal::usize_unsuffixed)
        })
        .collect();
    let path_parses = path_params
        .iter()
        .zip(path_positions)
        .map(|(param, position)| {
            let var = ident(&param.rust_name);
            let wire = &param.wire_name;
            let ty = slot_type(api, &param.ty, true, false, true);
            quote! {
                let #var: #ty = apigen_runtime::server::parse_path(#wire, path.get(#position))?;
            }
        });
    let header_parses = endpoint
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .map(|param| {
            let var = ident(&param.rust_name);
            let wire = &param.wire_name;
            let ty = rust_type(api, param.ty.non_null(), Position::Value, true);
            let read = match param.location {
                ParamLocation::Cookie => quote!(apigen_runtime::server::parse_cookie::<#ty>(&parts.headers, #wire)?),
                _ => quote!(apigen_runtime::server::parse_header::<#ty>(&parts.headers, #wire)?),
            };
            if param.required && !param.ty.is_nullable() {
                quote! {
                    let #var: #ty = #read.ok_or_else(|| {
                        ApiError::validation("required", "This parameter is required.", Some(#wire.to_owned()))
                    })?;
                }
            } else {
                quote!(let #var: Option<#ty> = #read;)
            }
        });
    let query_parse = endpoint.query_type.as_ref().map(|query_type| {
        let query_type = ident(query_type);
        let parse = crate::body::query_parser(api, endpoint, &quote!(types::#query_type));
        quote!(let query: types::#query_type = #parse;)
    });
    let mut checks = Vec::new();
    for param in &endpoint.params {
        let value = ident(&param.rust_name);
        let access = if param.location == ParamLocation::Query {
            quote!(query.#value)
        } else {
            quote!(#value)
        };
        let optional = !param.required || param.ty.is_nullable();
        checks.extend(constraint_checks(
            &param.wire_name,
            &param.ty,
            &param.constraints,
            access,
            optional,
            None,
        ));
    }
    let body_parse = endpoint.body.as_ref().map(|body| {
        let shape = (body.primary.encoding == BodyEncoding::Json)
            .then(|| shapes::body_shape(endpoint, api));
        crate::body::read(api, body, shape.as_ref())
    });
    if let Some(body) = &endpoint.body
        && body.primary.encoding != BodyEncoding::Json
        && let TypeRef::Named(id) = &body.primary.ty
        && let TypeKind::Struct(s) = &api.type_def(*id).kind
    {
        let guard = (!body.required).then(|| quote!(let Some(body) = &body));
        let def = api.type_def(*id);
        for field in &s.fields {
            if body.parts_type.is_some()
                && matches!(field.ty.non_null(), TypeRef::Bytes | TypeRef::Array(_))
            {
                continue;
            }
            let value = ident(&field.rust_name);
            if def.is_tristate(field) {
                let field_checks = value_checks(&field.wire_name, &field.ty, &field.constraints);
                if !field_checks.is_empty() {
                    let present = quote!(let apigen_runtime::Tristate::Value(value) = &body.#value);
                    let guard = match &guard {
                        Some(guard) => quote!(#guard && #present),
                        None => present,
                    };
                    checks.push(quote!(if #guard { #(#field_checks)* }));
                }
                continue;
            }
            let optional = !field.required || field.ty.is_nullable();
            checks.extend(constraint_checks(
                &field.wire_name,
                &field.ty,
                &field.constraints,
                quote!(body.#value),
                optional,
                guard.as_ref(),
            ));
        }
    }
    let args = inputs(api, endpoint).into_iter().map(|(name, _)| name);
    let response_type = ident(&endpoint.response_type);
    let arms = endpoint
        .responses
        .iter()
        .map(|response| response_arm(&response_type, response))
        .chain(crate::prepared::prepared_handler_arm(endpoint));
    let unused_body = endpoint.body.is_none().then(|| quote!(drop(body);));
    let negotiation = negotiation::negotiation_checks(endpoint);
    let doc = doc_lines(&format!(
        "Serves `{} {}`.",
        endpoint.method, endpoint.path.raw
    ));
    quote! {
        #doc
        async fn #name<A: Api, Au: Authenticator>(
            axum::extract::State(shared): SharedState<A, Au>,
            request: axum::extract::Request,
        ) -> Result<axum::response::Response, ApiError> {
            let (parts, body) = request.into_parts();
            let caller = apigen_runtime::server::authorize(
                &shared.authenticator,
                &parts,
                &SECURITY,
                &OPERATIONS[#index].access,
            )
            .await?;
            #negotiation
            #path_reads
            #(#path_parses)*
            #(#header_parses)*
            #query_parse
            #body_parse
            #unused_body
            #(#checks)*
            let response = shared.api.#method_name(&caller, #(#args),*).await?;
            Ok(match response {
                #(#arms)*
            })
        }
    }
}

/// The checks of `constraints` on `value` (a reference to the value).
fn value_checks(attr: &str, ty: &TypeRef, constraints: &Constraints) -> Vec<TokenStream> {
    let opt_usize = |v: Option<usize>| match v {
        Some(v) => {
            let v = Literal::usize_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let opt_f64 = |v: Option<f64>| match v {
        Some(v) => {
            let v = Literal::f64_suffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let value = quote!(value);
    let mut checks = Vec::new();
    match ty.non_null() {
        TypeRef::String => {
            if constraints.min_length.is_some() || constraints.max_length.is_some() {
                let (min, max) = (
                    opt_usize(constraints.min_length),
                    opt_usize(constraints.max_length),
                );
                checks.push(
                    quote!(apigen_runtime::server::check_length(#attr, #value, #min, #max)?;),
                );
            }
            if let Some(pattern) = &constraints.pattern {
                checks
                    .push(quote!(apigen_runtime::server::check_pattern(#attr, #value, #pattern)?;));
            }
            if let Some(format) = &constraints.format {
                checks.push(quote!(apigen_runtime::server::check_format(#attr, #value, #format)?;));
            }
        }
        TypeRef::Integer(_) | TypeRef::Number(_)
            if constraints.minimum.is_some() || constraints.maximum.is_some() =>
        {
            let (min, max) = (opt_f64(constraints.minimum), opt_f64(constraints.maximum));
            let (exclusive_min, exclusive_max) =
                (constraints.exclusive_minimum, constraints.exclusive_maximum);
            let number = number_value(ty, &value);
            checks.push(quote! {
                apigen_runtime::server::check_range(#attr, #number, #min, #max, #exclusive_min, #exclusive_max)?;
            });
            checks.extend(multiple_of_check(
                attr,
                number_value(ty, &value),
                constraints,
            ));
        }
        TypeRef::Integer(_) | TypeRef::Number(_) => {
            checks.extend(multiple_of_check(
                attr,
                number_value(ty, &value),
                constraints,
            ));
        }
        TypeRef::Array(_) if constraints.min_items.is_some() || constraints.max_items.is_some() => {
            let (min, max) = (
                opt_usize(constraints.min_items),
                opt_usize(constraints.max_items),
            );
            checks.push(
                quote!(apigen_runtime::server::check_items(#attr, #value.len(), #min, #max)?;),
            );
        }
        _ => {}
    }
    checks
}

/// Checks of `constraints` on the value at `access` (an `Option` when `optional`).
fn constraint_checks(
    attr: &str,
    ty: &TypeRef,
    constraints: &Constraints,
    access: TokenStream,
    optional: bool,
    guard: Option<&TokenStream>,
) -> Option<TokenStream> {
    if constraints.is_empty() {
        return None;
    }
    let checks = value_checks(attr, ty, constraints);
    if checks.is_empty() {
        return None;
    }
    Some(match (optional, guard) {
        (true, Some(guard)) => quote!(if #guard && let Some(value) = &#access { #(#checks)* }),
        (true, None) => quote!(if let Some(value) = &#access { #(#checks)* }),
        (false, Some(guard)) => quote!(if #guard { let value = &#access; #(#checks)* }),
        (false, None) => quote!({ let value = &#access; #(#checks)* }),
    })
}

/// `value` (a reference to a number of type `ty`) as an `f64`.
fn number_value(ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty.non_null() {
        TypeRef::Number(NumberFormat::F64) => quote!(*#value),
        TypeRef::Integer(IntegerFormat::I64) => quote!(*#value as f64),
        _ => quote!(f64::from(*#value)),
    }
}

/// `check_multiple_of` when the constraints have a finite `multipleOf`.
fn multiple_of_check(
    attr: &str,
    number: TokenStream,
    constraints: &Constraints,
) -> Option<TokenStream> {
    let divisor = constraints.multiple_of.filter(|d| d.is_finite())?;
    let divisor = Literal::f64_suffixed(divisor);
    Some(quote!(apigen_runtime::server::check_multiple_of(#attr, #number, #divisor)?;))
}

fn response_arm(enum_name: &proc_macro2::Ident, response: &Response) -> TokenStream {
    let variant = ident(&response.variant_name);
    let status = match response.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        _ => quote!(status),
    };
    let write = |content: &apigen_model::ir::Content| -> TokenStream {
        let media_type = &content.media_type;
        if let Some(write) = crate::body::write_streamed(content, &status) {
            return write;
        }
        match (content.encoding, &content.ty) {
            (BodyEncoding::Binary, _) | (_, TypeRef::Bytes) => {
                quote!(apigen_runtime::server::bytes_response(#status, #media_type, body))
            }
            (BodyEncoding::Text, _) => {
                quote!(apigen_runtime::server::text_response(#status, #media_type, body))
            }
            _ => quote!(apigen_runtime::server::json_response(#status, &body)),
        }
    };
    match (carries_status(response), &response.body) {
        (false, Some(content)) => {
            let write = write(content);
            quote!(types::#enum_name::#variant(body) => #write,)
        }
        (false, None) => {
            quote!(types::#enum_name::#variant => apigen_runtime::server::empty_response(#status),)
        }
        (true, Some(content)) => {
            let write = write(content);
            quote!(types::#enum_name::#variant { status, body } => #write,)
        }
        (true, None) => {
            quote!(types::#enum_name::#variant { status } => apigen_runtime::server::empty_response(status),)
        }
    }
}
