//! Lowering a parsed document to the [`Api`](crate::ir::Api): resolve references, decide shapes
//! and names, and collect every problem with its pointer instead of stopping at the first.

mod body;
mod directions;
mod operation;
mod pagination;
mod request_types;
mod schema;
mod security;
mod webhook;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr};

use crate::LoadOptions;
use crate::error::Problem;
use crate::ir::{Api, Server, TypeDef, TypeId, TypeKind, TypeRef, Warning};
use crate::naming::type_name;
use crate::naming::{Claimed, Namespace, RESERVED_TYPE_NAMES, RustIdent};
use crate::pointer::{Pointer, split_local_ref};

/// Lowers `document`; returns the model and its warnings, or every problem found.
pub fn lower(
    document: &OpenAPI,
    webhooks: &IndexMap<String, ReferenceOr<openapiv3::PathItem>>,
    options: &LoadOptions,
) -> Result<(Api, Vec<Warning>), Vec<Problem>> {
    let operations: usize = document
        .paths
        .paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .map(|item| item.iter().count())
        .sum();
    if operations > options.limits.max_operations {
        return Err(vec![Problem {
            pointer: "#/paths".to_owned(),
            message: format!(
                "the document has {operations} operations, more than {} (limit `max_operations` = {}): the generated client and server would take too much memory to emit",
                options.limits.max_operations, options.limits.max_operations
            ),
        }]);
    }
    let empty = Components::default();
    let mut cx = Lowering::new(document.components.as_ref().unwrap_or(&empty), *options);
    cx.lower_component_schemas();
    let security_schemes = cx.lower_security_schemes();
    let security_profile = cx.lower_security_profile(document);
    let endpoints = cx.lower_paths(document, &security_schemes);
    let webhooks = cx.lower_webhooks(webhooks);
    for (pointer, message) in pagination::conflicting_pages(&endpoints) {
        cx.problems.push(Problem { pointer, message });
    }
    let Lowering {
        types,
        problems,
        mut warnings,
        ..
    } = cx;
    if !problems.is_empty() {
        let mut problems = problems;
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    let mut types: Vec<TypeDef> = types
        .into_iter()
        .enumerate()
        .map(|(index, slot)| slot.unwrap_or_else(|| unfilled_slot(index)))
        .collect();
    request_types::mark(&mut types, &endpoints);
    let mut problems = crate::recursion::break_cycles(&mut types);
    if !problems.is_empty() {
        problems.sort();
        return Err(problems);
    }
    warnings.sort();
    warnings.dedup();
    let mut api = Api {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        servers: document.servers.iter().map(lower_server).collect(),
        security_schemes,
        security_profile,
        endpoints,
        types,
        webhooks,
    };
    directions::relax_directional_fields(&mut api);
    Ok((api, warnings))
}

/// Every reserved slot is filled right after it is reserved; should one ever stay empty, it becomes
/// a visible placeholder rather than a panic.
fn unfilled_slot(index: usize) -> TypeDef {
    TypeDef {
        name: RustIdent::new(&format!("Unresolved{index}"))
            .unwrap_or_else(|| type_name("Unresolved")),
        component: None,
        pointer: "#".to_owned(),
        docs: Default::default(),
        nullable: false,
        in_request: false,
        kind: TypeKind::Alias(TypeRef::Json),
    }
}

fn lower_server(server: &openapiv3::Server) -> Server {
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    Server {
        url,
        description: server.description.clone(),
    }
}

/// The state of one lowering: the components, the types made so far, the names taken and
/// what went wrong.
pub(crate) struct Lowering<'a> {
    components: &'a Components,
    /// Reserved slots are `None` until the type is lowered.
    types: Vec<Option<TypeDef>>,
    component_ids: IndexMap<&'a str, TypeId>,
    type_names: Namespace,
    problems: Vec<Problem>,
    warnings: Vec<Warning>,
    options: LoadOptions,
    /// The deepest inline schema nesting allowed ([`crate::Limits::max_schema_depth`]).
    max_schema_depth: usize,
    /// How many inline schemas enclose the one being lowered.
    schema_depth: usize,
}

impl<'a> Lowering<'a> {
    fn new(components: &'a Components, options: LoadOptions) -> Self {
        Lowering {
            options,
            components,
            max_schema_depth: options.limits.max_schema_depth,
            schema_depth: 0,
            types: Vec::new(),
            component_ids: IndexMap::new(),
            type_names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn problem(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.problems.push(Problem {
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
        });
    }

    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
        });
    }

    /// Reports something the generated code would get wrong (a dropped enum value, a pattern
    /// that is not checked, an operation renamed): a problem, or a warning when
    /// [`LoadOptions::allow_lossy`] is set.
    fn lossy(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let message = message.into();
        if self.options.allow_lossy {
            self.warn(pointer, message);
        } else {
            self.problem(
                pointer,
                format!("{message} (set `allow_lossy` to generate anyway)"),
            );
        }
    }

    /// The claimed name, with a warning naming `what` when it is not the one asked for.
    fn named(&mut self, pointer: &Pointer, what: &str, claimed: Claimed) -> RustIdent {
        if let Some((wanted, reason)) = &claimed.renamed {
            self.warn(
                pointer,
                format!("{what} is named `{}`: `{wanted}` {reason}", claimed.ident),
            );
        } else if claimed.ident.is_suffixed_keyword() {
            self.warn(
                pointer,
                format!(
                    "{what} is named `{}`: `{}` is a keyword that cannot be a raw identifier",
                    claimed.ident,
                    claimed.ident.name().trim_end_matches('_')
                ),
            );
        }
        claimed.ident
    }

    /// Reserves a slot for a type named `name` (made unique) and returns its id and final name;
    /// `origin` (a component's name) asks for a warning when the name has to change.
    fn reserve_type(
        &mut self,
        name: RustIdent,
        origin: Option<(&str, &Pointer)>,
    ) -> (TypeId, RustIdent) {
        let claimed = self.type_names.claim_type(name);
        let name = match origin {
            Some((component, pointer)) => {
                self.named(pointer, &format!("schema `{component}`"), claimed)
            }
            None => claimed.ident,
        };
        self.types.push(None);
        (TypeId(self.types.len() - 1), name)
    }

    fn fill_type(&mut self, id: TypeId, def: TypeDef) {
        self.types[id.0] = Some(def);
    }

    /// The name of a type, reserved or filled.
    fn type_name_of(&self, id: TypeId) -> Option<&RustIdent> {
        self.types[id.0].as_ref().map(|def| &def.name)
    }

    /// Two passes: every component gets its name and id first (so that inline types never take a
    /// component's name and forward references resolve), then each is lowered.
    fn lower_component_schemas(&mut self) {
        let components = self.components;
        let mut reserved = Vec::with_capacity(components.schemas.len());
        let base = Pointer::root().join("components").join("schemas");
        for name in components.schemas.keys() {
            let (id, rust_name) = self.reserve_type(
                crate::naming::type_name(name),
                Some((name, &base.join(name))),
            );
            self.component_ids.insert(name.as_str(), id);
            reserved.push((id, rust_name));
        }
        for ((name, schema), (id, rust_name)) in components.schemas.iter().zip(reserved) {
            let pointer = base.join(name);
            let def = match schema {
                ReferenceOr::Reference { reference } => {
                    if self.is_circular_alias(name) {
                        self.problem(&pointer, format!("circular `$ref`: `{reference}` leads back to `{name}` without defining a schema"));
                    }
                    let target = self.schema_ref_target(reference, &pointer);
                    TypeDef {
                        name: rust_name,
                        component: Some(name.clone()),
                        pointer: pointer.into_string(),
                        docs: Default::default(),
                        nullable: false,
                        in_request: false,
                        kind: TypeKind::Alias(target),
                    }
                }
                ReferenceOr::Item(schema) => {
                    self.lower_named_schema(schema, rust_name, Some(name.clone()), &pointer)
                }
            };
            self.fill_type(id, def);
        }
    }

    /// True when component `name` is a `$ref` chain that comes back to itself.
    fn is_circular_alias(&self, name: &str) -> bool {
        let schemas = &self.components.schemas;
        let mut current = name.to_owned();
        for _ in 0..=schemas.len() {
            match schemas.get(&current) {
                Some(ReferenceOr::Reference { reference }) => {
                    match component_name(reference, "schemas") {
                        Some(next) if next == name => return true,
                        Some(next) => current = next,
                        None => return false,
                    }
                }
                _ => return false,
            }
        }
        false
    }

    /// The type a `$ref` to a schema stands for.
    fn schema_ref_target(&mut self, reference: &str, pointer: &Pointer) -> TypeRef {
        match self.component_schema(reference) {
            Some((id, _)) => {
                let ty = TypeRef::Named(id);
                if self.component_is_nullable(reference) {
                    ty.nullable()
                } else {
                    ty
                }
            }
            None => {
                self.problem(pointer, unresolved_message(reference, "schemas"));
                TypeRef::Json
            }
        }
    }

    /// The id and schema of `#/components/schemas/Name`.
    fn component_schema(
        &self,
        reference: &str,
    ) -> Option<(TypeId, &'a ReferenceOr<openapiv3::Schema>)> {
        let name = component_name(reference, "schemas")?;
        let id = *self.component_ids.get(name.as_str())?;
        let schema = self.components.schemas.get(name.as_str())?;
        Some((id, schema))
    }

    /// Follows `$ref` chains between components of one kind; `None` on a dangling or circular chain.
    fn resolve_component<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        kind: &str,
        map: &'a IndexMap<String, ReferenceOr<T>>,
        pointer: &Pointer,
    ) -> Option<&'a T> {
        let mut current = item;
        for _ in 0..=map.len() {
            match current {
                ReferenceOr::Item(item) => return Some(item),
                ReferenceOr::Reference { reference } => {
                    let Some(next) =
                        component_name(reference, kind).and_then(|name| map.get(&name))
                    else {
                        self.problem(pointer, unresolved_message(reference, kind));
                        return None;
                    };
                    current = next;
                }
            }
        }
        self.problem(
            pointer,
            format!("circular `$ref` chain between components/{kind}"),
        );
        None
    }
}

/// The component name in `#/components/{kind}/{name}`.
pub(crate) fn component_name(reference: &str, kind: &str) -> Option<String> {
    let tokens = split_local_ref(reference)?;
    match tokens.as_slice() {
        [components, found_kind, name] if components == "components" && found_kind == kind => {
            Some(name.clone())
        }
        _ => None,
    }
}

fn unresolved_message(reference: &str, kind: &str) -> String {
    if !reference.starts_with('#') {
        format!(
            "external reference `{reference}` is not supported: only references inside the document (`#/components/{kind}/…`) are"
        )
    } else if split_local_ref(reference).is_some_and(|tokens| tokens.len() > 3) {
        format!(
            "reference `{reference}` points inside a component: only whole components (`#/components/{kind}/Name`) can be referenced"
        )
    } else {
        format!("`$ref: {reference}` does not resolve to an entry of `#/components/{kind}`")
    }
}
