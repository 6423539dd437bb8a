//! Generates the crate under test from `apigen-emit/tests/fixtures/encodings.yaml` into
//! `OUT_DIR/encodings/` (one `.rs` file per module, inner attributes stripped so that a test
//! can `include!` each file as a module at its root).

use std::path::{Path, PathBuf};

use apigen_emit::{Options, generate_crate};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let spec = manifest.join("../apigen-emit/tests/fixtures/encodings.yaml");
    generate(&spec, &out.join("encodings"));
}

fn generate(spec: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", spec.display());
    let loaded = apigen_model::load_file(spec).unwrap_or_else(|error| panic!("{error}"));
    let options = Options {
        crate_name: "under-test".to_owned(),
        spec_label: spec.display().to_string(),
        runtime: apigen_emit::RuntimeDependency::Path(String::new()),
        standalone: false,
    };
    let files = generate_crate(&loaded.api, &loaded.warnings, &options)
        .unwrap_or_else(|error| panic!("{error}"));
    std::fs::create_dir_all(out).expect("OUT_DIR is writable");
    for file in files {
        let Ok(module) = file.path.strip_prefix("src") else {
            continue;
        };
        if module == Path::new("lib.rs") {
            continue;
        }
        let body: String = file
            .contents
            .lines()
            .filter(|line| !line.starts_with("//!") && !line.starts_with("#!["))
            .map(|line| format!("{line}\n"))
            .collect();
        std::fs::write(out.join(module), body).expect("OUT_DIR is writable");
    }
}
