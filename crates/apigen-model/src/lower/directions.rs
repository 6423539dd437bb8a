//! One type for both directions: a property that is `required` but `readOnly` (sent by the
//! server only) cannot be required of a request, and a `required` `writeOnly` one (sent by the
//! client only) cannot be required of a response. Where such a type travels in that direction,
//! the property is made optional, so the generated struct reads a correct request (or response)
//! that leaves it out; the server still refuses a read-only property sent in a request.

use crate::ir::{Api, TypeKind, reachable_types};

/// Makes optional every required `readOnly` field of a type a request body reaches and every
/// required `writeOnly` field of a type a response body reaches.
pub(crate) fn relax_directional_fields(api: &mut Api) {
    let requests = reachable_types(
        &api.types,
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
    let responses = reachable_types(
        &api.types,
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
