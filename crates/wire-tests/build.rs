//! Generates the crates under test into `OUT_DIR/<name>/` (one `.rs` file per module, with the
//! inner attributes stripped so that a test can `include!` each file as a module): the `strict`
//! fixture always, swagger-petstore3 from the shared corpus with feature `petstore-server`.

use std::path::{Path, PathBuf};

use apigen_emit::{Options, generate_crate};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    generate(&manifest.join("fixtures/strict.yaml"), &out.join("strict"));
    if std::env::var_os("CARGO_FEATURE_PETSTORE_SERVER").is_some() {
        let petstore = manifest.join("../../../shared/corpus/swagger-petstore3.yaml");
        let petstore = std::env::var_os("PETSTORE_SPEC").map_or(petstore, PathBuf::from);
        println!("cargo::rerun-if-env-changed=PETSTORE_SPEC");
        generate(&petstore, &out.join("petstore"));
    }
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
        if module == Path::new("lib.rs") || module == Path::new("client.rs") {
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
