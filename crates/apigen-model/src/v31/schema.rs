//! One JSON Schema 2020-12 schema rewritten in place to the OpenAPI 3.0 schema shape, with its
//! subschemas; what 3.0 cannot say is a warning naming the keyword's pointer.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::document::Walker;
use super::is_accepted_dialect;
use crate::pointer::Pointer;

/// Keywords with no 3.0 equivalent that are dropped, and what that means for the generated code.
const DROPPED: [(&str, &str); 16] = [
    (
        "if",
        "`if`/`then`/`else` cannot be expressed as a Rust type: the conditional constraints are not applied",
    ),
    ("then", "`then` is not applied (see `if`)"),
    ("else", "`else` is not applied (see `if`)"),
    (
        "unevaluatedProperties",
        "`unevaluatedProperties` is not applied: properties not listed are handled as `additionalProperties` says",
    ),
    (
        "unevaluatedItems",
        "`unevaluatedItems` is not applied: array items are typed by `items` only",
    ),
    (
        "$dynamicRef",
        "`$dynamicRef` cannot be resolved statically: any JSON value is accepted here",
    ),
    (
        "$dynamicAnchor",
        "`$dynamicAnchor` is ignored: dynamic references are not resolved",
    ),
    (
        "$anchor",
        "`$anchor` is ignored: only `$ref`s by JSON pointer are resolved",
    ),
    (
        "$id",
        "`$id` is ignored: `$ref`s are resolved against the document, not against this base URI",
    ),
    (
        "dependentSchemas",
        "`dependentSchemas` is not applied: the schemas that depend on a property's presence are not checked",
    ),
    (
        "dependentRequired",
        "`dependentRequired` is not applied: properties required together are each optional",
    ),
    (
        "contains",
        "`contains` is not applied: no item is required to match it",
    ),
    (
        "minContains",
        "`minContains` is not applied (it needs `contains`)",
    ),
    (
        "maxContains",
        "`maxContains` is not applied (it needs `contains`)",
    ),
    (
        "propertyNames",
        "`propertyNames` is not applied: map keys are any strings",
    ),
    (
        "contentSchema",
        "`contentSchema` is not applied: the decoded content is not typed",
    ),
];

/// Keywords that belong to one JSON type, moved into that type's `oneOf` member when `type`
/// lists several.
const TYPE_KEYWORDS: [(&str, &[&str]); 5] = [
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
    ("string", &["minLength", "maxLength", "pattern"]),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
];

impl Walker {
    /// Rewrites the schema `value` found at `pointer` and every subschema in it.
    pub(super) fn schema(&mut self, value: &mut Value, pointer: &Pointer, depth: usize) {
        if self.diagnostics.too_deep(depth, pointer) {
            return;
        }
        let map = match value {
            Value::Bool(true) => {
                *value = json!({});
                return;
            }
            Value::Bool(false) => {
                self.diagnostics.warn(
                    pointer,
                    "the schema `false` (no value is valid) is generated as `not: {}`: any JSON value is accepted",
                );
                *value = json!({"not": {}});
                return;
            }
            Value::Object(map) => map,
            _ => return,
        };
        self.keywords(map, pointer);
        self.subschemas(map, pointer, depth);
        collapse_null_union(map);
    }

    /// The schema's own keywords, rewritten.
    fn keywords(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        if let Some(dialect) = map.remove("$schema") {
            match dialect.as_str() {
                Some(uri) if is_accepted_dialect(uri) => {}
                _ => self.diagnostics.problem(
                    &pointer.join("$schema"),
                    format!(
                        "the schema declares the dialect {dialect}: only JSON Schema 2020-12 and the OpenAPI 3.1 dialect are read"
                    ),
                ),
            }
        }
        map.remove("$comment");
        for (keyword, message) in DROPPED {
            if map.remove(keyword).is_some() {
                self.diagnostics.warn(&pointer.join(keyword), message);
            }
        }
        if map.contains_key("$ref") && map.len() > 1 {
            wrap_ref_with_siblings(map);
        }
        self.type_list(map, pointer);
        if let Some(constant) = map.remove("const") {
            if map.contains_key("enum") {
                self.diagnostics.warn(
                    &pointer.join("const"),
                    "`const` beside `enum`: the `enum` is kept, `const` is not applied",
                );
            } else {
                map.insert("enum".to_owned(), Value::Array(vec![constant]));
            }
        }
        exclusive_bound(map, "exclusiveMinimum", "minimum", |bound, other| {
            bound >= other
        });
        exclusive_bound(map, "exclusiveMaximum", "maximum", |bound, other| {
            bound <= other
        });
        if let Some(examples) = map.remove("examples")
            && !map.contains_key("example")
            && let Some(first) = examples.as_array().and_then(|list| list.first())
        {
            map.insert("example".to_owned(), first.clone());
        }
        self.content_keywords(map, pointer);
    }

    /// `type` as a list: `null` becomes `nullable`, several other types become a `oneOf`.
    fn type_list(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => return,
        };
        let mut others: Vec<String> = Vec::new();
        for t in types.iter().filter(|t| *t != "null") {
            if !others.contains(t) {
                others.push(t.clone());
            }
        }
        let nullable = types.len() > others.len();
        map.remove("type");
        match others.as_slice() {
            [] => {
                map.insert("type".to_owned(), json!("null"));
            }
            [only] => {
                map.insert("type".to_owned(), json!(only));
            }
            several if union_members_within(map, several, &self.component_types) => {}
            several if map.contains_key("oneOf") || map.contains_key("anyOf") => {
                self.diagnostics.lossy(
                    &pointer.join("type"),
                    format!(
                        "`type` lists {} beside a `oneOf`/`anyOf`: only `{}` would be kept",
                        several.join(", "),
                        several[0]
                    ),
                );
                map.insert("type".to_owned(), json!(several[0]));
            }
            several => {
                let members: Vec<Value> = several
                    .iter()
                    .map(|t| Value::Object(type_member(map, t)))
                    .collect();
                for (_, keywords) in TYPE_KEYWORDS {
                    for keyword in keywords {
                        map.remove(*keyword);
                    }
                }
                map.insert("oneOf".to_owned(), Value::Array(members));
            }
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }

    /// `contentEncoding` and `contentMediaType`: base64 text is `format: byte`, other encoded or
    /// binary content `format: binary`.
    fn content_keywords(&mut self, map: &mut Map<String, Value>, pointer: &Pointer) {
        let encoding = map.remove("contentEncoding");
        let media_type = map.remove("contentMediaType");
        if encoding.is_none() && media_type.is_none() {
            return;
        }
        let format = match encoding.as_ref().and_then(Value::as_str) {
            Some("base64" | "base64url") => "byte",
            Some(other) => {
                self.diagnostics.warn(
                    &pointer.join("contentEncoding"),
                    format!(
                        "`contentEncoding: {other}` is not decoded: the value is handled as bytes"
                    ),
                );
                "binary"
            }
            None => "binary",
        };
        if !map.contains_key("format") {
            map.insert("format".to_owned(), json!(format));
        }
    }

    /// Every subschema, rewritten; `$defs` become components, `prefixItems` and
    /// `patternProperties` are approximated.
    fn subschemas(&mut self, map: &mut Map<String, Value>, pointer: &Pointer, depth: usize) {
        if let Some(defs) = map.remove("$defs") {
            self.hoist_defs(defs, &pointer.join("$defs"), depth);
        }
        if let Some(prefix) = map.remove("prefixItems") {
            let here = pointer.join("prefixItems");
            let count = prefix.as_array().map_or(0, Vec::len);
            let message = if map.contains_key("items") {
                format!(
                    "`prefixItems` (a tuple of {count}) is not generated: every item is typed by `items`"
                )
            } else {
                map.insert("items".to_owned(), json!({"anyOf": prefix}));
                format!(
                    "`prefixItems` (a tuple of {count}) is generated as an array whose items are any one of the listed schemas"
                )
            };
            self.diagnostics.warn(&here, message);
        }
        if let Some(patterns) = map.remove("patternProperties") {
            let here = pointer.join("patternProperties");
            match patterns.as_object() {
                Some(patterns) if patterns.len() == 1 && !map.contains_key("additionalProperties") => {
                    let (pattern, schema) = patterns.iter().next().map(|(p, s)| (p.clone(), s.clone())).unwrap_or_default();
                    map.insert("additionalProperties".to_owned(), schema);
                    self.diagnostics.warn(
                        &here,
                        format!("`patternProperties` is generated as a map whose values follow the schema of `{pattern}`: keys are not checked against the pattern"),
                    );
                }
                _ => self.diagnostics.warn(
                    &here,
                    "`patternProperties` is not applied: properties not listed are handled as `additionalProperties` says",
                ),
            }
        }
        for key in ["properties", "dependentSchemas"] {
            if let Some(Value::Object(children)) = map.get_mut(key) {
                for (name, child) in children.iter_mut() {
                    self.schema(child, &pointer.join(key).join(name), depth + 1);
                }
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = map.get_mut(key)
                && child.is_object()
            {
                self.schema(child, &pointer.join(key), depth + 1);
            }
        }
        if let Some(Value::Bool(true)) = map.get("items") {
            map.remove("items");
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(children)) = map.get_mut(key) {
                for (index, child) in children.iter_mut().enumerate() {
                    self.schema(child, &pointer.join(key).join(index.to_string()), depth + 1);
                }
            }
        }
    }
}

/// The `oneOf` member for JSON type `t` of a schema whose `type` lists several: the type and the
/// keywords that concern it.
fn type_member(map: &Map<String, Value>, t: &str) -> Map<String, Value> {
    let mut member = Map::new();
    member.insert("type".to_owned(), json!(t));
    let keywords = TYPE_KEYWORDS
        .iter()
        .find(|(name, _)| *name == t)
        .map_or(&[][..], |(_, keywords)| *keywords);
    for keyword in keywords {
        if let Some(value) = map.get(*keyword) {
            member.insert((*keyword).to_owned(), value.clone());
        }
    }
    if matches!(t, "string" | "integer" | "number")
        && let Some(format) = map.get("format")
    {
        member.insert("format".to_owned(), format.clone());
    }
    member
}

/// True when the schema's `oneOf`/`anyOf` members each name their own `type` (a member that is a
/// `$ref` to a component, that component's), all among `types`: the parent's `type` list then says nothing the members do not, and can go.
fn union_members_within(
    map: &Map<String, Value>,
    types: &[String],
    component_types: &HashMap<String, Value>,
) -> bool {
    let members = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|keyword| map.get(*keyword).and_then(Value::as_array))
        .flatten();
    let mut any = false;
    for member in members {
        any = true;
        let within = |t: &Value| {
            t.as_str()
                .is_some_and(|t| t == "null" || types.iter().any(|own| own == t))
        };
        let member_type = member.get("type").or_else(|| {
            let reference = member.get("$ref")?.as_str()?;
            component_types.get(reference.strip_prefix("#/components/schemas/")?)
        });
        let ok = match member_type {
            Some(Value::Array(list)) => list.iter().all(within),
            Some(t) => within(t),
            None => false,
        };
        if !ok {
            return false;
        }
    }
    any
}

/// `$ref` beside other keywords (allowed since 3.1): the reference becomes the first `allOf`
/// member, so the siblings apply beside it (3.0 ignores a `$ref`'s siblings).
fn wrap_ref_with_siblings(map: &mut Map<String, Value>) {
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let mut members = vec![json!({"$ref": reference})];
    if let Some(Value::Array(existing)) = map.remove("allOf") {
        members.extend(existing);
    }
    map.insert("allOf".to_owned(), Value::Array(members));
}

/// A numeric `exclusiveMinimum` (or `exclusiveMaximum`) as the 3.0 pair `minimum` +
/// `exclusiveMinimum: true`; when `minimum` is also given, the stricter bound wins.
fn exclusive_bound(
    map: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: impl Fn(f64, f64) -> bool,
) {
    let Some(bound) = map.get(exclusive).and_then(Value::as_f64) else {
        return;
    };
    let Some(number) = map.remove(exclusive) else {
        return;
    };
    match map.get(inclusive).and_then(Value::as_f64) {
        Some(other) if !stricter(bound, other) => {}
        _ => {
            map.insert(inclusive.to_owned(), number);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// True for a schema that admits only `null`.
fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    map.len() == 1
        && (map.get("type") == Some(&json!("null")) || map.get("enum") == Some(&json!([null])))
}

/// `oneOf`/`anyOf` of one schema and `null`, the 3.1 spelling of a nullable schema, in the 3.0
/// spelling: a reference becomes `allOf: [{$ref}]` + `nullable: true`, an inline schema whose
/// keywords do not clash with its parent's is merged into it.
fn collapse_null_union(map: &mut Map<String, Value>) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get(keyword) else {
            continue;
        };
        if members.len() != 2 || map.contains_key("allOf") {
            continue;
        }
        let Some(null_at) = members.iter().position(is_null_schema) else {
            continue;
        };
        let other = members[1 - null_at].clone();
        let Some(other_map) = other.as_object() else {
            continue;
        };
        if other_map.contains_key("$ref") && other_map.len() == 1 {
            map.remove(keyword);
            map.insert("allOf".to_owned(), json!([other]));
        } else if !other_map
            .keys()
            .any(|key| key != keyword && map.contains_key(key))
            && !other_map.contains_key("nullable")
        {
            map.remove(keyword);
            for (key, value) in other_map {
                map.insert(key.clone(), value.clone());
            }
        } else {
            continue;
        }
        map.insert("nullable".to_owned(), Value::Bool(true));
        return;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::LoadOptions;

    /// The schema `A` after normalising a document holding only it.
    fn normalised(schema: Value) -> (Value, Vec<String>) {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"A": schema}},
        });
        let normalised =
            super::super::normalise(document, &LoadOptions::default()).expect("normalises");
        let warnings = normalised
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        (
            normalised.document["components"]["schemas"]["A"].clone(),
            warnings,
        )
    }

    #[test]
    fn the_stricter_bound_wins() {
        let (schema, _) =
            normalised(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 3}));
        assert_eq!(schema, json!({"type": "integer", "minimum": 5}));
        let (schema, _) =
            normalised(json!({"type": "integer", "minimum": 3, "exclusiveMinimum": 3}));
        assert_eq!(
            schema,
            json!({"type": "integer", "minimum": 3, "exclusiveMinimum": true})
        );
        let (schema, _) = normalised(json!({"type": "number", "exclusiveMaximum": 1.5}));
        assert_eq!(
            schema,
            json!({"type": "number", "maximum": 1.5, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn several_types_become_a_one_of_with_their_keywords() {
        let (schema, warnings) = normalised(json!({
            "type": ["string", "array", "null"],
            "maxLength": 3,
            "items": {"type": "integer"},
        }));
        assert_eq!(
            schema,
            json!({
                "oneOf": [
                    {"type": "string", "maxLength": 3},
                    {"type": "array", "items": {"type": "integer"}},
                ],
                "nullable": true,
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn const_examples_and_content_keywords() {
        let (schema, _) = normalised(json!({"const": 7, "examples": [7, 8]}));
        assert_eq!(schema, json!({"enum": [7], "example": 7}));
        let (schema, _) = normalised(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(schema, json!({"type": "string", "format": "byte"}));
        let (schema, _) =
            normalised(json!({"type": "string", "contentMediaType": "application/octet-stream"}));
        assert_eq!(schema, json!({"type": "string", "format": "binary"}));
    }

    #[test]
    fn a_ref_with_siblings_is_wrapped_and_a_null_union_collapses() {
        let (schema, _) = normalised(
            json!({"$ref": "#/components/schemas/B", "description": "kept", "readOnly": true}),
        );
        assert_eq!(
            schema,
            json!({"description": "kept", "readOnly": true, "allOf": [{"$ref": "#/components/schemas/B"}]})
        );
        let (schema, _) =
            normalised(json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/B"}]}));
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true})
        );
    }

    #[test]
    fn a_foreign_dialect_is_refused_with_its_pointer() {
        let document = json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "http://json-schema.org/draft-07/schema#",
            "info": {"title": "t", "version": "1"},
        });
        let problems =
            super::super::normalise(document, &LoadOptions::default()).expect_err("refused");
        assert_eq!(problems[0].pointer, "#/jsonSchemaDialect");
    }
}
