//! The client's configuration surface: its default server (`servers[0]`), hooks, default
//! headers, timeout and retries on `Client`, and the per-request header and timeout setters of
//! every builder.

use apigen_model::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_lines;

/// The first server's URL split into the absolute base (when it has a scheme) and its path.
fn first_server(api: &Api) -> Option<(Option<&str>, &str)> {
    let url = api.servers.first()?.url.trim();
    match url.split_once("://") {
        Some((_, rest)) => {
            let path = rest.find('/').map_or("", |slash| &rest[slash..]);
            Some((Some(url), path.trim_end_matches('/')))
        }
        None => Some((None, url.trim_end_matches('/'))),
    }
}

/// `DEFAULT_BASE_URL` (an absolute first server) and `BASE_PATH` (a first server with a path).
pub fn server_items(api: &Api) -> TokenStream {
    let Some((absolute, path)) = first_server(api) else {
        return TokenStream::new();
    };
    let base = absolute.map(|url| {
        quote! {
            /// The first server the spec lists (`servers[0]`, variables at their defaults): where
            /// [`Client::default_server`] sends requests.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let path = (!path.is_empty()).then(|| {
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        quote! {
            /// The path of the spec's first server, which [`Client::on_origin`] puts after the
            /// origin it is given.
            pub const BASE_PATH: &str = #path;
        }
    });
    quote!(#base #path)
}

/// The methods of `Client` that configure it.
pub fn config_methods(api: &Api) -> TokenStream {
    let servers = first_server(api).map(|(absolute, path)| {
        let default = absolute.map(|url| {
            let doc = doc_lines(&format!(
                "A client for the spec's first server, `{}`, authenticating with `auth`.",
                crate::templates::one_line(url).replace('`', "'")
            ));
            quote! {
                #doc
                pub fn default_server(auth: Auth) -> Self {
                    Self::new(DEFAULT_BASE_URL, auth)
                }
            }
        });
        let on_origin = (!path.is_empty()).then(|| {
            quote! {
                /// A client for the API served at `origin` (scheme, host and port, such as
                /// `http://127.0.0.1:8080`) under the spec's server path [`BASE_PATH`].
                pub fn on_origin(origin: &str, auth: Auth) -> Self {
                    Self::new(format!("{}{BASE_PATH}", origin.trim_end_matches('/')), auth)
                }
            }
        });
        quote!(#default #on_origin)
    });
    quote! {
        #servers

        /// The same client running `hook` before each request and after each response (every
        /// attempt, retries included), after the hooks added before.
        pub fn with_hook(self, hook: impl Hook) -> Self {
            Self { transport: self.transport.with_hook(hook) }
        }

        /// The same client sending `name: value` with every request that does not set `name`
        /// itself; [`Error::Encode`] when the name or value is not valid in a header.
        pub fn with_header(self, name: &str, value: &str) -> Result<Self, Error> {
            Ok(Self { transport: self.transport.with_header(name, value)? })
        }

        /// The same client giving up on a request after `timeout` (connecting, sending and
        /// reading the whole response), unless the request sets its own.
        pub fn with_timeout(self, timeout: std::time::Duration) -> Self {
            Self { transport: self.transport.with_timeout(timeout) }
        }

        /// The same client retrying idempotent requests (`GET`, `HEAD`, `OPTIONS`, `PUT`,
        /// `DELETE`, never `POST` or `PATCH`) as `retry` says, honouring `Retry-After`.
        pub fn with_retry(self, retry: RetryPolicy) -> Self {
            Self { transport: self.transport.with_retry(retry) }
        }
    }
}

/// The `header` and `timeout` setters of a request builder (parameters cannot take these names).
pub fn request_option_setters() -> TokenStream {
    quote! {
        /// Sends `name: value` with this request (besides the client's headers, replacing one
        /// of the same name); an invalid name or value fails `send` with [`Error::Encode`].
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.options.header(name, value);
            self
        }

        /// Gives up on this request after `timeout`, instead of the client's timeout.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.timeout(timeout);
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(url: &str) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: '{url}'}}]\npaths: {{}}\n"
        );
        apigen_model::load_str(std::path::Path::new("t.yaml"), &text)
            .expect("loads")
            .api
    }

    #[test]
    fn first_servers() {
        assert_eq!(
            first_server(&api("https://h.example/api/v3/")),
            Some((Some("https://h.example/api/v3/"), "/api/v3"))
        );
        assert_eq!(
            first_server(&api("https://h.example")),
            Some((Some("https://h.example"), ""))
        );
        assert_eq!(first_server(&api("/api/v3")), Some((None, "/api/v3")));
        let relative = server_items(&api("v2")).to_string();
        assert!(relative.contains("\"/v2\""), "{relative}");
        assert!(!relative.contains("DEFAULT_BASE_URL"), "{relative}");
    }
}
