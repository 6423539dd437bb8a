//! Changes to operations: added, removed, renamed, moved; their parameters, bodies, responses
//! and security.

use std::collections::{HashMap, HashSet};

use crate::ir::{Api, Endpoint, Method, Param, ParamLocation, Response};

use super::render::{body_type, slot_type};
use super::types::constraint_change;
use super::{Change, ChangeKind, Impact, security};

/// Matches the operations of both models (by `operationId`, then by method and path) and
/// compares each pair.
pub(super) fn changes(old: &Api, new: &Api, out: &mut Vec<Change>) {
    // Two passes: every operation that kept its operationId first, then the rest by method
    // and path, so that a renamed operation is not taken for another one.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_route: HashMap<(Method, &str), usize> = HashMap::new();
    for (index, op) in new.endpoints.iter().enumerate() {
        by_id.entry(op.operation_id.as_str()).or_insert(index);
        by_route
            .entry((op.method, op.path.raw.as_str()))
            .or_insert(index);
    }
    let mut matched: HashSet<usize> = HashSet::new();
    let mut found: Vec<Option<usize>> = old
        .endpoints
        .iter()
        .map(|op| {
            by_id
                .get(op.operation_id.as_str())
                .copied()
                .filter(|&index| matched.insert(index))
        })
        .collect();
    for (old_op, slot) in old.endpoints.iter().zip(found.iter_mut()) {
        if slot.is_none() {
            *slot = by_route
                .get(&(old_op.method, old_op.path.raw.as_str()))
                .copied()
                .filter(|&index| matched.insert(index));
        }
    }
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    for (old_op, slot) in old.endpoints.iter().zip(found) {
        match slot {
            Some(index) => pairs.push((old_op, &new.endpoints[index])),
            None => removed.push(old_op),
        }
    }
    for old_op in removed {
        out.push(Change {
            kind: ChangeKind::OperationRemoved,
            subject: subject(old_op),
            detail: format!("method `{}` is no longer generated", old_op.rust_name),
            old_pointer: Some(old_op.pointer.clone()),
            new_pointer: None,
            rust_items: operation_items(old_op),
            client: Impact::Breaking,
            server: Impact::Breaking,
            security: false,
        });
    }
    for (old_op, new_op) in pairs {
        Pair {
            old,
            new,
            old_op,
            new_op,
        }
        .compare(out);
    }
    for (index, new_op) in new.endpoints.iter().enumerate() {
        if matched.contains(&index) {
            continue;
        }
        out.push(Change {
            kind: ChangeKind::OperationAdded,
            subject: subject(new_op),
            detail: format!(
                "new client method `{}`; server implementations must add it (the trait has \
                 no default methods)",
                new_op.rust_name
            ),
            old_pointer: None,
            new_pointer: Some(new_op.pointer.clone()),
            rust_items: operation_items(new_op),
            client: Impact::Additive,
            server: Impact::Breaking,
            security: false,
        });
    }
}

fn subject(op: &Endpoint) -> String {
    format!("{} {} ({})", op.method, op.path.raw, op.operation_id)
}

fn operation_items(op: &Endpoint) -> Vec<String> {
    vec![
        format!("client::Client::{}", op.rust_name),
        format!("server::Api::{}", op.rust_name),
    ]
}

/// Operations with optional query or header parameters are called through a request builder.
fn uses_builder(op: &Endpoint) -> bool {
    op.params
        .iter()
        .any(|p| p.location != ParamLocation::Path && !p.required)
}

fn has_query(op: &Endpoint) -> bool {
    op.params.iter().any(|p| p.location == ParamLocation::Query)
}

/// The successes of an operation: the client returns the single success's body, or the
/// response enum when there are several.
fn single_success(op: &Endpoint) -> Option<&Response> {
    let mut successes = op.responses.iter().filter(|r| r.status.is_success());
    let first = successes.next()?;
    successes.next().is_none().then_some(first)
}

/// The success type the client method returns, as text.
fn client_return(api: &Api, op: &Endpoint) -> String {
    match single_success(op) {
        Some(response) => response
            .body
            .as_ref()
            .map_or_else(|| "()".to_owned(), |c| body_type(api, &c.ty)),
        None => format!("types::{}", op.response_type),
    }
}

struct Pair<'a> {
    old: &'a Api,
    new: &'a Api,
    old_op: &'a Endpoint,
    new_op: &'a Endpoint,
}

impl Pair<'_> {
    fn push(
        &self,
        out: &mut Vec<Change>,
        kind: ChangeKind,
        (client, server): (Impact, Impact),
        what: Option<&str>,
        detail: String,
        rust_items: Vec<String>,
    ) {
        let mut subject = subject(self.new_op);
        if let Some(what) = what {
            subject = format!("{subject} {what}");
        }
        out.push(Change {
            kind,
            subject,
            detail,
            old_pointer: Some(self.old_op.pointer.clone()),
            new_pointer: Some(self.new_op.pointer.clone()),
            rust_items,
            client,
            server,
            security: false,
        });
    }

    fn compare(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old_op, self.new_op);
        let items = operation_items(new);
        if old.rust_name != new.rust_name {
            let mut items = operation_items(old);
            items.extend(operation_items(new));
            if old.response_type != new.response_type {
                items.push(format!("types::{}", old.response_type));
                items.push(format!("types::{}", new.response_type));
            }
            if uses_builder(old) && old.builder_type != new.builder_type {
                items.push(format!("client::{}", old.builder_type));
                items.push(format!("client::{}", new.builder_type));
            }
            if let (Some(before), Some(after)) = (&old.query_type, &new.query_type)
                && before != after
            {
                items.push(format!("types::{before}"));
                items.push(format!("types::{after}"));
            }
            self.push(
                out,
                ChangeKind::OperationRenamed,
                (Impact::Breaking, Impact::Breaking),
                None,
                format!(
                    "`{}` → `{}` (operationId `{}` → `{}`)",
                    old.rust_name, new.rust_name, old.operation_id, new.operation_id
                ),
                items,
            );
        }
        if old.path.raw != new.path.raw {
            self.push(
                out,
                ChangeKind::PathChanged,
                (Impact::Breaking, Impact::None),
                None,
                format!(
                    "`{}` → `{}`; clients built before call a path that is gone",
                    old.path.raw, new.path.raw
                ),
                items.clone(),
            );
        }
        if old.method != new.method {
            self.push(
                out,
                ChangeKind::MethodChanged,
                (Impact::Breaking, Impact::None),
                None,
                format!(
                    "{} → {}; clients built before send the old method",
                    old.method, new.method
                ),
                items.clone(),
            );
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                out,
                ChangeKind::OperationDeprecated,
                (Impact::Additive, Impact::None),
                None,
                "marked deprecated: the client method gets `#[deprecated]`, callers a warning \
                 (a minor change under Cargo's SemVer rules)"
                    .to_owned(),
                items.clone(),
            );
        } else if old.docs != new.docs {
            self.push(
                out,
                ChangeKind::DocumentationChanged,
                (Impact::None, Impact::None),
                None,
                "summary or description changed".to_owned(),
                items.clone(),
            );
        }
        self.params(out);
        self.body(out);
        self.responses(out);
        security::operation_changes(old, new, &subject(new), &items, out);
    }

    fn param_items(&self, op: &Endpoint, param: &Param) -> Vec<String> {
        let mut items = vec![format!("client::Client::{}", op.rust_name)];
        if !param.required && param.location != ParamLocation::Path {
            items.push(format!("client::{}::{}", op.builder_type, param.rust_name));
        }
        match (&op.query_type, param.location) {
            (Some(query), ParamLocation::Query) => {
                items.push(format!("types::{query}::{}", param.rust_name))
            }
            _ => items.push(format!("server::Api::{}", op.rust_name)),
        }
        items
    }

    fn params(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old_op, self.new_op);
        let same = |a: &Param, b: &Param| a.location == b.location && a.wire_name == b.wire_name;
        let breaking = (Impact::Breaking, Impact::Breaking);
        for old_param in &old.params {
            let what = format!(
                "parameter {} ({:?})",
                old_param.wire_name, old_param.location
            );
            let Some(new_param) = new.params.iter().find(|p| same(p, old_param)) else {
                self.push(
                    out,
                    ChangeKind::ParameterRemoved,
                    breaking,
                    Some(&what),
                    format!("`{}` removed", old_param.rust_name),
                    self.param_items(old, old_param),
                );
                continue;
            };
            let items = self.param_items(new, new_param);
            let old_ty = slot_type(self.old, &old_param.ty, old_param.required);
            let new_ty = slot_type(self.new, &new_param.ty, new_param.required);
            if old_param.required != new_param.required {
                let kind = if new_param.required {
                    ChangeKind::ParameterMadeRequired
                } else {
                    ChangeKind::ParameterMadeOptional
                };
                let detail = if new_param.location == ParamLocation::Path {
                    "required flag changed".to_owned()
                } else if new_param.required {
                    "an optional argument (builder setter) becomes a positional argument".to_owned()
                } else {
                    "a positional argument becomes an optional builder setter".to_owned()
                };
                self.push(out, kind, breaking, Some(&what), detail, items.clone());
            } else if old_ty != new_ty {
                self.push(
                    out,
                    ChangeKind::ParameterTypeChanged,
                    breaking,
                    Some(&what),
                    format!("`{old_ty}` → `{new_ty}`"),
                    items.clone(),
                );
            }
            if old_param.rust_name != new_param.rust_name {
                // Positional arguments and trait arguments are not named by callers; setters
                // and query struct fields are.
                let client = if new_param.required || new_param.location == ParamLocation::Path {
                    Impact::None
                } else {
                    Impact::Breaking
                };
                let server = if new_param.location == ParamLocation::Query {
                    Impact::Breaking
                } else {
                    Impact::None
                };
                self.push(
                    out,
                    ChangeKind::ParameterRenamed,
                    (client, server),
                    Some(&what),
                    format!("`{}` → `{}`", old_param.rust_name, new_param.rust_name),
                    items.clone(),
                );
            }
            if old_param.style != new_param.style || old_param.explode != new_param.explode {
                self.push(
                    out,
                    ChangeKind::ParameterSerializationChanged,
                    (Impact::Breaking, Impact::None),
                    Some(&what),
                    format!(
                        "{:?}/explode={} → {:?}/explode={}; clients built before encode it the old way",
                        old_param.style, old_param.explode, new_param.style, new_param.explode
                    ),
                    items.clone(),
                );
            }
            if let Some((tightened, detail)) =
                constraint_change(&old_param.constraints, &new_param.constraints)
            {
                let (kind, impacts) = if tightened {
                    (
                        ChangeKind::ConstraintTightened,
                        (Impact::Breaking, Impact::None),
                    )
                } else {
                    (ChangeKind::ConstraintLoosened, (Impact::None, Impact::None))
                };
                self.push(out, kind, impacts, Some(&what), detail, items.clone());
            }
        }
        for new_param in &new.params {
            if old.params.iter().any(|p| same(p, new_param)) {
                continue;
            }
            let what = format!(
                "parameter {} ({:?})",
                new_param.wire_name, new_param.location
            );
            let ty = slot_type(self.new, &new_param.ty, new_param.required);
            // The server receives query parameters in one struct (a new field is only more to
            // read) and every other parameter as an argument of the trait method.
            let server = if new_param.location == ParamLocation::Query && has_query(old) {
                Impact::Additive
            } else {
                Impact::Breaking
            };
            let (kind, client, detail) = if new_param.required {
                (
                    ChangeKind::RequiredParameterAdded,
                    Impact::Breaking,
                    format!("new positional argument `{}: {ty}`", new_param.rust_name),
                )
            } else if uses_builder(old) {
                (
                    ChangeKind::OptionalParameterAdded,
                    Impact::Additive,
                    format!("new builder setter `{}`", new_param.rust_name),
                )
            } else {
                (
                    ChangeKind::OptionalParameterAdded,
                    Impact::Breaking,
                    format!(
                        "new builder setter `{}`: the method now returns a request builder \
                         (call `.send()`)",
                        new_param.rust_name
                    ),
                )
            };
            self.push(
                out,
                kind,
                (client, server),
                Some(&what),
                detail,
                self.param_items(new, new_param),
            );
        }
    }

    fn body(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old_op, self.new_op);
        let items = operation_items(new);
        let breaking = (Impact::Breaking, Impact::Breaking);
        let what = Some("request body");
        match (&old.body, &new.body) {
            (None, None) => {}
            (None, Some(body)) => self.push(
                out,
                ChangeKind::RequestBodyAdded,
                breaking,
                what,
                format!(
                    "new {} argument `body: {}`",
                    if body.required {
                        "required"
                    } else {
                        "optional"
                    },
                    body_type(self.new, &body.primary.ty)
                ),
                items,
            ),
            (Some(_), None) => self.push(
                out,
                ChangeKind::RequestBodyRemoved,
                breaking,
                what,
                "the `body` argument is gone".to_owned(),
                items,
            ),
            (Some(old_body), Some(new_body)) => {
                let old_ty = body_type(self.old, &old_body.primary.ty);
                let new_ty = body_type(self.new, &new_body.primary.ty);
                if old_body.required != new_body.required {
                    let kind = if new_body.required {
                        ChangeKind::RequestBodyMadeRequired
                    } else {
                        ChangeKind::RequestBodyMadeOptional
                    };
                    self.push(
                        out,
                        kind,
                        breaking,
                        what,
                        "`body` changes between `T` and `Option<T>`".to_owned(),
                        items.clone(),
                    );
                }
                if old_ty != new_ty {
                    self.push(
                        out,
                        ChangeKind::RequestBodyTypeChanged,
                        breaking,
                        what,
                        format!("`{old_ty}` → `{new_ty}`"),
                        items.clone(),
                    );
                }
                if old_body.primary.media_type != new_body.primary.media_type {
                    self.push(
                        out,
                        ChangeKind::RequestMediaTypeChanged,
                        (Impact::Breaking, Impact::None),
                        what,
                        format!(
                            "`{}` → `{}`; clients built before send the old encoding",
                            old_body.primary.media_type, new_body.primary.media_type
                        ),
                        items,
                    );
                }
            }
        }
    }

    fn responses(&self, out: &mut Vec<Change>) {
        let (old, new) = (self.old_op, self.new_op);
        let old_return = client_return(self.old, old);
        let new_return = client_return(self.new, new);
        let return_changed = old_return != new_return;
        let enum_return = single_success(new).is_none() || single_success(old).is_none();
        // What a change to one response means for the client: a changed return type or a
        // changed variant of the enum it returns breaks it; the error responses of a method that
        // returns one success body are variants of its `#[non_exhaustive]` error enum, so a new
        // one adds and a removed, renamed or retyped one breaks.
        let whole_enum = return_changed || enum_return;
        let client_impact = |op: &Endpoint, r: &Response, added: bool| {
            if whole_enum {
                Impact::Breaking
            } else if op.has_success() && !r.status.is_success() {
                if added {
                    Impact::Additive
                } else {
                    Impact::Breaking
                }
            } else {
                Impact::None
            }
        };
        let mut client_item = vec![format!("client::Client::{}", new.rust_name)];
        client_item.push(format!("server::Api::{}", new.rust_name));
        let variant_item = |op: &Endpoint, r: &Response| {
            format!("types::{}::{}", op.response_type, r.variant_name)
        };
        for old_resp in &old.responses {
            let what = format!("response {}", old_resp.status);
            let Some(new_resp) = new.responses.iter().find(|r| r.status == old_resp.status) else {
                let mut items = client_item.clone();
                items.push(variant_item(old, old_resp));
                self.push(
                    out,
                    ChangeKind::ResponseRemoved,
                    (client_impact(old, old_resp, false), Impact::Breaking),
                    Some(&what),
                    format!("variant `{}` removed", old_resp.variant_name),
                    items,
                );
                continue;
            };
            let mut items = client_item.clone();
            items.push(variant_item(new, new_resp));
            if old_resp.variant_name != new_resp.variant_name {
                self.push(
                    out,
                    ChangeKind::ResponseVariantRenamed,
                    (client_impact(old, old_resp, false), Impact::Breaking),
                    Some(&what),
                    format!("`{}` → `{}`", old_resp.variant_name, new_resp.variant_name),
                    items.clone(),
                );
            }
            let old_ty = old_resp.body.as_ref().map(|c| body_type(self.old, &c.ty));
            let new_ty = new_resp.body.as_ref().map(|c| body_type(self.new, &c.ty));
            if old_ty != new_ty {
                let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "no body".to_owned());
                self.push(
                    out,
                    ChangeKind::ResponseBodyTypeChanged,
                    (client_impact(old, old_resp, false), Impact::Breaking),
                    Some(&what),
                    format!("`{}` → `{}`", show(&old_ty), show(&new_ty)),
                    items,
                );
            }
        }
        for new_resp in &new.responses {
            if old.responses.iter().any(|r| r.status == new_resp.status) {
                continue;
            }
            let mut items = client_item.clone();
            items.push(variant_item(new, new_resp));
            let detail = if return_changed {
                format!(
                    "new variant `{}`; the client method now returns `{new_return}` instead of \
                     `{old_return}`",
                    new_resp.variant_name
                )
            } else {
                format!("new variant `{}`", new_resp.variant_name)
            };
            self.push(
                out,
                ChangeKind::ResponseAdded,
                (client_impact(new, new_resp, true), Impact::Additive),
                Some(&format!("response {}", new_resp.status)),
                detail,
                items,
            );
        }
    }
}
