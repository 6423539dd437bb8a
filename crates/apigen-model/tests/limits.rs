//! The input limits: the `limits-*` hostile specs with their stated outcomes, and documents
//! too big or too regular to store, built here.

use std::path::{Path, PathBuf};

use apigen_model::{Limits, LoadError};

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// What a hostile spec's leading comments promise.
struct Expectation {
    error: bool,
    problems: Vec<(String, String)>,
    messages: Vec<String>,
}

fn expectation(text: &str) -> Expectation {
    let mut expected = Expectation {
        error: false,
        problems: Vec::new(),
        messages: Vec::new(),
    };
    for line in text.lines().take_while(|line| line.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(outcome) = line.strip_prefix("expect:") {
            expected.error = outcome.trim() == "error";
        } else if let Some(problem) = line.strip_prefix("problem:") {
            let (pointer, text) = problem.split_once(" | ").expect("POINTER | TEXT");
            expected
                .problems
                .push((pointer.trim().to_owned(), text.trim().to_owned()));
        } else if let Some(message) = line.strip_prefix("message:") {
            expected.messages.push(message.trim().to_owned());
        }
    }
    expected
}

#[test]
fn limits_hostile_specs_have_their_stated_outcome() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(hostile_dir())
        .expect("tests/hostile exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("limits-") && name.ends_with(".yaml"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let expected = expectation(&text);
        let name = file.display();
        let (problems, shown) = match apigen_model::load_file(&file) {
            Ok(loaded) => {
                assert!(!expected.error, "{name}: loaded, expected an error");
                let warnings = loaded
                    .warnings
                    .iter()
                    .map(|w| (w.pointer.clone(), w.message.clone()))
                    .collect::<Vec<_>>();
                (warnings, String::new())
            }
            Err(error) => {
                assert!(expected.error, "{name}: expected to load: {error}");
                let problems = error
                    .problems()
                    .iter()
                    .map(|p| (p.pointer.clone(), p.message.clone()))
                    .collect::<Vec<_>>();
                (problems, error.to_string())
            }
        };
        for (pointer, text) in &expected.problems {
            assert!(
                problems
                    .iter()
                    .any(|(at, message)| at == pointer && message.contains(text.as_str())),
                "{name}: no problem `{pointer}` containing `{text}` in {problems:#?}"
            );
        }
        for message in &expected.messages {
            assert!(
                shown.contains(message.as_str()),
                "{name}: the error does not say `{message}`: {shown}"
            );
        }
    }
}

const HEAD: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}"#;

#[test]
fn deep_json_is_refused_with_its_place() {
    let text = format!(
        r#"{HEAD}, "x-deep": {}{}}}"#,
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let error = apigen_model::load_str(Path::new("deep.json"), &text).expect_err("refused");
    let LoadError::Limit {
        limit,
        value,
        line,
        column,
        problem,
        ..
    } = &error
    else {
        panic!("expected a limit error: {error}");
    };
    assert_eq!((*limit, *value), ("max_depth", 100));
    assert_eq!(line, &Some(1));
    assert!(column.is_some_and(|c| c > 80), "{error}");
    assert_eq!(
        problem.pointer,
        format!("#/x-deep{}", "/0".repeat(99)),
        "{error}"
    );
    assert!(error.to_string().starts_with("deep.json:1:"), "{error}");
}

#[test]
fn every_limit_can_be_lowered_and_raised() {
    let petstore =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/oai-petstore.yaml");
    let text = std::fs::read_to_string(&petstore).expect("corpus");
    let refused =
        |limits: Limits| match apigen_model::load_str_with(&petstore, &text, &within(limits)) {
            Err(LoadError::Limit { limit, .. }) => limit,
            other => panic!("expected a limit error, got {other:?}"),
        };
    let default = Limits::default();
    assert_eq!(
        refused(Limits {
            max_bytes: 1000,
            ..default
        }),
        "max_bytes"
    );
    assert_eq!(
        refused(Limits {
            max_values: 50,
            ..default
        }),
        "max_values"
    );
    assert_eq!(
        refused(Limits {
            max_depth: 5,
            ..default
        }),
        "max_depth"
    );
    assert!(apigen_model::load_str_with(&petstore, &text, &within(default)).is_ok());

    let deep = hostile_dir().join("limits-deep-inline-schema.yaml");
    assert!(apigen_model::load_file(&deep).is_err());
    let raised = Limits {
        max_schema_depth: 64,
        ..default
    };
    apigen_model::load_file_with(&deep, &within(raised)).expect("loads with a raised limit");

    let laughs = hostile_dir().join("limits-billion-laughs.yaml");
    let few = Limits {
        max_alias_values: 10,
        ..default
    };
    let error = apigen_model::load_file_with(&laughs, &within(few)).expect_err("refused");
    assert!(
        error.to_string().contains("`max_alias_values` = 10"),
        "{error}"
    );
}

#[test]
fn the_yaml_paths_report_where_the_budget_ran_out() {
    for name in [
        "limits-billion-laughs.yaml",
        "limits-billion-laughs-fallback.yaml",
    ] {
        let error = apigen_model::load_file(&hostile_dir().join(name)).expect_err("refused");
        let LoadError::Limit { line, problem, .. } = &error else {
            panic!("{name}: expected a limit error: {error}");
        };
        assert!(line.is_some(), "{name}: {error}");
        assert!(
            problem
                .pointer
                .starts_with("#/components/schemas/Big/x-lol"),
            "{name}: {error}"
        );
    }
}

/// A nested `items` chain as deep as the document limit allows, in flow style: the deserializer
/// of `openapiv3` recurses per level, and must fit a test thread's 2 MiB stack in a debug build.
#[test]
fn the_deepest_document_allowed_loads_on_a_small_stack() {
    let levels = 95;
    let text = format!(
        "{HEAD}, \"components\": {{\"schemas\": {{\"Deep\": {}{{\"type\": \"string\"}}{}}}}}}}",
        r#"{"type": "array", "items": "#.repeat(levels),
        "}".repeat(levels)
    );
    let result = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            apigen_model::load_str(Path::new("deep.json"), &text)
                .map(|_| ())
                .map_err(|error| error.to_string())
        })
        .expect("thread")
        .join()
        .expect("no overflow");
    let error = result.expect_err("deeper than max_schema_depth");
    assert!(error.contains("max_schema_depth"), "{error}");
}

/// A large but legal document: thousands of paths and schemas, several megabytes.
#[test]
fn a_large_legal_document_loads() {
    let mut paths = Vec::new();
    let mut schemas = Vec::new();
    for i in 0..4000 {
        paths.push(format!(
            r##""/things{i}/{{id}}": {{"get": {{"operationId": "get_thing_{i}", "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}], "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Thing{i}"}}}}}}}}}}}}}}"##
        ));
        schemas.push(format!(
            r##""Thing{i}": {{"type": "object", "required": ["id"], "properties": {{"id": {{"type": "string"}}, "count": {{"type": "integer"}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}, "next": {{"$ref": "#/components/schemas/Thing{}"}}}}}}"##,
            (i + 1) % 4000
        ));
    }
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
        paths.join(","),
        schemas.join(",")
    );
    assert!(text.len() > 1_500_000, "{}", text.len());
    let loaded = apigen_model::load_str(Path::new("large.json"), &text).expect("loads");
    assert_eq!(loaded.api.endpoints.len(), 4000);
    assert_eq!(loaded.api.types.len(), 4000);
}

/// Strict load options with `limits`.
fn within(limits: Limits) -> apigen_model::LoadOptions {
    apigen_model::LoadOptions {
        limits,
        ..Default::default()
    }
}

/// More operations than the emitters should be asked to hold in memory at once.
#[test]
fn too_many_operations_are_refused_at_paths() {
    let paths: Vec<String> = (0..10_001)
        .map(|i| format!(r#""/p{i}": {{"get": {{"responses": {{}}}}}}"#))
        .collect();
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}}}}"#,
        paths.join(",")
    );
    let error = apigen_model::load_str(Path::new("many.json"), &text).expect_err("refused");
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "#/paths", "{error}");
    assert!(
        problem.message.contains("10001 operations")
            && problem.message.contains("`max_operations` = 10000"),
        "{error}"
    );
}
