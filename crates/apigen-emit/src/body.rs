//! Request and response bodies on the wire, for both sides: the form tables of styled fields,
//! the struct of typed parts of a multipart body, what the client attaches and how the server
//! reads each declared media type, and the streamed responses (bytes and server-sent events).

use apigen_model::ir::{
    Api, BodyEncoding, Content, Endpoint, FieldEncoding, ParamLocation, ParamStyle, PartKind,
    RequestBody, TypeRef,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::docs::{doc_lines, docs};
use crate::rust_types::{Position, ident, rust_type, slot_type};
use crate::types::body_type;

/// The style table of form fields that differ from the default (`form`, exploded, not JSON).
fn style_table<'f>(fields: impl Iterator<Item = (&'f str, ParamStyle, bool, bool)>) -> TokenStream {
    let entries = fields
        .filter(|(_, style, explode, json)| {
            (*style, *explode, *json) != (ParamStyle::Form, true, false)
        })
        .map(|(name, style, explode, json)| {
            let style = match style {
                ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(PipeDelimited),
                ParamStyle::DeepObject => quote!(DeepObject),
                _ => quote!(Form),
            };
            quote! {
                apigen_runtime::form::FieldStyle {
                    name: #name,
                    style: apigen_runtime::form::Style::#style,
                    explode: #explode,
                    json: #json,
                },
            }
        });
    quote!(&[#(#entries)*])
}

/// True for a JSON media type.
fn is_json_media(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
}

/// The style table of a form body.
fn form_table(content: &Content) -> TokenStream {
    style_table(content.fields.iter().map(|field: &FieldEncoding| {
        let json = field.content_type.as_deref().is_some_and(is_json_media);
        (field.wire_name.as_str(), field.style, field.explode, json)
    }))
}

/// The client expression that writes the query struct `query` as a query string.
pub(crate) fn query_encoder(api: &Api, endpoint: &Endpoint) -> TokenStream {
    match query_table(api, endpoint) {
        Some(table) => quote!(apigen_runtime::client::form_string(&query, #table)?),
        None => quote!(apigen_runtime::client::query_string(&query)?),
    }
}

/// The server expression that reads the query string of `parts` into `T`.
pub(crate) fn query_parser(api: &Api, endpoint: &Endpoint, ty: &TokenStream) -> TokenStream {
    match query_table(api, endpoint) {
        Some(table) => {
            quote!(apigen_runtime::server::parse_styled_query::<#ty>(parts.uri.query(), #table)?)
        }
        None => quote!(apigen_runtime::server::parse_query(parts.uri.query())?),
    }
}

/// The style table of an operation's query parameters, when one of them is not written the
/// default way (`form`, exploded, a scalar or an array of scalars); `None` keeps the plain
/// query string.
fn query_table(api: &Api, endpoint: &Endpoint) -> Option<TokenStream> {
    let styled = endpoint.params_in(ParamLocation::Query).any(|param| {
        (param.style, param.explode) != (ParamStyle::Form, true) || nests(api, &param.ty)
    });
    styled.then(|| {
        style_table(
            endpoint
                .params_in(ParamLocation::Query)
                .map(|param| (param.wire_name.as_str(), param.style, param.explode, false)),
        )
    })
}

/// True for a type that is not a scalar nor an array of scalars.
fn nests(api: &Api, ty: &TypeRef) -> bool {
    match ty.non_null() {
        TypeRef::Array(item) => {
            !matches!(item.non_null(), TypeRef::Array(_)) && nests_scalar(api, item)
        }
        other => nests_scalar(api, other),
    }
}

fn nests_scalar(api: &Api, ty: &TypeRef) -> bool {
    use apigen_model::ir::TypeKind;
    match ty.non_null() {
        TypeRef::Json | TypeRef::Map(_) | TypeRef::Array(_) => true,
        TypeRef::Named(id) => !matches!(
            api.type_def(*id).kind,
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)
        ),
        _ => false,
    }
}

/// The struct of typed parts of a multipart body, in the `types` module.
pub(crate) fn parts_struct(api: &Api, endpoint: &Endpoint) -> Option<TokenStream> {
    let body = endpoint.body.as_ref()?;
    let name = ident(body.parts_type.as_ref()?);
    let doc = doc_lines(&format!(
        "The parts of the `multipart/form-data` body of `{}` (`{} {}`); files are streamed by the client and received whole by the server.",
        endpoint.operation_id, endpoint.method, endpoint.path.raw
    ));
    let fields = body.primary.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        let doc = docs(&field.docs);
        let ty = match field.part {
            PartKind::File if field.required => quote!(apigen_runtime::FilePart),
            PartKind::File => quote!(Option<apigen_runtime::FilePart>),
            PartKind::Files => quote!(Vec<apigen_runtime::FilePart>),
            PartKind::Text | PartKind::Json => {
                slot_type(api, &field.ty, field.required, false, false)
            }
        };
        quote!(#doc pub #name: #ty,)
    });
    Some(quote! {
        #doc
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The type the client takes a multipart body of typed parts as (by value: files are streams).
pub(crate) fn parts_arg(body: &RequestBody) -> Option<TokenStream> {
    let name = ident(body.parts_type.as_ref()?);
    Some(quote!(types::#name))
}

/// The client expression that attaches `body` (in scope) to `request` as `content`.
pub(crate) fn attach(body: &RequestBody) -> TokenStream {
    let content = &body.primary;
    let media_type = &content.media_type;
    match content.encoding {
        BodyEncoding::Json | BodyEncoding::EventStream => quote!(request.json(body)),
        BodyEncoding::Form => {
            let table = form_table(content);
            quote!(request
                .header(reqwest::header::CONTENT_TYPE, #media_type)
                .body(apigen_runtime::client::form_string(body, #table)?))
        }
        BodyEncoding::Multipart => {
            let fill = if body.parts_type.is_some() {
                let parts = content.fields.iter().map(attach_part);
                quote!(#(#parts)*)
            } else {
                quote!(form.fields(body)?;)
            };
            quote!({
                let mut form = apigen_runtime::client::MultipartForm::new();
                #fill
                request
                    .header(reqwest::header::CONTENT_TYPE, form.content_type())
                    .body(form.into_body())
            })
        }
        BodyEncoding::Text => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body.to_owned()))
        }
        BodyEncoding::Binary => {
            quote!(request
                .header(reqwest::header::CONTENT_TYPE, #media_type)
                .body(apigen_runtime::client::stream_body(body)))
        }
    }
}

/// The statement adding one property of a parts struct (`body`) to `form`.
fn attach_part(field: &FieldEncoding) -> TokenStream {
    let wire = &field.wire_name;
    let name = ident(&field.rust_name);
    let json_type = field
        .content_type
        .as_deref()
        .filter(|media| is_json_media(media));
    match (field.part, field.required) {
        (PartKind::File, true) => quote!(form.file(#wire, body.#name);),
        (PartKind::File, false) => {
            quote!(if let Some(file) = body.#name { form.file(#wire, file); })
        }
        (PartKind::Files, _) => quote!(for file in body.#name { form.file(#wire, file); }),
        (PartKind::Json, _) if json_type.is_some() => {
            let media = json_type.unwrap_or("application/json");
            if field.required && !field.ty.is_nullable() {
                quote!(form.json(#wire, &body.#name, #media)?;)
            } else {
                quote!(if let Some(value) = &body.#name { form.json(#wire, value, #media)?; })
            }
        }
        _ => quote!(form.field(#wire, &body.#name)?;),
    }
}

/// The server statements that read the request body (`body`, the axum body, with `parts` in
/// scope) into `body`, the typed input.
pub(crate) fn read(api: &Api, body: &RequestBody, shape: Option<&TokenStream>) -> TokenStream {
    if let Some(parts) = &body.parts_type {
        let name = ident(parts);
        let fields = body
            .primary
            .fields
            .iter()
            .map(|field| read_part(api, field));
        let build = quote!({
            let mut form = apigen_runtime::server::read_multipart(&parts.headers, body, MULTIPART_LIMIT).await?;
            types::#name { #(#fields)* }
        });
        return if body.required {
            quote!(let body = #build;)
        } else {
            quote! {
                let body = if parts.headers.contains_key(axum::http::header::CONTENT_TYPE) {
                    Some(#build)
                } else {
                    None
                };
            }
        };
    }
    let ty = body_type(api, &body.primary.ty, true);
    let primary = parse(&body.primary, &ty, body.required, shape);
    let read_alternatives: Vec<&Content> = body
        .alternatives
        .iter()
        .filter(|content| body.reads_alternative(content))
        .collect();
    if read_alternatives.is_empty() {
        return quote! {
            let bytes = read_body(body, &parts.extensions).await?;
            let body = #primary;
        };
    }
    let media_types = read_alternatives
        .iter()
        .map(|content| content.media_type.as_str());
    let arms = read_alternatives
        .iter()
        .enumerate()
        .map(|(index, content)| {
            let index = Literal::usize_unsuffixed(index);
            let parse = parse(content, &ty, body.required, shape);
            quote!(Some(#index) => #parse,)
        });
    quote! {
        let bytes = read_body(body, &parts.extensions).await?;
        let body = match apigen_runtime::server::media_type_index(&parts.headers, &[#(#media_types),*]) {
            #(#arms)*
            _ => #primary,
        };
    }
}

/// The expression reading one multipart property from `form`.
fn read_part(api: &Api, field: &FieldEncoding) -> TokenStream {
    let wire = &field.wire_name;
    let name = ident(&field.rust_name);
    let value = match field.part {
        PartKind::File if field.required => quote!(form.required_file(#wire)?),
        PartKind::File => quote!(form.optional_file(#wire)),
        PartKind::Files => quote!(form.files(#wire)),
        PartKind::Text | PartKind::Json => {
            let ty = rust_type(api, field.ty.non_null(), Position::Value, true);
            if field.required && !field.ty.is_nullable() {
                quote!(form.required::<#ty>(#wire)?)
            } else {
                quote!(form.optional::<#ty>(#wire)?)
            }
        }
    };
    quote!(#name: #value,)
}

/// The expression parsing `bytes` (with `parts` in scope) as `content` into `ty`, an `Option`
/// unless `required`.
fn parse(
    content: &Content,
    ty: &TokenStream,
    required: bool,
    shape: Option<&TokenStream>,
) -> TokenStream {
    let optional = |value: TokenStream| {
        if required {
            value
        } else {
            quote!(if bytes.is_empty() { None } else { Some(#value) })
        }
    };
    match content.encoding {
        BodyEncoding::Json if let Some(shape) = shape => {
            if required {
                quote!(apigen_runtime::server::parse_checked_json_body::<#ty>(&bytes, #shape)?)
            } else {
                quote!(apigen_runtime::server::parse_optional_checked_json_body::<#ty>(&bytes, #shape)?)
            }
        }
        BodyEncoding::Json | BodyEncoding::EventStream if required => {
            quote!(apigen_runtime::server::parse_json_body::<#ty>(&bytes)?)
        }
        BodyEncoding::Json | BodyEncoding::EventStream => {
            quote!(apigen_runtime::server::parse_optional_json_body::<#ty>(&bytes)?)
        }
        BodyEncoding::Form => {
            let table = form_table(content);
            optional(quote!(apigen_runtime::server::parse_form::<#ty>(&bytes, #table)?))
        }
        BodyEncoding::Multipart => optional(quote!(
            apigen_runtime::server::MultipartParts::parse(&parts.headers, bytes.clone())?.into_value::<#ty>()?
        )),
        BodyEncoding::Text => {
            optional(quote!(String::from_utf8(bytes.to_vec()).map_err(|_| {
                ApiError::invalid_request("parse_error", "The request body is not valid UTF-8.")
            })?))
        }
        BodyEncoding::Binary => optional(quote!(bytes.to_vec())),
    }
}

/// True when an operation has a response whose body is streamed.
pub(crate) fn streams(endpoint: &Endpoint) -> bool {
    endpoint
        .responses
        .iter()
        .filter_map(|response| response.body.as_ref())
        .any(|content| content.encoding.streams())
}

/// The Rust type of a response body: a byte stream for raw bytes, a stream of events for
/// `text/event-stream`, else the body type.
pub(crate) fn response_type(api: &Api, content: &Content, qualified: bool) -> TokenStream {
    match content.encoding {
        BodyEncoding::Binary => quote!(apigen_runtime::ByteStream),
        BodyEncoding::EventStream => {
            let data = rust_type(api, &content.ty, Position::Value, qualified);
            quote!(apigen_runtime::EventStream<#data>)
        }
        _ => body_type(api, &content.ty, qualified),
    }
}

/// The codec of the data of server-sent events of `content`: text for strings, else JSON.
fn event_codec(content: &Content, text: TokenStream, json: TokenStream) -> TokenStream {
    if content.ty == TypeRef::String {
        quote!(apigen_runtime::sse::#text)
    } else {
        quote!(apigen_runtime::sse::#json)
    }
}

/// The server expression writing a response body `body` with `status` (a literal or the
/// variable), or `None` when the body is not streamed.
pub(crate) fn write_streamed(content: &Content, status: &TokenStream) -> Option<TokenStream> {
    let media_type = &content.media_type;
    match content.encoding {
        BodyEncoding::Binary => Some(quote!(
            apigen_runtime::server::stream_response(#status, #media_type, body)
        )),
        BodyEncoding::EventStream => {
            let codec = event_codec(content, quote!(text_data), quote!(json_data));
            Some(quote!(apigen_runtime::server::event_stream_response(#status, body, #codec)))
        }
        _ => None,
    }
}

/// The client expression handing over the streamed body of `response` (a
/// `StreamingResponse`): a byte stream, or a stream of typed events; `None` when `content` is
/// read whole.
pub(crate) fn streamed_value(content: &Content) -> Option<TokenStream> {
    match content.encoding {
        BodyEncoding::Binary => Some(quote!(response.byte_stream())),
        BodyEncoding::EventStream => {
            let codec = event_codec(content, quote!(from_text), quote!(from_json));
            Some(quote!(response.event_stream(#codec)))
        }
        _ => None,
    }
}

/// The largest multipart body a handler reads, in bytes (files are held whole by the server).
const MULTIPART_LIMIT: usize = 1024 * 1024 * 1024;

/// The server's `MULTIPART_LIMIT` constant, when an operation reads typed parts.
pub(crate) fn multipart_limit(api: &Api) -> Option<TokenStream> {
    let reads_parts = api.endpoints.iter().any(|e| {
        e.body
            .as_ref()
            .is_some_and(|body| body.parts_type.is_some())
    });
    reads_parts.then(|| {
        quote! {
            /// The largest `multipart/form-data` body a handler reads, in bytes (413 past it).
            pub const MULTIPART_LIMIT: usize = #MULTIPART_LIMIT;
        }
    })
}
