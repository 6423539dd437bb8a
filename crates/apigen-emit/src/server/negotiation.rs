//! The content negotiation statements of a handler: 415 for a request body in a media type the
//! operation does not read, 406 when `Accept` excludes every media type it answers with.

use apigen_model::ir::Endpoint;
use proc_macro2::TokenStream;
use quote::quote;

/// The media types the handler reads a request body as (the list 415 names).
pub(crate) fn request_media_types(endpoint: &Endpoint) -> Vec<&str> {
    let Some(body) = &endpoint.body else {
        return Vec::new();
    };
    let read = body
        .alternatives
        .iter()
        .filter(|content| body.reads_alternative(content));
    std::iter::once(&body.primary)
        .chain(read)
        .map(|content| content.media_type.as_str())
        .collect()
}

/// The media types the handler answers with, in spec order, each once.
fn response_media_types(endpoint: &Endpoint) -> Vec<&str> {
    let mut media_types: Vec<&str> = Vec::new();
    for content in endpoint.responses.iter().filter_map(|r| r.body.as_ref()) {
        if !media_types.contains(&content.media_type.as_str()) {
            media_types.push(&content.media_type);
        }
    }
    media_types
}

/// `check_content_type` (when the operation has a body) and `check_accept` (when it answers
/// with one) on `parts.headers`.
pub(crate) fn negotiation_checks(endpoint: &Endpoint) -> TokenStream {
    let accepted = request_media_types(endpoint);
    let content_type = (!accepted.is_empty()).then(
        || quote!(apigen_runtime::server::check_content_type(&parts.headers, &[#(#accepted),*])?;),
    );
    let produced = response_media_types(endpoint);
    let accept = (!produced.is_empty())
        .then(|| quote!(apigen_runtime::server::check_accept(&parts.headers, &[#(#produced),*])?;));
    quote!(#content_type #accept)
}
