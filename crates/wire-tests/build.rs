//! Generates the crates under test into `OUT_DIR/<name>/` (one `.rs` file per module, with the
//! inner attributes stripped so that a test can `include!` each file as a module): the `strict`
//! fixture always, swagger-petstore3 from the shared corpus with feature `petstore-server`.

use std::path::PathBuf;

#[path = "../apigen-emit/tests/support/fixture_modules.rs"]
mod fixture_modules;

use fixture_modules::generate_modules;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    generate_modules(
        &manifest.join("fixtures/strict.yaml"),
        &out.join("strict"),
        &["client.rs"],
    );
    if std::env::var_os("CARGO_FEATURE_PETSTORE_SERVER").is_some() {
        let petstore = manifest.join("../../../shared/corpus/swagger-petstore3.yaml");
        let petstore = std::env::var_os("PETSTORE_SPEC").map_or(petstore, PathBuf::from);
        println!("cargo::rerun-if-env-changed=PETSTORE_SPEC");
        generate_modules(&petstore, &out.join("petstore"), &["client.rs"]);
    }
}
