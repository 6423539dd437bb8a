//! Paginated lists: a struct with `results: [T]` and a `next` link, returned by an operation with
//! `limit`/`offset` query parameters, can be streamed item by item.

use apigen_model::ir::{Api, Endpoint, ParamLocation, TypeDef, TypeKind, TypeRef};

/// The item type of a page type, and whether `next` is optional; `None` for other types.
pub fn page_item(def: &TypeDef) -> Option<(&TypeRef, bool)> {
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let field = |name: &str| {
        s.fields
            .iter()
            .find(|f| f.wire_name == name && f.rust_name.name() == name)
    };
    let results = field("results")?;
    let next = field("next")?;
    let TypeRef::Array(item) = results.ty.non_null() else {
        return None;
    };
    if !results.required
        || results.ty.is_nullable()
        || results.boxed
        || *next.ty.non_null() != TypeRef::String
    {
        return None;
    }
    Some((item, !next.required || next.ty.is_nullable()))
}

/// The page type an operation returns, when it is a paginated list (`limit` and `offset` query
/// parameters, a single success response whose type is a page).
pub fn paginated_item<'a>(api: &'a Api, endpoint: &'a Endpoint) -> Option<&'a TypeRef> {
    let has = |name: &str| {
        endpoint
            .params_in(ParamLocation::Query)
            .any(|p| p.wire_name == name)
    };
    if !(has("limit") && has("offset")) {
        return None;
    }
    let mut successes = endpoint.responses.iter().filter(|r| r.status.is_success());
    let success = successes.next()?;
    if successes.next().is_some() {
        return None;
    }
    let TypeRef::Named(id) = &success.body.as_ref()?.ty else {
        return None;
    };
    page_item(api.type_def(*id)).map(|(item, _)| item)
}
