//! The server's `router` function, built from a table of routes (one statement per operation,
//! split over helper functions for large APIs so that no size overflows a stack), and
//! `Unimplemented`, the `Api` that answers 501 to everything.

use apigen_model::ir::{Api, Endpoint, Method};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::plan::ModulePlan;
use crate::rust_types::ident;
use crate::server::{handler_name, inputs};

/// Routes added by one function: above this, `router` delegates to `add_routes_N` helpers.
const ROUTES_PER_FN: usize = 256;

/// Appends the `router` function, its helpers and `Unimplemented` to `plan`.
pub fn push_router_items<'a>(plan: &mut ModulePlan<'a>, api: &'a Api) {
    let chunks: Vec<&[Endpoint]> = api.endpoints.chunks(ROUTES_PER_FN).collect();
    let chunk_count = chunks.len();
    plan.push(move || emit_router(api, chunk_count));
    if chunk_count > 1 {
        for (index, chunk) in chunks.into_iter().enumerate() {
            plan.push(move || emit_route_chunk(index, chunk));
        }
    }
    plan.push(move || emit_unimplemented(api));
}

/// `router`: the route statements themselves, or calls to the helpers that hold them.
fn emit_router(api: &Api, chunk_count: usize) -> TokenStream {
    let body = if chunk_count > 1 {
        let calls = (0..chunk_count).map(|index| {
            let helper = chunk_fn_name(index);
            quote!(#helper(&mut table);)
        });
        quote!(#(#calls)*)
    } else {
        route_statements(&api.endpoints)
    };
    let mutable = (chunk_count > 0).then(|| quote!(mut));
    let error_body_layer = crate::security::error_body_layer(api);
    let base_path = crate::base_path::base_path_const(api);
    let router_fn = quote! {
        /// A router serving `api` under [`BASE_PATH`], with `authenticator` deciding who
        /// presents which credential (see [`router_at`] for another base path).
        pub fn router<A: Api, Au: Authenticator>(api: A, authenticator: Au) -> axum::Router {
            router_at(BASE_PATH, api, authenticator)
        }
    };
    if api.endpoints.is_empty() {
        return quote! {
            #base_path
            #router_fn

            /// A router for an API without operations: every request gets the JSON `404` (the
            /// base path, `Api` and `Authenticator` are taken for symmetry with APIs that have
            /// operations).
            pub fn router_at<A: Api, Au: Authenticator>(
                _base_path: &str,
                _api: A,
                _authenticator: Au,
            ) -> axum::Router {
                apigen_runtime::server::RouteTable::new(()).into_router()#error_body_layer
            }
        };
    }
    quote! {
        #base_path
        #router_fn

        /// A router serving `api` under `base_path` (`/v2`; empty or `/` for the root), with
        /// `authenticator` deciding who presents which credential.
        ///
        /// Unknown paths get a JSON `404`, known paths with another method a JSON `405`. A
        /// literal path segment wins over a templated one; segments such as `{name}.json` are
        /// matched as documented in [`apigen_runtime::server::RouteTable`].
        pub fn router_at<A: Api, Au: Authenticator>(
            base_path: &str,
            api: A,
            authenticator: Au,
        ) -> axum::Router {
            let #mutable table = apigen_runtime::server::RouteTable::with_base_path(
                Arc::new(Shared { api, authenticator }),
                base_path,
            );
            #body
            table.into_router()#error_body_layer
        }
    }
}

fn chunk_fn_name(index: usize) -> proc_macro2::Ident {
    format_ident!("add_routes_{}", index + 1)
}

/// One helper of a large `router`: the routes of `endpoints`, the `index`th chunk.
fn emit_route_chunk(index: usize, endpoints: &[Endpoint]) -> TokenStream {
    let name = chunk_fn_name(index);
    let doc = format!(
        " Adds operations {} to {} of [`OPERATIONS`] to the route table of [`router`].",
        index * ROUTES_PER_FN + 1,
        index * ROUTES_PER_FN + endpoints.len()
    );
    let statements = route_statements(endpoints);
    quote! {
        #[doc = #doc]
        fn #name<A: Api, Au: Authenticator>(
            table: &mut apigen_runtime::server::RouteTable<Arc<Shared<A, Au>>>,
        ) {
            #statements
        }
    }
}

/// `table.get("/files/{}.json", handle_x::<A, Au>);` (or its method) for each endpoint.
fn route_statements(endpoints: &[Endpoint]) -> TokenStream {
    endpoints
        .iter()
        .map(|endpoint| {
            let method = method_shorthand(endpoint.method);
            let pattern = endpoint.path.route_key();
            let handler = handler_name(endpoint);
            quote!(table.#method(#pattern, #handler::<A, Au>);)
        })
        .collect()
}

fn method_shorthand(method: Method) -> proc_macro2::Ident {
    format_ident!("{}", method.as_str().to_ascii_lowercase())
}

/// `Unimplemented`: every operation answers 501 `not_implemented`.
fn emit_unimplemented(api: &Api) -> TokenStream {
    let methods = api.endpoints.iter().map(|endpoint| {
        let name = ident(&endpoint.rust_name);
        let response = ident(&endpoint.response_type);
        let types = inputs(api, endpoint).into_iter().map(|(_, ty)| ty);
        let id = &endpoint.operation_id;
        quote! {
            fn #name(
                &self,
                _: &Caller,
                #(_: #types),*
            ) -> impl std::future::Future<Output = Result<types::#response, ApiError>> + Send {
                std::future::ready(Err(ApiError::not_implemented(#id)))
            }
        }
    });
    quote! {
        /// An [`Api`] that implements nothing: every operation answers `501` with a JSON error.
        ///
        /// With [`DenyAll`], `router(Unimplemented, DenyAll)` serves every route of the API
        /// without doing anything, for smoke tests and as a starting point.
        #[derive(Debug, Clone, Copy, Default)]
        pub struct Unimplemented;

        impl Api for Unimplemented {
            #(#methods)*
        }
    }
}
