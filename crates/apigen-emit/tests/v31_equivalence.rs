//! Where OpenAPI 3.0 and 3.1 mean the same thing, the model and the generated crate are the same:
//! every 3.0 fixture (and `spec/posthog-users.yaml`) is rewritten to 3.1 by [`to_3_1`] and must
//! give an identical [`apigen_model::Api`] and byte-identical files.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The JSON types a schema's `type` names (security schemes also have a `type`: `http`, …).
const JSON_TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "object", "array"];

/// Rewrites a 3.0 document to its 3.1 spelling: `nullable` → `type` lists (or a `oneOf` with
/// `{type: "null"}` for a schema without `type`), boolean exclusive bounds → numbers, a schema's
/// `example` → `examples`, and a `$ref`'s siblings (ignored by 3.0) dropped. Returns how many
/// schemas changed.
fn to_3_1(document: &mut Value) -> usize {
    let mut changed = 0;
    document["openapi"] = json!("3.1.0");
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if map.contains_key("$ref") {
                    map.retain(|key, _| key == "$ref");
                    continue;
                }
                if is_schema(map) {
                    let before = map.clone();
                    schema_to_3_1(map);
                    changed += usize::from(*map != before);
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    changed
}

fn is_schema(map: &Map<String, Value>) -> bool {
    map.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| JSON_TYPES.contains(&t))
        || map.get("nullable").is_some_and(Value::is_boolean)
        || map.get("exclusiveMinimum").is_some_and(Value::is_boolean)
        || map.get("exclusiveMaximum").is_some_and(Value::is_boolean)
}

fn schema_to_3_1(map: &mut Map<String, Value>) {
    if map.remove("nullable") == Some(Value::Bool(true)) {
        match map.remove("type") {
            Some(t) => {
                map.insert("type".to_owned(), json!([t, "null"]));
            }
            None => {
                let mut inner = std::mem::take(map);
                let docs: Vec<(String, Value)> = [
                    "description",
                    "title",
                    "default",
                    "readOnly",
                    "writeOnly",
                    "deprecated",
                ]
                .into_iter()
                .filter_map(|key| inner.remove(key).map(|value| (key.to_owned(), value)))
                .collect();
                let inner = match inner.get("allOf") {
                    Some(Value::Array(members)) if inner.len() == 1 && members.len() == 1 => {
                        members[0].clone()
                    }
                    _ => Value::Object(inner),
                };
                map.insert("oneOf".to_owned(), json!([inner, {"type": "null"}]));
                map.extend(docs);
            }
        }
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match map.remove(exclusive) {
            Some(Value::Bool(true)) => {
                if let Some(bound) = map.remove(inclusive) {
                    map.insert(exclusive.to_owned(), bound);
                }
            }
            Some(Value::Bool(false)) | None => {}
            Some(other) => {
                map.insert(exclusive.to_owned(), other);
            }
        }
    }
    if let Some(example) = map.remove("example") {
        map.insert("examples".to_owned(), json!([example]));
    }
}

/// The YAML document as JSON; integers beyond `i64` (as the loader reads them) become reals.
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => json!(b),
        serde_yaml::Value::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_u64().map(Value::from))
            .unwrap_or_else(|| json!(n.as_f64())),
        serde_yaml::Value::String(s) => json!(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| {
                    let key = match key {
                        serde_yaml::Value::String(s) => s,
                        other => serde_yaml::to_string(&other)
                            .expect("a scalar key")
                            .trim_end()
                            .to_owned(),
                    };
                    (key, yaml_to_json(value))
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn options(label: &str) -> apigen_emit::Options {
    apigen_emit::Options {
        crate_name: "equivalence".to_owned(),
        spec_label: label.to_owned(),
        runtime: apigen_emit::RuntimeDependency::Path("../apigen-runtime".to_owned()),
        standalone: false,
    }
}

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    specs.push(root.join("../../spec/posthog-users.yaml"));
    specs
}

#[test]
fn every_3_0_fixture_rewritten_to_3_1_gives_the_same_model_and_code() {
    let mut compared = 0;
    let mut rewritten_schemas = 0;
    for spec in specs() {
        let text = std::fs::read_to_string(&spec).expect("readable");
        // `serde_yaml` refuses integers beyond `i64`, which the loader reads as reals: spell the
        // one a fixture has as the real it is.
        let text = text.replace("-9223372036854776000", "-9.223372036854776e18");
        let mut document = yaml_to_json(serde_yaml::from_str(&text).expect("YAML"));
        let original = apigen_model::load_file(&spec).unwrap_or_else(|e| panic!("{e}"));
        rewritten_schemas += to_3_1(&mut document);
        let rewritten_text = serde_json::to_string_pretty(&document).expect("JSON");
        let rewritten = apigen_model::load_str(&spec.with_extension("json"), &rewritten_text)
            .unwrap_or_else(|e| panic!("{}: the 3.1 form does not load: {e}", spec.display()));
        let name = spec.display();
        assert_eq!(
            apigen_model::dump::dump(&original.api),
            apigen_model::dump::dump(&rewritten.api),
            "{name}: the dumped models differ"
        );
        assert!(original.api == rewritten.api, "{name}: the models differ");
        assert_eq!(
            original.warnings, rewritten.warnings,
            "{name}: the warnings differ"
        );
        let label = spec.file_name().expect("a name").to_string_lossy();
        let files = |loaded: &apigen_model::Loaded| {
            apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options(&label))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(
            files(&original),
            files(&rewritten),
            "{name}: the code differs"
        );
        compared += 1;
    }
    assert!(compared >= 12, "only {compared} specs compared");
    assert!(
        rewritten_schemas >= 40,
        "only {rewritten_schemas} schemas were spelled differently in 3.1"
    );
}

#[test]
fn the_rewrite_produces_3_1_spellings() {
    let mut document = json!({
        "openapi": "3.0.3",
        "components": {"schemas": {
            "A": {"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true, "example": 3},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true, "description": "b"},
        }},
    });
    assert_eq!(to_3_1(&mut document), 2);
    assert_eq!(
        document["components"]["schemas"]["A"],
        json!({"type": ["integer", "null"], "exclusiveMinimum": 0, "examples": [3]})
    );
    assert_eq!(
        document["components"]["schemas"]["B"],
        json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "b"})
    );
}
