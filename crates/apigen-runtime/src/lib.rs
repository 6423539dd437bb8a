//! Runtime support shared by every crate that apigen generates.
//!
//! Everything here is independent of the spec: error bodies, scopes and their
//! rules, and the pagination contract are always available; the
//! `server` feature adds authentication, request parsing, validation and
//! response helpers for the generated axum router, and the `client` feature
//! adds the reqwest transport used by the generated client.
#![deny(missing_docs)]

pub mod error_body;
pub mod page;
mod prepared;
pub mod scope;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

pub use error_body::ErrorBody;
pub use page::Page;
pub use prepared::Prepared;
pub use scope::{Scope, ScopeRules, missing_scope};
