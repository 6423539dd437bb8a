//! Generates the crates under test into `OUT_DIR/<name>/` (one `.rs` file per module, with the
//! inner attributes stripped so that a test can `include!` each file as a module at its root).

use std::path::PathBuf;

#[path = "../apigen-emit/tests/support/fixture_modules.rs"]
mod fixture_modules;

use fixture_modules::generate_modules;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    println!("cargo::rustc-check-cfg=cfg(petstore_corpus)");
    generate_modules(
        &manifest.join("fixtures/matrix.yaml"),
        &out.join("matrix"),
        &[],
    );
    let petstore = manifest.join("../../../shared/corpus/swagger-petstore3.yaml");
    if petstore.exists() {
        generate_modules(&petstore, &out.join("petstore"), &[]);
        println!("cargo::rustc-cfg=petstore_corpus");
    }
}
