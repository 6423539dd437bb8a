//! The path the generated router is mounted under: that of the first `servers` URL (with its
//! variables already substituted by their defaults), as `BASE_PATH` in the server module.

use apigen_model::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The path of `servers[0]`'s URL without a trailing `/` (`https://host/api/v3/` gives
/// `/api/v3`, a relative `v1` gives `/v1`); empty when there is no server or its path is the
/// root.
pub fn base_path(api: &Api) -> String {
    api.servers
        .first()
        .map_or_else(String::new, |server| url_path(&server.url))
}

/// The path of `url`, absolute or relative, without a trailing `/` (empty for the root).
fn url_path(url: &str) -> String {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or_default();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None if url.starts_with("//") => url[2..].find('/').map_or("", |at| &url[2 + at..]),
        None => url,
    };
    let path = path.trim_matches('/');
    if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    }
}

/// `pub const BASE_PATH`, documented with where it comes from.
pub fn base_path_const(api: &Api) -> TokenStream {
    let path = base_path(api);
    let doc = if path.is_empty() {
        " The path [`router`] serves the API under: the root (the first `servers` URL has no path)."
    } else {
        " The path [`router`] serves the API under: that of the first `servers` URL."
    };
    quote! {
        #[doc = #doc]
        pub const BASE_PATH: &str = #path;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_a_server_url() {
        let cases = [
            ("https://us.posthog.com", ""),
            ("https://example.com/", ""),
            ("https://example.com:8443/api/v3/", "/api/v3"),
            ("/api/v3", "/api/v3"),
            ("v1", "/v1"),
            ("//cdn.example.com/x", "/x"),
            ("https://h/a?q=1#f", "/a"),
            ("/", ""),
            ("", ""),
            ("http://h/{not substituted}\"", "/{not substituted}\""),
        ];
        for (url, path) in cases {
            assert_eq!(url_path(url), path, "{url}");
        }
    }
}
