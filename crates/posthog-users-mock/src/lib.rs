//! A runnable in-memory mock of the PostHog Users API.
//!
//! The generated [`posthog_users::server::router`] does the HTTP work (authentication, scopes,
//! parsing, validation, status codes); this crate supplies the behaviour behind it:
//!
//! - [`Store`]: the in-memory state, implementing the generated `Api` trait and the
//!   `Authenticator` (personal API keys and `sessionid` sessions kept in the store);
//! - one module per area: [`users`], [`two_factor`], [`email`], [`integrations`],
//!   [`push_tokens`], [`signal_autonomy`], [`onboarding`];
//! - [`demo`]: the demo data set and its fixed credentials;
//! - [`app`] / [`serve`]: the router with request logging, served until a shutdown signal.
//!
//! Where PostHog would send an email or call GitHub, the mock records the effect in the
//! store ([`store::StoreState::outbox`], [`store::StoreState::github_calls`]).

#![deny(missing_docs)]

mod api;
pub mod auth;
pub mod demo;
pub mod email;
pub mod integrations;
pub mod logging;
pub mod onboarding;
pub mod pagination;
pub mod push_tokens;
mod random;
mod render;
pub mod rendered;
pub mod signal_autonomy;
pub mod store;
pub mod two_factor;
pub mod users;

use std::future::Future;

pub use store::{Store, StoreState};

/// The mock's HTTP application: the generated router over `store`, with request logging when
/// `info` events are enabled as the application is built (otherwise no logging layer at all,
/// so quiet logging costs nothing per request).
pub fn app(store: Store) -> axum::Router {
    let router = posthog_users::server::router(store.clone(), store);
    if tracing::enabled!(tracing::Level::INFO) {
        router.layer(axum::middleware::from_fn(logging::log_request))
    } else {
        router
    }
}

/// Serves [`app`] on `listener` until `shutdown` completes, then finishes the requests in
/// flight; slow clients are cut off by the default read timeouts
/// ([`posthog_users::server::ServeOptions`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    posthog_users::server::serve(listener, app(store), Default::default(), shutdown).await
}
