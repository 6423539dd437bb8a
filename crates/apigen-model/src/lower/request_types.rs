//! Which types requests carry: those reachable from a parameter or a request body. Their
//! optional nullable properties are tri-state, so a request can say `null` apart from nothing.

use crate::ir::{Endpoint, TypeDef, TypeKind, TypeRef};

/// Sets [`TypeDef::in_request`] on every type a parameter or request body reaches (iteratively:
/// recursive types are fine).
pub(super) fn mark(types: &mut [TypeDef], endpoints: &[Endpoint]) {
    let mut stack: Vec<&TypeRef> = Vec::new();
    let mut reached = vec![false; types.len()];
    for endpoint in endpoints {
        stack.extend(endpoint.params.iter().map(|p| &p.ty));
        if let Some(body) = &endpoint.body {
            stack.push(&body.primary.ty);
            stack.extend(body.alternatives.iter().map(|content| &content.ty));
        }
    }
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                stack.push(inner)
            }
            TypeRef::Named(id) => {
                let Some(def) = types.get(id.0) else { continue };
                if std::mem::replace(&mut reached[id.0], true) {
                    continue;
                }
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) | TypeKind::Newtype { ty: target, .. } => {
                        stack.push(target)
                    }
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    for (def, reached) in types.iter_mut().zip(reached) {
        def.in_request = reached;
    }
}
