//! The model of `spec/posthog-users.yaml`, as text: a spec change shows up as a reviewable diff.

use std::path::Path;

#[test]
fn posthog_users_model() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/posthog-users.yaml");
    let loaded = apigen_model::load_file(&spec).expect("the curated spec loads");
    assert!(
        loaded.warnings.is_empty(),
        "unexpected warnings: {:?}",
        loaded.warnings
    );
    assert_eq!(loaded.api.endpoints.len(), 30);
    insta::assert_snapshot!(apigen_model::dump::dump(&loaded.api));
}
