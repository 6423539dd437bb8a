//! One type for both directions: a property that is `required` but `readOnly` (sent by the
//! server only) cannot be required of a request, and a `required` `writeOnly` one (sent by the
//! client only) cannot be required of a response. Where such a type travels in that direction,
//! the property is made optional, so the generated struct reads a correct request (or response)
//! that leaves it out; the server still refuses a read-only property sent in a request.

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Makes optional every required `readOnly` field of a type a request body reaches and every
/// required `writeOnly` field of a type a response body reaches.
pub(crate) fn relax_directional_fields(api: &mut Api) {
    let requests = reachable(
        api,
        api.endpoints
            .iter()
            .filter_map(|endpoint| endpoint.body.as_ref())
            .chain(
                api.webhooks
                    .iter()
                    .filter_map(|webhook| webhook.body.as_ref()),
            )
            .flat_map(|body| std::iter::once(&body.primary).chain(&body.alternatives))
            .map(|content| &content.ty),
    );
    let responses = reachable(
        api,
        api.endpoints
            .iter()
            .flat_map(|endpoint| &endpoint.responses)
            .flat_map(|response| response.body.iter().chain(&response.alternatives))
            .map(|content| &content.ty),
    );
    for (index, def) in api.types.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if (field.read_only && requests[index]) || (field.write_only && responses[index]) {
                    field.required = false;
                }
            }
        }
    }
}

/// Which types (by index) the uses in `roots` reach, through fields, items, unions and aliases.
fn reachable<'a>(api: &'a Api, roots: impl Iterator<Item = &'a TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; api.types.len()];
    let mut stack: Vec<&TypeRef> = roots.collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                stack.push(inner)
            }
            TypeRef::Named(TypeId(index)) => {
                if *index >= seen.len() || seen[*index] {
                    continue;
                }
                seen[*index] = true;
                match &api.types[*index].kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|field| &field.ty));
                        stack.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                        stack.push(inner)
                    }
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}
