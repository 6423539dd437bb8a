//! A discriminator without a mapping selects a component by its name and, as real APIs send
//! it (Spotify, found by the Prism oracle), by the single `enum` value the component declares
//! for the discriminator property; a value two components claim selects only the first.

use std::path::Path;

use apigen_model::ir::TypeKind;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Tags, version: '1'}
paths: {}
components:
  schemas:
    Item:
      oneOf:
        - $ref: '#/components/schemas/Track'
        - $ref: '#/components/schemas/Episode'
        - $ref: '#/components/schemas/Other'
      discriminator: {propertyName: type}
    Track:
      type: object
      properties: {type: {type: string, enum: [track]}}
    Episode:
      type: object
      properties: {type: {type: string, enum: [episode]}}
    Other:
      type: object
      properties: {type: {type: string, enum: [track]}}
"#;

#[test]
fn implicit_mappings_accept_the_declared_enum_value() {
    let loaded = apigen_model::load_str(Path::new("tags.yaml"), SPEC).expect("loads");
    let item = loaded
        .api
        .types
        .iter()
        .find(|def| def.name.name() == "Item")
        .expect("Item");
    let TypeKind::Union(union) = &item.kind else {
        panic!("a union: {:?}", item.kind)
    };
    let tags: Vec<Vec<&str>> = union
        .variants
        .iter()
        .map(|v| v.tag_values.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        tags,
        [
            vec!["Track", "track"],
            vec!["Episode", "episode"],
            vec!["Other"]
        ]
    );
}
