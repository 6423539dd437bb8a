//! Which types requests carry: those reachable from a parameter or a request body. Their
//! optional nullable properties are tri-state, so a request can say `null` apart from nothing.

use crate::ir::{Endpoint, TypeDef, TypeRef, reachable_types};

/// Sets [`TypeDef::in_request`] on every type a parameter or request body reaches (iteratively:
/// recursive types are fine).
pub(super) fn mark(types: &mut [TypeDef], endpoints: &[Endpoint]) {
    let mut stack: Vec<&TypeRef> = Vec::new();
    for endpoint in endpoints {
        stack.extend(endpoint.params.iter().map(|p| &p.ty));
        if let Some(body) = &endpoint.body {
            stack.push(&body.primary.ty);
            stack.extend(body.alternatives.iter().map(|content| &content.ty));
        }
    }
    let reached = reachable_types(types, stack);
    for (def, reached) in types.iter_mut().zip(reached) {
        def.in_request = reached;
    }
}
