//! The walk over a 3.1 document's structure: which values are schemas, path items, parameters,
//! bodies and responses; `$defs` hoisted into components; path item references inlined;
//! `webhooks` set apart.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value, json};

use super::{Diagnostics, Normalised, is_accepted_dialect};
use crate::LoadOptions;
use crate::error::Problem;
use crate::pointer::{Pointer, split_local_ref};

/// The HTTP methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How many path item references may follow one another before the chain is refused.
const MAX_PATH_ITEM_HOPS: usize = 16;

/// The state of one normalisation.
pub(super) struct Walker {
    pub(super) diagnostics: Diagnostics,
    /// `$defs` schemas moved to components: (new name, schema).
    hoisted: Vec<(String, Value)>,
    /// The old `$ref` text of each hoisted schema → its new `$ref`.
    moved: HashMap<String, String>,
    /// Names taken in `components/schemas`.
    taken: BTreeSet<String>,
    /// The `type` of each component schema that has one, as written.
    pub(super) component_types: HashMap<String, Value>,
}

/// Rewrites the 3.1 document `document` to the 3.0 shape; every problem when one is refused.
pub(crate) fn normalise(
    mut document: Value,
    options: &LoadOptions,
) -> Result<Normalised, Vec<Problem>> {
    let mut walker = Walker {
        diagnostics: Diagnostics::new(options),
        hoisted: Vec::new(),
        moved: HashMap::new(),
        taken: BTreeSet::new(),
        component_types: HashMap::new(),
    };
    let root = Pointer::root();
    let Some(object) = document.as_object_mut() else {
        walker
            .diagnostics
            .problem(&root, "the document is not an object");
        return Err(walker.diagnostics.problems);
    };
    if let Some(dialect) = object.remove("jsonSchemaDialect") {
        match dialect.as_str() {
            Some(uri) if is_accepted_dialect(uri) => {}
            _ => walker.diagnostics.problem(
                &root.join("jsonSchemaDialect"),
                format!(
                    "the JSON Schema dialect {dialect} is not supported: only https://json-schema.org/draft/2020-12/schema and the OpenAPI 3.1 dialect (https://spec.openapis.org/oas/3.1/dialect/base) are"
                ),
            ),
        }
    }
    object.insert("openapi".to_owned(), json!("3.0.3"));
    if let Some(Value::Object(info)) = object.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    object
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    let path_items = object
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.remove("pathItems"));
    if let Some(Value::Object(schemas)) = object.get("components").and_then(|c| c.get("schemas")) {
        walker.taken.extend(schemas.keys().cloned());
        walker.component_types = schemas
            .iter()
            .filter_map(|(name, schema)| Some((name.clone(), schema.get("type")?.clone())))
            .collect();
    }
    let mut webhooks = object.remove("webhooks");
    let library = PathItemLibrary {
        document: &document,
        path_items: path_items.as_ref(),
    };
    let mut inlined = Vec::new();
    for (key, value) in [
        ("paths", document.get("paths")),
        ("webhooks", webhooks.as_ref()),
    ] {
        if let Some(Value::Object(items)) = value {
            for (name, item) in items {
                let pointer = root.join(key).join(name);
                if let Some(resolved) = library.resolve(item, &pointer, &mut walker.diagnostics) {
                    inlined.push((key, name.clone(), resolved));
                }
            }
        }
    }
    for (key, name, resolved) in inlined {
        let target = match key {
            "paths" => document.get_mut("paths"),
            _ => webhooks.as_mut(),
        };
        if let Some(Value::Object(items)) = target {
            items.insert(name, resolved);
        }
    }
    walker.document(&mut document);
    if let Some(Value::Object(items)) = &mut webhooks {
        for (name, item) in items.iter_mut() {
            walker.path_item(item, &root.join("webhooks").join(name), 1);
        }
    }
    walker.place_hoisted(&mut document);
    let moved = std::mem::take(&mut walker.moved);
    rewrite_refs(&mut document, &moved);
    if let Some(webhooks) = &mut webhooks {
        rewrite_refs(webhooks, &moved);
    }
    let Diagnostics {
        warnings, problems, ..
    } = walker.diagnostics;
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Normalised {
        document,
        webhooks: webhooks.filter(|w| w.as_object().is_some_and(|m| !m.is_empty())),
        warnings,
    })
}

/// Where path item references point: `components/pathItems` (set apart) or the document.
struct PathItemLibrary<'a> {
    document: &'a Value,
    path_items: Option<&'a Value>,
}

impl PathItemLibrary<'_> {
    /// The path item `item`, with a `$ref` (followed through chains) replaced by its target;
    /// `None` when it needs no change (or, with a problem, when it cannot be resolved).
    fn resolve(
        &self,
        item: &Value,
        pointer: &Pointer,
        diagnostics: &mut Diagnostics,
    ) -> Option<Value> {
        let mut current = item;
        let mut hops = 0;
        while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
            hops += 1;
            if hops > MAX_PATH_ITEM_HOPS {
                diagnostics.problem(
                    pointer,
                    format!("the path item references form a chain longer than {MAX_PATH_ITEM_HOPS} (or a cycle)"),
                );
                return None;
            }
            let Some(target) = self.target(reference) else {
                diagnostics.problem(
                    &pointer.join("$ref"),
                    format!("the path item reference `{reference}` does not resolve to a path item in this document"),
                );
                return None;
            };
            current = target;
        }
        if hops == 0 {
            return None;
        }
        let mut resolved = current.clone();
        if let (Value::Object(target), Value::Object(own)) = (&mut resolved, item) {
            for key in ["summary", "description"] {
                if let Some(text) = own.get(key) {
                    target.insert(key.to_owned(), text.clone());
                }
            }
        }
        Some(resolved)
    }

    fn target(&self, reference: &str) -> Option<&Value> {
        let tokens = split_local_ref(reference)?;
        let (start, rest) = match tokens.as_slice() {
            [components, path_items, rest @ ..]
                if components == "components" && path_items == "pathItems" =>
            {
                (self.path_items?, rest)
            }
            rest => (self.document, rest),
        };
        rest.iter()
            .try_fold(start, |value, token| value.get(token.as_str()))
            .filter(|value| value.is_object())
    }
}

impl Walker {
    /// The document's paths and components.
    fn document(&mut self, document: &mut Value) {
        let root = Pointer::root();
        if let Some(Value::Object(paths)) = document.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &root.join("paths").join(path), 1);
            }
        }
        let Some(Value::Object(components)) = document.get_mut("components") else {
            return;
        };
        let base = root.join("components");
        for (kind, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            for (name, entry) in entries.iter_mut() {
                let pointer = base.join(kind).join(name);
                match kind.as_str() {
                    "schemas" => self.schema(entry, &pointer, 2),
                    "parameters" | "headers" => self.parameter(entry, &pointer, 2),
                    "requestBodies" => self.content_of(entry, &pointer, 2),
                    "responses" => self.response(entry, &pointer, 2),
                    "callbacks" => self.callback(entry, &pointer, 2),
                    _ => {}
                }
            }
        }
    }

    /// A path item: its parameters and operations.
    pub(super) fn path_item(&mut self, item: &mut Value, pointer: &Pointer, depth: usize) {
        if self.diagnostics.too_deep(depth, pointer) {
            return;
        }
        let Some(item) = item.as_object_mut() else {
            return;
        };
        self.parameters(item, pointer, depth);
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let pointer = pointer.join(method);
            self.parameters(operation, &pointer, depth + 1);
            if let Some(body) = operation.get_mut("requestBody") {
                self.content_of(body, &pointer.join("requestBody"), depth + 2);
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                for (status, response) in responses.iter_mut() {
                    let pointer = pointer.join("responses").join(status);
                    self.response(response, &pointer, depth + 3);
                }
            }
            if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
                for (name, callback) in callbacks.iter_mut() {
                    let pointer = pointer.join("callbacks").join(name);
                    self.callback(callback, &pointer, depth + 3);
                }
            }
        }
    }

    fn parameters(&mut self, owner: &mut Map<String, Value>, pointer: &Pointer, depth: usize) {
        if let Some(Value::Array(parameters)) = owner.get_mut("parameters") {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                let pointer = pointer.join("parameters").join(index.to_string());
                self.parameter(parameter, &pointer, depth + 2);
            }
        }
    }

    /// A parameter or a header: its `schema` or `content`.
    fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer, depth: usize) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &pointer.join("schema"), depth + 1);
        }
        self.content_of(parameter, pointer, depth);
    }

    /// A response: its headers and content.
    fn response(&mut self, response: &mut Value, pointer: &Pointer, depth: usize) {
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &pointer.join("headers").join(name), depth + 2);
            }
        }
        self.content_of(response, pointer, depth);
    }

    /// A callback: expression → path item.
    fn callback(&mut self, callback: &mut Value, pointer: &Pointer, depth: usize) {
        if let Some(items) = callback.as_object_mut() {
            for (expression, item) in items.iter_mut() {
                self.path_item(item, &pointer.join(expression), depth + 1);
            }
        }
    }

    /// The schemas of `owner.content.*.schema`.
    fn content_of(&mut self, owner: &mut Value, pointer: &Pointer, depth: usize) {
        if let Some(Value::Object(content)) = owner.get_mut("content") {
            for (media_type, media) in content.iter_mut() {
                if let Some(schema) = media.get_mut("schema") {
                    let pointer = pointer.join("content").join(media_type).join("schema");
                    self.schema(schema, &pointer, depth + 3);
                }
            }
        }
    }

    /// Moves the schemas of a `$defs` (at `pointer`) to components under unique names.
    pub(super) fn hoist_defs(&mut self, defs: Value, pointer: &Pointer, depth: usize) {
        let Value::Object(defs) = defs else {
            return;
        };
        for (name, mut schema) in defs {
            let here = pointer.join(&name);
            let mut unique = name.clone();
            let mut counter = 2;
            while self.taken.contains(&unique) {
                unique = format!("{name}{counter}");
                counter += 1;
            }
            self.taken.insert(unique.clone());
            self.schema(&mut schema, &here, depth + 1);
            self.moved.insert(
                here.as_str().to_owned(),
                Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(&unique)
                    .into_string(),
            );
            self.hoisted.push((unique, schema));
        }
    }

    /// Adds the hoisted `$defs` schemas to `components/schemas`.
    fn place_hoisted(&mut self, document: &mut Value) {
        if self.hoisted.is_empty() {
            return;
        }
        let Some(object) = document.as_object_mut() else {
            return;
        };
        let components = object.entry("components").or_insert_with(|| json!({}));
        let Some(components) = components.as_object_mut() else {
            return;
        };
        let schemas = components.entry("schemas").or_insert_with(|| json!({}));
        if let Some(schemas) = schemas.as_object_mut() {
            for (name, schema) in self.hoisted.drain(..) {
                schemas.insert(name, schema);
            }
        }
    }
}

/// Rewrites every `$ref` whose target was moved (a `$defs` schema now in components); iterative,
/// so a deep document does not deepen the stack.
fn rewrite_refs(value: &mut Value, moved: &HashMap<String, String>) {
    if moved.is_empty() {
        return;
    }
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    if let Some(target) = moved.get(reference.as_str()) {
                        *reference = target.clone();
                    } else if let Some((from, to)) = moved
                        .iter()
                        .find(|(from, _)| reference.starts_with(&format!("{from}/")))
                    {
                        *reference = format!("{to}{}", &reference[from.len()..]);
                    }
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}
