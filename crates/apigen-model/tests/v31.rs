//! OpenAPI 3.1 documents: the model of each `ok` fixture of `tests/hostile/v31-*.yaml`, as
//! text, and the rewrites that must hold whatever the snapshot says.

use std::path::{Path, PathBuf};

use apigen_model::ir::{Method, TypeKind, TypeRef};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

fn load(name: &str) -> apigen_model::Loaded {
    apigen_model::load_file(&hostile(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn property_type(loaded: &apigen_model::Loaded, schema: &str, property: &str) -> TypeRef {
    let api = &loaded.api;
    let def = api
        .types
        .iter()
        .find(|def| def.component.as_deref() == Some(schema))
        .unwrap_or_else(|| panic!("no type for {schema}"));
    let TypeKind::Struct(object) = &def.kind else {
        panic!("{schema} is not a struct: {:?}", def.kind);
    };
    object
        .fields
        .iter()
        .find(|field| field.wire_name == property)
        .unwrap_or_else(|| panic!("{schema} has no {property}"))
        .ty
        .clone()
}

#[test]
fn constructs_model() {
    let loaded = load("v31-constructs.yaml");
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}

#[test]
fn unrepresentable_model() {
    let loaded = load("v31-unrepresentable.yaml");
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}

#[test]
fn webhooks_only_model() {
    let loaded = load("v31-webhooks-only.yaml");
    assert!(loaded.api.endpoints.is_empty());
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}

#[test]
fn null_in_a_type_list_or_a_union_is_nullable() {
    let loaded = load("v31-constructs.yaml");
    for property in ["nickname", "age", "previous_owner"] {
        let ty = property_type(&loaded, "Pet", property);
        assert!(
            matches!(ty, TypeRef::Nullable(_)),
            "{property}: {ty:?} is not nullable"
        );
    }
    let nickname = property_type(&loaded, "Pet", "nickname");
    assert_eq!(nickname, TypeRef::Nullable(Box::new(TypeRef::String)));
}

#[test]
fn defs_become_components_and_path_items_are_inlined() {
    let loaded = load("v31-constructs.yaml");
    assert!(
        loaded
            .api
            .types
            .iter()
            .any(|def| def.component.as_deref() == Some("Tag")),
        "the $defs schema Tag is a component"
    );
    let ops: Vec<&str> = loaded
        .api
        .endpoints
        .iter()
        .map(|e| e.operation_id.as_str())
        .collect();
    assert_eq!(ops, ["listPets", "putPhoto"]);
    assert_eq!(
        property_type(&loaded, "Pet", "photo"),
        TypeRef::String,
        "base64 content is `format: byte`, carried as a string"
    );
    let upload = loaded.api.endpoints[1].body.as_ref().expect("a body");
    assert_eq!(
        upload.primary.ty,
        TypeRef::Bytes,
        "image/png content is bytes"
    );
}

#[test]
fn webhooks_are_in_the_model() {
    let loaded = load("v31-constructs.yaml");
    let [hook] = loaded.api.webhooks.as_slice() else {
        panic!("one webhook: {:?}", loaded.api.webhooks);
    };
    assert_eq!(hook.name, "newPet");
    assert_eq!(hook.method, Method::Post);
    assert_eq!(hook.docs.title.as_deref(), Some("A pet was added"));
    assert_eq!(hook.pointer, "#/webhooks/newPet/post");
    let body = hook.body.as_ref().expect("a payload");
    assert!(matches!(body.primary.ty, TypeRef::Named(_)));
}

#[test]
fn lossy_type_list_loads_with_allow_lossy() {
    let options = apigen_model::LoadOptions {
        allow_lossy: true,
        ..Default::default()
    };
    let loaded = apigen_model::load_file_with(&hostile("v31-type-beside-union.yaml"), &options)
        .expect("allow_lossy generates anyway");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.pointer == "#/components/schemas/Id/type"),
        "{:?}",
        loaded.warnings
    );
}

/// The description FastAPI produces for `scripts/fastapi-fixture/app.py`.
fn fastapi() -> apigen_model::Loaded {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../apigen-emit/tests/fixtures/fastapi_pets.json");
    apigen_model::load_file(&spec).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn fastapi_model() {
    let loaded = fastapi();
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}

#[test]
fn fastapi_optional_and_nullable_fields() {
    let loaded = fastapi();
    assert_eq!(
        property_type(&loaded, "Owner", "phone"),
        TypeRef::Nullable(Box::new(TypeRef::String))
    );
    assert!(matches!(
        property_type(&loaded, "Pet", "owner"),
        TypeRef::Nullable(inner) if matches!(*inner, TypeRef::Named(_))
    ));
    assert!(matches!(
        property_type(&loaded, "PetCreate", "species"),
        TypeRef::Named(_)
    ));
    let species = loaded
        .api
        .types
        .iter()
        .find(|def| def.component.as_deref() == Some("Species"))
        .expect("Species");
    assert!(matches!(&species.kind, TypeKind::StringEnum(values) if values.len() == 3));
}

#[test]
fn defs_collision_model() {
    let loaded = load("v31-defs-collision.yaml");
    let components: Vec<&str> = loaded
        .api
        .types
        .iter()
        .filter_map(|def| def.component.as_deref())
        .collect();
    assert!(
        components.contains(&"Line") && components.contains(&"Line2"),
        "{components:?}"
    );
    assert!(components.contains(&"Note"), "{components:?}");
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}

#[test]
fn type_list_over_union_model() {
    let loaded = load("v31-type-list-over-union.yaml");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}
