//! Generates the `types` module of the recursive specs into `OUT_DIR`.

use std::path::Path;

/// (module, spec relative to the workspace root).
const SPECS: &[(&str, &str)] = &[
    (
        "recursion",
        "crates/apigen-emit/tests/fixtures/recursion.yaml",
    ),
    (
        "property_cycle",
        "crates/apigen-model/tests/hostile/limits-required-property-cycle.yaml",
    ),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (module, spec) in SPECS {
        let spec = root.join(spec);
        println!("cargo:rerun-if-changed={}", spec.display());
        let loaded = apigen_model::load_file(&spec).unwrap_or_else(|error| panic!("{error}"));
        let options = apigen_emit::Options {
            crate_name: (*module).to_owned(),
            spec_label: (*module).to_owned(),
            runtime: apigen_emit::RuntimeDependency::Path(String::new()),
            standalone: false,
        };
        let plans = apigen_emit::module_plans(&loaded.api);
        let types = plans
            .iter()
            .position(|plan| plan.name == "types")
            .expect("a types module");
        let files = apigen_emit::render_plans(&plans[types..=types], &options)
            .unwrap_or_else(|error| panic!("{error}"));
        // `include!` takes items, not a file's inner doc comment.
        let items: String = files[0]
            .contents
            .lines()
            .filter(|line| !line.starts_with("//!"))
            .map(|line| format!("{line}\n"))
            .collect();
        std::fs::write(Path::new(&out).join(format!("{module}.rs")), items)
            .expect("OUT_DIR is writable");
    }
}
