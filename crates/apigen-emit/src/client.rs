//! The `client` module: a `Client` with one method per operation. Every method takes the
//! required inputs and returns a request builder (optional inputs as setters, then
//! `.send().await`), so a new optional parameter never breaks a caller.

use apigen_model::ir::{
    Api, BodyEncoding, Content, Endpoint, Param, ParamLocation, PathSegment, RequestBody, Response,
    TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::{doc_lines, docs, operation_docs};
use crate::plan::ModulePlan;
use crate::rust_types::{Position, ident, rust_type};
use crate::types::{body_type, param_docs};

/// The `client` module: its header with `Client` and its methods, then per operation its
/// builder and the enum of its documented error responses.
pub fn client_module(api: &Api) -> ModulePlan<'_> {
    let mut plan = ModulePlan::new("client");
    plan.push(move || emit_client_struct(api));
    for endpoint in &api.endpoints {
        plan.push(move || {
            let builder = emit_builder(api, endpoint);
            let errors = crate::client_outcome::error_enum(api, endpoint);
            quote!(#builder #errors)
        });
    }
    plan
}

fn emit_client_struct(api: &Api) -> TokenStream {
    let types_import = api.endpoints.iter().any(mentions_types).then(|| {
        quote!(
            use crate::types;
        )
    });
    let title = format!(
        " A client for the {} ({}).",
        api_name(&api.title),
        crate::templates::one_line(&api.version)
    );
    let methods = api
        .endpoints
        .iter()
        .map(|endpoint| emit_method(api, endpoint));
    let transport_import = if api.endpoints.is_empty() {
        quote!(
            use apigen_runtime::client::Transport;
        )
    } else {
        quote!(
            use apigen_runtime::client::{RequestOptions, Transport};
        )
    };
    let servers = crate::client_config::server_items(api);
    let config = crate::client_config::config_methods(api);
    quote! {
        //! The typed HTTP client (feature `client`).

        #transport_import
        pub use apigen_runtime::client::{
            after_response, before_request, Auth, Error, ErrorResponse, Exchange, Hook,
            ResponseValue, RetryPolicy, Undocumented,
        };

        #types_import

        #servers

        #[doc = #title]
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: Transport,
        }

        impl Client {
            /// A client for the API at `base_url` (scheme and host, without the operation paths),
            /// authenticating with `auth`.
            pub fn new(base_url: impl Into<String>, auth: Auth) -> Self {
                Self { transport: Transport::new(base_url, auth) }
            }

            /// A client that sends through `http`, for custom timeouts, proxies or TLS settings.
            pub fn with_http_client(http: reqwest::Client, base_url: impl Into<String>, auth: Auth) -> Self {
                Self { transport: Transport::with_http_client(http, base_url, auth) }
            }

            /// The same client also holding `auth` for the security scheme named `scheme`; each
            /// operation sends the credentials of the first of its requirement alternatives
            /// that the held credentials meet (else the credential given to [`Client::new`]).
            pub fn with_credential(self, scheme: impl Into<String>, auth: Auth) -> Self {
                Self { transport: self.transport.with_credential(scheme, auth) }
            }

            /// A copy of the client that sends only `auth`, whatever the operation: an
            /// override for some requests.
            pub fn with_auth(&self, auth: Auth) -> Self {
                Self { transport: self.transport.with_auth(auth) }
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            #config

            #(#methods)*
        }
    }
}

/// True when the client code of `endpoint` names an item of the `types` module.
fn mentions_types(endpoint: &Endpoint) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner),
            _ => false,
        }
    }
    let returns = match single_success(endpoint) {
        Some(response) => response
            .body
            .as_ref()
            .is_some_and(|content| named(&content.ty)),
        None => true,
    };
    let errors = endpoint
        .error_responses()
        .filter_map(|r| r.body.as_ref())
        .any(|content| named(&content.ty));
    returns
        || errors
        || endpoint.pagination.is_some()
        || endpoint.query_type.is_some()
        || endpoint.params.iter().any(|p| named(&p.ty))
        || endpoint
            .body
            .as_ref()
            .is_some_and(|body| named(&body.primary.ty))
}

/// How an argument is passed: strings as `&str`, small values by value, the rest by reference.
enum ArgKind {
    Str,
    Value,
    Reference,
}

fn arg_kind(api: &Api, ty: &TypeRef) -> ArgKind {
    match ty {
        TypeRef::Named(id) => match api.type_def(*id).kind {
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) | TypeKind::Union(_) => {
                ArgKind::Value
            }
            _ => ArgKind::Reference,
        },
        TypeRef::String | TypeRef::Bytes => ArgKind::Str,
        TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Integer(_)
        | TypeRef::Number(_)
        | TypeRef::Boolean
        | TypeRef::Nullable(_) => ArgKind::Value,
        TypeRef::Json | TypeRef::Array(_) | TypeRef::Map(_) => ArgKind::Reference,
    }
}

fn arg_type(api: &Api, ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match arg_kind(api, ty) {
        ArgKind::Str => quote!(&#lifetime str),
        ArgKind::Value => rust_type(api, ty, Position::Value, true),
        ArgKind::Reference => match ty {
            TypeRef::Array(item) => {
                let item = rust_type(api, item, Position::Value, true);
                quote!(&#lifetime [#item])
            }
            _ => {
                let ty = rust_type(api, ty, Position::Value, true);
                quote!(&#lifetime #ty)
            }
        },
    }
}

/// The expression that turns an argument into the owned value a query struct holds.
fn owned(api: &Api, param: &Param, value: TokenStream) -> TokenStream {
    match arg_kind(api, &param.ty) {
        ArgKind::Str => quote!(#value.to_owned()),
        ArgKind::Value => value,
        ArgKind::Reference if matches!(param.ty, TypeRef::Array(_)) => quote!(#value.to_vec()),
        ArgKind::Reference => quote!(#value.clone()),
    }
}

/// `field: <owned argument>`, or the shorthand `field,` when the argument is already owned.
fn field_init(api: &Api, param: &Param, field: &proc_macro2::Ident) -> TokenStream {
    match arg_kind(api, &param.ty) {
        ArgKind::Value => quote!(#field,),
        _ => {
            let value = owned(api, param, quote!(#field));
            quote!(#field: #value,)
        }
    }
}

/// The arguments of a method: required path, query and header parameters, then the body when
/// it is required (an optional body is a setter). The body borrows for `lifetime` (the
/// builder's `'a`); parameters are copied into owned values.
fn required_args(api: &Api, endpoint: &Endpoint, lifetime: &TokenStream) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = endpoint
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = arg_type(api, &p.ty, &TokenStream::new());
            quote!(#name: #ty)
        })
        .collect();
    if let Some(body) = &endpoint.body {
        let ty = body_type(api, &body.primary.ty, true);
        let ty = match body.primary.ty {
            _ if body.parts_type.is_some() => crate::body::parts_arg(body).unwrap_or(ty),
            _ if body.primary.encoding == BodyEncoding::Binary => {
                quote!(apigen_runtime::ByteStream)
            }
            TypeRef::Bytes => quote!(&#lifetime [u8]),
            TypeRef::String if body.primary.encoding == BodyEncoding::Text => {
                quote!(&#lifetime str)
            }
            _ => quote!(&#lifetime #ty),
        };
        if body.required {
            args.push(quote!(body: #ty));
        }
    }
    args
}

/// The success type a method returns: the single success body, else the response enum.
fn return_type(api: &Api, endpoint: &Endpoint) -> TokenStream {
    match single_success(endpoint) {
        Some(response) => match &response.body {
            Some(content) => crate::body::response_type(api, content, true),
            None => quote!(()),
        },
        None => {
            let name = ident(&endpoint.response_type);
            quote!(types::#name)
        }
    }
}

/// The one success response, when the operation documents exactly one.
fn single_success(endpoint: &Endpoint) -> Option<&Response> {
    let mut successes = endpoint.responses.iter().filter(|r| r.status.is_success());
    let first = successes.next()?;
    successes.next().is_none().then_some(first)
}

/// Statements that build `request` from the parameters in scope (`query` holds the query struct).
fn build_request(
    api: &Api,
    endpoint: &Endpoint,
    transport: &TokenStream,
    has_query: bool,
    headers_in_scope: &[&Param],
) -> TokenStream {
    let mut template = String::new();
    let mut segment_values = Vec::new();
    for segment in &endpoint.path.segments {
        match segment {
            PathSegment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Param(name) => {
                let param = endpoint
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && p.wire_name == *name);
                if let Some(param) = param {
                    let var = format_ident!("{}_segment", param.rust_name.name());
                    template.push_str(&format!("{{{var}}}"));
                    let value = ident(&param.rust_name);
                    segment_values
                        .push(quote!(let #var = apigen_runtime::client::path_value(&#value)?;));
                }
            }
        }
    }
    let path_init = if segment_values.is_empty() {
        let literal = endpoint.path.raw.clone();
        quote!(String::from(#literal))
    } else {
        quote!(format!(#template))
    };
    let method = format_ident!("{}", endpoint.method.as_str());
    let encode_query = crate::body::query_encoder(api, endpoint);
    let query = has_query.then(|| {
        quote! {
            let query = #encode_query;
            if !query.is_empty() {
                path.push('?');
                path.push_str(&query);
            }
        }
    });
    let mut_path = if has_query { quote!(mut) } else { quote!() };
    let headers = headers_in_scope.iter().map(|param| {
        let name = ident(&param.rust_name);
        let value = match param.location {
            ParamLocation::Cookie => {
                let template = format!(
                    "{}={{text}}",
                    param.wire_name.replace('{', "{{").replace('}', "}}")
                );
                quote!({
                    let text = apigen_runtime::client::header_value(&value)?;
                    format!(#template)
                })
            }
            _ => quote!(apigen_runtime::client::header_value(&value)?),
        };
        let header = match param.location {
            ParamLocation::Cookie => quote!(reqwest::header::COOKIE),
            _ => {
                let wire = &param.wire_name;
                quote!(#wire)
            }
        };
        if param.required {
            quote! { let value = #name; request = request.header(#header, #value); }
        } else {
            quote! { if let Some(value) = #name { request = request.header(#header, #value); } }
        }
    });
    let body = endpoint.body.as_ref().map(|body| {
        let attach = crate::body::attach(body);
        if body.required {
            quote! { request = #attach; }
        } else {
            quote! { if let Some(body) = body { request = #attach; } }
        }
    });
    let mutable_request = if endpoint.body.is_some() || !headers_in_scope.is_empty() {
        quote!(mut)
    } else {
        quote!()
    };
    let alternatives = crate::security::scheme_alternatives(endpoint);
    let accept = crate::client_outcome::accept_header(endpoint);
    let mutable_request = if accept.is_some() {
        quote!(mut)
    } else {
        mutable_request
    };
    let accept =
        accept.map(|accept| quote!(request = request.header(reqwest::header::ACCEPT, #accept);));
    quote! {
        #(#segment_values)*
        let #mut_path path = #path_init;
        #query
        let #mutable_request request = #transport.request_for(reqwest::Method::#method, &path, #alternatives);
        #accept
        #(#headers)*
        #body
    }
}

/// The expression decoding `raw`'s body as `content`, a `Result`.
pub fn decode_body(content: &Content) -> TokenStream {
    match (content.encoding, &content.ty) {
        (BodyEncoding::Text, TypeRef::String) => quote!(raw.text()),
        (BodyEncoding::Binary, _) | (_, TypeRef::Bytes) => quote!(raw.bytes()),
        _ => quote!(raw.json()),
    }
}

fn emit_method(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.rust_name);
    let doc = operation_docs(api, endpoint);
    let args = required_args(api, endpoint, &quote!('a));
    let deprecated = endpoint.docs.deprecated.then(|| quote!(#[deprecated]));
    let allow_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let builder = ident(&endpoint.builder_type);
    let stored = builder_inputs(endpoint).map(|(field, param)| match param {
        Some(param) if param.location == ParamLocation::Query => quote!(),
        Some(param) if !param.required => quote!(#field: None,),
        Some(param) => field_init(api, param, &field),
        None if endpoint.body.as_ref().is_some_and(|b| b.required) => quote!(#field,),
        None => quote!(#field: None,),
    });
    let query = endpoint.query_type.as_ref().map(|query_type| {
        let query_type = ident(query_type);
        let fields = endpoint.params_in(ParamLocation::Query).map(|p| {
            let field = ident(&p.rust_name);
            if p.required {
                field_init(api, p, &field)
            } else {
                quote!(#field: None,)
            }
        });
        quote!(query: types::#query_type { #(#fields)* },)
    });
    quote! {
        #doc
        #deprecated
        #allow_many
        pub fn #name<'a>(&'a self, #(#args),*) -> #builder<'a> {
            #builder { client: self, options: RequestOptions::default(), #query #(#stored)* }
        }
    }
}

/// The type of the body argument: the parts struct of a multipart body, a byte stream for
/// `application/octet-stream`, `&'a [u8]` for bytes, `&'a str` for text, else `&'a T`.
fn body_arg_type(api: &Api, body: &RequestBody) -> TokenStream {
    if let Some(parts) = crate::body::parts_arg(body) {
        return parts;
    }
    let content = &body.primary;
    match (&content.ty, content.encoding) {
        (_, BodyEncoding::Binary) => quote!(apigen_runtime::ByteStream),
        (TypeRef::Bytes, _) => quote!(&'a [u8]),
        (TypeRef::String, BodyEncoding::Text) => quote!(&'a str),
        (ty, _) => {
            let ty = body_type(api, ty, true);
            quote!(&'a #ty)
        }
    }
}

/// The builder's stored inputs besides the query struct: path and header parameters (by their
/// field name) and the body.
fn builder_inputs(
    endpoint: &Endpoint,
) -> impl Iterator<Item = (proc_macro2::Ident, Option<&Param>)> {
    let params = endpoint
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Query)
        .map(|p| (ident(&p.rust_name), Some(p)));
    let body = endpoint
        .body
        .as_ref()
        .map(|_| (format_ident!("body"), None));
    params.chain(body)
}

fn emit_builder(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let builder = ident(&endpoint.builder_type);
    let doc = doc_lines(&format!(
        "A `{} {}` request, sent by [`send`](Self::send); made by [`Client::{}`].",
        endpoint.method,
        endpoint.path.raw,
        endpoint.rust_name.name()
    ));
    let query_field = endpoint.query_type.as_ref().map(|query_type| {
        let query_type = ident(query_type);
        quote!(query: types::#query_type,)
    });
    let fields = builder_inputs(endpoint).map(|(field, param)| match param {
        Some(param) => {
            let ty = rust_type(api, &param.ty, Position::Value, true);
            let ty = if param.required && !param.ty.is_nullable() {
                ty
            } else {
                quote!(Option<#ty>)
            };
            quote!(#field: #ty,)
        }
        None => {
            let ty = endpoint
                .body
                .as_ref()
                .map(|b| body_arg_type(api, b))
                .unwrap_or_default();
            let required = endpoint.body.as_ref().is_some_and(|b| b.required);
            if required {
                quote!(body: #ty,)
            } else {
                quote!(body: Option<#ty>,)
            }
        }
    });
    let setters = endpoint
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path && !p.required)
        .map(|param| {
            let name = ident(&param.rust_name);
            let doc = docs(&param_docs(param));
            let inner = rust_type(api, param.ty.non_null(), Position::Value, true);
            let (arg, value) = match param.ty.non_null() {
                TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
                _ => (inner, quote!(value)),
            };
            let target = if param.location == ParamLocation::Query {
                quote!(self.query.#name)
            } else {
                quote!(self.#name)
            };
            quote! {
                #doc
                pub fn #name(mut self, value: #arg) -> Self {
                    #target = Some(#value);
                    self
                }
            }
        });
    let unpack = builder_inputs(endpoint).map(|(field, _)| quote!(let #field = self.#field;));
    let headers: Vec<&Param> = endpoint
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .collect();
    let has_query = endpoint.query_type.is_some();
    let build = build_request(
        api,
        endpoint,
        &quote!(self.client.transport),
        has_query,
        &headers,
    );
    let query_unpack = has_query.then(|| quote!(let query = self.query;));
    let ret = return_type(api, endpoint);
    let tail = crate::client_outcome::send_and_decode(endpoint, quote!(self.request()));
    let stream = endpoint.pagination.as_ref().map(|pagination| {
        let item = rust_type(api, &pagination.item, Position::Value, true);
        let alternatives = crate::security::scheme_alternatives(endpoint);
        let page = rust_type(api, &TypeRef::Named(pagination.page), Position::Value, true);
        quote! {
            /// Every item of every page, following each page's `next` link on the client's
            /// origin (a link elsewhere is [`Error::ForeignLink`]); the first error ends the
            /// stream.
            pub fn stream(self) -> impl futures_util::Stream<Item = Result<#item, Error>> + Send + 'a {
                use futures_util::StreamExt;
                let transport = self.client.transport.for_operation(#alternatives);
                match self.request() {
                    Ok(request) => apigen_runtime::client::paginate::<#page>(transport, request).left_stream(),
                    Err(error) => futures_util::stream::once(async move { Err(error) }).right_stream(),
                }
            }
        }
    });
    let body_setter = endpoint.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = body_arg_type(api, body);
        quote! {
            /// The request body (none is sent unless set).
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    });
    let error = crate::client_outcome::error_type(endpoint);
    let options = crate::client_config::request_option_setters();
    quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder<'a> {
            client: &'a Client,
            options: RequestOptions,
            #query_field
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter
            #options

            fn request(self) -> Result<reqwest::RequestBuilder, Error> {
                let options = self.options;
                #query_unpack
                #(#unpack)*
                #build
                options.apply(request)
            }

            /// Sends the request (with the client's hooks, headers, timeout and retries) and
            /// decodes the response: the success with its status and headers, or the error.
            pub async fn send(self) -> Result<ResponseValue<#ret>, #error> {
                let client = self.client;
                #tail
            }

            #stream
        }
    }
}

/// The API's name for prose: its title on one line (no control characters, which doc comments
/// cannot hold), with ` API` added unless it already says so.
pub fn api_name(title: &str) -> String {
    let title = crate::templates::one_line(title);
    if title.trim_end().to_ascii_lowercase().ends_with("api") {
        title.trim_end().to_owned()
    } else {
        format!("{} API", title.trim_end())
    }
}
