//! The `Prepared` variant of every response enum and its `prepare` method: a response the
//! server serialised ahead of time ([`apigen_runtime::Prepared`]), so that an `Api`
//! implementation can answer stored or shared data without building and serialising it on
//! every request, with the status still taken from a typed variant.

use apigen_model::ir::{BodyEncoding, Endpoint, StatusMatch, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::rust_types::ident;
use crate::types::carries_status;

/// Whether the operation's response enum has the `Prepared` variant (every enum with a
/// response: an enum without variants stays uninhabited).
pub fn has_prepared(endpoint: &Endpoint) -> bool {
    !endpoint.responses.is_empty()
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
pub fn prepare_method(endpoint: &Endpoint) -> Option<TokenStream> {
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
    Some(quote! {
        /// This response serialised once, as the server writes it: answer
        /// `Self::Prepared(prepared.clone())` as often as needed (the bytes are shared).
        pub fn prepare(&self) -> apigen_runtime::Prepared<Self> {
            match self {
                #(#arms)*
                Self::Prepared(prepared) => prepared.clone(),
            }
        }
    })
}
