//! Runtime support shared by every crate that apigen generates.
//!
//! Everything here is independent of the spec: error bodies, scopes and their
//! rules, and the pagination contract are always available; the
//! `server` feature adds authentication, request parsing, validation and
//! response helpers for the generated axum router, and the `client` feature
//! adds the reqwest transport used by the generated client.
#![deny(missing_docs)]

pub mod enum_values;
pub mod error_body;
#[cfg(any(feature = "client", feature = "server"))]
pub mod form;
pub mod page;
mod prepared;
pub mod scope;
pub mod sse;
pub mod stream;
pub mod tristate;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

pub use error_body::ErrorBody;
pub use page::Page;
pub use prepared::Prepared;
pub use scope::{Scope, ScopeRules, missing_scope};
pub use stream::{ByteStream, Event, EventStream, FilePart};
pub use tristate::Tristate;
