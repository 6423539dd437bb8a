//! Mutated corpus documents (removed keys, wrong types, dangling, external and circular `$ref`s,
//! broken path templates) never panic the loader, and every structural error names a pointer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use apigen_model::LoadError;
use serde_json::{Map, Value};

#[path = "support/json_places.rs"]
mod json_places;

use json_places::{Rng, get_mut, locations};

/// One mutation of `document`; returns what was done, for the failure message.
fn mutate(
    document: &mut Value,
    all: &[Vec<String>],
    refs: &[Vec<String>],
    rng: &mut Rng,
) -> String {
    let kind = rng.below(6);
    let pool = if (2..=4).contains(&kind) && !refs.is_empty() {
        refs
    } else {
        all
    };
    let path = &pool[rng.below(pool.len())];
    let Some(last) = path.last().cloned() else {
        return "nothing".to_owned();
    };
    let Some(parent) = get_mut(document, &path[..path.len().saturating_sub(1)]) else {
        return "nothing".to_owned();
    };
    let slot = match parent {
        Value::Object(map) => {
            if kind == 0 {
                map.shift_remove(&last);
                return format!("removed {path:?}");
            }
            map.get_mut(&last)
        }
        Value::Array(items) => {
            let index = last.parse::<usize>().unwrap_or(0);
            if kind == 0 && index < items.len() {
                items.remove(index);
                return format!("removed {path:?}");
            }
            items.get_mut(index)
        }
        _ => None,
    };
    let Some(slot) = slot else {
        return "nothing".to_owned();
    };
    match kind {
        1 | 0 => {
            let replacement = match slot {
                Value::String(_) => Value::from(7),
                Value::Number(_) => Value::from("seven"),
                Value::Bool(_) => Value::Array(vec![]),
                Value::Array(_) => Value::Object(Map::new()),
                Value::Object(_) => Value::from(true),
                Value::Null => Value::from("null"),
            };
            *slot = replacement;
            format!("wrong type at {path:?}")
        }
        2 => {
            *slot = Value::from("#/components/schemas/DoesNotExist");
            format!("dangling ref at {path:?}")
        }
        3 => {
            *slot = Value::from("other.yaml#/components/schemas/Pet");
            format!("external ref at {path:?}")
        }
        4 => {
            // A reference to the component that holds it: a cycle.
            let owner = path.iter().take(3).cloned().collect::<Vec<_>>().join("/");
            *slot = Value::from(format!("#/{owner}"));
            format!("circular ref at {path:?}")
        }
        _ => {
            if let Value::String(text) = slot {
                text.push_str("/{unclosed");
            } else {
                *slot = Value::Null;
            }
            format!("corrupted value at {path:?}")
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("../shared/corpus exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

fn parse(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable corpus file");
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("corpus JSON parses")
    } else {
        serde_yaml::from_str(&text).expect("corpus YAML parses")
    }
}

#[test]
fn mutated_documents_never_panic_and_errors_have_pointers() {
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let mut loaded = 0;
    let mut refused = 0;
    for file in corpus() {
        let original = parse(&file);
        let size = serde_json::to_string(&original)
            .map(|s| s.len())
            .unwrap_or(0);
        let rounds = match size {
            0..=50_000 => 150,
            50_001..=500_000 => 25,
            _ => 2,
        };
        let mut all = Vec::new();
        locations(&original, &mut Vec::new(), &mut all);
        let refs: Vec<Vec<String>> = all
            .iter()
            .filter(|p| p.last().is_some_and(|k| k == "$ref"))
            .cloned()
            .collect();
        for round in 0..rounds {
            let mut document = original.clone();
            let mut done = Vec::new();
            for _ in 0..=rng.below(3) {
                done.push(mutate(&mut document, &all, &refs, &mut rng));
            }
            let text = serde_json::to_string(&document).expect("serializable");
            let name = format!("{}#{round}", file.display());
            let result = catch_unwind(AssertUnwindSafe(|| {
                apigen_model::load_str(Path::new(&name), &text)
            }));
            let Ok(result) = result else {
                panic!("{name}: the loader panicked after {done:?}");
            };
            match result {
                Ok(_) => loaded += 1,
                Err(error) => {
                    refused += 1;
                    let message = error.to_string();
                    assert!(
                        message.starts_with(&name),
                        "{name}: the error does not name the file: {message}"
                    );
                    if let LoadError::Invalid { problems, .. } = &error {
                        assert!(
                            !problems.is_empty(),
                            "{name}: an invalid document with no problem listed"
                        );
                        for problem in problems {
                            assert!(
                                problem.pointer.starts_with('#'),
                                "{name}: {problem} has no pointer ({done:?})"
                            );
                            assert!(
                                !problem.message.is_empty(),
                                "{name}: {problem} says nothing"
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(
        loaded > 0 && refused > 0,
        "the mutations should both pass and fail: {loaded} loaded, {refused} refused"
    );
}

#[test]
fn dangling_external_and_circular_refs_are_reported_with_their_pointer() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}},
            "404": {"$ref": "#/components/responses/R1"}}}}},
        "components": {"schemas": {
            "Ext": {"type": "object", "properties": {"x": {"$ref": "other.yaml#/X"}}},
            "Loop": {"$ref": "#/components/schemas/Loop"}},
          "responses": {"R1": {"$ref": "#/components/responses/R2"}, "R2": {"$ref": "#/components/responses/R1"}}}}"##;
    let error = apigen_model::load_str(Path::new("refs.json"), text).expect_err("refused");
    let problems = error.problems();
    let find = |pointer: &str| problems.iter().find(|p| p.pointer == pointer);
    let missing = find("#/paths/~1a/get/responses/200/content/application~1json/schema")
        .expect("dangling ref reported");
    assert!(
        missing.message.contains("#/components/schemas/Missing"),
        "{missing}"
    );
    let external = find("#/components/schemas/Ext/properties/x").expect("external ref reported");
    assert!(
        external.message.contains("external reference"),
        "{external}"
    );
    let circular = find("#/components/schemas/Loop").expect("circular schema reported");
    assert!(circular.message.contains("circular"), "{circular}");
    let chain = find("#/paths/~1a/get/responses/404").expect("circular response chain reported");
    assert!(chain.message.contains("circular"), "{chain}");
}
