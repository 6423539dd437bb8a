//! `LoadOptions::allow_lossy`: what is a problem by default becomes a warning, and the model
//! says what was approximated.

use std::path::Path;

use apigen_model::ir::TypeKind;
use apigen_model::{LoadOptions, Loaded, load_str, load_str_with};

const LOSSY: &str = r##"
openapi: 3.0.3
info: {title: Lossy, version: "1"}
paths:
  /a:
    get:
      operationId: getThing
      responses: {"204": {description: done}}
  /b:
    get:
      operationId: getThing
      responses:
        "200":
          description: a level
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Level"}
components:
  schemas:
    Level:
      type: integer
      enum: [1, 2, 9223372036854775808]
    Code:
      type: object
      properties:
        code: {type: string, pattern: "[a-z"}
"##;

fn lossy() -> Loaded {
    load_str_with(
        Path::new("lossy.yaml"),
        LOSSY,
        &LoadOptions {
            allow_lossy: true,
            ..Default::default()
        },
    )
    .expect("allow_lossy loads the document")
}

#[test]
fn strict_by_default() {
    let error = load_str(Path::new("lossy.yaml"), LOSSY).expect_err("strict refuses");
    let pointers: Vec<&str> = error
        .problems()
        .iter()
        .map(|p| p.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Code/properties/code/pattern",
            "#/components/schemas/Level/enum/2",
            "#/paths/~1b/get/operationId",
        ]
    );
    assert!(
        error
            .problems()
            .iter()
            .all(|p| p.message.contains("allow_lossy")),
        "{error}"
    );
}

#[test]
fn allow_lossy_warns_and_approximates() {
    let loaded = lossy();
    let names: Vec<&str> = loaded
        .api
        .endpoints
        .iter()
        .map(|e| e.rust_name.as_str())
        .collect();
    assert_eq!(names, ["get_thing", "get_thing_2"]);
    let level = loaded
        .api
        .types
        .iter()
        .find(|t| t.name == "Level")
        .expect("Level");
    let TypeKind::IntegerEnum(variants) = &level.kind else {
        panic!("Level is an integer enum: {level:?}");
    };
    assert_eq!(variants.iter().map(|v| v.value).collect::<Vec<_>>(), [1, 2]);
    for pointer in [
        "#/components/schemas/Code/properties/code/pattern",
        "#/components/schemas/Level/enum/2",
        "#/paths/~1b/get/operationId",
    ] {
        assert!(
            loaded.warnings.iter().any(|w| w.pointer == pointer),
            "no warning at {pointer}: {:#?}",
            loaded.warnings
        );
    }
}
