//! `DenyAll`: the authenticator that accepts nobody.

use super::{Authenticator, Caller, Credential};

/// An [`Authenticator`] that refuses every credential: operations that require one answer 401,
/// public operations still run. With a generated `Unimplemented` API it gives a router that
/// starts for any spec and does nothing, for smoke tests and scaffolding.
#[derive(Debug, Clone, Copy, Default)]
pub struct DenyAll;

impl Authenticator for DenyAll {
    async fn authenticate(&self, _: &Credential) -> Option<Caller> {
        None
    }
}
