//! The webhooks of an OpenAPI 3.1 document are documented in the generated crate's README.

use std::path::Path;

#[test]
fn the_readme_lists_each_webhook_with_its_payload_type() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../apigen-model/tests/hostile/v31-constructs.yaml");
    let loaded = apigen_model::load_file(&spec).unwrap_or_else(|e| panic!("{e}"));
    let options = apigen_emit::Options {
        crate_name: "constructs".to_owned(),
        spec_label: "v31-constructs.yaml".to_owned(),
        runtime: apigen_emit::RuntimeDependency::Path("../apigen-runtime".to_owned()),
        standalone: false,
    };
    let files = apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let readme = files
        .iter()
        .find(|file| file.path == Path::new("README.md"))
        .expect("a README");
    assert!(
        readme.contents.contains("\n## Webhooks\n"),
        "{}",
        readme.contents
    );
    assert!(
        readme
            .contents
            .contains("| newPet | `POST` | `types::Pet` as application/json | A pet was added |\n"),
        "{}",
        readme.contents
    );
}
