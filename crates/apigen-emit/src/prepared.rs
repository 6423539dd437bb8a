//! The `Prepared` variant of every response enum and its `prepare` method: a response the
//! server serialised ahead of time ([`apigen_runtime::Prepared`]), so that an `Api`
//! implementation can answer stored or shared data without building and serialising it on
//! every request, with the status still taken from a typed variant.

use apigen_model::ir::{Api, BodyEncoding, Endpoint, Response, StatusMatch, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::rust_types::{Position, ident, rust_type};
use crate::types::{body_type, carries_status};

/// Whether the operation's response enum has the `Prepared` variant: every enum with a
/// response (an enum without variants stays uninhabited), except one with a streamed body
/// (bytes or server-sent events), which cannot be serialised ahead of time.
pub fn has_prepared(endpoint: &Endpoint) -> bool {
    !endpoint.responses.is_empty() && !crate::body::streams(endpoint)
}

/// The `Prepared` variant, for the enum's variant list.
pub fn prepared_variant(endpoint: &Endpoint) -> Option<TokenStream> {
    has_prepared(endpoint).then(|| {
        quote! {
            /// A response the server serialised ahead of time with [`Self::prepare`], answered
            /// with the status and body it was prepared from (never returned by the client).
            Prepared(apigen_runtime::Prepared<Self>),
        }
    })
}

/// The `Prepared` arm of the enum's `status` method.
pub fn prepared_status_arm(endpoint: &Endpoint) -> Option<TokenStream> {
    has_prepared(endpoint).then(|| quote!(Self::Prepared(prepared) => prepared.status(),))
}

/// The `Prepared` arm of the server handler's match, which writes the prepared bytes.
pub fn prepared_handler_arm(endpoint: &Endpoint) -> Option<TokenStream> {
    let name = ident(&endpoint.response_type);
    has_prepared(endpoint).then(|| {
        quote! {
            types::#name::Prepared(prepared) => axum::response::IntoResponse::into_response(prepared),
        }
    })
}

/// `prepare`: the response serialised as the server writes it (JSON, text or bytes with the
/// declared content type, or no body), with the variant's status.
pub fn prepare_method(api: &Api, endpoint: &Endpoint) -> Option<TokenStream> {
    if !has_prepared(endpoint) {
        return None;
    }
    let arms = endpoint.responses.iter().map(|response| {
        let variant = ident(&response.variant_name);
        let status = match response.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            _ => quote!(*status),
        };
        let write = response.body.as_ref().map(|content| {
            let media_type = &content.media_type;
            match (content.encoding, &content.ty) {
                (BodyEncoding::Binary, _) | (_, TypeRef::Bytes) => {
                    quote!(apigen_runtime::Prepared::bytes(#status, #media_type, body))
                }
                (BodyEncoding::Text, _) => {
                    quote!(apigen_runtime::Prepared::bytes(#status, #media_type, body.as_bytes()))
                }
                _ => quote!(apigen_runtime::Prepared::json(#status, body)),
            }
        });
        let empty = quote!(apigen_runtime::Prepared::empty(#status));
        match (carries_status(response), write) {
            (false, Some(write)) => quote!(Self::#variant(body) => #write,),
            (false, None) => quote!(Self::#variant => #empty,),
            (true, Some(write)) => quote!(Self::#variant { status, body } => #write,),
            (true, None) => quote!(Self::#variant { status } => #empty,),
        }
    });
    let borrowed = endpoint
        .responses
        .iter()
        .filter_map(|response| prepare_borrowed(api, response));
    Some(quote! {
        /// This response serialised once, as the server writes it: answer
        /// `Self::Prepared(prepared.clone())` as often as needed (the bytes are shared).
        pub fn prepare(&self) -> apigen_runtime::Prepared<Self> {
            match self {
                #(#arms)*
                Self::Prepared(prepared) => prepared.clone(),
            }
        }

        #(#borrowed)*
    })
}

/// `prepare_not_found(body: &T)`: the variant with a body, serialised from a borrowed body
/// (stored data is answered without being copied into the enum first).
fn prepare_borrowed(api: &Api, response: &Response) -> Option<TokenStream> {
    let content = response.body.as_ref()?;
    let name = format_ident!("prepare_{}", snake_case(response.variant_name.name()));
    let media_type = &content.media_type;
    let (status_param, status) = match response.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            (None, quote!(#code))
        }
        _ => (Some(quote!(status: u16,)), quote!(status)),
    };
    let (body_ty, write) = match (content.encoding, &content.ty) {
        (BodyEncoding::Binary, _) | (_, TypeRef::Bytes) => (
            quote!([u8]),
            quote!(apigen_runtime::Prepared::bytes(#status, #media_type, body)),
        ),
        (BodyEncoding::Text, _) => (
            quote!(str),
            quote!(apigen_runtime::Prepared::bytes(#status, #media_type, body.as_bytes())),
        ),
        _ => (
            borrowed_type(api, &content.ty),
            quote!(apigen_runtime::Prepared::json(#status, body)),
        ),
    };
    let doc = format!(
        " [`Self::{}`] with this body, serialised from the borrowed value (see [`Self::prepare`]).",
        response.variant_name.name()
    );
    Some(quote! {
        #[doc = #doc]
        pub fn #name(#status_param body: &#body_ty) -> apigen_runtime::Prepared<Self> {
            #write
        }
    })
}

/// The type a body of `ty` is borrowed as: a slice for an array and `str` for a string (what
/// idiomatic signatures take), otherwise the body type itself.
fn borrowed_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Array(inner) => {
            let inner = rust_type(api, inner, Position::Value, false);
            quote!([#inner])
        }
        _ => {
            let owned = body_type(api, ty, false);
            if owned.to_string() == "String" {
                quote!(str)
            } else {
                owned
            }
        }
    }
}

/// `NotFound` → `not_found`, `Status2xx` → `status2xx` (variant names are ASCII PascalCase).
fn snake_case(pascal: &str) -> String {
    let mut snake = String::with_capacity(pascal.len() + 4);
    for (index, c) in pascal.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn variant_names_in_snake_case() {
        assert_eq!(snake_case("Ok"), "ok");
        assert_eq!(snake_case("NotFound"), "not_found");
        assert_eq!(
            snake_case("NonAuthoritativeInformation"),
            "non_authoritative_information"
        );
        assert_eq!(snake_case("Status2xx"), "status2xx");
    }
}
