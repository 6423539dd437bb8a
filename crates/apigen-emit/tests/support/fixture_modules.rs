//! Shared by the build scripts of the loopback test crates (`security-tests`, `wire-tests`,
//! `encodings-tests`): generates a spec's crate into one `.rs` file per module under a
//! directory of `OUT_DIR`, with the inner attributes stripped so that a test can `include!`
//! each file as a module.

use std::path::Path;

use apigen_emit::{Options, RuntimeDependency, generate_crate};

/// Writes `types.rs`, `client.rs` and `server.rs` of `spec`'s crate into `out`, except the
/// modules named in `skip` (`"client.rs"`), and asks cargo to rerun when the spec changes.
pub fn generate_modules(spec: &Path, out: &Path, skip: &[&str]) {
    println!("cargo::rerun-if-changed={}", spec.display());
    let loaded = apigen_model::load_file(spec).unwrap_or_else(|error| panic!("{error}"));
    let options = Options {
        crate_name: "under-test".to_owned(),
        spec_label: spec.display().to_string(),
        runtime: RuntimeDependency::Path(String::new()),
        standalone: false,
    };
    let files = generate_crate(&loaded.api, &loaded.warnings, &options)
        .unwrap_or_else(|error| panic!("{error}"));
    std::fs::create_dir_all(out).expect("OUT_DIR is writable");
    for file in files {
        let Ok(module) = file.path.strip_prefix("src") else {
            continue;
        };
        let skipped = skip.iter().any(|name| module == Path::new(name));
        if module == Path::new("lib.rs") || skipped {
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
