//! The `client` module: a `Client` with one method per operation; operations with optional
//! query or header parameters return a request builder.

use apigen_model::ir::{
    Api, BodyEncoding, Content, Endpoint, Param, ParamLocation, PathSegment, Response, StatusMatch,
    TypeKind, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs::{doc_lines, docs, operation_docs};
use crate::pagination::paginated_item;
use crate::plan::ModulePlan;
use crate::rust_types::{Position, ident, rust_type};
use crate::types::{body_type, carries_status, param_docs};

/// The `client` module: its header with `Client` and its methods, then one builder per
/// operation that has optional parameters.
pub fn client_module(api: &Api) -> ModulePlan<'_> {
    let mut plan = ModulePlan::new("client");
    plan.push(move || emit_client_struct(api));
    for endpoint in api.endpoints.iter().filter(|e| uses_builder(e)) {
        plan.push(move || emit_builder(api, endpoint));
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
    quote! {
        //! The typed HTTP client (feature `client`).

        use apigen_runtime::client::Transport;
        pub use apigen_runtime::client::{Auth, Error};

        #types_import

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
    returns
        || endpoint.query_type.is_some()
        || endpoint.params.iter().any(|p| named(&p.ty))
        || endpoint
            .body
            .as_ref()
            .is_some_and(|body| named(&body.primary.ty))
}

/// Operations with optional query or header parameters are called through a builder.
fn uses_builder(endpoint: &Endpoint) -> bool {
    endpoint
        .params
        .iter()
        .any(|p| p.location != ParamLocation::Path && !p.required)
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

/// The arguments of a method: required path, query and header parameters, then the body.
/// The body borrows for `lifetime` (empty for a plain method, `'a` for a builder that keeps it);
/// parameters are copied into owned values.
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
        args.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: Option<#ty>)
        });
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

pub(crate) fn single_success(endpoint: &Endpoint) -> Option<&Response> {
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
    quote! {
        #(#segment_values)*
        let #mut_path path = #path_init;
        #query
        let #mutable_request request = #transport.request_for(reqwest::Method::#method, &path, #alternatives);
        #(#headers)*
        #body
    }
}

/// The expression decoding `raw`'s body as `content`.
pub(crate) fn decode_body(content: &Content) -> TokenStream {
    match (content.encoding, &content.ty) {
        (BodyEncoding::Text, TypeRef::String) => quote!(raw.text()?),
        (BodyEncoding::Binary, _) | (_, TypeRef::Bytes) => quote!(raw.body.to_vec()),
        _ => quote!(raw.json()?),
    }
}

/// Statements that send `request` and turn the response into the method's result.
fn send_and_decode(endpoint: &Endpoint, request: TokenStream) -> TokenStream {
    if crate::body::streams(endpoint) {
        return crate::body::send_streaming(endpoint, request);
    }
    let decode = decode_response(endpoint);
    quote! {
        let raw = apigen_runtime::client::send(#request).await?;
        #decode
    }
}

/// Statements that turn `raw` into the method's result.
fn decode_response(endpoint: &Endpoint) -> TokenStream {
    if let Some(response) = single_success(endpoint) {
        let value = match &response.body {
            Some(content) => decode_body(content),
            None => quote!(()),
        };
        let pattern = status_pattern(response.status);
        return quote! {
            match raw.status {
                #pattern => Ok(#value),
                _ => Err(raw.into_error()),
            }
        };
    }
    let enum_name = ident(&endpoint.response_type);
    let mut has_catch_all = false;
    let mut arms: Vec<TokenStream> = Vec::new();
    let mut ordered: Vec<&Response> = endpoint.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    for response in ordered {
        let variant = ident(&response.variant_name);
        let pattern = status_pattern(response.status);
        let value = response.body.as_ref().map(decode_body);
        let constructed = match (carries_status(response), value) {
            (false, Some(value)) => quote!(types::#enum_name::#variant(#value)),
            (false, None) => quote!(types::#enum_name::#variant),
            (true, Some(value)) => quote!(types::#enum_name::#variant { status, body: #value }),
            (true, None) => quote!(types::#enum_name::#variant { status }),
        };
        has_catch_all |= response.status == StatusMatch::Default;
        arms.push(quote!(#pattern => Ok(#constructed),));
    }
    if let [only] = endpoint.responses.as_slice()
        && only.status == StatusMatch::Default
    {
        let variant = ident(&only.variant_name);
        let constructed = match only.body.as_ref().map(decode_body) {
            Some(value) => quote!(types::#enum_name::#variant { status, body: #value }),
            None => quote!(types::#enum_name::#variant { status }),
        };
        return quote! {
            let status = raw.status;
            Ok(#constructed)
        };
    }
    let fallback = (!has_catch_all).then(|| quote!(_ => Err(raw.into_error()),));
    quote! {
        match raw.status {
            #(#arms)*
            #fallback
        }
    }
}

pub(crate) fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(first) => {
            let low = Literal::u16_unsuffixed(first * 100);
            let high = Literal::u16_unsuffixed(first * 100 + 99);
            quote!(status @ #low..=#high)
        }
        StatusMatch::Default => quote!(status),
    }
}

fn emit_method(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.rust_name);
    let doc = operation_docs(api, endpoint);
    let lifetime = if uses_builder(endpoint) {
        quote!('a)
    } else {
        quote!()
    };
    let args = required_args(api, endpoint, &lifetime);
    let deprecated = endpoint.docs.deprecated.then(|| quote!(#[deprecated]));
    let allow_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    if uses_builder(endpoint) {
        let builder = ident(&endpoint.builder_type);
        let stored = builder_inputs(endpoint).map(|(field, param)| match param {
            Some(param) if param.location == ParamLocation::Query => quote!(),
            Some(param) if !param.required => quote!(#field: None,),
            Some(param) => field_init(api, param, &field),
            None => quote!(#field,),
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
        return quote! {
            #doc
            #deprecated
            #allow_many
            pub fn #name<'a>(&'a self, #(#args),*) -> #builder<'a> {
                #builder { client: self, #query #(#stored)* }
            }
        };
    }
    let ret = return_type(api, endpoint);
    let query = endpoint.query_type.as_ref().map(|query_type| {
        let query_type = ident(query_type);
        let fields = endpoint
            .params_in(ParamLocation::Query)
            .map(|p| field_init(api, p, &ident(&p.rust_name)));
        quote!(let query = types::#query_type { #(#fields)* };)
    });
    let headers: Vec<&Param> = endpoint
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .collect();
    let build = build_request(
        api,
        endpoint,
        &quote!(self.transport),
        endpoint.query_type.is_some(),
        &headers,
    );
    let tail = send_and_decode(endpoint, quote!(request));
    quote! {
        #doc
        #deprecated
        #allow_many
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            #query
            #build
            #tail
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
            let body = endpoint
                .body
                .as_ref()
                .map(|b| body_type(api, &b.primary.ty, true));
            let required = endpoint.body.as_ref().is_some_and(|b| b.required);
            let parts = endpoint.body.as_ref().and_then(crate::body::parts_arg);
            let ty = match endpoint
                .body
                .as_ref()
                .map(|b| (&b.primary.ty, b.primary.encoding))
            {
                _ if parts.is_some() => quote!(#parts),
                Some((_, BodyEncoding::Binary)) => quote!(apigen_runtime::ByteStream),
                Some((TypeRef::Bytes, _)) => quote!(&'a [u8]),
                Some((TypeRef::String, BodyEncoding::Text)) => quote!(&'a str),
                _ => quote!(&'a #body),
            };
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
    let tail = send_and_decode(endpoint, quote!(self.request()?));
    let stream = paginated_item(api, endpoint).map(|item| {
        let item = rust_type(api, item, Position::Value, true);
        let alternatives = crate::security::scheme_alternatives(endpoint);
        let page = return_type(api, endpoint);
        quote! {
            /// Every item of every page, following each page's `next` link.
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
    quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder<'a> {
            client: &'a Client,
            #query_field
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*

            fn request(self) -> Result<reqwest::RequestBuilder, Error> {
                #query_unpack
                #(#unpack)*
                #build
                Ok(request)
            }

            /// Sends the request and decodes the response.
            pub async fn send(self) -> Result<#ret, Error> {
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
