//! Which operations page, stated in the model: declared by the operation's
//! `x-apigen-pagination` extension, or inferred from a common shape with the reason recorded.
//!
//! ```yaml
//! x-apigen-pagination:        # on an operation; `false` turns inference off
//!   items: results            # the page's array of items (default `results`)
//!   next: next                # the page's link to the next page (default `next`)
//!   params: [limit, offset]   # the query parameters that select a page (default: none)
//! ```

use openapiv3::Operation;
use serde_json::Value;

use super::Lowering;
use crate::ir::{
    Endpoint, Pagination, PaginationOrigin, Param, ParamLocation, Response, TypeId, TypeKind,
    TypeRef,
};
use crate::pointer::Pointer;

/// The operation extension that declares pagination.
pub(super) const PAGINATION_EXTENSION: &str = "x-apigen-pagination";

/// What a declaration or the inference asks for.
struct Wanted {
    items: String,
    next: String,
    params: Vec<String>,
    origin: PaginationOrigin,
}

impl Lowering<'_> {
    /// The pagination of an operation: declared, inferred, or none.
    pub(super) fn lower_pagination(
        &mut self,
        operation: &Operation,
        params: &[Param],
        responses: &[Response],
        pointer: &Pointer,
    ) -> Option<Pagination> {
        let pointer = pointer.join(PAGINATION_EXTENSION);
        let wanted = match operation.extensions.get(PAGINATION_EXTENSION) {
            None => return self.infer_pagination(params, responses),
            Some(Value::Bool(false)) => return None,
            Some(declared) => self.declared(declared, &pointer)?,
        };
        for name in &wanted.params {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Query && p.wire_name == *name);
            if !declared {
                self.problem(
                    &pointer,
                    format!("`{name}` is not a query parameter of the operation"),
                );
                return None;
            }
        }
        match self.page_of(responses, &wanted) {
            Ok(pagination) => Some(pagination),
            Err(message) => {
                self.problem(&pointer, message);
                None
            }
        }
    }

    /// The extension's value read, or a problem naming what is wrong with it.
    fn declared(&mut self, value: &Value, pointer: &Pointer) -> Option<Wanted> {
        let text = |key: &str, default: &str| match value.get(key) {
            None => Ok(default.to_owned()),
            Some(Value::String(text)) => Ok(text.clone()),
            Some(_) => Err(format!("`{key}` must be a property name")),
        };
        let read = || -> Result<Wanted, String> {
            if !value.is_object() && value != &Value::Bool(true) {
                return Err(
                    "expected `false` or an object with `items`, `next` and `params`".into(),
                );
            }
            if let Some(object) = value.as_object()
                && let Some(key) = object
                    .keys()
                    .find(|key| !["items", "next", "params"].contains(&key.as_str()))
            {
                return Err(format!(
                    "unknown key `{key}` (expected `items`, `next` or `params`)"
                ));
            }
            let params = match value.get("params") {
                None => Vec::new(),
                Some(Value::Array(names)) => names
                    .iter()
                    .map(|name| name.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or("`params` must list query parameter names")?,
                Some(_) => return Err("`params` must list query parameter names".into()),
            };
            Ok(Wanted {
                items: text("items", "results")?,
                next: text("next", "next")?,
                params,
                origin: PaginationOrigin::Declared,
            })
        };
        read()
            .map_err(|message| self.problem(pointer, message))
            .ok()
    }

    /// The common shape (`limit` and `offset` query parameters, one success body with an array
    /// `results` and a string `next`), with the reason; `None` when the operation does not have it.
    fn infer_pagination(&self, params: &[Param], responses: &[Response]) -> Option<Pagination> {
        let names = ["limit", "offset"];
        let has = |name: &str| {
            params
                .iter()
                .any(|p| p.location == ParamLocation::Query && p.wire_name == name)
        };
        if !names.iter().all(|name| has(name)) {
            return None;
        }
        let wanted = Wanted {
            items: "results".into(),
            next: "next".into(),
            params: names.map(str::to_owned).to_vec(),
            origin: PaginationOrigin::Inferred(String::new()),
        };
        let mut pagination = self.page_of(responses, &wanted).ok()?;
        let page = self.types.get(pagination.page.0)?.as_ref()?.name.clone();
        pagination.origin = PaginationOrigin::Inferred(format!(
            "query parameters `limit` and `offset`, and the success body `{page}` has an array `results` and a link `next`"
        ));
        Some(pagination)
    }

    /// The pagination over the single success body, or why it cannot be one.
    fn page_of(&self, responses: &[Response], wanted: &Wanted) -> Result<Pagination, String> {
        let mut successes = responses.iter().filter(|r| r.status.is_success());
        let (Some(success), None) = (successes.next(), successes.next()) else {
            return Err("a paged operation needs exactly one success response".into());
        };
        let Some(TypeRef::Named(page)) = success.body.as_ref().map(|content| &content.ty) else {
            return Err("the success body of a paged operation must be a named object type".into());
        };
        let page = *page;
        let Some(TypeKind::Struct(fields)) = self.type_kind(page) else {
            return Err("the success body of a paged operation must be an object type".into());
        };
        let find = |name: &str| {
            fields
                .fields
                .iter()
                .position(|field| field.wire_name == name)
                .ok_or_else(|| format!("the page type has no property `{name}`"))
        };
        let items_field = find(&wanted.items)?;
        let next_field = find(&wanted.next)?;
        let (items, next) = (&fields.fields[items_field], &fields.fields[next_field]);
        let TypeRef::Array(item) = &items.ty else {
            return Err(format!(
                "`{}` must be a required, non-nullable array",
                wanted.items
            ));
        };
        if !items.required || items.boxed {
            return Err(format!(
                "`{}` must be a required, non-nullable array",
                wanted.items
            ));
        }
        if *next.ty.non_null() != TypeRef::String || next.boxed {
            return Err(format!("`{}` must be a string (a URL)", wanted.next));
        }
        Ok(Pagination {
            page,
            items_field,
            next_field,
            item: (**item).clone(),
            next_optional: !next.required || next.ty.is_nullable(),
            params: wanted.params.clone(),
            origin: wanted.origin.clone(),
        })
    }

    fn type_kind(&self, id: TypeId) -> Option<&TypeKind> {
        self.types.get(id.0)?.as_ref().map(|def| &def.kind)
    }
}

/// Two operations paging the same type through different properties: the page type can have
/// only one `Page` implementation.
pub(super) fn conflicting_pages(endpoints: &[Endpoint]) -> Vec<(String, String)> {
    let mut seen: Vec<(TypeId, usize, usize, &str)> = Vec::new();
    let mut conflicts = Vec::new();
    for endpoint in endpoints {
        let Some(pagination) = &endpoint.pagination else {
            continue;
        };
        let key = (
            pagination.page,
            pagination.items_field,
            pagination.next_field,
        );
        match seen.iter().find(|(page, ..)| *page == key.0) {
            Some((_, items, next, first)) if (*items, *next) != (key.1, key.2) => {
                conflicts.push((
                    format!("{}/{PAGINATION_EXTENSION}", endpoint.pointer),
                    format!(
                        "the page type is paged through other properties by {first}: one type pages one way"
                    ),
                ));
            }
            Some(_) => {}
            None => seen.push((key.0, key.1, key.2, &endpoint.pointer)),
        }
    }
    conflicts
}
