//! What a client call gives back: the success in an `apigen_runtime::client::ResponseValue`, the
//! documented error responses in a per-operation enum carried by `Error::Api`, and the `Accept`
//! header naming what the client can decode.

use apigen_model::ir::{Api, BodyEncoding, Content, Endpoint, Response, StatusMatch, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::client::decode_body;
use crate::docs::doc_lines;
use crate::rust_types::ident;
use crate::types::{body_type, carries_status, status_doc};

/// The error type of the operation's `send`: `Error<{Op}Error>`.
pub fn error_type(endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.error_type);
    quote!(Error<#name>)
}

/// The enum of the operation's documented error responses, one variant per response. Every
/// operation has one (empty when it documents no error) and it is `#[non_exhaustive]`, so a
/// newly documented error response adds a variant without breaking callers.
pub fn error_enum(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.error_type);
    let doc = doc_lines(&format!(
        "The documented error responses of `{}` (`{} {}`): the `body` of [`Error::Api`], whose \
         `status` tells which status of a range or `default` came.{}",
        endpoint.operation_id,
        endpoint.method,
        endpoint.path.raw,
        if endpoint.error_responses().next().is_none() {
            " None is documented yet: every error status is [`Error::Status`]."
        } else {
            ""
        }
    ));
    let variants = endpoint.error_responses().map(|response| {
        let variant = ident(&response.variant_name);
        let doc = doc_lines(&status_doc(response));
        match &response.body {
            Some(content) if boxed(content) => {
                let body = body_type(api, &content.ty, true);
                quote!(#doc #variant(Box<#body>),)
            }
            Some(content) => {
                let body = body_type(api, &content.ty, true);
                quote!(#doc #variant(#body),)
            }
            None => quote!(#doc #variant,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The `Accept` header: the media types of the documented response bodies the client decodes,
/// in spec order; `None` when no response has a body.
pub fn accept_header(endpoint: &Endpoint) -> Option<String> {
    let mut types: Vec<&str> = Vec::new();
    for content in endpoint.responses.iter().filter_map(|r| r.body.as_ref()) {
        if !types.contains(&content.media_type.as_str()) {
            types.push(&content.media_type);
        }
    }
    (!types.is_empty()).then(|| types.join(", "))
}

/// The pattern of a status in a `match raw.status`; `bind` names the status of ranges and
/// `default` (`status @ 400..=499`) for the arm's body.
/// Whether an error body is boxed in its variant: a named type read from JSON, which may be
/// large, so that `Error<E>` stays small (`Box<T>` decodes from JSON like `T`).
fn boxed(content: &Content) -> bool {
    matches!(content.ty, TypeRef::Named(_))
        && !matches!(
            content.encoding,
            BodyEncoding::Text | BodyEncoding::Binary | BodyEncoding::EventStream
        )
}

fn status_pattern(status: StatusMatch, bind: bool) -> TokenStream {
    let binding = bind.then(|| quote!(status @));
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(first) => {
            let low = Literal::u16_unsuffixed(first * 100);
            let high = Literal::u16_unsuffixed(first * 100 + 99);
            if bind {
                quote!(#binding #low..=#high)
            } else {
                // A guard rather than a range pattern: the codes listed before it overlap it.
                quote!(status if (#low..=#high).contains(&status))
            }
        }
        StatusMatch::Default if bind => quote!(status),
        StatusMatch::Default => quote!(_),
    }
}

/// Codes first, then ranges, then `default`: the order a `match` needs.
fn match_order<'a>(responses: impl Iterator<Item = &'a Response>) -> Vec<&'a Response> {
    let mut ordered: Vec<&Response> = responses.collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    ordered
}

/// The expression of a success arm: the body decoded (read whole, or handed over as a stream
/// for a streamed body), building the response enum's variant when `enum_name` is given.
fn success(
    response: &Response,
    enum_name: Option<&proc_macro2::Ident>,
    streams: bool,
) -> TokenStream {
    if let Some(stream) = response.body.as_ref().and_then(crate::body::streamed_value) {
        let value = match enum_name {
            None => stream,
            Some(enum_name) => {
                let variant = ident(&response.variant_name);
                if carries_status(response) {
                    quote!(types::#enum_name::#variant { status, body: #stream })
                } else {
                    quote!(types::#enum_name::#variant(#stream))
                }
            }
        };
        return quote!(Ok(response.value(|response| #value)));
    }
    let decode = decoder(response, enum_name);
    whole(streams, quote!(raw.value(#decode)))
}

/// `expression` over `raw`, the whole response; with a streamed operation, whose answer is
/// `response`, the body is read first.
fn whole(streams: bool, expression: TokenStream) -> TokenStream {
    if streams {
        quote!({
            let raw = response.into_raw().await?;
            #expression
        })
    } else {
        expression
    }
}

/// The closure decoding the body of `response` from `raw` (`|raw| raw.json()`, `|_| Ok(())`),
/// building the response enum's variant when `enum_name` is given.
fn decoder(response: &Response, enum_name: Option<&proc_macro2::Ident>) -> TokenStream {
    let Some(enum_name) = enum_name else {
        return match &response.body {
            Some(content) => {
                let decode = decode_body(content);
                quote!(|raw| #decode)
            }
            None => quote!(|_| Ok(())),
        };
    };
    let variant = ident(&response.variant_name);
    match (carries_status(response), &response.body) {
        (false, Some(content)) => {
            let decode = decode_body(content);
            quote!(|raw| #decode.map(types::#enum_name::#variant))
        }
        (false, None) => quote!(|_| Ok(types::#enum_name::#variant)),
        (true, Some(content)) => {
            let decode = decode_body(content);
            quote!(|raw| #decode.map(|body| types::#enum_name::#variant { status, body }))
        }
        (true, None) => quote!(|_| Ok(types::#enum_name::#variant { status })),
    }
}

/// The statements of `send` after the request is built (`request`, a `Result`): sent with the
/// client's policy, then turned into the result by a `match` on the status whose arms give
/// `Ok(ResponseValue)` for successes, `Err(Error::Api)` for documented errors and
/// `Err(Error::Status)` for anything else. An operation with a streamed response body reads the
/// status and headers first and the body only where it is not streamed.
pub fn send_and_decode(endpoint: &Endpoint, request: TokenStream) -> TokenStream {
    let streams = crate::body::streams(endpoint);
    let (answer, execute) = if streams {
        (quote!(response), quote!(execute_streaming))
    } else {
        (quote!(raw), quote!(execute))
    };
    let send = quote! {
        let #answer = client.transport.#execute(#request).await.map_err(Error::retype)?;
    };
    let enum_name = ident(&endpoint.response_type);
    if let [only] = endpoint.responses.as_slice()
        && only.status == StatusMatch::Default
    {
        let value = success(only, Some(&enum_name), streams);
        return quote! {
            #send
            let status = #answer.status;
            #value
        };
    }
    let successes: Vec<&Response> = endpoint
        .responses
        .iter()
        .filter(|r| !endpoint.has_success() || r.status.is_success())
        .collect();
    let mut arms: Vec<TokenStream> = Vec::new();
    let mut catch_all = false;
    match successes.as_slice() {
        [only] if endpoint.has_success() => {
            let pattern = status_pattern(only.status, false);
            let value = success(only, None, streams);
            arms.push(quote!(#pattern => #value,));
        }
        _ => {
            for response in match_order(successes.iter().copied()) {
                let pattern = status_pattern(response.status, carries_status(response));
                let value = success(response, Some(&enum_name), streams);
                arms.push(quote!(#pattern => #value,));
                catch_all |= response.status == StatusMatch::Default;
            }
        }
    }
    let error_name = ident(&endpoint.error_type);
    for response in match_order(endpoint.error_responses()) {
        let variant = ident(&response.variant_name);
        let pattern = status_pattern(response.status, false);
        let decode = match &response.body {
            Some(content) => {
                let decode = decode_body(content);
                quote!(|raw| #decode.map(#error_name::#variant))
            }
            None => quote!(|_| Ok(#error_name::#variant)),
        };
        let error = whole(streams, quote!(Err(raw.api_error(#decode))));
        arms.push(quote!(#pattern => #error,));
        catch_all |= response.status == StatusMatch::Default;
    }
    let fallback = (!catch_all).then(|| {
        let error = whole(streams, quote!(Err(raw.into_error())));
        quote!(_ => #error,)
    });
    quote! {
        #send
        match #answer.status {
            #(#arms)*
            #fallback
        }
    }
}
