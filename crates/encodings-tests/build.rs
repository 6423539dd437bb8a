//! Generates the crate under test from `apigen-emit/tests/fixtures/encodings.yaml` into
//! `OUT_DIR/encodings/` (one `.rs` file per module, inner attributes stripped so that a test
//! can `include!` each file as a module at its root).

use std::path::PathBuf;

#[path = "../apigen-emit/tests/support/fixture_modules.rs"]
mod fixture_modules;

use fixture_modules::generate_modules;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let spec = manifest.join("../apigen-emit/tests/fixtures/encodings.yaml");
    generate_modules(&spec, &out.join("encodings"), &[]);
}
