//! Nested types reach the emitters and the formatter only as deep as the model's limits allow,
//! and the render threads have the stack for them: arrays of arrays nested far deeper than any
//! real spec are refused by default with the pointer where the limit was crossed, and generate
//! on any caller's stack when a caller raises the limits.

use std::path::Path;

use apigen_model::Limits;

/// A component `Deep` that is `levels` arrays of arrays of strings, inline, in flow style (one
/// document level per schema level), used by one operation.
fn deep_arrays(levels: usize) -> String {
    format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
        "paths": {{"/deep": {{"get": {{"operationId": "deep", "responses": {{"200": {{"description": "ok",
            "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Deep"}}}}}}}}}}}}}}}},
        "components": {{"schemas": {{"Deep": {}{{"type": "string"}}{}}}}}}}"##,
        r#"{"type": "array", "items": "#.repeat(levels),
        "}".repeat(levels)
    )
}

fn options() -> apigen_emit::Options {
    apigen_emit::Options {
        crate_name: "deep".to_owned(),
        spec_label: "deep.json".to_owned(),
        runtime: apigen_emit::RuntimeDependency::Path("../apigen-runtime".to_owned()),
        standalone: false,
    }
}

#[test]
fn sixty_nested_arrays_are_refused_with_the_place() {
    let error = apigen_model::load_str(Path::new("deep.json"), &deep_arrays(60))
        .expect_err("deeper than max_schema_depth");
    let problem = &error.problems()[0];
    assert_eq!(
        problem.pointer,
        format!("#/components/schemas/Deep{}", "/items".repeat(33)),
        "{error}"
    );
    assert!(
        problem.message.contains("`max_schema_depth` = 32"),
        "{error}"
    );
}

/// Raised limits: 120 nested `Vec`s go through `quote`, `syn` and `prettyplease` on the render
/// threads' own stacks, from a caller thread of 2 MiB (a debug build).
#[test]
fn raised_limits_generate_deep_types_on_a_small_caller_stack() {
    let limits = Limits {
        max_depth: 127,
        max_schema_depth: 125,
        ..Limits::default()
    };
    let text = deep_arrays(120);
    let types = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let loaded = apigen_model::load_str_with(
                Path::new("deep.json"),
                &text,
                &apigen_model::LoadOptions {
                    limits,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|error| panic!("{error}"));
            let files = apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options())
                .unwrap_or_else(|error| panic!("{error}"));
            files
                .into_iter()
                .find(|file| file.path.ends_with("types.rs"))
                .map(|file| file.contents)
                .unwrap_or_default()
        })
        .expect("thread")
        .join()
        .expect("no overflow, no panic");
    assert_eq!(types.matches("Vec<").count(), 120, "{types}");
}
